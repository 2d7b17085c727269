#!/usr/bin/env bash
# sweep_bad_designs: every mistake in a design file is one line on stderr, printed once for
# the job, `migrasim: error: DESIGN:LINE: field 'X': what`, naming the file, with exit 1
# within 30 s and no member run (no SWEEPDIR). So are a world size that does not split into
# the groups and, on a resume, a design.csv that the design does not give any more. Most
# designs run as an MPI singleton (every rank parses the design alike); the first ones, and
# the options, on 2 or 3 ranks, where "once" matters.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

# check NAME MESSAGE-REGEX NP ARGS...: one error line matching the regex, exit 1.
check()
{
  local name=$1 re=$2 np=$3
  shift 3
  ms_run "$np" 30 "$name" -scenario "$MS_DEFAULT" -days 5 "$@"
  ms_expect_error "$name" "$name" $? 1 "$re"
}

# bad NAME FIELD-REGEX: a design file NAME.yml (from stdin) refused naming itself and the
# field, on $np ranks.
np=2
bad()
{
  local name=$1 field=$2 f=$1.yml
  cat >"$f"
  check "$name" "^migrasim: error: $name\\.yml:[0-9]+: field '$field': " "$np" -sweep "$f" -ranks_per_member 1 -sweep_output "out_$name"
  [ -e "out_$name" ] && ms_fail "$name: the sweep directory was created for a bad design"
}

bad unknown_setting 'parameters\.move_rules_camp_wieght' <<'YML'
sampler: sobol
points: 2
parameters:
  move_rules_camp_wieght: [0.5, 4]
YML
bad not_a_setting 'parameters\.population_scale' <<'YML'
sampler: sobol
points: 2
parameters:
  population_scale: [0.5, 4]
YML
np=0
bad reversed_range 'parameters\.move_rules_camp_weight' <<'YML'
sampler: sobol
points: 2
parameters:
  move_rules_camp_weight: [4, 0.5]
YML
bad range_not_numbers 'parameters\.move_rules_conflict_weight' <<'YML'
sampler: lhs
points: 2
parameters:
  move_rules_conflict_weight: [0.1, lots]
YML
bad range_three_values 'parameters\.move_rules_camp_weight' <<'YML'
sampler: sobol
points: 2
parameters:
  move_rules_camp_weight: [0.5, 4, 5]
YML
bad integer_range 'parameters\.move_rules_awareness_level' <<'YML'
sampler: sobol
points: 2
parameters:
  move_rules_awareness_level: [0.5, 3]
YML
bad range_of_bool 'parameters\.move_rules_start_on_foot' <<'YML'
sampler: lhs
points: 2
parameters:
  move_rules_start_on_foot: [0, 1]
YML
bad unknown_key 'paramters' <<'YML'
sampler: sobol
points: 2
paramters:
  move_rules_camp_weight: [0.5, 4]
YML
bad unknown_sampler 'sampler' <<'YML'
sampler: random
points: 2
parameters:
  move_rules_camp_weight: [0.5, 4]
YML
bad missing_points 'points' <<'YML'
sampler: sobol
parameters:
  move_rules_camp_weight: [0.5, 4]
YML
bad points_not_integer 'points' <<'YML'
sampler: sobol
points: many
parameters:
  move_rules_camp_weight: [0.5, 4]
YML
bad zero_seeds 'seeds' <<'YML'
sampler: sobol
points: 2
seeds: 0
parameters:
  move_rules_camp_weight: [0.5, 4]
YML
bad list_lengths 'parameters\.move_rules_conflict_weight' <<'YML'
sampler: list
parameters:
  move_rules_camp_weight: [1, 2]
  move_rules_conflict_weight: [0.1, 0.2, 0.3]
YML
bad not_yaml '-sweep' <<'YML'
sampler: sobol
points: 2
parameters: [
  move_rules_camp_weight: [0.5, 4]
YML
check missing_file "^migrasim: error: nothing\.yml:0: field '-sweep': cannot open" 0 -sweep nothing.yml -sweep_output out_missing

# options of the sweep
cat >good.yml <<'YML'
sampler: sobol
points: 2
parameters:
  move_rules_camp_weight: [0.5, 4]
YML
check ranks_not_divisible "^migrasim: error: option -ranks_per_member: 3 ranks do not split into groups of 2" 3 -sweep good.yml -ranks_per_member 2 -sweep_output out_div
check output_with_sweep "^migrasim: error: option -output: not with -sweep" 2 -sweep good.yml -sweep_output out_o -output x.h5

# a resume whose design changed: design.csv (seed column) no longer matches
ms_run 2 60 first -scenario "$MS_DEFAULT" -days 5 -sweep good.yml -ranks_per_member 1 -sweep_output out_changed -seed 1
rc=$?
[ $rc -eq 0 ] || { ms_fail "first sweep for the resume check: exit $rc"; ms_show first; }
check changed_design "^migrasim: error: out_changed/design\.csv:2: field 'design': differs from the design" 2 -sweep good.yml -ranks_per_member 1 -sweep_output out_changed -seed 2
ms_finish
