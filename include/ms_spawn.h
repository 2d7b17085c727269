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
  int64_t  debt;        /* decreases of the observed total not yet offset */
  int64_t  pending;     /* agents waiting for a day with a conflict zone of positive weight */
  int64_t  total;       /* agents spawned so far */
  int64_t  waited_days; /* days on which the count waited (summarised as one warning) */
  gsl_rng *rng;
  double  *weight; /* [nloc] scratch */
  /* a forecast's inflow after its forecast day (MSSpawnSetTotals, MSSpawnSetConflictFrom) */
  int      totals_from, ntotals;
  int64_t *totals;        /* [ntotals] the totals of days totals_from, ... (held after) */
  int      conflict_from; /* conflict-driven spawning from this day on (INT_MAX: never) */
} MSSpawn;

/* Create the spawner's state (debt, pending count, keyed generator). */
PetscErrorCode MSSpawnCreate(const MSScenario *scn, MSSpawn **sp);

/* Observed value of series se on day t, scaled by population_scale and held flat beyond
   the scenario's period. */
int64_t MSSpawnObserved(const MSScenario *scn, const MSSettings *s, const MSSeries *se, int t);

/* Daily total of the observed series on day t, scaled by population_scale. */
int64_t MSSpawnObservedTotal(const MSScenario *scn, const MSSettings *s, int t);

/* Fill count[nloc] with the agents to create at each location on day t (events of day t
   applied); returns their sum in *n. Days must come in order. */
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
