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

PetscErrorCode MSMetricsWriteFleeCSV(const char path[], const MSScenario *scn, const MSMetricsTable *m, const int64_t *extra)
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
  fprintf(f, ",Total error,refugees in camps (UNHCR),total refugees (simulation),raw UNHCR refugee count,refugees in camps (simulation),refugee_debt\n");
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
    fprintf(f, ",%.17g,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%d\n", MSMetricsDayError(m, t), O, extra ? extra[3 * t + 0] : S, extra ? extra[3 * t + 2] : O, S, 0);
  }
  PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}
