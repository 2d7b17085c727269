#!/usr/bin/env bash
# run_case.sh BIN FIXTURE CASE
#
# Copy the valid fixture scenario to the scratch directory, break it the way CASE says, run
# test_scenario (BIN) on it under MPI, and check its output: the first line must start with
# $expect, and every line of $lines must start some line of the output. Errors are one line
# "FILE:LINE: field 'X': ...", the interface users see, so the checks pin file, line and
# field as text. CASEs named mpi2_* run on 2 ranks (test_scenario checks that the ranks agree).
bin=$1
fixture=$2
name=$3
MS_NAME=parsers.$name
. "$(dirname "$0")/../lib.sh"
np=1
case $name in mpi2_*) np=2 ;; esac

d=$MS_TMP/scn
mkdir "$d" && cp -R "$fixture"/. "$d"/ || exit 1
I=$d/input_csv
S=$d/source_data
expect=
lines=

# Append one line to a file (the fixture's last lines all end with a newline).
add() { printf '%s\n' "$2" >>"$1"; }

case $name in
valid | mpi2_valid)
  expect="OK nloc=8 nregions=3 ncountries=2 nroutes=8 nclosures=6 conflicts=1 cols=2 rows=3 length=12 source_data=1 total=1 ncamps=3 nwarnings=5"
  lines="loc 0 [Alpha] region=[North]:0 country=[Homeland]:0 lat=10 lon=20 type=conflict_zone cd=0 pop=1000
loc 1 [Bahir Dar, North] region=[North]:0 country=[Homeland]:0 lat=10.5 lon=20.5 type=conflict_zone cd=3 pop=500
loc 2 [Gamma] region=[South]:1 country=[Homeland]:0 lat=11 lon=21 type=town cd=-1 pop=0
loc 3 [Delta Camp] region=[Border]:2 country=[Neighbour]:1 lat=12 lon=22 type=camp cd=-1 pop=2000
loc 4 [Echo] region=[Border]:2 country=[Neighbour]:1 lat=12.5 lon=22.5 type=idpcamp
loc 5 [Hub] region=[South]:1 country=[Homeland]:0 lat=11.5 lon=21.5 type=forwarding_hub
loc 6 [Mark] region=[Border]:2 country=[Neighbour]:1 lat=12.2 lon=22.2 type=marker
loc 7 [Fox] region=[South]:1 country=[Homeland]:0 lat=11.1 lon=21.1 type=town cd=-1 pop=0
route 0 Alpha-Bahir Dar, North 100 forced=0
route 2 Gamma-Delta Camp 200 forced=1
route 4 Alpha-Hub 30 forced=0
route 5 Hub-Mark 10 forced=2
route 7 Fox-Gamma 40.5 forced=0
closure 0 type=0 a=0 b=1 5-10
closure 1 type=1 a=7 b=-1 0-3
closure 2 type=2 a=2 b=4 2-4
closure 3 type=3 a=3 b=-1 1-2
closure 4 type=3 a=4 b=-1 3-101
closure 5 type=4 a=5 b=6 6-0
conflict col 1 [Bahir Dar, North]
conflict row 1: 1 0.5
conflict row 2: 0 2
start=2012-02-27 start_day=15397 length=12
series total loc=-1 daily=0,100,200,300,400,500,600,700,800,900,1000,1100
series Delta Camp loc=3 daily=5,8,11,46,61,76,91,106,106,106,106,106
series Echo loc=4 daily=0,50,100,150,200,200,200,225,250,275,300,300
series Ghost loc=-1 daily=7,7,7,7,7,7,7,7,7,7,7,7
WARNING $I/routes.csv:11: route 'Gamma'-'Fox' repeats line 9 and is ignored
WARNING $I/registration_corrections.csv:2: registration correction of 'Delta Camp' at 2012-02-20 skipped for $S/delta-a.csv: it has no data point before that date
WARNING $S/delta-a.csv:5: date 2012-03-01 repeated on line 6 (counts 10 and 40): interpolation towards it uses line 5, from it on line 6 holds" ;;
missing_camp_warning)
  expect="OK "
  lines="WARNING $S/data_layout.csv:5: camp 'Ghost' is not in locations.csv; its series counts in the spawn total but not in the metrics" ;;
optional_files_absent)
  rm "$I/closures.csv" "$I/conflicts.csv" "$I/registration_corrections.csv" "$S/data_layout.csv"
  expect="OK nloc=8 nregions=3 ncountries=2 nroutes=8 nclosures=0 conflicts=0 cols=0 rows=0 length=12 source_data=0 total=0 ncamps=0 nwarnings=1" ;;
conflicts_unknown_column)
  # an unknown column is an error at its first non-zero intensity
  sed 's/^#Day, Alpha,/#Day, Nowhere,/' "$I/conflicts.csv" >"$MS_TMP/c" && mv "$MS_TMP/c" "$I/conflicts.csv"
  expect="ERROR $I/conflicts.csv:2: field 'Nowhere': intensity 1 for a location that locations.csv lacks" ;;
conflicts_unknown_zero_column)
  # ... and only a warning while all its intensities are 0 (Burundi's 'Isale')
  printf '#Day, Alpha, Nowhere\n0, 1, 0\n1, 0, 0\n' >"$I/conflicts.csv"
  expect="OK "
  lines="WARNING $I/conflicts.csv:1: column 'Nowhere' names no location of locations.csv; ignored, as all its intensities are 0" ;;

# locations.csv (lines: 1 header, 2-11 data/comment/empty; an appended line is 12)
missing_locations)
  rm "$I/locations.csv"
  expect="ERROR $I/locations.csv:0: field '-': file not found" ;;
empty_locations)
  : >"$I/locations.csv"
  expect="ERROR $I/locations.csv:1: field '-': file is empty" ;;
duplicate_name)
  add "$I/locations.csv" '"Gamma",South,Homeland,1,2,town,,'
  expect="ERROR $I/locations.csv:12: field 'name': duplicate location 'Gamma' (first on line 5)" ;;
unknown_type)
  add "$I/locations.csv" 'Zed,South,Homeland,1,2,village,,'
  expect="ERROR $I/locations.csv:12: field 'location_type': unknown location type 'village'" ;;
negative_population)
  add "$I/locations.csv" 'Zed,South,Homeland,1,2,town,-3,'
  expect="ERROR $I/locations.csv:12: field 'population': -3 is negative" ;;
bad_conflict_date)
  add "$I/locations.csv" 'Zed,South,Homeland,1,2,town,,2.5'
  expect="ERROR $I/locations.csv:12: field 'conflict_date': '2.5' is not an integer" ;;
huge_conflict_date)
  add "$I/locations.csv" 'Zed,South,Homeland,1,2,town,,99999999999'
  expect="ERROR $I/locations.csv:12: field 'conflict_date': '99999999999' is out of range" ;;
bad_latitude)
  add "$I/locations.csv" 'Zed,South,Homeland,north,2,town,,'
  expect="ERROR $I/locations.csv:12: field 'latitude': 'north' is not a number" ;;
missing_location_column)
  add "$I/locations.csv" 'Zed,South,Homeland,1,2'
  expect="ERROR $I/locations.csv:12: field 'location_type': missing (the line has 5 fields)" ;;
nul_byte)
  printf 'Zed\000,South,Homeland,1,2,town,,\n' >>"$I/locations.csv"
  expect="ERROR $I/locations.csv:12: field '-': NUL byte in line" ;;
garbage_bytes)
  awk 'BEGIN { srand(7); for (i = 0; i < 20000; i++) printf "%c", 1 + int(rand() * 255) }' >"$I/locations.csv"
  expect="ERROR $I/locations.csv:" ;;

# routes.csv (CRLF; lines: 1 header, 2-11; an appended line is 12)
empty_routes)
  : >"$I/routes.csv"
  expect="ERROR $I/routes.csv:1: field '-': file is empty" ;;
header_only_routes)
  printf '#name1,name2,distance\n\n' >"$I/routes.csv"
  expect="ERROR $I/routes.csv:1: field '-': file is empty" ;;
missing_column)
  add "$I/routes.csv" 'Alpha,Gamma'
  expect="ERROR $I/routes.csv:12: field 'distance': missing (the line has 2 fields)" ;;
missing_column_header)
  printf '#name1,name2,forced_redirection\nAlpha,Gamma,0\n' >"$I/routes.csv"
  expect="ERROR $I/routes.csv:1: field 'distance': column missing from the header" ;;
unknown_location_routes)
  add "$I/routes.csv" 'Alpha,Nowhere,5,'
  expect="ERROR $I/routes.csv:12: field 'name2': unknown location 'Nowhere'" ;;
nonnumeric_distance)
  add "$I/routes.csv" 'Alpha,Gamma,abc,'
  expect="ERROR $I/routes.csv:12: field 'distance': 'abc' is not a number" ;;
nan_distance)
  add "$I/routes.csv" 'Alpha,Gamma,nan,'
  expect="ERROR $I/routes.csv:12: field 'distance': 'nan' is not a finite number" ;;
huge_distance)
  add "$I/routes.csv" "Alpha,Gamma,1$(printf '%0400d' 0),"
  expect="ERROR $I/routes.csv:12: field 'distance': '100000000000000000000000000000000000000000000000000000000000...' is out of range" ;;
negative_distance)
  add "$I/routes.csv" 'Alpha,Gamma,-5,'
  expect="ERROR $I/routes.csv:12: field 'distance': -5 is negative" ;;
bad_forced)
  add "$I/routes.csv" 'Alpha,Gamma,5,3'
  expect="ERROR $I/routes.csv:12: field 'forced_redirection': '3' is not empty, 0, 1 or 2" ;;
route_to_itself)
  add "$I/routes.csv" 'Alpha," Alpha ",5,'
  expect="ERROR $I/routes.csv:12: field 'name2': route from 'Alpha' to itself" ;;
huge_line)
  add "$I/routes.csv" "$(head -c 2000000 /dev/zero | tr '\0' A),Gamma,5,"
  expect="ERROR $I/routes.csv:12: field 'name1': unknown location 'AAAAAAAAAA" ;;

# closures.csv (an appended line is 8)
unknown_location_closures)
  add "$I/closures.csv" 'location,Nowhere,,0,1'
  expect="ERROR $I/closures.csv:8: field 'name1': unknown location 'Nowhere'" ;;
unknown_country)
  add "$I/closures.csv" 'country,Homeland,Atlantis,0,1'
  expect="ERROR $I/closures.csv:8: field 'name2': unknown country 'Atlantis'" ;;
link_without_route)
  add "$I/closures.csv" 'link,Alpha,Echo,0,1'
  expect="ERROR $I/closures.csv:8: field 'name2': no route joins 'Alpha' and 'Echo'" ;;
unknown_closure_type)
  add "$I/closures.csv" 'border,Alpha,,0,1'
  expect="ERROR $I/closures.csv:8: field 'closure_type': unknown closure type 'border'" ;;
bad_closure_start)
  add "$I/closures.csv" 'location,Alpha,,x,1'
  expect="ERROR $I/closures.csv:8: field 'closure_start': 'x' is not an integer" ;;

# conflicts.csv (an appended line is 5)
unknown_location_conflicts_header)
  printf 'Day,Alpha\n0,1\n' >"$I/conflicts.csv"
  expect="ERROR $I/conflicts.csv:1: field 'Day': expected the header '#Day,<location>,...'" ;;
conflicts_duplicate_column)
  sed 's/^#Day, Alpha,/#Day, Alpha, Alpha,/' "$I/conflicts.csv" >"$MS_TMP/c" && mv "$MS_TMP/c" "$I/conflicts.csv"
  expect="ERROR $I/conflicts.csv:1: field 'location': 'Alpha' heads columns 2 and 3" ;;
conflicts_day_order)
  add "$I/conflicts.csv" '4, 0, 0'
  expect="ERROR $I/conflicts.csv:5: field 'Day': day 4 out of order; expected day 3" ;;
conflicts_missing_value)
  add "$I/conflicts.csv" '3, 1'
  expect="ERROR $I/conflicts.csv:5: field 'Bahir Dar, North': missing" ;;
conflicts_negative)
  add "$I/conflicts.csv" '3, -1, 0'
  expect="ERROR $I/conflicts.csv:5: field 'Alpha': intensity -1 is negative" ;;
conflicts_nonnumeric_day)
  add "$I/conflicts.csv" 'three, 1, 0'
  expect="ERROR $I/conflicts.csv:5: field 'Day': 'three' is not an integer" ;;

# sim_period.csv
empty_simperiod)
  printf '# nothing here\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:1: field '-': file is empty" ;;
bad_date_simperiod)
  printf 'StartDate,2012-02-30\nLength,12\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:1: field 'StartDate': bad date '2012-02-30'" ;;
bad_month_simperiod)
  printf 'StartDate,2012-13-01\nLength,12\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:1: field 'StartDate': bad date '2012-13-01'" ;;
garbage_date_simperiod)
  printf 'Length,12\r\nStartDate,yesterday\r\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:2: field 'StartDate': bad date 'yesterday'" ;;
missing_startdate)
  printf 'Length,12\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:0: field 'StartDate': missing" ;;
negative_length)
  printf 'StartDate,2012-02-27\nLength,-5\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:2: field 'Length': -5 days; it must be at least 1" ;;
huge_length)
  printf 'StartDate,2012-02-27\nLength,1000001\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:2: field 'Length': 1000001 days; at most 1000000" ;;
nonint_length)
  printf 'StartDate,2012-02-27\nLength,12.5\n' >"$I/sim_period.csv"
  expect="ERROR $I/sim_period.csv:2: field 'Length': '12.5' is not an integer" ;;

# source_data/ and registration_corrections.csv
bad_date_series)
  add "$S/echo.csv" '2012-13-01,5'
  expect="ERROR $S/echo.csv:5: field 'date': bad date '2012-13-01'" ;;
bad_count_series)
  add "$S/echo.csv" '2012-03-09,many'
  expect="ERROR $S/echo.csv:5: field 'count': 'many' is not a number" ;;
missing_series_file)
  rm "$S/delta-b.csv"
  expect="ERROR $S/delta-b.csv:0: field '-': file not found" ;;
unknown_location_corrections)
  add "$I/registration_corrections.csv" 'Nowhere,2012-03-01'
  expect="ERROR $I/registration_corrections.csv:3: field 'camp': unknown location 'Nowhere'" ;;
correction_not_a_series)
  add "$I/registration_corrections.csv" 'Alpha,2012-03-01'
  expect="ERROR $I/registration_corrections.csv:3: field 'camp': 'Alpha' is not a camp series of data_layout.csv" ;;
bad_date_corrections)
  add "$I/registration_corrections.csv" 'Echo,2012-02-30'
  expect="ERROR $I/registration_corrections.csv:3: field 'date': bad date '2012-02-30'" ;;
mpi2_error)
  add "$I/routes.csv" 'Alpha,Nowhere,5,'
  expect="ERROR $I/routes.csv:12: field 'name2': unknown location 'Nowhere'" ;;
*)
  echo "run_case.sh: unknown case '$name'" >&2
  exit 2 ;;
esac

ms_exec "$np" 120 run "$bin" "$d" -dump
rc=$?
# fail WHAT: the case failed; its output shown
fail()
{
  ms_fail "$1"
  echo "--- stdout"; head -c 20000 run.out
  echo "--- stderr"; head -c 20000 run.err
  ms_finish
}
first=$(head -n 1 run.out | head -c 100000)
case $first in
"$expect"*) ;;
*) fail "the first line does not start with: $expect" ;;
esac
case $expect in
OK*) [ "$rc" -eq 0 ] || fail "exit code $rc, expected 0" ;;
*) [ "$rc" -ne 0 ] || fail "exit code 0, expected an error" ;;
esac
if [ -n "$lines" ]; then
  while IFS= read -r want; do
    awk -v p="$want" 'index($0, p) == 1 { found = 1 } END { exit !found }' run.out || fail "no line starts with: $want"
  done <<<"$lines"
fi
ms_ok "$(printf '%s' "$first" | head -c 300)"
ms_finish
