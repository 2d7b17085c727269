/* unit.inflow.*: the inflow models of ms_inflow.h on hand-made total series.
 *
 *   test_inflow CASE   persist, trend, quantiles, counts, observed, conflict, options, files
 *
 * The expected block starts and quantile levels are recomputed from the keys that
 * ms_inflow.h documents, so the tests pin the documented draws, not just their shape.
 * Exit 0 when every check passes. */
#include "unit.h"
#include <inttypes.h>
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "ms_inflow.h"
#include "ms_rng.h"
#include "ms_scenario.h"

#define MAXD 128

static PetscErrorCode NewInflow(const char model[], PetscInt window, MSInflow *in)
{
  PetscFunctionBegin;
  PetscCall(MSInflowCreate(PETSC_COMM_WORLD, in));
  PetscCall(MSInflowSetModel(*in, model));
  PetscCall(MSInflowSetWindow(*in, window));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The documented uniform of (seed, member, day, step). */
static double U(uint64_t seed, PetscInt member, int day, int step)
{
  return MSRngU01(
      MSRngDraw(seed, (uint64_t)member, (uint32_t)day, (uint32_t)step, MS_RNG_INFLOW).v[0]);
}

static int Same(const int64_t *a, const int64_t *b, int n)
{
  for (int i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* ------------------------------------------------------------------ persist */

/* T[0] = 100 and T[d] - T[d-1] = d, except a decrease of 3 on day 15. F = 20, W = 10: the
   window's increments are 11 12 13 14 -3 16 17 18 19 20, and a week takes 7 consecutive of
   them from one of the 4 starts. H = 25: three whole weeks and 4 days. */
static PetscErrorCode Persist(void)
{
  enum { F = 20, W = 10, H = 25 };
  int64_t  T[F + 1], path[H], again[H], other[H];
  int64_t  win[W];
  int      seen[4] = {0, 0, 0, 0}, ok_blocks = 1, ok_key = 1;
  MSInflow in;

  PetscFunctionBegin;
  T[0] = 100;
  for (int d = 1; d <= F; d++) T[d] = T[d - 1] + (d == 15 ? -3 : d);
  for (int k = 0; k < W; k++) win[k] = T[F - W + k + 1] - T[F - W + k];
  PetscCall(NewInflow("persist", W, &in));
  PetscCall(MSInflowSetUp(in, 0, 1.0, F, H, F + 1, T));
  for (PetscInt m = 0; m < 50; m++) {
    PetscCall(MSInflowPath(in, 1, m, path));
    for (int b = 0; 7 * b < H; b++) {
      int s = (int)(U(1, m, F + 7 * b + 1, 0) * (W - 6)), any = 0;
      for (int t = 0; t <= W - 7; t++) {
        int match = 1;
        for (int i = 0; i < 7 && 7 * b + i < H; i++) {
          int64_t prev = 7 * b + i ? path[7 * b + i - 1] : T[F];
          match        = match && path[7 * b + i] - prev == win[t + i];
          if (t == s && path[7 * b + i] - prev != win[s + i]) ok_key = 0;
        }
        any = any || match;
      }
      seen[s]   = 1;
      ok_blocks = ok_blocks && any;
    }
  }
  UnitCheck(ok_blocks, "persist: every week's increments are 7 consecutive ones of the window");
  UnitCheck(ok_key,
            "persist: week b starts at floor(u * (W-6)), u keyed on (seed, member, F+7b+1)");
  UnitCheck(seen[0] && seen[1] && seen[2] && seen[3], "persist: 50 members use all 4 block starts");
  PetscCall(MSInflowPath(in, 7, 3, path));
  PetscCall(MSInflowDestroy(&in));
  PetscCall(NewInflow("persist", W, &in));
  PetscCall(MSInflowSetUp(in, 0, 1.0, F, H, F + 1, T));
  PetscCall(MSInflowPath(in, 7, 3, again));
  UnitCheck(Same(path, again, H), "persist: the same (seed, member) gives the same path");
  PetscCall(MSInflowPath(in, 7, 4, other));
  UnitCheck(!Same(path, other, H), "persist: members 3 and 4 differ");
  PetscCall(MSInflowPath(in, 8, 3, other));
  UnitCheck(!Same(path, other, H), "persist: seeds 7 and 8 differ");
  PetscCall(MSInflowDestroy(&in));
  UnitCheck(!in, "MSInflowDestroy() clears the pointer");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ trend */

/* On an exact line the path continues it; on a line with a 4-day ripple the path starts at
   T[F], fades the residuals in over a week, and from then on is T[F] + c h plus one of the
   window's residuals (c and the residuals by the textbook least-squares sums). */
static PetscErrorCode Trend(void)
{
  enum { F = 30, W = 14, H = 20 };
  static const int z[4] = {0, 5, -2, 9};
  int64_t          T[F + 1], path[H];
  double           sx = 0, sy = 0, sxx = 0, sxy = 0, c, c0, r[W + 1], rmax = 0;
  int              ok = 1;
  MSInflow         in;

  PetscFunctionBegin;
  for (int d = 0; d <= F; d++) T[d] = 50 + 12 * d;
  PetscCall(NewInflow("trend", W, &in));
  PetscCall(MSInflowSetUp(in, 0, 1.0, F, H, F + 1, T));
  for (PetscInt m = 0; m < 10; m++) {
    PetscCall(MSInflowPath(in, 5, m, path));
    for (int h = 1; h <= H; h++) ok = ok && path[h - 1] == T[F] + 12 * h;
  }
  UnitCheck(ok, "trend: on an exact line every member continues the line");
  PetscCall(MSInflowDestroy(&in));

  for (int d = 0; d <= F; d++) T[d] = 1000 + 10 * d + z[d % 4];
  for (int k = 0; k <= W; k++) {
    double x = k - W, y = (double)T[F - W + k];
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  c  = ((W + 1) * sxy - sx * sy) / ((W + 1) * sxx - sx * sx);
  c0 = (sy - c * sx) / (W + 1);
  for (int k = 0; k <= W; k++) {
    r[k] = (double)T[F - W + k] - (c0 + c * (k - W));
    rmax = fmax(rmax, fabs(r[k]));
  }
  PetscCall(NewInflow("trend", W, &in));
  PetscCall(MSInflowSetUp(in, 0, 1.0, F, H, F + 1, T));
  ok = 1;
  for (PetscInt m = 0; m < 20; m++) {
    PetscCall(MSInflowPath(in, 5, m, path));
    ok = ok && fabs((double)path[0] - (double)T[F] - c) <= rmax / 7 + 0.5;
    for (int h = 7; h <= H; h++) {
      double e    = (double)path[h - 1] - (double)T[F] - c * h;
      int    near = 0;
      for (int k = 0; k <= W; k++) near = near || fabs(e - r[k]) <= 0.5 + 1e-9;
      ok = ok && near;
    }
  }
  UnitCheck(ok,
            "trend: day F+1 within a seventh of a residual of T[F] + c; from F+7 on, "
            "T[F] + c h + a residual (c = %g)",
            c);
  PetscCall(MSInflowDestroy(&in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ projection files */

static int64_t Day(const char date[])
{
  int64_t d = 0;
  (void)MSDateParse(date, &d);
  return d;
}

/* Day 0 is 2020-01-01, F = 9 (2020-01-10). Quantiles given on days 7, 17 and 31, flat after. */
static PetscErrorCode Quantiles(void)
{
  enum { F = 9, H = 30, M = 200 };
  static const double qd[3]    = {7, 17, 31},
                      qv[3][3] = {{1000, 1000, 1000}, {1500, 2000, 3000}, {1600, 2500, 4000}};
  int64_t  T[F + 1]            = {0}, path[M][H];
  double   u[M], z95 = gsl_cdf_ugaussian_Pinv(0.95);
  int      inside = 1, formula = 1, order = 1, below = 0;
  char     file[PETSC_MAX_PATH_LEN];
  MSInflow in;

  PetscFunctionBegin;
  PetscCall(UnitWriteFile("quantiles.csv",
                          "date,q05,q50,q95\n2020-01-08,1000,1000,1000\n"
                          "2020-01-18,1500,2000,3000\n2020-02-01,1600,2500,4000\n",
                          file));
  PetscCall(NewInflow(file, 30, &in));
  PetscCall(MSInflowSetUp(in, Day("2020-01-01"), 1.0, F, H, F + 1, T));
  for (PetscInt m = 0; m < M; m++) {
    PetscCall(MSInflowPath(in, 11, m, path[m]));
    u[m] = U(11, m, 0, 1);
  }
  for (int h = 1; h <= H; h++) {
    int    t = F + h, k = t < qd[1] ? 0 : 1;
    double q[3];
    for (int j = 0; j < 3; j++)
      q[j] = t >= qd[2] ? qv[2][j]
                        : qv[k][j] + (qv[k + 1][j] - qv[k][j]) * (t - qd[k]) / (qd[k + 1] - qd[k]);
    for (int m = 0; m < M; m++) {
      double zz = gsl_cdf_ugaussian_Pinv(u[m]);
      double v  = q[1] + zz / z95 * (zz < 0 ? q[1] - q[0] : q[2] - q[1]);
      if (u[m] >= 0.05 && u[m] <= 0.95)
        inside = inside && path[m][h - 1] >= (int64_t)floor(q[0]) &&
                 path[m][h - 1] <= (int64_t)floor(q[2]);
      formula = formula && path[m][h - 1] == (int64_t)floor(fmax(v, 0));
      below   = below || (u[m] < 0.05 && path[m][h - 1] < (int64_t)floor(q[0]));
      for (int n = 0; n < M; n++)
        order = order && (u[m] >= u[n] || path[m][h - 1] <= path[n][h - 1]);
    }
  }
  UnitCheck(inside, "quantiles: members whose level is in [0.05, 0.95] stay in [q05, q95]");
  UnitCheck(formula, "quantiles: the two-piece normal through q05, q50, q95 at the keyed level");
  UnitCheck(order, "quantiles: a higher level never gives a lower path");
  UnitCheck(below, "quantiles: a member below the 5 %% level goes below q05 (normal tail)");
  PetscCall(MSInflowDestroy(&in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* date,count without a header, scaled by 0.5: 100 on day 4, 300 on day 14, flat after. */
static PetscErrorCode Counts(void)
{
  enum { F = 9, H = 10 };
  int64_t  T[F + 1] = {0}, path[H], want[H];
  char     file[PETSC_MAX_PATH_LEN];
  MSInflow in;
  int      ok = 1;

  PetscFunctionBegin;
  PetscCall(UnitWriteFile("counts.csv", "2020-01-05,100\n2020-01-15, 300\n", file));
  PetscCall(NewInflow(file, 30, &in));
  PetscCall(MSInflowSetUp(in, Day("2020-01-01"), 0.5, F, H, F + 1, T));
  for (int h = 1; h <= H; h++) {
    int t       = F + h;
    want[h - 1] = (int64_t)floor(0.5 * (t >= 14 ? 300 : 100 + 200 * (t - 4) / 10.0));
  }
  for (PetscInt m = 0; m < 5; m++) {
    PetscCall(MSInflowPath(in, 3, m, path));
    ok = ok && Same(path, want, H);
  }
  UnitCheck(ok,
            "counts: every member follows the interpolated count, scaled, flat after its end "
            "(day 10: %" PRId64 ", day 19: %" PRId64 ")",
            path[0], path[H - 1]);
  PetscCall(MSInflowDestroy(&in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ observed and conflict */

static PetscErrorCode Observed(void)
{
  enum { F = 8, H = 5 };
  int64_t        T[F + H + 1], path[H];
  MSInflow       in;
  MSInflowModel  model;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  for (int d = 0; d <= F + H; d++) T[d] = 7 * d + (d % 3);
  PetscCall(NewInflow("observed", 30, &in));
  PetscCall(MSInflowSetUp(in, Day("2020-01-01"), 1.0, F, H, F + H + 1, T));
  PetscCall(MSInflowGetModel(in, &model, NULL));
  PetscCall(MSInflowPath(in, 1, 0, path));
  UnitCheck(model == MS_INFLOW_OBSERVED && Same(path, T + F + 1, H),
            "observed: the path is the hidden totals of days F+1..F+H");
  PetscCall(PetscPushErrorHandler(UnitCapture, NULL));
  ierr = MSInflowSetUp(in, Day("2020-01-01"), 1.0, F, H, F + H, T);
  PetscCall(PetscPopErrorHandler());
  UnitCheckError(ierr, "observed: one day short",
                 "option -inflow observed: the observations end on 2020-01-13 (day 12), before "
                 "the horizon's last day 2020-01-14 (day 13)",
                 NULL);
  PetscCall(MSInflowDestroy(&in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Conflict(void)
{
  int64_t        T[3] = {0, 1, 2}, path[4];
  MSInflow       in;
  MSInflowModel  model;
  const char    *name;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(NewInflow("conflict", 2, &in)); /* the window does not matter to it */
  PetscCall(MSInflowSetUp(in, 0, 1.0, 2, 4, 3, T));
  PetscCall(MSInflowGetModel(in, &model, &name));
  UnitCheck(model == MS_INFLOW_CONFLICT && !strcmp(name, "conflict"), "conflict: accepted");
  PetscCall(PetscPushErrorHandler(UnitCapture, NULL));
  ierr = MSInflowPath(in, 1, 0, path);
  PetscCall(PetscPopErrorHandler());
  UnitCheckError(ierr, "conflict: no path", "conflict inflow has no total path", NULL);
  PetscCall(MSInflowDestroy(&in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ bad values */

static PetscErrorCode ExpectSetUpError(const char model[], PetscInt W, int F, int H,
                                       const char what[], const char prefix[], const char sub[])
{
  int64_t        T[MAXD] = {0};
  MSInflow       in;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(MSInflowCreate(PETSC_COMM_WORLD, &in));
  PetscCall(PetscPushErrorHandler(UnitCapture, NULL));
  ierr = MSInflowSetModel(in, model);
  if (!ierr) ierr = MSInflowSetWindow(in, W);
  if (!ierr) ierr = MSInflowSetUp(in, Day("2020-01-01"), 1.0, F, H, F + 1, T);
  PetscCall(PetscPopErrorHandler());
  UnitCheckError(ierr, what, prefix, sub);
  PetscCall(MSInflowDestroy(&in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Options(void)
{
  MSInflow      in;
  MSInflowModel model;
  const char   *name;

  PetscFunctionBegin;
  PetscCall(ExpectSetUpError("persistent", 30, 40, 10, "unknown model",
                             "option -inflow: 'persistent' is none of", NULL));
  PetscCall(ExpectSetUpError("persist", 6, 40, 10, "window below a block",
                             "option -inflow_window: 6 days; at least 7", NULL));
  PetscCall(ExpectSetUpError("trend", 41, 40, 10, "window beyond F",
                             "option -inflow_window: 41 days reach back beyond day 0",
                             "at most 40"));
  PetscCall(ExpectSetUpError("persist", 30, 40, 0, "horizon 0", "option -horizon: 0 days", NULL));
  PetscCall(PetscOptionsSetValue(NULL, "-inflow", "trend"));
  PetscCall(PetscOptionsSetValue(NULL, "-inflow_window", "9"));
  PetscCall(MSInflowCreate(PETSC_COMM_WORLD, &in));
  PetscCall(MSInflowGetModel(in, &model, &name));
  UnitCheck(model == MS_INFLOW_PERSIST && !strcmp(name, "persist"), "options: persist by default");
  PetscCall(MSInflowSetFromOptions(in));
  PetscCall(MSInflowGetModel(in, &model, &name));
  UnitCheck(model == MS_INFLOW_TREND && !strcmp(name, "trend"), "options: -inflow trend");
  PetscCall(PetscOptionsClearValue(NULL, "-inflow"));
  PetscCall(PetscOptionsClearValue(NULL, "-inflow_window"));
  PetscCall(MSInflowDestroy(&in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One bad projection file per error; F = 9 (2020-01-10), so day F+1 is 2020-01-11. */
static PetscErrorCode Files(void)
{
  static const struct {
    const char *name, *text;
    int         line;
    const char *field, *sub;
  } bad[] = {
      {"negative", "date,count\n2020-01-05,100\n2020-01-20,-5\n", 3, "count", "-5 is negative"},
      {"not_a_number", "2020-01-05,many\n", 1, "count", "not a finite number"},
      {"q50_below_q05", "#date,q05,q50,q95\n2020-01-05,10,9,11\n", 2, "q50",
       "9 is below q05 (10); the quantiles must be"},
      {"q95_below_q50", "2020-01-05,10,20,30\n2020-01-25,10,20,19\n", 2, "q95",
       "19 is below q50 (20)"},
      {"q_negative", "2020-01-05,-1,20,30\n", 1, "q05", "negative"},
      {"out_of_order", "2020-01-05,10\n2020-01-25,20\n2020-01-15,30\n", 3, "date",
       "is not after line 2's date"},
      {"repeated_date", "2020-01-05,10\n2020-01-05,20\n", 2, "date", "is not after line 1's"},
      {"bad_date", "date,count\n2020-01-05,10\n2020-02-30,20\n", 3, "date", "bad date"},
      {"three_fields", "2020-01-05,10,20\n", 1, "date", "3 fields; expected date,count or"},
      {"fields_change", "2020-01-05,10\n2020-01-25,10,20,30\n", 2, "count",
       "4 fields, where the file's first line has 2"},
      {"starts_late", "2020-01-12,10\n", 0, "date", "starts on 2020-01-12 (day 11)"},
      {"no_data", "date,count\n", 1, "date", "no data lines"},
  };
  int64_t T[10] = {0};
  char    file[PETSC_MAX_PATH_LEN], prefix[PETSC_MAX_PATH_LEN + 64];

  PetscFunctionBegin;
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    MSInflow       in;
    PetscErrorCode ierr;
    char           fname[64];
    (void)snprintf(fname, sizeof(fname), "%s.csv", bad[i].name);
    PetscCall(UnitWriteFile(fname, bad[i].text, file));
    (void)snprintf(prefix, sizeof(prefix), "%s:%d: field '%s': ", file, bad[i].line, bad[i].field);
    PetscCall(NewInflow(file, 30, &in));
    PetscCall(PetscPushErrorHandler(UnitCapture, NULL));
    ierr = MSInflowSetUp(in, Day("2020-01-01"), 1.0, 9, 10, 10, T);
    PetscCall(PetscPopErrorHandler());
    UnitCheckError(ierr, bad[i].name, prefix, bad[i].sub);
    PetscCall(MSInflowDestroy(&in));
  }
  PetscCheck(snprintf(file, sizeof(file), "%s/absent.csv", unit_dir) < (int)sizeof(file),
             PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "path too long: %s", unit_dir);
  (void)snprintf(prefix, sizeof(prefix), "%s:0: field '-': file not found", file);
  PetscCall(ExpectSetUpError(file, 30, 9, 10, "missing file", prefix, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  static const struct {
    const char *name;
    PetscErrorCode (*fn)(void);
  } cases[] = {{"persist", Persist}, {"trend", Trend},       {"quantiles", Quantiles},
               {"counts", Counts},   {"observed", Observed}, {"conflict", Conflict},
               {"options", Options}, {"files", Files}};
  int found = 0;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc == 2, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "usage: test_inflow CASE");
  PetscCall(UnitMakeDir());
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    if (!strcmp(argv[1], cases[i].name)) {
      PetscCall(cases[i].fn());
      found = 1;
    }
  PetscCheck(found, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "unknown case %s", argv[1]);
  PetscCall(PetscFinalize());
  return unit_failures ? 1 : 0;
}
