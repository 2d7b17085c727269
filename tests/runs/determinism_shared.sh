#!/usr/bin/env bash
# determinism_shared: as determinism_default, on real Flee scenarios: mali over its full
# length with the default settings, and burundi over 120 days with Flee's validation
# settings (-settings simsetting-validation.yml). /daily must be bit for bit the same on
# 1, 2 and 3 ranks and with -partition region or location; another seed must change it.
. "$(dirname "$0")/common.sh"
ms_need h5diff "Debian: apt-get install hdf5-tools"
ms_need h5dump "Debian: apt-get install hdf5-tools"
ms_need_shared

seed=424242

# check SCENARIO DAYS ARGS...: the determinism checks of one scenario and its options.
check()
{
  local scn=$1 days=$2 tag np name rc rows out
  shift 2
  tag=$scn
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
    ms_run $np 180 "$MS_TMP/$tag.$name" -scenario "$MS_FLEE/$scn" -output "$MS_TMP/$tag.$name.h5" -flee_csv none "$@" "${extra[@]}"
    rc=$?
    if [ $rc -ne 0 ]; then
      ms_fail "$tag.$name: migrasim exited with $rc"
      ms_show "$MS_TMP/$tag.$name"
      continue
    fi
    rows=$(ms_rows "$MS_TMP/$tag.$name.h5" /daily/population)
    [ "$rows" = "$days" ] || ms_fail "$tag.$name: /daily/population has '$rows' rows, not $days"
  done
  for name in np2 np3 np3_location; do
    if [ ! -f "$MS_TMP/$tag.np1.h5" ] || [ ! -f "$MS_TMP/$tag.$name.h5" ]; then continue; fi
    ms_same_daily "$MS_TMP/$tag.np1.h5" "$MS_TMP/$tag.$name.h5" "$tag ($*): 1 rank vs $name"
  done
  if [ -f "$MS_TMP/$tag.np2.h5" ] && [ -f "$MS_TMP/$tag.np2_seed2.h5" ]; then
    h5diff -q "$MS_TMP/$tag.np2.h5" "$MS_TMP/$tag.np2_seed2.h5" /daily >/dev/null 2>&1
    case $? in
    0) ms_fail "$tag: -seed $seed and -seed $((seed + 1)) give the same /daily: the comparison proves nothing" ;;
    1) ms_ok "$tag: another seed gives another /daily" ;;
    *) ms_fail "$tag: h5diff could not compare the two seeds' files" ;;
    esac
  fi
}

check mali "$(ms_length "$MS_FLEE/mali")"
check burundi 120 -days 120 -settings "$MS_VALIDATION_YML"
ms_finish
