/* ms_help: -help as a tool's own options, grouped, each with its default and one line of
 * meaning; PETSc's generic help only with -help_petsc.
 *
 * The options are those the tool's objects register (PetscOptionsBegin blocks), so the
 * defaults shown are the code's: a tool asked for help creates its objects, calls their
 * SetFromOptions between MSHelpBegin and MSHelpEnd, and destroys them without setting them
 * up or running anything. MSAppMain (ms_app.h) uses it for every tool as
 *
 *   help = MSHelpArgs(&argc, argv);          (before PetscInitialize)
 *   PetscInitialize(...);
 *   if (help) MSHelpBegin();
 *   run(...);                                (the tool's SetFromOptions; under -help no more)
 *   if (help) MSHelpEnd(comm, usage, groups, n);
 */
#ifndef MS_HELP_H
#define MS_HELP_H

#include "migrasim.h"

/* A group of the listing: its title and the option names it holds, as prefixes ("-sweep"
   holds -sweep and -sweep_output); an option goes to the group of its longest prefix, and to
   the first group when none matches. */
typedef struct {
  const char        *title;
  const char *const *prefix; /* NULL-terminated */
} MSHelpGroup;

/* Whether the command line asks for help (-help, -h); not collective, before PetscInitialize.
   -help is taken out of argv (*argc lowered), so that PETSc prints none of its generic text;
   -help_petsc is turned into PETSc's own -help, listing everything in PETSc's form. */
PetscBool MSHelpArgs(int *argc, char **argv);

/* Collect the help text of the option blocks that follow (after PetscInitialize, on every
   rank), read from an options database of -help alone (PetscOptionsPush): the blocks see the
   code's defaults and none of the command line's options. */
PetscErrorCode MSHelpBegin(void);

/* Print usage, then the collected options in the groups[ngroups] (ngroups 0: one list),
   one line each: name, default ("none" where empty; the meaning's "default ..." phrase where
   the value is a placeholder), meaning. Rank 0 of comm prints. Ends the collection. */
PetscErrorCode MSHelpEnd(MPI_Comm comm, const char usage[], const MSHelpGroup groups[],
                         int ngroups);

#endif
