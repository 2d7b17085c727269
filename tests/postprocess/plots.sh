#!/usr/bin/env bash
# postprocess_plots: postprocess/plot_runs.py draws one run, and a set of runs (three seeds of
# the default scenario, given as their directory): a page per camp of /locations and an
# overview, each a PNG of the figure's size (camp pages 770x495, the overview 1170x830) that is
# not blank (tests/unit/png_check.py: luminance spread and dark pixels). A file that is not a
# run, and runs of two scenarios, are refused with one line. Skipped without Debian's
# python3-matplotlib and python3-h5py.
. "$(dirname "$0")/../lib.sh"
ms_need_python h5py matplotlib
py=$MS_PY
plot() { "$py" "$MS_SRC/postprocess/plot_runs.py" "$@"; }

mkdir -p seeds
for s in 1 2 3; do ms_must_run 1 120 "seed$s" -scenario "$MS_DEFAULT" -seed $s -days 90 -output "seeds/s$s.h5"; done
camps=$(h5dump -d /locations/type -y -w 0 --noindex seeds/s1.h5 | grep -o '"camp"\|"idpcamp"' | wc -l)

# pictures DIR WHAT: a page per camp and the overview, each of its size and not blank
pictures()
{
  local n
  n=$(ls "$1"/camp_*.png 2>/dev/null | wc -l)
  ms_expect_eq "$2: camp pages" "$n" "$camps"
  for f in "$1"/camp_*.png "$1/overview.png"; do
    case $f in */overview.png) size="1170 830" ;; *) size="770 495" ;; esac
    # shellcheck disable=SC2086
    if [ -f "$f" ] && out=$("$py" "$MS_TESTS/unit/png_check.py" "$f" $size); then ms_ok "$2: $(basename "$f"): $out"
    else ms_fail "$2: $(basename "$f") missing, blank or of the wrong size: ${out:-}"; fi
  done
}

if plot seeds/s1.h5 -o one >one.log 2>&1; then pictures one "one run"; else ms_fail "plot_runs.py on one run failed"; cat one.log; fi
if plot seeds -o set >set.log 2>&1; then pictures set "three seeds"; else ms_fail "plot_runs.py on three seeds failed"; cat set.log; fi

# refusals: one line each, non-zero
plot seeds/s1.out.csv -o bad >/dev/null 2>bad.err
[ $? -ne 0 ] && [ "$(wc -l <bad.err)" = 1 ] && grep -q '^plot_runs.py: error: .*s1.out.csv' bad.err && ms_ok "a file that is not a run is refused in one line" ||
  { ms_fail "a file that is not a run was not refused in one line"; cat bad.err; }
ms_must_run 1 120 ring -scenario "$MS_TESTS/runs/ring4" -seed 1 -days 5 -spawn_rules_conflict_driven_spawning true -output ring.h5
plot seeds/s1.h5 ring.h5 -o mixed >/dev/null 2>mixed.err
[ $? -ne 0 ] && grep -q '^plot_runs.py: error: ring.h5: other locations' mixed.err && ms_ok "runs of two scenarios are refused" ||
  { ms_fail "runs of two scenarios were not refused"; cat mixed.err; }
ms_finish
