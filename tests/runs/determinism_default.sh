#!/usr/bin/env bash
# determinism_default: the daily series (/daily) of the bundled default scenario are bit for
# bit the same on 1, 2, 3 and 4 ranks and with -partition region or location (MODEL.md
# section 8: every draw is keyed, not streamed); another seed changes them, so that the
# comparison can fail at all.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

seed=20240611
days=$(ms_length "$MS_DEFAULT")

# run NAME NP ARGS...: a run that completes with all its days.
run()
{
  local name=$1 np=$2 rows
  shift 2
  ms_run_ok "$np" 120 "$name" -output "$name.h5" -flee_csv none "$@" || return 1
  rows=$(ms_rows "$name.h5" /daily/population)
  [ "$rows" = "$days" ] || { ms_fail "$name: /daily/population has '$rows' rows, not $days"; return 1; }
}

# same A B WHAT: /daily of A.h5 and B.h5 are identical.
same() { ms_same "$1.h5" "$2.h5" "$3" /daily; }

# the 1-rank reference: without -scenario, from the source tree (its default is inputs/default)
(cd "$MS_SRC" && ms_run 1 120 "$MS_TMP/np1_implicit" -output "$MS_TMP/np1_implicit.h5" -flee_csv none -seed $seed)
rc=$?
[ $rc -eq 0 ] || { ms_fail "np1_implicit (default -scenario from $MS_SRC): migrasim exited with $rc"; ms_show np1_implicit; }
for np in 1 2 3 4; do
  run np$np $np -scenario "$MS_DEFAULT" -seed $seed
done
same np1 np1_implicit "implicit -scenario inputs/default vs explicit"
for np in 2 3 4; do
  same np1 np$np "1 rank vs $np ranks"
done

run np3_region 3 -scenario "$MS_DEFAULT" -seed $seed -partition region
run np3_location 3 -scenario "$MS_DEFAULT" -seed $seed -partition location
same np3_region np3_location "3 ranks: -partition region vs location"
same np1 np3_location "1 rank vs 3 ranks by location"

# the check must be able to fail: another seed gives another /daily
run np2_seed2 2 -scenario "$MS_DEFAULT" -seed $((seed + 1))
ms_differ np2.h5 np2_seed2.h5 "-seed $seed vs -seed $((seed + 1))" /daily
ms_finish
