#!/usr/bin/env bash
# A forecast dressed with a backtest's residuals (-dress; docs/forecast.md, "Dressing a
# forecast"), on tests/forecast/line (Camp A and Camp B observed on days 0, 20, 40, 60; every
# agent reaches Camp A the day it is spawned), 2 members.
# 1. A backtest (cuts 20 and 30, horizons 5 and 10, scored every day, assimilations transit and
#    none) writes bt/residuals.csv: the scenario's hash in its first line (the one forecast.h5
#    records), and one row per row of bt/entries.csv with the same inflow, assimilation, cut day,
#    horizon, camp, observation and median, and residual log((y + 1) / (median + 1)).
# 2. A forecast from day 35 (2030-02-05), 12 days, persist inflow, transit assimilation, with
#    -dress bt/residuals.csv: residuals observed by day 35 are those with cut day + horizon <= 35:
#    cut 20 at horizons 5 and 10 and cut 30 at horizon 5 (cut 30 at 10 is day 40: left out), so
#    horizon 5 has 4 (2 camps x 2 cuts) and horizon 10 has 2. Days 36..40 (j = 1..5) are dressed
#    with horizon 5's, days 41..47 (j = 6..12, beyond 10: the largest) with horizon 10's. Its
#    /baseline/occupancy_dressed at every camp and day after F equals the type-7 quantiles of
#    max(0, (x + 1) e^r - 1) over the two members' occupancy x (their runs, -member_output) and
#    those residuals, worked out in Python; NaN on days up to F and for the country; the CSV
#    table holds the same rounded; bit for bit the same on 1 and 2 ranks.
# 3. Refusals, one line each and a non-zero exit on every rank: a residual file of another
#    scenario, a malformed line, no residuals of the forecast's inflow and assimilation, none
#    observed by the forecast day.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump
ms_need h5diff
ms_need_python h5py numpy

S=$MS_TESTS/forecast/line
COMMON=(-replicates 2 -inflow_window 10 -move_rules_camp_movechance 0)
fc_run 2 200 bt -backtest -scenario "$S" -backtest_points 2 -backtest_accept 1 -horizons 5,10 \
  -cuts 20,30 -backtest_assimilate transit,none -backtest_dir bt -backtest_score_at daily "${COMMON[@]}"
ms_expect_status "the backtest" 0 $? bt
[ -f bt/residuals.csv ] || ms_finish

F=(-scenario "$S" -forecast_from 2030-02-05 -horizon 12 "${COMMON[@]}" -dress bt/residuals.csv)
fc_run 1 120 fd1 "${F[@]}" -output fd1.h5 -report fd1.html -member_output m0.h5
ms_expect_status "the dressed forecast on 1 rank" 0 $? fd1
fc_run 2 120 fd2 "${F[@]}" -output fd2.h5 -report none -csv fd2 -member_output m1.h5 -member_output_member 1
ms_expect_status "the dressed forecast on 2 ranks" 0 $? fd2
ms_same fd1.h5 fd2.h5 "1 rank vs 2 ranks" /baseline/occupancy_dressed
ms_expect_eq "residual_horizons" "$(ms_attr fd2.h5 /baseline/occupancy_dressed/residual_horizons)" "5,10"
ms_expect_eq "residual_counts" "$(ms_attr fd2.h5 /baseline/occupancy_dressed/residual_counts)" "4,2"
ms_expect_eq "the residual file" "$(ms_attr fd2.h5 /baseline/occupancy_dressed/residuals)" bt/residuals.csv
ms_expect_eq "/input/dress" "$(ms_attr fd2.h5 /input/dress)" bt/residuals.csv
if grep -q "90 % with the model" fd1.html; then
  ms_ok "the page's legend names the dressed band"
else
  ms_fail "fd1.html has no dressed band in a legend"
fi

# every check in Python prints "ok WHAT" or "FAIL WHAT"
"$MS_PY" - "$(ms_attr fd2.h5 /input/scenario_hash)" >py.out 2>&1 <<'EOF'
import csv, math, sys
import h5py, numpy as np
want_hash = sys.argv[1]
def say(ok, what): print(("ok " if ok else "FAIL ") + what)

# 1. residuals.csv against entries.csv
with open("bt/residuals.csv") as f:
    head = f.readline().rstrip("\n").split(",")
    res = list(csv.DictReader(f))
with open("bt/entries.csv") as f:
    ent = list(csv.DictReader(f))
k = head.index("scenario_hash") if "scenario_hash" in head else -1
say(k >= 0 and head[k + 1] == want_hash, "residuals.csv's scenario_hash %s is forecast.h5's %s" % (head[k + 1] if k >= 0 else "?", want_hash))
say(len(res) == len(ent) and len(res) > 0, "residuals.csv has a row per entry (%d, %d)" % (len(res), len(ent)))
bad = 0
for r, e in zip(res, ent):
    same = all(r[a] == e[b] for a, b in (("inflow", "inflow"), ("assimilate", "assimilate"), ("cut_day", "cut_day"),
                                         ("horizon", "horizon"), ("camp", "camp"), ("observed", "observed"), ("median", "median")))
    y, m = float(r["observed"]), float(r["median"])
    if not same or abs(float(r["residual"]) - math.log((y + 1) / (m + 1))) > 1e-12:
        bad += 1
say(bad == 0, "every row: the entry's fields, residual = log((y + 1) / (median + 1)) (%d bad)" % bad)

# 2. the dressed quantiles by hand
F, H = 35, 12
rs = {}
for r in res:
    T, h = int(r["cut_day"]), int(r["horizon"])
    if r["inflow"] == "persist" and r["assimilate"] == "transit" and T + h <= F:
        rs.setdefault(h, []).append(float(r["residual"]))
say(sorted((h, len(v)) for h, v in rs.items()) == [(5, 4), (10, 2)], "residuals observed by day 35: %s" % sorted((h, len(v)) for h, v in rs.items()))
hs = sorted(rs)
fc = h5py.File("fd2.h5", "r")
dq = fc["baseline/occupancy_dressed"][...]
names = [n.decode() if isinstance(n, bytes) else n for n in fc["destinations/name"][...]]
kinds = [n.decode() if isinstance(n, bytes) else n for n in fc["destinations/kind"][...]]
days = list(fc["days/day"][...])
members = []
for mf in ("m0.h5", "m1.h5"):
    m = h5py.File(mf, "r")
    locs = [n.decode() if isinstance(n, bytes) else n for n in m["locations/name"][...]]
    members.append((locs, m["daily/population"][...]))
worst, checked, nan_ok = 0.0, 0, True
for d, name in enumerate(names):
    for k, t in enumerate(days):
        q = dq[d, k]
        if kinds[d] != "camp" or t <= F:
            nan_ok = nan_ok and bool(np.all(np.isnan(q)))
            continue
        j = t - F
        h = next((h for h in hs if h >= j), hs[-1])
        x = np.array([pop[t, locs.index(name)] for locs, pop in members], dtype=float)
        dressed = np.maximum(0, np.outer(x + 1, np.exp(rs[h])).ravel() - 1)
        want = np.quantile(dressed, [0.05, 0.25, 0.5, 0.75, 0.95])
        worst = max(worst, float(np.max(np.abs(q - want) / np.maximum(1, np.abs(want)))))
        checked += 1
say(checked == 2 * H and worst < 1e-12, "occupancy_dressed at %d (camp, day) pairs after F as by hand (largest relative difference %.3g)" % (checked, worst))
say(nan_ok, "NaN on days up to F and for the country")
# the CSV table: the same, rounded to whole people
with open("fd2_destinations.csv") as f:
    f.readline()
    rows = [r for r in csv.DictReader(f) if r["destination"] == "Camp A" and r["day"] == str(F + 7)]
d, k = names.index("Camp A"), days.index(F + 7)
got = [rows[0]["occupancy_dressed_q%02d" % p] for p in (5, 25, 50, 75, 95)] if rows else []
want = [str(int(math.floor(v + 0.5))) for v in dq[d, k]]
say(got == want, "fd2_destinations.csv, Camp A on day %d: %s, forecast.h5 rounded %s" % (F + 7, got, want))
EOF
while read -r verdict what; do
  if [ "$verdict" = ok ]; then ms_ok "$what"; else ms_fail "$verdict $what"; fi
done <py.out

# 3. refusals
expect()
{
  local name=$1 pat=$2
  shift 2
  fc_run 2 60 "$name" "$@"
  ms_expect_error "$name" "$name" $? nonzero "^migrasim-forecast: error: $pat"
}
D=(-scenario "$S" -forecast_from 2030-02-05 -horizon 12 "${COMMON[@]}" -report none)
cp -r "$S" other && sed -i 's/^2030-02-10,3000/2030-02-10,3100/' other/source_data/camp_a.csv
expect other_scenario "bt/residuals\.csv:1: field 'scenario_hash': the residuals are of another scenario" \
  "${D[@]}" -scenario other -dress bt/residuals.csv
awk -F, -v OFS=, 'NR == 5 { $7 = "abc" } 1' bt/residuals.csv >bad.csv
expect malformed "bad\.csv:5: field 'median': 'abc' is not a finite number" "${D[@]}" -dress bad.csv
head -n 4 bt/residuals.csv >short.csv && printf 'persist,transit,20\n' >>short.csv
expect fields "short\.csv:5: field '-': 3 fields, not the 8 of the header" "${D[@]}" -dress short.csv
expect no_arm "bt/residuals\.csv:0: field 'inflow': no residuals of inflow trend with assimilation transit" \
  "${D[@]}" -inflow trend -dress bt/residuals.csv
expect none_by_F "bt/residuals\.csv:0: field 'cut_day': none of the 8 residuals of inflow persist with assimilation transit is observed by the forecast day \(day 22\)" \
  "${D[@]}" -forecast_from 2030-01-23 -dress bt/residuals.csv
ms_finish
