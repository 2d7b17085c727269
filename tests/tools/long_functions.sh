#!/usr/bin/env bash
# Functions longer than N lines (default 100) in the given C files (default: src/), longest
# first: "LINES FILE:LINE NAME". The style keeps function bodies at column 0 braces
# (.clang-format), which is what this reads.
set -euo pipefail
cd "$(dirname "$0")/../.."
max=${MAX:-100}
files=("$@")
[ ${#files[@]} -gt 0 ] || mapfile -t files < <(find src -name '*.c' | sort)
awk -v max="$max" '
  FNR == 1 { name = ""; start = 0 }
  /^[A-Za-z].*\(/ && !/;[ \t]*$/ { sig = $0; sigline = FNR }
  /^\{/ { start = FNR; name = sig; at = sigline }
  /^\}/ && start { n = FNR - start + 1; if (n > max) { sub(/\(.*/, "", name); k = split(name, w, /[ \t*]+/); printf "%d %s:%d %s\n", n, FILENAME, at, w[k] } start = 0 }
' "${files[@]}" | sort -rn
