#!/bin/bash
# Submit a sweep and its calibration, which starts once the sweep has succeeded
# (--dependency=afterok), and say what each job asked for (docs/slurm.md):
#     jobscripts/slurm-submit-sweep.sh array|packed DESIGN.yml [sbatch options] [-- migrasim options]
# array: jobscripts/slurm-sweep-array.sh (the sbatch options should include --array=0-N);
# packed: jobscripts/slurm-sweep.sh. The sweep writes DESIGN.sweep/ (or MIGRASIM_SWEEP), the
# calibration DESIGN.sweep.calibration.h5. The calibration job gets the sweep's --partition=,
# --account=, --qos= and --reservation= options, and MIGRASIM_CALIBRATE_OPTIONS (more sbatch
# options, split at spaces). Prints the two job ids.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 2; }
kind=$1 design=$2
shift 2
case $kind in
array) script=$here/slurm-sweep-array.sh ;;
packed) script=$here/slurm-sweep.sh ;;
*) echo "slurm-submit-sweep.sh: error: 'array' or 'packed', not '$kind'" >&2; exit 2 ;;
esac
[ -f "$design" ] || { echo "slurm-submit-sweep.sh: error: no design file $design" >&2; exit 2; }
opts=() calopts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  opts+=("$1")
  case $1 in --partition=* | --account=* | --qos=* | --reservation=*) calopts+=("$1") ;; esac
  shift
done
read -r -a more <<<"${MIGRASIM_CALIBRATE_OPTIONS:-}"
calopts+=(${more[@]+"${more[@]}"})
[ $# -eq 0 ] || shift
export MIGRASIM_DESIGN=$design MIGRASIM_SWEEP=${MIGRASIM_SWEEP:-$(basename "${design%.*}").sweep}
sweep=$(sbatch --parsable "${opts[@]}" "$script" "$@")
sweep=${sweep%%;*}
echo "sweep: job $sweep ($kind) of $design into $MIGRASIM_SWEEP/: sbatch ${opts[*]} $script $*"
# the calibration needs the sweep's migrasim options only for its scenario, which the members
# record: it gets none of them
cal=$(sbatch --parsable ${calopts[@]+"${calopts[@]}"} --dependency="afterok:$sweep" "$here/slurm-calibrate.sh")
cal=${cal%%;*}
echo "calibration: job $cal, after the sweep succeeds: $MIGRASIM_SWEEP.calibration.h5${calopts[*]+ (sbatch ${calopts[*]})}"
echo "follow them with: squeue -j $sweep,$cal -o '%.12i %.9T %.20r %.19S %.10l %.6D %.5C'  (the reason a job waits, and its expected start)"
