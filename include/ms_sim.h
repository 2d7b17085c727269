/* ms_sim: a simulation run, the day loop of MODEL.md section 2 over a decomposed graph.
 *
 * Life cycle as in PETSc: MSSimCreate, MSSimSetFromOptions (-scenario, -output, -seed,
 * -days, -partition, ...; -help lists them), MSSimSetUp (reads and partitions the
 * scenario, opens the output), MSSimRun, MSSimDestroy. */
#ifndef MS_SIM_H
#define MS_SIM_H

#include "migrasim.h"
#include "ms_report.h"

/* Exit status of a run that stopped early with a checkpoint (SIGTERM, SIGUSR1, -max_walltime). */
#define MS_EXIT_STOPPED 3

typedef struct _p_MSSim *MSSim;

/* Create a simulation on comm. */
PetscErrorCode MSSimCreate(MPI_Comm comm, MSSim *sim);

/* Read the run's options and the model settings from the options database. */
PetscErrorCode MSSimSetFromOptions(MSSim sim);

/* Load and check the scenario, partition it, and create the output file. */
PetscErrorCode MSSimSetUp(MSSim sim);

/* Simulate every day, writing the output as it goes; prints progress and a summary. */
PetscErrorCode MSSimRun(MSSim sim);

/* Whether the run stopped early (signal or -max_walltime) after writing a checkpoint. */
PetscErrorCode MSSimStopped(MSSim sim, PetscBool *stopped);

/* The camp series so far, simulated and observed (MODEL.md section 9), on every rank of the
   run; valid until MSSimDestroy(). For in-process calibration. */
PetscErrorCode MSSimGetMetrics(MSSim sim, const MSMetricsTable **m);

/* The engine's log stages pushed, before a run; MSSimLogRestore() pops what a run that
   failed inside one of its stages left pushed (sweeps and calibrations run many). */
PetscErrorCode MSSimLogMark(int *top);
PetscErrorCode MSSimLogRestore(int top);

/* Close the output (keeping every day already simulated) and free everything. */
PetscErrorCode MSSimDestroy(MSSim *sim);

#endif
