/* ms_metrics: simulated against observed camp populations (MODEL.md section 9). */
#ifndef MS_METRICS_H
#define MS_METRICS_H

#include "ms_scenario.h"

/* Camps that enter the metrics: data_layout.csv camps found in locations.csv. */
typedef struct {
  int      ncamps, ndays;
  int     *series;  /* [ncamps] index into scn->camp */
  int64_t *sim;     /* [ndays * ncamps] agents at the camp at the end of each day */
  int64_t *obs;     /* [ndays * ncamps] observed (interpolated, corrected, scaled) */
} MSMetricsTable;

/* Averaged relative difference over the days: rescaled (Flee's headline figure) and not. */
void MSMetricsARD(const MSMetricsTable *m, double *ard, double *ard_unrescaled);

/* Per-day term of the rescaled ARD (Flee's "Total error" column). */
double MSMetricsDayError(const MSMetricsTable *m, int t);

/* Write Flee's out.csv layout to path (rank-local; call on one rank). extra[ndays*3] gives,
   per day: total agents, agents spawned so far, observed total; may be NULL. */
PetscErrorCode MSMetricsWriteFleeCSV(const char path[], const MSScenario *scn, const MSMetricsTable *m, const int64_t *extra);

#endif
