#!/usr/bin/env bash
# A forecast from day T sees only the observations dated T or before (MSScenarioCutSeries,
# MODEL.md section 10), and a backtest scores only where the truth is an observation.
# 1. tests/forecast/cut (camps observed on days 0, 10, 20), forecast from day 15 (2030-01-16)
#    with persist inflow and transit assimilation, 3 members, and member 1's run written: the
#    same forecast.h5 /baseline, /members, the observed series up to F and member 1's /daily,
#    whatever the observations of day 20 are (a copy with other counts there); its hidden
#    observations after F differ, and with -forecast_lookahead true (the series interpolated
#    through day 20) so does the forecast: the comparisons can fail.
# 2. -backtest on tests/forecast/line (Camp A observed at 0, 1500, 3000, 5000 and Camp B at 0,
#    500, 1000, 1000 on days 0, 20, 40, 60; every agent reaches Camp A the day it is spawned,
#    Camp B is out of reach), cut T = 30, horizons 5, 10, 30, observed inflow, scored only on
#    observation days (-backtest_score_within 0). As known on T the camps are held at 1500 and
#    500 from day 20 on, the total at 2000; so the members have 2000 at Camp A at T. The
#    observed inflow spawns to the observed total 100 (T + h): 1100 on day 31, then 100 a day.
#      h 5: day 35 is no observation day: not scored (-backtest_score_at daily scores it).
#      y (A, B): h 10: 3000, 1000; h 30: 5000, 1000.
#      assimilated at T to 1500, 500: members 1500 + 100 (T + h) - 2000, 500: h 10 3500, 500;
#        h 30 5500, 500 (sums 4000 and 6000, the observed: no rescaling). MAE 1000, 1000.
#      free (none): 100 (T + h), 0: MAE 2000, 2000.
#      persistence 1500, 500: MAE 2000, 4000.
#      trend: least squares over days 0..30 of 75 t (to day 20), 1500 (Camp B a third of it):
#        1817.54 + 55.04 h: h 10 2367.94, 789.31 (MAE 842.742); h 30 3468.75, 1156.25 (1687.5).
#      recent shares: 100 (T + h) - 2000 split 3/4, 1/4 (the increases since day 0): h 10 3000,
#        1000 (exact: MAE 0, skill undefined); h 30 4500, 1500 (MAE 1000).
# 3. The same with Camp B's observation of day 40 moved to day 41 (B(40) = 500 + 500 x 20/21,
#    976), horizon 10: only Camp A is scored at day 40, the members still rescaled over both
#    camps (O = S = 3976: no change), not over Camp A alone (which would make it exact).
#      assimilated: A 1500 + 3976 - 2000 = 3476, y 3000: MAE 476; persistence 1500: skill 476/1500.
#      free: A 3976: MAE 976, skill 976/1500.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump
ms_need h5diff

S=$MS_TESTS/forecast/cut
fc_cut_copy other 's/^2030-01-21,.*/2030-01-21,5000/'
ARGS=(-forecast_from 2030-01-16 -horizon 5 -replicates 3 -inflow_window 14 -report none -member_output_member 1
  -move_rules_default_movechance 1 -move_rules_camp_movechance 0)
fc_run 2 120 a -scenario "$S" "${ARGS[@]}" -output a.h5 -member_output ma.h5 || { ms_fail "forecast: exit $?"; ms_show a; }
fc_run 2 120 b -scenario other "${ARGS[@]}" -output b.h5 -member_output mb.h5 || { ms_fail "forecast of the copy: exit $?"; ms_show b; }
ms_expect_same_tables a.h5 b.h5 /baseline/occupancy /baseline/arrivals /observed/occupancy \
  /members/point /members/seed /members/assimilated
ms_same ma.h5 mb.h5 "member 1's run" /daily/population
ms_differ a.h5 b.h5 "the hidden observations" /observed/hidden
fc_run 2 120 la -scenario "$S" "${ARGS[@]}" -forecast_lookahead true -output la.h5 -member_output mla.h5 || ms_fail "lookahead: exit $?"
fc_run 2 120 lb -scenario other "${ARGS[@]}" -forecast_lookahead true -output lb.h5 -member_output mlb.h5 || ms_fail "lookahead, copy: exit $?"
ms_differ la.h5 lb.h5 "with -forecast_lookahead true" /baseline/occupancy
ms_expect_eq "series_cut_at_F" "$(ms_attr a.h5 /input/series_cut_at_F)" true
# /observed/point marks the observation dates only (days 0, 10 and 20: Camp A's, the first
# destination), where /observed interpolates every day
fd=$(ms_attr a.h5 /first_day)
ms_expect_eq "Camp A's observation dates in /observed/point" \
  "$(ms_table a.h5 /observed/point | awk -v fd="$fd" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == 1) printf "%d ", fd + i - 1 }')" "0 10 20 "

# 1b. Which camps are assimilated at F follows what is known on F too: on a copy whose camps'
#     observations of day 20 are gone (their series end on day 10) the same forecast; there the
#     camps last observed on day 10 are assimilated on day 15 (any age by default), and with
#     -assimilate_max_age 4 (5 days old) none is.
fc_cut_copy ended '/^2030-01-21,/d'
fc_run 2 120 e -scenario ended "${ARGS[@]}" -output e.h5 || ms_fail "forecast of the ended copy: exit $?"
ms_expect_same_tables a.h5 e.h5 /baseline/occupancy /baseline/arrivals /members/assimilated
moved() { ms_table "$1" /members/assimilated | awk '{ for (i = 1; i <= NF; i++) s += $i < 0 ? -$i : $i } END { printf "%.0f\n", s }'; }
if [ "$(moved a.h5)" -gt 0 ]; then ms_ok "assimilated at F: $(moved a.h5) agents moved"; else ms_fail "nothing assimilated at F"; fi
fc_run 2 120 y -scenario "$S" "${ARGS[@]}" -assimilate_max_age 4 -output y.h5 || ms_fail "-assimilate_max_age 4: exit $?"
ms_expect_eq "-assimilate_max_age 4: agents the assimilation moved" "$(moved y.h5)" 0
ms_expect_eq "assimilate_max_age in /input" "$(ms_attr y.h5 /input/assimilate_max_age)" 4

L=(-scenario "$MS_TESTS/forecast/line" -backtest_points 2 -backtest_accept 1 -replicates 1
  -horizons 5,10,30 -move_rules_camp_movechance 0 -cuts 30 -backtest_assimilate observed,none)
fc_run 2 200 bt -backtest "${L[@]}" -backtest_dir bt -backtest_score_within 0
ms_expect_status "the backtest" 0 $? bt
[ -f bt/backtest.csv ] || ms_finish
# the rows of bt/backtest.csv, within 1e-6 (fc_expect_row)
expect() { fc_expect_row bt/backtest.csv 1e-6 "$@"; }
TR10=842.741935483871 TR30=1687.5
expect observed observed 5 "observed,observed,5,0,0,,,,,,,,,,"
expect observed observed 10 "observed,observed,10,1,2,1000,1000,0,0,2000,$TR10,0,0.5,$(awk -v t=$TR10 'BEGIN { printf "%.9f", 1000 / t }'),"
expect observed observed 30 "observed,observed,30,1,2,1000,1000,0,0,4000,$TR30,1000,0.25,$(awk -v t=$TR30 'BEGIN { printf "%.9f", 1000 / t }'),1"
expect observed none 10 "observed,none,10,1,2,2000,2000,0,0,2000,$TR10,0,1,$(awk -v t=$TR10 'BEGIN { printf "%.9f", 2000 / t }'),"
expect observed none 30 "observed,none,30,1,2,2000,2000,0,0,4000,$TR30,1000,0.5,$(awk -v t=$TR30 'BEGIN { printf "%.9f", 2000 / t }'),2"
ms_expect_eq "persist inflow: entries at h 5, 10, 30" \
  "$(awk -F, '$1 == "persist" && $2 == "observed" { printf "%s ", $5 }' bt/backtest.csv)" "0 2 2 "
fc_run 2 200 btd -backtest "${L[@]}" -backtest_dir btd -backtest_score_at daily
ms_expect_eq "-backtest_score_at daily: entries at h 5, 10, 30" \
  "$(awk -F, '$1 == "observed" && $2 == "observed" { printf "%s ", $5 }' btd/backtest.csv)" "2 2 2 "
cp -r "$MS_TESTS/forecast/line" line2 && sed -i 's/^2030-02-10,/2030-02-11,/' line2/source_data/camp_b.csv
fc_run 2 200 bt2 -backtest "${L[@]}" -scenario line2 -horizons 10 -backtest_dir bt2 -backtest_score_within 0
ms_expect_status "the backtest with Camp B observed on day 41" 0 $? bt2
row() { awk -F, -v k="$1,$2,10," 'index($0, k) == 1 { print $5, $6, $13 }' bt2/backtest.csv; }
ms_expect_eq "observed inflow and assimilation, h 10: entries, MAE, skill vs persistence" "$(row observed observed)" \
  "1 476 $(awk 'BEGIN { printf "%.17g", 476 / 1500 }')"
ms_expect_eq "observed inflow, free run, h 10: entries, MAE, skill vs persistence" "$(row observed none)" \
  "1 976 $(awk 'BEGIN { printf "%.17g", 976 / 1500 }')"
ms_finish
