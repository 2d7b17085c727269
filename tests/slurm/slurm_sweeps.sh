#!/usr/bin/env bash
# shellcheck disable=SC2154 # the job ids, set by slurm_submit
# slurm_sweeps: the sweep job scripts on a real one-node Slurm (tests/lib.sh, slurm_start).
# jobscripts/slurm-submit-sweep.sh submits a sweep of 4 members as a job array of 3 tasks of 2
# members each (jobscripts/slurm-sweep-array.sh, SLURM_ARRAY_TASK_ID picks the members; the
# third task finds none in the design) and its calibration (jobscripts/slurm-calibrate.sh),
# with the sweep's partition and MIGRASIM_CALIBRATE_OPTIONS, which starts only after every task
# has ended (afterok) and writes its file; the same design
# as one packed job (jobscripts/slurm-sweep.sh, 2 tasks) and as a direct sweep give the same
# members: /daily bit for bit, and every member done in status.csv.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
slurm_start

cat >design.yml <<'YML'
sampler: list
seeds: 2
parameters:
  move_rules_camp_weight: [1.0, 4.0]
YML
S=(-days 60 -seed 3)
all="0 1 2 3 "

MIGRASIM_MEMBERS_PER_TASK=2 MIGRASIM_CALIBRATE_OPTIONS="--time=3 --job-name=cal" "$MS_SRC/jobscripts/slurm-submit-sweep.sh" \
  array design.yml --array=0-2 --partition=test --ntasks=1 --time=2 -- "${S[@]}" >submit.out 2>&1 ||
  { ms_fail "slurm-submit-sweep.sh failed: $(cat submit.out)"; ms_finish; }
arr=$(sed -n 's/^sweep: job \([0-9]*\) .*/\1/p' submit.out)
cal=$(sed -n 's/^calibration: job \([0-9]*\),.*/\1/p' submit.out)
[ -n "$arr" ] && [ -n "$cal" ] && ms_ok "submitted the array $arr and the calibration $cal" || { ms_fail "no job ids in: $(cat submit.out)"; ms_finish; }
ms_expect_eq "the calibration waits for the array" "$(slurm_job "$cal" Dependency | sed 's/(.*//')" "afterok:${arr}_*"
ms_expect_eq "the calibration: partition, time limit and name from the sweep's options and MIGRASIM_CALIBRATE_OPTIONS" \
  "$(slurm_job "$cal" Partition) $(slurm_job "$cal" TimeLimit) $(slurm_job "$cal" JobName)" "test 00:03:00 cal"
MIGRASIM_DESIGN=design.yml MIGRASIM_SWEEP=packed.sweep slurm_submit packed --ntasks=2 --time=2 "$MS_SRC/jobscripts/slurm-sweep.sh" "${S[@]}"
ms_run 2 120 direct -scenario "$MS_DEFAULT" "${S[@]}" -sweep design.yml -sweep_output direct.sweep
rc=$?
[ $rc -eq 0 ] && [ "$(sweep_members_with direct.sweep done)" = "$all" ] && ms_ok "the direct sweep: 4 members done" || { ms_fail "the direct sweep: exit $rc"; ms_show direct; }
slurm_wait 180 -j "$arr,$cal,$packed" || ms_finish

for t in 0 1 2; do slurm_expect_done "array task $t" "${arr}_$t"; done
slurm_expect_done "the packed sweep" "$packed"
slurm_expect_done "the calibration" "$cal"
for dir in design.sweep packed.sweep; do
  ms_expect_eq "$dir: members done in status.csv" "$(sweep_members_with "$dir" done)" "$all"
  for m in $all; do
    f=$(printf 'member_%06d.h5' "$m")
    ms_same "direct.sweep/$f" "$dir/$f" "member $m: $dir vs the direct sweep" /daily
  done
done
grep -q "members 4 to 5" "migrasim-sweep-${arr}_2.log" && grep -q "is not in the design (0 to 3): nothing to run" "migrasim-sweep-${arr}_2.log" &&
  ms_ok "array task 2 was given members 4 and 5, beyond the design, and ran nothing" || ms_fail "array task 2: no line on members 4 to 5 beyond the design"
# the calibration after the sweep: started once the last task had ended, and wrote its file
ended=$(scontrol show job -o "$arr" | tr ' ' '\n' | sed -n 's/^EndTime=//p' | sort | tail -n 1)
started=$(slurm_job "$cal" StartTime)
[[ ! "$started" < "$ended" ]] && ms_ok "the calibration started at $started, after the array's last task ended ($ended)" ||
  ms_fail "the calibration started at $started, before the array's last task ended ($ended)"
ms_expect_eq "the calibration's file: members done that it read" "$(ms_attr design.sweep.calibration.h5 members_done)" 4
ms_finish
