/* migrasim: common definitions shared by every module. */
#ifndef MIGRASIM_H
#define MIGRASIM_H

#include <petscsys.h>
#include <stdint.h>
#include "ms_version.h"

/* PETSc 3.18 (Debian 12) predates PETSC_SUCCESS */
#ifndef PETSC_SUCCESS
#  define PETSC_SUCCESS 0
#endif

/* Exit codes of the migrasim executable (documented in README.md). */
#define MS_EXIT_OK    0
#define MS_EXIT_ERROR 1

/* Print a one-line message on rank 0 of comm, to stderr, prefixed "PROGRAM: error: ". */
PetscErrorCode MSPrintError(MPI_Comm comm, const char fmt[], ...) PETSC_ATTRIBUTE_FORMAT(2, 3);

/* Install the error handler of every migrasim program: an error is one line "PROGRAM: error:
   ...", printed once per communicator (internal errors name where they arose); an error that
   only one rank of many meets outside a collective phase aborts the job with its message. */
PetscErrorCode MSErrorHandlerPush(const char program[]);

/* Mark a stretch of code that every rank runs identically (option parsing), or that only
   rank 0 runs while the others wait for its verdict: errors raised in it on PETSC_COMM_SELF
   are then reported once, by rank 0, and unwound without an abort. */
void MSErrorCollectivePhase(PetscBool on);

#endif
