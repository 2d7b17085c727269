#!/usr/bin/env bash
# -assimilate transit (docs/forecast.md, "Assimilation at F"): the default scenario with twice
# total.csv spawned (-spawn_rules_sum_from_camps false), so that more agents are outside the camps
# at F than the camps lack and the keyed draws choose which are taken; split by location, so that
# they are chosen over ranks; the series up to F interpolated through the observations after it
# (-forecast_lookahead true), so that the camps lack the agents on their way at F (cut at F, the
# camps are held at their last observations, below what they hold). Checked:
# - forecast.h5 and member 1's run (-member_output) are bit for bit the same on 1, 2 and 3 ranks;
# - at the end of day F every member holds each observed camp's observation;
# - member 1's run: every day, agents held (at locations and on links) = spawned + assimilated
#   before it (/daily/assimilated counts an agent taken from a link at the link's start);
# - the forecast differs from -assimilate observed's (transit changes something).
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

mkdir big && cp -r "$MS_DEFAULT"/* big/ &&
  awk -F, 'NR == 1 { print; next } { print $1 "," 2 * $2 }' "$MS_DEFAULT/source_data/total.csv" \
    >big/source_data/total.csv || { ms_fail "cannot copy the default scenario"; ms_finish; }
H=20
ARGS=(-scenario big -spawn_rules_sum_from_camps false -partition location
  -forecast_from 2031-05-02 -forecast_lookahead true -horizon $H -replicates 3 -seed 5 -report none -member_output_member 1)
for np in 1 2 3; do
  fc_run $np 120 np$np "${ARGS[@]}" -assimilate transit -output np$np.h5 -member_output m$np.h5 &&
    ms_ok "$np rank(s)" || { ms_fail "$np rank(s): exit $?"; ms_show np$np; }
done
fc_run 2 120 obs "${ARGS[@]}" -assimilate observed -output obs.h5 -member_output mobs.h5 ||
  { ms_fail "-assimilate observed: exit $?"; ms_show obs; }
[ -f np1.h5 ] && [ -f m1.h5 ] || ms_finish

DS=(/baseline/occupancy /baseline/arrivals /members/assimilated /observed/occupancy)
for np in 2 3; do
  ms_expect_same_tables np1.h5 np$np.h5 "${DS[@]}"
  ms_expect_same_tables m1.h5 m$np.h5 /daily/population /daily/on_links /daily/assimilated
done
ms_differ np1.h5 obs.h5 "transit vs observed" /baseline/occupancy

# at F (day index kF of the result): every quantile of every observed camp is its observation
ND=$(ms_rows np1.h5 /days/day) kF=$((ND - 1 - H))
bad=$(paste -d' ' <(ms_table np1.h5 /observed/occupancy | awk -v k=$kF '{ print $(k + 1) }') \
  <(ms_table np1.h5 /destinations/kind | tr ' ' '\n') | awk '$2 ~ /camp/ && $1 != "nan" { print NR - 1, $1 }' |
  while read -r d o; do
    ms_table np1.h5 /baseline/occupancy | sed -n "$((d * ND + kF + 1))p" |
      awk -v d="$d" -v o="$o" '$1 != o || $5 != o { print d, o, $0 }'
  done)
n=$(paste -d' ' <(ms_table np1.h5 /observed/occupancy | awk -v k=$kF '{ print $(k + 1) }') \
  <(ms_table np1.h5 /destinations/kind | tr ' ' '\n') | awk '$2 ~ /camp/ && $1 != "nan"' | wc -l)
[ -z "$bad" ] && [ "$n" -ge 3 ] && ms_ok "at the end of day F every member holds the observations of the $n camps observed" ||
  ms_fail "the camps at F are not their observations (destination, observation, quantiles): $(echo "$bad" | head -n 3)"

# member 1: conservation every day (tests/unit/test_forecast_sim.c's transit checks that none is
# created where the agents outside the camps suffice)
rowsum() { ms_table "$1" "$2" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; print s }'; }
bad=$(paste -d' ' <(rowsum m1.h5 /daily/population) <(rowsum m1.h5 /daily/on_links) \
  <(ms_table m1.h5 /daily/spawned | tr ' ' '\n') <(rowsum m1.h5 /daily/assimilated) |
  awk '{ spawned += $3; if ($1 + $2 != spawned + assim) print NR - 1, $1 + $2, spawned, assim; assim += $4 }')
[ -z "$bad" ] && ms_ok "member 1: every day, agents held = spawned + assimilated before it" ||
  ms_fail "member 1: agents not conserved (day held spawned assimilated): $(echo "$bad" | head -n 3)"
ms_finish
