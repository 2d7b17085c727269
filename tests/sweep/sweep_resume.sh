#!/usr/bin/env bash
# sweep_resume: a sweep of 6 members (lhs, 3 points x 2 seeds) on 4 ranks in groups of 2 is
# killed (SIGKILL, no clean-up) once 2 members have finished (-sweep_test_kill_after 2).
# Run again with the same command, it runs exactly the members without a `done` line in
# status.csv, plus one whose file was deleted meanwhile (done but not complete), and skips
# the others; in the end every member is done and its /daily equals that of an
# uninterrupted sweep. A third run finds nothing to do.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

design=design.yml
cat >$design <<'YML'
sampler: lhs
points: 3
seeds: 2
parameters:
  move_rules_camp_weight: [0.5, 4.0]
  move_rules_default_movechance: [0.2, 0.5]
YML
all="0 1 2 3 4 5 "

sweep_run 4 60 full "$design" full -ranks_per_member 2 -seed 11
rc=$?
[ $rc -eq 0 ] && [ "$(sweep_members_with full done)" = "$all" ] && ms_ok "uninterrupted sweep: 6 members done" || { ms_fail "uninterrupted sweep: exit $rc, done '$(sweep_members_with full done)'"; ms_show full; ms_finish; }

dir=sw
sweep_run 4 60 killed "$design" "$dir" -ranks_per_member 2 -seed 11 -sweep_test_kill_after 2
rc=$?
before=$(sweep_members_with "$dir" done)
nbefore=$(echo $before | wc -w)
if [ $rc -eq 0 ] || [ $rc -eq 124 ]; then ms_fail "killed sweep: exit $rc, not killed"; ms_show killed; ms_finish; fi
if [ "$nbefore" -lt 2 ] || [ "$nbefore" -ge 6 ]; then ms_fail "killed sweep: $nbefore members done ('$before'), not 2 to 5"; ms_show killed; ms_finish; fi
ms_ok "killed sweep: exit $rc with members ${before% } done"

# a member recorded done whose file is gone must run again; so must every other not done
gone=${before%% *}
rm -f "$(printf '%s/member_%06d.h5' "$dir" "$gone")"
expect=$( (echo "$gone"; for m in $all; do case " $before " in *" $m "*) ;; *) echo "$m" ;; esac; done) | sort -n | tr '\n' ' ')

lines=$(sweep_lines "$dir")
sweep_run 4 60 resumed "$design" "$dir" -ranks_per_member 2 -seed 11
rc=$?
ran=$(sweep_members_since "$dir" "$lines")
[ $rc -eq 0 ] && ms_ok "resumed sweep: exit 0" || { ms_fail "resumed sweep: exit $rc"; ms_show resumed; }
[ "$ran" = "$expect" ] && ms_ok "resumed sweep ran exactly members $ran(not done before, or file deleted)" || ms_fail "resumed sweep ran members '$ran', expected '$expect'"
grep -q "resuming: $(echo $expect | wc -w) to run, $((6 - $(echo $expect | wc -w))) done before" resumed.out && ms_ok "resumed sweep says what it skips" || ms_fail "resumed sweep: no line 'resuming: N to run, M done before'"
[ "$(sweep_members_with "$dir" done)" = "$all" ] && ms_ok "status.csv: all 6 members done" || ms_fail "status.csv: done members '$(sweep_members_with "$dir" done)'"
cmp -s "$dir/design.csv" full/design.csv && ms_ok "design.csv as the uninterrupted sweep's" || ms_fail "design.csv differs from the uninterrupted sweep's"
for m in $all; do
  f=$(printf 'member_%06d.h5' "$m")
  [ "$(ms_attr "$dir/$f" complete)" = 1 ] || ms_fail "member $m: complete is not 1"
  ms_same "$dir/$f" "full/$f" "member $m, interrupted and resumed vs uninterrupted" /daily
done

lines=$(sweep_lines "$dir")
sweep_run 4 60 again "$design" "$dir" -ranks_per_member 2 -seed 11
rc=$?
ran=$(sweep_members_since "$dir" "$lines")
[ $rc -eq 0 ] && [ -z "$ran" ] && ms_ok "a finished sweep run again runs nothing" || { ms_fail "finished sweep run again: exit $rc, ran '$ran'"; ms_show again; }
ms_finish
