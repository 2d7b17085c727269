/* ms_spawn: how many agents appear where on each day (MODEL.md section 6).
 *
 * The counts are computed identically on every rank (a few numbers per location), so
 * each rank creates just the agents of its own locations, with the same ids any
 * decomposition would give them. */
#ifndef MS_SPAWN_H
#define MS_SPAWN_H

#include <gsl/gsl_rng.h>
#include "ms_events.h"

typedef struct {
  int64_t debt;        /* decreases of the observed total not yet offset */
  int64_t pending;     /* agents waiting for a day with a conflict zone of positive weight */
  int64_t total;       /* agents spawned so far */
  int64_t waited_days; /* days on which the count waited (summarised as one warning) */
  int64_t beyond;      /* agents spawned where take_from_population had left nobody */
  double *population;  /* [nloc] each location's population (locations.csv) as it stands at
                          the start of the next day: take_from_population lowers it by the
                          day's spawns there. Every rank knows every location's spawns, so
                          every rank keeps the same populations, without communication. */
  gsl_rng *rng;
  double  *weight; /* [nloc] scratch */
  /* a forecast's inflow after its forecast day (MSSpawnSetTotals, MSSpawnSetConflictFrom) */
  int      totals_from, ntotals;
  int64_t *totals;        /* [ntotals] the totals of days totals_from, ... (held after) */
  int      conflict_from; /* conflict-driven spawning from this day on (INT_MAX: never) */
} MSSpawn;

/* Create the spawner's state (debt, pending count, keyed generator). */
PetscErrorCode MSSpawnCreate(const MSScenario *scn, MSSpawn **sp);

/* The scenario of directory dir as a run with settings s reads it: loaded, the hash of its
   files (MSScenarioHash(), before any change) into *hash unless hash is NULL, then hastened
   (optimisations.hasten, MSScenarioHasten()), and its series cut at observed_until where
   that is set (MSScenarioCutSeries(): a hindcast as of that day). The engine and every tool that
   rebuilds a run's observed series load the scenario here and read the series with
   MSSpawnObserved(), so that both see them as the run used them. The caller destroys *scn
   (MSScenarioDestroy()). */
PetscErrorCode MSSpawnLoadScenario(MPI_Comm comm, const char dir[], const MSSettings *s,
                                   MSScenario **scn, uint64_t *hash);

/* Refuse (MS_ERR_INPUT, one line naming dir's data_layout.csv) a data-driven run (settings s)
   of a scenario without the series its spawning follows: it would end as a run of no agents.
   Where initial_idps places agents on day 0 the run is its own, and a warning says so. */
PetscErrorCode MSSpawnCheckSource(MPI_Comm comm, const char dir[], const MSScenario *scn,
                                  const MSSettings *s);

/* Observed value of series se on day t as the run used it (MODEL.md section 7b): less its
   day-0 value with empty_camps_on_day0, scaled by population_scale, held flat beyond the
   scenario's period (scn as MSSpawnLoadScenario() gives it). */
int64_t MSSpawnObserved(const MSScenario *scn, const MSSettings *s, const MSSeries *se, int t);

/* Daily total of the observed series on day t as the run used it (as MSSpawnObserved(), the
   sum of the camps' series or the total's, scaled once). */
int64_t MSSpawnObservedTotal(const MSScenario *scn, const MSSettings *s, int t);

/* MSSpawnObserved() and MSSpawnObservedTotal() of the loader's series, uncut: after
   MSScenarioCutSeries() the observations a forecast from the cut did not see (its scores' truth,
   observed inflow); the same as those without a cut. */
int64_t MSSpawnObservedUncut(const MSScenario *scn, const MSSettings *s, const MSSeries *se, int t);
int64_t MSSpawnObservedTotalUncut(const MSScenario *scn, const MSSettings *s, int t);

/* Flee's "raw UNHCR refugee count" of day t (its out.csv): the sum of the daily increments of
   the total that data-driven spawning follows, day 0's being, with sum_from_camps, the camps'
   day-0 sum plus the total series' day-0 value; 0 where spawning is conflict-driven. */
int64_t MSSpawnFleeRaw(const MSSpawn *sp, const MSScenario *scn, const MSSettings *s, int t);

/* Fill count[nloc] with the agents to create at each location on day t (events of day t
   applied); returns their sum in *n. Days must come in order. The day's spawn weights and
   pop_ratio counts read the populations as they stood at the start of the day; with
   take_from_population, the day's spawns are then taken from them. */
PetscErrorCode MSSpawnDay(MSSpawn *sp, const MSScenario *scn, const MSEvents *ev,
                          const MSSettings *s, uint64_t seed, int t, int64_t *count, int64_t *n);

/* From day first on, data-driven spawning takes totals[0 .. n) (the totals of days first,
   first + 1, ...; the last one held after them) instead of the observed total, so that it
   spawns their increases (a forecast's inflow, ms_inflow.h). The totals are copied; n = 0
   goes back to the observed total. */
PetscErrorCode MSSpawnSetTotals(MSSpawn *sp, int first, int n, const int64_t totals[]);

/* From day first on, spawning is conflict-driven (MODEL.md section 6) whatever the settings
   say (a forecast's `conflict` inflow); INT_MAX: as the settings say. */
PetscErrorCode MSSpawnSetConflictFrom(MSSpawn *sp, int first);

/* Free the spawner. */
PetscErrorCode MSSpawnDestroy(MSSpawn **sp);

#endif
