#!/usr/bin/env bash
# forecast.h5 is bit for bit the same on 1, 2 and 3 ranks and with groups of 1 or 2 ranks per
# member (MODEL.md section 10: members are independent of the decomposition, the assimilation's
# draws are keyed, rank 0 summarises in member order). The default scenario, split by location
# so that agents cross ranks, forecast from day 61 (observations after it are hidden and kept)
# for 20 days by 3 members with persist inflow, and two variants that use every kind of change:
# a closure, a reopened camp closure, a camp opened in a town, a conflict, a capacity, a setting.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

printf '#what,name1,name2,value,from,until\nlink,Eastgate,Border Post 7,,+1,\n' >close.csv
cat >mixed.csv <<'CSV'
#what,name1,name2,value,from,until
open_camp,Southgate,,3000,+2,+15
conflict,Pelmo,,2,+1,
reopen,Hollin,,,+1,+12
capacity,Tarsk,,20000,,
setting,move_rules.camp_weight,,2,+5,
CSV
ARGS=(-scenario "$MS_DEFAULT" -partition location -forecast_from 2031-05-02 -horizon 20
  -replicates 3 -seed 5 -variant close.csv -variant mixed.csv -report none)
fc_run 0 120 np1 "${ARGS[@]}" -output np1.h5 && ms_ok "1 rank" || { ms_fail "1 rank: exit $?"; ms_show np1; }
fc_run 2 120 np2 "${ARGS[@]}" -output np2.h5 && ms_ok "2 ranks" || { ms_fail "2 ranks: exit $?"; ms_show np2; }
fc_run 3 120 np3 "${ARGS[@]}" -output np3.h5 && ms_ok "3 ranks" || { ms_fail "3 ranks: exit $?"; ms_show np3; }
fc_run 2 120 g2 "${ARGS[@]}" -ranks_per_member 2 -output g2.h5 && ms_ok "2 ranks, 1 group of 2" ||
  { ms_fail "a group of 2: exit $?"; ms_show g2; }
fc_run 0 120 seed6 "${ARGS[@]}" -seed 6 -output seed6.h5 || { ms_fail "-seed 6: exit $?"; ms_show seed6; }

DS=(/days/day /destinations/capacity /destinations/host_population /baseline/occupancy
  /baseline/arrivals /observed/occupancy /observed/hidden /members/point /members/seed
  /members/assimilated /warnings/variant /warnings/destination /warnings/day
  /warnings/probability /warnings/median /warnings/threshold /warnings/capacity /warnings/more
  /warnings/sentence)
for v in close mixed; do DS+=(/variants/$v/occupancy /variants/$v/diff_occupancy /variants/$v/diff_arrivals); done
for f in np2 np3 g2; do ms_expect_same_tables np1.h5 $f.h5 "${DS[@]}"; done
# the comparisons must be able to fail, and the variants must do something
ms_differ np1.h5 seed6.h5 "-seed 5 vs -seed 6" /baseline/occupancy
if [ "$(ms_table np1.h5 /variants/mixed/diff_occupancy | tr ' ' '\n' | grep -cv '^0$')" -gt 0 ]; then
  ms_ok "the mixed variant changes some destinations' occupancy"
else ms_fail "the mixed variant changes nothing"; fi
ms_expect_eq "warnings of the forecast (some, to compare)" "$([ "$(ms_rows np1.h5 /warnings/day)" -gt 0 ] && echo some)" some
ms_finish
