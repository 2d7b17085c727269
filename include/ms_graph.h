/* ms_graph: the location graph as the engine walks it: directed links, adjacency,
 * forced redirections, and the static table of candidate paths of every location.
 *
 * Paths are enumerated once over all links, open or not; a day's closures only mark
 * paths unusable. An agent's plan is therefore just (path id, position), which keeps
 * agents small and their state independent of the day on which they planned. */
#ifndef MS_GRAPH_H
#define MS_GRAPH_H

#include "ms_scenario.h"
#include "ms_settings.h"

typedef struct {
  int     nloc, nroutes, ndl; /* ndl = 2 * nroutes directed links: 2r is a->b, 2r+1 is b->a */
  int    *dl_from, *dl_to;
  double *dl_len;
  int    *adj_off, *adj; /* outgoing directed links of each location (CSR) */
  int    *forced_dl;     /* per location: the directed link a redirection forces, or -1 */
  int     home_country;

  /* path table: path p follows links p_links[p_off[p] .. p_off[p]+p_n[p]) and ends at p_end[p] */
  int     npaths;
  int    *p_off, *p_n, *p_end;
  double *p_dist;
  int    *p_links;
  int    *cand_off, *cand; /* candidate paths of each location (awareness_level, section 3) */
  int    *link_path;       /* per directed link: the one-link path along it */

  /* closures resolved to what they cover, once: routes for country/location/link/
     remove_forced_redirection, the camp for camp closures */
  int *cl_off, *cl_item;
} MSGraph;

/* Build the graph of scn for the given awareness level. Fails with a one-line error when
   a location would have more than max_paths candidate paths (awareness set too deep). */
PetscErrorCode MSGraphCreate(MPI_Comm comm, const MSScenario *scn, const MSSettings *s,
                             MSGraph **g);

/* What closure cl covers, as cl_item lists it (routes, or the camp of a camp closure), into
   items[] (room for nroutes + 1); returns how many. */
int MSGraphClosureItems(const MSScenario *scn, const MSGraph *g, const MSClosure *cl, int items[]);

/* Free the graph and set *g to NULL. */
PetscErrorCode MSGraphDestroy(MSGraph **g);

#endif
