#!/usr/bin/env bash
# checkpoint_output_history: the output of a run continued several times tells its story:
# its "restarts" attribute gets one entry per restart, each appended to the earlier ones
# kept verbatim ("day D on N ranks", with the settings changed through
# -restart_allow_changed_settings), and "days" is the last segment's. A seed changed with
# -restart_allow_changed_settings (accepted) is recorded as well: the output's seed
# attribute alone would claim the whole run had the first seed.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

S=(-scenario "$MS_DEFAULT" -flee_csv none -checkpoint_every 10)

ms_must_run 2 120 seg1 "${S[@]}" -seed 3 -days 10 -output out.h5 -checkpoint_prefix ck
ms_expect_eq "restarts attribute of a run never restarted" "$(ms_attr out.h5 restarts)" ""

# restart 1, with a changed setting
ms_must_run 1 120 seg2 "${S[@]}" -seed 3 -days 20 -output out.h5 -checkpoint_prefix ck -restart ck.h5 -move_rules_camp_weight 2 -restart_allow_changed_settings
r1=$(ms_attr out.h5 restarts)
case $r1 in
*"day 10"*"move_rules.camp_weight: 1 -> 2") ms_ok "restarts after the first restart: '$r1'" ;;
*) ms_fail "restarts after the first restart: '$r1' (expected 'day 10 on 1 rank(s), settings changed: move_rules.camp_weight: 1 -> 2')" ;;
esac

# restart 2, with the setting of the checkpoint (camp_weight 2): nothing changed
ms_must_run 3 120 seg3 "${S[@]}" -seed 3 -days 30 -output out.h5 -checkpoint_prefix ck -restart ck.h5 -move_rules_camp_weight 2
r2=$(ms_attr out.h5 restarts)
case $r2 in
"$r1; day 20 on 3 ranks") ms_ok "restarts after the second restart: '$r2'" ;;
*) ms_fail "restarts after the second restart: '$r2', expected the first entry verbatim and the second: '$r1; day 20 on 3 ranks'" ;;
esac
ms_expect_eq "days attribute after the second restart" "$(ms_attr out.h5 days)" 30

# restart 3, with another seed (accepted with -restart_allow_changed_settings)
ms_run 2 120 seg4 "${S[@]}" -seed 4 -days 40 -output out.h5 -checkpoint_prefix ck -restart ck.h5 -move_rules_camp_weight 2 -restart_allow_changed_settings
ms_expect_status "restart with -seed 4 and -restart_allow_changed_settings" 0 $? seg4
r3=$(ms_attr out.h5 restarts)
case $r3 in
"$r2; day 30 on 2 ranks"*) ms_ok "restarts after the third restart keeps the earlier entries: '$r3'" ;;
*) ms_fail "restarts after the third restart: '$r3', expected the earlier entries verbatim: '$r2; day 30 on 2 ranks...'" ;;
esac
case ${r3#"$r2"} in
*"day 30"*seed*) ms_ok "restarts after the third restart records the seed change: '${r3#"$r2"}'" ;;
*) ms_fail "restarts after the third restart does not record the seed change (3 -> 4): '$r3'" ;;
esac
ms_expect_eq "/daily rows after three restarts" "$(ms_rows out.h5 /daily/population)" 40

ms_finish
