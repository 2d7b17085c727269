/* ARD and Flee's out.csv. */
#include <math.h>
#include "ms_metrics.h"

double MSMetricsDayError(const MSMetricsTable *m, int t)
{
  const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
  double         S = 0, O = 0, err = 0;

  for (int c = 0; c < m->ncamps; c++) S += (double)s[c], O += (double)o[c];
  for (int c = 0; c < m->ncamps; c++) {
    double sr = S > 0 ? (double)s[c] * O / S : 0.0;
    err += fabs(sr - (double)o[c]);
  }
  return err / (O > 1 ? O : 1);
}

void MSMetricsARD(const MSMetricsTable *m, double *ard, double *ard_unrescaled)
{
  double a = 0, u = 0;

  for (int t = 0; t < m->ndays; t++) {
    const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
    double         O = 0, e = 0;
    for (int c = 0; c < m->ncamps; c++) O += (double)o[c], e += fabs((double)s[c] - (double)o[c]);
    a += MSMetricsDayError(m, t);
    u += e / (O > 1 ? O : 1);
  }
  *ard            = m->ndays ? a / m->ndays : 0.0;
  *ard_unrescaled = m->ndays ? u / m->ndays : 0.0;
}

PetscErrorCode MSMetricsWriteFleeCSV(const char path[], const MSScenario *scn,
                                     const MSMetricsTable *m, const int64_t *extra)
{
  FILE *f;

  PetscFunctionBegin;
  f = fopen(path, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write Flee's out.csv", path);
  fprintf(f, "Day,Date");
  for (int c = 0; c < m->ncamps; c++) {
    const char *n = scn->camp[m->series[c]].name;
    fprintf(f, ",%s sim,%s data,%s error", n, n, n);
  }
  fprintf(f, ",Total error,refugees in camps (UNHCR),total refugees (simulation),raw UNHCR refugee "
             "count,refugees in camps (simulation),refugee_debt\n");
  for (int t = 0; t < m->ndays; t++) {
    const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
    int64_t        S = 0, O = 0;
    char           date[11];
    MSDateFormat(scn->start_day + t, date);
    fprintf(f, "%d,%s", t, date);
    for (int c = 0; c < m->ncamps; c++) {
      double e = o[c] > 0 ? fabs((double)s[c] - (double)o[c]) / (double)o[c] : 0.0;
      fprintf(f, ",%" PRId64 ",%" PRId64 ",%.4f", s[c], o[c], e);
      S += s[c], O += o[c];
    }
    fprintf(f, ",%.17g,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%d\n",
            MSMetricsDayError(m, t), O, extra ? extra[3 * t + 0] : S, extra ? extra[3 * t + 2] : O,
            S, 0);
  }
  PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)",
             path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- Per-camp figures (docs/validation-metrics.md). Plain sums over the days: the
   tables are a few thousand days long, and the ARD above sums the same way. */

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
