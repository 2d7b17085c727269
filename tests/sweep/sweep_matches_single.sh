#!/usr/bin/env bash
# sweep_matches_single: a sweep of 4 members (sobol, 2 points x 2 seeds) on 4 ranks in groups
# of 2 writes design.csv and status.csv as docs/sweeps.md specifies, and each member's file
# (complete, with member/point/replicate attributes) has the same /daily as a single 2-rank
# run with the parameters and seed that design.csv lists.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

design=design.yml
cat >$design <<'YML'
sampler: sobol
points: 2
seeds: 2
seed: 5
parameters:
  move_rules_camp_weight: [0.5, 4.0]
  move_rules_conflict_weight: [0.05, 1.0]
  move_rules_awareness_level: [0, 2]
YML
dir=sw
sweep_run 4 60 sweep "$design" "$dir" -ranks_per_member 2
rc=$?
if [ $rc -ne 0 ]; then ms_fail "sweep exited with $rc"; ms_show sweep; ms_finish; fi
ms_ok "sweep of 4 members on 4 ranks in groups of 2: exit 0"

hdr=$(head -n 1 "$dir/design.csv")
want='member,point,replicate,seed,move_rules_awareness_level,move_rules_camp_weight,move_rules_conflict_weight'
[ "$hdr" = "$want" ] && ms_ok "design.csv header: $hdr" || ms_fail "design.csv header is '$hdr', not '$want'"
[ "$(wc -l <"$dir/design.csv")" -eq 5 ] && ms_ok "design.csv: 4 members" || ms_fail "design.csv has $(wc -l <"$dir/design.csv") lines, not 5"
[ "$(head -n 1 "$dir/status.csv")" = "member,status,seconds,message" ] && ms_ok "status.csv header" || ms_fail "status.csv header is '$(head -n 1 "$dir/status.csv")'"
[ "$(sweep_members_with "$dir" done)" = "0 1 2 3 " ] && ms_ok "status.csv: members 0-3 done" || ms_fail "status.csv: done members are '$(sweep_members_with "$dir" done)'"
ms_expect_eq "the members of status.csv's lines (one line per member)" "$(sweep_members_since "$dir" 1)" "0 1 2 3 "

# each member alone, on 2 ranks, with the values of design.csv
while IFS=, read -r m point rep seed aw cw kw; do
  f=$(printf '%s/member_%06d.h5' "$dir" "$m")
  [ -f "$f" ] || { ms_fail "member $m: $f missing"; continue; }
  [ -f "${f%.h5}.out.csv" ] || ms_fail "member $m: ${f%.h5}.out.csv missing"
  got="$(ms_attr "$f" member),$(ms_attr "$f" point),$(ms_attr "$f" replicate),$(ms_attr "$f" seed),$(ms_attr "$f" complete)"
  [ "$got" = "$m,$point,$rep,$seed,1" ] && ms_ok "member $m: attributes member,point,replicate,seed,complete = $got" || ms_fail "member $m: attributes member,point,replicate,seed,complete are $got, not $m,$point,$rep,$seed,1"
  [ "$(ms_attr "$f" move_rules.camp_weight)" = "$(printf '%.17g' "$cw")" ] || ms_fail "member $m: move_rules.camp_weight attribute $(ms_attr "$f" move_rules.camp_weight), design $cw"
  ms_run_ok 2 60 single$m -scenario "$MS_DEFAULT" -days 30 -seed "$seed" -move_rules_awareness_level "$aw" \
    -move_rules_camp_weight "$cw" -move_rules_conflict_weight "$kw" -output single$m.h5 -flee_csv none </dev/null || continue
  ms_same "$f" single$m.h5 "member $m (seed $seed, awareness $aw, camp_weight $cw, conflict_weight $kw) vs its single 2-rank run" /daily
done < <(tail -n +2 "$dir/design.csv")
ms_finish
