/* ms_app: the frame every executable's main() shares (src/io/app.c).
 *
 * MPI and PETSc started (a failure there reported in one line), the error handler of
 * ms_errors installed for the program's name, -help collected (ms_help) around the tool's own
 * work, and one exit status on every rank. A tool's main() is then its MSApp and one call. */
#ifndef MS_APP_H
#define MS_APP_H

#include "ms_help.h"

/* Where a tool works: on every rank (its objects collective on the world), or on rank 0 alone
   (a serial tool: the other ranks wait and leave with rank 0's exit status). */
typedef enum { MS_APP_ALL_RANKS, MS_APP_RANK0 } MSAppWork;

typedef struct {
  const char        *name;         /* the program, prefix of its messages: "migrasim-compare" */
  const char        *usage;        /* what -help prints first */
  MSAppWork          work;         /* where run() runs */
  int                error_status; /* the exit status after an error (MS_EXIT_ERROR for most) */
  const MSHelpGroup *groups;       /* -help's groups (NULL: one list) */
  int                ngroups;
  /* The work: reads the options (the same under -help, which then returns before doing
     anything) and sets *status, the exit status of a run without error (0 on entry). */
  PetscErrorCode (*run)(int argc, char **argv, int *status);
} MSApp;

/* Run the program app with the command line argc, argv and return its exit status, the same
   on every rank: app->error_status after any error (reported once), else run()'s status. */
int MSAppMain(int argc, char **argv, const MSApp *app);

#endif
