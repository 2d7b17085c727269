#!/usr/bin/env bash
# options_output_attributes: the HDF5 file of a normal run records its provenance as
# attributes of /: code_version, git_commit, seed, nranks, scenario and every move_rules.*
# setting, with the values of this run (-seed, rank count, a -move_rules_* option on the
# command line and, when MS_SHARED is there, a value from -settings simsetting-validation.yml);
# and the end-of-run figures the tests read instead of log lines, typed (docs/output.md).
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

extra=()
have_yml=0
if [ -f "$MS_VALIDATION_YML" ]; then
  extra=(-settings "$MS_VALIDATION_YML")
  have_yml=1
else
  echo "note: $MS_VALIDATION_YML not found; the -settings check is left out"
fi
log=run
ms_must_run 2 60 $log -scenario "$MS_DEFAULT" -output $log.h5 -seed 8675309 -days 20 -move_rules_camp_weight 2.5 "${extra[@]}"

attrs=$(h5dump -A -H $log.h5 2>/dev/null | sed -n 's/^   ATTRIBUTE "\(.*\)" {$/\1/p')
for a in code_version git_commit seed nranks scenario; do
  if printf '%s\n' "$attrs" | grep -qx "$a"; then ms_ok "attribute $a = '$(ms_attr $log.h5 "$a")'"
  else ms_fail "no attribute $a on /"; fi
done
# every move_rules setting of the engine's table (src/io/settings.c)
want=$(sed -n 's/^ *\(R\|IN\|B\)("move_rules", *\([a-z_]*\),.*/move_rules.\2/p' "$MS_SRC/src/io/settings.c" | sort -u)
[ -n "$want" ] || want="move_rules.max_move_speed move_rules.camp_weight move_rules.default_movechance"
nmr=0
for a in $want; do
  if printf '%s\n' "$attrs" | grep -qx "$a"; then nmr=$((nmr + 1)); else ms_fail "no attribute $a on /"; fi
done
ms_ok "$nmr move_rules.* attributes"

ms_expect_eq seed "$(ms_attr $log.h5 seed)" 8675309
ms_expect_eq nranks "$(ms_attr $log.h5 nranks)" 2
ms_expect_eq scenario "$(ms_attr $log.h5 scenario)" "$MS_DEFAULT"
ms_expect_eq move_rules.camp_weight "$(ms_attr $log.h5 move_rules.camp_weight)" 2.5
if [ $have_yml = 1 ]; then
  ms_expect_eq move_rules.max_move_speed "$(ms_attr $log.h5 move_rules.max_move_speed)" 400
  ms_expect_eq move_rules.softening "$(ms_attr $log.h5 move_rules.softening)" 50
fi
# the end-of-run figures: counts as int64, the mean imbalance a double, the stop reason a string
attr_type() { h5dump -H -a "/$2" "$1" 2>/dev/null | sed -n 's/^ *DATATYPE  *\(H5T_[A-Z0-9_]*\).*/\1/p' | head -n 1; }
for a in exchange_bytes exchange_bytes_early stolen_agent_days acting_agent_days decisions hops link_steps input_warnings warnings_no_route warnings_hop_limit warnings_spawn_wait warnings_spawn_beyond; do
  ms_expect_eq "type of $a" "$(attr_type $log.h5 $a)" H5T_STD_I64LE
done
ms_expect_eq "type of imbalance_mean" "$(attr_type $log.h5 imbalance_mean)" H5T_IEEE_F64LE
ms_expect_eq "type of stop_reason" "$(attr_type $log.h5 stop_reason)" H5T_STRING
ms_expect_eq "stop_reason of a complete run" "$(ms_attr $log.h5 stop_reason)" ""
ms_expect_eq "stolen_agent_days without -steal" "$(ms_attr $log.h5 stolen_agent_days)" 0
ms_expect_eq "input_warnings of the default scenario" "$(ms_attr $log.h5 input_warnings)" 0
ms_expect_within "imbalance_mean on 2 ranks" "$(ms_attr $log.h5 imbalance_mean)" 1.5 0.5
v=$(ms_attr $log.h5 exchange_bytes)
awk -v b="$v" 'BEGIN { exit !(b > 0) }' && ms_ok "exchange_bytes = $v" || ms_fail "exchange_bytes: got '$v', expected more than 0 on 2 ranks"
v=$(ms_attr $log.h5 code_version)
[ -n "$v" ] || ms_fail "code_version is empty"
v=$(ms_attr $log.h5 git_commit)
[ -n "$v" ] || ms_fail "git_commit is empty"
ms_finish
