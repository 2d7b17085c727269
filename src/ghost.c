/* Ghost locations and link-count reduction with PetscSF. */
#include "ms_ghost.h"

PetscErrorCode MSGhostCreate(const MSPartition *p, const MSGraph *g, MSGhost **ghp)
{
  MSGhost     *gh;
  int         *need;
  PetscSFNode *remote;
  PetscInt    *ilocal;

  PetscFunctionBegin;
  PetscCall(PetscNew(&gh));
  PetscCall(PetscCalloc1(g->nloc + 1, &need));
  for (int k = 0; k < p->nowned; k++) {
    int i = p->owned[k];
    for (int c = g->cand_off[i]; c < g->cand_off[i + 1]; c++) need[g->p_end[g->cand[c]]] = 1;
    for (int c = g->adj_off[i]; c < g->adj_off[i + 1]; c++) need[g->dl_to[g->adj[c]]] = 1;
  }
  for (int i = 0; i < g->nloc; i++)
    if (need[i] && p->owner[i] != p->rank) gh->nghost++;
  PetscCall(PetscMalloc1(gh->nghost + 1, &gh->ghost));
  PetscCall(PetscMalloc1(gh->nghost + 1, &remote));
  PetscCall(PetscMalloc1(gh->nghost + 1, &ilocal));
  for (int i = 0, k = 0; i < g->nloc; i++) {
    if (!need[i] || p->owner[i] == p->rank) continue;
    gh->ghost[k]      = i;
    ilocal[k]         = i;
    remote[k].rank    = p->owner[i];
    remote[k].index   = p->ownidx[i];
    k++;
  }
  PetscCall(PetscFree(need));
  PetscCall(PetscSFCreate(p->comm, &gh->popsf));
  PetscCall(PetscSFSetGraph(gh->popsf, p->nowned, gh->nghost, ilocal, PETSC_OWN_POINTER, remote, PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(gh->popsf));
  PetscCall(PetscMalloc1(p->nowned + 1, &gh->rootbuf));

  /* the b->a direction of a route is counted on b's owner; send it to a's owner */
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
  PetscCall(PetscSFSetGraph(gh->linksf, p->nroutes_owned, gh->nlinkleaf, NULL, PETSC_OWN_POINTER, remote, PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(gh->linksf));
  PetscCall(PetscMalloc1(gh->nlinkleaf + 1, &gh->leafbuf));
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

PetscErrorCode MSGhostSumLinks(MSGhost *gh, const MSPartition *p, const MSGraph *g, const int64_t *dlcount, int64_t *routecount)
{
  PetscFunctionBegin;
  for (int k = 0; k < p->nroutes_owned; k++) {
    int r         = p->routes_owned[k];
    routecount[k] = dlcount[2 * r] + (p->owner[g->dl_from[2 * r + 1]] == p->rank ? dlcount[2 * r + 1] : 0);
  }
  for (int r = 0, k = 0; r < g->nroutes; r++)
    if (p->owner[g->dl_from[2 * r + 1]] == p->rank && p->route_owner[r] != p->rank) gh->leafbuf[k++] = dlcount[2 * r + 1];
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
  PetscCall(PetscFree(gh->ghost));
  PetscCall(PetscFree(gh->rootbuf));
  PetscCall(PetscFree(gh->leafbuf));
  PetscCall(PetscFree(*ghp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
