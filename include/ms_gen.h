/* ms_gen: a generator of synthetic Flee-format scenarios (docs/generator.md).
 *
 * Regions lie in bands from west to east: origin regions (conflict zones and towns, in the
 * home country), transit regions (towns, an IDP camp each) and destination regions (camps,
 * a forwarding hub, towns; foreign countries). Roads join the locations in a planar graph
 * (Euclidean minimum spanning tree plus the shortest further Gabriel edges up to a mean
 * degree), conflicts start in the west and spread east, borders and camps close for a
 * while, and observed camp series add up to the requested number of agents. Every number
 * is a pure function of the options (Philox keyed on the seed): the same options write the
 * same bytes.
 *
 * Life cycle as in PETSc: MSGenCreate, MSGenSetFromOptions, MSGenSetUp, MSGenWrite,
 * MSGenView, MSGenDestroy. Only one rank builds and writes. */
#ifndef MS_GEN_H
#define MS_GEN_H

#include "migrasim.h"

typedef struct _p_MSGen *MSGen;

/* Create a generator on comm with the default options (docs/generator.md).
   The caller owns *gen and frees it with MSGenDestroy(). */
PetscErrorCode MSGenCreate(MPI_Comm comm, MSGen *gen);

/* Read -output, -regions, -locations_per_region, -agents, -days, -seed and the rest from the
   options database (-help lists them) and check them; a bad value raises
   PETSC_ERR_USER_INPUT with the one-line message "option -X: what is wrong". */
PetscErrorCode MSGenSetFromOptions(MSGen gen);

/* Build the scenario in memory: locations, road graph, conflicts, closures and observed
   series. Collective on nothing: call it on the one rank that writes. */
PetscErrorCode MSGenSetUp(MSGen gen);

/* Write the scenario built by MSGenSetUp() to the -output directory (created with its
   parents): input_csv/, source_data/ and simsetting.yml. Existing files are overwritten. */
PetscErrorCode MSGenWrite(MSGen gen);

/* Print the one-line summary (locations, routes, mean degree, camps, conflict zones,
   agents, time taken) to stdout. */
PetscErrorCode MSGenView(MSGen gen);

/* Whether -help was given: the options were listed and nothing should be generated. */
PetscErrorCode MSGenHelpOnly(MSGen gen, PetscBool *help);

/* Free everything and set *gen to NULL. */
PetscErrorCode MSGenDestroy(MSGen *gen);

#endif
