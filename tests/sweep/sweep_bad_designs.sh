#!/usr/bin/env bash
# sweep_bad_designs: every mistake in a design file is one line on stderr, printed once for
# the job, `migrasim: error: DESIGN:LINE: field 'X': what`, naming the file, with exit 1
# within 30 s and no member run (no SWEEPDIR). So are a world size that does not split into
# the groups and, on a resume, a design.csv that the design does not give any more. Most
# designs run as an MPI singleton (every rank parses the design alike); the first ones, and
# the options, on 2 or 3 ranks, where "once" matters.
. "$(dirname "$0")/lib.sh"

# check NAME MESSAGE-REGEX NP ARGS...: one error line matching the regex, exit 1.
check()
{
  local name=$1 re=$2 np=$3 log=$MS_TMP/$1 rc lines n
  shift 3
  ms_run "$np" 30 "$log" -scenario "$MS_DEFAULT" -days 5 "$@"
  rc=$?
  lines=$(ms_stderr_lines "$log")
  n=0; [ -n "$lines" ] && n=$(printf '%s\n' "$lines" | wc -l)
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then ms_fail "$name: no exit within 30 s (hang)"; ms_show "$log"
  elif [ $rc -ne 1 ]; then ms_fail "$name: exit $rc, not 1"; ms_show "$log"
  elif [ "$n" -ne 1 ]; then ms_fail "$name: $n lines on stderr, not one"; ms_show "$log"
  elif ! printf '%s\n' "$lines" | grep -qE "$re"; then ms_fail "$name: the error line does not match /$re/"; ms_show "$log"
  else ms_ok "$name: $lines"; fi
}

# bad NAME FIELD-REGEX: a design file NAME.yml (from stdin) refused naming itself and the
# field, on $np ranks.
np=2
bad()
{
  local name=$1 field=$2 f=$MS_TMP/$1.yml
  cat >"$f"
  check "$name" "^migrasim: error: $f:[0-9]+: field '$field': " "$np" -sweep "$f" -ranks_per_member 1 -sweep_output "$MS_TMP/out_$name"
  [ -e "$MS_TMP/out_$name" ] && ms_fail "$name: the sweep directory was created for a bad design"
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
check missing_file "^migrasim: error: $MS_TMP/nothing.yml:0: field '-sweep': cannot open" 0 -sweep "$MS_TMP/nothing.yml" -sweep_output "$MS_TMP/out_missing"

# options of the sweep
cat >"$MS_TMP/good.yml" <<'YML'
sampler: sobol
points: 2
parameters:
  move_rules_camp_weight: [0.5, 4]
YML
check ranks_not_divisible "^migrasim: error: option -ranks_per_member: 3 ranks do not split into groups of 2" 3 -sweep "$MS_TMP/good.yml" -ranks_per_member 2 -sweep_output "$MS_TMP/out_div"
check output_with_sweep "^migrasim: error: option -output: not with -sweep" 2 -sweep "$MS_TMP/good.yml" -sweep_output "$MS_TMP/out_o" -output "$MS_TMP/x.h5"

# a resume whose design changed: design.csv (seed column) no longer matches
ms_run 2 60 "$MS_TMP/first" -scenario "$MS_DEFAULT" -days 5 -sweep "$MS_TMP/good.yml" -ranks_per_member 1 -sweep_output "$MS_TMP/out_changed" -seed 1
rc=$?
[ $rc -eq 0 ] || { ms_fail "first sweep for the resume check: exit $rc"; ms_show "$MS_TMP/first"; }
check changed_design "^migrasim: error: $MS_TMP/out_changed/design.csv:2: field 'design': differs from the design" 2 -sweep "$MS_TMP/good.yml" -ranks_per_member 1 -sweep_output "$MS_TMP/out_changed" -seed 2
ms_finish
