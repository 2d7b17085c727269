#!/usr/bin/env bash
# migrasim-forecast -backtest (MODEL.md section 10, "Scores of a forecast") on tests/forecast/line,
# whose every figure is worked out by hand. The observed total grows by 100 a day; Camp A is
# observed at 75 t up to day 40, then 3000 + 100 (t - 40); Camp B at 25 t up to day 40, then 1000.
# Every agent is spawned at Origin and reaches Camp A the same day; Camp B is out of reach. So a
# member forecasts Camp A at o_A(T) + 100 h and Camp B at o_B(T) from the observed state (either
# inflow: both are 100 a day, and the rescaling to the observed sum is 1), and at 100 (T + h) and
# 0 from its free run. Cuts T = 30 and 35 (a date), horizons 5 and 20; the two members (the
# sweep's two points, both accepted, one replicate) are alike.
#   y (A, B)        T=30: h 5: 2625, 875; h 20: 4000, 1000.  T=35: h 5: 3000, 1000; h 20: 4500, 1000
#   assimilated     T=30: 2750, 750; 4250, 750.               T=35: 3125, 875; 4625, 875
#   free            T=30: 3500, 0; 5000, 0.                   T=35: 4000, 0; 5500, 0
#   persistence     o(T): T=30 2250, 750; T=35 2625, 875
#   trend           slopes 75 and 25 over T-30..T: T=30 2625, 875; 3750, 1250. T=35 3000, 1000; 4125, 1375
#   recent shares   100 h split as o(T) - o(T-30): 3/4, 1/4 at both cuts: the same as the trend
# Summed over the camps and averaged over the two cuts (h 5, h 20):
#   MAE assimilated (250 + 250) / 2 = 250, (500 + 250) / 2 = 375; free 1875, 2000;
#   persistence 500, 2000; trend 0, 625 (h 5: skill undefined); shares as the trend;
#   skill assimilated vs persistence 0.5, 0.1875, vs trend -, 0.6; free 3.75, 1; -, 3.2.
# The members agree, so the CRPS is the MAE and no interval (a single value) covers an outcome.
# Also: the table is the sums of entries.csv, -backtest_assimilate and -backtest_dress (below), and
# the refusals of bad -cuts and -backtest_assimilate are one line each.
. "$(dirname "$0")/../lib.sh"

T=$MS_TESTS/forecast/line
OPTS=(-scenario "$T" -backtest_lookahead true -backtest_score_at daily -backtest_points 2 -backtest_accept 1 -replicates 1 -horizons 5,20
  -spawn_rules_sum_from_camps false -move_rules_camp_movechance 0)
# the assimilation as MODEL.md section 10 words it (the default is transit, compared below)
fc_run 2 200 bt -backtest "${OPTS[@]}" -cuts 30,2030-02-05 -backtest_dir bt -backtest_assimilate observed,none
ms_expect_status "the backtest" 0 $? bt
[ -f bt/backtest.csv ] || ms_finish

# the rows of bt/backtest.csv, within 1e-9 (fc_expect_row)
expect() { fc_expect_row bt/backtest.csv 1e-9 "$@"; }
for inflow in persist observed; do
  s5="" s20=""
  [ $inflow = observed ] && s5=0 s20=625
  expect $inflow observed 5 "$inflow,observed,5,2,4,250,250,0,0,500,0,$s5,0.5,,"
  expect $inflow observed 20 "$inflow,observed,20,2,4,375,375,0,0,2000,625,$s20,0.1875,0.6,${s20:+0.6}"
  expect $inflow none 5 "$inflow,none,5,2,4,1875,1875,0,0,500,0,$s5,3.75,,"
  expect $inflow none 20 "$inflow,none,20,2,4,2000,2000,0,0,2000,625,$s20,1,3.2,${s20:+3.2}"
done

# the table from the entries: errors summed and divided by the cut days, coverage as shares,
# skill as ratios of the summed errors
bad=$(awk -F, 'function far(a, b) { d = a - b; return d > 1e-9 * (1 + (a < 0 ? -a : a)) || -d > 1e-9 * (1 + (a < 0 ? -a : a)) }
  NR == FNR { if (FNR > 1) {
    k = $1 "," $2 "," $5; n[k]++; cut[k "," $3] = 1; ae = $8 - $7; ae = ae < 0 ? -ae : ae
    mae[k] += ae; crps[k] += $13; in50[k] += ($10 <= $7 && $7 <= $11); in90[k] += ($9 <= $7 && $7 <= $12)
    for (j = 0; j < 3; j++) if ($(14 + j) != "") { e = $(14 + j) - $7; e = e < 0 ? -e : e; nv[k, j] += e; mv[k, j] += ae } }
    next }
  FNR > 1 { k = $1 "," $2 "," $3; c = 0; for (x in cut) if (index(x, k ",") == 1) c++
    if (c != $4 || n[k] != $5) print "counts", $0
    if (far(mae[k] / c, $6) || far(crps[k] / c, $7) || far(in50[k] / n[k], $8) || far(in90[k] / n[k], $9)) print "sums", $0
    for (j = 0; j < 3; j++) { s = nv[k, j] > 0 ? mv[k, j] / nv[k, j] : ""
      if ((s == "") != ($(13 + j) == "") || (s != "" && far(s, $(13 + j)))) print "skill", j, $0 } }' bt/entries.csv bt/backtest.csv)
[ -z "$bad" ] && ms_ok "backtest.csv is the sums of entries.csv" ||
  ms_fail "backtest.csv is not the sums of entries.csv: $(echo "$bad" | head -n 3)"
grep -q '| persist | observed | 20 | 2 | 4 | 375 | 375 | 0.00 | 0.00 | 0.19 | 0.60 | – |' bt/backtest.md &&
  ms_ok "backtest.md holds the rounded table" || ms_fail "backtest.md: $(sed -n 3,6p bt/backtest.md)"
ms_expect_eq "calibrations written, one per cut" "$(ls bt/cal_day30.h5 bt/cal_day35.h5 | wc -l)" 2

# -backtest_dress, transit first (the goals' assimilation, and the default), the cuts given in
# reverse order: the same undressed rows (transit's are observed's here, with no agent on its way
# at T), and dressed rows. At h 5 the cut 35 is dressed with the residuals of the cut 30, log((y + 1) /
# (median + 1)): Camp A's 2626/2751 and Camp B's 876/751; its members (3125, 875) become
# A {3126 x 2626/2751 - 1, 3126 x 876/751 - 1} (2982.9, 3645.3, each twice) around y = 3000 and
# B {876 x 2626/2751 - 1, 876 x 876/751 - 1} (835.2, 1020.8) around 1000: both covered, the
# medians (a1 + a2) / 2 off by 314.1 and 72.0. The cut 30 has no residual yet: undressed (250 off
# in all, not covered). So coverage 2/4 and MAE (250 + 386.1) / 2 at h 5; at h 20 no cut is
# dressed (30 + 20 > 35): the undressed row.
fc_run 2 200 btd -backtest "${OPTS[@]}" -cuts 2030-02-05,30 -backtest_dir btd \
  -backtest_assimilate transit,observed,none -backtest_dress
ms_expect_status "the backtest with -backtest_dress" 0 $? btd
for a in observed none; do
  ms_expect_eq "-backtest_dress: the rows of $a as without it" \
    "$(grep "^[a-z]*,$a," btd/backtest.csv)" "$(grep "^[a-z]*,$a," bt/backtest.csv)"
done
ms_expect_eq "-backtest_dress: transit's rows are observed's here" \
  "$(grep "^[a-z]*,transit," btd/backtest.csv | sed 's/,transit,/,observed,/')" \
  "$(grep "^[a-z]*,observed," bt/backtest.csv)"
want=$(awk 'BEGIN { a1 = 3126 * 2626 / 2751 - 1; a2 = 3126 * 876 / 751 - 1
  b1 = 876 * 2626 / 2751 - 1; b2 = 876 * 876 / 751 - 1
  e = (a1 + a2) / 2 - 3000; f = 1000 - (b1 + b2) / 2; printf "%.6f", (250 + e + f) / 2 }')
for inflow in persist observed; do
  row=$(grep "^$inflow,transit+dressed,5," btd/backtest.csv)
  echo "$row" | awk -F, -v want="$want" '{ d = $6 - want; exit !($4 == 2 && $5 == 4 && $8 == 0.5 && $9 == 0.5 && d < 1e-6 && d > -1e-6) }' &&
    ms_ok "$inflow, transit+dressed, h 5: coverage 0.5 and MAE $want as worked out" ||
    ms_fail "$inflow, transit+dressed, h 5: got '$row', expected coverage 0.5 and MAE $want"
  ms_expect_eq "$inflow, transit+dressed, h 20: the undressed row" \
    "$(grep "^$inflow,transit+dressed,20," btd/backtest.csv | cut -d, -f3-)" \
    "$(grep "^$inflow,transit,20," btd/backtest.csv | cut -d, -f3-)"
done
grep -q 'dressed with the earlier cuts.*\*\*missed\*\*' btd/backtest.md &&
  ms_ok "backtest.md judges the dressed coverage" || ms_fail "backtest.md: no dressed goal"

# refusals
fc_run 1 60 early -backtest "${OPTS[@]}" -cuts 30,58 -backtest_dir early
ms_expect_error "a cut day without an observation 5 days later" early $? 1 \
  "^migrasim-forecast: error: option -cuts: '58' \(day 58\) is not a cut day"
fc_run 1 60 word -backtest "${OPTS[@]}" -cuts 30,soon -backtest_dir word
ms_expect_error "a cut that is neither a day nor a date" word $? 1 \
  "option -cuts: 'soon' is neither a day nor a date"
fc_run 1 60 assim -backtest "${OPTS[@]}" -cuts 30 -backtest_assimilate transit,nudge -backtest_dir assim
ms_expect_error "an unknown assimilation" assim $? 1 \
  "option -backtest_assimilate: 'nudge' is none of observed, transit, none"
ms_finish
