#!/usr/bin/env bash
# reliability_messages: refusals that once pointed at the wrong thing say what is wrong, in one
# line, on 2 ranks: an integer option beyond its range (-seed 99999999999999999999999, once read
# as -1), and a settings file that is not YAML (its line, once 0).
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
ms_finish
