#!/usr/bin/env bash
# robustness_fuzz: seeded random corruptions of the bundled default scenario, one file and
# one corruption per run: a truncated, deleted, duplicated or swapped line, a deleted or
# swapped column, garbage bytes (NUL, high bytes, quotes, commas, CR, a BOM), a number
# replaced by a huge or odd one (1e308, 99999999999999999999, -5, nan, inf, ...), a field
# replaced by odd text, an emptied file, a removed header, a deleted file. The runs read a
# settings file in Flee's whole layout (tests/settings/flee/simsetting.yml), corrupted as one
# of the files: the edits above, or half the time one of its own: a key misspelt, a value
# replaced by an odd number or text, a line indented otherwise (a space more or less, a tab,
# a key moved into or out of its group), a key of a feature not modelled switched on.
#
# Each run (1 rank, an MPI singleton, under `timeout 20`) must either succeed (exit 0) or
# exit 1 with exactly one line on stderr, of the form
#     migrasim: error: FILE:LINE: field 'X': what
# (LINE 0 for a missing file; for the settings file, `FILE:LINE: ...`, mostly `setting 'X'`). A signal (exit >= 128), a timeout (124), any other status,
# several error lines or a sanitizer report fail the test, which then prints the diff of the
# corrupted file, the output and a command that repeats that one case.
#
# The generator is a 31-bit LCG in bash arithmetic (awk only applies the chosen edit), so
# that a seed gives the same corruptions wherever the test runs. Environment:
#   MS_FUZZ_N (300) runs, MS_FUZZ_SEED (20240611), MS_FUZZ_JOBS (2) runs at a time,
#   MS_FUZZ_BUDGET (75) seconds after which no further case starts (on a slow or busy
#   machine the summary says how many of the N ran; cases are numbered, so the ones run
#   are always the first ones), MS_FUZZ_ONLY=i repeats case i alone (with MS_KEEP=1 its
#   files are kept), MS_FUZZ_MPIEXEC=1 starts each run with mpiexec -n 1.
. "$(dirname "$0")/../lib.sh"

N=${MS_FUZZ_N:-300}
SEED=${MS_FUZZ_SEED:-20240611}
JOBS=${MS_FUZZ_JOBS:-2}
ONLY=${MS_FUZZ_ONLY:-}
BUDGET=${MS_FUZZ_BUDGET:-75}
TLIMIT=20
DAYS=()
# A sanitizer build runs several times slower: fewer cases, 30 days each (the inputs are
# all read whatever -days says; hangs and runaways are the optimised build's to find).
if ldd "$MIGRASIM" 2>/dev/null | grep -q 'libasan'; then
  N=${MS_FUZZ_N:-120} DAYS=(-days 30) TLIMIT=60
  echo "note: sanitizer build; $N cases of 30 days, timeout $TLIMIT s"
fi
# A 1-rank run starts in about 0.1 s rather than 0.45 s without mpiexec's daemon and without
# probing the network transports (UCX, OFI) that one rank never uses.
export OMPI_MCA_ess_singleton_isolated=1 OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 OMPI_MCA_osc=^ucx OMPI_MCA_mtl=^ofi

CLEAN=$MS_TMP/clean
mkdir -p "$CLEAN" && cp -R "$MS_DEFAULT"/. "$CLEAN"/ || exit 1
cp "$MS_TESTS/settings/flee/simsetting.yml" "$CLEAN/simsetting.yml" || exit 1
FILES=()
while IFS= read -r f; do FILES+=("$f"); done < <(cd "$CLEAN" && find . -type f \( -name '*.csv' -o -name '*.yml' \) | sed 's|^\./||' | LC_ALL=C sort)
[ ${#FILES[@]} -gt 0 ] || { ms_fail "no csv file in $MS_DEFAULT"; ms_finish; }

# How to start a 1-rank run: as an MPI singleton (fast) when that works, else with mpiexec -n 1.
NP=0
if [ "${MS_FUZZ_MPIEXEC:-0}" = 1 ] || ! ms_run 0 60 "$MS_TMP/probe" -scenario "$CLEAN" -settings "$CLEAN/simsetting.yml" -output "$MS_TMP/probe.h5" -flee_csv none -days 3; then
  NP=1
  ms_run 1 60 "$MS_TMP/probe" -scenario "$CLEAN" -settings "$CLEAN/simsetting.yml" -output "$MS_TMP/probe.h5" -flee_csv none -days 3 ||
    { ms_fail "the uncorrupted scenario does not run"; ms_show "$MS_TMP/probe"; ms_finish; }
  echo "note: runs start with $MS_MPIEXEC -n 1"
fi

# ---- the generator: rnd M sets r to a number in [0, M) --------------------------------------
rs=1
rnd()
{
  rs=$(((rs * 1103515245 + 12345) % 2147483648))
  r=$(((rs >> 8) % $1))
}
seed_case() # seed_case I: a state of its own for case I
{
  rs=$(((SEED * 7919 + $1 * 104729 + 17) % 2147483648))
  rnd 2 && rnd 2 && rnd 2
}

NUMBERS=(1e308 1e309 -1e308 99999999999999999999 -99999999999999999999 -5 -1 0 -0 nan NaN inf -inf
         1e-320 2147483647 2147483648 -2147483649 4294967296 9223372036854775807 9223372036854775808
         32767 32768 1048576 3e9 1.5 0.5 0x10 1e5 '' ' ' 12abc)
TEXTS=('' ' ' 'x' '"' '""' '"a,b"' '#' 'Varn' 'Tarsk' 'Aurelia' 'camp' 'conflict_zone' '2031-02-30'
       '2031-13-01' '1999-01-01' '2100-01-01' '0000-00-00' 'é' $'\t' 'NULL' 'total' 'Length' 'StartDate')
BYTES=('\0' '\0\0\0' '\377' '\377\376' '\200\201' '\357\273\277' '"' ',' ',,,,' '\r' '\n' '\n\n' '\t'
       '#' 'garbage' '\033[0m' '\n,\n' '1e308' '"unclosed')

nlines() { awk 'END { print NR }' "$1"; }

# corrupt_settings FILE: one edit of the settings file's own kind; sets desc.
corrupt_settings()
{
  local f=$1 k v n
  n=$(grep -c '^ *[A-Za-z_]*:' "$f")
  rnd "$n"; k=$((r + 1)) # the k-th key line
  rnd 5
  case $r in
  0) # a key misspelt: a letter dropped, doubled or changed
    rnd 3
    awk -v k=$k -v how=$r '/^ *[A-Za-z_]*:/ && ++m == k { match($0, /[A-Za-z_]+/); p = RSTART + int(RLENGTH / 2)
      c = substr($0, p, 1); $0 = substr($0, 1, p - 1) (how == 0 ? "" : how == 1 ? c c : "q") substr($0, p + 1) } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="key #$k misspelt (edit $r)" ;;
  1) # a value replaced
    rnd 2
    if [ $r -eq 0 ]; then rnd ${#NUMBERS[@]}; v=${NUMBERS[$r]}; else rnd ${#TEXTS[@]}; v=${TEXTS[$r]}; fi
    awk -v k=$k -v v="$v" '/^ *[A-Za-z_]*:/ && ++m == k { sub(/:.*/, ": " v) } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="value of key #$k replaced by '$v'" ;;
  2 | 3) # a line indented otherwise
    rnd 5
    local ind=("" " " "    " $'\t' "      ")
    v=${ind[$r]}
    awk -v k=$k -v v="$v" -v how=$r '/^ *[A-Za-z_]*:/ && ++m == k { if (how == 0) sub(/^ +/, ""); else $0 = v $0 } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="key #$k indented by '$(printf '%s' "$v" | cat -A)' more (edit $r)" ;;
  4) # a feature not modelled switched on, or a group emptied
    rnd 2
    if [ $r -eq 0 ]; then
      sed 's/^\(  two_system_decision_making:\).*/\1 True/' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
      desc="two_system_decision_making: True"
    else
      awk -v k=$k '/^[A-Za-z_]*:/ && ++m == k % 4 + 1 { print; skip = 1; next } /^[A-Za-z_]/ { skip = 0 } !skip' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
      desc="group #$((k % 4 + 1)) emptied"
    fi ;;
  esac
}

# corrupt FILE: one edit chosen by the generator; sets desc.
corrupt()
{
  local f=$1 n len k c1 c2 v nf
  if [ ! -s "$f" ]; then n=0; else n=$(nlines "$f"); fi
  case $f in *.yml) rnd 2; if [ $r -eq 0 ]; then corrupt_settings "$f"; return; fi ;; esac
  rnd 14
  local op=$r
  if [ "$n" -eq 0 ] && [ $op -le 10 ]; then op=11; fi
  case $op in
  0) # truncate a line
    rnd "$n"; k=$((r + 1))
    len=$(awk -v k=$k 'NR == k { print length($0) }' "$f")
    rnd $((len + 1))
    awk -v k=$k -v p=$r 'NR == k { $0 = substr($0, 1, p) } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="line $k truncated to $r characters" ;;
  1) # delete a column everywhere
    nf=$(awk -F, '{ if (NF > m) m = NF } END { print m + 0 }' "$f")
    rnd $((nf > 0 ? nf : 1)); c1=$((r + 1))
    awk -F, -v c=$c1 '{ o = ""; s = ""; for (i = 1; i <= NF; i++) if (i != c) { o = o s $i; s = "," } print o }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="column $c1 deleted" ;;
  2) # swap two columns everywhere
    nf=$(awk -F, '{ if (NF > m) m = NF } END { print m + 0 }' "$f")
    rnd $((nf > 0 ? nf : 1)); c1=$((r + 1))
    rnd $((nf > 0 ? nf : 1)); c2=$((r + 1))
    awk -F, -v OFS=, -v a=$c1 -v b=$c2 '{ t = $a; $a = $b; $b = t; print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="columns $c1 and $c2 swapped" ;;
  3 | 4) # garbage bytes at a byte offset
    len=$(wc -c <"$f")
    rnd $((len + 1)); k=$r
    rnd ${#BYTES[@]}; v=${BYTES[$r]}
    # shellcheck disable=SC2059 # the format is the payload: its escapes make the bytes
    { head -c "$k" "$f"; printf "$v"; tail -c +$((k + 1)) "$f"; } >"$f.tmp" && mv "$f.tmp" "$f"
    desc="bytes '$v' inserted at byte offset $k" ;;
  5 | 6) # a number replaced by an odd one
    nf=$(awk -F, '{ for (i = 1; i <= NF; i++) if ($i ~ /^ *-?[0-9][0-9.]*$/) m++ } END { print m + 0 }' "$f")
    rnd ${#NUMBERS[@]}; v=${NUMBERS[$r]}
    if [ "$nf" -eq 0 ]; then
      printf '%s\n' "$v" >>"$f"
      desc="no number; line '$v' appended"
    else
      rnd "$nf"; k=$((r + 1))
      awk -F, -v OFS=, -v k=$k -v v="$v" '{ for (i = 1; i <= NF; i++) if ($i ~ /^ *-?[0-9][0-9.]*$/ && ++m == k) { $i = v; hit = NR } print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
      desc="number #$k replaced by '$v'"
    fi ;;
  7) # duplicate a line
    rnd "$n"; k=$((r + 1))
    awk -v k=$k '{ print } NR == k { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="line $k duplicated" ;;
  8) # delete a line
    rnd "$n"; k=$((r + 1))
    awk -v k=$k 'NR != k' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="line $k deleted" ;;
  9) # swap two lines
    rnd "$n"; c1=$((r + 1))
    rnd "$n"; c2=$((r + 1))
    awk -v a=$c1 -v b=$c2 '{ l[NR] = $0 } END { t = l[a]; l[a] = l[b]; l[b] = t; for (i = 1; i <= NR; i++) print l[i] }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="lines $c1 and $c2 swapped" ;;
  10) # a field replaced by odd text
    nf=$(awk -F, '{ m += NF } END { print m + 0 }' "$f")
    rnd $((nf > 0 ? nf : 1)); k=$((r + 1))
    rnd ${#TEXTS[@]}; v=${TEXTS[$r]}
    awk -F, -v OFS=, -v k=$k -v v="$v" '{ for (i = 1; i <= NF; i++) if (++m == k) $i = v; print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="field #$k replaced by '$v'" ;;
  11) # structural: empty, no header, deleted, CRLF, an overlong line, many fields
    rnd 7
    case $r in
    0) : >"$f"; desc="file emptied" ;;
    1) sed 1d "$f" >"$f.tmp" && mv "$f.tmp" "$f"; desc="header (first line) removed" ;;
    2) rm -f "$f"; desc="file deleted" ;;
    3) awk '{ printf "%s\r\n", $0 }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"; desc="CRLF line ends" ;;
    4) awk 'BEGIN { while (length(s) < 100000) s = s "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; print s } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"; desc="a 100000-character line prepended" ;;
    5) awk 'BEGIN { s = "1"; for (i = 0; i < 5000; i++) s = s ",1" } { print } END { print s }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"; desc="a line of 5001 fields appended" ;;
    6) printf 'no newline at the end' >>"$f"; desc="unterminated last line appended" ;;
    esac ;;
  12) # the header's first character removed or a comment sign added
    rnd 2
    if [ $r -eq 0 ]; then
      sed '1s/^.//' "$f" >"$f.tmp" && mv "$f.tmp" "$f"; desc="first character of line 1 removed"
    else
      rnd "$n"; k=$((r + 1))
      awk -v k=$k 'NR == k { $0 = "#" $0 } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"; desc="line $k commented out"
    fi ;;
  13) # every field of a line replaced by one number
    rnd "$n"; k=$((r + 1))
    rnd ${#NUMBERS[@]}; v=${NUMBERS[$r]}
    awk -F, -v OFS=, -v k=$k -v v="$v" 'NR == k { for (i = 1; i <= NF; i++) $i = v } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    desc="every field of line $k set to '$v'" ;;
  esac
}

# one_case I WORKDIR: corrupt, run, judge; appends "I CLASS" to WORKDIR/results and writes
# WORKDIR/fail.I on a failure.
ERR_RE="^migrasim: error: .+:[0-9]+: field '.+': "
YML_RE="^migrasim: error: [^ ]*simsetting\\.yml:[0-9]+: ."
one_case()
{
  local i=$1 w=$2 scn=$2/scn log=$2/run file cls rc lines nl
  seed_case "$i"
  rm -rf "$scn" && mkdir -p "$scn" && cp -R "$CLEAN"/. "$scn"/
  rnd ${#FILES[@]}; file=${FILES[$r]}
  case_file=$file
  desc=
  corrupt "$scn/$file"
  ms_run $NP $TLIMIT "$log" -scenario "$scn" -settings "$scn/simsetting.yml" -output "$w/out.h5" -seed 1 "${DAYS[@]}"
  rc=$?
  if [ $NP -eq 0 ]; then lines=$(grep -av '^$' "$log.err"); else lines=$(ms_stderr_lines "$log"); fi
  nl=0; [ -n "$lines" ] && nl=$(printf '%s\n' "$lines" | wc -l)
  cls=
  if [ $rc -eq 0 ]; then
    if printf '%s\n' "$lines" | grep -aqE '^migrasim: error|AddressSanitizer|runtime error|LeakSanitizer'; then
      cls="FAIL exit 0 but an error on stderr"
    else cls=ok; fi
  elif [ $rc -eq 1 ]; then
    if [ "$nl" -ne 1 ]; then cls="FAIL exit 1 with $nl stderr lines, not exactly one error line"
    elif ! printf '%s\n' "$lines" | LC_ALL=C grep -aqE "$ERR_RE" && ! { [ "${file##*.}" = yml ] && printf '%s\n' "$lines" | LC_ALL=C grep -aqE "$YML_RE"; }; then
      cls="FAIL exit 1 but the error line is not 'migrasim: error: FILE:LINE: field 'X': ...' (settings: 'FILE:LINE: ...')"
    else cls=error; fi
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then cls="FAIL timed out after $TLIMIT s (hang or runaway)"
  elif [ $rc -ge 128 ]; then cls="FAIL killed by signal $((rc - 128))"
  else cls="FAIL exit status $rc"; fi
  echo "$i $cls" >>"$w/results"
  case $cls in FAIL*)
    {
      echo "case $i: $file: $desc"
      echo "  $cls"
      echo "  reproduce: MS_FUZZ_ONLY=$i MS_FUZZ_SEED=$SEED MS_KEEP=1 MS_BIN=$MS_BIN MS_SRC=$MS_SRC bash $0"
      echo "  corrupted scenario kept in $w/case$i"
      echo "  --- diff of $file (clean vs corrupted, cat -v)"
      if [ -f "$scn/$file" ]; then diff -a "$CLEAN/$file" "$scn/$file" | head -n 12 | cut -c1-200 | cat -v | sed 's/^/  | /'
      else echo "  | (file deleted)"; fi
      echo "  --- stderr (exit $rc; first 12 lines, cat -v)"
      head -n 12 "$log.err" | cut -c1-300 | cat -v | sed 's/^/  | /'
      echo "  --- stdout (last 3 lines)"
      tail -n 3 "$log.out" | cut -c1-200 | sed 's/^/  | /'
    } >"$w/fail.$i"
    rm -rf "$w/case$i" && mv "$scn" "$w/case$i" ;;
  esac
}

worker() # worker W: cases W, W+JOBS, ...
{
  local w=$MS_TMP/worker$1 i
  mkdir -p "$w" && : >"$w/results"
  for ((i = $1; i < N; i += JOBS)); do
    [ "$(date +%s)" -lt "$deadline" ] || break
    one_case $i "$w"
  done
}

start=$(date +%s)
deadline=$((start + BUDGET))
if [ -n "$ONLY" ]; then
  mkdir -p "$MS_TMP/worker0" && : >"$MS_TMP/worker0/results"
  one_case "$ONLY" "$MS_TMP/worker0"
  echo "case $ONLY: $case_file: $desc: $(cut -d' ' -f2- "$MS_TMP/worker0/results")"
else
  for ((j = 0; j < JOBS; j++)); do worker $j & done
  wait
fi
secs=$(($(date +%s) - start))

cat "$MS_TMP"/worker*/results >"$MS_TMP/results"
total=$(wc -l <"$MS_TMP/results")
nok=$(grep -c ' ok$' "$MS_TMP/results")
nerr=$(grep -c ' error$' "$MS_TMP/results")
nfail=$(grep -c ' FAIL' "$MS_TMP/results")
for f in $(find "$MS_TMP" -name 'fail.*' -path '*/worker*' | awk -F. '{ print $NF, $0 }' | sort -n | cut -d' ' -f2); do
  cat "$f"
  echo
done
summary="$total corrupted scenarios (seed $SEED) in $secs s: $nok normal runs, $nerr input errors, $nfail failures"
[ -n "$ONLY" ] || [ "$total" -ge "$N" ] || echo "note: the time budget of $BUDGET s ran out after $total of $N cases (MS_FUZZ_BUDGET)"
if [ "$nfail" -gt 0 ]; then
  echo "failure classes:"
  sed 's/^[0-9]* //' "$MS_TMP/results" | grep '^FAIL' | sort | uniq -c | sed 's/^/  /'
  ms_fail "$summary"
elif [ "$total" -eq 0 ]; then
  ms_fail "no case ran"
else
  ms_ok "$summary"
fi
if [ -n "$ONLY" ] && [ "${MS_KEEP:-0}" = 1 ]; then echo "files in $MS_TMP/worker0"; fi
ms_finish
