/* Region (or location) graph partitioning with PETSc's MatPartitioning. */
#include <stdlib.h>
#include <petscmat.h>
#include "ms_partition.h"

const char *const MSPartitionUnits[] = {"region", "location", "MSPartitionUnit", "MS_PART_", NULL};

/* Each part's share of the load times the number of parts (cap[size]), in proportion to the
   ranks' speeds; 0 (cap unset) when a speed is not positive. */
static int Shares(int size, const double *speed, double *cap)
{
  double sum = 0;

  for (int r = 0; r < size; r++) {
    if (!(speed[r] > 0)) return 0;
    sum += speed[r];
  }
  for (int r = 0; r < size; r++) cap[r] = speed[r] * size / sum;
  return 1;
}

/* Part r's share times the number of parts (cap from Shares(); NULL: equal shares, 1). */
static inline double Share(const double *cap, int r) { return cap ? cap[r] : 1.0; }

/* Largest part's load over its share of the total (1: perfect balance); cap[r] is part r's
   share times the number of parts (NULL: 1 each, equal shares). */
static PetscErrorCode Imbalance(int nv, const double *load, const int *part, int size,
                                const double *cap, double *imb)
{
  double *w, max = 0, sum = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(size, &w));
  for (int v = 0; v < nv; v++) w[part[v]] += load[v];
  for (int r = 0; r < size; r++) max = PetscMax(max, w[r] / Share(cap, r)), sum += w[r];
  PetscCall(PetscFree(w));
  *imb = sum > 0 ? max * size / sum : 1.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const double *sort_load; /* qsort has no context argument */

static int ByLoadDesc(const void *x, const void *y)
{
  int a = *(const int *)x, b = *(const int *)y;
  if (sort_load[a] != sort_load[b]) return sort_load[a] < sort_load[b] ? 1 : -1;
  return (a > b) - (a < b);
}

/* Longest-processing-time-first: heaviest vertex to the lightest part (a binary heap of the
   parts). Ignores the routes cut, so it only replaces the graph partitioner's answer when
   that is badly unbalanced (a few heavy vertices, where PTScotch's balance tolerance is too
   coarse). */
static PetscErrorCode PartitionGreedy(int nv, const double *load, int size, const double *cap,
                                      int *part)
{
  int    *order, *heap;
  double *w;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(nv + 1, &order, size, &heap, size, &w));
  for (int r = 0; r < size; r++) w[r] = 0;
  for (int v = 0; v < nv; v++) order[v] = v;
  sort_load = load;
  qsort(order, (size_t)nv, sizeof(int), ByLoadDesc);
  for (int r = 0; r < size; r++) heap[r] = r; /* all zero: already a heap by (w, rank) */
  for (int k = 0; k < nv; k++) {
    int best = heap[0], h = 0;
    part[order[k]] = best;
    /* a part's weight is its load over its share: a faster rank fills up later */
    w[best] += load[order[k]] / Share(cap, best);
    for (;;) { /* sift the root down, ties by rank so that every rank agrees */
      int l = 2 * h + 1, r = l + 1, m = h;
      if (l < size && (w[heap[l]] < w[heap[m]] || (w[heap[l]] == w[heap[m]] && heap[l] < heap[m])))
        m = l;
      if (r < size && (w[heap[r]] < w[heap[m]] || (w[heap[r]] == w[heap[m]] && heap[r] < heap[m])))
        m = r;
      if (m == h) break;
      int t   = heap[h];
      heap[h] = heap[m], heap[m] = t, h = m;
    }
  }
  PetscCall(PetscFree3(order, heap, w));
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  double keep;
  int    p, r;
} Overlap;

static int ByKeepDesc(const void *x, const void *y)
{
  const Overlap *a = x, *b = y;
  if (a->keep != b->keep) return a->keep < b->keep ? 1 : -1;
  if (a->p != b->p) return a->p - b->p;
  return a->r - b->r;
}

/* Rename the parts of part[] so that as much of keep[] as possible stays with its previous
   part prev[]: greedy on the overlaps of new parts and old ones, largest first. The
   overlaps are the nonzero (new, old) pairs only, so it costs O(nv log nv) at any size. */
static PetscErrorCode Relabel(int nv, const int *prev, const double *keep, int size, int *part)
{
  Overlap *ov;
  int     *map, *used, n = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nv + 1, &ov));
  PetscCall(PetscMalloc2(size, &map, size, &used));
  for (int v = 0; v < nv; v++) ov[v].p = part[v], ov[v].r = prev[v], ov[v].keep = keep[v];
  /* the distinct (new, old) pairs in ascending order: sorted on a key of -(p * size + r) */
  for (int v = 0; v < nv; v++) ov[v].keep = -(double)((int64_t)ov[v].p * size + ov[v].r);
  qsort(ov, (size_t)nv, sizeof(Overlap), ByKeepDesc);
  for (int v = 0; v < nv; v++) {
    int p = ov[v].p, r = ov[v].r;
    if (n > 0 && ov[n - 1].p == p && ov[n - 1].r == r) continue;
    ov[n].p = p, ov[n].r = r, ov[n].keep = 0, n++;
  }
  for (int v = 0; v < nv; v++) { /* accumulate keep per distinct pair (binary search) */
    int     lo = 0, hi = n - 1;
    int64_t key = (int64_t)part[v] * size + prev[v];
    while (lo < hi) {
      int     mid = (lo + hi) / 2;
      int64_t km  = (int64_t)ov[mid].p * size + ov[mid].r;
      if (km < key)
        lo = mid + 1;
      else
        hi = mid;
    }
    ov[lo].keep += keep[v];
  }
  qsort(ov, (size_t)n, sizeof(Overlap), ByKeepDesc);
  for (int p = 0; p < size; p++) map[p] = -1, used[p] = 0;
  for (int k = 0; k < n; k++)
    if (map[ov[k].p] < 0 && !used[ov[k].r]) map[ov[k].p] = ov[k].r, used[ov[k].r] = 1;
  /* parts that kept nothing take the old labels left, in order */
  for (int p = 0, r = 0; p < size; p++) {
    if (map[p] >= 0) continue;
    while (used[r]) r++;
    map[p] = r, used[r] = 1;
  }
  for (int v = 0; v < nv; v++) part[v] = map[part[v]];
  PetscCall(PetscFree(ov));
  PetscCall(PetscFree2(map, used));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Diffusion from the previous partition: the busiest part hands a vertex to the least busy
   one while that lowers the maximum, choosing the vertex with the most load per unit of
   keep (agents to move), weighted up by the share of its edges' weight (routes, and the
   traffic over them where it was measured) that goes to the receiving part: few agents
   move, and few crossers are made, at the price of more cut routes than a fresh partition. */
static PetscErrorCode Diffuse(int nv, const int *off, const int *nbr, const int *wgt,
                              const double *load, const double *keep, const int *prev, int size,
                              const double *cap, double target, int *part)
{
  double *w, sum = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(size, &w));
  for (int v = 0; v < nv; v++) part[v] = prev[v], w[part[v]] += load[v];
  for (int r = 0; r < size; r++) sum += w[r];
  for (int step = 0; step < PetscMin(nv, 2000) && sum > 0;
       step++) { /* bounded: each step scans every vertex */
    int    r = 0, q = 0, best = -1;
    double score = 0;
    for (int k = 1; k < size; k++) {
      /* by fill: a part's load over its share */
      if (w[k] / Share(cap, k) > w[r] / Share(cap, r)) r = k;
      if (w[k] / Share(cap, k) < w[q] / Share(cap, q)) q = k;
    }
    if (w[r] / Share(cap, r) <= target * sum / size) break;
    for (int v = 0; v < nv; v++) {
      double sc, toq = 0, all = 0;
      /* only a vertex whose move lowers the maximum: the receiver stays below the giver */
      if (part[v] != r || !(load[v] > 0) ||
          !((w[q] + load[v]) / Share(cap, q) < w[r] / Share(cap, r)))
        continue;
      for (int k = off[v]; k < off[v + 1]; k++)
        all += wgt[k], toq += part[nbr[k]] == q ? wgt[k] : 0;
      sc = load[v] / (keep[v] + 1.0) * (1.0 + 3.0 * (all > 0 ? toq / all : 0.0));
      if (sc > score) score = sc, best = v;
    }
    if (best < 0) break;
    part[best] = q, w[r] -= load[best], w[q] += load[best];
  }
  PetscCall(PetscFree(w));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The graph partitioned, replicated on every rank: vertex v (a region or a location) has the
   neighbours nbr[off[v] .. off[v+1]) with edge weights wgt[] (the routes between the two, and
   the traffic over them where given), and load[v], total over all. */
typedef struct {
  int     nv, nedge;
  int    *off, *nbr, *wgt;
  double *load, total;
} VGraph;

/* The edges of the vertex graph: the routes between different vertices, counted. */
static PetscErrorCode BuildEdges(const MSScenario *scn, const int *vof, VGraph *vg)
{
  int         nv = vg->nv, *deg, *ea, *eb, m = 0;
  PetscInt64 *key;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(nv + 1, &deg));
  PetscCall(PetscMalloc2(2 * scn->nroutes + 1, &ea, 2 * scn->nroutes + 1, &eb));
  for (int r = 0; r < scn->nroutes; r++) {
    int a = vof[scn->route[r].a], b = vof[scn->route[r].b];
    if (a == b) continue;
    ea[m] = a, eb[m] = b, m++;
    ea[m] = b, eb[m] = a, m++;
  }
  /* sort pairs (a, b) lexicographically via a combined key */
  PetscCall(PetscMalloc1(m + 1, &key));
  for (int k = 0; k < m; k++) key[k] = (PetscInt64)ea[k] * nv + eb[k];
  PetscCall(PetscSortInt64(m, key));
  PetscCall(PetscMalloc2(m + 1, &vg->nbr, m + 1, &vg->wgt));
  vg->nedge = 0;
  for (int k = 0; k < m; k++) {
    int a = (int)(key[k] / nv), b = (int)(key[k] % nv);
    if (vg->nedge > 0 && key[k] == key[k - 1]) {
      vg->wgt[vg->nedge - 1]++;
      continue;
    }
    vg->nbr[vg->nedge] = b, vg->wgt[vg->nedge] = 1, vg->nedge++;
    deg[a + 1]++;
  }
  for (int v = 0; v < nv; v++) vg->off[v + 1] = vg->off[v] + deg[v + 1];
  PetscCall(PetscFree(key));
  PetscCall(PetscFree2(ea, eb));
  PetscCall(PetscFree(deg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agents that crossed each route lately (traffic[nroutes]) weigh on its edge: a cut
   through heavy traffic makes crossers, each handed from rank to rank (up to 1000 over the
   route counts, so that the partitioner's integer weights stay bounded). */
static PetscErrorCode TrafficWeights(const MSScenario *scn, const int *vof, const double *traffic,
                                     VGraph *vg)
{
  const int *off = vg->off, *nbr = vg->nbr;
  double     tot = 0, *tw;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(vg->nedge + 1, &tw));
  for (int r = 0; r < scn->nroutes; r++) {
    int a = vof[scn->route[r].a], b = vof[scn->route[r].b];
    if (a == b || !(traffic[r] > 0)) continue;
    tot += traffic[r];
    for (int k = off[a]; k < off[a + 1]; k++)
      if (nbr[k] == b) tw[k] += traffic[r];
    for (int k = off[b]; k < off[b + 1]; k++)
      if (nbr[k] == a) tw[k] += traffic[r];
  }
  for (int k = 0; k < vg->nedge && tot > 0; k++) vg->wgt[k] += (int)(1000.0 * tw[k] / tot);
  PetscCall(PetscFree(tw));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The vertex graph of nv vertices (vertex of location i: vof[i]), loaded by locload[nloc]. */
static PetscErrorCode VGraphCreate(const MSScenario *scn, int nv, const int *vof,
                                   const double *locload, const double *traffic, VGraph *vg)
{
  PetscFunctionBegin;
  vg->nv = nv, vg->total = 0;
  PetscCall(PetscCalloc2(nv + 1, &vg->off, nv, &vg->load));
  for (int i = 0; i < scn->nloc; i++) vg->load[vof[i]] += locload[i];
  for (int v = 0; v < nv; v++) vg->total += vg->load[v];
  PetscCall(BuildEdges(scn, vof, vg));
  if (traffic) PetscCall(TrafficWeights(scn, vof, traffic, vg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode VGraphDestroy(VGraph *vg)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(vg->nbr, vg->wgt));
  PetscCall(PetscFree2(vg->off, vg->load));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* part[nv] from PETSc's MatPartitioning on the vertex graph, each rank handing it a slice;
   cap: the parts' shares (NULL: equal). */
static PetscErrorCode PartitionMat(MPI_Comm comm, const VGraph *vg, const double *cap, int *part)
{
  PetscMPIInt     size, rank;
  int             nv  = vg->nv, lo, hi, n;
  const int      *off = vg->off;
  PetscInt       *ia, *ja, *va, *vw;
  Mat             adj;
  MatPartitioning mp;
  IS              is, isall;
  const PetscInt *idx;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  lo = (int)((int64_t)nv * rank / size), hi = (int)((int64_t)nv * (rank + 1) / size), n = hi - lo;
  PetscCall(PetscMalloc1(n + 1, &ia));
  PetscCall(PetscMalloc1(off[hi] - off[lo] + 1, &ja));
  PetscCall(PetscMalloc1(off[hi] - off[lo] + 1, &va));
  PetscCall(PetscMalloc1(n + 1, &vw));
  for (int v = lo; v <= hi; v++) ia[v - lo] = off[v] - off[lo];
  for (int k = off[lo]; k < off[hi]; k++)
    ja[k - off[lo]] = vg->nbr[k], va[k - off[lo]] = vg->wgt[k];
  /* integer weights with a bounded sum, so that the partitioner cannot overflow */
  for (int v = lo; v < hi; v++)
    vw[v - lo] = 1 + (PetscInt)(vg->total > 0 ? 1.0e6 * vg->load[v] / vg->total : 0.0);
  PetscCall(MatCreateMPIAdj(comm, n, nv, ia, ja, va, &adj));
  PetscCall(MatPartitioningCreate(comm, &mp));
  PetscCall(MatPartitioningSetAdjacency(mp, adj));
  PetscCall(MatPartitioningSetVertexWeights(mp, vw));
  /* PETSc ignores the adjacency's values unless told: they are the edges' weights here */
  PetscCall(MatPartitioningSetUseEdgeWeights(mp, PETSC_TRUE));
  if (cap) {
    PetscReal *pw; /* freed by PETSc */
    PetscCall(PetscMalloc1(size, &pw));
    for (int r = 0; r < size; r++) pw[r] = cap[r] / size;
    PetscCall(MatPartitioningSetPartitionWeights(mp, pw));
  }
#if defined(PETSC_HAVE_PTSCOTCH)
  PetscCall(MatPartitioningSetType(mp, MATPARTITIONINGPTSCOTCH));
#else
  PetscCall(MatPartitioningSetType(mp, MATPARTITIONINGAVERAGE));
#endif
  PetscCall(MatPartitioningSetFromOptions(mp));
  PetscCall(MatPartitioningApply(mp, &is));
  PetscCall(ISAllGather(is, &isall));
  PetscCall(ISGetIndices(isall, &idx));
  for (int v = 0; v < nv; v++) part[v] = (int)idx[v];
  PetscCall(ISRestoreIndices(isall, &idx));
  PetscCall(ISDestroy(&isall));
  PetscCall(ISDestroy(&is));
  PetscCall(MatPartitioningDestroy(&mp));
  PetscCall(MatDestroy(&adj));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A repartition: the fresh partition part[] (renumbered to keep what it can) or a diffusion
   from the previous owners prevloc[nloc], whichever is cheaper, given what each location
   holds (keeploc[nloc]). alt[nv] is scratch. */
static PetscErrorCode FromPrevious(const VGraph *vg, int nloc, const int *vof, const int *prevloc,
                                   const double *keeploc, int size, const double *cap,
                                   double target, int *alt, int *part)
{
  int     nv = vg->nv, *pv;
  double *kv, before, after, fresh, diff, mf = 0, md = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nv, &pv));
  PetscCall(PetscCalloc1(nv, &kv));
  for (int i = 0; i < nloc; i++) pv[vof[i]] = prevloc[i], kv[vof[i]] += keeploc[i];
  /* the renumbering moves parts sized for one rank's share to another: with unequal
     shares it stands only where it keeps the balance */
  PetscCall(Imbalance(nv, vg->load, part, size, cap, &before));
  for (int v = 0; v < nv; v++) alt[v] = part[v];
  PetscCall(Relabel(nv, pv, kv, size, part));
  PetscCall(Imbalance(nv, vg->load, part, size, cap, &after));
  if (cap && after > 1.01 * before)
    for (int v = 0; v < nv; v++) part[v] = alt[v];
  PetscCall(Diffuse(nv, vg->off, vg->nbr, vg->wgt, vg->load, kv, pv, size, cap, target, alt));
  PetscCall(Imbalance(nv, vg->load, part, size, cap, &fresh));
  PetscCall(Imbalance(nv, vg->load, alt, size, cap, &diff));
  for (int v = 0; v < nv; v++)
    mf += part[v] != pv[v] ? kv[v] : 0, md += alt[v] != pv[v] ? kv[v] : 0;
  /* diffusion unless it balances clearly worse, or moves no fewer agents */
  if (diff <= PetscMax(1.05 * fresh, 1.05) && md <= mf)
    for (int v = 0; v < nv; v++) part[v] = alt[v];
  PetscCall(PetscFree(pv));
  PetscCall(PetscFree(kv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Partition nv vertices (vertex of location i: vof[i]) into size parts, weighted by the
   locations' loads locload[nloc]; part[v] gets each vertex's rank. A repartition gives the
   previous owners and what each location holds (hints): then the cheaper of a fresh
   partition and a diffusion from the previous one is taken. */
static PetscErrorCode PartitionGraph(MPI_Comm comm, const MSScenario *scn, int nv, const int *vof,
                                     const double *locload, const MSPartitionHints *hints,
                                     int *part)
{
  PetscMPIInt   size;
  VGraph        vg;
  double       *cap     = NULL;
  const int    *prevloc = hints && hints->prev ? hints->prev->owner : NULL;
  const double *keeploc = hints ? hints->keep : NULL;
  double        target  = hints && hints->target >= 1 ? hints->target : 1.03;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  if (size == 1 || nv <= size) {
    /* nothing to balance: one vertex per rank at most */
    for (int v = 0; v < nv; v++) part[v] = size == 1 ? 0 : v;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (hints && hints->speed) {
    /* the ranks' shares: a rank twice as fast gets twice the load */
    PetscCall(PetscMalloc1(size, &cap));
    PetscCheck(Shares(size, hints->speed, cap), comm, PETSC_ERR_ARG_OUTOFRANGE,
               "the ranks' speeds must all be positive");
  }
  PetscCall(VGraphCreate(scn, nv, vof, locload, hints ? hints->traffic : NULL, &vg));
  PetscCall(PartitionMat(comm, &vg, cap, part));
  if (vg.total > 0 && nv <= 1000000) {
    /* every rank computes the same replicated answer */
    int   *alt;
    double ip, ia;
    PetscCall(PetscMalloc1(nv, &alt));
    PetscCall(Imbalance(nv, vg.load, part, size, cap, &ip));
    PetscCall(PartitionGreedy(nv, vg.load, size, cap, alt));
    PetscCall(Imbalance(nv, vg.load, alt, size, cap, &ia));
    if (ip > 1.1 && ia < ip / 1.05)
      for (int v = 0; v < nv; v++) part[v] = alt[v];
    if (prevloc && keeploc)
      PetscCall(FromPrevious(&vg, scn->nloc, vof, prevloc, keeploc, size, cap, target, alt, part));
    PetscCall(PetscFree(alt));
  }
  PetscCall(VGraphDestroy(&vg));
  PetscCall(PetscFree(cap));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSPartitionCreate(MPI_Comm comm, const MSScenario *scn, const MSGraph *g,
                                 MSPartitionUnit unit, const double *load,
                                 const MSPartitionHints *hints, MSPartition **pp)
{
  MSPartition *p;
  int          L = scn->nloc, nv, *vof, *part;
  PetscMPIInt  size, rank;

  PetscFunctionBegin;
  PetscCheck(load, comm, PETSC_ERR_ARG_NULL, "a partition needs the locations' loads");
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscNew(&p));
  p->comm = comm, p->rank = rank, p->size = size;
  if (unit == MS_PART_REGION && scn->nregions < size) unit = MS_PART_LOCATION;
  p->unit = unit;
  PetscCall(PetscMalloc1(L + 1, &vof));
  nv = unit == MS_PART_REGION ? scn->nregions : L;
  for (int i = 0; i < L; i++) vof[i] = unit == MS_PART_REGION ? scn->loc[i].region_id : i;
  PetscCall(PetscMalloc1(nv + 1, &part));
  PetscCall(PartitionGraph(comm, scn, nv, vof, load, hints, part));

  PetscCall(PetscMalloc2(L, &p->owner, L, &p->ownidx));
  {
    int *cnt;
    PetscCall(PetscCalloc1(size, &cnt));
    for (int i = 0; i < L; i++) {
      p->owner[i]  = part[vof[i]];
      p->ownidx[i] = cnt[p->owner[i]]++;
    }
    p->nowned = cnt[rank];
    PetscCall(PetscFree(cnt));
  }
  PetscCall(PetscMalloc1(p->nowned + 1, &p->owned));
  for (int i = 0, k = 0; i < L; i++)
    if (p->owner[i] == rank) p->owned[k++] = i;

  PetscCall(PetscMalloc2(g->nroutes + 1, &p->route_owner, g->nroutes + 1, &p->route_ownidx));
  {
    int *cnt;
    PetscCall(PetscCalloc1(size, &cnt));
    for (int r = 0; r < g->nroutes; r++) {
      p->route_owner[r]  = p->owner[scn->route[r].a];
      p->route_ownidx[r] = cnt[p->route_owner[r]]++;
      if (p->owner[scn->route[r].a] != p->owner[scn->route[r].b]) p->ncut++;
    }
    p->nroutes_owned = cnt[rank];
    PetscCall(PetscFree(cnt));
  }
  PetscCall(PetscMalloc1(p->nroutes_owned + 1, &p->routes_owned));
  for (int r = 0, k = 0; r < g->nroutes; r++)
    if (p->route_owner[r] == rank) p->routes_owned[k++] = r;

  PetscCall(PetscFree(vof));
  PetscCall(PetscFree(part));
  *pp = p;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSPartitionImbalance(const MSPartition *p, int nloc, const double *load,
                                    const double *speed, double *imb)
{
  double *cap = NULL;

  PetscFunctionBegin;
  if (speed) {
    PetscCall(PetscMalloc1(p->size, &cap));
    if (!Shares(p->size, speed, cap)) PetscCall(PetscFree(cap)); /* equal shares */
  }
  PetscCall(Imbalance(nloc, load, p->owner, p->size, cap, imb));
  PetscCall(PetscFree(cap));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSPartitionView(const MSPartition *p, const MSScenario *scn,
                               const char *const role[])
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(p->comm, "partition: %d ranks by %s, %d of %d routes cut\n", p->size,
                        MSPartitionUnits[p->unit], p->ncut, scn->nroutes));
  if (p->rank != 0) PetscFunctionReturn(PETSC_SUCCESS);
  for (int r = 0; r < p->size; r++) {
    char   line[512];
    size_t o    = 0;
    int    nloc = 0, shown = 0;
    for (int i = 0; i < scn->nloc; i++) nloc += p->owner[i] == r;
    o += (size_t)snprintf(line + o, sizeof(line) - o, "  rank %d: %d locations", r, nloc);
    for (int reg = 0; reg < scn->nregions && o < sizeof(line) - 64; reg++) {
      PetscBool mine = PETSC_FALSE;
      for (int i = 0; i < scn->nloc && !mine; i++)
        mine = (PetscBool)(scn->loc[i].region_id == reg && p->owner[i] == r);
      if (!mine) continue;
      if (shown++ < 12)
        o += (size_t)snprintf(line + o, sizeof(line) - o, "%s %s%s%s%s",
                              shown == 1 ? "; regions" : ",", scn->regions[reg], role ? " (" : "",
                              role ? role[reg] : "", role ? ")" : "");
      else if (shown == 13)
        o += (size_t)snprintf(line + o, sizeof(line) - o, ", ...");
    }
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "%s\n", line));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSPartitionNeighbours(const MSPartition *p, int nloc, const char *mark, int *n,
                                     int **ranks)
{
  int        *is;
  PetscMPIInt nto = 0, nfrom, *to, *from, *todata, *fromdata;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(p->size + 1, &is));
  for (int i = 0; i < nloc; i++)
    if (mark[i] && p->owner[i] != p->rank) is[p->owner[i]] = 1;
  /* the marks need not be symmetric: the ranks that mark one of ours are asked */
  for (int r = 0; r < p->size; r++) nto += is[r];
  PetscCall(PetscCalloc2(nto + 1, &to, nto + 1, &todata));
  for (int r = 0, k = 0; r < p->size; r++)
    if (is[r]) to[k++] = r;
  PetscCall(PetscCommBuildTwoSided(p->comm, 1, MPI_INT, nto, to, todata, &nfrom, &from, &fromdata));
  for (int k = 0; k < nfrom; k++) is[from[k]] = 1;
  PetscCall(PetscFree2(to, todata));
  PetscCall(PetscFree(from));
  PetscCall(PetscFree(fromdata));
  *n = 0;
  for (int r = 0; r < p->size; r++) *n += is[r];
  PetscCall(PetscMalloc1(*n + 1, ranks));
  for (int r = 0, k = 0; r < p->size; r++)
    if (is[r]) (*ranks)[k++] = r;
  PetscCall(PetscFree(is));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSPartitionDestroy(MSPartition **pp)
{
  MSPartition *p = *pp;

  PetscFunctionBegin;
  if (!p) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree2(p->owner, p->ownidx));
  PetscCall(PetscFree(p->owned));
  PetscCall(PetscFree2(p->route_owner, p->route_ownidx));
  PetscCall(PetscFree(p->routes_owned));
  PetscCall(PetscFree(*pp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
