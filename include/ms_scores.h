/* ms_scores: how good a forecast was, once the days it forecast have been observed (MODEL.md
 * section 10, "Scores of a forecast"). A backtest cuts the observations at day T, forecasts,
 * and for each camp c and horizon h compares y = o_c(T+h) with the members' X = s_c(T+h).
 *
 * Conventions (every function below keeps them):
 * - Quantiles are of type 7 (Hyndman and Fan 1996, R's default): the p-quantile of n sorted
 *   values x_0 <= .. <= x_{n-1} interpolates linearly between x_i and x_{i+1} at (n-1)p = i + f,
 *   as GSL's gsl_stats_quantile_from_sorted_data computes it.
 * - The CRPS of an ensemble X = x_1..x_n against y is mean|X - y| - mean|X - X'| / 2, the
 *   second mean over all n^2 pairs (i = j included): the CRPS of the ensemble's empirical
 *   distribution. A one-member ensemble (a point forecast) scores its absolute error.
 * - The central 50 % interval is [q25, q75] of X and the 90 % interval [q05, q95]; y lies in
 *   one when q_lo <= y <= q_hi (both bounds included, so a one-member ensemble covers y only
 *   when it equals y).
 * - The model's point forecast is the median of X; its error is |median - y|.
 * - Naive forecasts of o_c(T+h), each made from the observations up to T and never below 0:
 *   persistence o_c(T); trend, the least-squares line through the observed days T-w..T of
 *   o_c, continued to T+h; recent shares, o_c(T) plus the known increase of the total from T
 *   to T+h split over the camps as their increases o_c(T) - o_c(T-w) were (below). The window
 *   w is MS_SCORES_WINDOW days.
 * - Accumulated per horizon: the absolute errors and the CRPS are summed over camps and
 *   averaged over cut days; coverage is the share of (camp, cut day) pairs whose y lies in
 *   the interval; skill against a naive forecast is the model's summed error over the
 *   entries that forecast was given for, divided by the naive forecast's (below 1: the model
 *   did better). */
#ifndef MS_SCORES_H
#define MS_SCORES_H

#include "migrasim.h"

#define MS_SCORES_WINDOW 30 /* days before T that the trend and recent shares look at */

typedef enum {
  MS_NAIVE_PERSISTENCE = 0,
  MS_NAIVE_TREND,
  MS_NAIVE_SHARES,
  MS_NAIVE_N
} MSScoresNaive;
extern const char *const MSScoresNaiveNames[]; /* "persistence", "trend", "recent_shares" */

/* The np quantiles p[] (each in [0, 1]) of the n >= 1 values x[] into q[np]; x is left as it
   is (a sorted copy is made). MSScoresSortedQuantiles does the same on values already sorted
   ascending, without allocating. */
PetscErrorCode MSScoresQuantiles(int n, const double x[], int np, const double p[], double q[]);
void MSScoresSortedQuantiles(int n, const double sorted[], int np, const double p[], double q[]);

/* The CRPS of the ensemble x[n] (n >= 1) against y, in O(n log n). The Sorted form takes x
   sorted ascending and does not allocate. */
PetscErrorCode MSScoresCRPS(int n, const double x[], double y, double *crps);
double         MSScoresSortedCRPS(int n, const double sorted[], double y);

/* Whether y lies in the central 50 % and 90 % intervals of the ensemble sorted[n] (sorted
   ascending, n >= 1); either output may be NULL. */
void MSScoresSortedCoverage(int n, const double sorted[], double y, PetscBool *in50,
                            PetscBool *in90);

/* The trend forecast for T+h from o[0..w] = o(T-w) .. o(T) (NaN where not observed): the
   least-squares line (gsl_fit_linear) through the observed days, at T+h, or 0 where it is
   below. With fewer than two observed days the line is flat through o(T) (persistence), and
   NaN when o(T) is NaN too. */
PetscErrorCode MSScoresNaiveTrend(int w, const double o[], int h, double *forecast);

/* Recent shares for ncamps camps: forecast[c] = max(0, oT[c] + inc * share_c), where inc is
   the known increase of the total from T to T+h (in a backtest with `observed` inflow, the
   same total the model spawns) and share_c = r_c / sum r, r_c = max(0, oT[c] - opast[c]) with
   opast[c] = o_c(T-w); a NaN difference counts as 0. When no camp increased (every r_c = 0)
   the increase is shared equally. oT[c] NaN gives forecast[c] NaN (the camp gets no share). */
void MSScoresNaiveShares(int ncamps, const double oT[], const double opast[], double inc,
                         double forecast[]);

/* Ensemble dressing with past errors (docs/forecast.md, "Dressing"). The residual of a scored
   entry is log((y + 1) / (median + 1)): the model's error as a factor (+1 for camps at 0).
   The ensemble x[n] dressed with the residuals r[nr] (nr >= 1) is every member under every
   past error: out[i * nr + j] = max(0, (x_i + 1) exp(r_j) - 1). */
double MSScoresResidual(double median, double y);
void   MSScoresDress(int n, const double x[], int nr, const double r[], double out[]);

/* ---- The accumulator of a backtest: feed it one (cut day, horizon, camp) at a time. */
typedef struct _p_MSScoresAcc *MSScoresAcc;

typedef struct {
  int    horizon;                /* days after the cut day */
  int    ncuts;                  /* distinct cut days with an entry at this horizon */
  int    n;                      /* entries: (camp, cut day) pairs */
  double mae;                    /* |median - y|, summed over camps, averaged over cut days */
  double crps;                   /* likewise */
  double coverage50, coverage90; /* share of the entries whose y lies in the interval */
  int    n_naive[MS_NAIVE_N];    /* entries the naive forecast was given for */
  double mae_naive[MS_NAIVE_N];  /* its |forecast - y|, summed over camps, averaged over cut
                                    days (the same ncuts) */
  double skill[MS_NAIVE_N];      /* the model's error sum over those entries / the naive
                                    forecast's; NaN when the latter is 0 or n_naive is 0 */
} MSScoresSummary;

/* An accumulator for the nh horizons h[] (distinct) and ncamps camps (numbered 0..ncamps-1).
   The caller destroys it with MSScoresAccDestroy. */
PetscErrorCode MSScoresAccCreate(int nh, const int h[], int ncamps, MSScoresAcc *acc);

/* Add camp c's outcome y = o_c(T+h) (finite) against the ensemble x[n] (n >= 1, left as it
   is) and the naive forecasts naive[MS_NAIVE_N] (NaN: not given, e.g. recent shares without
   `observed` inflow; naive may be NULL for none). h must be one of the accumulator's. */
PetscErrorCode MSScoresAccAdd(MSScoresAcc acc, int T, int h, int c, double y, int n,
                              const double x[], const double naive[]);

/* The scores at the accumulator's horizon number ih (0..nh-1): over all camps (c = -1), or
   camp c's part (its error sums over the same ncuts, so that the camps' mae, crps and
   mae_naive add up to the totals; its coverage and skill over its own entries). */
PetscErrorCode MSScoresAccSummary(MSScoresAcc acc, int ih, int c, MSScoresSummary *s);

/* Free the accumulator and set *acc to NULL (NULL: nothing to do). */
PetscErrorCode MSScoresAccDestroy(MSScoresAcc *acc);

#endif
