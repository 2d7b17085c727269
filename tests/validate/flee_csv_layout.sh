#!/usr/bin/env bash
# validate_flee_csv_layout: migrasim's out.csv is Flee's. For mali (Flee's default settings)
# and burundi (whose observed total falls, so Flee carries a refugee_debt), against Flee's own
# out.csv in ../shared/reference/flee for the same scenario and settings: the header is the
# same (columns, their order, camps in Flee's order), every row has as many fields, and the
# columns that follow from the data alone (each camp's "data", "refugees in camps (UNHCR)",
# "raw UNHCR refugee count", "refugee_debt") are equal day by day. The simulated columns differ
# by randomness only. Skipped (77) without ../shared.
. "$(dirname "$0")/../lib.sh"
ms_need_shared
ref=$MS_SHARED/reference/flee
[ -d "$ref" ] || ms_skip "$ref not found"

# same_columns OURS FLEE WHAT: the header, the fields per row and the data-only columns.
same_columns()
{
  if [ "$(head -n 1 "$1")" = "$(head -n 1 "$2")" ]; then ms_ok "$3: header equals Flee's"
  else ms_fail "$3: header differs from Flee's"; diff <(head -n 1 "$1" | tr , '\n') <(head -n 1 "$2" | tr , '\n') | head -n 10; fi
  ms_expect_eq "$3: rows" "$(wc -l <"$1")" "$(wc -l <"$2")"
  ms_expect_eq "$3: fields per row" "$(awk -F, '{ print NF }' "$1" | sort -u | tr '\n' ' ')" \
    "$(awk -F, '{ print NF }' "$2" | sort -u | tr '\n' ' ')"
  # the data-only columns of both files, by name
  cols=$(head -n 1 "$2" | tr , '\n' | awk '/ data$/ || /^refugees in camps \(UNHCR\)$/ || /^raw UNHCR refugee count$/ || /^refugee_debt$/ { printf "%s%d", s, NR; s = "," }')
  if cmp -s <(cut -d, -f"$cols" "$1") <(cut -d, -f"$cols" "$2"); then
    ms_ok "$3: the data, UNHCR, raw count and debt columns equal Flee's on every day"
  else
    ms_fail "$3: data-only columns differ from Flee's"
    diff <(cut -d, -f"$cols" "$1") <(cut -d, -f"$cols" "$2") | head -n 6
  fi
}

for case in mali burundi; do
  [ -f "$ref/$case-default-s1.csv" ] && [ -d "$MS_FLEE/$case/source_data" ] || ms_skip "$case: reference or scenario missing"
  ms_must_run 2 200 "$case" -scenario "$MS_FLEE/$case" -seed 1 -output "$case.h5"
  same_columns "$case.out.csv" "$ref/$case-default-s1.csv" "$case"
done
# mali day 0: Flee's raw count adds the total series' day-0 value to the camps' (sum_from_camps)
ms_expect_eq "mali: raw UNHCR refugee count on day 0" "$(awk -F, 'NR == 2 { print $(NF - 2) }' mali.out.csv)" 30913
ms_finish
