/* ms_sweep: many runs (members) of one design in a single MPI job (docs/sweeps.md).
 *
 * MPI_COMM_WORLD is split into groups of -ranks_per_member ranks; each group takes the
 * next member from a shared counter (MPI one-sided, on world rank 0) and runs it as a
 * full decomposed simulation with the member's settings and seed. Members write
 * SWEEPDIR/member_NNNNNN.h5; SWEEPDIR/design.csv lists the members and SWEEPDIR/status.csv
 * records each one done or failed, so that an interrupted sweep resumes where it was.
 *
 * Life cycle as in PETSc: MSSweepCreate, MSSweepSetFromOptions, MSSweepSetUp, MSSweepRun,
 * MSSweepGetResult, MSSweepDestroy. */
#ifndef MS_SWEEP_H
#define MS_SWEEP_H

#include "migrasim.h"

/* Exit status of a sweep that ran every member but some of them failed (see status.csv). */
#define MS_EXIT_MEMBERS_FAILED 4

typedef struct _p_MSSweep *MSSweep;

/* Whether the options ask for a sweep (-sweep DESIGN.yml); not collective. */
PetscErrorCode MSSweepRequested(PetscBool *flg);

/* Create a sweep over the ranks of comm (normally PETSC_COMM_WORLD). Collective. */
PetscErrorCode MSSweepCreate(MPI_Comm comm, MSSweep *sw);

/* Read -sweep, -ranks_per_member, -sweep_output and the design file, and sample the
   design's points. Every rank reads alike: a bad design is one error line naming the file.
   With -help, only lists the options. */
PetscErrorCode MSSweepSetFromOptions(MSSweep sw);

/* Split comm into groups, create SWEEPDIR, write design.csv (or check it on a resume),
   read status.csv to find the members still to run, and create the shared counter. */
PetscErrorCode MSSweepSetUp(MSSweep sw);

/* Run the members still to run, each group one after another; a member that fails is
   recorded as failed and the others go on. Prints one line per member and a summary. */
PetscErrorCode MSSweepRun(MSSweep sw);

/* After MSSweepRun, on every rank: members done and failed in this job, and whether the
   sweep stopped early (signal or -max_walltime) with members left for a resume. */
PetscErrorCode MSSweepGetResult(MSSweep sw, PetscInt *done, PetscInt *failed, PetscBool *stopped);

/* The parameters of the design file path by option name (sorted, as design.csv's columns),
   *n of them, and their ranges lo[n], hi[n] (sobol, lhs, saltelli; a list design has none:
   *n = 0). A bad design is an error as for -sweep. The caller frees *names with
   PetscStrArrayDestroy() and lo, hi with PetscFree2(). */
PetscErrorCode MSSweepDesignRanges(MPI_Comm comm, const char path[], int *n, char ***names,
                                   double **lo, double **hi);

/* Free the groups, the counter and the design. Collective. */
PetscErrorCode MSSweepDestroy(MSSweep *sw);

#endif
