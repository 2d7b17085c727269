#!/usr/bin/env bash
# error_all_ranks: a bad input on 3 ranks. Every rank meets the error (the inputs are read
# everywhere alike), so rank 0 alone reports it: the job must end within 30 s (no rank left
# waiting in a collective) with a non-zero status and exactly one error line in total on
# stderr, `migrasim: error: FILE:LINE: field 'X': what`, not one per rank.
. "$(dirname "$0")/../lib.sh"

ERR_RE="^migrasim: error: .+:[0-9]+: field '.+': "

# scenario NAME: a fresh copy of the default scenario in NAME, path in $d.
scenario() { d=$MS_TMP/$1; mkdir -p "$d" && cp -R "$MS_DEFAULT"/. "$d"/; }

# check NAME FILE-REGEX [OPTIONS...]: run $d on 3 ranks: refused in one line of the form
# ERR_RE (or err_re) that names the file FILE-REGEX.
check()
{
  local name=$1 fre=$2
  shift 2
  ms_run 3 30 "$name" -scenario "$d" -output "$name.h5" "$@"
  ms_expect_error "$name" "$name" $? nonzero "${err_re:-$ERR_RE}" "$fre"
}

scenario unknown_route_end
printf 'Varn,Atlantis,100,0\n' >>"$d/input_csv/routes.csv"
check unknown_route_end 'routes\.csv:[0-9]+: '

scenario bad_population
sed -i 's/^Kessa,\(.*\),95000$/Kessa,\1,lots/' "$d/input_csv/locations.csv"
check bad_population 'locations\.csv:[0-9]+: ' -partition location

scenario missing_routes
rm "$d/input_csv/routes.csv"
check missing_routes 'routes\.csv:0: '

scenario bad_length
printf 'StartDate,2031-03-01\nLength,soon\n' >"$d/input_csv/sim_period.csv"
check bad_length 'sim_period\.csv:2: '

scenario bad_series
printf '2031-09-01,many\n' >>"$d/source_data/tarsk.csv"
check bad_series 'tarsk\.csv:[0-9]+: '

scenario bad_conflict
printf '180,1,x,0,0\n' >>"$d/input_csv/conflicts.csv"
check bad_conflict 'conflicts\.csv:[0-9]+: '

scenario nul_byte
printf 'Oltan,Kessa\0,50,0\n' >>"$d/input_csv/routes.csv"
check nul_byte 'routes\.csv:[0-9]+: '

# a settings file whose value has the wrong type: one line that names the file or the setting
scenario bad_settings_type
printf 'move_rules:\n  awareness_level: abc\n' >type.yml
err_re='^migrasim: error: ' check bad_settings_type '(type\.yml|awareness_level)' -settings type.yml
ms_finish
