#!/usr/bin/env bash
# checkpoint_refusals: a restart that cannot continue the run exactly is refused before it
# touches anything: exit status 1, one error line "migrasim: error: ..." naming the problem,
# and no file of the run directory changed or created (md5 sums of every file before and
# after). Most cases run as MPI singletons, a few on 2 ranks. One case each:
#   truncated checkpoint (half or 99 % of its bytes), agent data corrupted (64 bytes
#   flipped at 30 % or 60 % of the file), the metrics history or a spawn counter of the
#   checkpoint corrupted, a foreign HDF5 file (an output file), the output file itself as
#   -restart, a text file, a checkpoint of another scenario, an output of another scenario
#   or a missing output, a changed setting or seed, a missing checkpoint file, -days not
#   beyond the checkpoint's day.
# Last, -restart_allow_changed_settings accepts a changed setting and records it, once, in
# the output's "restarts" attribute.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump md5sum
ms_need perl # it flips bytes in the checkpoint

S=(-scenario "$MS_DEFAULT" -seed 3 -flee_csv none)
mkdir logs

ms_must_run 2 120 logs/first "${S[@]}" -days 10 -checkpoint_every 10 -output out.h5 -checkpoint_prefix ck
ms_expect_eq "day of the checkpoint ck.h5" "$(ms_attr ck.h5 day)" 10
size=$(stat -c %s ck.h5)

# a scenario that differs from the default in one route's distance
cp -r "$MS_DEFAULT" other_scn
awk -F, 'BEGIN {OFS = ","} NR == 2 {$3 = $3 + 7} {print}' "$MS_DEFAULT/input_csv/routes.csv" >other_scn/input_csv/routes.csv
if cmp -s "$MS_DEFAULT/input_csv/routes.csv" other_scn/input_csv/routes.csv; then
  ms_fail "could not change a distance in other_scn/input_csv/routes.csv"
fi
ms_must_run 0 120 logs/other -scenario other_scn -seed 3 -flee_csv none -days 10 -checkpoint_every 10 -output other.h5 -checkpoint_prefix other_ck

# flip FILE OFFSET COUNT: invert COUNT bytes of FILE at OFFSET, in place
flip()
{
  perl -e 'open(F, "+<", $ARGV[0]) or die; binmode F; seek(F, $ARGV[1], 0); read(F, $b, $ARGV[2]) == $ARGV[2] or die "short read";
           $b ^= "\xff" x $ARGV[2]; seek(F, $ARGV[1], 0); print F $b; close F' "$1" "$2" "$3"
}

for pct in 50 99; do head -c $((size * pct / 100)) ck.h5 >trunc$pct.h5; done
for pct in 30 60; do
  cp ck.h5 corrupt$pct.h5
  flip corrupt$pct.h5 $((size * pct / 100)) 64
done
# the metrics history (camps' simulated counts): 8 bytes of its first value
cp ck.h5 corrupt_history.h5
hoff=$(h5dump -H -p -d /history_camps ck.h5 2>/dev/null | sed -n 's/.*OFFSET \([0-9]*\).*/\1/p' | head -n 1)
if [ -n "$hoff" ]; then flip corrupt_history.h5 "$hoff" 8; else ms_fail "no offset of /history_camps in ck.h5 (h5dump -p)"; fi
# the spawn counter: spawn_total + 1 (the attribute's 8 bytes follow its name in the file)
total=$(ms_attr ck.h5 spawn_total)
cp ck.h5 corrupt_spawn.h5
perl -e 'open(F, "+<", $ARGV[0]) or die; binmode F; local $/; my $d = <F>; my $n = index($d, "spawn_total\0"); die "no name" if $n < 0;
         my $i = index($d, pack("q<", $ARGV[1]), $n); die "no value" if $i < 0 || $i > $n + 200;
         seek(F, $i, 0); print F pack("q<", $ARGV[1] + 1); close F' corrupt_spawn.h5 "$total" 2>/dev/null
spawn_ok=$([ "$(ms_attr corrupt_spawn.h5 spawn_total)" = $((total + 1)) ] && echo yes)
cp out.h5 foreign.h5
echo "migrasim checkpoint? no" >text.h5
# an output of 5 days only
ms_must_run 0 120 logs/short -days 5 "${S[@]}" -output short.h5 -checkpoint_prefix short_ck

# files NAME: md5 sums of every file of the run directory but the logs
files() { find . -path ./logs -prune -o -type f -print | sort | xargs md5sum; }
cp out.h5 logs/out.pristine.h5

# refuse NP NAME PATTERN ARGS...: a restart to day 20 on NP ranks (0: an MPI singleton) with
# output out.h5 (as the first run left it), unless ARGS give another, is refused: status 1,
# one error line matching PATTERN (grep -E), no file changed or created.
refuse()
{
  local np=$1 name=$2 pattern=$3 before after rc
  shift 3
  cp logs/out.pristine.h5 out.h5
  before=$(files)
  ms_run "$np" 120 "logs/$name" "${S[@]}" -days 20 -output out.h5 -checkpoint_prefix new_ck "$@"
  rc=$?
  after=$(files)
  ms_expect_error "$name (options: $*)" "logs/$name" $rc 1 "^migrasim: error: .*$pattern"
  if [ "$before" != "$after" ]; then
    ms_fail "$name: the refused restart changed or created files:"
    diff <(echo "$before") <(echo "$after") | sed 's/^/  | /'
  else
    ms_ok "$name: no file changed or created"
  fi
}

refuse 2 truncated50 'trunc50\.h5.*(truncated|corrupted)' -restart trunc50.h5
refuse 0 truncated99 'trunc99\.h5.*(truncated|corrupted)' -restart trunc99.h5
refuse 0 corrupted30 'corrupt30\.h5.*(checksum|corrupted)' -restart corrupt30.h5
refuse 2 corrupted60 'corrupt60\.h5.*(checksum|corrupted)' -restart corrupt60.h5
refuse 0 corrupted_history 'corrupt_history\.h5.*(checksum|corrupted)' -restart corrupt_history.h5
if [ "$spawn_ok" = yes ]; then
  refuse 0 corrupted_spawn_total 'corrupt_spawn\.h5.*(checksum|corrupted)' -restart corrupt_spawn.h5
else
  ms_fail "could not set spawn_total in corrupt_spawn.h5 (the check of a corrupted spawn counter did not run)"
fi
refuse 0 foreign_hdf5 'foreign\.h5.*(not a migrasim checkpoint|format)' -restart foreign.h5
refuse 0 output_as_checkpoint 'out\.h5' -restart out.h5
refuse 0 text_file 'text\.h5.*not an HDF5' -restart text.h5
refuse 2 other_scenario 'other_ck\.h5.*scenario' -restart other_ck.h5
refuse 2 output_of_other_scenario 'other\.h5.*scenario' -restart ck.h5 -output other.h5
refuse 0 output_missing 'nothere\.h5' -restart ck.h5 -output nothere.h5
refuse 0 output_too_short 'short\.h5.*(days|fewer)' -restart ck.h5 -output short.h5
refuse 2 changed_setting 'move_rules.camp_weight' -restart ck.h5 -move_rules_camp_weight 2
refuse 0 changed_population_scale 'population_scale' -restart ck.h5 -population_scale 2
refuse 0 changed_seed 'seed' -restart ck.h5 -seed 4
refuse 0 missing_checkpoint 'nothere_ck\.h5' -restart nothere_ck.h5
refuse 2 days_equal '(-days|day).*10' -restart ck.h5 -days 10
refuse 0 days_before '(-days|day).*10' -restart ck.h5 -days 5

# accepted with -restart_allow_changed_settings, and recorded
cp logs/out.pristine.h5 allowed.h5
ms_run 2 120 logs/allowed "${S[@]}" -days 20 -output allowed.h5 -checkpoint_prefix allowed_ck -restart ck.h5 -move_rules_camp_weight 2 -restart_allow_changed_settings
ms_expect_status "-move_rules_camp_weight 2 -restart_allow_changed_settings" 0 $? logs/allowed
restarts=$(ms_attr allowed.h5 restarts)
if printf '%s' "$restarts" | grep -q 'camp_weight.*1.*2' && [ "$(printf '%s' "$restarts" | grep -o camp_weight | wc -l)" = 1 ]; then
  ms_ok "the output's restarts attribute records the change, once: $restarts"
else
  ms_fail "the output's restarts attribute does not record move_rules.camp_weight 1 -> 2 once: '$restarts'"
fi
ms_expect_eq "/daily rows of the run with a changed setting" "$(ms_rows allowed.h5 /daily/population)" 20

ms_finish
