#!/usr/bin/env bash
# bad_options: nonsense command-line options on 2 ranks. Each run must exit with status 1
# within 30 s, and the ranks together must print exactly one line on stderr (mpiexec's own
# banners aside): `migrasim: error: option -X: ...`, or PETSc's message about the option in
# that one line, or for a file the FILE:LINE form naming it. Not one line per rank, no
# "error on rank", no PETSc traceback.
. "$(dirname "$0")/../lib.sh"

printf 'move_rules:\n  default_movechance: 1.5\n' >range.yml
printf 'move_rules:\n  default_movechance: [0.3,\n  camp_weight: {\n' >broken.yml
printf 'move_rules:\n  awareness_level: abc\n' >type.yml

# case 'ARGS' 'REGEX': REGEX (grep -E) must match the one error line.
cases=(
  "-seed -3"                              "^migrasim: error: option -seed: "
  "-days 0"                               "^migrasim: error: option -days: "
  "-move_rules_default_movechance 1.5"    "^migrasim: error: option -move_rules_default_movechance: "
  "-move_rules_max_move_speed -1"         "^migrasim: error: option -move_rules_max_move_speed: "
  "-partition nonsense"                   "^migrasim: error: .*(-partition|nonsense)"
  "-settings /nonexistent.yml"            "^migrasim: error: /nonexistent\\.yml"
  "-output /nonexistent_dir/x.h5"         "^migrasim: error: .*/nonexistent_dir/x\\.h5"
  "-scenario /nonexistent"                "^migrasim: error: /nonexistent/input_csv/locations\\.csv:[0-9]+: "
  "-seed abc"                             "^migrasim: error: option -seed: 'abc' is not an integer"
  "-steal banana"                         "^migrasim: error: option -steal: 'banana' is not true or false"
  "-rebalance_target x1"                  "^migrasim: error: option -rebalance_target: 'x1' is not a number"
  "-rebalance_lookahead 200"              "^migrasim: error: option -rebalance_lookahead: "
  "-rebalance_target 0.5"                 "^migrasim: error: option -rebalance_target: "
  "-days 1e9"                             "^migrasim: error: .*(-days|1e9)"
  "-move_rules_awareness_level 7"         "^migrasim: error: option -move_rules_awareness_level: "
  "-output_flush_every -1"                "^migrasim: error: option -output_flush_every: "
  "-exchange_early_min -5"                "^migrasim: error: option -exchange_early_min: "
  "-spawn_rules_spawn_mode bogus"         "^migrasim: error: .*(spawn_mode|bogus)"
  "-move_rules_start_on_foot maybe"       "^migrasim: error: option -move_rules_start_on_foot: 'maybe' is not true or false"
  "-move_rules_camp_weight nan"           "^migrasim: error: option -move_rules_camp_weight: "
  "-settings range.yml"                   "^migrasim: error: .*default_movechance"
  "-settings type.yml"                    "^migrasim: error: .*(type\\.yml|awareness_level)"
  "-settings broken.yml"                  "^migrasim: error: .*broken\\.yml"
)

k=0
for ((c = 0; c < ${#cases[@]}; c += 2)); do
  args=${cases[c]} re=${cases[c + 1]}
  k=$((k + 1))
  # shellcheck disable=SC2086 # ARGS are words
  ms_run 2 30 case$k -scenario "$MS_DEFAULT" -output case$k.h5 -days 5 $args
  ms_expect_error "'$args'" case$k $? 1 "$re"
done

# -help lists the run's options and the model's settings, runs nothing and writes nothing
ms_run 0 60 help -help -output help.h5
rc=$?
missing=""
for o in -scenario -output -seed -rebalance_threshold -checkpoint_every -move_rules_camp_weight -sweep; do
  grep -q -- "$o" help.out || missing="$missing $o"
done
if [ $rc -eq 0 ] && [ -z "$missing" ] && [ ! -e help.h5 ] && ! grep -q '^day ' help.out; then
  ms_ok "-help lists the options and runs nothing"
else
  ms_fail "-help: exit $rc, missing:${missing:- none}$([ -e help.h5 ] && echo ', and it wrote an output')"
fi
ms_finish
