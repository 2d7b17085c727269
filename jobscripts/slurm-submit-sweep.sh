#!/bin/bash
# Submit a sweep and its calibration, which starts once the sweep has succeeded
# (--dependency=afterok), and say what each job asked for (docs/slurm.md):
#     jobscripts/slurm-submit-sweep.sh array|packed DESIGN.yml [sbatch options] [-- migrasim options]
# array: jobscripts/slurm-sweep-array.sh (the sbatch options should include --array=0-N);
# packed: jobscripts/slurm-sweep.sh. The sweep writes DESIGN.sweep/ (or MIGRASIM_SWEEP), the
# calibration DESIGN.sweep.calibration.h5. Prints the two job ids.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
kind=$1 design=$2
shift 2
case $kind in
array) script=$here/slurm-sweep-array.sh ;;
packed) script=$here/slurm-sweep.sh ;;
*) echo "slurm-submit-sweep.sh: error: 'array' or 'packed', not '$kind'" >&2; exit 2 ;;
esac
[ -f "$design" ] || { echo "slurm-submit-sweep.sh: error: no design file $design" >&2; exit 2; }
opts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
[ $# -eq 0 ] || shift
export MIGRASIM_DESIGN=$design MIGRASIM_SWEEP=${MIGRASIM_SWEEP:-$(basename "${design%.*}").sweep}
sweep=$(sbatch --parsable "${opts[@]}" "$script" "$@")
sweep=${sweep%%;*}
echo "sweep: job $sweep ($kind) of $design into $MIGRASIM_SWEEP/: sbatch ${opts[*]} $script $*"
# the calibration needs the sweep's migrasim options only for its scenario, which the members
# record: it gets none of them
cal=$(sbatch --parsable --dependency="afterok:$sweep" "$here/slurm-calibrate.sh")
cal=${cal%%;*}
echo "calibration: job $cal, after the sweep succeeds: $MIGRASIM_SWEEP.calibration.h5"
echo "follow them with: squeue -j $sweep,$cal -o '%.12i %.9T %.20r %.19S %.10l %.6D %.5C'  (the reason a job waits, and its expected start)"
