/* One day of agent decisions and travel, with multi-hop days across ranks (ms_step.h); the
   work stealing within it is in step_steal.c. */
#include <math.h>
#if defined(__AVX2__)
#  include <immintrin.h>
#endif
#include "ms_memory.h"
#include "ms_rng.h"
#include "ms_rules.h"
#include "ms_stages.h"
#include "step_impl.h"

/* A day's hops are bounded so that zero-length links between markers cannot loop forever. */
#define MS_MAX_HOPS_PER_DAY 1000

/* Guide-table entries for each candidate path (Guide()) */
#define MS_GUIDE_PER_CAND 4

const char *const MSWarnText[] = {
    "agent-decisions to move found no open route and stayed",
    "agent-days hit the limit of 1000 hops in one day (links of length 0?)",
    "days on which the day's new agents waited for a conflict zone of positive weight",
    "agents were spawned where take_from_population had left no population (it stays 0)",
};

const char *const MSWarnNames[] = {"warnings_no_route", "warnings_hop_limit", "warnings_spawn_wait",
                                   "warnings_spawn_beyond"};

PetscErrorCode MSStepCreate(const MSScenario *scn, const MSGraph *g, const MSSettings *s,
                            const MSPartition *part, uint64_t seed, MSStep *stp)
{
  MSStep st;
  int    L = g->nloc;

  PetscFunctionBegin;
  PetscCall(PetscNew(&st));
  st->scn = scn, st->g = g, st->s = s, st->part = part, st->seed = seed;
  st->block = MS_STEP_BLOCK, st->steal_min = MS_STEP_STEAL_MIN;
  st->far_day = -1; /* no draws kept (DrawFar()) */
  PetscCall(
      PetscCalloc4(L + 1, &st->pop, L + 1, &st->capmult, L + 1, &st->chance, L + 1, &st->arrivals));
  PetscCall(PetscCalloc4(g->cand_off[L] + 1, &st->cdf, g->ndl + 1, &st->onlink, L + 1,
                         &st->chance_prev, L + 1, &st->log1m_chance));
  PetscCall(PetscCalloc3(L + 1, &st->work, g->ndl + 1, &st->flow,
                         MS_GUIDE_PER_CAND * g->cand_off[L] + 1, &st->guide));
  PetscCall(PetscCalloc3(L + 1, &st->score, L + 1, &st->cdf_day, L + 1, &st->popscore));
  PetscCall(PetscMalloc1(g->cand_off[L] + 1, &st->cand_dl));
  for (int c = 0; c < g->cand_off[L]; c++) st->cand_dl[c] = g->p_links[g->p_off[g->cand[c]]];
  PetscCall(PetscCalloc4(L + 1, &st->leave, L + 1, &st->leave_prev, L + 1, &st->log1m_leave, L + 1,
                         &st->removed));
  *stp = st;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The link a travelling agent is on: the current link of its plan. */
static inline int TravelLink(const MSGraph *g, const MSAgents *a, int64_t i)
{
  return g->p_links[g->p_off[a->path[i]] + a->pos[i]];
}

static PetscErrorCode Push(int64_t **list, int64_t *n, int64_t *cap, int64_t v)
{
  PetscFunctionBegin;
  if (*n == *cap) PetscCall(MSMemoryGrow(list, cap, *n + 1, sizeof(int64_t)));
  (*list)[(*n)++] = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* camps_are_sinks (ms_step.h): the days until agent i, resting at its location, would leave
   the simulation, geometric with the location's chance q of leaving, drawn from word 1 of the
   same keyed draw as its move clock (wait days); the first clock wins, leaving on a tie (it is
   decided first within a day). Returns the days until its next event; MS_AG_LEAVE marks a
   leave. drawn: words 0 and 1 of that draw, made ahead (MSRngDrawWords01), or NULL. */
static double LeaveClock(MSStep st, MSAgents *a, int64_t i, double wait, int keyday, uint32_t step,
                         const uint64_t *drawn)
{
  int    Y = a->loc[i];
  double q = st->leave[Y], days;

  a->flags[i] &= (uint8_t)~MS_AG_LEAVE;
  if (!(q > 0)) return wait;
  if (q >= 1)
    days = 1;
  else {
    uint32_t w1 = drawn ? (uint32_t)(*drawn >> 32)
                        : MSRngDraw(st->seed, a->id[i], (uint32_t)keyday, step, MS_RNG_WAKE).v[1];
    days        = 1.0 + floor(log(MSRngU01(w1)) / st->log1m_leave[Y]);
  }
  if (days > wait) return wait;
  a->flags[i] |= MS_AG_LEAVE;
  return days;
}

/* Agent i, at a location with no plan as of the end of day from, sleeps until the day it
   next moves: each day moves with its location's chance p, so the wait is geometric on
   {1, 2, ...}, drawn by inversion from one keyed uniform. r, the recent-travel average,
   is stored as it will stand at the start of that day (it halves on every day stayed).
   drawn: words 0 and 1 of the keyed draw, made ahead (MSRngDrawWords01), or NULL. */
static inline void SettleDrawn(MSStep st, MSAgents *a, int64_t i, int from, int keyday,
                               uint32_t step, const uint64_t *drawn)
{
  int    Y = a->loc[i];
  double p = st->chance[Y];
  double wait; /* days after from */

  if (p >= 1)
    wait = 1;
  else if (!(p > 0))
    wait = HUGE_VAL;
  else {
    uint32_t w0 = drawn ? (uint32_t)*drawn
                        : MSRngDraw(st->seed, a->id[i], (uint32_t)keyday, step, MS_RNG_WAKE).v[0];
    wait        = 1.0 + floor(log(MSRngU01(w0)) / st->log1m_chance[Y]);
  }
  if (st->sinks) wait = LeaveClock(st, a, i, wait, keyday, step, drawn);
  if (!(from + wait < (double)MS_WAKE_NEVER))
    a->wake[i] = MS_WAKE_NEVER, a->r[i] = 0.0f;
  else {
    a->wake[i] = (uint16_t)(from + (int)wait);
    a->r[i]    = MSRulesRecentTravelIdle(a->r[i], (int)wait - 1);
  }
}

static inline void Settle(MSStep st, MSAgents *a, int64_t i, int from, int keyday, uint32_t step)
{
  SettleDrawn(st, a, i, from, keyday, step, NULL);
}

/* Whether Settle() at location Y draws: its chance of moving is neither 0 nor 1, or some
   location has a chance of leaving the simulation. */
static inline PetscBool SettleDraws(MSStep st, int Y)
{
  return (PetscBool)((st->chance[Y] > 0 && st->chance[Y] < 1) || st->sinks);
}

/* Settle(st, a, i, from, keyday, step) for the agents i = idx[k], k < n (idx NULL: i = base + k),
   their draws made first, in vectors; the draws' buffer is st->draw. */
static PetscErrorCode SettleMany(MSStep st, MSAgents *a, int64_t n, const int64_t *idx,
                                 int64_t base, int from, int keyday, uint32_t step)
{
  PetscFunctionBegin;
  PetscCall(MSMemoryGrow(&st->draw, &st->draw_cap, n, sizeof(uint64_t)));
  MSRngDrawWords01(st->seed, n, idx ? a->id : a->id + base, idx, (uint32_t)keyday, step,
                   MS_RNG_WAKE, st->draw);
  for (int64_t k = 0; k < n; k++)
    SettleDrawn(st, a, idx ? idx[k] : base + k, from, keyday, step, st->draw + k);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Agents at each owned location (pop) and on each link leaving one (onlink), from scratch. */
static void Count(MSStep st, const MSAgents *a, int64_t *pop, int64_t *onlink)
{
  const MSPartition *p = st->part;

  for (int k = 0; k < p->nowned; k++) pop[p->owned[k]] = 0;
  for (int d = 0; d < st->g->ndl; d++) onlink[d] = 0;
  for (int64_t i = 0; i < a->n; i++) {
    if (a->flags[i] & MS_AG_TRAVEL)
      onlink[TravelLink(st->g, a, i)]++;
    else
      pop[a->loc[i]]++;
  }
}

PetscErrorCode MSStepCount(MSStep st, const MSAgents *a)
{
  PetscFunctionBegin;
  Count(st, a, st->pop, st->onlink);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepCheckCounts(MSStep st, const MSAgents *a, int64_t *bad)
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

/* The day's chances at every location, not only the owned ones (a rebalance may hand this rank
   any of them): of moving (its type's, with movechance_pop_*), of leaving the simulation
   (camps_are_sinks), and use_pop_for_loc_weight's factors on the scores, from the populations
   as they stand before the day's spawns (MODEL.md section 7b). Whether a chance changed since
   the day before. */
static PetscBool DayChances(MSStep st, const MSEvents *ev)
{
  const MSSettings *s       = st->s;
  PetscBool         popmc   = (PetscBool)(s->movechance_pop_scale_factor != 0);
  PetscBool         changed = PETSC_FALSE;

  st->sinks = PETSC_FALSE;
  for (int i = 0; i < st->g->nloc; i++) {
    st->chance[i] = MSRulesMoveChance(s, ev->type[i]);
    if (popmc)
      st->chance[i] =
          MSRulesPopMoveChance(s, st->chance[i], st->population[i], MSRulesCapacity(ev, s, i));
    if (s->use_pop_for_loc_weight) st->popscore[i] = MSRulesPopScore(ev, s, i, st->population[i]);
    st->leave[i]        = s->camps_are_sinks && MSRulesIsCamp(ev->type[i])
                              ? st->scn->loc[i].deactivation_probability
                              : 0.0;
    st->log1m_chance[i] = log1p(-st->chance[i]);
    st->log1m_leave[i]  = log1p(-st->leave[i]);
    if (st->leave[i] > 0) st->sinks = PETSC_TRUE;
    if (st->chance[i] != st->chance_prev[i] || st->leave[i] != st->leave_prev[i])
      changed = PETSC_TRUE;
  }
  return changed;
}

PetscErrorCode MSStepReschedule(MSStep st, const MSEvents *ev, MSAgents *a)
{
  PetscBool changed;

  PetscFunctionBegin;
  PetscCheck(st->population ||
                 !(st->s->movechance_pop_scale_factor != 0 || st->s->use_pop_for_loc_weight),
             PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "the population rules need the populations (MSStepSetPopulation())");
  st->day = ev->day;
  changed = (PetscBool)(DayChances(st, ev) || st->redraw_all);
  if (st->chance_known && changed) {
    /* the waiting times are memoryless: redrawn from today with the new chances */
    for (int64_t i = 0; i < a->n; i++) {
      int Y = a->loc[i];
      if ((!st->redraw_all && st->chance[Y] == st->chance_prev[Y] &&
           st->leave[Y] == st->leave_prev[Y]) ||
          (a->flags[i] & MS_AG_TRAVEL) || a->path[i] >= 0)
        continue;
      if (a->wake[i] != MS_WAKE_NEVER) a->r[i] = ldexpf(a->r[i], (int)a->wake[i] - st->day);
      a->flags[i] &= (uint8_t)~MS_AG_LEAVE;
      Settle(st, a, i, st->day - 1, st->day, 2);
    }
    st->redraw_all = PETSC_FALSE;
  }
  for (int i = 0; i < st->g->nloc; i++)
    st->chance_prev[i] = st->chance[i], st->leave_prev[i] = st->leave[i];
  st->chance_known = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepSpawned(MSStep st, const MSGhost *gh, const int64_t *count)
{
  PetscFunctionBegin;
  for (int k = 0; k < st->part->nowned; k++)
    st->pop[st->part->owned[k]] += count[st->part->owned[k]];
  for (int k = 0; k < gh->nghost; k++) st->pop[gh->ghost[k]] += count[gh->ghost[k]];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepScheduleNew(MSStep st, const MSEvents *ev, MSAgents *a, int64_t from)
{
  PetscFunctionBegin;
  st->day = ev->day;
  /* in chunks, so that the draws' buffer stays small and in cache */
  for (int64_t lo = from, n; lo < a->n; lo += n) {
    n = PetscMin(a->n - lo, 4096);
    PetscCall(SettleMany(st, a, n, NULL, lo, st->day - 1, st->day, 0));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* stay_close_to_home's factor of every candidate path, from its origin (where the agent that
   chooses it is) to its end: constants of the scenario and home_distance_power, worked out
   again only when that changes (a variant's setting). st->hf is NULL without the rule. */
static PetscErrorCode HomeFactors(MSStep st)
{
  const MSGraph    *g   = st->g;
  const MSScenario *scn = st->scn;
  const MSSettings *s   = st->s;

  PetscFunctionBegin;
  st->hf = NULL;
  if (!s->stay_close_to_home) PetscFunctionReturn(PETSC_SUCCESS);
  if (!st->homefac || st->home_power != s->home_distance_power) {
    if (!st->homefac) PetscCall(PetscMalloc1(g->cand_off[g->nloc] + 1, &st->homefac));
    for (int i = 0; i < g->nloc; i++)
      for (int c = g->cand_off[i]; c < g->cand_off[i + 1]; c++) {
        const MSLocation *from = &scn->loc[i], *to = &scn->loc[g->p_end[g->cand[c]]];
        st->homefac[c] =
            MSRulesHomeFactor(s, MSRulesGreatCircle(from->lat, from->lon, to->lat, to->lon));
      }
    st->home_power = s->home_distance_power;
  }
  st->hf = st->homefac;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepScheduleSettled(MSStep st, const MSEvents *ev, MSAgents *a, int64_t from)
{
  PetscFunctionBegin;
  st->day = ev->day;
  for (int64_t i = from; i < a->n; i++) Settle(st, a, i, st->day, st->day, 3);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepForgetChances(MSStep st)
{
  PetscFunctionBegin;
  st->chance_known = PETSC_FALSE;
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

/* The guide table of location i's cumulative weights (Chen's indexed search): for each of its
   m = MS_GUIDE_PER_CAND n entries k (n candidates), the first candidate whose cumulative weight
   exceeds a value a little below k / m of the total. A uniform u with (int)(u m) = k has its
   target u total above that value (the margin, 2^-40 relative, is far above the roundings of
   either side), so the first candidate beyond the target is at guide[k] or after it, and a
   short walk from there finds the very candidate a search of the whole table would. With
   several entries a candidate the walk is almost always empty, and its one test predictable. */
static void Guide(MSStep st, int i)
{
  const MSGraph *g  = st->g;
  int            lo = g->cand_off[i], hi = g->cand_off[i + 1], n = hi - lo, j = lo;
  int            m = MS_GUIDE_PER_CAND * n, *guide = st->guide + MS_GUIDE_PER_CAND * lo;
  double         total;

  if (n == 0) return;
  total = st->cdf[hi - 1];
  for (int k = 0; k < m; k++) {
    double v = (double)k / m * total * (1.0 - 0x1p-40);
    while (j < hi - 1 && st->cdf[j] <= v) j++;
    guide[k] = j;
  }
}

/* The cumulative route weights of location i's candidate paths for today, from the frozen
   capacity multipliers and scores of their ends (the scores with stay_close_to_home's factor
   of each path, st->hf). */
static __attribute__((noinline)) void Weights(MSStep st, int i)
{
  const MSGraph    *g      = st->g;
  const MSEvents   *ev     = st->ev;
  const MSSettings *s      = st->s;
  const double     *hf     = st->hf;
  int               nvalid = 0;
  double            sum    = 0;

  for (int c = g->cand_off[i]; c < g->cand_off[i + 1]; c++) {
    int    path = g->cand[c];
    double w    = 0;
    if (PathUsable(g, ev, path)) {
      int    e     = g->p_end[path];
      double score = hf ? st->score[e] * hf[c] : st->score[e];
      nvalid++;
      w = s->awareness_level == 0 ? 1.0
                                  : MSRulesPathWeight(s, score, g->p_dist[path], st->capmult[e]);
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
  Guide(st, i);
  st->cdf_day[i] = st->day;
}

PetscErrorCode MSStepPrepare(MSStep st, const MSEvents *ev, MSGhost *gh)
{
  const MSGraph     *g = st->g;
  const MSSettings  *s = st->s;
  const MSPartition *p = st->part;

  PetscFunctionBegin;
  st->ev  = ev;
  st->day = ev->day;
  /* the state of every location this rank's agents can read today: its own and its ghosts
     (refreshed at the end of the day before, MSStepExchange(), with today's spawns added) */
  for (int pass = 0; pass < 2; pass++) {
    int        n   = pass == 0 ? p->nowned : gh->nghost;
    const int *idx = pass == 0 ? p->owned : gh->ghost;
    for (int k = 0; k < n; k++) {
      int i          = idx[k];
      st->capmult[i] = MSRulesCapMult(s, MSRulesCapacity(ev, s, i), st->pop[i]);
      st->score[i]   = MSRulesScore(st->scn, g, ev, s, i);
      if (s->use_pop_for_loc_weight) st->score[i] *= st->popscore[i];
      st->arrivals[i] = 0;
      st->cdf_day[i]  = -1;
    }
  }
  for (int k = 0; k < p->nowned; k++) st->removed[p->owned[k]] = 0;
  /* from here the ghosts' counts are what this rank's agents leave there today */
  for (int k = 0; k < gh->nghost; k++) st->pop[gh->ghost[k]] = 0;
  /* the route weights of a ghost are worked out when an agent first chooses there */
  PetscCall(HomeFactors(st));
  for (int k = 0; k < p->nowned; k++) Weights(st, p->owned[k]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* How many of c[0..m) are at most t, for m <= 8: without a branch on the values. */
static inline int CountAtMost(const double *c, int m, double t)
{
#if defined(__AVX512F__)
  __mmask8 k = (__mmask8)((1u << m) - 1);
  return __builtin_popcount(
      _mm512_mask_cmp_pd_mask(k, _mm512_maskz_loadu_pd(k, c), _mm512_set1_pd(t), _CMP_LE_OQ));
#elif defined(__AVX2__)
  static const int64_t ones[12] = {-1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  int                  n0 = m < 4 ? m : 4, n1 = m - n0, r;
  __m256i              k0 = _mm256_loadu_si256((const __m256i *)(ones + 4 - n0));
  __m256i              k1 = _mm256_loadu_si256((const __m256i *)(ones + 4 - n1));
  __m256d              tv = _mm256_set1_pd(t);
  r                       = __builtin_popcount(
                            _mm256_movemask_pd(_mm256_cmp_pd(_mm256_maskload_pd(c, k0), tv, _CMP_LE_OQ)) &
                            ((1 << n0) - 1));
  r += __builtin_popcount(
      _mm256_movemask_pd(_mm256_cmp_pd(_mm256_maskload_pd(c + 4, k1), tv, _CMP_LE_OQ)) &
      ((1 << n1) - 1));
  return r;
#else
  int r = 0;
  for (int k = 0; k < m; k++) r += c[k] <= t;
  return r;
#endif
}

/* The index in cand[] of the candidate path of location i that u in (0,1) picks, or -1 when
   none is usable: the first whose cumulative weight exceeds u times the total (the last if
   none does), found from the guide table's entry for u. The weights do not decrease, so the
   steps from there are the count of the weights at most the target (before the last). */
static inline int ChoosePath(MSStep st, int i, double u)
{
  const MSGraph *g  = st->g;
  int            lo = g->cand_off[i], hi = g->cand_off[i + 1], j;
  double         target;

  if (hi == lo || !(st->cdf[hi - 1] > 0)) return -1;
  target = u * st->cdf[hi - 1];
  /* u < 1 - 2^-33, so (int)(u m) < m */
  j = st->guide[MS_GUIDE_PER_CAND * lo + (int)(u * (MS_GUIDE_PER_CAND * (hi - lo)))];
  /* the walk from there, 8 weights at a time without a branch on them: one step almost always */
  for (;;) {
    int m = hi - 1 - j < 8 ? hi - 1 - j : 8, c = CountAtMost(st->cdf + j, m, target);
    j += c;
    if (c < 8) break;
  }
  return j;
}

/* Words 0 and 1 of agent i's draw for its decision at hop hop today: drawn ahead, in vectors,
   below hop pre_hi (a constant of the caller: the agent in hand's draws from the hop it is at
   on, MSRngDrawWords01), else now. */
static __attribute__((noinline)) uint64_t DrawFar(MSStep st, const MSAgents *a, int64_t i, int hop);

static inline uint64_t Draw(MSStep st, const MSAgents *a, int64_t i, int hop, const int pre_hi)
{
  if (hop < pre_hi) return st->pre[hop];
  return DrawFar(st, a, i, hop);
}

/* Draw() beyond the hops drawn ahead: the agent's next MS_FAR_HOPS hops from hop on, drawn at
   once in vectors (an agent that makes one more decision often makes several) and kept for
   its later hops of the day. */
static uint64_t DrawFar(MSStep st, const MSAgents *a, int64_t i, int hop)
{
  uint64_t id = a->id[i];

  if (!(id == st->far_id && st->far_day == st->day && hop >= st->far_lo &&
        hop < st->far_lo + MS_FAR_HOPS)) {
    MSRngDrawHops01(st->seed, id, (uint32_t)st->day, (uint32_t)hop, MS_FAR_HOPS, MS_RNG_AGENT,
                    st->far);
    st->far_id = id, st->far_day = st->day, st->far_lo = hop;
  }
  return st->far[hop - st->far_lo];
}

/* The fields of an agent that its day changes, held in registers through the day: a store of
   a byte (pos, flags) into the agent arrays may alias anything, so the compiler would load
   every pointer and count again after each. */
typedef struct {
  int   loc, path, pos, flags;
  float km, r;
  int   dl; /* the link it travels on, set by Decide() */
} MSHot;

static inline void HotLoad(const MSAgents *a, int64_t i, MSHot *h)
{
  h->loc = a->loc[i], h->path = a->path[i], h->pos = a->pos[i], h->flags = a->flags[i];
  h->km = a->km[i], h->r = a->r[i];
}

static inline void HotStore(const MSHot *h, MSAgents *a, int64_t i)
{
  a->loc[i] = h->loc, a->path[i] = h->path, a->pos[i] = (uint8_t)h->pos;
  a->flags[i] = (uint8_t)h->flags, a->km[i] = h->km, a->r[i] = h->r;
}

/* One decision of agent i (its changing fields in h) at its location (hop hop of its day;
   arrived: it got there today, having moved km already). Returns whether it stepped onto a
   link. */
static inline __attribute__((always_inline)) int Decide(MSStep st, const MSAgents *a, int64_t i,
                                                        MSHot *h, int hop, PetscBool arrived,
                                                        double moved, const int pre_hi)
{
  const MSGraph    *g  = st->g;
  const MSEvents   *ev = st->ev;
  const MSSettings *s  = st->s;
  int               Y = h->loc, p = h->path, pos = h->pos, fdl, dl = -1;
  PetscBool         settled = (PetscBool)(hop == 0 && p < 0);
  double            mc;
  uint64_t          w     = 0;
  int               drawn = 0, draw;

  if (hop >= MS_MAX_HOPS_PER_DAY) {
    st->warn[MS_WARN_HOP_LIMIT]++;
    return 0;
  }
  st->decisions++;
  if (p >= 0) {
    int e = g->p_end[p];
    dl    = g->p_links[g->p_off[p] + pos];
    if (MSRulesDropPlan(ev, st->capmult, dl, e)) p = -1, pos = 0;
  }
  /* a chance of 1 with a plan to follow, on the day its waiting time drew, or moving on: the
     terms are combined without branches (which one holds is data), for one branch on all */
  mc = st->chance[Y];
  draw =
      !((p >= 0) | settled | MSRulesMovesOn(s, arrived, ev->type[Y], h->r, moved)) & !(mc >= 1.0);
  /* the draw is a pure function of its key (MODEL.md section 8), so it is made only where a
     word of it is read: a chance of 1 passes every uniform in (0, 1), and an agent that
     follows its plan chooses no route */
  if (draw) {
    w = Draw(st, a, i, hop, pre_hi), drawn = 1;
    if (!(MSRngU01((uint32_t)w) < mc)) {
      h->path = p, h->pos = pos;
      return 0;
    }
  }
  fdl = g->forced_dl[Y];
  if (fdl >= 0 && s->forced_redirection && !ev->forced_removed[fdl >> 1] &&
      MSEventsLinkOpen(ev, fdl))
    p = g->link_path[fdl], pos = 0, dl = fdl;
  else if (p < 0) {
    int c;
    if (!drawn) w = Draw(st, a, i, hop, pre_hi);
    c = ChoosePath(st, Y, MSRngU01((uint32_t)(w >> 32)));
    if (c < 0) {
      st->warn[MS_WARN_NO_ROUTE]++;
      h->path = -1, h->pos = 0;
      return 0;
    }
    p = g->cand[c], pos = 0, dl = st->cand_dl[c];
  }
  h->path = p, h->pos = pos, h->km = 0.0f, h->dl = dl;
  h->flags |= MS_AG_TRAVEL;
  st->pop[Y]--;
  st->onlink[dl]++;
  return 1;
}

/* The first decision of agent i's day, at its wake, on its stored fields; pre_hi: 1 if its
   draw of hop 0 is in st->pre[0], else 0. */
static inline int DecideStored(MSStep st, MSAgents *a, int64_t i, const int pre_hi)
{
  MSHot h;
  int   moves;

  HotLoad(a, i, &h);
  moves = Decide(st, a, i, &h, 0, PETSC_FALSE, 0.0, pre_hi);
  HotStore(&h, a, i);
  return moves;
}

/* The end of agent i's day, moved km: r updated, and the day it acts next. With defer, an
   agent whose wait is drawn is listed (st->settle, room made by DecideRange()) for
   SettleListed(), which draws for the block's agents at once. */
static inline void Finish(MSStep st, MSAgents *a, int64_t i, double moved, PetscBool defer)
{
  a->r[i] = MSRulesRecentTravel(st->s, a->r[i], moved);
  if ((a->flags[i] & MS_AG_TRAVEL) || a->path[i] >= 0)
    a->wake[i] = (uint16_t)(st->day + 1);
  else if (defer && SettleDraws(st, a->loc[i]))
    st->settle[st->nsettle++] = i;
  else
    Settle(st, a, i, st->day, st->day, 1);
}

static PetscErrorCode AdvanceAway(MSStep, MSAgents *, int64_t, int, double, double, int,
                                  MSExchange);

/* Where Advance() runs: on this rank's own locations (the hot path, as lean as it can be);
   away, for an own agent that left them today (ghosts' route weights worked out on first
   use, the agent sent on where it ends); or on a partner's agent in the thief's small store
   (where it ends is settled by the caller). */
typedef enum { MS_HOME, MS_AWAY, MS_THIEF } MSWhere;

PetscErrorCode MSStepVacate_Private(MSStep st, MSAgents *a, int64_t i)
{
  PetscFunctionBegin;
  a->loc[i] = -1;
  PetscCall(Push(&st->hole, &st->nhole, &st->hole_cap, i));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Agent i, its day done, goes to the owner of its location if that is another rank. */
static PetscErrorCode Leave(MSStep st, MSAgents *a, int64_t i, MSExchange ex)
{
  const MSPartition *pt = st->part;

  PetscFunctionBegin;
  if (pt->owner[a->loc[i]] != pt->rank) {
    MSMigrant m;
    MSMigrantPack(a, i, &m);
    PetscCall(MSExchangePost(ex, pt->owner[m.loc], &m));
    PetscCall(MSStepVacate_Private(st, a, i));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Agent i goes on with its day: along its link if travelling, else deciding again where it
   just arrived; budget km left, moved km done, hop decisions taken. Each hop is work of the
   location the agent set out from today (from), wherever the hop ends: that location's
   owner does it, and it goes with the location in a repartition. The day may take it
   into other ranks' locations (their frozen state is ghosted); where it ends the day at
   one, it is handed to ex for that location's owner (unless where is MS_THIEF). One copy
   for each place it runs (MSWhere). */
static inline __attribute__((always_inline)) PetscErrorCode AdvanceIn(MSStep st, MSAgents *a,
                                                                      int64_t i, int from,
                                                                      double budget, double moved,
                                                                      int hop, MSExchange ex,
                                                                      const MSWhere where)
{
  const MSGraph     *g  = st->g;
  const MSEvents    *ev = st->ev;
  const MSPartition *pt = st->part;

  MSHot   h;
  int64_t steps = 0, hops = 0;

  PetscFunctionBegin;
  HotLoad(a, i, &h);
  for (;;) {
    int    dl, to;
    double need;
    if (!(h.flags & MS_AG_TRAVEL)) {
      if (!(budget > 0)) break;
      if (where != MS_HOME && st->cdf_day[h.loc] != st->day) Weights(st, h.loc);
      if (!Decide(st, a, i, &h, hop, PETSC_TRUE, moved, where == MS_THIEF ? 0 : MS_PRE_HOPS + 1))
        break;
      dl = h.dl;
    } else
      dl = g->p_links[g->p_off[h.path] + h.pos];
    need = g->dl_len[dl] - (double)h.km;
    steps++;
    if (!(budget >= need)) {
      h.km = (float)((double)h.km + budget);
      moved += budget;
      break;
    }
    st->onlink[dl]--;
    h.flags &= ~MS_AG_TRAVEL;
    h.km = 0.0f;
    if (!MSEventsLinkOpen(ev, dl)) {
      /* as in Flee: the closed far end sends the agent back to the link's start for the day */
      h.path = -1, h.pos = 0;
      st->pop[h.loc]++;
      break;
    }
    budget -= need > 0 ? need : 0;
    moved += need > 0 ? need : 0;
    to = g->dl_to[dl];
    st->flow[dl]++;
    h.loc = to;
    h.flags |= MS_AG_WALKED;
    if (++h.pos >= g->p_n[h.path]) h.path = -1, h.pos = 0;
    hop++;
    hops++;
    st->pop[to]++;
    st->work[from]++;
    st->arrivals[to]++;
    if (where == MS_HOME && pt->owner[to] != pt->rank) {
      HotStore(&h, a, i);
      st->link_steps += steps, st->hops += hops;
      PetscCall(AdvanceAway(st, a, i, from, budget, moved, hop, ex));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  }
  HotStore(&h, a, i);
  st->link_steps += steps, st->hops += hops;
  Finish(st, a, i, moved, (PetscBool)(where == MS_HOME));
  if (where == MS_AWAY) PetscCall(Leave(st, a, i, ex));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static __attribute__((noinline)) PetscErrorCode AdvanceAway(MSStep st, MSAgents *a, int64_t i,
                                                            int from, double budget, double moved,
                                                            int hop, MSExchange ex)
{
  PetscFunctionBegin;
  PetscCall(AdvanceIn(st, a, i, from, budget, moved, hop, ex, MS_AWAY));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static __attribute__((noinline)) PetscErrorCode AdvanceThief(MSStep st, MSAgents *a, int64_t i,
                                                             double budget, double moved, int hop,
                                                             MSExchange ex)
{
  PetscFunctionBegin;
  PetscCall(AdvanceIn(st, a, i, a->loc[i], budget, moved, hop, ex, MS_THIEF));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Advance(MSStep st, MSAgents *a, int64_t i, double budget, double moved,
                              int hop, MSExchange ex)
{
  PetscFunctionBegin;
  PetscCall(AdvanceIn(st, a, i, a->loc[i], budget, moved, hop, ex, MS_HOME));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepDepart_Private(MSStep st, MSAgents *a, int64_t i)
{
  PetscFunctionBegin;
  st->pop[a->loc[i]]--;
  st->removed[a->loc[i]]++;
  PetscCall(MSStepVacate_Private(st, a, i));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agent of index i wakes today: it leaves the simulation (camps_are_sinks), or takes its
   start-of-day decision. */
static inline PetscErrorCode Wake(MSStep st, MSAgents *a, int64_t i)
{
  PetscFunctionBegin;
  st->work[a->loc[i]]++;
  st->woken++;
  if (a->flags[i] & MS_AG_LEAVE)
    PetscCall(MSStepDepart_Private(st, a, i));
  else if ((a->flags[i] & MS_AG_TRAVEL) || DecideStored(st, a, i, 1))
    PetscCall(Push(&st->act, &st->nact, &st->act_cap, i));
  else
    Finish(st, a, i, 0.0, PETSC_TRUE);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Run ACTION(i) for every agent i in [lo, hi) whose wake is today: found 32 at a time (two
   bytes an agent from memory), since most agents sleep. */
#if defined(__AVX2__)
#  define MS_FOR_AWAKE(a, lo, hi, today, ACTION)                                           \
    do {                                                                                   \
      int64_t       i_ = (lo);                                                             \
      const __m256i t_ = _mm256_set1_epi16((short)(today));                                \
      for (; i_ + 32 <= (hi); i_ += 32) {                                                  \
        __m256i w0_ = _mm256_loadu_si256((const __m256i *)((a)->wake + i_)),               \
                w1_ = _mm256_loadu_si256((const __m256i *)((a)->wake + i_ + 16));          \
        __m256i eq_ =                                                                      \
            _mm256_packs_epi16(_mm256_cmpeq_epi16(w0_, t_), _mm256_cmpeq_epi16(w1_, t_));  \
        uint32_t m_ = (uint32_t)_mm256_movemask_epi8(_mm256_permute4x64_epi64(eq_, 0xd8)); \
        while (m_) {                                                                       \
          ACTION(i_ + __builtin_ctz(m_));                                                  \
          m_ &= m_ - 1;                                                                    \
        }                                                                                  \
      }                                                                                    \
      for (; i_ < (hi); i_++)                                                              \
        if ((a)->wake[i_] == (today)) ACTION(i_);                                          \
    } while (0)
#else
#  define MS_FOR_AWAKE(a, lo, hi, today, ACTION)  \
    do {                                          \
      for (int64_t i_ = (lo); i_ < (hi); i_++)    \
        if ((a)->wake[i_] == (today)) ACTION(i_); \
    } while (0)
#endif

/* Listed first, the awake agents
   can be fetched ahead of their turn: an awake agent is a few in a hundred, and its fields
   are as many cache misses, which would otherwise come one agent at a time. */
PetscErrorCode MSStepListAwake_Private(MSStep st, const MSAgents *a, int64_t lo, int64_t hi,
                                       int64_t *n)
{
  const uint16_t today = (uint16_t)st->day;
  int64_t        m     = 0;

  PetscFunctionBegin;
  PetscCall(MSMemoryGrow(&st->awake, &st->awake_cap, hi - lo, sizeof(int64_t)));
#define MS_LIST(i) st->awake[m++] = (i)
  MS_FOR_AWAKE(a, lo, hi, today, MS_LIST);
#undef MS_LIST
  *n = m;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Decide for the agents of indices [lo, hi) that wake today. */
static PetscErrorCode DecideRange(MSStep st, MSAgents *a, int64_t lo, int64_t hi)
{
  int64_t n = 0;

  PetscFunctionBegin;
  st->nact = 0;
  PetscCall(MSStepListAwake_Private(st, a, lo, hi, &n));
  PetscCall(MSMemoryGrow(&st->draw, &st->draw_cap, MS_PRE_HOPS * n, sizeof(uint64_t)));
  PetscCall(MSMemoryGrow(&st->settle, &st->settle_cap, n, sizeof(int64_t)));
  st->nsettle = 0;
  MSRngDrawWords01(st->seed, n, a->id, st->awake, (uint32_t)st->day, 0, MS_RNG_AGENT, st->draw);
  for (int64_t k = 0; k < n; k++) {
    if (k + MS_AHEAD_STEP < n) MSAgentsPrefetch(a, st->awake[k + MS_AHEAD_STEP]);
    st->pre[0] = st->draw[k];
    PetscCall(Wake(st, a, st->awake[k]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Agents received from other ranks, their day done, are stored here: in the places of
   today's departures first, so that fewer holes are left to fill at the end of the day.
   Their counts reach this rank through MSGhostReduce(), from the rank that stepped them. */
static PetscErrorCode Store(MSStep st, MSAgents *a, const MSMigrant *in, int64_t nin)
{
  int64_t reuse = PetscMin(nin, st->nhole);
  double  t0    = MPI_Wtime();

  PetscFunctionBegin;
  if (nin == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSAgentsReserve(a, a->n + nin - reuse));
  for (int64_t k = 0; k < nin; k++)
    MSMigrantUnpack(&in[k], a, k < reuse ? st->hole[--st->nhole] : a->n++);
  st->busy_received += MPI_Wtime() - t0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Travel for the agents listed by the last DecideRange(). */
static PetscErrorCode TravelListed(MSStep st, MSAgents *a, MSExchange ex)
{
  const MSSettings *s = st->s;

  PetscFunctionBegin;
  /* the travellers' draws of hops 1 to MS_PRE_HOPS: an acting agent makes 2-3 hops a day on
     average in the Flee scenarios (the work counters), but a lane of a vector draw costs a few
     instructions where an agent's own draw beyond them (DrawFar()) costs hundreds, so the
     draws reach past the mean (5 against 3: 3-5 % less time on venezuela2022 and mali) */
  PetscCall(MSMemoryGrow(&st->draw, &st->draw_cap, MS_PRE_HOPS * st->nact, sizeof(uint64_t)));
  for (int h = 1; h <= MS_PRE_HOPS; h++)
    MSRngDrawWords01(st->seed, st->nact, a->id, st->act, (uint32_t)st->day, (uint32_t)h,
                     MS_RNG_AGENT, st->draw + (h - 1) * st->nact);
  for (int64_t k = 0; k < st->nact; k++) {
    int64_t i = st->act[k];
    for (int h = 1; h <= MS_PRE_HOPS; h++) st->pre[h] = st->draw[(h - 1) * st->nact + k];
    PetscCall(Advance(st, a, i, MSRulesSpeed(s, a->flags[i] & MS_AG_WALKED), 0.0, 0, ex));
  }
  /* the waits of the block's agents that ended their day at home, at rest */
  PetscCall(SettleMany(st, a, st->nsettle, st->settle, 0, st->day, st->day, 1));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepDecideTravel(MSStep st, MSAgents *a, MSExchange ex, MSSteal sp,
                                  PetscLogStage decide, PetscLogStage travel)
{
  int64_t end = a->n;      /* the agents from here on went to thieves */
  int64_t bs  = st->block; /* smaller once a partner is idle: it waits at most for a block */

  PetscFunctionBegin;
  st->nhole         = 0;
  st->busy_received = 0;
  st->busy_given    = 0;
  st->asked_ahead   = -1;
  for (int64_t lo = 0, hi; lo < end; lo = hi) {
    int64_t d0 = st->decisions, d1, h1 = st->hops, l1 = st->link_steps;
    hi = PetscMin(end, lo + bs);
    PetscCall(MSStagesPush(decide));
    PetscCall(DecideRange(st, a, lo, hi));
    d1 = st->decisions;
    PetscCall(MSStagesLogWork(d1 - d0, 0, 0));
    PetscCall(MSStagesPop());
    PetscCall(MSStagesPush(travel));
    PetscCall(TravelListed(st, a, ex));
    PetscCall(MSStagesLogWork(st->decisions - d1, st->hops - h1, st->link_steps - l1));
    {
      /* migrants go out while this rank is still busy, and what the neighbours sent is
         stored between blocks: less is left for the end of the day */
      const MSMigrant *in;
      int64_t          nin;
      PetscCall(MSExchangeSendEarly(ex));
      PetscCall(MSExchangePollEarly(ex, &in, &nin));
      PetscCall(Store(st, a, in, nin));
    }
    if (sp) PetscCall(MSStepServe_Private(st, a, sp, hi, &end, &bs));
    PetscCall(MSStagesPop());
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepThiefDay_Private(MSStep st, MSAgents *t, int64_t n, MSExchange ex)
{
  const MSSettings *s  = st->s;
  int64_t           d0 = st->decisions, h0 = st->hops, l0 = st->link_steps;

  PetscFunctionBegin;
  for (int64_t i = 0; i < n; i++) {
    int Y = t->loc[i];
    if (st->cdf_day[Y] != st->day) Weights(st, Y);
    st->woken++;
    if ((t->flags[i] & MS_AG_TRAVEL) || DecideStored(st, t, i, 0))
      PetscCall(AdvanceThief(st, t, i, MSRulesSpeed(s, t->flags[i] & MS_AG_WALKED), 0.0, 0, ex));
    else
      Finish(st, t, i, 0.0, PETSC_FALSE);
  }
  PetscCall(MSStagesLogWork(st->decisions - d0, st->hops - h0, st->link_steps - l0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepExchange(MSStep st, MSAgents *a, MSExchange ex, MSGhost *gh,
                              PetscLogStage exchange)
{
  const MSMigrant *in;
  int64_t          nin;

  PetscFunctionBegin;
  PetscCall(MSStagesPush(exchange));
  PetscCall(MSExchangeDrainEarly(ex, &in, &nin));
  PetscCall(Store(st, a, in, nin));
  PetscCall(MSExchangeRun(ex, &in, &nin));
  PetscCall(Store(st, a, in, nin));
  PetscCall(MSGhostReduce(gh, st->part, st->pop, st->arrivals, st->onlink));
  /* the owners' counts are final: the ghosts get them now, not at the start of tomorrow,
     so that a rank does not wait there on the others' spawning (spawns are known everywhere) */
  PetscCall(MSGhostRefresh(gh, st->part, st->pop));
  PetscCall(MSStagesPop());
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

PetscErrorCode MSStepSetPopulation(MSStep st, const double *population)
{
  PetscFunctionBegin;
  st->population = population;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepGetMoveChances(MSStep st, const double **chance)
{
  PetscFunctionBegin;
  *chance = st->chance_prev;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepSetMoveChances(MSStep st, const double *chance)
{
  PetscFunctionBegin;
  PetscCall(PetscArraycpy(st->chance_prev, chance, st->g->nloc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepSetBlock(MSStep st, int64_t block, int64_t steal_min)
{
  PetscFunctionBegin;
  st->block = block, st->steal_min = steal_min;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepRefreshGhosts(MSStep st, MSGhost *gh)
{
  PetscFunctionBegin;
  PetscCall(MSGhostRefresh(gh, st->part, st->pop));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepGetCounts(MSStep st, MSStepCounts *c)
{
  PetscFunctionBegin;
  c->pop = st->pop, c->arrivals = st->arrivals, c->onlink = st->onlink, c->work = st->work;
  c->removed = st->removed;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepResetWork(MSStep st)
{
  PetscFunctionBegin;
  for (int i = 0; i < st->g->nloc; i++) st->work[i] = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepTraffic(MSStep st, double *traffic)
{
  PetscFunctionBegin;
  for (int r = 0; r < st->g->nroutes; r++) {
    traffic[r] = (double)(st->flow[2 * r] + st->flow[2 * r + 1]);
    st->flow[2 * r] /= 2, st->flow[2 * r + 1] /= 2;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepSetPartition(MSStep st, const MSPartition *np, const double *pop,
                                  const double *onlink)
{
  const MSGraph *g = st->g;

  PetscFunctionBegin;
  st->part = np;
  for (int i = 0; i < g->nloc; i++) st->pop[i] = np->owner[i] == np->rank ? (int64_t)pop[i] : 0;
  for (int d = 0; d < g->ndl; d++)
    st->onlink[d] = np->owner[g->dl_from[d]] == np->rank ? (int64_t)onlink[d] : 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepGetStats(MSStep st, MSStepStats *stats)
{
  PetscFunctionBegin;
  stats->woken = st->woken, stats->stolen = st->stolen, stats->given = st->given;
  stats->decisions = st->decisions, stats->hops = st->hops, stats->link_steps = st->link_steps;
  stats->busy_received = st->busy_received, stats->busy_given = st->busy_given;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepGetWarnings(MSStep st, int64_t warn[MS_NWARN])
{
  PetscFunctionBegin;
  for (int w = 0; w < MS_NWARN; w++) warn[w] = st->warn[w];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepSetWarnings(MSStep st, const int64_t warn[MS_NWARN])
{
  PetscFunctionBegin;
  for (int w = 0; w < MS_NWARN; w++) st->warn[w] = warn[w];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepSetRedrawAll(MSStep st)
{
  PetscFunctionBegin;
  st->redraw_all = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepDestroy(MSStep *stp)
{
  MSStep st = *stp;

  PetscFunctionBegin;
  if (!st) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree4(st->pop, st->capmult, st->chance, st->arrivals));
  PetscCall(PetscFree4(st->cdf, st->onlink, st->chance_prev, st->log1m_chance));
  PetscCall(PetscFree3(st->work, st->flow, st->guide));
  PetscCall(PetscFree3(st->score, st->cdf_day, st->popscore));
  PetscCall(PetscFree4(st->leave, st->leave_prev, st->log1m_leave, st->removed));
  PetscCall(PetscFree(st->homefac));
  PetscCall(PetscFree(st->awake));
  PetscCall(PetscFree(st->draw));
  PetscCall(PetscFree(st->cand_dl));
  PetscCall(PetscFree(st->settle));
  PetscCall(PetscFree(st->act));
  PetscCall(PetscFree(st->hole));
  PetscCall(MSStepStealFree_Private(st));
  PetscCall(PetscFree(*stp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
