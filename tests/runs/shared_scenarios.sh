#!/usr/bin/env bash
# shared_scenarios: every Flee scenario of MS_SHARED/data/flee runs to completion on 2 ranks,
# with the default settings and with Flee's validation settings: exit status 0, no error
# line, and /daily/population with one row per simulated day. Runs are cut to
# MS_SHARED_DAYS (150) days, or the scenario's Length when that is shorter, to keep the
# test short (nigeria2016 has 1885 days).
. "$(dirname "$0")/../lib.sh"
ms_need h5dump
ms_need_shared

maxdays=${MS_SHARED_DAYS:-150}
n=0
for dir in "$MS_FLEE"/*/; do
  dir=${dir%/}
  scn=$(basename "$dir")
  [ -f "$dir/input_csv/locations.csv" ] || continue
  length=$(ms_length "$dir")
  case $length in '' | *[!0-9]*)
    ms_fail "$scn: no Length in $dir/input_csv/sim_period.csv"
    continue ;;
  esac
  days=$maxdays
  [ "$length" -lt "$days" ] && days=$length
  for settings in default validation; do
    extra=()
    [ $settings = validation ] && extra=(-settings "$MS_VALIDATION_YML")
    log=$scn.$settings
    start=$(date +%s)
    n=$((n + 1))
    ms_run_ok 2 120 "$log" -scenario "$dir" -output "$log.h5" -seed 3 -days "$days" "${extra[@]}" || continue
    secs=$(($(date +%s) - start))
    if ms_error_lines "$log" >/dev/null; then
      ms_fail "$scn ($settings settings): exit 0 but an error line on stderr"
      ms_show "$log"
      continue
    fi
    rows=$(ms_rows "$log.h5" /daily/population)
    if [ "$rows" != "$days" ]; then
      ms_fail "$scn ($settings settings): /daily/population has '$rows' rows, not $days"
      continue
    fi
    ms_ok "$scn ($settings settings): $days days in ${secs} s"
  done
done
[ $n -gt 0 ] || ms_fail "no scenario found in $MS_FLEE"
ms_finish
