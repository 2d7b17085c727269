#!/usr/bin/env bash
# slurm_signals: the job scripts outside Slurm, where they start the ranks with mpiexec (a
# workstation, or a scheduler other than Slurm), and migrasim alone. Open MPI's mpiexec answers
# SIGTERM and SIGINT by killing the ranks a second later and exit status 1, so the scripts run
# it in a process group of its own and pass the signal on as SIGUSR1:
#   term: SIGTERM to the process group of jobscripts/slurm.sh (what a scheduler sends) ends in a
#         checkpoint and status 3; the script run again with -restart completes the run, with
#         the /daily of a direct run, bit for bit
#   int:  SIGINT to the process group of jobscripts/slurm-restartable.sh (a Ctrl-C) ends in a
#         checkpoint, status 3 and a chain that says it ends there; the script run again on the
#         same output continues from the checkpoint, completes the run and removes it
#   alone: SIGINT to migrasim on one rank without mpiexec: a checkpoint and status 3; a second
#         SIGINT soon after the first ends the run at once (killed by it: status 130)
# The run is the default scenario at -population_scale 5 over 90 days (a few seconds); the
# signal goes once it has printed its first progress line.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
J=$MS_SRC/jobscripts
S=(-scenario "$MS_DEFAULT" -seed 3 -population_scale 5 -days 90 -flee_csv none)
export MIGRASIM_BIN=$MS_BIN MIGRASIM_RANKS=2

ms_must_run 2 120 direct "${S[@]}" -output direct.h5 -checkpoint_prefix direct-ck

# bg_start LOG COMMAND...: COMMAND in the background, in a process group of its own (job
# control on: a background job of a script would otherwise ignore SIGINT), output in LOG.
bg_start()
{
  local log=$1
  shift
  set -m
  "$@" >"$log" 2>&1 &
  MS_BG_PID=$!
  set +m
}

# bg_progress LOG: until the run has printed a progress line (at most 60 s).
bg_progress()
{
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -q '^day ' "$1" 2>/dev/null && return 0
    kill -0 "$MS_BG_PID" 2>/dev/null || break
    sleep 0.05
  done
  ms_fail "$1: no progress line"
  return 1
}

# bg_wait: the exit status of the background command; it and what it started (the launcher's
# process group) are killed after 120 s.
bg_wait()
{
  local i rc p
  for ((i = 0; i < 1200; i++)); do
    kill -0 "$MS_BG_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$MS_BG_PID" 2>/dev/null; then
    ms_fail "the signalled run did not end within 120 s"
    for p in $(pgrep -P "$MS_BG_PID"); do kill -KILL -- "-$p" 2>/dev/null; done
    kill -KILL -- "-$MS_BG_PID" 2>/dev/null
  fi
  wait "$MS_BG_PID"
  rc=$?
  MS_BG_PID=
  return $rc
}

# expect_grep WHAT PATTERN FILE: a line of FILE matches PATTERN (grep -E).
expect_grep()
{
  if grep -Eq -- "$2" "$3"; then ms_ok "$1"
  else ms_fail "$1: no line '$2' in $3"; tail -n 8 "$3" | sed 's/^/  | /'; fi
}

# term: SIGTERM to the group of jobscripts/slurm.sh
bg_start term.log bash "$J/slurm.sh" "${S[@]}" -output term.h5
bg_progress term.log && kill -TERM -- "-$MS_BG_PID"
bg_wait
ms_expect_eq "term: the script's exit status" $? 3
expect_grep "term: the script passed SIGTERM on to mpiexec as SIGUSR1" '^migrasim job: SIGTERM at .*: passed to the ranks as SIGUSR1' term.log
expect_grep "term: the run stopped at the end of a day" '^stopped after day [0-9]+ \(signal\)' term.log
ms_expect_eq "term: the output's stop_reason" "$(ms_attr term.h5 stop_reason)" signal
[ -n "$(ms_attr term-ck.h5 day)" ] && ms_ok "term: the checkpoint term-ck.h5 is there" || ms_fail "term: no checkpoint term-ck.h5"
bash "$J/slurm.sh" "${S[@]}" -output term.h5 -restart term-ck.h5 >term.cont.log 2>&1
ms_expect_eq "term: the script run again with -restart: exit status" $? 0
ms_same direct.h5 term.h5 "term: stopped by SIGTERM and continued vs a direct run" /daily

# int: SIGINT to the group of jobscripts/slurm-restartable.sh
bg_start int.log bash "$J/slurm-restartable.sh" "${S[@]}" -output int.h5
bg_progress int.log && kill -INT -- "-$MS_BG_PID"
bg_wait
ms_expect_eq "int: the script's exit status" $? 3
expect_grep "int: the script passed SIGINT on to mpiexec as SIGUSR1" '^migrasim job: SIGINT at .*: passed to the ranks as SIGUSR1' int.log
expect_grep "int: the chain says it ends there" '^migrasim job: stopped by SIGINT \(a cancel\): the chain ends here' int.log
[ -n "$(ms_attr int-ck.h5 day)" ] && ms_ok "int: the checkpoint int-ck.h5 is there" || ms_fail "int: no checkpoint int-ck.h5"
bash "$J/slurm-restartable.sh" "${S[@]}" -output int.h5 >int.cont.log 2>&1
ms_expect_eq "int: the script run again: exit status" $? 0
expect_grep "int: the script run again continued from the checkpoint" '^restart: day [0-9]+ from int-ck.h5' int.cont.log
expect_grep "int: the chain is complete and its checkpoints removed" '^migrasim job: the chain .* is complete after 1 job\(s\): int.h5, checkpoints removed' int.cont.log
ms_expect_eq "int: checkpoints left" "$(ls int-ck.h5* 2>/dev/null)" ""
ms_same direct.h5 int.h5 "int: stopped by SIGINT and continued vs a direct run" /daily

# alone: SIGINT to migrasim without mpiexec; then two of them
bg_start alone.log "$MIGRASIM" "${S[@]}" -output alone.h5 -checkpoint_prefix alone-ck
bg_progress alone.log && kill -INT "$MS_BG_PID"
bg_wait
ms_expect_eq "alone: exit status after SIGINT" $? 3
ms_expect_eq "alone: the output's stop_reason" "$(ms_attr alone.h5 stop_reason)" signal
[ -n "$(ms_attr alone-ck.h5 day)" ] && ms_ok "alone: the checkpoint alone-ck.h5 is there" || ms_fail "alone: no checkpoint alone-ck.h5"
# days of about 0.3 s: the second SIGINT comes within the day of the first
bg_start twice.log "$MIGRASIM" "${S[@]}" -population_scale 300 -days 20 -output twice.h5 -checkpoint_prefix twice-ck
bg_progress twice.log && { kill -INT "$MS_BG_PID"; sleep 0.05; kill -INT "$MS_BG_PID"; }
bg_wait
ms_expect_eq "twice: exit status after two SIGINTs (killed by the second)" $? 130
ms_finish
