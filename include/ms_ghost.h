/* ms_ghost: copies of off-rank location state that this rank's agents read, and the
 * counts they leave there.
 *
 * A rank steps each of its agents through the whole day, also where the day takes it
 * into another rank's locations (every decision reads the state frozen at the start of
 * the day, MODEL.md section 8, so any rank can take it). It therefore needs the
 * start-of-day population of every location its agents can reach in a day (the reach:
 * within a day's km of its own locations) and of every location a path through the reach
 * can end at (for the route weights and the plans' capacity checks). PetscSF moves them:
 * a broadcast refreshes these ghosts at the start of the day, and at its end a reduction
 * sums the counts this rank's agents left at ghosts (populations, arrivals, agents on
 * links leaving them) into their owners. The reach may also cover the neighbouring ranks'
 * locations, for a rank that steps their agents too (work stealing, ms_steal.h). */
#ifndef MS_GHOST_H
#define MS_GHOST_H

#include <petscsf.h>
#include "ms_partition.h"

typedef struct {
  PetscSF popsf; /* roots: owned locations; leaves: ghost locations (by global index) */
  int     nghost;
  int    *ghost; /* ghost locations, ascending */
  char *reach; /* [nloc] 1 where the agents this rank steps can be during a day (owned or ghost) */
  int   nneighbour, *neighbour; /* with cover (MSGhostCreate): the ranks whose agents the reach
                                   covers, ascending */
  int64_t *rootbuf, *rootbuf2;  /* [nowned] */
  PetscSF  dlsf; /* roots: directed links leaving owned locations; leaves: those leaving ghosts in
                    reach */
  int      ndl_owned, *dl_owned; /* the roots' links, in root order */
  int      ndl_leaf, *dl_leaf;   /* the leaves' links, in leaf order */
  int64_t *dlbuf;                /* [ndl_owned] */
  PetscSF  linksf; /* roots: owned routes; leaves: routes whose name2 end is ours but not name1 */
  int      nlinkleaf;
  int64_t *leafbuf;
} MSGhost;

/* Build the ghost set and the star forests for the partition; km is the farthest an agent
   can travel in a day (the larger of the two speeds). With cover, the neighbours (the ranks
   owning a location of this rank's reach, and those whose reach holds one of ours) are listed
   and the reach extends over a day's travel from their locations too, so that this rank can
   step their agents. Collective. */
PetscErrorCode MSGhostCreate(const MSPartition *part, const MSGraph *g, double km, PetscBool cover,
                             MSGhost **gh);

/* pop[nloc]: entries of owned locations are read, entries of ghost locations are filled. */
PetscErrorCode MSGhostRefresh(MSGhost *gh, const MSPartition *part, int64_t *pop);

/* The day's counts at ghosts, pop and arrivals ([nloc]) and onlink ([ndl], links leaving
   ghosts), are added to their owners' entries and set to 0 here. Collective. */
PetscErrorCode MSGhostReduce(MSGhost *gh, const MSPartition *part, int64_t *pop, int64_t *arrivals,
                             int64_t *onlink);

/* dlcount[ndl]: agents on each directed link leaving an owned location; routecount
   [nroutes_owned] receives both directions of each owned route summed over ranks. */
PetscErrorCode MSGhostSumLinks(MSGhost *gh, const MSPartition *part, const MSGraph *g,
                               const int64_t *dlcount, int64_t *routecount);

/* Free the ghost structures. */
PetscErrorCode MSGhostDestroy(MSGhost **gh);

#endif
