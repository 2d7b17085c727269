/* One day of agent decisions and travel, with multi-hop days across ranks. */
#include <math.h>
#if defined(__AVX2__)
#include <immintrin.h>
#endif
#include <stdlib.h>
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
  PetscCall(PetscCalloc4(g->cand_off[L] + 1, &st->cdf, g->ndl + 1, &st->onlink, L + 1, &st->chance_prev, L + 1, &st->log1m_chance));
  PetscCall(PetscCalloc2(L + 1, &st->work, g->ndl + 1, &st->flow));
  *stp = st;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static inline PetscBool IsCamp(MSLocType t) { return (PetscBool)(t == MS_LOC_CAMP || t == MS_LOC_IDPCAMP); }

/* The link a travelling agent is on: the current link of its plan. */
static inline int TravelLink(const MSGraph *g, const MSAgents *a, int64_t i) { return g->p_links[g->p_off[a->path[i]] + a->pos[i]]; }

static PetscErrorCode Push(int64_t **list, int64_t *n, int64_t *cap, int64_t v)
{
  PetscFunctionBegin;
  if (*n == *cap) {
    int64_t  nc = *cap ? 2 * *cap : 4096;
    int64_t *q  = realloc(*list, sizeof(int64_t) * (size_t)nc);
    PetscCheck(q, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory listing %" PRId64 " agents", nc);
    *list = q, *cap = nc;
  }
  (*list)[(*n)++] = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* x / 2^k, exactly as ldexpf(x, -k) rounds it: a multiplication by an exact power of two. */
static inline float Halve(float x, int k)
{
  union {
    uint32_t u;
    float    f;
  } m;
  if (k == 0) return x;
  if (k < 0 || k > 126) return ldexpf(x, -k);
  m.u = (uint32_t)(127 - k) << 23;
  return x * m.f;
}

/* Agent i, at a location with no plan as of the end of day from, sleeps until the day it
   next moves: each day moves with its location's chance p, so the wait is geometric on
   {1, 2, ...}, drawn by inversion from one keyed uniform. r, the recent-travel average,
   is stored as it will stand at the start of that day (it halves on every day stayed). */
static inline void Settle(const MSStep *st, MSAgents *a, int64_t i, int from, int keyday, uint32_t step)
{
  int    Y = a->loc[i];
  double p = st->chance[Y];
  double wait; /* days after from */

  if (p >= 1) wait = 1;
  else if (!(p > 0)) wait = HUGE_VAL;
  else {
    philox4x32_ctr_t w = MSRngDraw(st->seed, a->id[i], (uint32_t)keyday, step, MS_RNG_WAKE);
    wait = 1.0 + floor(log(MSRngU01(w.v[0])) / st->log1m_chance[Y]);
  }
  if (!(from + wait < (double)MS_WAKE_NEVER)) a->wake[i] = MS_WAKE_NEVER, a->r[i] = 0.0f;
  else {
    a->wake[i] = (uint16_t)(from + (int)wait);
    a->r[i]    = Halve(a->r[i], (int)wait - 1);
  }
}

/* Agents at each owned location (pop) and on each link leaving one (onlink), from scratch. */
static void Count(const MSStep *st, const MSAgents *a, int64_t *pop, int64_t *onlink)
{
  const MSPartition *p = st->part;

  for (int k = 0; k < p->nowned; k++) pop[p->owned[k]] = 0;
  for (int d = 0; d < st->g->ndl; d++) onlink[d] = 0;
  for (int64_t i = 0; i < a->n; i++) {
    if (a->flags[i] & MS_AG_TRAVEL) onlink[TravelLink(st->g, a, i)]++;
    else pop[a->loc[i]]++;
  }
}

PetscErrorCode MSStepCount(MSStep *st, const MSAgents *a)
{
  PetscFunctionBegin;
  Count(st, a, st->pop, st->onlink);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepCheckCounts(const MSStep *st, const MSAgents *a, int64_t *bad)
{
  const MSPartition *p = st->part;
  int64_t           *pop, *onlink;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(st->g->nloc + 1, &pop, st->g->ndl + 1, &onlink));
  Count(st, a, pop, onlink);
  *bad = 0;
  for (int k = 0; k < p->nowned; k++) *bad += pop[p->owned[k]] != st->pop[p->owned[k]];
  for (int d = 0; d < st->g->ndl; d++) *bad += onlink[d] != st->onlink[d];
  PetscCall(PetscFree2(pop, onlink));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepReschedule(MSStep *st, const MSEvents *ev, MSAgents *a)
{
  PetscBool changed = st->redraw_all;

  PetscFunctionBegin;
  st->day = ev->day;
  /* every location, not only the owned ones: a rebalance may hand this rank any of them */
  for (int i = 0; i < st->g->nloc; i++) {
    st->chance[i] = MSRulesMoveChance(st->s, ev->type[i]);
    st->log1m_chance[i] = log1p(-st->chance[i]);
    if (st->chance_known && st->chance[i] != st->chance_prev[i]) changed = PETSC_TRUE;
  }
  if (st->chance_known && changed) {
    /* the waiting time is memoryless: redrawn from today with the new chance */
    for (int64_t i = 0; i < a->n; i++) {
      int Y = a->loc[i];
      if ((!st->redraw_all && st->chance[Y] == st->chance_prev[Y]) || (a->flags[i] & MS_AG_TRAVEL) || a->path[i] >= 0) continue;
      if (a->wake[i] != MS_WAKE_NEVER) a->r[i] = ldexpf(a->r[i], (int)a->wake[i] - st->day);
      Settle(st, a, i, st->day - 1, st->day, 2);
    }
    st->redraw_all = PETSC_FALSE;
  }
  for (int i = 0; i < st->g->nloc; i++) st->chance_prev[i] = st->chance[i];
  st->chance_known = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepScheduleNew(MSStep *st, const MSEvents *ev, MSAgents *a, int64_t from)
{
  PetscFunctionBegin;
  st->day = ev->day;
  for (int64_t i = from; i < a->n; i++) Settle(st, a, i, st->day - 1, st->day, 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

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
  {
    double t0 = MPI_Wtime();
    PetscCall(MSGhostRefresh(gh, p, st->pop));
    st->busy_waited = MPI_Wtime() - t0; /* mostly waiting for the neighbours' spawning */
  }
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

  const double  *b;
  int            n;

  if (hi == lo || !(st->cdf[hi - 1] > 0)) return -1;
  target = u * st->cdf[hi - 1];
  /* the first candidate whose cumulative weight exceeds the target, by a binary search
     without branches (conditional moves): the branches of a plain one mispredict */
  for (b = st->cdf + lo, n = hi - lo; n > 1;) {
    int half = n / 2;
    b        = b[half] <= target ? b + half : b;
    n -= half;
  }
  lo = (int)(b - st->cdf) + (b[0] <= target);
  if (lo >= hi) lo = hi - 1;
  return g->cand[lo];
}

/* One decision of agent i at its location (hop hop of its day; arrived: it got there
   today, having moved km already). Returns whether it stepped onto a link. */
static int Decide(MSStep *st, MSAgents *a, int64_t i, int hop, PetscBool arrived, double moved)
{
  const MSGraph    *g  = st->g;
  const MSEvents   *ev = st->ev;
  const MSSettings *s  = st->s;
  int               Y = a->loc[i], p = a->path[i], pos = a->pos[i], fdl, dl;
  PetscBool         settled = (PetscBool)(hop == 0 && p < 0);
  double            mc;

  if (hop >= MS_MAX_HOPS_PER_DAY) {
    st->warn[MS_WARN_HOP_LIMIT]++;
    return 0;
  }
  philox4x32_ctr_t w = MSRngDraw(st->seed, a->id[i], (uint32_t)st->day, (uint32_t)hop, MS_RNG_AGENT);
  if (p >= 0) {
    int e = g->p_end[p];
    dl    = g->p_links[g->p_off[p] + pos];
    if (!MSEventsLinkOpen(ev, dl) || ev->camp_closed[e] || (IsCamp(st->scn->loc[e].type) && st->capmult[e] < 0.5)) p = -1, pos = 0;
  }
  if (p >= 0 || settled) mc = 1.0; /* a plan to follow, or the day its waiting time drew */
  else if (s->avoid_short_stints && arrived && ev->type[Y] == MS_LOC_TOWN && 0.5 * (a->r[i] + moved / s->max_move_speed) < 0.5) mc = 1.0;
  else mc = st->chance[Y];
  if (!(MSRngU01(w.v[0]) < mc)) {
    a->path[i] = p, a->pos[i] = (uint8_t)pos;
    return 0;
  }
  fdl = g->forced_dl[Y];
  if (fdl >= 0 && s->forced_redirection && !ev->forced_removed[fdl >> 1] && MSEventsLinkOpen(ev, fdl)) p = g->link_path[fdl], pos = 0;
  else if (p < 0) {
    p = ChoosePath(st, Y, MSRngU01(w.v[1])), pos = 0;
    if (p < 0) {
      st->warn[MS_WARN_NO_ROUTE]++;
      a->path[i] = -1, a->pos[i] = 0;
      return 0;
    }
  }
  a->path[i] = p, a->pos[i] = (uint8_t)pos, a->km[i] = 0.0f;
  a->flags[i] |= MS_AG_TRAVEL;
  st->pop[Y]--;
  st->onlink[g->p_links[g->p_off[p] + pos]]++;
  return 1;
}

/* The end of agent i's day, moved km: r updated, and the day it acts next. */
static inline void Finish(MSStep *st, MSAgents *a, int64_t i, double moved)
{
  a->r[i] = (float)(0.5 * ((double)a->r[i] + moved / st->s->max_move_speed));
  if ((a->flags[i] & MS_AG_TRAVEL) || a->path[i] >= 0) a->wake[i] = (uint16_t)(st->day + 1);
  else Settle(st, a, i, st->day, st->day, 1);
}

/* Agent i goes on with its day: along its link if travelling, else deciding again where it
   just arrived; budget km left, moved km done, hop decisions taken. Hands the agent to ex
   when it reaches another rank's location. */
static PetscErrorCode Advance(MSStep *st, MSAgents *a, int64_t i, double budget, double moved, int hop, MSExchange ex)
{
  const MSGraph     *g  = st->g;
  const MSEvents    *ev = st->ev;
  const MSPartition *pt = st->part;

  PetscFunctionBegin;
  for (;;) {
    int    dl, to;
    double need;
    if (!(a->flags[i] & MS_AG_TRAVEL) && (!(budget > 0) || !Decide(st, a, i, hop, PETSC_TRUE, moved))) break;
    dl   = TravelLink(g, a, i);
    need = g->dl_len[dl] - (double)a->km[i];
    if (!(budget >= need)) {
      a->km[i] = (float)((double)a->km[i] + budget);
      moved += budget;
      break;
    }
    st->onlink[dl]--;
    a->flags[i] &= (uint8_t)~MS_AG_TRAVEL;
    a->km[i] = 0.0f;
    if (!MSEventsLinkOpen(ev, dl)) {
      /* as in Flee: the closed far end sends the agent back to the link's start for the day */
      a->path[i] = -1, a->pos[i] = 0;
      st->pop[a->loc[i]]++;
      break;
    }
    budget -= need > 0 ? need : 0;
    moved += need > 0 ? need : 0;
    to        = g->dl_to[dl];
    st->flow[dl]++;
    a->loc[i] = to;
    a->flags[i] |= MS_AG_WALKED;
    if (++a->pos[i] >= g->p_n[a->path[i]]) a->path[i] = -1, a->pos[i] = 0;
    hop++;
    if (pt->owner[to] != pt->rank) {
      MSMigrant m = {a->id[i], budget, moved, to, a->path[i], a->r[i], (uint16_t)hop, a->pos[i], a->flags[i]};
      PetscCall(MSExchangePost(ex, pt->owner[to], &m));
      a->loc[i] = -1; /* removed at the end of the day */
      PetscCall(Push(&st->hole, &st->nhole, &st->hole_cap, i));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    st->pop[to]++;
    st->arrivals[to]++;
  }
  Finish(st, a, i, moved);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agent of index i wakes today: its start-of-day decision. */
static inline PetscErrorCode Wake(MSStep *st, MSAgents *a, int64_t i)
{
  PetscFunctionBegin;
  st->work[a->loc[i]]++;
  st->woken++;
  if ((a->flags[i] & MS_AG_TRAVEL) || Decide(st, a, i, 0, PETSC_FALSE, 0.0)) PetscCall(Push(&st->act, &st->nact, &st->act_cap, i));
  else Finish(st, a, i, 0.0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Decide for the agents of indices [lo, hi): the awake ones are found 32 at a time, two
   bytes an agent from memory, since most agents sleep. */
static PetscErrorCode DecideRange(MSStep *st, MSAgents *a, int64_t lo, int64_t hi)
{
  const uint16_t today = (uint16_t)st->day;
  int64_t        i     = lo;

  PetscFunctionBegin;
  st->nact = 0;
#if defined(__AVX2__)
  {
    const __m256i t = _mm256_set1_epi16((short)today);
    for (; i + 32 <= hi; i += 32) {
      __m256i  w0 = _mm256_loadu_si256((const __m256i *)(a->wake + i)), w1 = _mm256_loadu_si256((const __m256i *)(a->wake + i + 16));
      __m256i  eq = _mm256_packs_epi16(_mm256_cmpeq_epi16(w0, t), _mm256_cmpeq_epi16(w1, t));
      uint32_t m  = (uint32_t)_mm256_movemask_epi8(_mm256_permute4x64_epi64(eq, 0xd8));
      while (m) {
        PetscCall(Wake(st, a, i + __builtin_ctz(m)));
        m &= m - 1;
      }
    }
  }
#endif
  for (; i < hi; i++)
    if (a->wake[i] == today) PetscCall(Wake(st, a, i));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Agents received from other ranks go on with their day here. */
static PetscErrorCode Receive(MSStep *st, MSAgents *a, const MSMigrant *in, int64_t nin, MSExchange ex)
{
  int64_t reuse = PetscMin(nin, st->nhole);

  PetscFunctionBegin;
  if (nin == 0) PetscFunctionReturn(PETSC_SUCCESS);
  /* arrivals take the places of today's departures first, so that fewer holes are left to
     fill at the end of the day */
  PetscCall(MSAgentsReserve(a, a->n + nin - reuse));
  if (nin > st->in_cap) {
    free(st->in_idx);
    st->in_cap = PetscMax(nin, 2 * st->in_cap);
    st->in_idx = malloc(sizeof(int64_t) * (size_t)st->in_cap);
    PetscCheck(st->in_idx, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory receiving %" PRId64 " agents", nin);
  }
  for (int64_t k = 0; k < nin; k++) {
    const MSMigrant *m = &in[k];
    int64_t          i = k < reuse ? st->hole[--st->nhole] : a->n++;
    st->in_idx[k] = i;
    a->id[i] = m->id, a->loc[i] = m->loc, a->km[i] = 0.0f, a->wake[i] = (uint16_t)st->day;
    a->path[i] = m->path, a->pos[i] = m->pos, a->flags[i] = m->flags, a->r[i] = m->r;
    st->pop[m->loc]++;
    st->arrivals[m->loc]++;
    st->work[m->loc]++;
  }
  for (int64_t k = 0; k < nin; k++) PetscCall(Advance(st, a, st->in_idx[k], in[k].km_left, in[k].moved, in[k].hop, ex));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Travel for the agents listed by the last DecideRange(). */
static PetscErrorCode TravelListed(MSStep *st, MSAgents *a, MSExchange ex)
{
  const MSSettings *s = st->s;

  PetscFunctionBegin;
  for (int64_t k = 0; k < st->nact; k++) {
    int64_t i     = st->act[k];
    double  speed = (s->start_on_foot && !(a->flags[i] & MS_AG_WALKED)) ? s->max_walk_speed : s->max_move_speed;
    PetscCall(Advance(st, a, i, speed, 0.0, 0, ex));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Agents are taken a block at a time, decisions then travel, so that the travellers' fields
   are still in cache when they travel (a whole-day pass would fetch them twice). */
#define MS_STEP_BLOCK 32768

PetscErrorCode MSStepDecideTravel(MSStep *st, MSAgents *a, MSExchange ex, PetscLogStage decide, PetscLogStage travel)
{
  const int64_t n = a->n;

  PetscFunctionBegin;
  st->nhole = 0;
  for (int64_t lo = 0; lo < n; lo += MS_STEP_BLOCK) {
    PetscCall(PetscLogStagePush(decide));
    PetscCall(DecideRange(st, a, lo, PetscMin(n, lo + MS_STEP_BLOCK)));
    PetscCall(PetscLogStagePop());
    PetscCall(PetscLogStagePush(travel));
    PetscCall(TravelListed(st, a, ex));
    {
      /* crossers go out while this rank is still busy, and what the neighbours sent goes
         on between blocks: less is left for the rounds, where ranks wait on each other */
      const MSMigrant *in;
      int64_t          nin;
      PetscCall(MSExchangeSendEarly(ex));
      PetscCall(MSExchangePollEarly(ex, &in, &nin));
      PetscCall(Receive(st, a, in, nin, ex));
    }
    PetscCall(PetscLogStagePop());
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepExchange(MSStep *st, MSAgents *a, MSExchange ex, PetscLogStage travel, PetscLogStage exchange)
{
  double t0;

  PetscFunctionBegin;
  st->busy_received = 0;
  {
    const MSMigrant *in;
    int64_t          nin;
    PetscCall(PetscLogStagePush(exchange));
    PetscCall(MSExchangeDrainEarly(ex, &in, &nin));
    PetscCall(PetscLogStagePop());
    t0 = MPI_Wtime();
    PetscCall(PetscLogStagePush(travel));
    PetscCall(Receive(st, a, in, nin, ex));
    PetscCall(PetscLogStagePop());
    st->busy_received += MPI_Wtime() - t0;
  }
  for (;;) {
    int64_t          queued = MSExchangeQueued(ex), any;
    const MSMigrant *in;
    int64_t          nin;

    PetscCall(PetscLogStagePush(exchange));
    PetscCallMPI(MPI_Allreduce(&queued, &any, 1, MPI_INT64_T, MPI_SUM, st->part->comm));
    if (any) PetscCall(MSExchangeRun(ex, &in, &nin));
    PetscCall(PetscLogStagePop());
    if (!any) break;
    st->rounds++;
    t0 = MPI_Wtime();
    PetscCall(PetscLogStagePush(travel));
    PetscCall(Receive(st, a, in, nin, ex));
    PetscCall(PetscLogStagePop());
    st->busy_received += MPI_Wtime() - t0;
  }
  /* a reused place may have been left again: the holes go in ascending order to the removal */
  for (int64_t h = 1; h < st->nhole; h++)
    if (st->hole[h] < st->hole[h - 1]) {
      PetscCall(PetscSortInt64(st->nhole, st->hole));
      break;
    }
  PetscCall(MSAgentsRemove(a, st->hole, st->nhole));
  st->nhole = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepDestroy(MSStep **stp)
{
  MSStep *st = *stp;

  PetscFunctionBegin;
  if (!st) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree4(st->pop, st->capmult, st->chance, st->arrivals));
  PetscCall(PetscFree4(st->cdf, st->onlink, st->chance_prev, st->log1m_chance));
  PetscCall(PetscFree2(st->work, st->flow));
  free(st->act), free(st->hole), free(st->in_idx);
  PetscCall(PetscFree(*stp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
