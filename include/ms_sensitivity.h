/* ms_sensitivity: variance-based sensitivity analysis of a sweep (docs/sensitivity.md).
 *
 * A Saltelli design (sampler: saltelli, docs/sweeps.md) holds, for each of N base points, the
 * points A and B of a 2d-dimensional quasi-random Sobol sequence and the d points AB_j (A with
 * its coordinate j taken from B), in the order A, AB_1, ..., AB_d, B. From any output f of the
 * members (ARD, a location's population on the last day, its arrivals in a window of days), the
 * first-order index S_j (Saltelli 2010) and the total-order index ST_j (Jansen 1999) of each
 * parameter, with bootstrap confidence intervals over the base points.
 *
 * Life cycle as in PETSc: MSSensitivityCreate, MSSensitivitySetFromOptions (-sweep, -output,
 * -bootstrap, -confidence, -bootstrap_seed, -csv, -h5), MSSensitivitySetUp (reads the sweep),
 * MSSensitivityCompute, MSSensitivityWrite (the table on stdout, CSV, HDF5),
 * MSSensitivityDestroy. Serial: the caller runs it on one rank. */
#ifndef MS_SENSITIVITY_H
#define MS_SENSITIVITY_H

#include "migrasim.h"

/* The indices of one parameter for one output, with the bounds of their confidence intervals
   (NaN where the output does not vary). */
typedef struct {
  double first, first_lo, first_hi;
  double total, total_lo, total_hi;
} MSSobolIndex;

/* The n (d + 2) points of a Saltelli design of d parameters (at most 20) and n base points in
   the unit cube, u[(n (d + 2)) * d] (allocated by the caller), in the order above; the Sobol
   sequence's first point (its centre, where A = B) is skipped. */
PetscErrorCode MSSaltelliSample(int d, int n, double u[]);

/* The indices idx[d] of the output y[n (d + 2)] of a Saltelli design (the order of
   MSSaltelliSample), with intervals of level conf (0.95) from nboot bootstrap resamples of the
   base points drawn from GSL's mt19937 seeded with seed; *mean and *var (may be NULL) of the
   outputs at A and B. */
PetscErrorCode MSSobolIndices(int n, int d, const double y[], int nboot, double conf,
                              unsigned long seed, MSSobolIndex idx[], double *mean, double *var);

typedef struct _p_MSSensitivity *MSSensitivity;

/* Create an analysis; free it with MSSensitivityDestroy(). */
PetscErrorCode MSSensitivityCreate(MSSensitivity *sa);
/* Read the options; with -help, list them and check nothing. */
PetscErrorCode MSSensitivitySetFromOptions(MSSensitivity sa);
/* Read the sweep directory, check that its design is a Saltelli one, read every output of the
   members done (the mean over a point's seeds); base points with a point not done are left
   out, with a warning. Errors are one line naming the file. */
PetscErrorCode MSSensitivitySetUp(MSSensitivity sa);
/* The indices of every output. */
PetscErrorCode MSSensitivityCompute(MSSensitivity sa);
/* Print the table and write the CSV and HDF5 files. */
PetscErrorCode MSSensitivityWrite(MSSensitivity sa);
PetscErrorCode MSSensitivityDestroy(MSSensitivity *sa);

#endif
