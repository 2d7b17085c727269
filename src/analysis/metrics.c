/* Per-camp figures and summaries of a camp table (ms_metrics.h); the table itself, its ARD
   and Flee's out.csv are the run's report's (src/io/report.c). */
#include <math.h>
#include "ms_metrics.h"

/* Plain sums over the days: the tables are a few thousand days long, and the ARD
   (MSMetricsARD) sums the same way. */

double MSMetricsRescaled(const MSMetricsTable *m, int t, int c)
{
  const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
  double         S = 0, O = 0;

  for (int k = 0; k < m->ncamps; k++) S += (double)s[k], O += (double)o[k];
  return S > 0 ? (double)s[c] * O / S : 0.0;
}

double MSMetricsRelError(const MSMetricsTable *m, int t, int c)
{
  double s = (double)m->sim[(size_t)t * m->ncamps + c],
         o = (double)m->obs[(size_t)t * m->ncamps + c];
  return o > 0 ? fabs(s - o) / o : NAN;
}

void MSMetricsDaySeries(const MSMetricsTable *m, double *ard_day, double *ardu_day)
{
  for (int t = 0; t < m->ndays; t++) {
    const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
    double         O = 0, e = 0;
    for (int c = 0; c < m->ncamps; c++) O += (double)o[c], e += fabs((double)s[c] - (double)o[c]);
    if (ard_day) ard_day[t] = MSMetricsDayError(m, t);
    if (ardu_day) ardu_day[t] = e / (O > 1 ? O : 1);
  }
}

/* Mean of |s - o| / o over the days with o > 0, and its last-day value, of camp c, or of
   the sums over the camps for c = -1. */
static void RelErrorOf(const MSMetricsTable *m, int c, double *mean, double *last, int *used)
{
  double sum = 0, e = NAN;
  int    n = 0;

  for (int t = 0; t < m->ndays; t++) {
    double s = 0, o = 0;
    if (c >= 0)
      s = (double)m->sim[(size_t)t * m->ncamps + c], o = (double)m->obs[(size_t)t * m->ncamps + c];
    else
      for (int k = 0; k < m->ncamps; k++)
        s += (double)m->sim[(size_t)t * m->ncamps + k],
            o += (double)m->obs[(size_t)t * m->ncamps + k];
    e = o > 0 ? fabs(s - o) / o : NAN;
    if (o > 0) sum += e, n++;
  }
  if (mean) *mean = n ? sum / n : NAN;
  if (last) *last = m->ndays ? e : NAN;
  if (used) *used = n;
}

void MSMetricsCampRelError(const MSMetricsTable *m, int c, double *mean, double *last,
                           int *ndays_used)
{
  RelErrorOf(m, c, mean, last, ndays_used);
}

void MSMetricsCampARD(const MSMetricsTable *m, int c, double *ard, double *ard_unrescaled)
{
  double a = 0, u = 0;

  for (int t = 0; t < m->ndays; t++) {
    const int64_t *o = m->obs + (size_t)t * m->ncamps;
    double         O = 0, oc = (double)o[c], sc = (double)m->sim[(size_t)t * m->ncamps + c];
    for (int k = 0; k < m->ncamps; k++) O += (double)o[k];
    O = O > 1 ? O : 1;
    a += fabs(MSMetricsRescaled(m, t, c) - oc) / O;
    u += fabs(sc - oc) / O;
  }
  *ard            = m->ndays ? a / m->ndays : NAN;
  *ard_unrescaled = m->ndays ? u / m->ndays : NAN;
}

double MSMetricsMASE(const MSMetricsTable *m, int c, int lag)
{
  double num = 0, den = 0;

  if (lag < 1 || m->ndays <= lag) return NAN;
  for (int t = 0; t < m->ndays; t++)
    num += fabs((double)m->obs[(size_t)t * m->ncamps + c] - MSMetricsRescaled(m, t, c));
  for (int t = lag; t < m->ndays; t++)
    den += fabs((double)m->obs[(size_t)t * m->ncamps + c] -
                (double)m->obs[(size_t)(t - lag) * m->ncamps + c]);
  num /= m->ndays, den /= (m->ndays - lag);
  return den > 0 ? num / den : NAN;
}

void MSMetricsCompute(const MSMetricsTable *m, MSMetricsCamp *camp, MSMetricsSummary *sum)
{
  double msum = 0;
  int    nm   = 0;

  for (int c = 0; c < m->ncamps; c++) {
    MSMetricsCamp k;
    MSMetricsCampARD(m, c, &k.ard, &k.ard_unrescaled);
    MSMetricsCampRelError(m, c, &k.rel_error_mean, &k.rel_error_last, &k.rel_error_days);
    k.mase = MSMetricsMASE(m, c, MS_METRICS_MASE_LAG);
    if (isfinite(k.mase)) msum += k.mase, nm++;
    if (camp) camp[c] = k;
  }
  if (!sum) return;
  MSMetricsARD(m, &sum->ard, &sum->ard_unrescaled);
  RelErrorOf(m, -1, &sum->rel_error_mean, &sum->rel_error_last, NULL);
  sum->mase        = nm ? msum / nm : NAN;
  sum->ncamps_mase = nm;
}
