/* ms_compare: two runs, or two calibrations, side by side (docs/calibration.md).
 *
 * Runs: the ARD (rescaled and not) and, per camp, the final simulated population, the camp's
 * share of the ARD, the mean relative error and the MASE (MODEL.md section 9, computed from
 * /daily/population against the scenario's observed series). Calibrations: each parameter's
 * posterior mean and 5/50/95 % quantiles, the best member's values, POUNDERS' solution, and
 * the best member's ARD. A difference exceeds the tolerance when, for a metric (a fraction),
 * |a - b| > tol, and for a parameter value, |a - b| > tol * max(|a|, |b|). */
#ifndef MS_COMPARE_H
#define MS_COMPARE_H

#include "migrasim.h"

/* Exit codes of migrasim-compare: no difference beyond the tolerance, some, an error. */
#define MS_COMPARE_SAME  0
#define MS_COMPARE_DIFF  1
#define MS_COMPARE_ERROR 2

typedef struct {
  double    tolerance;
  char      scenario_a[PETSC_MAX_PATH_LEN], scenario_b[PETSC_MAX_PATH_LEN]; /* "" : the runs' own */
  PetscBool all; /* print every row, not only the figures */
} MSCompareOptions;

/* Print the comparison of files a and b on rank 0 of comm and set *exceeds when any
   difference is beyond the tolerance. Both must be runs or both calibrations. */
PetscErrorCode MSCompareFiles(MPI_Comm comm, const char a[], const char b[],
                              const MSCompareOptions *opt, PetscBool *exceeds);

#endif
