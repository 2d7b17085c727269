/* ms_calibrate: calibration of model settings against observed camp populations
 * (docs/calibration.md).
 *
 * Life cycle as in PETSc: MSCalibCreate, MSCalibSetFromOptions (-sweep DIR, -accept_fraction,
 * -tolerance, -method abc|pounders, -replicates, -output, -summary, ...), MSCalibSetUp (reads
 * the sweep directory and the observed series), MSCalibSolve (approximate Bayesian computation
 * by rejection, then POUNDERS with -method pounders), MSCalibWrite (calibration.h5 and the
 * CSV and Markdown summaries), MSCalibDestroy.
 *
 * Every rank reads the same files and computes the same posterior, so an input error is met
 * by all ranks alike; rank 0 alone writes. POUNDERS runs the simulation in-process on the
 * calibration's communicator, all ranks together.
 *
 * The module also reads single run outputs (MSCalibRun), for migrasim-compare. */
#ifndef MS_CALIBRATE_H
#define MS_CALIBRATE_H

#include <hdf5.h>
#include "ms_metrics.h"
#include "ms_settings.h"

typedef struct _p_MSCalib *MSCalib;

/* One migrasim output file (docs/output.md), as far as calibration needs it. */
typedef struct {
  char    *path;
  int      ndays, nloc;
  char   **locname;  /* [nloc] /locations/name */
  int64_t *pop;      /* [ndays * nloc] /daily/population */
  char    *code;     /* "migrasim", or "migrasim-calibrate" for a calibration file */
  char    *scenario; /* the run's -scenario, as given */
  double   complete, ard, ard_unrescaled; /* NaN where absent */
  uint64_t seed;
  int      nsettings;
  char   **setting,
      **value; /* [nsettings] "move_rules.camp_weight", "2" (every string setting attribute) */
} MSCalibRun;

/* The n fixed-length strings of the 1-D dataset name in the open HDF5 file f (read from
   path), each in its own allocation, into names[n] (free each, then the array, with
   PetscFree). On error f is closed and the message names the file and the field; hint ends
   the missing-field message (e.g. " (not a calibration file?)"). */
PetscErrorCode MSCalibReadNames(MPI_Comm comm, const char path[], hid_t f, const char name[],
                                const char hint[], int *n, char ***names);

/* Read path; with headers_only, /daily/population is not read (pop = NULL). Errors name the
   file: "PATH: field '/daily/population': ...". Free with MSCalibRunDestroy(). */
PetscErrorCode MSCalibRunRead(MPI_Comm comm, const char path[], PetscBool headers_only,
                              MSCalibRun **run);
PetscErrorCode MSCalibRunDestroy(MSCalibRun **run);

/* The model settings the run used (defaults, then its setting attributes). */
PetscErrorCode MSCalibRunSettings(MPI_Comm comm, const MSCalibRun *run, MSSettings *s);

/* Fill m (ndays = run's days, camps = data_layout.csv camps found in locations.csv) with the
   run's camp populations and scn's observed series, scaled by the run's population_scale.
   m->series, m->sim and m->obs are allocated; free them with MSCalibTableFree(). */
PetscErrorCode MSCalibRunTable(MPI_Comm comm, const MSCalibRun *run, const MSScenario *scn,
                               MSMetricsTable *m);
PetscErrorCode MSCalibTableFree(MSMetricsTable *m);

PetscErrorCode MSCalibCreate(MPI_Comm comm, MSCalib *cal);
PetscErrorCode MSCalibSetFromOptions(MSCalib cal);
/* Read the sweep directory (design.csv, status.csv, member files) and the observed data. */
PetscErrorCode MSCalibSetUp(MSCalib cal);
/* The rejection posterior; then POUNDERS from its best point with -method pounders. */
PetscErrorCode MSCalibSolve(MSCalib cal);
/* Print the summary on rank 0 and write -output (HDF5) and -summary PREFIX.csv, PREFIX.md. */
PetscErrorCode MSCalibWrite(MSCalib cal);
PetscErrorCode MSCalibDestroy(MSCalib *cal);

#endif
