#!/usr/bin/env bash
# settings_flee: Flee's whole settings layout (MODEL.md section 7b), and nothing ignored in
# silence. tests/settings/flee/simsetting.yml holds the four groups, comments, Flee's logging
# keys, every setting migrasim applies and the keys of the features it does not model at
# Flee's defaults.
#   - the file runs, on 1 and 3 ranks alike; the output's attributes hold its values, and the
#     same values given as options give the same /daily
#   - each key of move_rules, spawn_rules and optimisations misspelt (its second letter
#     dropped): one line FILE:LINE: setting 'group.key': unknown; did you mean 'group.key'?
#   - each key of a feature not modelled, with a value other than Flee's default: one line
#     FILE:LINE: setting 'group.key': Flee's ... are not modelled; as an option too, where
#     Flee's default is accepted
#   - each setting's option misspelt: option -X: unknown setting; did you mean -Y?
#   - the options of a run and of a sweep misspelt: option -X: unknown; did you mean -Y?, on 2
#     ranks; a member's option in a sweep is no mistake; PETSc's own options keep working
# Every refusal: exit 1, one line on stderr, no output file.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

# a 1-rank run starts faster as an isolated singleton (tests/runs/robustness_fuzz.sh)
export OMPI_MCA_ess_singleton_isolated=1 OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 OMPI_MCA_osc=^ucx OMPI_MCA_mtl=^ofi
YML=$MS_TESTS/settings/flee/simsetting.yml
RUN=(-scenario "$MS_DEFAULT" -days 5 -seed 3)

ms_must_run 0 120 file "${RUN[@]}" -settings "$YML" -output file.h5 -flee_csv none
ms_must_run 3 120 file3 "${RUN[@]}" -settings "$YML" -output file3.h5 -flee_csv none
ms_same file.h5 file3.h5 "Flee's layout: 1 rank vs 3 ranks" /daily
for kv in move_rules.max_move_speed=360 move_rules.softening=40 move_rules.distance_power=0.80000000000000004 \
  move_rules.capacity_scaling=1.1000000000000001 move_rules.avoid_short_stints=true \
  move_rules.camp_weight=2 move_rules.foreign_weight=1.5 move_rules.conflict_movechance=0.90000000000000002 \
  move_rules.awareness_level=2 move_rules.weight_power=1.2 move_rules.start_on_foot=true \
  spawn_rules.conflict_spawn_decay=1,1,0.80000000000000004,0.40000000000000002,0.10000000000000001; do
  ms_expect_eq "attribute ${kv%%=*} from the file" "$(ms_attr file.h5 "${kv%%=*}")" "${kv#*=}"
done
ms_must_run 0 120 opts "${RUN[@]}" -move_rules_max_move_speed 360 -move_rules_softening 40 \
  -move_rules_distance_power 0.8 -move_rules_capacity_scaling 1.1 \
  -move_rules_avoid_short_stints true -move_rules_default_movechance 0.4 \
  -move_rules_max_walk_speed 30 -move_rules_conflict_weight 0.3 -move_rules_camp_movechance 0.002 \
  -move_rules_camp_weight 2 -move_rules_foreign_weight 1.5 -move_rules_conflict_movechance 0.9 \
  -move_rules_awareness_level 2 -move_rules_weight_power 1.2 -move_rules_start_on_foot true \
  -spawn_rules_conflict_spawn_decay 1,1,0.8,0.4,0.1 -spawn_rules_conflict_spawn_decay_interval 20 \
  -output opts.h5 -flee_csv none
ms_same file.h5 opts.h5 "the file's values as options" /daily

# refused NAME REGEX ARGS...: migrasim refuses ARGS with one line matching REGEX, writing nothing.
refused()
{
  local name=$1 re=$2
  shift 2
  ms_run 0 30 "$name" "${RUN[@]}" -output "$name.h5" -flee_csv none "$@"
  ms_expect_error "$name" "$name" $? 1 "$re"
  [ ! -e "$name.h5" ] || ms_fail "$name: an output was written"
}

# the file's keys (group.key LINE), without the groups, Flee's logging and the features
UNSUPPORTED=" flood_rules flood_driven_spawning flood_zone_spawning_only starvation_driven_spawning
  read_from_agents_csv_file flee_when_starving avoid_food_deprived_locations two_system_decision_making
  use_economic_pull fixed_routes pruning_threshold average_social_connectivity use_v1_rules
  MatchCampEthnicity MatchCampReligion MatchTownEthnicity MatchConflictEthnicity WomenAvoidHazards
  ChildrenAvoidHazards ElderlyAvoidHazards BoysTakeRisk avg_religion_fraction"
UNSUPPORTED=" $(printf '%s ' $UNSUPPORTED)" # one line, a space around each key
keys=$(awk '/^[a-z_]+:/ { g = $1; sub(/:.*/, "", g); next }
  /^  [A-Za-z_]+:/ { k = $1; sub(/:.*/, "", k); print g "." k, NR }' "$YML")
n=0
while read -r key line; do
  group=${key%%.*} leaf=${key#*.}
  [ "$group" = log_levels ] && continue
  case $UNSUPPORTED in *" $leaf "*) continue ;; esac
  bad=${leaf:0:1}${leaf:2}
  sed "${line}s/^  $leaf:/  $bad:/" "$YML" >misspelt.yml
  refused "key_$leaf" "^migrasim: error: misspelt\\.yml:$line: setting '$group\\.$bad': unknown; did you mean '$key'\\?$" \
    -settings misspelt.yml
  refused "option_$leaf" "^migrasim: error: option -${group}_$bad: unknown setting; did you mean -${group}_$leaf\\?$" \
    "-${group}_$bad" 1
  n=$((n + 1))
done <<<"$keys"
[ $n -ge 30 ] || ms_fail "only $n keys misspelt: the file's keys were not found"

# Flee's features migrasim does not model: another value than Flee's is refused
while read -r key line; do
  leaf=${key#*.}
  case $UNSUPPORTED in *" $leaf "*) ;; *) continue ;; esac
  case $leaf in pruning_threshold) v=2 ;; average_social_connectivity | avg_religion_fraction) v=0.5 ;; *) v=True ;; esac
  sed "${line}s/^  $leaf:.*/  $leaf: $v/" "$YML" >feature.yml
  refused "feature_$leaf" "^migrasim: error: feature\\.yml:$line: setting '${key//./\\.}': Flee's .* are not modelled by migrasim" \
    -settings feature.yml
  refused "feature_option_$leaf" "^migrasim: error: option -${key/./_}: Flee's .* are not modelled by migrasim" "-${key/./_}" "$v"
done <<<"$keys"
ms_must_run 0 120 feature_defaults "${RUN[@]}" -move_rules_two_system_decision_making false \
  -move_rules_pruning_threshold 1 -spawn_rules_flood_driven_spawning 0 -output defaults.h5 -flee_csv none
ms_ok "Flee's defaults of features not modelled, as options: accepted"

# the options of a run, misspelt, on 2 ranks: one line for the job
for o in sed:seed ouput:output partiton:partition dyas:days checkpoint_evry:checkpoint_every \
  step_blok:step_block rebalance_treshold:rebalance_threshold log_dayz:log_days; do
  ms_run 2 60 "run_${o%%:*}" "${RUN[@]}" -output "run.h5" -flee_csv none "-${o%%:*}" 1
  ms_expect_error "-${o%%:*}" "run_${o%%:*}" $? 1 \
    "^migrasim: error: option -${o%%:*}: unknown; did you mean -${o#*:}\\? \\(migrasim -help lists the options\\)$"
done
refused unknown_far "^migrasim: error: option -frobnicate: unknown \\(migrasim -help lists the options\\)$" -frobnicate

# a sweep: its own options and its members' are known; a misspelt one is not
printf 'sampler: list\nparameters:\n  move_rules_camp_weight: [1, 2]\n' >design.yml
ms_run 2 60 sweep_bad -scenario "$MS_DEFAULT" -days 3 -sweep design.yml -ranks_per_member 1 \
  -sweep_output sweep_bad -step_blok 8
ms_expect_error "a sweep with -step_blok" sweep_bad $? 1 "^migrasim: error: option -step_blok: unknown; did you mean -step_block\\?"
[ ! -e sweep_bad ] || ms_fail "a sweep with a misspelt option created its directory"
ms_run 2 120 sweep_ok -scenario "$MS_DEFAULT" -days 3 -sweep design.yml -ranks_per_member 1 \
  -sweep_output sweep_ok -step_block 8 -partition location -flee_csv none
ms_expect_status "a sweep with its members' options (-step_block, -partition, -flee_csv)" 0 $? sweep_ok

# PETSc's own options keep working
ms_run 0 60 petsc "${RUN[@]}" -output petsc.h5 -flee_csv none -log_view ascii:petsc.log \
  -mat_partitioning_type parmetis -malloc_debug 0 -options_left 0
ms_expect_status "-log_view, -mat_partitioning_type, -malloc_debug, -options_left" 0 $? petsc
if grep -q "Summary of Stages" petsc.log 2>/dev/null; then ms_ok "-log_view wrote its log"
else ms_fail "-log_view wrote no log"; fi
ms_run 0 60 help -help
ms_expect_status "-help" 0 $? help
grep -q -- "-spawn_rules_camps_are_sinks" help.out && ms_ok "-help lists the settings" ||
  ms_fail "-help does not list -spawn_rules_camps_are_sinks"
ms_finish
