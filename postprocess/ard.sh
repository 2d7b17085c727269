#!/usr/bin/env bash
# Averaged relative difference (MODEL.md section 9) of an out.csv in Flee's layout, written by
# migrasim or by Flee itself: compare the two codes on the same scenario with one tool.
# Usage: postprocess/ard.sh OUT.csv [OUT2.csv ...]   prints: file  days  camps  ARD  ARD-unrescaled
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 out.csv [...]" >&2; exit 2; }
for f in "$@"; do
  [ -r "$f" ] || { echo "$f:0: field '-': cannot read the file" >&2; exit 1; }
  awk -F, -v file="$f" '
    NR == 1 {
      for (i = 1; i <= NF; i++) {
        if ($i ~ / sim$/) { name = substr($i, 1, length($i) - 4); sim[name] = i; order[++n] = name }
        if ($i ~ / data$/) { name = substr($i, 1, length($i) - 5); dat[name] = i }
      }
      for (k = 1; k <= n; k++) if (!(order[k] in dat)) { printf "%s:1: field %s data: missing\n", file, order[k] > "/dev/stderr"; exit 1 }
      next
    }
    NF > 1 {
      S = 0; O = 0; e = 0
      for (k = 1; k <= n; k++) { S += $(sim[order[k]]); O += $(dat[order[k]]) }
      for (k = 1; k <= n; k++) {
        s = $(sim[order[k]]); o = $(dat[order[k]])
        r = S > 0 ? s * O / S : 0
        e += (r > o ? r - o : o - r); u += 0
        eu += (s > o ? s - o : o - s)
      }
      d = O > 1 ? O : 1
      ard += e / d; ardu += eu / d; eu = 0; days++
    }
    END { if (days) printf "%s\t%d days\t%d camps\tARD %.4f\tunrescaled %.4f\n", file, days, n, ard / days, ardu / days }
  ' "$f"
done
