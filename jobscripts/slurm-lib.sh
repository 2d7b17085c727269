# shellcheck shell=bash
# The library of the Slurm job scripts (docs/slurm.md), sourced by each of them after it has
# found this directory. Functions and variables start with msj_ / MSJ_; what a user sets starts
# with MIGRASIM_:
#   MIGRASIM_BIN        the directory of migrasim and its tools (default: the one on the PATH,
#                       else ../build beside this directory)
#   MIGRASIM_LAUNCH     how to start the ranks (default: "srun --mpi=$MIGRASIM_SRUN_MPI" in a
#                       Slurm job where srun is, else "mpiexec -n $MIGRASIM_RANKS")
#   MIGRASIM_SRUN_MPI   srun's MPI plugin (default pmix: Debian's Open MPI starts only through it)
#   MIGRASIM_RANKS      ranks for mpiexec (default: the job's tasks, SLURM_NTASKS, else 1)
#   MIGRASIM_MODULES    modules to load first ("module load" of each), where the site has them

MSJ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MSJ_SIGNAL=  # the stop signal the job received: USR1 (the time limit), TERM or INT (cancelled)
MSJ_PID=     # the launcher running migrasim

# A signal before, during or after the run: recorded; during it, passed on as SIGUSR1, which
# every launcher forwards to the ranks (they finish the day, checkpoint and exit 3). Open MPI's
# mpiexec cannot forward SIGTERM or SIGINT: it answers them by SIGTERM to the ranks, SIGKILL a
# second later (odls_base_sigkill_timeout), so a checkpoint may never be written, and exit
# status 1 whatever the ranks did.
msj_on_signal()
{
  [ -n "$MSJ_SIGNAL" ] || MSJ_SIGNAL=$1
  echo "migrasim job: SIG$1 at $(date '+%F %T')$([ -n "$MSJ_PID" ] && echo ': passed to the ranks as SIGUSR1')"
  [ -z "$MSJ_PID" ] || kill -USR1 "$MSJ_PID" 2>/dev/null
}
trap 'msj_on_signal USR1' USR1
trap 'msj_on_signal TERM' TERM
trap 'msj_on_signal INT' INT

# msj_die MESSAGE: one line on stderr and exit 1.
msj_die() { echo "migrasim job: error: $*" >&2; exit 1; }

# msj_opt NAME DEFAULT ARGS...: the value of the last -NAME in ARGS (migrasim's options: the
# last one given counts), else DEFAULT.
msj_opt()
{
  local name=$1 value=$2
  shift 2
  while [ $# -gt 0 ]; do
    if [ "$1" = "-$name" ] && [ $# -ge 2 ]; then value=$2; shift; fi
    shift
  done
  printf '%s\n' "$value"
}

# msj_has NAME ARGS...: whether ARGS give -NAME.
msj_has()
{
  local name=$1
  shift
  while [ $# -gt 0 ]; do [ "$1" = "-$name" ] && return 0; shift; done
  return 1
}

# msj_setup: modules, the binaries (MIGRASIM_BIN), the default scenario (MSJ_SCENARIO), the
# launcher (MSJ_LAUNCH, an array).
msj_setup()
{
  local m
  if [ -n "${MIGRASIM_MODULES:-}" ]; then
    command -v module >/dev/null 2>&1 || msj_die "MIGRASIM_MODULES is set but this shell has no 'module' command"
    for m in $MIGRASIM_MODULES; do module load "$m" || msj_die "module load $m failed"; done
  fi
  if [ -z "${MIGRASIM_BIN:-}" ]; then
    if command -v migrasim >/dev/null 2>&1; then MIGRASIM_BIN=$(dirname "$(command -v migrasim)")
    else MIGRASIM_BIN=$MSJ_DIR/../build; fi
  fi
  [ -x "$MIGRASIM_BIN/migrasim" ] || msj_die "no migrasim in $MIGRASIM_BIN: set MIGRASIM_BIN to the build or install directory"
  MIGRASIM_BIN=$(cd "$MIGRASIM_BIN" && pwd)
  MSJ_SCENARIO=$(cd "$MSJ_DIR/.." && pwd)/inputs/default
  if [ -n "${MIGRASIM_LAUNCH:-}" ]; then
    read -r -a MSJ_LAUNCH <<<"$MIGRASIM_LAUNCH"
  elif [ -n "${SLURM_JOB_ID:-}" ] && command -v srun >/dev/null 2>&1; then
    MSJ_LAUNCH=(srun "--mpi=${MIGRASIM_SRUN_MPI:-pmix}")
  else
    MSJ_LAUNCH=(mpiexec -n "${MIGRASIM_RANKS:-${SLURM_NTASKS:-1}}")
  fi
}

# msj_sweep_args ARGS...: the design (MIGRASIM_DESIGN or -sweep), the sweep's directory
# (MIGRASIM_SWEEP or -sweep_output, default DESIGN.sweep: the same for every job of the sweep)
# and the ranks of a member (MIGRASIM_RANKS_PER_MEMBER or -ranks_per_member, default 1) into
# MSJ_DESIGN, MSJ_SWEEP, MSJ_RPM, and the options that give them to migrasim into MSJ_ARGS.
msj_sweep_args()
{
  MSJ_DESIGN=$(msj_opt sweep "${MIGRASIM_DESIGN:-}" "$@")
  [ -n "$MSJ_DESIGN" ] || msj_die "give the design: MIGRASIM_DESIGN=design.yml or -sweep design.yml"
  MSJ_SWEEP=$(msj_opt sweep_output "${MIGRASIM_SWEEP:-$(basename "${MSJ_DESIGN%.*}").sweep}" "$@")
  MSJ_SWEEP=${MSJ_SWEEP%/}
  MSJ_RPM=$(msj_opt ranks_per_member "${MIGRASIM_RANKS_PER_MEMBER:-1}" "$@")
  MSJ_ARGS=(-sweep "$MSJ_DESIGN" -sweep_output "$MSJ_SWEEP" -ranks_per_member "$MSJ_RPM")
  msj_has scenario "$@" || MSJ_ARGS+=(-scenario "${MIGRASIM_SCENARIO:-$MSJ_SCENARIO}")
}

# msj_id: this job's id as squeue and scontrol name it: ARRAY_TASK for a task of an array,
# whose SLURM_JOB_ID may also be the array's id, naming its pending tasks too.
msj_id()
{
  if [ -n "${SLURM_ARRAY_JOB_ID:-}" ]; then echo "${SLURM_ARRAY_JOB_ID}_$SLURM_ARRAY_TASK_ID"
  else echo "$SLURM_JOB_ID"; fi
}

# msj_field NAME: a field of `scontrol show job` of this job ("" outside Slurm, or "(null)").
msj_field()
{
  [ -n "${SLURM_JOB_ID:-}" ] || return 0
  [ -n "${MSJ_SHOW:-}" ] || MSJ_SHOW=$(scontrol show job -o "$(msj_id)" 2>/dev/null | head -n 1)
  printf '%s\n' "$MSJ_SHOW" | tr ' ' '\n' | sed -n "s|^$1=||p" | head -n 1
}

# msj_request WHAT: what the job asked for and got (a user reading the log of a job that
# pended long sees the request that made it wait), and the command it runs.
msj_request()
{
  echo "migrasim job: $1"
  local a m
  if [ -n "${SLURM_JOB_ID:-}" ]; then
    a=$(msj_field Account) m=$(msj_field MinMemoryNode)
    [ "$m" != 0 ] || m=$(msj_field MinMemoryCPU)
    echo "  job $(msj_id) '$(msj_field JobName)': partition $(msj_field Partition)$([ "$a" = "(null)" ] || echo ", account $a"), $(msj_field NumNodes) node(s) $(msj_field NodeList), $(msj_field NumTasks) tasks x $(msj_field CPUs/Task) cpus, time limit $(msj_field TimeLimit)$([ -z "$m" ] || [ "$m" = 0 ] || echo ", memory $m")"
    echo "  submitted $(msj_field SubmitTime), started $(msj_field StartTime), ends by $(msj_field EndTime)"
  else
    echo "  not in a Slurm job: $(hostname), ${MIGRASIM_RANKS:-1} rank(s)"
  fi
  echo "  launch: ${MSJ_LAUNCH[*]}; migrasim: $MIGRASIM_BIN"
}

# msj_walltime_hours: what is left of the job's time limit, in hours, for -max_walltime (the
# stop before the limit when the time-limit signal does not come); empty without a limit.
msj_walltime_hours()
{
  local end
  end=$(msj_field EndTime)
  case $end in '' | Unknown | None) return 0 ;; esac
  end=$(date -d "$end" +%s 2>/dev/null) || return 0
  awk -v s=$((end - $(date +%s))) 'BEGIN { if (s > 0) printf "%.4f\n", s / 3600 }'
}

# msj_launch PROGRAM ARGS...: PROGRAM (migrasim, or a tool in MIGRASIM_BIN) on the job's ranks;
# returns its exit status. A stop signal during the run reaches the ranks as SIGUSR1. The
# launcher runs in a process group of its own (set -m), without a terminal to read: a Ctrl-C,
# or a scheduler's SIGTERM to the script's group, reaches this script only, and not mpiexec,
# which would kill the ranks before they checkpoint.
msj_launch()
{
  local prog=$1 rc
  shift
  echo "  run: $prog $*"
  set -m
  "${MSJ_LAUNCH[@]}" "$MIGRASIM_BIN/$prog" "$@" </dev/null &
  MSJ_PID=$!
  set +m
  # a signal that came before the launcher could take it
  [ -z "$MSJ_SIGNAL" ] || { sleep 1; kill -USR1 "$MSJ_PID" 2>/dev/null; }
  # wait returns early when a trap runs: wait until the launcher has ended, then for its status
  while kill -0 "$MSJ_PID" 2>/dev/null; do wait "$MSJ_PID"; done
  wait "$MSJ_PID"
  rc=$?
  MSJ_PID=
  return $rc
}

# msj_checkpoint_of PREFIX: PREFIX.h5 when a checkpoint of it is there (PREFIX.h5, or the .prev
# or .tmp beside it, of which -restart PREFIX.h5 takes the newest whole one).
msj_checkpoint_of()
{
  local f
  for f in "$1.h5" "$1.h5.prev" "$1.h5.tmp"; do
    [ -e "$f" ] && { echo "$1.h5"; return 0; }
  done
  return 1
}

# msj_pattern PATH: this job's log file as the pattern of the next job's: its id, where it
# stands alone in the file's name, as %j.
msj_pattern()
{
  local base=${1##*/}
  base=$(printf '%s\n' "$base" | sed "s/\(^\|[^0-9]\)$SLURM_JOB_ID\([^0-9]\|\$\)/\1%j\2/g")
  [ "$1" = "${1%/*}" ] && echo "$base" || echo "${1%/*}/$base"
}

# msj_sbatch_options: sbatch options that ask for what this job has (scontrol show job): a
# continuation pends for, and runs with, the same resources, whatever gave them (the script's
# #SBATCH lines, sbatch's command line, SBATCH_* variables). One option a line.
msj_sbatch_options()
{
  local v
  v=$(msj_field JobName) && echo "--job-name=$v"
  v=$(msj_field Partition) && [ -n "$v" ] && echo "--partition=$v"
  v=$(msj_field Account) && [ -n "$v" ] && [ "$v" != "(null)" ] && echo "--account=$v"
  v=$(msj_field QOS) && [ -n "$v" ] && [ "$v" != "(null)" ] && echo "--qos=$v"
  v=$(msj_field Reservation) && [ -n "$v" ] && [ "$v" != "(null)" ] && echo "--reservation=$v"
  v=$(msj_field Features) && [ -n "$v" ] && [ "$v" != "(null)" ] && echo "--constraint=$v"
  v=$(msj_field TresPerNode) && [ -n "$v" ] && [ "$v" != "(null)" ] && echo "--gres=${v#gres:}"
  v=$(msj_field NumNodes) && echo "--nodes=${v%%-*}"
  v=$(msj_field NumTasks) && echo "--ntasks=$v"
  v=$(msj_field CPUs/Task) && echo "--cpus-per-task=$v"
  v=$(msj_field NtasksPerN:B:S:C) && [ "${v%%:*}" != 0 ] && echo "--ntasks-per-node=${v%%:*}"
  v=$(msj_field TimeLimit) && [ "$v" != UNLIMITED ] && echo "--time=$v"
  v=$(msj_field MinMemoryNode) && [ -n "$v" ] && [ "$v" != 0 ] && echo "--mem=$v"
  v=$(msj_field MinMemoryCPU) && [ -n "$v" ] && [ "$v" != 0 ] && echo "--mem-per-cpu=$v"
  v=$(msj_field OverSubscribe) && [ "$v" = NO ] && echo "--exclusive"
  v=$(msj_field WorkDir) && echo "--chdir=$v"
  v=$(msj_field StdOut) && echo "--output=$(msj_pattern "$v")"
  v=$(msj_field StdErr) && [ "$v" != "$(msj_field StdOut)" ] && echo "--error=$(msj_pattern "$v")"
  echo "--dependency=afterany:$SLURM_JOB_ID"
}

# msj_continue ARGS...: submit this job script again, with ARGS, the resources of this job and
# its environment (MIGRASIM_CHAIN_PART one more), to start once this one has ended. Slurm's own
# variables are left out: they describe this job, not the next.
msj_continue()
{
  local script opts=() o id part=$((${MIGRASIM_CHAIN_PART:-1} + 1))
  [ "$part" -le "${MIGRASIM_CHAIN_MAX:-100}" ] || msj_die "the chain has run ${MIGRASIM_CHAIN_MAX:-100} jobs (MIGRASIM_CHAIN_MAX): not submitting another"
  script=$(msj_field Command)
  [ -f "$script" ] || msj_die "cannot find this job's script ('$script') to submit it again"
  while IFS= read -r o; do opts+=("$o"); done < <(msj_sbatch_options)
  echo "migrasim job: continuing: sbatch ${opts[*]} $script $*"
  # shellcheck disable=SC2046
  id=$(env $(env | sed -n 's/^\(SLURM_[A-Z_]*\)=.*/-u \1/p' | grep -v ' SLURM_CONF$') \
    MIGRASIM_CHAIN_PART=$part sbatch --parsable "${opts[@]}" "$script" "$@") ||
    msj_die "sbatch refused the next job of the chain (see above): continue by hand with the same command"
  MSJ_NEXT=${id%%;*}
  echo "migrasim job: submitted job $MSJ_NEXT (part $part of the chain), to start when this one has ended"
  msj_move_dependents "$MSJ_NEXT"
}

# msj_move_dependents NEXT: jobs that wait for this one (a calibration after its sweep) wait for
# the part NEXT of the chain instead: this one ends before the chain does.
msj_move_dependents()
{
  local id dep new
  while read -r id dep; do
    [ "$id" != "$1" ] || continue
    case $dep in *":$SLURM_JOB_ID("* | *":$SLURM_JOB_ID,"* | *":$SLURM_JOB_ID") ;; *) continue ;; esac
    new=$(printf '%s\n' "$dep" | sed -e 's/([^)]*)//g' -e "s/:$SLURM_JOB_ID\([,:?]\|\$\)/:$1\1/g")
    if scontrol update JobId="$id" Dependency="$new"; then
      echo "migrasim job: job $id now waits for job $1 ($new)"
    else
      echo "migrasim job: error: cannot move the dependency of job $id ($dep) to job $1" >&2
    fi
  done < <(squeue -h -t PD -o '%i %E' 2>/dev/null)
}

# msj_chain_next STATUS STOPFILE HOW ARGS...: the end of a part of a chain that ran migrasim
# with ARGS and ended with STATUS. A stop at the time limit submits the next part (MSJ_NEXT);
# a stop by the stop file or by a cancel, and any error, end the chain with a message saying
# how to go on (HOW). Returns the job's exit status: 0 when the next part is submitted.
msj_chain_next()
{
  local rc=$1 stop=$2 how=$3
  shift 3
  MSJ_NEXT=
  case $rc in
  0) return 0 ;;
  3)
    if [ -e "$stop" ]; then
      echo "migrasim job: stopped by the stop file $stop: the chain ends here; remove the file, then $how"
    elif [ "$MSJ_SIGNAL" = TERM ] || [ "$MSJ_SIGNAL" = INT ]; then
      echo "migrasim job: stopped by SIG$MSJ_SIGNAL (a cancel): the chain ends here; $how"
    else
      msj_continue "$@"
      return 0
    fi
    return 3 ;;
  esac
  echo "migrasim job: error: migrasim exited with status $rc, an error and not a stop at the time limit: the chain ends here (the error is above); after fixing it, $how" >&2
  return "$rc"
}
