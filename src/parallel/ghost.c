/* Ghost locations, the reach of a day's travel, and the count reductions, with PetscSF. */
#include <math.h>
#include "ms_ghost.h"

/* A binary min-heap of locations keyed by distance, for the reach's Dijkstra. */
typedef struct {
  int     n, *item;
  double *key;
} Heap;

static void HeapPush(Heap *h, int v, double k)
{
  int c = h->n++;
  while (c > 0) {
    int p = (c - 1) / 2;
    if (!(h->key[p] > k)) break;
    h->item[c] = h->item[p], h->key[c] = h->key[p], c = p;
  }
  h->item[c] = v, h->key[c] = k;
}

static int HeapPop(Heap *h, double *k)
{
  int    top = h->item[0], v = h->item[--h->n], c = 0;
  double kv = h->key[h->n];
  *k        = h->key[0];
  for (;;) {
    int l = 2 * c + 1, m;
    if (l >= h->n) break;
    m = l + 1 < h->n && h->key[l + 1] < h->key[l] ? l + 1 : l;
    if (!(h->key[m] < kv)) break;
    h->item[c] = h->item[m], h->key[c] = h->key[m], c = m;
  }
  if (h->n > 0) h->item[c] = v, h->key[c] = kv;
  return top;
}

/* reach[i] = 1 for the locations an agent starting the day at a location of src[] can be at
   during a day of at most km: graph distance from src within km, where the far end of a link
   leaving a source counts as distance 0 (its travellers may be a step from it). */
static PetscErrorCode Reach(const MSGraph *g, const char *src, double km, char *reach)
{
  double *dist;
  Heap    h;
  /* a margin for the rounding of the agents' own sums of link lengths */
  double lim = km * (1.0 + 1e-9) + 1e-6;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(g->nloc + 1, &dist));
  PetscCall(
      PetscMalloc2(g->ndl + 2 * g->nloc + 1, &h.item, g->ndl + 2 * g->nloc + 1,
                   &h.key)); /* every push: the owned, their links' ends, one a link relaxed */
  h.n = 0;
  for (int i = 0; i < g->nloc; i++) dist[i] = INFINITY, reach[i] = 0;
  for (int i = 0; i < g->nloc; i++) {
    if (!src[i]) continue;
    dist[i] = 0, HeapPush(&h, i, 0.0);
    for (int c = g->adj_off[i]; c < g->adj_off[i + 1]; c++) {
      int j = g->dl_to[g->adj[c]];
      if (dist[j] > 0) dist[j] = 0, HeapPush(&h, j, 0.0);
    }
  }
  while (h.n > 0) {
    double d;
    int    i = HeapPop(&h, &d);
    if (d > dist[i] || reach[i]) continue; /* a stale entry */
    reach[i] = 1;
    for (int c = g->adj_off[i]; c < g->adj_off[i + 1]; c++) {
      int    dl = g->adj[c], j = g->dl_to[dl];
      double nd = d + g->dl_len[dl];
      if (nd <= lim && nd < dist[j]) dist[j] = nd, HeapPush(&h, j, nd);
    }
  }
  PetscCall(PetscFree2(h.item, h.key));
  PetscCall(PetscFree(dist));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The reach of this rank's agents (gh->reach); with cover, also of the agents of the
   neighbours (gh->neighbour: the ranks owning a location of the reach of this rank's own,
   and those whose reach holds one of ours). Collective when cover is set. */
static PetscErrorCode BuildReach(const MSPartition *p, const MSGraph *g, double km, PetscBool cover,
                                 MSGhost *gh)
{
  char *src;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(g->nloc + 1, &gh->reach));
  PetscCall(PetscMalloc1(g->nloc + 1, &src));
  for (int i = 0; i < g->nloc; i++) src[i] = p->owner[i] == p->rank;
  PetscCall(Reach(g, src, km, gh->reach));
  if (cover && p->size > 1) {
    int *is;
    PetscCall(MSPartitionNeighbours(p, g->nloc, gh->reach, &gh->nneighbour, &gh->neighbour));
    PetscCall(PetscCalloc1(p->size + 1, &is));
    for (int k = 0; k < gh->nneighbour; k++) is[gh->neighbour[k]] = 1;
    for (int i = 0; i < g->nloc; i++) src[i] = src[i] || is[p->owner[i]];
    PetscCall(PetscFree(is));
    PetscCall(Reach(g, src, km, gh->reach));
  }
  PetscCall(PetscFree(src));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The ghosts: the reach, and the end of every path through it (an agent there may choose the
   path, or already follow it, and its route weights and plan checks read the end), where
   another rank owns them; popsf from their owners to them. */
static PetscErrorCode BuildGhosts(const MSPartition *p, const MSGraph *g, MSGhost *gh)
{
  char        *need;
  PetscSFNode *remote;
  PetscInt    *ilocal;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(g->nloc + 1, &need));
  for (int i = 0; i < g->nloc; i++) need[i] = gh->reach[i];
  for (int q = 0; q < g->npaths; q++) {
    PetscBool through =
        (PetscBool)(g->p_n[q] > 0 && gh->reach[g->dl_from[g->p_links[g->p_off[q]]]]);
    for (int k = 0; k + 1 < g->p_n[q] && !through; k++)
      through = (PetscBool)gh->reach[g->dl_to[g->p_links[g->p_off[q] + k]]];
    if (through) need[g->p_end[q]] = 1;
  }
  for (int i = 0; i < g->nloc; i++)
    if (need[i] && p->owner[i] != p->rank) gh->nghost++;
  PetscCall(PetscMalloc1(gh->nghost + 1, &gh->ghost));
  PetscCall(PetscMalloc1(gh->nghost + 1, &remote));
  PetscCall(PetscMalloc1(gh->nghost + 1, &ilocal));
  for (int i = 0, k = 0; i < g->nloc; i++) {
    if (!need[i] || p->owner[i] == p->rank) continue;
    gh->ghost[k]    = i;
    ilocal[k]       = i;
    remote[k].rank  = p->owner[i];
    remote[k].index = p->ownidx[i];
    k++;
  }
  PetscCall(PetscFree(need));
  PetscCall(PetscSFCreate(p->comm, &gh->popsf));
  PetscCall(PetscSFSetGraph(gh->popsf, p->nowned, gh->nghost, ilocal, PETSC_OWN_POINTER, remote,
                            PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(gh->popsf));
  PetscCall(PetscMalloc2(p->nowned + 1, &gh->rootbuf, p->nowned + 1, &gh->rootbuf2));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* dlsf: directed links by owner. A link belongs to the owner of the location it leaves, and
   its index there is its rank among that owner's links (the same on every rank); the links
   leaving ghosts in reach are the leaves. */
static PetscErrorCode BuildLinks(const MSPartition *p, const MSGraph *g, MSGhost *gh)
{
  PetscSFNode *remote;
  PetscInt    *ilocal;
  int         *dlidx, *cnt;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(g->ndl + 1, &dlidx));
  PetscCall(PetscCalloc1(p->size + 1, &cnt));
  for (int d = 0; d < g->ndl; d++) dlidx[d] = cnt[p->owner[g->dl_from[d]]]++;
  gh->ndl_owned = cnt[p->rank];
  PetscCall(PetscFree(cnt));
  PetscCall(PetscMalloc2(gh->ndl_owned + 1, &gh->dl_owned, gh->ndl_owned + 1, &gh->dlbuf));
  for (int d = 0, k = 0; d < g->ndl; d++) {
    int from = g->dl_from[d];
    if (p->owner[from] == p->rank)
      gh->dl_owned[k++] = d;
    else if (gh->reach[from])
      gh->ndl_leaf++;
  }
  PetscCall(PetscMalloc1(gh->ndl_leaf + 1, &remote));
  PetscCall(PetscMalloc1(gh->ndl_leaf + 1, &ilocal));
  PetscCall(PetscMalloc1(gh->ndl_leaf + 1, &gh->dl_leaf));
  for (int d = 0, k = 0; d < g->ndl; d++) {
    int from = g->dl_from[d];
    if (p->owner[from] == p->rank || !gh->reach[from]) continue;
    ilocal[k] = gh->dl_leaf[k] = d, remote[k].rank = p->owner[from], remote[k].index = dlidx[d];
    k++;
  }
  PetscCall(PetscSFCreate(p->comm, &gh->dlsf));
  PetscCall(PetscSFSetGraph(gh->dlsf, gh->ndl_owned, gh->ndl_leaf, ilocal, PETSC_COPY_VALUES,
                            remote, PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(gh->dlsf));
  PetscCall(PetscFree(ilocal));
  PetscCall(PetscFree(dlidx));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* linksf: the b->a direction of a route is counted on b's owner, and sent to a's owner. */
static PetscErrorCode BuildRoutes(const MSPartition *p, const MSGraph *g, MSGhost *gh)
{
  PetscSFNode *remote;

  PetscFunctionBegin;
  for (int r = 0; r < g->nroutes; r++)
    if (p->owner[g->dl_from[2 * r + 1]] == p->rank && p->route_owner[r] != p->rank) gh->nlinkleaf++;
  PetscCall(PetscMalloc1(gh->nlinkleaf + 1, &remote));
  for (int r = 0, k = 0; r < g->nroutes; r++) {
    if (!(p->owner[g->dl_from[2 * r + 1]] == p->rank && p->route_owner[r] != p->rank)) continue;
    remote[k].rank  = p->route_owner[r];
    remote[k].index = p->route_ownidx[r];
    k++;
  }
  PetscCall(PetscSFCreate(p->comm, &gh->linksf));
  PetscCall(PetscSFSetGraph(gh->linksf, p->nroutes_owned, gh->nlinkleaf, NULL, PETSC_OWN_POINTER,
                            remote, PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(gh->linksf));
  PetscCall(PetscMalloc1(gh->nlinkleaf + 1, &gh->leafbuf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGhostCreate(const MSPartition *p, const MSGraph *g, double km, PetscBool cover,
                             MSGhost **ghp)
{
  MSGhost *gh;

  PetscFunctionBegin;
  PetscCall(PetscNew(&gh));
  PetscCall(BuildReach(p, g, km, cover, gh));
  PetscCall(BuildGhosts(p, g, gh));
  PetscCall(BuildLinks(p, g, gh));
  PetscCall(BuildRoutes(p, g, gh));
  *ghp = gh;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGhostRefresh(MSGhost *gh, const MSPartition *p, int64_t *pop)
{
  PetscFunctionBegin;
  for (int k = 0; k < p->nowned; k++) gh->rootbuf[k] = pop[p->owned[k]];
  PetscCall(PetscSFBcastBegin(gh->popsf, MPIU_INT64, gh->rootbuf, pop, MPI_REPLACE));
  PetscCall(PetscSFBcastEnd(gh->popsf, MPIU_INT64, gh->rootbuf, pop, MPI_REPLACE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGhostReduce(MSGhost *gh, const MSPartition *p, int64_t *pop, int64_t *arrivals,
                             int64_t *onlink)
{
  PetscFunctionBegin;
  for (int k = 0; k < p->nowned; k++) gh->rootbuf[k] = gh->rootbuf2[k] = 0;
  for (int k = 0; k < gh->ndl_owned; k++) gh->dlbuf[k] = 0;
  PetscCall(PetscSFReduceBegin(gh->popsf, MPIU_INT64, pop, gh->rootbuf, MPI_SUM));
  PetscCall(PetscSFReduceBegin(gh->popsf, MPIU_INT64, arrivals, gh->rootbuf2, MPI_SUM));
  PetscCall(PetscSFReduceBegin(gh->dlsf, MPIU_INT64, onlink, gh->dlbuf, MPI_SUM));
  PetscCall(PetscSFReduceEnd(gh->popsf, MPIU_INT64, pop, gh->rootbuf, MPI_SUM));
  PetscCall(PetscSFReduceEnd(gh->popsf, MPIU_INT64, arrivals, gh->rootbuf2, MPI_SUM));
  PetscCall(PetscSFReduceEnd(gh->dlsf, MPIU_INT64, onlink, gh->dlbuf, MPI_SUM));
  for (int k = 0; k < p->nowned; k++) {
    int i = p->owned[k];
    pop[i] += gh->rootbuf[k], arrivals[i] += gh->rootbuf2[k];
  }
  for (int k = 0; k < gh->ndl_owned; k++) onlink[gh->dl_owned[k]] += gh->dlbuf[k];
  for (int k = 0; k < gh->nghost; k++) {
    int i  = gh->ghost[k];
    pop[i] = arrivals[i] = 0;
  }
  for (int k = 0; k < gh->ndl_leaf; k++) onlink[gh->dl_leaf[k]] = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGhostSumLinks(MSGhost *gh, const MSPartition *p, const MSGraph *g,
                               const int64_t *dlcount, int64_t *routecount)
{
  PetscFunctionBegin;
  for (int k = 0; k < p->nroutes_owned; k++) {
    int r = p->routes_owned[k];
    routecount[k] =
        dlcount[2 * r] + (p->owner[g->dl_from[2 * r + 1]] == p->rank ? dlcount[2 * r + 1] : 0);
  }
  for (int r = 0, k = 0; r < g->nroutes; r++)
    if (p->owner[g->dl_from[2 * r + 1]] == p->rank && p->route_owner[r] != p->rank)
      gh->leafbuf[k++] = dlcount[2 * r + 1];
  PetscCall(PetscSFReduceBegin(gh->linksf, MPIU_INT64, gh->leafbuf, routecount, MPI_SUM));
  PetscCall(PetscSFReduceEnd(gh->linksf, MPIU_INT64, gh->leafbuf, routecount, MPI_SUM));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGhostDestroy(MSGhost **ghp)
{
  MSGhost *gh = *ghp;

  PetscFunctionBegin;
  if (!gh) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscSFDestroy(&gh->popsf));
  PetscCall(PetscSFDestroy(&gh->linksf));
  PetscCall(PetscSFDestroy(&gh->dlsf));
  PetscCall(PetscFree(gh->ghost));
  PetscCall(PetscFree(gh->reach));
  PetscCall(PetscFree2(gh->dl_owned, gh->dlbuf));
  PetscCall(PetscFree(gh->dl_leaf));
  PetscCall(PetscFree(gh->neighbour));
  PetscCall(PetscFree2(gh->rootbuf, gh->rootbuf2));
  PetscCall(PetscFree(gh->leafbuf));
  PetscCall(PetscFree(*ghp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
