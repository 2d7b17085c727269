/* The scores of a forecast (include/ms_scores.h states the conventions). */
#include <math.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "ms_scores.h"

const char *const MSScoresNaiveNames[] = {"persistence", "trend", "recent_shares"};

void MSScoresSortedQuantiles(int n, const double sorted[], int np, const double p[], double q[])
{
  for (int k = 0; k < np; k++)
    q[k] = gsl_stats_quantile_from_sorted_data(sorted, 1, (size_t)n, p[k]);
}

/* A sorted copy of the n >= 1 values x[], which the caller frees. */
static PetscErrorCode SortedCopy(int n, const double x[], double **s)
{
  PetscFunctionBegin;
  PetscCheck(n >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "an ensemble of %d members", n);
  PetscCall(PetscMalloc1(n, s));
  PetscCall(PetscArraycpy(*s, x, n));
  gsl_sort(*s, 1, (size_t)n);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSScoresQuantiles(int n, const double x[], int np, const double p[], double q[])
{
  double *s;

  PetscFunctionBegin;
  PetscCall(SortedCopy(n, x, &s));
  MSScoresSortedQuantiles(n, s, np, p, q);
  PetscCall(PetscFree(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* mean|X - X'| over the n^2 ordered pairs is (2/n^2) sum_i (2i - n + 1) x_(i) for sorted x:
   x_(i) is the larger of a pair i times and the smaller n - 1 - i times. */
double MSScoresSortedCRPS(int n, const double sorted[], double y)
{
  double abs_err = 0, spread = 0;

  for (int i = 0; i < n; i++) {
    abs_err += fabs(sorted[i] - y);
    spread += (2.0 * i - n + 1) * sorted[i];
  }
  return abs_err / n - spread / ((double)n * n);
}

PetscErrorCode MSScoresCRPS(int n, const double x[], double y, double *crps)
{
  double *s;

  PetscFunctionBegin;
  PetscCall(SortedCopy(n, x, &s));
  *crps = MSScoresSortedCRPS(n, s, y);
  PetscCall(PetscFree(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void MSScoresSortedCoverage(int n, const double sorted[], double y, PetscBool *in50,
                            PetscBool *in90)
{
  static const double p[4] = {0.05, 0.25, 0.75, 0.95};
  double              q[4];

  MSScoresSortedQuantiles(n, sorted, 4, p, q);
  if (in50) *in50 = (PetscBool)(q[1] <= y && y <= q[2]);
  if (in90) *in90 = (PetscBool)(q[0] <= y && y <= q[3]);
}

double MSScoresResidual(double median, double y) { return log((y + 1) / (median + 1)); }

void MSScoresDress(int n, const double x[], int nr, const double r[], double out[])
{
  for (int i = 0; i < n; i++)
    for (int j = 0; j < nr; j++) out[(size_t)i * nr + j] = fmax(0, (x[i] + 1) * exp(r[j]) - 1);
}

PetscErrorCode MSScoresNaiveTrend(int w, const double o[], int h, double *forecast)
{
  double *t, *v, c0, c1, cov00, cov01, cov11, sumsq;
  int     m = 0;

  PetscFunctionBegin;
  PetscCheck(w >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "trend window of %d days", w);
  PetscCall(PetscMalloc2(w + 1, &t, w + 1, &v));
  for (int k = 0; k <= w; k++)
    if (isfinite(o[k]))
      t[m] = k - w, v[m++] = o[k]; /* days relative to T: the fit stays
                                       well conditioned for any T */
  if (m >= 2) {
    gsl_fit_linear(t, 1, v, 1, (size_t)m, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    *forecast = fmax(0.0, c0 + c1 * h);
  } else
    *forecast = isfinite(o[w]) ? fmax(0.0, o[w]) : NAN;
  PetscCall(PetscFree2(t, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static double RecentIncrease(double now, double past)
{
  double r = now - past;
  return isfinite(r) && r > 0 ? r : 0.0;
}

void MSScoresNaiveShares(int ncamps, const double oT[], const double opast[], double inc,
                         double forecast[])
{
  double total   = 0;
  int    nfinite = 0;

  for (int c = 0; c < ncamps; c++) {
    total += RecentIncrease(oT[c], opast[c]);
    nfinite += isfinite(oT[c]) != 0;
  }
  for (int c = 0; c < ncamps; c++) {
    double share = total > 0 ? RecentIncrease(oT[c], opast[c]) / total : 1.0 / nfinite;
    forecast[c]  = isfinite(oT[c]) ? fmax(0.0, oT[c] + inc * share) : NAN;
  }
}

/* ---- The accumulator */

typedef struct {
  int    n, in50, in90, n_naive[MS_NAIVE_N];
  double ae, crps, ae_naive[MS_NAIVE_N], ae_model[MS_NAIVE_N]; /* ae_model[k]: the model's
                                                                   error where naive k is given */
} Sums;

struct _p_MSScoresAcc {
  int     nh, ncamps, *h;
  Sums   *sums;  /* [nh][ncamps] */
  int    *ncuts; /* [nh] */
  int   **cuts;  /* [nh][maxcuts[ih]] the distinct cut days seen, to count them */
  int    *maxcuts;
  double *sorted; /* work: the ensemble being added, sorted */
  int     maxn;
};

PetscErrorCode MSScoresAccCreate(int nh, const int h[], int ncamps, MSScoresAcc *acc)
{
  MSScoresAcc a;

  PetscFunctionBegin;
  PetscCheck(nh >= 1 && ncamps >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "scores of %d horizons and %d camps", nh, ncamps);
  PetscCall(PetscNew(&a));
  a->nh = nh, a->ncamps = ncamps;
  PetscCall(PetscMalloc1(nh, &a->h));
  PetscCall(PetscArraycpy(a->h, h, nh));
  PetscCall(PetscCalloc1((size_t)nh * ncamps, &a->sums));
  PetscCall(PetscCalloc3(nh, &a->ncuts, nh, &a->cuts, nh, &a->maxcuts));
  *acc = a;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSScoresAccDestroy(MSScoresAcc *acc)
{
  MSScoresAcc a = *acc;

  PetscFunctionBegin;
  if (!a) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0; i < a->nh; i++) PetscCall(PetscFree(a->cuts[i]));
  PetscCall(PetscFree3(a->ncuts, a->cuts, a->maxcuts));
  PetscCall(PetscFree(a->sums));
  PetscCall(PetscFree(a->h));
  PetscCall(PetscFree(a->sorted));
  PetscCall(PetscFree(*acc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Remember cut day T at horizon number ih (a backtest has a few dozen cut days at most). */
static PetscErrorCode NoteCut(MSScoresAcc a, int ih, int T)
{
  PetscFunctionBegin;
  for (int k = 0; k < a->ncuts[ih]; k++)
    if (a->cuts[ih][k] == T) PetscFunctionReturn(PETSC_SUCCESS);
  if (a->ncuts[ih] == a->maxcuts[ih]) {
    int *grown;
    a->maxcuts[ih] = 2 * a->maxcuts[ih] + 8;
    PetscCall(PetscMalloc1(a->maxcuts[ih], &grown));
    PetscCall(PetscArraycpy(grown, a->cuts[ih], a->ncuts[ih]));
    PetscCall(PetscFree(a->cuts[ih]));
    a->cuts[ih] = grown;
  }
  a->cuts[ih][a->ncuts[ih]++] = T;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSScoresAccAdd(MSScoresAcc a, int T, int h, int c, double y, int n, const double x[],
                              const double naive[])
{
  static const double half = 0.5;
  int                 ih   = 0;
  double              median, ae;
  PetscBool           in50, in90;
  Sums               *s;

  PetscFunctionBegin;
  while (ih < a->nh && a->h[ih] != h) ih++;
  PetscCheck(ih < a->nh, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "horizon %d is not scored", h);
  PetscCheck(c >= 0 && c < a->ncamps, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "camp %d of %d", c,
             a->ncamps);
  PetscCheck(n >= 1 && isfinite(y), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "an outcome %g against %d members", y, n);
  if (n > a->maxn) {
    PetscCall(PetscFree(a->sorted));
    PetscCall(PetscMalloc1(n, &a->sorted));
    a->maxn = n;
  }
  PetscCall(PetscArraycpy(a->sorted, x, n));
  gsl_sort(a->sorted, 1, (size_t)n);
  MSScoresSortedQuantiles(n, a->sorted, 1, &half, &median);
  MSScoresSortedCoverage(n, a->sorted, y, &in50, &in90);
  ae = fabs(median - y);

  s = &a->sums[(size_t)ih * a->ncamps + c];
  s->n++, s->in50 += in50, s->in90 += in90;
  s->ae += ae;
  s->crps += MSScoresSortedCRPS(n, a->sorted, y);
  for (int k = 0; naive && k < MS_NAIVE_N; k++)
    if (isfinite(naive[k])) {
      s->n_naive[k]++;
      s->ae_naive[k] += fabs(naive[k] - y);
      s->ae_model[k] += ae;
    }
  PetscCall(NoteCut(a, ih, T));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSScoresAccSummary(MSScoresAcc a, int ih, int c, MSScoresSummary *out)
{
  Sums   t = {0};
  double ncuts;

  PetscFunctionBegin;
  PetscCheck(ih >= 0 && ih < a->nh, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "horizon number %d of %d", ih, a->nh);
  PetscCheck(c >= -1 && c < a->ncamps, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "camp %d of %d",
             c, a->ncamps);
  for (int k = (c < 0 ? 0 : c); k < (c < 0 ? a->ncamps : c + 1); k++) {
    const Sums *s = &a->sums[(size_t)ih * a->ncamps + k];
    t.n += s->n, t.in50 += s->in50, t.in90 += s->in90, t.ae += s->ae, t.crps += s->crps;
    for (int j = 0; j < MS_NAIVE_N; j++) {
      t.n_naive[j] += s->n_naive[j];
      t.ae_naive[j] += s->ae_naive[j];
      t.ae_model[j] += s->ae_model[j];
    }
  }
  ncuts           = a->ncuts[ih] ? a->ncuts[ih] : NAN;
  out->horizon    = a->h[ih];
  out->ncuts      = a->ncuts[ih];
  out->n          = t.n;
  out->mae        = t.ae / ncuts;
  out->crps       = t.crps / ncuts;
  out->coverage50 = t.n ? (double)t.in50 / t.n : NAN;
  out->coverage90 = t.n ? (double)t.in90 / t.n : NAN;
  for (int j = 0; j < MS_NAIVE_N; j++) {
    out->n_naive[j]   = t.n_naive[j];
    out->mae_naive[j] = t.ae_naive[j] / ncuts;
    out->skill[j]     = t.ae_naive[j] > 0 ? t.ae_model[j] / t.ae_naive[j] : NAN;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
