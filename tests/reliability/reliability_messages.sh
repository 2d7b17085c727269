#!/usr/bin/env bash
# reliability_messages: refusals that once pointed at the wrong thing say what is wrong, in one
# line, on 2 ranks: an integer option beyond its range (-seed 99999999999999999999999, once read
# as -1), a settings file that is not YAML (its line, once 0), and a data-driven run of a
# scenario without observed series (once a run of no agents with exit 0), which is refused
# without writing anything; with conflict-driven spawning the same scenario runs.
. "$(dirname "$0")/../lib.sh"

S=(-scenario "$MS_DEFAULT" -days 5 -flee_csv none -output out.h5)
for opt in seed days checkpoint_every; do
  ms_run 2 60 big_$opt "${S[@]}" -$opt 99999999999999999999999
  ms_expect_error "-$opt 99999999999999999999999" big_$opt $? 1 \
    "option -$opt: 99999999999999999999999 is out of range"
done
printf 'move_rules:\n  max_move_speed: 200\n  bad: [1, 2\n' >bad.yml
ms_run 2 60 yaml "${S[@]}" -settings bad.yml
ms_expect_error "a settings file that is not YAML" yaml $? 1 '^migrasim: error: bad\.yml:[1-9][0-9]*: '
cp -r "$MS_DEFAULT" noseries && rm -r noseries/source_data
ms_run 2 60 noseries -scenario noseries -days 5 -output noseries.h5
ms_expect_error "a data-driven run without observed series" noseries $? 1 \
  "noseries/source_data/data_layout.csv: file not found: data-driven spawning"
[ ! -e noseries.h5 ] && [ ! -e noseries.h5.partial ] && ms_ok "the refused run wrote no output" ||
  ms_fail "the refused run wrote an output"
# only the total, which data-driven spawning does not follow with sum_from_camps (the default)
mkdir -p camps/source_data && cp -r "$MS_DEFAULT/input_csv" camps/ &&
  rm -f camps/input_csv/registration_corrections.csv && cp "$MS_DEFAULT/source_data/total.csv" camps/source_data/ &&
  echo total,total.csv >camps/source_data/data_layout.csv
ms_run 1 60 nocamps -scenario camps -days 5 -output nocamps.h5
ms_expect_error "a data-driven run whose data_layout.csv names no camp series" nocamps $? 1 \
  "camps/source_data/data_layout.csv: field 'name': no camp series \\(spawn_rules.sum_from_camps true\\): data-driven"
ms_run_ok 1 60 total -scenario camps -days 5 -output total.h5 -spawn_rules_sum_from_camps false &&
  ms_ok "the same scenario runs following its total (sum_from_camps false)"
ms_run_ok 2 60 conflict -scenario noseries -days 5 -output conflict.h5 -spawn_rules_conflict_driven_spawning true &&
  ms_ok "the same scenario runs conflict-driven"
ms_finish
