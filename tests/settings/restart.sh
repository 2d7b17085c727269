#!/usr/bin/env bash
# settings_restart: with every setting of MODEL.md section 7b that carries state from day to day
# on (take_from_population's populations, camps_are_sinks' leave clocks and removed agents,
# movechance_pop_*'s move chances, which redraw the waiting times when they change) and the
# route rules (use_pop_for_loc_weight, stay_close_to_home), 40 days straight and in three
# segments restarted from checkpoints on 2, 1 and 3 ranks give the same /daily and the same
# final checkpoint bit for bit (tests/lib.sh: ck_segments). Then a restart that turns
# camps_are_sinks off: nobody leaves from then on, and the conservation holds.
#
# The scenario is the default one, whose camps get a deactivation_probability of 0.02.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

cp -R "$MS_DEFAULT" sinkdef
awk -F, 'BEGIN { OFS = "," }
  /^#name/ { print $0 ",deactivation_probability"; next }
  /^#/ || NF < 6 { print; next }
  { print $0 "," ($6 ~ /camp/ ? "0.02" : "") }' "$MS_DEFAULT/input_csv/locations.csv" >sinkdef/input_csv/locations.csv
ck_segments "section 7b" -scenario sinkdef -seed 3 -spawn_rules_take_from_population true \
  -spawn_rules_camps_are_sinks true -move_rules_movechance_pop_scale_factor 0.1 \
  -move_rules_use_pop_for_loc_weight true -move_rules_stay_close_to_home true
removed=$(ms_sum straight.h5 /daily/removed)
if [ -n "$removed" ] && [ "$removed" -gt 0 ]; then ms_ok "the straight run removed $removed agents"
else ms_fail "the straight run removed '$removed' agents: the comparison proves nothing"; fi

# camps_are_sinks turned off on a restart (allowed): nobody leaves after day 14
cp seg.h5 off.h5
ms_must_run 2 120 off -scenario sinkdef -seed 3 -spawn_rules_take_from_population true \
  -move_rules_movechance_pop_scale_factor 0.1 -move_rules_use_pop_for_loc_weight true \
  -move_rules_stay_close_to_home true -days 40 -output off.h5 -flee_csv none \
  -checkpoint_prefix ck_off -restart ck_seg1.h5 -restart_allow_changed_settings
ms_expect_eq "removed after the restart without camps_are_sinks" \
  "$(ms_table off.h5 /daily/removed | tail -n +16 | tr ' ' '\n' | sort -u | tr '\n' ' ')" "0 "
ms_expect_eq "removed before it (days 0-14) as the straight run's" \
  "$(ms_table off.h5 /daily/removed | head -n 15 | md5sum)" "$(ms_table straight.h5 /daily/removed | head -n 15 | md5sum)"
ms_finish
