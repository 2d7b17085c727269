/* ms_options: options that nothing reads (src/io/options.c).
 *
 * PETSc ignores an option that no code asks for, so a misspelt one (-sed 3) would leave its
 * default in silence. Each program checks, once it has read its options and before any work,
 * that every option given was read, or is one that it reads elsewhere (a member run's), or is
 * PETSc's own (-log_view, -mat_partitioning_type, ...). */
#ifndef MS_OPTIONS_H
#define MS_OPTIONS_H

#include "migrasim.h"

/* Reads every option a program knows, on fresh objects that it discards (the options' names
   come from the help lines it prints when called once with -help set). */
typedef PetscErrorCode (*MSOptionsKnownFn)(MPI_Comm comm);

/* Refuse the first option given that nothing has read and that is neither one that known()
   reads nor PETSc's own: one line "option -X: unknown; did you mean -Y? (PROG -help lists the
   options)" (the nearest known option), raised on comm, whose ranks all hold the same options. */
PetscErrorCode MSOptionsCheckUnknown(MPI_Comm comm, const char prog[], MSOptionsKnownFn known);

#endif
