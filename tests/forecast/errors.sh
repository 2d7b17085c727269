#!/usr/bin/env bash
# migrasim-forecast on bad input, on 2 ranks: each refusal is one line "migrasim-forecast: error:
# ..." (FILE:LINE where there is a line), printed once, and every rank exits non-zero (a
# backtest given a forecast's own option among them). And a
# forecast from a calibration: its members are the accepted points times the replicates, with
# the points' values (a small sweep of the default scenario, 3 members of 20 days, calibrated).
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

S=sweep
CAL_PARAMS=(move_rules_camp_weight)
CAL_EXTRA=(-days 20 -progress_every 1000)
cal_sweep $S "$MS_DEFAULT" "0,0,0,1,0.5" "1,1,0,1,1" "2,2,0,1,4"
cal_run 0 60 cal -sweep $S -accept_fraction 0.6 -output cal.h5
[ -f cal.h5 ] || { ms_fail "the small calibration failed"; ms_show cal; ms_finish; }

# expect NAME PATTERN ARGS...: on 2 ranks, exit 1 and exactly one error line matching PATTERN
expect()
{
  local name=$1 pat=$2
  shift 2
  fc_run 2 60 "$name" "$@"
  ms_expect_error "$name" "$name" $? 1 "^migrasim-forecast: error: $pat"
}
D=(-scenario "$MS_DEFAULT" -horizon 10 -replicates 2 -report none)
printf '#what,name1,name2,value,from,until\nlink,Eastgate,Border Post 7,,+1,\nlink,Eastgat,Border Post 7,,+1,\n' >bad.csv
expect bad_variant_line "bad\.csv:3: field 'name1': unknown location 'Eastgat'; did you mean 'Eastgate'\?" "${D[@]}" -variant bad.csv
printf 'closure,Tarsk,,,+1,\n' >what.csv
expect bad_variant_what "what\.csv:1: field 'what': unknown change 'closure'" "${D[@]}" -variant what.csv
printf 'capacity,Tarsk,,500,2031-03-02,\n' >past.csv
expect variant_in_the_past "past\.csv:1: field 'from': .*may not change the past" "${D[@]}" -variant past.csv
mkdir -p a b && cp past.csv a/x.csv && printf 'capacity,Tarsk,,500,,\n' >a/x.csv && cp a/x.csv b/x.csv
expect same_variant_names "option -variant: a/x\.csv and b/x\.csv have the same name 'x'" "${D[@]}" -variant a/x.csv -variant b/x.csv
expect unknown_destination "option -destinations: unknown destination 'Tarsc'.*did you mean 'Tarsk'\?" "${D[@]}" -destinations Tarsk,Tarsc
expect other_scenario "cal\.h5: field 'scenario_hash': the calibration is of another scenario" -calibration cal.h5 -scenario "$MS_TESTS/forecast/tiny" -horizon 10
expect not_a_calibration "$S/member_000000\.h5: field 'code': 'migrasim' is not a calibration" -calibration $S/member_000000.h5
expect no_calibration_file "nothere\.h5: " -calibration nothere.h5
expect groups "option -ranks_per_member: 2 ranks do not split into groups of 3" "${D[@]}" -ranks_per_member 3
expect before_start "option -forecast_from: 2031-02-01 is not after the scenario's start date" "${D[@]}" -forecast_from 2031-02-01
expect observed_inflow "option -inflow observed: the observations end on" "${D[@]}" -inflow observed
expect window "option -inflow_window: 30 days reach back beyond day 0" "${D[@]}" -forecast_from 2031-03-11
expect no_scenario "option -scenario: give the scenario, or a -calibration of it" -horizon 10
# a forecast's own option given to a backtest, which sets it for each of its forecasts
B=(-backtest -scenario "$MS_TESTS/forecast/line" -backtest_dir bt)
expect backtest_horizon "option -horizon: a backtest sets it for each of its forecasts; give -horizons LIST" "${B[@]}" -horizon 30
expect backtest_dress "option -dress: a backtest sets it for each of its forecasts" "${B[@]}" -dress x.csv
[ ! -e bt ] && ms_ok "the refused backtests wrote nothing" || ms_fail "a refused backtest wrote bt/"

# the calibration's accepted points (2 of 3) times 2 replicates; -scenario is its own
fc_run 2 120 fromcal -calibration cal.h5 -horizon 10 -replicates 2 -forecast_from 2031-04-15 -report none -output fromcal.h5
ms_expect_status "a forecast from cal.h5" 0 $? fromcal
ms_expect_eq "members (2 accepted points x 2 replicates)" "$(ms_attr fromcal.h5 members)" 4
ms_table cal.h5 /members/accepted | tr ' ' '\n' >accepted.txt
ms_table cal.h5 /members/parameters >values.txt
acc=$(paste -d' ' accepted.txt values.txt | awk '$1 == 1 { print $2; print $2 }' | tr '\n' ' ')
got=$(ms_table fromcal.h5 /members/parameters | tr '\n' ' ')
ms_expect_eq "the members' camp_weight: the accepted points', each twice" "$got" "$acc"
ms_expect_eq "the members' seeds" "$(ms_table fromcal.h5 /members/seed)" "1 2 1 2"
ms_finish
