/* ms_ghost: copies of off-rank location state that this rank's decisions read.
 *
 * A rank needs the start-of-day population of every location that a candidate path
 * of one of its locations can end at (deep enough for awareness_level). PetscSF moves
 * them: a broadcast refreshes the ghosts, a reduction sums link counts held on the
 * rank of the link's other end into the route's owner. */
#ifndef MS_GHOST_H
#define MS_GHOST_H

#include <petscsf.h>
#include "ms_partition.h"

typedef struct {
  PetscSF  popsf;   /* roots: owned locations; leaves: ghost locations (by global index) */
  int      nghost;
  int     *ghost;   /* ghost locations, ascending */
  int64_t *rootbuf; /* [nowned] */
  PetscSF  linksf;  /* roots: owned routes; leaves: routes whose name2 end is ours but not name1 */
  int      nlinkleaf;
  int64_t *leafbuf;
} MSGhost;

/* Build the ghost set and the star forests for the partition. */
PetscErrorCode MSGhostCreate(const MSPartition *part, const MSGraph *g, MSGhost **gh);

/* pop[nloc]: entries of owned locations are read, entries of ghost locations are filled. */
PetscErrorCode MSGhostRefresh(MSGhost *gh, const MSPartition *part, int64_t *pop);

/* dlcount[ndl]: agents on each directed link leaving an owned location; routecount
   [nroutes_owned] receives both directions of each owned route summed over ranks. */
PetscErrorCode MSGhostSumLinks(MSGhost *gh, const MSPartition *part, const MSGraph *g, const int64_t *dlcount, int64_t *routecount);

/* Free the ghost structures. */
PetscErrorCode MSGhostDestroy(MSGhost **gh);

#endif
