#!/usr/bin/env bash
# A forecast of tests/forecast/tiny (MODEL.md section 10) whose every figure can be worked out by
# hand: Origin's 60 displaced a day choose at Junction, the day they leave, Camp A (share 2/3) or
# Camp B (1/3); Origin2's 60 a day go to Camp C (capacity 1000); nobody leaves a camp. F is day
# 20, the last observed (Camp A 700, Camp B 900, Camp C 600), the horizon 10 days, 8 members on 2
# ranks, conflict-driven spawning throughout. Checked:
# - close_border (the border of Home and Aland closed from F+1) changes nothing up to F, nor ever
#   at Camp C, its region South or its country Home, which it cannot reach; after F it moves all
#   of Camp A's arrivals to Camp B, member by member: Camp A stays at 700, Camp B gets 60 a day;
# - in the baseline, Camp A gets two thirds of the 60 a day;
# - Camp C passes 90 % of its capacity on day F+6 (600 + 6 x 60 > 900, 600 + 5 x 60 is not):
#   a warning of probability 1 there, in its region and its country; none when the variant
#   more_room raises its capacity to 5000;
# - assimilation (-assimilate observed; transit.sh tests transit, the default): at F every
#   member holds exactly the observations, and /members/assimilated
#   is each member's observation minus its free run's population (a migrasim run of its seed);
#   member 2's run written as a migrasim output (-member_output) is its free run up to F, holds
#   the change in /daily/assimilated, its day F's population plus it are the observations, and
#   every day its agents (at locations and on links) are those spawned plus those assimilated
#   (day F's rows are as the day ended, before the assimilation).
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

T=$MS_TESTS/forecast/tiny
OPTS=(-move_rules_default_movechance 1 -move_rules_camp_movechance 0 -move_rules_conflict_weight 0
  -spawn_rules_conflict_driven_spawning true -spawn_rules_displaced_per_conflict_day 60
  -spawn_rules_spawn_mode constant)
F=20 H=10 R=8 ND=31 # days 0..F+H: the result starts at day 0, 4 weeks and more before F
printf '#what,name1,name2,value,from,until\ncountry,Home,Aland,,+1,\n' >close_border.csv
printf '#what,name1,name2,value,from,until\ncapacity,Camp C,,5000,,\n' >more_room.csv
fc_run 2 120 fc -scenario "$T" "${OPTS[@]}" -inflow conflict -assimilate observed -horizon $H -replicates $R \
  -variant close_border.csv -variant more_room.csv -output fc.h5 -report fc.html -csv fc \
  -member_output m2.h5 -member_output_member 2
ms_expect_status "the forecast" 0 $? fc
[ -f fc.h5 ] || ms_finish

# destinations: 0 Camp A, 1 Camp B, 2 Camp C, 3 West, 4 East, 5 South, 6 Home, 7 Aland, 8 Bland
ms_expect_eq "days of the result" "$(ms_rows fc.h5 /days/day)" $ND
V=/variants/close_border
for ds in diff_occupancy diff_arrivals; do
  bad=$(fc_bad fc.h5 $V/$ds $ND "k > $F && d != 2 && d != 5 && d != 6 || (\$1 == 0 && \$2 == 0 && \$3 == 0 && \$4 == 0 && \$5 == 0)")
  [ -z "$bad" ] && ms_ok "close_border's $ds: exactly 0 up to F everywhere, and every day at Camp C, South, Home" ||
    ms_fail "close_border's $ds not 0 where it cannot differ: $(echo "$bad" | head -n 3)"
done
moved=$(fc_bad fc.h5 $V/diff_arrivals $ND "!(d == 0 && k > $F && \$3 < 0)" | wc -l)
[ "$moved" -eq $H ] && ms_ok "close_border takes arrivals from Camp A on each of the $H days after F" ||
  ms_fail "close_border: Camp A's median arrivals fall on $moved of the $H days after F"
bad=$(fc_bad fc.h5 $V/occupancy $ND "k <= $F || (d != 0 && d != 1) || (d == 0 && \$1 == 700 && \$5 == 700) || (d == 1 && \$1 == 900 + 60 * (k - $F) && \$5 == \$1)")
[ -z "$bad" ] && ms_ok "close_border: Camp A stays at 700, Camp B gets all 60 a day (every member)" ||
  ms_fail "close_border: Camp A and Camp B after F: $(echo "$bad" | head -n 3)"
# member by member: Camp A loses its baseline arrivals (quantile q of -X is -(quantile 1-q of X))
# and Camp B gains them
paste -d' ' <(ms_table fc.h5 /baseline/arrivals) <(ms_table fc.h5 $V/diff_arrivals) >pair.txt
bad=$(awk -v nd=$ND -v F=$F 'int((NR - 1) / nd) == 0 && (NR - 1) % nd > F {
  for (i = 1; i <= 5; i++) { x = $(5 + i) + $(6 - i); if (x > 1e-9 || x < -1e-9) print "A", $0 } }' pair.txt)
awk -v nd=$ND 'int((NR - 1) / nd) == 0 { print $1, $2, $3, $4, $5 }' pair.txt >a_base.txt
awk -v nd=$ND 'int((NR - 1) / nd) == 1 { print $6, $7, $8, $9, $10 }' pair.txt >b_diff.txt
bad=$bad$(paste -d' ' a_base.txt b_diff.txt | awk -v F=$F 'NR - 1 > F {
  for (i = 1; i <= 5; i++) { x = $i - $(i + 5); if (x > 1e-9 || x < -1e-9) print "B", $0 } }')
[ -z "$bad" ] && ms_ok "close_border: Camp A loses, Camp B gains, exactly Camp A's baseline arrivals (quantiles over members)" ||
  ms_fail "close_border's differences are not Camp A's arrivals moved to Camp B: $(echo "$bad" | head -n 3)"
# the shares of the baseline: (1/50) / (1/50 + 1/100) = 2/3 of 60 a day at Camp A: 400 in 10
# days (a binomial: 5 standard deviations of a member's 600 choices are 58)
sumA=$(fc_bad fc.h5 /baseline/arrivals $ND "d != 0 || k <= $F" | awk '{ s += $5 } END { print s }')
sumB=$(fc_bad fc.h5 /baseline/arrivals $ND "d != 1 || k <= $F" | awk '{ s += $5 } END { print s }')
ms_expect_within "Camp A's median arrivals over the $H days after F (2/3 of 600)" "$sumA" 400 58
ms_expect_within "Camp B's median arrivals over the $H days after F (1/3 of 600)" "$sumB" 200 58

# warnings (the CSV table: variant,kind,destination,date,day,probability,median,threshold,capacity,more)
for d in "Camp C" South Home; do
  for v in baseline close_border; do
    grep -q "^$v,occupancy,$d,2030-01-27,26,1,960,900,1000,360,360,360," fc_warnings.csv &&
      ms_ok "$v: $d more than 90 % full from day F+6 with probability 1 (960 of 1000)" ||
      ms_fail "$v: no warning at $d on day F+6 as worked out: $(grep "^$v,occupancy,$d," fc_warnings.csv)"
  done
  grep -q "^more_room,occupancy,$d," fc_warnings.csv && ms_fail "more_room (capacity 5000) still warns at $d" ||
    ms_ok "more_room (capacity 5000): no occupancy warning at $d"
done
missing=""
for d in "Camp A" "Camp B" "Camp C" West East South Home Aland Bland "Camp C (the only camp of region South and country Home): more than 90 % full from 27 January 2030"; do
  grep -qF "$d" fc.html || missing="$missing '$d'"
done
[ -z "$missing" ] && ms_ok "fc.html names every destination and the warning" || ms_fail "fc.html lacks$missing"
ms_expect_eq "occupancy warnings elsewhere" "$(grep -c ',occupancy,Camp [AB],' fc_warnings.csv)" 0

# assimilation: the observations at F, in every member and quantile
bad=$(fc_bad fc.h5 /baseline/occupancy $ND "k != $F || d > 2 || (\$1 == \$5 && \$1 == (d == 0 ? 700 : d == 1 ? 900 : 600))")
[ -z "$bad" ] && ms_ok "at the end of day F every member holds the observations (700, 900, 600)" ||
  ms_fail "the camps at F are not their observations: $bad"
# each member's change is its observations minus its free run's populations (location indices 2,
# 3, 5), and the free run is migrasim's run of the member's seed
ok=0 added=0 removed=0
for m in $(seq 0 $((R - 1))); do
  ms_must_run 0 60 free$m -scenario "$T" "${OPTS[@]}" -seed $((m + 1)) -days $((F + 1)) -output free$m.h5 -flee_csv none
  line=$(ms_table fc.h5 /members/assimilated | sed -n "$((m + 1))p")
  free=$(ms_table free$m.h5 /daily/population | sed -n "$((F + 1))p")
  read -r a b c _ <<<"$line"
  p=($free)
  [ "$(awk -v x="$a" -v y="${p[2]}" 'BEGIN { print x + y }')" = 700 ] &&
    [ "$(awk -v x="$b" -v y="${p[3]}" 'BEGIN { print x + y }')" = 900 ] &&
    [ "$(awk -v x="$c" -v y="${p[5]}" 'BEGIN { print x + y }')" = 600 ] && ok=$((ok + 1))
  for x in $a $b $c; do
    awk -v x="$x" 'BEGIN { exit !(x > 0) }' && added=1
    awk -v x="$x" 'BEGIN { exit !(x < 0) }' && removed=1
  done
done
ms_expect_eq "members whose assimilated change is observation minus free run, at every camp" $ok $R
[ $added = 1 ] && [ $removed = 1 ] && ms_ok "assimilation both added and removed agents" ||
  ms_fail "assimilation did not both add and remove agents (added $added, removed $removed)"

# member 2 as a run (locations: 0 Origin, 1 Junction, 2 Camp A, 3 Camp B, 4 Origin2, 5 Camp C)
ms_expect_eq "days of member 2's output" "$(ms_rows m2.h5 /daily/population)" $ND
ms_expect_eq "member 2's days 0..F: its free run's" \
  "$(ms_table m2.h5 /daily/population | head -n $((F + 1)) | md5sum)" "$(ms_table free2.h5 /daily/population | md5sum)"
line=$(ms_table fc.h5 /members/assimilated | sed -n 3p | awk '{ print $1, $2, $3 }')
ms_expect_eq "member 2's /daily/assimilated on day F (Camp A, B, C) = /members/assimilated" \
  "$(ms_table m2.h5 /daily/assimilated | sed -n "$((F + 1))p" | awk '{ print $3, $4, $6 }')" "$line"
ms_expect_eq "member 2's /daily/assimilated: 0 on every other day" \
  "$(ms_table m2.h5 /daily/assimilated | sed "$((F + 1))d" | tr ' ' '\n' | sort -u | tr '\n' ' ')" "0 "
ms_expect_eq "member 2 on day F: population + assimilated = the observations" \
  "$(paste -d' ' <(ms_table m2.h5 /daily/population | sed -n "$((F + 1))p") \
    <(ms_table m2.h5 /daily/assimilated | sed -n "$((F + 1))p") | awk '{ print $3 + $9, $4 + $10, $6 + $12 }')" "700 900 600"
bad=$(paste -d' ' <(ms_table m2.h5 /daily/population) <(ms_table m2.h5 /daily/on_links) \
  <(ms_table m2.h5 /daily/spawned | tr ' ' '\n') <(ms_table m2.h5 /daily/assimilated) | awk '{
    held = 0; for (i = 1; i <= 10; i++) held += $i
    spawned += $11; if (held != spawned + assim) print NR - 1, held, spawned, assim
    for (i = 12; i <= 17; i++) assim += $i }')
[ -z "$bad" ] && ms_ok "member 2: every day, agents held = spawned + assimilated before it" ||
  ms_fail "member 2: agents not conserved (day held spawned assimilated): $(echo "$bad" | head -n 3)"
ms_finish
