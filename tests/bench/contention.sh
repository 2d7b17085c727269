#!/usr/bin/env bash
# What running on both cores at once costs this machine, without migrasim: a compute-only
# loop and a random-access loop (the access pattern of the day's acting agents: scattered
# reads and writes over 128 MiB), each run alone, then two copies side by side, one per core;
# and what a first touch of fresh memory costs, page by page and populated at once.
# Prints seconds and the side-by-side slowdown. A benchmark script, not a ctest test.
# Usage: tests/bench/contention.sh
set -euo pipefail
command -v cc >/dev/null || { echo "contention: error: no C compiler (cc)" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "contention: error: needs 2 cores, this machine has $(nproc)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/migrasim-contention.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/k.c" <<'EOF'
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(int argc, char **argv)
{
  double t0 = now();
  uint64_t x = 88172645463325252ULL, s = 0;
  if (argc > 1 && !strcmp(argv[1], "compute")) {
    for (long i = 0; i < 1500000000L; i++) x = (x * 6364136223846793005ULL + 1442695040888963407ULL) ^ (x >> 29);
    s = x;
  } else if (argc > 1 && !strcmp(argv[1], "random")) {
    size_t n = (size_t)1 << 25;
    uint32_t *a = malloc(n * sizeof(*a));
    if (!a) return 1;
    for (size_t i = 0; i < n; i++) a[i] = (uint32_t)i;
    t0 = now();
    for (long i = 0; i < 60000000L; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      s += a[x & (n - 1)], a[(x >> 32) & (n - 1)]++;
    }
    free(a);
  } else if (argc > 2 && !strcmp(argv[1], "touch")) {
    size_t n = (size_t)256 << 20;
    char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return 1;
#if defined(MADV_POPULATE_WRITE)
    if (!strcmp(argv[2], "populate")) madvise(p, n, MADV_POPULATE_WRITE);
#endif
    for (size_t i = 0; i < n; i += 4096) p[i] = 1;
    printf("%.3f s, %.2f us a page (%s)\n", now() - t0, (now() - t0) / (double)(n / 4096) * 1e6, argv[2]);
    return 0;
  } else return 2;
  printf("%.3f %d\n", now() - t0, (int)(s & 1)); /* the result printed, so the loop is not optimised away */
  return 0;
}
EOF
cc -O2 -o "$tmp/k" "$tmp/k.c"

echo "side by side on this machine ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)):"
for kind in compute random; do
  a1=$("$tmp/k" $kind | cut -d' ' -f1)
  pair=$( (taskset -c 0 "$tmp/k" $kind & taskset -c 1 "$tmp/k" $kind & wait) | cut -d' ' -f1 | tr '\n' ' ')
  a2=$("$tmp/k" $kind | cut -d' ' -f1)
  awk -v k="$kind" -v a1="$a1" -v a2="$a2" -v p="$pair" 'BEGIN {
    split(p, q, " "); alone = (a1 + a2) / 2; both = (q[1] + q[2]) / 2
    printf "  %-8s alone %.3f s, %.3f s; two side by side %.3f s, %.3f s: %+.1f %%\n", k, a1, a2, q[1], q[2], 100 * (both / alone - 1) }'
done
echo "first touch of 256 MiB of fresh memory, 4 KiB pages:"
echo "  one fault a page:  $("$tmp/k" touch faults)"
echo "  populated at once: $("$tmp/k" touch populate)"
