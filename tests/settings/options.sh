#!/usr/bin/env bash
# settings_options: every tool refuses an option that nothing reads (MODEL.md section 7b), on
# 2 ranks with one line "PROG: error: option -X: unknown; did you mean -Y? (PROG -help lists
# the options)" and a non-zero exit, before any work; the options of the runs a tool starts
# (a calibration's, a forecast's members) are no mistake, and PETSc's own options work.
. "$(dirname "$0")/../lib.sh"

# bad PROGRAM NAME WANT-OPTION NEAREST ARGS...: PROGRAM refuses ARGS on 2 ranks naming
# WANT-OPTION and NEAREST.
bad()
{
  local prog=$1 name=$2 opt=$3 near=$4 tool
  shift 4
  tool=$(basename "$prog")
  ms_exec 2 60 "$name" "$prog" "$@"
  ms_expect_error "$tool $opt" "$name" $? nonzero \
    "^$tool: error: option $opt: unknown; did you mean $near\\? \\($tool -help lists the options\\)$"
}

ms_must_run 0 60 run -scenario "$MS_DEFAULT" -days 10 -output run.h5 -flee_csv none
bad "$MIGRASIM_VALIDATE" validate -scenari -scenario -run run.h5 -scenari "$MS_DEFAULT"
bad "$MIGRASIM_COMPARE" compare -tolerence -tolerance run.h5 run.h5 -tolerence 1
bad "$MIGRASIM_GEN" gen -regoins -regions -output gen -regoins 3
bad "$MIGRASIM_CALIBRATE" calibrate -replicate -replicates -sweep nowhere -replicate 3
bad "$MIGRASIM_FORECAST" forecast -horizn -horizon -scenario "$MS_DEFAULT" -horizn 3
bad "$MIGRASIM_FORECAST" forecast_run -steal_mn -steal_min -scenario "$MS_DEFAULT" -steal_mn 3
[ ! -e gen ] || ms_fail "migrasim-gen wrote a scenario despite a misspelt option"

# PETSc's own options, and a member run's options given to a forecast
ms_exec 2 60 validate_ok "$MIGRASIM_VALIDATE" -run run.h5 -malloc_debug 0 -log_view ascii:validate.log
ms_expect_status "migrasim-validate with PETSc's options" 0 $? validate_ok
ms_exec 2 60 compare_ok "$MIGRASIM_COMPARE" run.h5 run.h5 -options_left 0 -info :none
ms_expect_status "migrasim-compare with PETSc's options" 0 $? compare_ok
ms_exec 2 120 gen_ok "$MIGRASIM_GEN" -output gen_ok -regions 2 -locations_per_region 4 -days 5 -log_view ascii:gen.log
ms_expect_status "migrasim-gen with -log_view" 0 $? gen_ok
ms_exec 2 300 forecast_ok "$MIGRASIM_FORECAST" -scenario "$MS_DEFAULT" -forecast_from 2031-03-21 -inflow_window 10 -horizon 5 \
  -replicates 1 -output fc.h5 -report fc.html -step_block 64 -partition location -mat_partitioning_type average
ms_expect_status "migrasim-forecast with its members' options and PETSc's" 0 $? forecast_ok
ms_finish
