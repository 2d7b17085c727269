/* The frame of every executable (ms_app.h). */
#include "ms_app.h"
#include "ms_errors.h"

int MSAppMain(int argc, char **argv, const MSApp *app)
{
  PetscErrorCode ierr;
  PetscMPIInt    rank   = 0;
  int            status = MS_EXIT_OK;
  PetscBool      help   = MSHelpArgs(&argc, argv);

  ierr = PetscInitialize(&argc, &argv, NULL, app->usage);
  if (ierr) {
    fprintf(stderr, "%s: error: MPI or PETSc failed to initialise (error %d)\n", app->name,
            (int)ierr);
    return app->error_status;
  }
  ierr = MSErrorHandlerPush(app->name);
  /* every rank reads the same options alike (or rank 0 works while the others wait for its
     verdict): rank 0 reports what all of them meet; a tool whose runs fail on some ranks only
     turns this off around them */
  MSErrorCollectivePhase(PETSC_TRUE);
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (!ierr && help) ierr = MSHelpBegin();
  if (!ierr && (app->work == MS_APP_ALL_RANKS || rank == 0)) ierr = app->run(argc, argv, &status);
  if (!ierr && help) ierr = MSHelpEnd(PETSC_COMM_WORLD, app->usage, app->groups, app->ngroups);
  if (ierr) status = app->error_status;
  if (app->work == MS_APP_RANK0) MPI_Bcast(&status, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  /* every rank exits non-zero after a collective error; unused options were refused before */
  PetscOptionsSetValue(NULL, "-options_left", "0");
  PetscFinalize();
  return status;
}
