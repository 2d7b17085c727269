/* Unit tests of src/analysis/scores.c against hand computation on tiny series:
   test_scores CASE, with CASE one of the names in Cases[] below (ctest unit.scores.CASE). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ms_scores.h"

static int failures;

/* a and b agree to 1e-12 relative, or are both NaN */
static void Check(const char what[], double got, double want)
{
  PetscBool same =
      (PetscBool)((isnan(got) && isnan(want)) || fabs(got - want) <= 1e-12 * fmax(1.0, fabs(want)));
  if (!same) {
    printf("FAIL %s: got %.17g, want %.17g\n", what, got, want);
    failures++;
  }
}

static PetscErrorCode TestQuantiles(void)
{
  const double x[] = {4, 1, 3, 2}, p[] = {0, 0.25, 0.5, 0.75, 1}, one[] = {7};
  double       q[5];

  PetscFunctionBegin;
  PetscCall(MSScoresQuantiles(4, x, 5, p, q)); /* type 7: at 1 + 3p on 1, 2, 3, 4 */
  Check("q0", q[0], 1), Check("q25", q[1], 1.75), Check("q50", q[2], 2.5);
  Check("q75", q[3], 3.25), Check("q100", q[4], 4);
  Check("x untouched", x[0], 4);
  PetscCall(MSScoresQuantiles(1, one, 5, p, q));
  for (int k = 0; k < 5; k++) Check("one value", q[k], 7);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestCRPS(void)
{
  const double one[] = {3}, two[] = {3, 1}, many[] = {5, -2, 7, 7, 0.5, 11, 3};
  double       c, brute = 0;

  PetscFunctionBegin;
  PetscCall(MSScoresCRPS(1, one, 5, &c)); /* a point forecast: its absolute error */
  Check("one member, y = 5", c, 2);
  PetscCall(MSScoresCRPS(1, one, 3, &c));
  Check("one member, y = 3", c, 0);
  /* {1, 3} against 2: (1 + 1)/2 - (0 + 2 + 2 + 0)/4/2 = 0.5, the integral of
     (F - H)^2 = 0.25 on [1, 3]; against 5: (4 + 2)/2 - 1/2 = 2.5 = 0.25 * 2 + 1 * 2 */
  PetscCall(MSScoresCRPS(2, two, 2, &c));
  Check("two members, y = 2", c, 0.5);
  PetscCall(MSScoresCRPS(2, two, 5, &c));
  Check("two members, y = 5", c, 2.5);
  /* the O(n log n) form against the definition's n^2 sum */
  for (int i = 0; i < 7; i++) {
    brute += fabs(many[i] - 4) / 7;
    for (int j = 0; j < 7; j++) brute -= fabs(many[i] - many[j]) / (2 * 49.0);
  }
  PetscCall(MSScoresCRPS(7, many, 4, &c));
  Check("seven members against the n^2 sum", c, brute);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestCoverage(void)
{
  /* 0, 1, .., 20: q05 = 1, q25 = 5, q75 = 15, q95 = 19 exactly */
  const double y[]   = {0.5, 1, 4.5, 5, 15, 15.5, 19, 19.5};
  const int    i50[] = {0, 0, 0, 1, 1, 0, 0, 0}, i90[] = {0, 1, 1, 1, 1, 1, 1, 0};
  double       x[21], one[]                            = {3};
  PetscBool    in50, in90;

  PetscFunctionBegin;
  for (int i = 0; i < 21; i++) x[i] = i;
  for (int k = 0; k < 8; k++) {
    char what[64];
    MSScoresSortedCoverage(21, x, y[k], &in50, &in90);
    snprintf(what, sizeof(what), "in 50 %% at y = %g", y[k]);
    Check(what, in50, i50[k]);
    snprintf(what, sizeof(what), "in 90 %% at y = %g", y[k]);
    Check(what, in90, i90[k]);
  }
  MSScoresSortedCoverage(1, one, 3, &in50, &in90);
  Check("one member equal to y: in 50 %", in50, 1), Check("in 90 %", in90, 1);
  MSScoresSortedCoverage(1, one, 3.5, &in50, NULL);
  Check("one member not equal to y", in50, 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestTrend(void)
{
  double o[MS_SCORES_WINDOW + 1], f, three[] = {1, 3, 2};

  PetscFunctionBegin;
  for (int k = 0; k <= MS_SCORES_WINDOW; k++) o[k] = 100 + 2.0 * (k - MS_SCORES_WINDOW);
  PetscCall(MSScoresNaiveTrend(MS_SCORES_WINDOW, o, 7, &f));
  Check("a line, continued 7 days", f, 114);
  o[3] = o[17] = NAN;
  PetscCall(MSScoresNaiveTrend(MS_SCORES_WINDOW, o, 30, &f));
  Check("a line with unobserved days", f, 160);
  /* (-2, 1), (-1, 3), (0, 2): slope 1/2, 2.5 at T, 4 at T + 3 */
  PetscCall(MSScoresNaiveTrend(2, three, 3, &f));
  Check("least squares through three points", f, 4);
  for (int k = 0; k <= MS_SCORES_WINDOW; k++) o[k] = 100 - 10.0 * (k - MS_SCORES_WINDOW);
  PetscCall(MSScoresNaiveTrend(MS_SCORES_WINDOW, o, 20, &f));
  Check("a falling line stops at 0", f, 0);
  for (int k = 0; k < MS_SCORES_WINDOW; k++) o[k] = NAN;
  PetscCall(MSScoresNaiveTrend(MS_SCORES_WINDOW, o, 20, &f));
  Check("one observed day: persistence", f, 100);
  o[MS_SCORES_WINDOW] = NAN;
  PetscCall(MSScoresNaiveTrend(MS_SCORES_WINDOW, o, 20, &f));
  Check("none observed", f, NAN);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestShares(void)
{
  double f[3];

  PetscFunctionBegin;
  { /* increases 40, 0 and -10 (counts as 0): all of the 20 to the first */
    const double now[] = {100, 50, 30}, past[] = {60, 50, 40};
    MSScoresNaiveShares(3, now, past, 20, f);
    Check("one camp grew: a", f[0], 120), Check("b", f[1], 50), Check("c", f[2], 30);
  }
  { /* increases 40 and 60, the third camp unobserved at T */
    const double now[] = {100, 80, NAN}, past[] = {60, 20, 10};
    MSScoresNaiveShares(3, now, past, 50, f);
    Check("two grew: a", f[0], 120), Check("b", f[1], 110), Check("c", f[2], NAN);
  }
  { /* nobody grew: equal shares */
    const double now[] = {10, 20}, past[] = {10, 30};
    MSScoresNaiveShares(2, now, past, 10, f);
    Check("equal shares: a", f[0], 15), Check("b", f[1], 25);
  }
  { /* a decrease of the total, split the same way, and never below 0 */
    const double now[] = {10, 20}, past[] = {0, 0};
    MSScoresNaiveShares(2, now, past, -15, f);
    Check("a decrease: a", f[0], 5), Check("b", f[1], 10);
    MSScoresNaiveShares(2, now, past, -90, f);
    Check("a larger decrease: a", f[0], 0), Check("b", f[1], 0);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Two camps, cut days 30 and 60, horizon 7 (camp 1 has no outcome at 60):
     camp 0, T 30: y 100, X {90, 110, 130}: median 110 (error 10), CRPS 50/3 - 80/9 = 70/9,
                   q25 = 100 = y (in at the bound), in 90 %; naive 80, 95, -
     camp 1, T 30: y 50, X {51}: error 1, CRPS 1, in neither;         naive 40, 60, 45
     camp 0, T 60: y 200, X {150, 260}: median 205 (error 5), CRPS 55 - 55/2 = 27.5, in both;
                   naive 180, 230, 220
   Model errors 10 + 1 + 5 = 16 over 2 cut days: MAE 8. Persistence 20 + 10 + 20 = 50: skill
   16/50; trend 5 + 10 + 30 = 45: skill 16/45; recent shares (given twice) 5 + 20 = 25 against
   the model's 1 + 5 there: skill 6/25. */
static PetscErrorCode TestSkill(void)
{
  const int       h[]   = {7, 30};
  const double    x00[] = {130, 90, 110}, x10[] = {51}, x01[] = {150, 260};
  const double    n00[] = {80, 95, NAN}, n10[] = {40, 60, 45}, n01[] = {180, 230, 220};
  MSScoresAcc     acc;
  MSScoresSummary s, c0, c1;

  PetscFunctionBegin;
  PetscCall(MSScoresAccCreate(2, h, 2, &acc));
  PetscCall(MSScoresAccAdd(acc, 30, 7, 0, 100, 3, x00, n00));
  PetscCall(MSScoresAccAdd(acc, 30, 7, 1, 50, 1, x10, n10));
  PetscCall(MSScoresAccAdd(acc, 60, 7, 0, 200, 2, x01, n01));
  PetscCall(MSScoresAccSummary(acc, 0, -1, &s));
  Check("horizon", s.horizon, 7), Check("cut days", s.ncuts, 2), Check("entries", s.n, 3);
  Check("MAE", s.mae, 8);
  Check("CRPS", s.crps, (70.0 / 9 + 1 + 27.5) / 2);
  Check("coverage 50 %", s.coverage50, 2.0 / 3), Check("coverage 90 %", s.coverage90, 2.0 / 3);
  Check("persistence MAE", s.mae_naive[MS_NAIVE_PERSISTENCE], 25);
  Check("persistence skill", s.skill[MS_NAIVE_PERSISTENCE], 16.0 / 50);
  Check("trend MAE", s.mae_naive[MS_NAIVE_TREND], 22.5);
  Check("trend skill", s.skill[MS_NAIVE_TREND], 16.0 / 45);
  Check("recent shares given", s.n_naive[MS_NAIVE_SHARES], 2);
  Check("recent shares MAE", s.mae_naive[MS_NAIVE_SHARES], 12.5);
  Check("recent shares skill", s.skill[MS_NAIVE_SHARES], 6.0 / 25);
  PetscCall(MSScoresAccSummary(acc, 0, 0, &c0));
  PetscCall(MSScoresAccSummary(acc, 0, 1, &c1));
  Check("camp 0 MAE", c0.mae, 7.5), Check("camp 1 MAE", c1.mae, 0.5);
  Check("camps add up", c0.crps + c1.crps, s.crps);
  Check("camp 1 coverage", c1.coverage90, 0);
  PetscCall(MSScoresAccSummary(acc, 1, -1, &s));
  Check("an empty horizon: no cut days", s.ncuts, 0), Check("its MAE", s.mae, NAN);
  Check("its skill", s.skill[MS_NAIVE_TREND], NAN);
  PetscCall(MSScoresAccDestroy(&acc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Dressing: the residuals of medians 9 and 0 against outcomes 19 and 1 are log 2 each; the
   ensemble {3, 0} dressed with {log 2, -log 2} is {7, 1, 1, 0} ((3 + 1) 2 - 1, (3 + 1) / 2 - 1,
   (0 + 1) 2 - 1, and (0 + 1) / 2 - 1 < 0 held at 0). */
static PetscErrorCode TestDress(void)
{
  const double x[] = {3, 0}, r[] = {log(2.0), -log(2.0)};
  double       out[4];

  PetscFunctionBegin;
  Check("residual of 9 against 19", MSScoresResidual(9, 19), log(2.0));
  Check("residual of 0 against 1", MSScoresResidual(0, 1), log(2.0));
  Check("residual of an exact median", MSScoresResidual(5, 5), 0);
  MSScoresDress(2, x, 2, r, out);
  Check("3 under log 2", out[0], 7), Check("3 under -log 2", out[1], 1);
  Check("0 under log 2", out[2], 1), Check("0 under -log 2, held at 0", out[3], 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const struct {
  const char *name;
  PetscErrorCode (*run)(void);
} Cases[] = {
    {"quantiles", TestQuantiles}, {"crps", TestCRPS},     {"coverage", TestCoverage},
    {"trend", TestTrend},         {"shares", TestShares}, {"skill", TestSkill},
    {"dress", TestDress},
};

int main(int argc, char **argv)
{
  const char *name  = argc > 1 ? argv[1] : "";
  int         found = 0;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  for (size_t i = 0; i < sizeof(Cases) / sizeof(Cases[0]); i++)
    if (!strcmp(name, Cases[i].name)) {
      PetscCall(Cases[i].run());
      found = 1;
    }
  if (!found) printf("test_scores: unknown case '%s'\n", name), failures++;
  if (!failures) printf("%s: all checks passed\n", name);
  PetscCall(PetscFinalize());
  return failures ? 1 : 0;
}
