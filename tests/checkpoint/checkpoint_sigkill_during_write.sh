#!/usr/bin/env bash
# checkpoint_sigkill_during_write: a run killed (SIGKILL) half-way through writing a
# checkpoint loses nothing but the days since the last complete one:
#   - the last complete checkpoint P.h5 is untouched, the half-written one is P.h5.tmp;
#   - restarting from P.h5 gives the /daily and the final checkpoint of an uninterrupted
#     run, although the killed run had already appended later days to the output (the
#     restart rewrites them; a restart ending before them drops them);
#   - the half-written P.h5.tmp is refused, not trusted;
#   - in the window between the two renames of a checkpoint write (P.h5 -> P.h5.prev done,
#     P.h5.tmp -> P.h5 not yet) the run can continue from P.h5.prev.
# The kill comes from -checkpoint_test_kill_after K: the process SIGKILLs itself after K
# agent datasets of a checkpoint are written (here in the day-20 checkpoint of a restart
# from day 10).
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump md5sum

# sums FILE...: md5 sums of files (a missing one as MISSING), to prove them untouched.
sums()
{
  local f
  for f in "$@"; do
    if [ -e "$f" ]; then md5sum "$f"; else echo "MISSING $f"; fi
  done
}

S=(-scenario "$MS_DEFAULT" -seed 3 -flee_csv none -checkpoint_every 10)

ms_must_run 1 120 straight "${S[@]}" -days 30 -output straight.h5 -checkpoint_prefix ck_straight
ms_must_run 1 120 straight15 "${S[@]}" -days 15 -output straight15.h5 -checkpoint_prefix ck_straight15

# a good checkpoint of day 10
ms_must_run 2 120 first "${S[@]}" -days 10 -output out.h5 -checkpoint_prefix ck
ms_expect_eq "day of the first checkpoint" "$(ms_attr ck.h5 day)" 10
good=$(sums ck.h5)

# continue to day 30, killed while writing the day-20 checkpoint
ms_run 2 120 killed "${S[@]}" -days 30 -output out.h5 -checkpoint_prefix ck -restart ck.h5 -checkpoint_test_kill_after 2
rc=$?
if [ $rc -eq 0 ] || [ $rc -eq 1 ] || [ $rc -eq 3 ]; then
  ms_fail "the run with -checkpoint_test_kill_after 2 exited with $rc, not killed by a signal"
  ms_show killed
else
  ms_ok "the run with -checkpoint_test_kill_after 2 was killed (exit status $rc)"
fi
ms_expect_eq "ck.h5 after the kill (md5)" "$(sums ck.h5)" "$good"
ms_expect_eq "ck.h5.tmp (the half-written checkpoint) is there" "$([ -f ck.h5.tmp ] && echo yes)" yes
ms_expect_eq "ck.h5.prev after the kill (there was no complete second checkpoint)" "$([ -e ck.h5.prev ] && echo there)" ""
ms_expect_eq "/daily rows of the killed run's output (flushed for the day-20 checkpoint)" "$(ms_rows out.h5 /daily/population)" 20
cp out.h5 killed_out.h5
cp ck.h5 killed_ck.h5
cp ck.h5.tmp killed_ck_tmp.h5

# the half-written checkpoint is refused, and leaves the output alone
before=$(sums out.h5)
ms_run 2 120 from_tmp "${S[@]}" -days 30 -output out.h5 -checkpoint_prefix ck_from_tmp -restart ck.h5.tmp
ms_expect_error "restart from the half-written ck.h5.tmp (named truncated, missing data or corrupted)" from_tmp $? 1 \
  '^migrasim: error: .*ck\.h5\.tmp.*(truncated|missing|corrupt)'
ms_expect_eq "out.h5 after the refused restart (md5)" "$(sums out.h5)" "$before"

# restart from the intact checkpoint (on 3 ranks), to day 30: as if never killed
ms_must_run 3 120 again "${S[@]}" -days 30 -output out.h5 -checkpoint_prefix ck -restart ck.h5
ms_same straight.h5 out.h5 "killed during the day-20 checkpoint, continued from day 10" /daily
ms_same ck_straight.h5 ck.h5 "final checkpoints, straight vs killed and continued"
ms_expect_eq "day of ck.h5.prev after the continuation" "$(ms_attr ck.h5.prev day)" 20
ms_expect_eq "half-written checkpoints left after the continuation" "$(ls -- *.tmp 2>/dev/null)" ""

# the same restart, but only to day 15: the output the killed run left holds days 10-19,
# which must not survive
cp killed_out.h5 short.h5
cp killed_ck.h5 short_ck.h5
ms_must_run 1 120 short "${S[@]}" -days 15 -output short.h5 -checkpoint_prefix short_ck -restart short_ck.h5
ms_expect_eq "/daily rows of a restart to day 15 over an output of 20 days" "$(ms_rows short.h5 /daily/population)" 15
ms_expect_eq "/daily/date rows of a restart to day 15 over an output of 20 days" "$(ms_rows short.h5 /daily/date)" 15
[ "$(ms_rows short.h5 /daily/population)" = 15 ] && ms_same straight15.h5 short.h5 "restart to day 15 over the killed run's output" /daily

# the window between the renames: P.h5 already moved to P.h5.prev, P.h5.tmp complete but
# not yet renamed (here: the killed run's half-written one). The run continues from .prev.
cp killed_out.h5 win.h5
cp killed_ck.h5 win_ck.h5.prev
cp killed_ck_tmp.h5 win_ck.h5.tmp
ms_must_run 2 120 window "${S[@]}" -days 30 -output win.h5 -checkpoint_prefix win_ck -restart win_ck.h5.prev
ms_same straight.h5 win.h5 "continued from P.h5.prev (P.h5 missing)" /daily
ms_same ck_straight.h5 win_ck.h5 "final checkpoint continued from P.h5.prev"
ms_expect_eq "half-written win_ck.h5.tmp left after the continuation" "$([ -e win_ck.h5.tmp ] && echo there)" ""

ms_finish
