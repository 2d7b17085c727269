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
 * calibration's communicator, all ranks together. */
#ifndef MS_CALIBRATE_H
#define MS_CALIBRATE_H

#include "migrasim.h"

typedef struct _p_MSCalib *MSCalib;

/* Create a calibration on comm (every rank of it reads, rank 0 writes); free it with
   MSCalibDestroy(). */
PetscErrorCode MSCalibCreate(MPI_Comm comm, MSCalib *cal);
/* Read the options (-sweep, -method, ...); with -help, list them and check nothing. */
PetscErrorCode MSCalibSetFromOptions(MSCalib cal);
/* Calibrate on the days 0..last_day of the members and the observations only (a backtest's
   cut day: what came after it is hidden); -1, the default, takes every day. Before
   MSCalibSetUp(). */
PetscErrorCode MSCalibSetLastDay(MSCalib cal, int last_day);
/* Read the sweep directory (design.csv, status.csv, member files) and the observed data. */
PetscErrorCode MSCalibSetUp(MSCalib cal);
/* The rejection posterior; then POUNDERS from its best point with -method pounders. */
PetscErrorCode MSCalibSolve(MSCalib cal);
/* Print the summary on rank 0 and write -output (HDF5) and -summary PREFIX.csv, PREFIX.md. */
PetscErrorCode MSCalibWrite(MSCalib cal);
/* Free the calibration and put back the options its in-process runs changed. */
PetscErrorCode MSCalibDestroy(MSCalib *cal);

#endif
