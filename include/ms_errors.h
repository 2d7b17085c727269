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

/* The message of the latest error raised on this rank, quiet ones included (MSErrorAgree()
   passes it on to the other ranks). */
const char *MSErrorGetLatest(void);

/* Errors raised between MSErrorQuietPush() and the matching MSErrorQuietPop() are neither
   printed nor fatal on one rank of many, nor kept as MSErrorGetMessage(): for a stretch whose
   outcome the ranks agree on afterwards (MSErrorPhase), and for attempts the caller recovers
   from (a restart trying the candidate checkpoints). Pushes nest. */
void MSErrorQuietPush(void);
void MSErrorQuietPop(void);

/* The outcome of a phase agreed on comm (collective): ierr is this rank's. When any rank
   failed, every rank raises the error of the first that did, with its message (printed once,
   by rank 0) and returns it. */
PetscErrorCode MSErrorAgree(MPI_Comm comm, PetscErrorCode ierr);

/* A phase: call (an expression returning a PetscErrorCode) on the ranks where runs holds, its
   errors quiet, then MSErrorAgree() on its outcome: every rank of comm returns the error of
   any, after one line. I/O that can fail on some ranks only (a full disk, a lost server) is
   written so, and no rank goes on to a collective call it could wait in for ever. */
#define MSErrorPhase(comm, runs, call)               \
  do {                                               \
    PetscErrorCode ms_phase_ierr_ = PETSC_SUCCESS;   \
    MSErrorQuietPush();                              \
    if (runs) ms_phase_ierr_ = (call);               \
    MSErrorQuietPop();                               \
    PetscCall(MSErrorAgree((comm), ms_phase_ierr_)); \
  } while (0)

/* Whether error code n is the user's (a bad input, file or option, a problem too large for
   the memory): its line then names no source location, and a sweep or a validation of many
   files goes on after it. */
PetscBool MSErrorIsUser(PetscErrorCode n);

#endif
