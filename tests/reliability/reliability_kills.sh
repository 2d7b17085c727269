#!/usr/bin/env bash
# reliability_kills: runs without checkpoints killed (SIGKILL to every process) at random
# moments, on 1 and 2 ranks: the older out.h5 is kept byte for byte until a run completes; what
# the killed run leaves, out.h5.partial, is a readable output whose /daily holds the days written
# (-output_flush_every 5) and equals the first days of a complete run; a run that
# finished before the kill left out.h5 whole (docs/output.md). (The days written are those of
# the flushes, every 5 days, and of the repartitions, which write the days buffered.)
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff md5sum

S=(-scenario "$MS_DEFAULT" -seed 3 -population_scale 8 -output_flush_every 5 -flee_csv none)
ms_must_run 2 120 ref "${S[@]}" -output ref.h5
days=$(ms_rows ref.h5 /daily/population)
cp ref.h5 out.h5
older=$(md5sum <out.h5)

# killed NP DELAY: a run on NP ranks killed after DELAY s, with its verdict.
killed()
{
  local np=$1 delay=$2 name=kill_np$1_$2 rows
  rm -f out.h5.partial
  # mpiexec passes SIGKILL on to nothing: kill the ranks themselves, as a node failure would
  "$MS_MPIEXEC" -n "$np" "$MIGRASIM" "${S[@]}" -output out.h5 >"$name.out" 2>"$name.err" &
  MS_BG_PID=$!
  # the delay from the moment the ranks are there
  for _ in $(seq 200); do
    [ "$(pgrep -c -P "$MS_BG_PID")" -ge "$np" ] && break
    sleep 0.05
  done
  sleep "$delay"
  kill -KILL $(pgrep -P "$MS_BG_PID") 2>/dev/null
  wait "$MS_BG_PID" 2>/dev/null
  MS_BG_PID=
  if [ "$(md5sum <out.h5)" = "$older" ]; then
    ms_ok "$name: out.h5 as it was"
  elif h5diff -q ref.h5 out.h5 /daily >/dev/null 2>&1; then
    ms_ok "$name: the run completed before the kill; out.h5 whole"
    cp ref.h5 out.h5
    return
  else
    ms_fail "$name: out.h5 changed by a run that did not complete"
  fi
  [ -f out.h5.partial ] || { ms_ok "$name: killed before the output was created"; return; }
  rows=$(ms_rows out.h5.partial /daily/population)
  if [ -z "$rows" ]; then
    ms_fail "$name: out.h5.partial is not readable"
  elif ! cmp -s <(ms_table ref.h5 /daily/population | head -n "$rows") \
    <(ms_table out.h5.partial /daily/population); then
    ms_fail "$name: out.h5.partial's $rows days differ from the complete run's"
  else
    ms_ok "$name: out.h5.partial readable, $rows days, the complete run's"
  fi
}

RANDOM=20
for np in 1 2 1 2 1 2 1 2; do
  killed "$np" "$(printf '%d.%d' $((RANDOM % 3)) $((RANDOM % 10)))"
done
ms_finish
