#!/usr/bin/env bash
# reliability_fuzz_ranks: the default scenario with one number of one of its CSV files pushed to
# an extreme (inf, nan, 1e308, -0, 1e-320, huge integers, ...), each case run on 1 and on 2
# ranks (30 days). Both runs must end alike: exit 0 on both, every day's agents conserved (the
# locations' and links' counts sum to the agents spawned so far) and /daily identical on 1 and 2
# ranks; or exit 1 on both, each with one error line "migrasim: error: FILE:LINE: field 'X': ..."
# (the same line). A hang (timeout), a crash or any other ending fails.
# MS_FUZZ_SEED (20261207), MS_FUZZ_N (40) cases, MS_FUZZ_BUDGET (200) seconds after which no
# case starts; MS_FUZZ_ONLY=i repeats case i.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

SEED=${MS_FUZZ_SEED:-20261207}
N=${MS_FUZZ_N:-40}
BUDGET=${MS_FUZZ_BUDGET:-200}
EXTREMES=(inf -inf nan -nan 1e308 -1e308 1e309 -0 0 1e-320 -1 9223372036854775807
  9223372036854775808 99999999999999999999 2147483648 -2147483649 4294967296 1e20)
CLEAN=$MS_TMP/clean
mkdir -p "$CLEAN" && cp -R "$MS_DEFAULT"/. "$CLEAN"/ || exit 1
FILES=()
while IFS= read -r f; do FILES+=("$f"); done < <(cd "$CLEAN" && find . -name '*.csv' | sed 's|^\./||' | LC_ALL=C sort)
ERR_RE="^migrasim: error: .+:[0-9]+: field '.+': "

# conserved FILE: every day, the agents at locations and on links = the agents spawned so far.
conserved()
{
  # one table at a time: ms_table's cache of a file is not for concurrent readers
  ms_table "$1" /daily/population >"$1.pop" && ms_table "$1" /daily/on_links >"$1.links" &&
    ms_table "$1" /daily/spawned | tr ' ' '\n' >"$1.spawned" || { echo "unreadable /daily"; return 1; }
  [ -s "$1.pop" ] || { echo "no day in /daily/population"; return 1; }
  paste -d'|' "$1.pop" "$1.links" "$1.spawned" | awk -F'|' '
    { n = split($1, a, " "); m = split($2, b, " "); s = 0
      for (i = 1; i <= n; i++) s += a[i]; for (i = 1; i <= m; i++) s += b[i]
      total += $3; if (s != total) { print "day " NR - 1 ": " s " agents, " total " spawned"; bad = 1; exit } }
    END { exit bad }'
}

# one_case I: the mutation chosen by RANDOM seeded with SEED and I; runs and judges it.
one_case()
{
  local i=$1 scn=$MS_TMP/case$1 file k v nf rc1 rc2 e1 e2 why
  RANDOM=$((SEED + 7919 * i))
  rm -rf "$scn" && cp -R "$CLEAN" "$scn"
  file=${FILES[$((RANDOM % ${#FILES[@]}))]}
  v=${EXTREMES[$((RANDOM % ${#EXTREMES[@]}))]}
  nf=$(awk -F, '{ for (j = 1; j <= NF; j++) if ($j ~ /^ *-?[0-9][0-9.]*$/) m++ } END { print m + 0 }' "$scn/$file")
  [ "$nf" -gt 0 ] || { ms_ok "case $i: $file has no number"; return; }
  k=$((RANDOM % nf + 1))
  awk -F, -v OFS=, -v k=$k -v v="$v" '{ for (j = 1; j <= NF; j++) if ($j ~ /^ *-?[0-9][0-9.]*$/ && ++m == k) $j = v; print }' \
    "$scn/$file" >"$scn/x" && mv "$scn/x" "$scn/$file"
  local what="case $i: $file number #$k = '$v'"
  ms_run 1 60 "$scn/np1" -scenario "$scn" -seed 1 -days 30 -output "$scn/np1.h5" -flee_csv none
  rc1=$?
  ms_run 2 60 "$scn/np2" -scenario "$scn" -seed 1 -days 30 -output "$scn/np2.h5" -flee_csv none
  rc2=$?
  e1=$(ms_stderr_lines "$scn/np1")
  e2=$(ms_stderr_lines "$scn/np2")
  if [ "$rc1" -ne "$rc2" ]; then
    why="exit $rc1 on 1 rank, $rc2 on 2"
  elif [ "$rc1" -eq 0 ]; then
    if [ -n "$e1$e2" ]; then why="exit 0 with lines on stderr: $e1 $e2"
    elif ! why=$(conserved "$scn/np1.h5"); then why="agents not conserved: $why"
    elif ! h5diff -q "$scn/np1.h5" "$scn/np2.h5" /daily >/dev/null 2>&1; then why="/daily differs on 1 and 2 ranks"
    else ms_ok "$what: exit 0, agents conserved, 1 rank = 2 ranks"; rm -rf "$scn"; return; fi
  elif [ "$rc1" -eq 1 ]; then
    if [ "$(printf '%s\n' "$e1" | wc -l)" -ne 1 ] || [ "$e1" != "$e2" ]; then why="error lines: '$e1' on 1 rank, '$e2' on 2"
    elif ! printf '%s\n' "$e1" | grep -aqE "$ERR_RE"; then why="the error line is not FILE:LINE: field: $e1"
    else ms_ok "$what: refused: $e1"; rm -rf "$scn"; return; fi
  else
    why="exit status $rc1 (124: hang; above 128: a signal)"
  fi
  ms_fail "$what: $why (reproduce: MS_FUZZ_ONLY=$i)"
  ms_show "$scn/np2"
}

deadline=$(($(date +%s) + BUDGET))
if [ -n "${MS_FUZZ_ONLY:-}" ]; then
  one_case "$MS_FUZZ_ONLY"
else
  for ((i = 0; i < N; i++)); do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "note: the budget of $BUDGET s ran out after $i of $N cases"; break; }
    one_case $i
  done
fi
ms_finish
