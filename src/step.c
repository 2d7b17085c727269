/* One day of agent decisions and travel, with multi-hop days across ranks. */
#include "ms_rng.h"
#include "ms_rules.h"
#include "ms_step.h"

/* A day's hops are bounded so that zero-length links between markers cannot loop forever. */
#define MS_MAX_HOPS_PER_DAY 1000

const char *const MSWarnText[] = {
  "agent-decisions to move found no open route and stayed",
  "agent-days hit the limit of 1000 hops in one day (links of length 0?)",
  "days on which the day's new agents waited for a conflict zone of positive weight",
};

PetscErrorCode MSStepCreate(const MSScenario *scn, const MSGraph *g, const MSSettings *s, const MSPartition *part, uint64_t seed, MSStep **stp)
{
  MSStep *st;
  int     L = g->nloc;

  PetscFunctionBegin;
  PetscCall(PetscNew(&st));
  st->scn = scn, st->g = g, st->s = s, st->part = part, st->seed = seed;
  PetscCall(PetscCalloc4(L + 1, &st->pop, L + 1, &st->capmult, L + 1, &st->chance, L + 1, &st->arrivals));
  PetscCall(PetscCalloc1(g->cand_off[L] + 1, &st->cdf));
  *stp = st;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static inline PetscBool IsCamp(MSLocType t) { return (PetscBool)(t == MS_LOC_CAMP || t == MS_LOC_IDPCAMP); }

/* Whether a path may be chosen today: every link open and its end not a closed camp. */
static inline PetscBool PathUsable(const MSGraph *g, const MSEvents *ev, int p)
{
  if (ev->camp_closed[g->p_end[p]]) return PETSC_FALSE;
  for (int k = g->p_off[p]; k < g->p_off[p] + g->p_n[p]; k++)
    if (!MSEventsLinkOpen(ev, g->p_links[k])) return PETSC_FALSE;
  return PETSC_TRUE;
}

PetscErrorCode MSStepPrepare(MSStep *st, const MSEvents *ev, MSGhost *gh)
{
  const MSGraph     *g = st->g;
  const MSSettings  *s = st->s;
  const MSPartition *p = st->part;
  double            *score;

  PetscFunctionBegin;
  st->ev  = ev;
  st->day = ev->day;
  PetscCall(MSGhostRefresh(gh, p, st->pop));
  PetscCall(PetscMalloc1(g->nloc + 1, &score));
  /* the state of every location this rank can read: its own and its ghosts */
  for (int pass = 0; pass < 2; pass++) {
    int        n   = pass == 0 ? p->nowned : gh->nghost;
    const int *idx = pass == 0 ? p->owned : gh->ghost;
    for (int k = 0; k < n; k++) {
      int i          = idx[k];
      st->capmult[i] = MSRulesCapMult(s, MSRulesCapacity(st->scn, s, i), st->pop[i]);
      score[i]       = MSRulesScore(st->scn, g, ev, s, i);
    }
  }
  for (int k = 0; k < p->nowned; k++) {
    int    i = p->owned[k], nvalid = 0;
    double sum = 0;
    st->chance[i]  = MSRulesMoveChance(s, ev->type[i]);
    st->arrivals[i] = 0;
    for (int c = g->cand_off[i]; c < g->cand_off[i + 1]; c++) {
      int    path = g->cand[c];
      double w    = 0;
      if (PathUsable(g, ev, path)) {
        int e = g->p_end[path];
        nvalid++;
        w = s->awareness_level == 0 ? 1.0 : MSRulesPathWeight(s, score[e], g->p_dist[path], st->capmult[e]);
        if (!(w > 0)) w = 0; /* NaN-proof: 0/0 from a softening of 0 on a 0 km route */
      }
      sum += w;
      st->cdf[c] = sum;
    }
    if (sum <= 0 && nvalid > 0) {
      /* every usable path has weight zero: choose uniformly among them */
      sum = 0;
      for (int c = g->cand_off[i]; c < g->cand_off[i + 1]; c++) {
        if (PathUsable(g, ev, g->cand[c])) sum += 1.0;
        st->cdf[c] = sum;
      }
    }
  }
  PetscCall(PetscFree(score));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The candidate path of location i that u in (0,1) picks, or -1 when none is usable. */
static inline int ChoosePath(const MSStep *st, int i, double u)
{
  const MSGraph *g  = st->g;
  int            lo = g->cand_off[i], hi = g->cand_off[i + 1];
  double         target;

  if (hi == lo || !(st->cdf[hi - 1] > 0)) return -1;
  target = u * st->cdf[hi - 1];
  while (lo < hi) { /* first candidate whose cumulative weight exceeds the target */
    int mid = (lo + hi) / 2;
    if (st->cdf[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  if (lo >= g->cand_off[i + 1]) lo = g->cand_off[i + 1] - 1;
  return g->cand[lo];
}

/* Agent i's day from where it stands (at a location or on a link), with budget km left,
   moved km done, and hop decisions taken so far. Hands the agent to ex on leaving the rank. */
static PetscErrorCode Advance(MSStep *st, MSAgents *a, int64_t i, double budget, double moved, int hop, PetscBool arrived, MSExchange ex)
{
  const MSGraph     *g  = st->g;
  const MSEvents    *ev = st->ev;
  const MSSettings  *s  = st->s;
  const MSPartition *pt = st->part;

  PetscFunctionBegin;
  for (;;) {
    if (a->link[i] < 0) {
      int Y = a->loc[i], p = a->path[i], pos = a->pos[i], fdl;
      double mc;
      if (arrived && !(budget > 0)) break;
      if (hop >= MS_MAX_HOPS_PER_DAY) {
        st->warn[MS_WARN_HOP_LIMIT]++;
        break;
      }
      philox4x32_ctr_t w = MSRngDraw(st->seed, a->id[i], (uint32_t)st->day, (uint32_t)hop, MS_RNG_AGENT);
      if (p >= 0) {
        int dl = g->p_links[g->p_off[p] + pos], e = g->p_end[p];
        if (!MSEventsLinkOpen(ev, dl) || ev->camp_closed[e] || (IsCamp(st->scn->loc[e].type) && st->capmult[e] < 0.5)) p = -1, pos = 0;
      }
      if (p >= 0) mc = 1.0;
      else if (s->avoid_short_stints && arrived && ev->type[Y] == MS_LOC_TOWN && 0.5 * (a->r[i] + moved / s->max_move_speed) < 0.5) mc = 1.0;
      else mc = st->chance[Y];
      if (!(MSRngU01(w.v[0]) < mc)) {
        a->path[i] = p, a->pos[i] = (uint8_t)pos;
        break;
      }
      fdl = g->forced_dl[Y];
      if (fdl >= 0 && s->forced_redirection && !ev->forced_removed[fdl >> 1] && MSEventsLinkOpen(ev, fdl)) p = g->link_path[fdl], pos = 0;
      else if (p < 0) {
        p = ChoosePath(st, Y, MSRngU01(w.v[1])), pos = 0;
        if (p < 0) {
          st->warn[MS_WARN_NO_ROUTE]++;
          a->path[i] = -1, a->pos[i] = 0;
          break;
        }
      }
      a->path[i] = p, a->pos[i] = (uint8_t)pos;
      a->link[i] = g->p_links[g->p_off[p] + pos];
      a->km[i]   = 0.0f;
    }
    {
      int    dl   = a->link[i], to;
      double need = g->dl_len[dl] - (double)a->km[i];
      if (!(budget >= need)) {
        a->km[i] = (float)((double)a->km[i] + budget);
        moved += budget;
        break;
      }
      if (!MSEventsLinkOpen(ev, dl)) {
        /* as in Flee: the closed far end sends the agent back to the link's start for the day */
        a->link[i] = -1, a->km[i] = 0.0f, a->path[i] = -1, a->pos[i] = 0;
        break;
      }
      budget -= need > 0 ? need : 0;
      moved += need > 0 ? need : 0;
      to         = g->dl_to[dl];
      a->loc[i]  = to;
      a->link[i] = -1;
      a->km[i]   = 0.0f;
      a->flags[i] |= MS_AG_WALKED;
      if (a->path[i] >= 0 && ++a->pos[i] >= g->p_n[a->path[i]]) a->path[i] = -1, a->pos[i] = 0;
      hop++;
      arrived = PETSC_TRUE;
      if (pt->owner[to] != pt->rank) {
        MSMigrant m = {a->id[i], budget, moved, to, a->path[i], a->r[i], (uint16_t)hop, a->pos[i], a->flags[i]};
        PetscCall(MSExchangePost(ex, pt->owner[to], &m));
        a->loc[i] = -1; /* removed at the end of the day */
        PetscFunctionReturn(PETSC_SUCCESS);
      }
      st->arrivals[to]++;
    }
  }
  a->r[i] = (float)(0.5 * ((double)a->r[i] + moved / s->max_move_speed));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepAgents(MSStep *st, MSAgents *a, MSExchange ex)
{
  const MSSettings *s  = st->s;
  int64_t           n0 = a->n;

  PetscFunctionBegin;
  for (int64_t i = 0; i < n0; i++) {
    double speed;
    /* most agents, most days, sit at a location with no plan and stay: one draw, no call */
    if (a->link[i] < 0 && a->path[i] < 0) {
      philox4x32_ctr_t w = MSRngDraw(st->seed, a->id[i], (uint32_t)st->day, 0, MS_RNG_AGENT);
      if (!(MSRngU01(w.v[0]) < st->chance[a->loc[i]])) {
        a->r[i] = 0.5f * a->r[i];
        continue;
      }
    }
    speed = (s->start_on_foot && !(a->flags[i] & MS_AG_WALKED)) ? s->max_walk_speed : s->max_move_speed;
    PetscCall(Advance(st, a, i, speed, 0.0, 0, PETSC_FALSE, ex));
  }
  /* exchange rounds until no agent anywhere has distance left to go on another rank */
  for (;;) {
    int64_t          queued = MSExchangeQueued(ex), any;
    const MSMigrant *in;
    int64_t          nin, base;

    PetscCallMPI(MPI_Allreduce(&queued, &any, 1, MPI_INT64_T, MPI_SUM, st->part->comm));
    if (!any) break;
    PetscCall(MSExchangeRun(ex, &in, &nin));
    base = a->n;
    PetscCall(MSAgentsReserve(a, base + nin));
    for (int64_t k = 0; k < nin; k++) {
      const MSMigrant *m = &in[k];
      int64_t          i = base + k;
      a->id[i] = m->id, a->loc[i] = m->loc, a->link[i] = -1, a->km[i] = 0.0f;
      a->path[i] = m->path, a->pos[i] = m->pos, a->flags[i] = m->flags, a->r[i] = m->r;
      st->arrivals[m->loc]++;
    }
    a->n = base + nin;
    for (int64_t k = 0; k < nin; k++) PetscCall(Advance(st, a, base + k, in[k].km_left, in[k].moved, in[k].hop, PETSC_TRUE, ex));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepDestroy(MSStep **stp)
{
  MSStep *st = *stp;

  PetscFunctionBegin;
  if (!st) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree4(st->pop, st->capmult, st->chance, st->arrivals));
  PetscCall(PetscFree(st->cdf));
  PetscCall(PetscFree(*stp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
