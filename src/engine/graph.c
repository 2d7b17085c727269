/* The location graph: directed links, adjacency, and the static path table. */
#include <string.h>
#include "ms_graph.h"

#define MS_MAX_PATHS_PER_LOC 4096

typedef struct {
  int  n, cap;
  int *v;
} IntVec;

static PetscErrorCode IntVecPush(IntVec *a, int x)
{
  PetscFunctionBegin;
  if (a->n == a->cap) {
    int  ncap = a->cap ? 2 * a->cap : 64;
    int *nv;
    PetscCall(PetscMalloc1(ncap, &nv));
    if (a->n) PetscCall(PetscArraycpy(nv, a->v, a->n));
    PetscCall(PetscFree(a->v));
    a->v = nv, a->cap = ncap;
  }
  a->v[a->n++] = x;
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  const MSGraph    *g;
  const MSScenario *scn;
  int               aw;
  int              *onpath; /* visit marks along the current DFS path */
  int              *stack;  /* directed links of the current path */
  IntVec            off, n, end, links;
  IntVec            dist_bits; /* distances stored as pairs of ints (memcpy of a double) */
  IntVec            cand;
  int               count; /* candidates of the current origin */
} Enum;

static PetscErrorCode AddPath(Enum *e, int depth, int endloc, double dist, int *id)
{
  int bits[2];

  PetscFunctionBegin;
  *id = e->off.n;
  PetscCall(IntVecPush(&e->off, e->links.n));
  PetscCall(IntVecPush(&e->n, depth));
  PetscCall(IntVecPush(&e->end, endloc));
  memcpy(bits, &dist, sizeof(dist));
  PetscCall(IntVecPush(&e->dist_bits, bits[0]));
  PetscCall(IntVecPush(&e->dist_bits, bits[1]));
  for (int k = 0; k < depth; k++) PetscCall(IntVecPush(&e->links, e->stack[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Depth-first enumeration of simple paths; markers do not count as a hop and never end a path. */
static PetscErrorCode DFS(MPI_Comm comm, Enum *e, int origin, int at, int depth, int hops,
                          double dist)
{
  const MSGraph *g = e->g;

  PetscFunctionBegin;
  for (int k = g->adj_off[at]; k < g->adj_off[at + 1]; k++) {
    int dl = g->adj[k], to = g->dl_to[dl];
    if (e->onpath[to]) continue;
    int    h        = hops + (e->scn->loc[to].type == MS_LOC_MARKER ? 0 : 1);
    double d        = dist + g->dl_len[dl];
    e->stack[depth] = dl;
    e->onpath[to]   = 1;
    if (e->scn->loc[to].type != MS_LOC_MARKER) {
      int id;
      PetscCheck(e->count < MS_MAX_PATHS_PER_LOC, comm, PETSC_ERR_USER_INPUT,
                 "option -move_rules_awareness_level: %d gives location '%s' more than %d "
                 "candidate paths; use a smaller level",
                 e->aw, e->scn->loc[origin].name, MS_MAX_PATHS_PER_LOC);
      PetscCall(AddPath(e, depth + 1, to, d, &id));
      PetscCall(IntVecPush(&e->cand, id));
      e->count++;
    }
    if (h < e->aw) PetscCall(DFS(comm, e, origin, to, depth + 1, h, d));
    e->onpath[to] = 0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The directed links, the adjacency of each location and the forced redirections. */
static PetscErrorCode BuildLinks(const MSScenario *scn, MSGraph *g)
{
  int L = g->nloc, R = g->nroutes, *fill;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(g->ndl, &g->dl_from, g->ndl, &g->dl_to, g->ndl, &g->dl_len));
  for (int r = 0; r < R; r++) {
    g->dl_from[2 * r] = scn->route[r].a, g->dl_to[2 * r] = scn->route[r].b;
    g->dl_from[2 * r + 1] = scn->route[r].b, g->dl_to[2 * r + 1] = scn->route[r].a;
    g->dl_len[2 * r] = g->dl_len[2 * r + 1] = scn->route[r].distance;
  }
  /* CSR in increasing directed-link order: enumeration order, hence path ids, is fixed by the
     input */
  PetscCall(PetscCalloc1(L + 1, &g->adj_off));
  PetscCall(PetscMalloc1(g->ndl > 0 ? g->ndl : 1, &g->adj));
  for (int d = 0; d < g->ndl; d++) g->adj_off[g->dl_from[d] + 1]++;
  for (int i = 0; i < L; i++) g->adj_off[i + 1] += g->adj_off[i];
  PetscCall(PetscMalloc1(L, &fill));
  for (int i = 0; i < L; i++) fill[i] = g->adj_off[i];
  for (int d = 0; d < g->ndl; d++) g->adj[fill[g->dl_from[d]]++] = d;
  PetscCall(PetscFree(fill));
  PetscCall(PetscMalloc1(L, &g->forced_dl));
  for (int i = 0; i < L; i++) g->forced_dl[i] = -1;
  for (int r = 0; r < R; r++) {
    int f = scn->route[r].forced;
    if (f == 1 && g->forced_dl[scn->route[r].a] < 0) g->forced_dl[scn->route[r].a] = 2 * r;
    if (f == 2 && g->forced_dl[scn->route[r].b] < 0) g->forced_dl[scn->route[r].b] = 2 * r + 1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The path table: one path along every directed link, and every location's candidates. */
static PetscErrorCode BuildPaths(MPI_Comm comm, const MSScenario *scn, const MSSettings *s,
                                 MSGraph *g)
{
  int  L = g->nloc;
  Enum e;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&e, sizeof(e)));
  e.g = g, e.scn = scn, e.aw = (int)s->awareness_level;
  PetscCall(PetscCalloc1(L, &e.onpath));
  PetscCall(PetscMalloc1(L + 1, &e.stack));
  PetscCall(PetscMalloc1(g->ndl > 0 ? g->ndl : 1, &g->link_path));
  for (int d = 0; d < g->ndl; d++) {
    e.stack[0] = d;
    PetscCall(AddPath(&e, 1, g->dl_to[d], g->dl_len[d], &g->link_path[d]));
  }
  PetscCall(PetscMalloc1(L + 1, &g->cand_off));
  for (int i = 0; i < L; i++) {
    g->cand_off[i] = e.cand.n;
    e.count        = 0;
    if (e.aw > 0) {
      e.onpath[i] = 1;
      PetscCall(DFS(comm, &e, i, i, 0, 0, 0.0));
      e.onpath[i] = 0;
    } else {
      /* awareness 0: a uniform pick among the neighbouring links */
      for (int k = g->adj_off[i]; k < g->adj_off[i + 1]; k++)
        PetscCall(IntVecPush(&e.cand, g->link_path[g->adj[k]]));
    }
  }
  g->cand_off[L] = e.cand.n;
  g->npaths      = e.off.n;
  g->cand = e.cand.v, g->p_off = e.off.v, g->p_n = e.n.v, g->p_end = e.end.v,
  g->p_links = e.links.v;
  PetscCall(PetscMalloc1(g->npaths > 0 ? g->npaths : 1, &g->p_dist));
  for (int p = 0; p < g->npaths; p++) memcpy(&g->p_dist[p], &e.dist_bits.v[2 * p], sizeof(double));
  PetscCall(PetscFree(e.dist_bits.v));
  PetscCall(PetscFree(e.onpath));
  PetscCall(PetscFree(e.stack));
  if (!g->cand) PetscCall(PetscMalloc1(1, &g->cand));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether closure cl covers route rt (camp closures cover no route). */
static PetscBool ClosureCovers(const MSScenario *scn, const MSClosure *cl, const MSRoute *rt)
{
  switch (cl->type) {
  case MS_CLOSE_COUNTRY: {
    int ca = scn->loc[rt->a].country_id, cb = scn->loc[rt->b].country_id;
    return (PetscBool)((ca == cl->a && cb == cl->b) || (ca == cl->b && cb == cl->a));
  }
  case MS_CLOSE_LOCATION: return (PetscBool)(rt->a == cl->a || rt->b == cl->a);
  case MS_CLOSE_LINK:
  case MS_CLOSE_REMOVE_FORCED:
    return (PetscBool)((rt->a == cl->a && rt->b == cl->b) || (rt->a == cl->b && rt->b == cl->a));
  default: return PETSC_FALSE;
  }
}

int MSGraphClosureItems(const MSScenario *scn, const MSGraph *g, const MSClosure *cl, int items[])
{
  int n = 0;

  for (int r = 0; r < g->nroutes; r++)
    if (ClosureCovers(scn, cl, &scn->route[r])) items[n++] = r;
  if (cl->type == MS_CLOSE_CAMP) items[n++] = cl->a;
  return n;
}

/* The closures resolved once to what they cover; each day only sums the active ones. */
static PetscErrorCode BuildClosures(const MSScenario *scn, MSGraph *g)
{
  IntVec items;
  int   *one;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&items, sizeof(items)));
  PetscCall(PetscMalloc1(scn->nclosures + 1, &g->cl_off));
  PetscCall(PetscMalloc1(g->nroutes + 1, &one));
  for (int c = 0; c < scn->nclosures; c++) {
    int n        = MSGraphClosureItems(scn, g, &scn->closure[c], one);
    g->cl_off[c] = items.n;
    for (int k = 0; k < n; k++) PetscCall(IntVecPush(&items, one[k]));
  }
  PetscCall(PetscFree(one));
  g->cl_off[scn->nclosures] = items.n;
  g->cl_item                = items.v;
  if (!g->cl_item) PetscCall(PetscMalloc1(1, &g->cl_item));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGraphCreate(MPI_Comm comm, const MSScenario *scn, const MSSettings *s,
                             MSGraph **gout)
{
  MSGraph *g;
  int      L = scn->nloc, R = scn->nroutes;

  PetscFunctionBegin;
  PetscCall(PetscNew(&g));
  g->nloc = L, g->nroutes = R, g->ndl = 2 * R;
  g->home_country = L > 0 ? scn->loc[0].country_id : -1;
  PetscCall(BuildLinks(scn, g));
  PetscCall(BuildPaths(comm, scn, s, g));
  PetscCall(BuildClosures(scn, g));
  *gout = g;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGraphDestroy(MSGraph **gp)
{
  MSGraph *g = *gp;

  PetscFunctionBegin;
  if (!g) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree3(g->dl_from, g->dl_to, g->dl_len));
  PetscCall(PetscFree(g->adj_off));
  PetscCall(PetscFree(g->adj));
  PetscCall(PetscFree(g->forced_dl));
  PetscCall(PetscFree(g->p_off));
  PetscCall(PetscFree(g->p_n));
  PetscCall(PetscFree(g->p_end));
  PetscCall(PetscFree(g->p_dist));
  PetscCall(PetscFree(g->p_links));
  PetscCall(PetscFree(g->cand_off));
  PetscCall(PetscFree(g->cand));
  PetscCall(PetscFree(g->link_path));
  PetscCall(PetscFree(g->cl_off));
  PetscCall(PetscFree(g->cl_item));
  PetscCall(PetscFree(*gp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
