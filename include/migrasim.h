/* migrasim: common definitions shared by every module. */
#ifndef MIGRASIM_H
#define MIGRASIM_H

#include <petscsys.h>
#include <stdint.h>
#include "ms_version.h"

/* PETSc 3.18 (Debian 12) predates PETSC_SUCCESS */
#ifndef PETSC_SUCCESS
#define PETSC_SUCCESS 0
#endif

/* Exit codes of the migrasim executable (documented in README.md). */
#define MS_EXIT_OK    0
#define MS_EXIT_ERROR 1

/* Print a one-line message on rank 0 of comm, to stderr, prefixed "migrasim: ". */
PetscErrorCode MSPrintError(MPI_Comm comm, const char fmt[], ...) PETSC_ATTRIBUTE_FORMAT(2, 3);

/* Install the error handler that prints input errors as a single line (once per
   communicator) and other errors as PETSc's usual traceback. */
PetscErrorCode MSErrorHandlerPush(void);

/* Mark a stretch of code that every rank runs identically (option parsing): errors raised
   in it on PETSC_COMM_SELF are then reported once, by rank 0, and unwound without an abort. */
void MSErrorCollectivePhase(PetscBool on);

#endif
