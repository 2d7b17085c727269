# Helpers of the sweep tests (tests/sweep/*.sh), on top of the whole-run tests' common.sh.
. "$(dirname "${BASH_SOURCE[0]}")/../runs/common.sh"
ms_need h5diff "Debian: apt-get install hdf5-tools"
ms_need h5dump "Debian: apt-get install hdf5-tools"

# sweep NP TIMEOUT LOG DESIGN DIR [ARGS...]: a sweep of the default scenario over 30 days.
sweep()
{
  local np=$1 t=$2 log=$3 design=$4 dir=$5
  shift 5
  ms_run "$np" "$t" "$log" -scenario "$MS_DEFAULT" -days 30 -sweep "$design" -sweep_output "$dir" "$@"
}

# status_of DIR M: the status of member M in DIR/status.csv (its last line), empty if none.
status_of() { awk -F, -v m="$2" 'NR > 1 && $1 == m { s = $2 } END { print s }' "$1/status.csv"; }

# members_with DIR STATUS: the members whose last line in status.csv has STATUS, sorted.
members_with()
{
  awk -F, 'NR > 1 && $1 ~ /^[0-9]+$/ { s[$1] = $2 } END { for (m in s) print m, s[m] }' "$1/status.csv" | awk -v w="$2" '$2 == w { print $1 }' | sort -n | tr '\n' ' '
}

# members_run LOG: the members that a sweep's log reports as done or failed, sorted.
members_run() { sed -n 's/^sweep: member \([0-9]*\) .*: \(done\|failed\), .*/\1/p' "$1.out" | sort -n | tr '\n' ' '; }

