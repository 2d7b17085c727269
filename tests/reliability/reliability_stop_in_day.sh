#!/usr/bin/env bash
# reliability_stop_in_day: a stop signal in the middle of a day that does not end (the test
# option -stop_test_hang_after 25: day 25 never ends) ends the run within -stop_grace (3 s) with
# status 3 and a line saying so, on 1 and 2 ranks; the checkpoint of day 20 is whole, the output
# holds the days flushed with it, and the run continued from it equals a straight one.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

S=(-scenario "$MS_DEFAULT" -seed 3 -flee_csv none -days 40)
ms_must_run 2 120 straight "${S[@]}" -output straight.h5

for np in 1 2; do
  name=hang_np$np
  rm -f out.h5 out.h5.partial ck.h5 ck.h5.prev
  "$MS_MPIEXEC" -n "$np" "$MIGRASIM" "${S[@]}" -output out.h5 -checkpoint_every 10 \
    -checkpoint_prefix ck -stop_grace 3 -stop_test_hang_after 25 >"$name.out" 2>"$name.err" &
  MS_BG_PID=$!
  for _ in $(seq 600); do
    [ "$(ms_attr ck.h5 day 2>/dev/null)" = 20 ] && break
    sleep 0.1
  done
  sleep 1
  t0=$(date +%s)
  kill -TERM $(pgrep -P "$MS_BG_PID") 2>/dev/null
  rc=
  for _ in $(seq 300); do
    kill -0 "$MS_BG_PID" 2>/dev/null || { wait "$MS_BG_PID"; rc=$?; break; }
    sleep 0.1
  done
  MS_BG_PID=
  ms_expect_eq "$name: exit status" "${rc:-hang}" 3
  took=$(($(date +%s) - t0))
  if [ "$took" -le 15 ]; then ms_ok "$name: ended $took s after the signal"; else ms_fail "$name: ended $took s after the signal"; fi
  if grep -q "^stopped in the middle of a day" "$name.out"; then
    ms_ok "$name: said so"
  else
    ms_fail "$name: no line on the cut day"
  fi
  ms_expect_eq "$name: the checkpoint's day" "$(ms_attr ck.h5 day)" 20
  ms_expect_eq "$name: days in out.h5.partial" "$(ms_rows out.h5.partial /daily/population)" 20
  ms_run_ok "$np" 120 "$name.cont" "${S[@]}" -output out.h5 -checkpoint_prefix ck2 \
    -restart ck.h5 && ms_same straight.h5 out.h5 "$name: continued = straight" /daily
done
ms_finish
