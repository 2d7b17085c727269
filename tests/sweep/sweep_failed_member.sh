#!/usr/bin/env bash
# sweep_failed_member: a list design of 4 points on 4 ranks in groups of 2, where point 1 has
# a value the engine refuses (camp_weight -1: out of range) and point 2 one it cannot read
# (default_movechance 'often'). Those members are recorded `failed` in status.csv with their
# one-line error (CSV-quoted), printed once each on stderr; the others are done; the sweep
# exits with 4 (docs/sweeps.md: some members failed). Run again, it retries only the failed
# members. The same design in groups of 1 rank (2 ranks) records the same.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

design=design.yml
cat >$design <<'YML'
sampler: list
seeds: 1
parameters:
  move_rules_camp_weight: [1.0, -1, 2.0, 1.5]
  move_rules_default_movechance: [0.3, 0.3, often, 0.4]
YML

check()
{
  local name=$1 np=$2 rpm=$3 dir=$1 rc n
  sweep_run "$np" 60 "$name" "$design" "$dir" -ranks_per_member "$rpm"
  rc=$?
  [ $rc -eq 4 ] && ms_ok "$name: exit 4 (members failed)" || { ms_fail "$name: exit $rc, not 4"; ms_show "$name"; }
  [ "$(sweep_members_with "$dir" done)" = "0 3 " ] && ms_ok "$name: members 0 and 3 done" || ms_fail "$name: done members '$(sweep_members_with "$dir" done)', not '0 3 '"
  [ "$(sweep_members_with "$dir" failed)" = "1 2 " ] && ms_ok "$name: members 1 and 2 failed" || ms_fail "$name: failed members '$(sweep_members_with "$dir" failed)', not '1 2 '"
  grep -qE '^1,failed,[0-9.]+,"?option -move_rules_camp_weight: -1.* is outside \[' "$dir/status.csv" && ms_ok "$name: member 1's message in status.csv: $(grep '^1,' "$dir/status.csv" | cut -d, -f4-)" || ms_fail "$name: member 1's line in status.csv: '$(grep '^1,' "$dir/status.csv")'"
  grep -qE '^2,failed,[0-9.]+,"?.*often' "$dir/status.csv" && ms_ok "$name: member 2's message in status.csv: $(grep '^2,' "$dir/status.csv" | cut -d, -f4-)" || ms_fail "$name: member 2's line in status.csv: '$(grep '^2,' "$dir/status.csv")'"
  n=$(ms_error_lines "$name" | wc -l)
  [ "$n" -eq 2 ] && ms_error_lines "$name" | grep -q '^migrasim: error: member 1: ' && ms_error_lines "$name" | grep -q '^migrasim: error: member 2: ' \
    && ms_ok "$name: one error line per failed member on stderr" || { ms_fail "$name: $n error lines on stderr, not one per failed member"; ms_show "$name"; }
  grep -q 'error on rank' "$name.err" && ms_fail "$name: a member's error aborted the job"
  ms_expect_eq "$name: the members of status.csv's lines (one line per member)" "$(sweep_members_since "$dir" 1)" "0 1 2 3 "
}
check groups_of_2 4 2
check groups_of_1 2 1

lines=$(sweep_lines groups_of_2)
sweep_run 4 60 retry "$design" groups_of_2 -ranks_per_member 2
rc=$?
ran=$(sweep_members_since groups_of_2 "$lines")
[ $rc -eq 4 ] && [ "$ran" = "1 2 " ] && ms_ok "run again: only the failed members 1 and 2 are retried (and fail again)" || { ms_fail "run again: exit $rc, ran '$ran'"; ms_show retry; }
ms_finish
