/* ms_errors: errors as users see them (src/io/errors.c).
 *
 * An error is one line "PROGRAM: error: ...", printed once per communicator; internal errors
 * name where they arose, errors of the user's input (MSErrorIsUser) do not. An error that only
 * one rank of many meets outside a collective phase aborts the job with its message rather
 * than leave the other ranks waiting. */
#ifndef MS_ERRORS_H
#define MS_ERRORS_H

#include "migrasim.h"

/* Install the error handler of every migrasim program; program prefixes its lines. */
PetscErrorCode MSErrorHandlerPush(const char program[]);

/* Mark a stretch of code that every rank runs identically (option parsing), or that only
   rank 0 runs while the others wait for its verdict: errors raised in it on PETSC_COMM_SELF
   are then reported once, by rank 0, and unwound without an abort. */
void MSErrorCollectivePhase(PetscBool on);

/* The communicator of the run in progress (default: world) and a label for its error
   lines ("member 3"; NULL for none): errors raised on PETSC_COMM_SELF are reported by its
   rank 0, and only abort the job when the run has more than one rank. */
void MSErrorSetRunComm(MPI_Comm comm, const char *label);

/* Forget the last error message; MSErrorGetMessage() then returns "" until an error. */
void MSErrorClearMessage(void);

/* The message of the first error raised since MSErrorClearMessage(), on this rank. */
const char *MSErrorGetMessage(void);

/* Whether error code n is the user's (a bad input, file or option, a problem too large for
   the memory): its line then names no source location, and a sweep or a validation of many
   files goes on after it. */
PetscBool MSErrorIsUser(PetscErrorCode n);

#endif
