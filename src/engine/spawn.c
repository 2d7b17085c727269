/* Spawning: data-driven (observed increases split over conflict zones) or conflict-driven. */
#include <limits.h>
#include <math.h>
#include <gsl/gsl_randist.h>
#include "ms_rng.h"
#include "ms_rules.h"
#include "ms_spawn.h"

PetscErrorCode MSSpawnCreate(const MSScenario *scn, MSSpawn **spp)
{
  MSSpawn *sp;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sp));
  sp->rng = MSRngGSLCreate();
  PetscCheck(sp->rng, PETSC_COMM_SELF, PETSC_ERR_MEM, "cannot allocate a GSL generator");
  PetscCall(PetscMalloc2(scn->nloc + 1, &sp->weight, scn->nloc + 1, &sp->population));
  for (int i = 0; i < scn->nloc; i++) sp->population[i] = scn->loc[i].population;
  sp->conflict_from = INT_MAX;
  *spp              = sp;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static int64_t Scaled(int64_t v, const MSSettings *s)
{
  return s->population_scale == 1.0 ? v : (int64_t)floor((double)v * s->population_scale);
}

PetscErrorCode MSSpawnLoadScenario(MPI_Comm comm, const char dir[], const MSSettings *s,
                                   MSScenario **scn, uint64_t *hash)
{
  PetscFunctionBegin;
  PetscCall(MSScenarioLoad(comm, dir, scn));
  if (hash) *hash = MSScenarioHash(*scn);
  PetscCall(MSScenarioHasten(*scn, (int)s->hasten));
  if (s->observed_until >= 0) PetscCall(MSScenarioCutSeries(*scn, (int)s->observed_until));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSpawnCheckSource(MPI_Comm comm, const char dir[], const MSScenario *scn,
                                  const MSSettings *s)
{
  const char *why = NULL;
  char        what[PETSC_MAX_PATH_LEN + 128];
  double      idps = 0;

  PetscFunctionBegin;
  if (s->conflict_driven_spawning) PetscFunctionReturn(PETSC_SUCCESS);
  /* the series MSSpawnObservedTotal() follows */
  if (!scn->has_source_data)
    why = "file not found";
  else if (s->sum_from_camps && scn->ncamps == 0)
    why = "field 'name': no camp series (spawn_rules.sum_from_camps true)";
  else if (!s->sum_from_camps && !scn->total.daily)
    why = "field 'name': no 'total' series (spawn_rules.sum_from_camps false)";
  if (!why) PetscFunctionReturn(PETSC_SUCCESS);
  /* the agents of day 0 besides the series' (InsertDay0) */
  for (int i = 0; i < scn->nloc; i++)
    if (MSRulesIsCamp(scn->loc[i].type)) idps += scn->loc[i].initial_idps;
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s/source_data/data_layout.csv: %s", dir, why));
  PetscCheck(idps > 0, comm, MS_ERR_INPUT,
             "%s: data-driven spawning (the default) follows the observed series, and without "
             "them the run has no agents; give them, or set -spawn_rules_conflict_driven_spawning "
             "true",
             what);
  PetscCall(PetscPrintf(comm,
                        "migrasim: warning: %s: data-driven spawning adds nobody to the %.0f "
                        "agents of initial_idps\n",
                        what, idps));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A series on day t, held flat beyond the scenario's period (-days past Length), less its
   day-0 value with empty_camps_on_day0 (Flee's start_empty: the people there on day 0 are
   neither inserted nor observed). */
static int64_t AtOf(const MSScenario *scn, const MSSettings *s, const MSSeries *se, int t,
                    PetscBool uncut)
{
  const int64_t *daily = uncut && se->uncut ? se->uncut : se->daily;
  int64_t        v     = daily[t < scn->length ? t : scn->length - 1];
  return s->empty_camps_on_day0 ? v - daily[0] : v;
}

static int64_t At(const MSScenario *scn, const MSSettings *s, const MSSeries *se, int t)
{
  return AtOf(scn, s, se, t, PETSC_FALSE);
}

int64_t MSSpawnObserved(const MSScenario *scn, const MSSettings *s, const MSSeries *se, int t)
{
  return Scaled(At(scn, s, se, t), s);
}

int64_t MSSpawnObservedUncut(const MSScenario *scn, const MSSettings *s, const MSSeries *se, int t)
{
  return Scaled(AtOf(scn, s, se, t, PETSC_TRUE), s);
}

static int64_t TotalOf(const MSScenario *scn, const MSSettings *s, int t, PetscBool uncut)
{
  int64_t tot = 0;

  if (!scn->has_source_data) return 0;
  /* the sum is scaled, not each series: the total of a scaled run stays one rounding */
  if (s->sum_from_camps) {
    for (int c = 0; c < scn->ncamps; c++) tot += AtOf(scn, s, &scn->camp[c], t, uncut);
  } else if (scn->total.daily)
    tot = AtOf(scn, s, &scn->total, t, uncut);
  return Scaled(tot, s);
}

int64_t MSSpawnObservedTotal(const MSScenario *scn, const MSSettings *s, int t)
{
  return TotalOf(scn, s, t, PETSC_FALSE);
}

int64_t MSSpawnObservedTotalUncut(const MSScenario *scn, const MSSettings *s, int t)
{
  return TotalOf(scn, s, t, PETSC_TRUE);
}

/* The total that data-driven spawning follows on day t: observed, or a forecast's. */
static int64_t Total(const MSSpawn *sp, const MSScenario *scn, const MSSettings *s, int t)
{
  if (sp->ntotals > 0 && t >= sp->totals_from)
    return sp->totals[PetscMin(t - sp->totals_from, sp->ntotals - 1)];
  return MSSpawnObservedTotal(scn, s, t);
}

int64_t MSSpawnFleeRaw(const MSSpawn *sp, const MSScenario *scn, const MSSettings *s, int t)
{
  int64_t raw;

  if (!scn->has_source_data || s->conflict_driven_spawning || t >= sp->conflict_from) return 0;
  raw = Total(sp, scn, s, t);
  /* Flee's day-0 increment adds up every series of data_layout.csv, the total among them
     (DataTable.get_daily_difference); with empty_camps_on_day0 the series count from 0 */
  if (s->sum_from_camps && scn->total.daily) raw += MSSpawnObserved(scn, s, &scn->total, 0);
  return raw;
}

PetscErrorCode MSSpawnSetTotals(MSSpawn *sp, int first, int n, const int64_t totals[])
{
  PetscFunctionBegin;
  PetscCall(PetscFree(sp->totals));
  sp->totals_from = first, sp->ntotals = n;
  PetscCall(PetscMalloc1(n + 1, &sp->totals));
  PetscCall(PetscArraycpy(sp->totals, totals, n));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSpawnSetConflictFrom(MSSpawn *sp, int first)
{
  PetscFunctionBegin;
  sp->conflict_from = first;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Split n over the locations with positive weight, as conditional binomials in location order. */
static void Split(MSSpawn *sp, const MSScenario *scn, uint64_t seed, int t, int64_t n,
                  int64_t *count)
{
  double rest = 0;

  for (int i = 0; i < scn->nloc; i++) rest += sp->weight[i];
  for (int i = 0; i < scn->nloc && n > 0; i++) {
    double w = sp->weight[i];
    if (w <= 0) continue;
    double  p = rest > 0 ? w / rest : 1.0;
    int64_t k;
    rest -= w;
    if (p >= 1.0 || rest <= 0)
      k = n;
    else {
      MSRngGSLReset(sp->rng, seed, (uint64_t)i, (uint32_t)t, MS_RNG_SPAWN_SPLIT);
      /* GSL's binomial takes an unsigned int trial count; larger days are split in chunks */
      k = 0;
      for (int64_t left = n; left > 0;) {
        unsigned int m = left > 2000000000 ? 2000000000u : (unsigned int)left;
        k += gsl_ran_binomial(sp->rng, p, m);
        left -= m;
      }
    }
    count[i] += k;
    n -= k;
  }
}

/* Day 0's agents besides the day's spawns (MODEL.md sections 6 and 7b): the observed day-0
   camp populations (insert_day0, in either spawning mode) and each camp's initial_idps. */
static void InsertDay0(const MSScenario *scn, const MSSettings *s, int64_t *count)
{
  if (s->insert_day0 && scn->has_source_data)
    for (int c = 0; c < scn->ncamps; c++)
      if (scn->camp[c].loc >= 0)
        count[scn->camp[c].loc] += MSSpawnObserved(scn, s, &scn->camp[c], 0);
  for (int i = 0; i < scn->nloc; i++)
    if (MSRulesIsCamp(scn->loc[i].type)) count[i] += (int64_t)scn->loc[i].initial_idps;
}

/* take_from_population: every agent spawned at a location lowers its population by 1, never
   below 0; the agents spawned beyond it are counted (a warning). */
static void Take(MSSpawn *sp, int nloc, const int64_t *count)
{
  for (int i = 0; i < nloc; i++) {
    double left = sp->population[i] - (double)count[i];
    if (count[i] == 0) continue;
    if (left < 0) sp->beyond += (int64_t)ceil(-left), left = 0;
    sp->population[i] = left;
  }
}

PetscErrorCode MSSpawnDay(MSSpawn *sp, const MSScenario *scn, const MSEvents *ev,
                          const MSSettings *s, uint64_t seed, int t, int64_t *count, int64_t *nout)
{
  int64_t n = 0;

  PetscFunctionBegin;
  PetscCall(PetscArrayzero(count, scn->nloc));
  /* with empty_camps_on_day0 nobody is there on day 0: the series count from it */
  if (t == 0 && !s->empty_camps_on_day0) InsertDay0(scn, s, count);
  if (s->conflict_driven_spawning || t >= sp->conflict_from) {
    for (int i = 0; i < scn->nloc; i++) {
      double c = ev->intensity[i], mean;
      if (c <= 0 || ev->type[i] != MS_LOC_CONFLICT) continue;
      mean = s->displaced_per_conflict_day * c * s->population_scale;
      if (s->spawn_mode == MS_SPAWN_POP_RATIO) mean *= sp->population[i];
      if (s->spawn_mode == MS_SPAWN_POISSON) {
        MSRngGSLReset(sp->rng, seed, (uint64_t)i, (uint32_t)t, MS_RNG_SPAWN_POISSON);
        count[i] += (int64_t)gsl_ran_poisson(sp->rng, mean);
      } else
        count[i] += (int64_t)floor(mean);
    }
  } else if (scn->has_source_data) {
    if (t > 0) {
      int64_t inc = Total(sp, scn, s, t) - Total(sp, scn, s, t - 1) - sp->debt;
      sp->debt    = inc < 0 ? -inc : 0;
      int64_t new = (inc > 0 ? inc : 0) + sp->pending;
      double wsum = 0;
      for (int i = 0; i < scn->nloc; i++) {
        sp->weight[i] = 0;
        if (ev->type[i] != MS_LOC_CONFLICT || ev->intensity[i] <= 0) continue;
        sp->weight[i] = sp->population[i] * ev->intensity[i] * MSEventsDecay(ev, s, i);
        wsum += sp->weight[i];
      }
      if (new > 0 && !(wsum > 0)) {
        sp->pending = new;
        sp->waited_days++;
      } else {
        sp->pending = 0;
        if (new > 0) Split(sp, scn, seed, t, new, count);
      }
    }
  }
  for (int i = 0; i < scn->nloc; i++) n += count[i];
  if (s->take_from_population) Take(sp, scn->nloc, count);
  sp->total += n;
  *nout = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSpawnDestroy(MSSpawn **spp)
{
  MSSpawn *sp = *spp;

  PetscFunctionBegin;
  if (!sp) PetscFunctionReturn(PETSC_SUCCESS);
  gsl_rng_free(sp->rng);
  PetscCall(PetscFree2(sp->weight, sp->population));
  PetscCall(PetscFree(sp->totals));
  PetscCall(PetscFree(*spp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
