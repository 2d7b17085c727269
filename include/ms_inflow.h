/* ms_inflow: the daily total that drives data-driven spawning after the forecast day F
 * (MODEL.md section 10, "Inflow after F").
 *
 * Up to F the engine spawns the increases of the observed total (MSSpawnObservedTotal) and
 * carries its decreases as debt. After F nothing is observed, so each forecast member follows
 * a total path of its own that continues the observed total T[F]; the engine spawns the
 * path's increases, and carries its decreases, exactly as it does the observed ones. A path
 * is a pure function of the inputs, the seed and the member: its draws are keyed with
 * MSRngDraw(seed, member, day, step, MS_RNG_INFLOW), never a generator carried across members,
 * so members may run in any order on any rank, and every variant of a member sees the
 * baseline's path.
 *
 * The models (T[d]: observed total of day d; W: -inflow_window; path day h = F+h, h = 1..H):
 *
 * persist   (the default) a moving-block bootstrap of the window's daily increments
 *           i[k] = T[F-W+k+1] - T[F-W+k], k = 0..W-1. The forecast days are cut into weeks:
 *           week b = 0, 1, ... holds days F+7b+1 .. F+7b+7 and takes the 7 consecutive
 *           increments i[s..s+6], where s = floor(u * (W-6)) and u = MSRngU01() of word 0 of
 *           MSRngDraw(seed, member, F+7b+1, 0, MS_RNG_INFLOW). The path is T[F] plus the sum
 *           of its increments so far.
 * trend     the least-squares line (gsl_fit_linear) through (d - F, T[d]), d = F-W .. F, with
 *           slope c and residuals r[k] = T[F-W+k] - line(F-W+k), k = 0..W. The line is moved to
 *           pass through T[F] (the fitted value at F may miss T[F] by r[W]), and the member's
 *           residuals e(h) are drawn in weeks as persist draws increments (blocks r[s..s+6],
 *           s = floor(u * (W-5)), the same draws). They fade in over the first week so that
 *           the path does not jump at F: path(F+h) = T[F] + c h + min(h, 7)/7 e(h), rounded to
 *           the nearest whole agent.
 * FILE.csv  a projected total given by the user, read with MSCsv: lines `date,count` or
 *           `date,q05,q50,q95` (by position; dates YYYY-MM-DD, strictly increasing; a header
 *           line allowed; counts >= 0; q05 <= q50 <= q95). Values are interpolated linearly to
 *           days, held flat after the last date, multiplied by the run's scale (as observed
 *           series are) and truncated to whole agents. The first date must be on or before
 *           F+1. With quantiles, member m takes one level u = MSRngU01() of word 0 of
 *           MSRngDraw(seed, m, 0, 1, MS_RNG_INFLOW) for every day: its normal score
 *           z = Phi^-1(u) is mapped piecewise linearly through (-z95, q05), (0, q50),
 *           (z95, q95), z95 = Phi^-1(0.95), and continued beyond by the same two lines (a
 *           two-piece normal: the normal's tails with the spreads q50-q05 and q95-q50), so a
 *           level in [0.05, 0.95] stays between q05 and q95; values below 0 are clamped to 0.
 *           The file gives the total itself: its value on F+1 should continue T[F].
 * observed  path(F+h) = T[F+h]: the observations after F (a backtest's hidden ones); they
 *           must reach F+H.
 * conflict  no path: after F the caller switches to conflict-driven spawning (MODEL.md
 *           section 6). The model is accepted and set up; MSInflowPath() refuses it.
 *
 * Every path is clamped to be >= 0. */
#ifndef MS_INFLOW_H
#define MS_INFLOW_H

#include "migrasim.h"

#define MS_INFLOW_WINDOW 30 /* days of the window, -inflow_window's default */
#define MS_INFLOW_BLOCK  7  /* days of a bootstrap block */

typedef enum {
  MS_INFLOW_PERSIST = 0,
  MS_INFLOW_TREND,
  MS_INFLOW_FILE,
  MS_INFLOW_OBSERVED,
  MS_INFLOW_CONFLICT
} MSInflowModel;

typedef struct _p_MSInflow *MSInflow;

/* Create an inflow model on comm (persist, window MS_INFLOW_WINDOW). The caller owns *in and
   frees it with MSInflowDestroy(). */
PetscErrorCode MSInflowCreate(MPI_Comm comm, MSInflow *in);

/* Choose the model by name: persist, trend, observed, conflict, or the path of a FILE.csv
   (any name ending in .csv). Anything else is an error naming -inflow. */
PetscErrorCode MSInflowSetModel(MSInflow in, const char model[]);

/* Set the window W in days (checked by MSInflowSetUp(), where F is known). */
PetscErrorCode MSInflowSetWindow(MSInflow in, PetscInt window);

/* Read -inflow MODEL and -inflow_window W from the options database. */
PetscErrorCode MSInflowSetFromOptions(MSInflow in);

/* Prepare the paths of forecast days F+1 .. F+H. total[0 .. nobs-1] are the observed totals of
   days 0 .. nobs-1 as MSSpawnObservedTotal() gives them (nobs >= F+1; days after F are read by
   `observed` alone); start_day (days since 1970-01-01) dates day 0 and scale multiplies a
   FILE's counts. Bad values (W < 7 or W > F for persist and trend, H < 1, a bad file, too few
   observations for `observed`) are one-line input errors naming the option or FILE:LINE. The
   arrays are copied; the caller keeps them. */
PetscErrorCode MSInflowSetUp(MSInflow in, int64_t start_day, double scale, int F, int H, int nobs,
                             const int64_t total[]);

/* The model chosen, and its name as given (the file's path for MS_INFLOW_FILE; owned by in). */
PetscErrorCode MSInflowGetModel(MSInflow in, MSInflowModel *model, const char **name);

/* The window W in days. */
PetscErrorCode MSInflowGetWindow(MSInflow in, PetscInt *window);

/* Fill path[0 .. H-1] with member's totals of days F+1 .. F+H (caller's array). The same
   (seed, member) always gives the same path. An error for MS_INFLOW_CONFLICT. */
PetscErrorCode MSInflowPath(MSInflow in, uint64_t seed, PetscInt member, int64_t path[]);

/* Free the model and set *in to NULL; *in may be NULL. */
PetscErrorCode MSInflowDestroy(MSInflow *in);

#endif
