#!/usr/bin/env bash
# migrasim-calibrate on bad input: every error is one line "migrasim-calibrate: error: FILE:..."
# printed once (also on 2 ranks), exit status 1; plus a small valid sweep of the default
# scenario (3 members, 20 days) for -tolerance and a failed member.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

S=sweep
CAL_PARAMS=(move_rules_camp_weight)
CAL_EXTRA=(-days 20 -progress_every 1000)
cal_sweep $S "$MS_DEFAULT" "0,0,0,1,0.5" "1,1,0,1,1" "2,2,0,1,4"
[ "$(grep -c ',done,' $S/status.csv)" -eq 3 ] || { cat $S/status.csv; ms_fail "the small sweep did not run"; ms_finish; }

# expect NAME NP PATTERN ARGS...: exit 1 and exactly one error line matching PATTERN
expect()
{
  local name=$1 np=$2 pat=$3
  shift 3
  cal_run "$np" 60 "$name" "$@"
  ms_expect_error "$name" "$name" $? 1 "^migrasim-calibrate: error: $pat"
}

expect no_sweep 0 "option -sweep"
expect missing_dir 0 ".*nothere/design\.csv" -sweep nothere
expect bad_fraction 0 "option -accept_fraction" -sweep $S -accept_fraction 2
expect bad_method 0 ".*-method" -sweep $S -method simplex
expect too_tight 0 "option -tolerance: no point" -sweep $S -tolerance 0.0001

cp -r $S s1 && sed -i '1s/.*/member,point,seed,replicate,move_rules_camp_weight/' s1/design.csv
expect bad_header 0 ".*s1/design\.csv:1: field 'replicate'" -sweep s1
cp -r $S s2 && sed -i '3s/,1$/,one/' s2/design.csv
expect bad_value 0 ".*s2/design\.csv:3: field 'move_rules_camp_weight': 'one' is not a number" -sweep s2
cp -r $S s3 && echo "7,done,1.0," >>s3/status.csv
expect unknown_member 0 ".*s3/status\.csv:5: field 'member': member 7 is not in design\.csv" -sweep s3
cp -r $S s4 && rm s4/member_000001.h5
expect missing_member 0 ".*s4/member_000001\.h5: cannot open the file" -sweep s4
expect missing_member_2ranks 2 ".*s4/member_000001\.h5: cannot open the file" -sweep s4
cp -r $S s5 && sed -i 's/,done,/,failed,/' s5/status.csv
expect all_failed 0 ".*s5/status\.csv:0: field 'status': no member is done" -sweep s5

# a failed member is skipped and listed; -tolerance accepts by distance
cp -r $S s6 && sed -i 's/^2,done,\([^,]*\),$/2,failed,\1,exit status 1/' s6/status.csv
cal_run 0 60 ok -sweep s6 -tolerance 10 -output ok.h5
rc=$?
if [ $rc -eq 0 ] && [ "$(ms_attr ok.h5 points_accepted)" = 2 ] && grep -q 'member 2: exit status 1' ok.md; then
  ms_ok "a failed member skipped and listed; -tolerance 10 accepts the 2 done points"
else
  ms_show ok
  ms_fail "failed member or -tolerance: exit $rc, points_accepted '$(ms_attr ok.h5 points_accepted)' (want 2)"
fi
# without status.csv the complete files count as done
cp -r $S s7 && rm s7/status.csv
cal_run 0 60 nostatus -sweep s7 -accept_fraction 0.5 -output nostatus.h5
rc=$?
[ $rc -eq 0 ] && [ "$(ms_attr nostatus.h5 members_done)" = 3 ] && ms_ok "no status.csv: 3 complete members done" ||
  { ms_show nostatus; ms_fail "no status.csv: exit $rc, members_done '$(ms_attr nostatus.h5 members_done)' (want 3)"; }
# -help lists the options
"$MIGRASIM_CALIBRATE" -help 2>&1 | grep -q -- '-accept_fraction' && "$MIGRASIM_CALIBRATE" -help 2>&1 | grep -q -- '-replicates' && ms_ok "-help lists the options" || ms_fail "-help does not list -accept_fraction and -replicates"
ms_finish
