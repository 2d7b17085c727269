#!/usr/bin/env bash
# checkpoint_sigterm: a run that receives SIGTERM or SIGUSR1 finishes its day, writes a
# checkpoint of the next day, leaves an output of that many days marked incomplete (attribute
# complete 0, stop_reason signal), says "stopped after day N (...): continue with the same
# options plus -restart P.h5" and exits with status 3 on every rank; continuing from that
# checkpoint gives the /daily and the final checkpoint of an uninterrupted run, complete, with
# an empty stop_reason. Three ways of signalling:
#   term: SIGTERM to every migrasim process (as Slurm's scancel or a time limit would)
#   usr1: SIGUSR1 to mpiexec, which forwards it to the ranks (sbatch --signal=USR1@...)
#   some: SIGTERM to ranks 1 and 2 of 3 only: the stop is still decided together
# The run is the default scenario at -population_scale 5 over 180 days (a few seconds);
# the signal goes once it has printed its first progress line.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

S=(-scenario "$MS_DEFAULT" -seed 3 -population_scale 5 -days 180 -flee_csv none -checkpoint_every 180)
TAG=sig$$

ms_must_run 1 120 straight "${S[@]}" -output straight.h5 -checkpoint_prefix ck_straight

# bg_start NAME NP WRAP: start the run NAME on NP ranks in the background (checkpoint prefix
# NAME_TAG, output NAME.h5). WRAP 1: each rank runs under bash, which records migrasim's
# exit status in NAME.rc.RANK.
bg_start()
{
  local name=$1 np=$2 wrap=$3
  if [ "$wrap" = 1 ]; then
    # shellcheck disable=SC2016
    $MS_MPIEXEC --oversubscribe -n "$np" bash -c '"$0" "$@"; rc=$?; echo $rc >'"$name"'.rc.$OMPI_COMM_WORLD_RANK; exit $rc' \
      "$MIGRASIM" "${S[@]}" -output "$name.h5" -checkpoint_prefix "${name}_$TAG" >"$name.out" 2>"$name.err" &
  else
    $MS_MPIEXEC --oversubscribe -n "$np" "$MIGRASIM" "${S[@]}" -output "$name.h5" -checkpoint_prefix "${name}_$TAG" >"$name.out" 2>"$name.err" &
  fi
  MS_BG_PID=$!
}

# wait_progress NAME: until the run has printed a progress line (at most 30 s).
wait_progress()
{
  local i
  for ((i = 0; i < 600; i++)); do
    grep -q '^day ' "$1.out" 2>/dev/null && return 0
    kill -0 "$MS_BG_PID" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# rank_pids NAME [RANK...]: pids of the migrasim processes of run NAME (of the given ranks).
rank_pids()
{
  local name=$1 pid r
  shift
  for pid in $(pgrep -f -- "-checkpoint_prefix ${name}_$TAG"); do
    [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = migrasim ] || continue
    if [ $# -gt 0 ]; then
      r=$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | sed -n 's/^OMPI_COMM_WORLD_RANK=//p')
      case " $* " in *" $r "*) ;; *) continue ;; esac
    fi
    echo "$pid"
  done
}

# bg_wait NAME: the exit status of the background run NAME (killed after 120 s).
bg_wait()
{
  local i rc
  for ((i = 0; i < 1200; i++)); do
    kill -0 "$MS_BG_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$MS_BG_PID" 2>/dev/null; then
    # shellcheck disable=SC2046
    kill -KILL $(rank_pids "$1") "$MS_BG_PID" 2>/dev/null
    ms_fail "the signalled run did not end within 120 s"
  fi
  wait "$MS_BG_PID"
  rc=$?
  MS_BG_PID=
  return $rc
}

# check_stop NAME NP SIGNAL_HOW RESTART_NP STATUS WRAPPED: the checks of one signalled run
# (STATUS: mpiexec's exit status; WRAPPED non-empty: each rank's status was recorded), then
# its continuation on RESTART_NP ranks to day 180.
check_stop()
{
  local name=$1 np=$2 how=$3 rnp=$4 status=$5 wrapped=$6 rc day ckday ck r
  ck=${name}_$TAG.h5
  ms_expect_status "$name ($how): the stopped run" 3 "$status" "$name"
  ms_expect_eq "$name ($how): the output's complete attribute" "$(ms_attr "$name.h5" complete)" 0
  ms_expect_eq "$name ($how): the output's stop_reason" "$(ms_attr "$name.h5" stop_reason)" signal
  ckday=$(ms_attr "$ck" day)
  if [ -z "$ckday" ]; then
    ms_fail "$name ($how): no checkpoint $ck with a day"
    ms_show "$name"
    return
  fi
  day=$((ckday - 1))
  if [ "$day" -ge 179 ]; then
    ms_fail "$name ($how): the checkpoint is of day $ckday: the signal came too late to test anything"
    return
  fi
  ms_expect_eq "$name ($how): /daily rows of the stopped run's output (the checkpoint's day)" "$(ms_rows "$name.h5" /daily/population)" "$ckday"
  # what the user is told to do next: the interface of a stopped run (why: the stop_reason)
  ms_expect_eq "$name ($how): the stop line" "$(grep -a '^stopped after day' "$name.out" | sed 's/ ([^)]*): / (...): /')" \
    "stopped after day $day (...): continue with the same options plus -restart $ck"
  ms_expect_eq "$name ($how): half-written checkpoints left" "$(ls -- *.tmp 2>/dev/null)" ""
  if [ -n "$wrapped" ]; then
    # Open MPI's mpiexec tears down the other ranks as soon as one exits non-zero, so any
    # rank, rank 0 too, may be killed after the collective checkpoint, before its wrapper
    # records a status: no rank may report anything but 3, and at least one must report it
    # (mpiexec's own status, 3, is checked above).
    local recorded=0
    for ((r = 0; r < np; r++)); do
      rc=$(cat "$name.rc.$r" 2>/dev/null || true)
      ms_expect_eq "$name ($how): exit status of rank $r (3, or none when torn down)" "${rc:-3}" 3
      [ -n "$rc" ] && recorded=$((recorded + 1))
    done
    ms_expect_eq "$name ($how): ranks that recorded their exit status (at least one)" "$([ "$recorded" -ge 1 ] && echo yes || echo none)" yes
  fi
  # "continue with the same options plus -restart"
  ms_run "$rnp" 120 "$name.cont" "${S[@]}" -output "$name.h5" -checkpoint_prefix "${name}_$TAG" -restart "$ck"
  rc=$?
  ms_expect_status "$name ($how): the continuation on $rnp ranks from day $((day + 1))" 0 $rc "$name.cont"
  [ $rc -eq 0 ] || return
  ms_same straight.h5 "$name.h5" "$name ($how): straight vs stopped and continued" /daily
  ms_same ck_straight.h5 "$ck" "$name ($how): final checkpoints, straight vs stopped and continued"
  ms_expect_eq "$name ($how): the output's complete attribute after the continuation" "$(ms_attr "$name.h5" complete)" 1
  ms_expect_eq "$name ($how): the output's stop_reason after the continuation" "$(ms_attr "$name.h5" stop_reason)" ""
}

# term: SIGTERM to all ranks, continued on 1 rank
bg_start term 2 1
if wait_progress term; then
  pids=$(rank_pids term)
  ms_expect_eq "term: migrasim processes found" "$(echo "$pids" | wc -w)" 2
  # shellcheck disable=SC2086
  kill -TERM $pids
fi
bg_wait term
check_stop term 2 "SIGTERM to every rank" 1 $? wrapped

# usr1: SIGUSR1 to mpiexec, continued on 3 ranks
bg_start usr1 2 0
wait_progress usr1 && kill -USR1 "$MS_BG_PID"
bg_wait usr1
check_stop usr1 2 "SIGUSR1 to mpiexec" 3 $? ""

# some: SIGTERM to ranks 1 and 2 of 3, continued on 2 ranks
bg_start some 3 1
if wait_progress some; then
  pids=$(rank_pids some 1 2)
  ms_expect_eq "some: migrasim processes of ranks 1 and 2 found" "$(echo "$pids" | wc -w)" 2
  # shellcheck disable=SC2086
  kill -TERM $pids
fi
bg_wait some
check_stop some 3 "SIGTERM to ranks 1 and 2 of 3" 2 $? wrapped

ms_finish
