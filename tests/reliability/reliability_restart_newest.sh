#!/usr/bin/env bash
# reliability_restart_newest: -restart P.h5 takes the newest whole checkpoint among P.h5,
# P.h5.tmp (written, not yet renamed) and P.h5.prev, checksums verified, and says which; the
# run then equals a straight one. Cases: killed between the two renames (P.h5 gone, .prev and a
# whole .tmp there: the .tmp, day 20); that .tmp damaged (skipped with a line: the .prev, day
# 10); P.h5 whole beside a damaged .tmp (P.h5). A checkpoint of another code version (its
# git_commit changed) is refused with one line unless -restart_allow_version, which records it
# in the output's restarts.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
[ -x "$MS_H5EDIT" ] || ms_skip "the test tool $MS_H5EDIT is not built"

S=(-scenario "$MS_DEFAULT" -seed 3 -flee_csv none)
ms_must_run 2 120 straight "${S[@]}" -days 30 -output straight.h5
ms_must_run 2 120 first "${S[@]}" -days 20 -output first.h5 -checkpoint_every 10 \
  -checkpoint_prefix ck
cp ck.h5 ck20.h5
cp ck.h5.prev ck10.h5

# cont NAME WANT WHAT: continue from ck.h5 to day 30; WANT is the file the restart must say it
# took, and the run must equal the straight one.
cont()
{
  cp first.h5 "$1.h5"
  ms_run_ok 2 120 "$1" "${S[@]}" -days 30 -output "$1.h5" -checkpoint_prefix "$1_ck" \
    -restart ck.h5 || return
  if grep -q "^restart: day [0-9]* from ck\.h5$2 " "$1.out"; then
    ms_ok "$1: $3: $(grep '^restart:' "$1.out")"
  else
    ms_fail "$1: $3: not taken from ck.h5$2: $(grep '^restart' "$1.out")"
  fi
  ms_same straight.h5 "$1.h5" "$1: continued = straight" /daily
}

# between the renames: P.h5 already P.h5.prev, the new one still P.h5.tmp
rm -f ck.h5
cp ck20.h5 ck.h5.tmp
cont window .tmp "the whole .tmp of day 20"
# a damaged .tmp: skipped, said so, the .prev taken
head -c $(($(stat -c %s ck20.h5) / 2)) ck20.h5 >ck.h5.tmp
cont damaged_tmp .prev "the .prev of day 10 (the .tmp truncated)"
if grep -q "^restart: ck\.h5\.tmp skipped" damaged_tmp.out; then
  ms_ok "damaged_tmp: the skipped file named"
else
  ms_fail "damaged_tmp: no line on the skipped ck.h5.tmp"
fi
# P.h5 whole beside a damaged .tmp
cp ck20.h5 ck.h5
cont whole_beside_damaged "" "ck.h5 itself"
rm -f ck.h5.tmp

# a checkpoint of another code version
cp ck20.h5 ck.h5
"$MS_H5EDIT" ck.h5 setstr git_commit 0123456789ab || ms_fail "h5edit setstr"
before=$(md5sum <first.h5)
cp first.h5 version.h5
ms_run 2 120 version "${S[@]}" -days 30 -output version.h5 -checkpoint_prefix v_ck -restart ck.h5
ms_expect_error "another code version" version $? 1 'ck\.h5' 'git_commit' '0123456789ab' \
  'restart_allow_version'
ms_expect_eq "the output left alone by the refusal" "$(md5sum <version.h5)" "$before"
ms_run_ok 2 120 version_ok "${S[@]}" -days 30 -output version.h5 -checkpoint_prefix v_ck \
  -restart ck.h5 -restart_allow_version
ms_same straight.h5 version.h5 "-restart_allow_version: continued = straight" /daily
case $(ms_attr version.h5 restarts) in
*"code changed: "*0123456789ab*) ms_ok "the code change recorded: $(ms_attr version.h5 restarts)" ;;
*) ms_fail "the code change not in restarts: $(ms_attr version.h5 restarts)" ;;
esac
ms_finish
