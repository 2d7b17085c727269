#!/usr/bin/env bash
# shellcheck disable=SC2154 # the job ids, set by slurm_submit
# slurm_chain: jobscripts/slurm-restartable.sh on a real one-node Slurm (tests/lib.sh,
# slurm_start). Submitted with sbatch --ntasks=2 --time=1 and the time-limit warning 55 s
# before the end (SBATCH_SIGNAL=B:USR1@55; Slurm looks every 30 s, so it comes 5 to 35 s into
# a job), a run longer than that on two quiet cores (population_scale 300) goes through at
# least one stop at the signal, a checkpoint, and a continuation that asked for the same 2
# tasks and 1 minute (the script's own #SBATCH lines ask for 8 tasks, which the node refuses
# at once); the chain ends complete, with the /daily of a direct run, bit for bit, and its
# checkpoints removed; a job submitted to run after the chain (afterok on its first job) runs
# after its last. A chain stopped by its stop file ends with status 3, keeps its checkpoint
# and submits nothing; one whose run fails (an error, not a stop) ends with the error's status,
# says so, and submits nothing.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
slurm_start
CHAIN=$MS_SRC/jobscripts/slurm-restartable.sh
S=(-days 180 -seed 2 -population_scale 300 -progress_every 10)

SBATCH_SIGNAL=B:USR1@55 slurm_submit first --job-name=chain --ntasks=2 --time=1 "$CHAIN" "${S[@]}"
slurm_submit after --job-name=after --ntasks=1 --time=1 --dependency="afterok:$first" --wrap=true
ms_must_run 2 200 direct -scenario "$MS_DEFAULT" "${S[@]}" -output direct.h5 -flee_csv none
slurm_wait 400 -n chain,after || ms_finish
ids=$(ls chain-*.log 2>/dev/null | sed 's/chain-\([0-9]*\)\.log/\1/' | sort -n | tr '\n' ' ')
n=$(echo $ids | wc -w)
[ "$n" -ge 2 ] && ms_ok "the chain ran $n jobs: $ids" || { ms_fail "the chain ran $n job(s): $ids, not 2 or more"; tail -n 20 chain-*.log | sed 's/^/  | /'; }
out=chain-$first.h5
resumed=0
for id in $ids; do
  slurm_expect_done "chain part" "$id"
  ms_expect_eq "job $id: tasks, as the first job asked for" "$(slurm_job "$id" NumTasks)" 2
  ms_expect_eq "job $id: time limit, as the first job asked for" "$(slurm_job "$id" TimeLimit)" 00:01:00
  if grep -q '^migrasim job: SIGUSR1' "chain-$id.log" && grep -q "^stopped after day [0-9]* (signal)" "chain-$id.log"; then
    day=$(sed -n 's/^stopped after day \([0-9]*\) (signal).*/\1/p' "chain-$id.log")
    next=$(sed -n 's/^migrasim job: submitted job \([0-9]*\) .*/\1/p' "chain-$id.log")
    if grep -q "^restart: day $((day + 1)) from chain-$first-ck.h5" "chain-$next.log" 2>/dev/null; then
      ms_ok "job $id stopped at the time-limit signal after day $day; job $next continued from day $((day + 1))"
      resumed=$((resumed + 1))
    else
      ms_fail "job $id stopped after day $day, but job '$next' did not continue from day $((day + 1))"
    fi
  fi
done
[ $resumed -ge 1 ] && ms_ok "stops at the signal and continuations: $resumed" || ms_fail "no job of the chain stopped at the time-limit signal and was continued"
ms_expect_eq "the chain's output is complete" "$(ms_attr "$out" complete)" 1
ms_same direct.h5 "$out" "the chain of $n jobs vs a direct run" /daily
slurm_expect_done "the job after the chain" "$after"
grep -q "^migrasim job: job $after now waits for job " "chain-$first.log" &&
  ms_ok "the job after the chain was moved to wait for the next part" || ms_fail "the job after the chain was not moved to wait for the next part"
last=${ids% }
last=${last##* }
if [[ "$(slurm_job "$after" StartTime)" < "$(slurm_job "$last" EndTime)" ]]; then
  ms_fail "the job after the chain started at $(slurm_job "$after" StartTime), before its last job $last ended ($(slurm_job "$last" EndTime))"
else
  ms_ok "the job after the chain (afterok on its first job) started after its last job $last ended"
fi
ms_expect_eq "checkpoints left by the completed chain" "$(ls chain-"$first"-ck.h5* 2>/dev/null)" ""

# the stop file: touched while the job runs, it ends the chain after a checkpoint
slurm_submit stopped --job-name=stopchain --ntasks=1 --time=2 "$CHAIN" "${S[@]}"
for ((i = 0; i < 400; i++)); do grep -q '^day ' "stopchain-$stopped.log" 2>/dev/null && break; sleep 0.25; done
touch "stopchain-$stopped.h5.stop"
slurm_wait 120 -n stopchain
ms_expect_eq "stop file: the job's exit code" "$(slurm_job "$stopped" ExitCode)" 3:0
ms_expect_eq "stop file: jobs of the chain" "$(ls stopchain-*.log | wc -l)" 1
grep -q "^migrasim job: stopped by the stop file stopchain-$stopped.h5.stop: the chain ends here" "stopchain-$stopped.log" &&
  ms_ok "stop file: the log says the chain ends and how to go on" || { ms_fail "stop file: no line on the chain's end"; tail -n 5 "stopchain-$stopped.log" | sed 's/^/  | /'; }
[ -n "$(ms_attr "stopchain-$stopped-ck.h5" day)" ] && ms_ok "stop file: the checkpoint is kept" || ms_fail "stop file: no checkpoint stopchain-$stopped-ck.h5"

# an error ends the chain
slurm_submit bad --job-name=badchain --ntasks=1 --time=2 "$CHAIN" -days 0
slurm_wait 60 -n badchain
ms_expect_eq "an error: the job's exit code" "$(slurm_job "$bad" ExitCode)" 1:0
ms_expect_eq "an error: jobs of the chain" "$(ls badchain-*.log | wc -l)" 1
grep -q "^migrasim job: error: migrasim exited with status 1, an error and not a stop at the time limit: the chain ends here" "badchain-$bad.log" &&
  ms_ok "an error: the log says the chain ends" || { ms_fail "an error: no line on the chain's end"; tail -n 5 "badchain-$bad.log" | sed 's/^/  | /'; }
ms_finish
