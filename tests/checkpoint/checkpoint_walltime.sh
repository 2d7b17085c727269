#!/usr/bin/env bash
# checkpoint_walltime: -max_walltime HOURS stops a run in time: with a limit far below the
# margin migrasim keeps (its estimate of a day's and a checkpoint's cost), the run stops
# after its first day, writes a checkpoint of the next day, leaves an output of that many days
# marked incomplete (attribute complete 0, stop_reason walltime), says "stopped after day N
# (...): continue with the same options plus -restart P.h5" and exits with status 3.
# Continuing with the same options stops again one day later (progress on every restart);
# continuing without the limit completes the run with the /daily and the final checkpoint of
# a run that was never stopped, and an empty stop_reason. A negative limit is an error.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

S=(-scenario "$MS_DEFAULT" -seed 3 -flee_csv none -days 60 -checkpoint_every 60)
W=(-max_walltime 0.0005) # 1.8 s

ms_must_run 0 120 straight "${S[@]}" -output straight.h5 -checkpoint_prefix ck_straight

# stopped RUN STATUS PREVDAY: the checks of a run stopped by -max_walltime after a day later
# than PREVDAY; sets DAY to that day (the checkpoint's day - 1; empty when it did not stop as
# expected)
stopped()
{
  local name=$1 rc=$2 prev=$3 ckday day
  DAY=
  ms_expect_status "$name: a run with ${W[*]}" 3 "$rc" "$name"
  ms_expect_eq "$name: the output's complete attribute" "$(ms_attr out.h5 complete)" 0
  ms_expect_eq "$name: the output's stop_reason" "$(ms_attr out.h5 stop_reason)" walltime
  ckday=$(ms_attr wt.h5 day)
  if [ -z "$ckday" ]; then
    ms_fail "$name: no checkpoint wt.h5 with a day"
    ms_show "$name"
    return
  fi
  day=$((ckday - 1))
  if [ "$day" -le "$prev" ] || [ "$day" -ge 59 ]; then
    ms_fail "$name: the checkpoint is of day $ckday: stopped after day $day, expected a day after day $prev and before the last (59)"
    return
  fi
  ms_expect_eq "$name: /daily rows of the output" "$(ms_rows out.h5 /daily/population)" "$ckday"
  # what the user is told to do next: the interface of a stopped run (why: the stop_reason)
  ms_expect_eq "$name: the stop line" "$(grep -a '^stopped after day' "$name.out" | sed 's/ ([^)]*): / (...): /')" \
    "stopped after day $day (...): continue with the same options plus -restart wt.h5"
  DAY=$day
}

ms_run 2 120 first "${S[@]}" "${W[@]}" -output out.h5 -checkpoint_prefix wt
stopped first $? -1
day1=$DAY
[ -n "$day1" ] || ms_finish
# "continue with the same options plus -restart wt.h5": stops again, a day later
ms_run 1 120 again "${S[@]}" "${W[@]}" -output out.h5 -checkpoint_prefix wt -restart wt.h5
stopped again $? "$day1"
[ -n "$DAY" ] || ms_finish
# and without the limit, to the end
ms_must_run 3 120 last "${S[@]}" -output out.h5 -checkpoint_prefix wt -restart wt.h5
ms_same straight.h5 out.h5 "stopped by -max_walltime twice, then continued" /daily
ms_same ck_straight.h5 wt.h5 "final checkpoints, straight vs stopped by -max_walltime"
ms_expect_eq "the output's complete attribute after the last segment" "$(ms_attr out.h5 complete)" 1
ms_expect_eq "the output's stop_reason after the last segment" "$(ms_attr out.h5 stop_reason)" ""

ms_run 0 120 negative "${S[@]}" -max_walltime -1 -output neg.h5 -checkpoint_prefix neg_ck
ms_expect_error "-max_walltime -1" negative $? 1 '^migrasim: error: .*max_walltime'
ms_expect_eq "-max_walltime -1: files created" "$(ls neg.h5 neg_ck* 2>/dev/null)" ""

ms_finish
