#!/usr/bin/env bash
# checkpoint_walltime: -max_walltime HOURS stops a run in time: with a limit far below the
# margin migrasim keeps (its estimate of a day's and a checkpoint's cost), the run stops
# after its first day, writes a checkpoint, says "stopped after day N (-max_walltime):
# continue with the same options plus -restart P.h5" and exits with status 3. Continuing
# with the same options stops again one day later (progress on every restart); continuing
# without the limit completes the run with the /daily and the final checkpoint of a run
# that was never stopped. A negative limit is an error.
. "$(dirname "$0")/lib.sh"

S=(-scenario "$MS_DEFAULT" -seed 3 -flee_csv none -days 60 -checkpoint_every 60)
W=(-max_walltime 0.0005) # 1.8 s

ck_must_run 0 straight "${S[@]}" -output straight.h5 -checkpoint_prefix ck_straight

# stopped RUN STATUS PREVDAY: the checks of a run stopped by -max_walltime; sets DAY to the
# day it stopped after (empty when it did not stop as expected)
stopped()
{
  local name=$1 rc=$2 prev=$3 line day
  DAY=
  ck_expect_status "$name: a run with ${W[*]}" 3 "$rc" "$name"
  line=$(grep -a '^stopped after day' "$name.out")
  day=$(echo "$line" | sed -n 's/^stopped after day \([0-9]*\) .*/\1/p')
  if [ -z "$day" ]; then
    ck_fail "$name: no 'stopped after day' line"
    ck_show "$name"
    return
  fi
  ck_expect_eq "$name: the stop line" "$line" "stopped after day $day (-max_walltime): continue with the same options plus -restart wt.h5"
  if [ "$day" -le "$prev" ] || [ "$day" -ge 59 ]; then
    ck_fail "$name: stopped after day $day, expected a day after day $prev and before the last (59)"
  fi
  ck_expect_eq "$name: day of the checkpoint wt.h5" "$(ck_attr wt.h5 day)" $((day + 1))
  ck_expect_eq "$name: /daily rows of the output" "$(ck_rows out.h5 /daily/population)" $((day + 1))
  DAY=$day
}

ck_run 2 first "${S[@]}" "${W[@]}" -output out.h5 -checkpoint_prefix wt
stopped first $? -1
day1=$DAY
[ -n "$day1" ] || ck_finish
# "continue with the same options plus -restart wt.h5": stops again, a day later
ck_run 1 again "${S[@]}" "${W[@]}" -output out.h5 -checkpoint_prefix wt -restart wt.h5
stopped again $? "$day1"
[ -n "$DAY" ] || ck_finish
# and without the limit, to the end
ck_must_run 3 last "${S[@]}" -output out.h5 -checkpoint_prefix wt -restart wt.h5
ck_same straight.h5 out.h5 "stopped by -max_walltime twice, then continued" /daily
ck_same ck_straight.h5 wt.h5 "final checkpoints, straight vs stopped by -max_walltime"

ck_run 0 negative "${S[@]}" -max_walltime -1 -output neg.h5 -checkpoint_prefix neg_ck
ck_expect_status "-max_walltime -1" 1 $? negative
ck_expect_eq "-max_walltime -1: error lines naming the option" "$(ck_error_lines negative | grep -c max_walltime)" 1
ck_expect_eq "-max_walltime -1: files created" "$(ls neg.h5 neg_ck* 2>/dev/null)" ""

ck_finish
