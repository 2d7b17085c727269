#!/usr/bin/env bash
# gen_bad_options: nonsense options make migrasim-gen exit with status 1, printing exactly one
# line on stderr, `migrasim-gen: error: option -X: ...` (or PETSc's message naming the value),
# and writing nothing; once on 2 ranks too (still one line). -help lists every option.
. "$(dirname "$0")/../lib.sh"

cases=(
  "-regions 1"                          "^migrasim-gen: error: option -regions: "
  "-regions abc"                        "^migrasim-gen: error: .*(-regions|abc)"
  "-locations_per_region 0"             "^migrasim-gen: error: option -locations_per_region: "
  "-regions 5000 -locations_per_region 5000" "^migrasim-gen: error: option -locations_per_region: "
  "-agents -5"                          "^migrasim-gen: error: option -agents: "
  "-agents 2e9"                         "^migrasim-gen: error: option -agents: "
  "-agents 12.5"                        "^migrasim-gen: error: option -agents: "
  "-days 0"                             "^migrasim-gen: error: option -days: "
  "-seed -1"                            "^migrasim-gen: error: option -seed: "
  "-camp_fraction 1.5"                  "^migrasim-gen: error: option -camp_fraction: "
  "-camp_fraction nan"                  "^migrasim-gen: error: .*(-camp_fraction|nan)"
  "-origin_fraction 0.7 -destination_fraction 0.5" "^migrasim-gen: error: option -destination_fraction: "
  "-mean_degree 9"                      "^migrasim-gen: error: option -mean_degree: "
  "-start_date 2030-13-45"              "^migrasim-gen: error: option -start_date: "
  "-awareness_level 7"                  "^migrasim-gen: error: option -awareness_level: "
  "-obs_interval 0"                     "^migrasim-gen: error: option -obs_interval: "
  "-region_km 5000 -regions 400"        "^migrasim-gen: error: option -region_km: "
  "-mobility fast"                      "^migrasim-gen: error: option -mobility: "
  "-regoins 5"                          "^migrasim-gen: error: option -regoins: unknown"
  "NOOUTPUT"                            "^migrasim-gen: error: option -output: required"
  "-output /proc/migrasim-gen-test"     "^migrasim-gen: error: .*/proc/migrasim-gen-test"
)

# launch(K ARGS): case K in the background (the runs mostly wait for MPI to start: six at a
# time keep the test short on two cores)
launch()
{
  local k=$1 args=$2 out
  out=(-output out$k)
  case $args in
  NOOUTPUT) args="" out=() ;;
  -output*) out=() ;;
  esac
  # shellcheck disable=SC2086 # ARGS are words
  gen_run 30 case$k "${out[@]}" $args
  echo $? >case$k.rc
}
k=0
for ((c = 0; c < ${#cases[@]}; c += 2)); do
  k=$((k + 1))
  launch $k "${cases[c]}" &
  [ $((k % 6)) -eq 0 ] && wait
done
wait

k=0
for ((c = 0; c < ${#cases[@]}; c += 2)); do
  args=${cases[c]} re=${cases[c + 1]}
  k=$((k + 1))
  [ "$args" = NOOUTPUT ] && args="(no -output)"
  ms_expect_error "'$args'" case$k "$(cat case$k.rc)" 1 "$re" && [ -e out$k ] && ms_fail "'$args': wrote out$k all the same"
done

# on 2 ranks: one line, not one per rank
ms_exec 2 30 np2 "$MIGRASIM_GEN" -output np2out -days -3
ms_expect_error "2 ranks, '-days -3'" np2 $? 1 '^migrasim-gen: error: option -days: '

# -help lists every option and writes nothing
gen_run 30 help -help -output helpout
rc=$?
missing=""
for o in output regions locations_per_region agents camp_fraction days start_date seed origin_fraction destination_fraction foreign_countries conflict_zones_per_region \
  camp_share idpcamps_per_region forwarding_hubs mean_degree road_factor region_km conflict_spread border_closures link_closures camp_closures registration_corrections \
  obs_interval awareness_level mobility; do
  grep -qE -- "^ *-$o[ :]" help.out || missing="$missing -$o"
done
if [ $rc -ne 0 ] || [ -n "$missing" ] || [ -e helpout ]; then
  ms_fail "-help: exit status $rc, missing:${missing:- none}$([ -e helpout ] && echo ', and it wrote files')"
else
  ms_ok "-help lists all 26 options"
fi
ms_finish
