#!/usr/bin/env bash
# help_options: -help of migrasim and of every tool lists the tool's own options, each with a
# default and a meaning, grouped for migrasim (run, settings, parallel, checkpoint, sweep,
# output), without PETSc's generic text (that only with -help_petsc), and creates nothing, even
# with -sweep, -sweep_output, -output or -restart given (a sweep's design that would run).
# Every option that PETSc's own listing (-help_petsc) shows for migrasim's blocks is there.
MS_NAME=help_options
. "$(dirname "$0")/../lib.sh"

# help_check LOG WHAT: exit 0 checked by the caller; no PETSc text; every option line
# "  -name  default  meaning" complete.
help_check()
{
  local log=$1 what=$2 bad n
  if grep -qE 'Options for all PETSc programs|PetscDevice|<now ' "$log.out"; then ms_fail "$what: PETSc's generic help or its form is there"; else ms_ok "$what: no PETSc generic text"; fi
  n=$(grep -c '^  -' "$log.out")
  bad=$(awk '/^  -/ { rest = substr($0, length($1) + 3); sub(/^ +/, "", rest)
                      if (rest !~ /^[^ ](.*[^ ])?  +[^ ]/) print $1 }' "$log.out")
  if [ "$n" -gt 0 ] && [ -z "$bad" ]; then ms_ok "$what: $n options, each with a default and a meaning"
  else ms_fail "$what: $n options; without a default or meaning: $bad"; fi
}

cat >tiny.yml <<'YML'
sampler: sobol
points: 2
parameters:
  move_rules_camp_weight: [0.5, 4.0]
YML
before=$(ls -A | sort)
ms_run 2 60 mig -help -scenario "$MS_DEFAULT" -sweep tiny.yml -sweep_output SWEEPDIR -output x.h5
ms_expect_status "migrasim -help -sweep tiny.yml -sweep_output SWEEPDIR" 0 $? mig
help_check mig "migrasim -help"
after=$(ls -A | grep -v '^mig\.' | sort)
[ "$before" = "$after" ] && [ ! -e SWEEPDIR ] && ms_ok "migrasim -help with -sweep created nothing" || ms_fail "migrasim -help created: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
for g in run 'settings (MODEL.md section 7)' parallel 'checkpoint and stop' 'sweep (docs/sweeps.md)' output; do
  grep -qxF "$g:" mig.out && ms_ok "group '$g'" || ms_fail "no group '$g'"
done
# real defaults: the code's, not the command line's, and not placeholders
line() { grep -E "^  $1 " mig.out | sed -E 's/^  -[^ ]+ +//'; }
case $(line -rebalance_threshold) in "1.1 with -steal, 1.03 without "*) ms_ok "-rebalance_threshold: its real default" ;; *) ms_fail "-rebalance_threshold: '$(line -rebalance_threshold)'" ;; esac
case $(line -days) in "the scenario's Length "*) ms_ok "-days: the scenario's Length" ;; *) ms_fail "-days: '$(line -days)'" ;; esac
case $(line -sweep) in "none "*) ms_ok "-sweep: the code's default, not the command line's" ;; *) ms_fail "-sweep: '$(line -sweep)'" ;; esac
case $(line -move_rules_camp_weight) in "1 "*) ms_ok "-move_rules_camp_weight: 1" ;; *) ms_fail "-move_rules_camp_weight: '$(line -move_rules_camp_weight)'" ;; esac
# every option of migrasim's own blocks in PETSc's listing
ms_run 1 60 petsc -help_petsc -scenario "$MS_DEFAULT"
ms_expect_status "migrasim -help_petsc" 0 $? petsc
grep -q 'Options for all PETSc programs' petsc.out && ms_ok "-help_petsc: PETSc's generic help" || ms_fail "-help_petsc without PETSc's generic help"
awk '/^migrasim .*:$/ { on = 1; next } /^-+$/ { on = 0 } on && /^  -/ { n = $1; sub(/[:<].*/, "", n); print n }' petsc.out | sort -u >petsc.names
awk '/^  -/ { print $1 }' mig.out | sort -u >ours.names
missing=$(comm -23 petsc.names ours.names | tr '\n' ' ')
[ -s petsc.names ] && [ -z "$missing" ] && ms_ok "all $(wc -l <petsc.names) options of PETSc's listing are in -help" || ms_fail "missing from -help: $missing"

# the tools
for tool in validate calibrate compare forecast gen sensitivity; do
  before=$(ls -A | sort)
  ms_exec 0 60 "t_$tool" "$MS_BIN/migrasim-$tool" -help -output OUT_$tool -sweep SW_$tool -run R.h5 -csv C.csv
  ms_expect_status "migrasim-$tool -help" 0 $? "t_$tool"
  help_check "t_$tool" "migrasim-$tool -help"
  after=$(ls -A | grep -v "^t_$tool\." | sort)
  [ "$before" = "$after" ] && ms_ok "migrasim-$tool -help created nothing" || ms_fail "migrasim-$tool -help created: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
done
ms_finish
