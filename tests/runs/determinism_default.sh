#!/usr/bin/env bash
# determinism_default: the daily series (/daily) of the bundled default scenario are bit for
# bit the same on 1, 2, 3 and 4 ranks and with -partition region or location (MODEL.md
# section 8: every draw is keyed, not streamed); another seed changes them, so that the
# comparison can fail at all.
. "$(dirname "$0")/common.sh"
ms_need h5diff "Debian: apt-get install hdf5-tools"
ms_need h5dump "Debian: apt-get install hdf5-tools"

seed=20240611
days=$(ms_length "$MS_DEFAULT")

# run NAME NP ARGS...: run and check that it completed with all its days.
run()
{
  local name=$1 np=$2
  shift 2
  ms_run "$np" 120 "$MS_TMP/$name" -output "$MS_TMP/$name.h5" -flee_csv none "$@"
  local rc=$? rows
  if [ $rc -ne 0 ]; then
    ms_fail "$name: migrasim exited with $rc"
    ms_show "$MS_TMP/$name"
    return 1
  fi
  rows=$(ms_rows "$MS_TMP/$name.h5" /daily/population)
  [ "$rows" = "$days" ] || { ms_fail "$name: /daily/population has '$rows' rows, not $days"; return 1; }
}

# same A B WHAT: /daily of A.h5 and B.h5 are identical.
same() { ms_same_daily "$MS_TMP/$1.h5" "$MS_TMP/$2.h5" "$3"; }

# the 1-rank reference: without -scenario, from the source tree (its default is inputs/default)
(cd "$MS_SRC" && ms_run 1 120 "$MS_TMP/np1_implicit" -output "$MS_TMP/np1_implicit.h5" -flee_csv none -seed $seed)
rc=$?
[ $rc -eq 0 ] || { ms_fail "np1_implicit (default -scenario from $MS_SRC): migrasim exited with $rc"; ms_show "$MS_TMP/np1_implicit"; }
for np in 1 2 3 4; do
  run np$np $np -scenario "$MS_DEFAULT" -seed $seed
done
[ -f "$MS_TMP/np1_implicit.h5" ] && same np1 np1_implicit "implicit -scenario inputs/default vs explicit"
for np in 2 3 4; do
  [ -f "$MS_TMP/np$np.h5" ] && [ -f "$MS_TMP/np1.h5" ] && same np1 np$np "1 rank vs $np ranks"
done

run np3_region 3 -scenario "$MS_DEFAULT" -seed $seed -partition region
run np3_location 3 -scenario "$MS_DEFAULT" -seed $seed -partition location
same np3_region np3_location "3 ranks: -partition region vs location"
same np1 np3_location "1 rank vs 3 ranks by location"

# the check must be able to fail: another seed gives another /daily
run np2_seed2 2 -scenario "$MS_DEFAULT" -seed $((seed + 1))
h5diff -q "$MS_TMP/np2.h5" "$MS_TMP/np2_seed2.h5" /daily >/dev/null 2>&1
case $? in
0) ms_fail "-seed $seed and -seed $((seed + 1)) give the same /daily: the comparison proves nothing" ;;
1) ms_ok "another seed gives another /daily" ;;
*) ms_fail "h5diff could not compare np2.h5 and np2_seed2.h5" ;;
esac
ms_finish
