/* ms_metrics: simulated against observed camp populations (MODEL.md section 9). */
#ifndef MS_METRICS_H
#define MS_METRICS_H

#include "ms_report.h"

/* Per-camp figures and summaries (MODEL.md section 9; definitions in
   docs/validation-metrics.md) of the camp table a run records (MSMetricsTable, with its ARD:
   ms_report.h). Pure functions of the table's sim and obs arrays; the series field is not
   read. An undefined figure is NaN. */

#define MS_METRICS_VERSION  1  /* of the definitions below, stored with every /validation */
#define MS_METRICS_MASE_LAG 30 /* days: the naive forecast carries o(t - 30) forward */

/* Rescaled simulation s'_c(t) = s_c(t) * O(t) / S(t), 0 where S(t) = 0. */
double MSMetricsRescaled(const MSMetricsTable *m, int t, int c);

/* Relative error |s_c(t) - o_c(t)| / o_c(t) of camp c on day t; NaN where o_c(t) = 0. */
double MSMetricsRelError(const MSMetricsTable *m, int t, int c);

/* Per-day terms of the ARD: ard_day[t] rescaled (= MSMetricsDayError), ardu_day[t] not;
   each array [ndays], either may be NULL. Their means are MSMetricsARD's figures. */
void MSMetricsDaySeries(const MSMetricsTable *m, double *ard_day, double *ardu_day);

/* Mean over the days with o_c(t) > 0 of the relative error of camp c (NaN when there is
   no such day), its value on the last day (NaN when o_c there is 0), and the number of
   days that entered the mean. Any argument but m may be NULL. */
void MSMetricsCampRelError(const MSMetricsTable *m, int c, double *mean, double *last,
                           int *ndays_used);

/* Mean absolute scaled error of camp c: mean over all days t of |o_c(t) - s'_c(t)|, divided
   by the mean over the days t >= lag of |o_c(t) - o_c(t - lag)| (the in-sample error of the
   naive forecast that carries the observation of lag days earlier forward). NaN when
   ndays <= lag (no naive forecast exists) or when that denominator is 0. */
double MSMetricsMASE(const MSMetricsTable *m, int c, int lag);

/* Camp c's terms of the ARD: mean over the days of |s'_c(t) - o_c(t)| / max(O(t), 1), and
   with s for s'. Summed over the camps they give MSMetricsARD's figures (up to rounding). */
void MSMetricsCampARD(const MSMetricsTable *m, int c, double *ard, double *ard_unrescaled);

typedef struct {
  double ard, ard_unrescaled;            /* MSMetricsCampARD: the camp's share of the ARD */
  double rel_error_mean, rel_error_last; /* MSMetricsCampRelError */
  int    rel_error_days;
  double mase; /* MSMetricsMASE with MS_METRICS_MASE_LAG */
} MSMetricsCamp;

typedef struct {
  double ard, ard_unrescaled;            /* MSMetricsARD */
  double rel_error_mean, rel_error_last; /* of the camps' sum S(t) against O(t) */
  double mase;        /* mean of the camps' MASEs that are defined (NaN if none) */
  int    ncamps_mase; /* how many entered that mean */
} MSMetricsSummary;

/* Every figure at once: camp[ncamps] per camp (may be NULL) and the totals. */
void MSMetricsCompute(const MSMetricsTable *m, MSMetricsCamp *camp, MSMetricsSummary *sum);

#endif
