#!/usr/bin/env bash
# determinism_shared: as determinism_default, on real Flee scenarios: mali over its full
# length with the default settings, and burundi over 120 days with Flee's validation
# settings (-settings simsetting-validation.yml). /daily must be bit for bit the same on
# 1, 2 and 3 ranks and with -partition region or location; another seed must change it.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
ms_need_shared

seed=424242

# check SCENARIO DAYS ARGS...: the determinism checks of one scenario and its options.
check()
{
  local scn=$1 days=$2 np name rows
  shift 2
  for name in np1 np2 np3 np3_location np2_seed2; do
    case $name in
    np1) np=1 ;;
    np2 | np2_seed2) np=2 ;;
    *) np=3 ;;
    esac
    local extra=(-seed "$seed")
    case $name in
    np3) extra+=(-partition region) ;;
    np3_location) extra+=(-partition location) ;;
    np2_seed2) extra=(-seed $((seed + 1))) ;;
    esac
    ms_run_ok $np 180 "$scn.$name" -scenario "$MS_FLEE/$scn" -output "$scn.$name.h5" -flee_csv none "$@" "${extra[@]}" || continue
    rows=$(ms_rows "$scn.$name.h5" /daily/population)
    [ "$rows" = "$days" ] || ms_fail "$scn.$name: /daily/population has '$rows' rows, not $days"
  done
  for name in np2 np3 np3_location; do
    ms_same "$scn.np1.h5" "$scn.$name.h5" "$scn ($*): 1 rank vs $name" /daily
  done
  ms_differ "$scn.np2.h5" "$scn.np2_seed2.h5" "$scn: -seed $seed vs -seed $((seed + 1))" /daily
}

check mali "$(ms_length "$MS_FLEE/mali")"
check burundi 120 -days 120 -settings "$MS_VALIDATION_YML"
ms_finish
