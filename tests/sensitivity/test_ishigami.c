/* unit_sensitivity_ishigami: the Sobol indices of the Ishigami function
 * f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1 (a = 7, b = 0.1, each x uniform on [-pi, pi]),
 * estimated from a Saltelli design (MSSaltelliSample, MSSobolIndices), against their analytic
 * values (Ishigami and Homma 1990; Sobol' and Levitan 1999):
 *   V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,  V1 = (1 + b pi^4/5)^2 / 2,  V2 = a^2/8,  V3 = 0,
 *   VT1 = V1 + 8 b^2 pi^8/225,  VT2 = V2,  VT3 = 8 b^2 pi^8/225.
 * Each analytic index lies inside the estimate's 95 % bootstrap interval, the intervals are
 * narrow (under 0.1 wide) at 4096 base points, and a constant output gives NaN, not a number.
 * Also: the design's blocks (A, AB_1..AB_d, B) are as ms_sensitivity.h says. Exit 0 when all
 * hold. */
#include <math.h>
#include <stdio.h>
#include "ms_sensitivity.h"

static int failures = 0;

static void Check(int ok, const char what[])
{
  printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
  if (!ok) failures++;
}

static double Ishigami(const double u[3])
{
  const double a = 7, b = 0.1;
  double       x[3];
  for (int j = 0; j < 3; j++) x[j] = -PETSC_PI + 2 * PETSC_PI * u[j];
  return sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0]);
}

/* Every AB_j equals A but in coordinate j, which is B's. */
static PetscErrorCode CheckBlocks(int n, int d, const double u[])
{
  int bad = 0;

  PetscFunctionBegin;
  for (int i = 0; i < n; i++) {
    const double *blk = u + (size_t)i * (d + 2) * d, *a = blk, *b = blk + (size_t)(d + 1) * d;
    for (int j = 0; j < d; j++)
      for (int k = 0; k < d; k++) bad += blk[(j + 1) * d + k] != (k == j ? b[k] : a[k]);
  }
  Check(bad == 0, "every AB_j is A with coordinate j from B");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Run(void)
{
  const int    n = 4096, d = 3;
  const double a = 7, b = 0.1, p4 = pow(PETSC_PI, 4), p8 = pow(PETSC_PI, 8);
  const double v  = a * a / 8 + b * p4 / 5 + b * b * p8 / 18 + 0.5,
               v1 = 0.5 * pow(1 + b * p4 / 5, 2), v2 = a * a / 8, vt3 = 8 * b * b * p8 / 225;
  const double first[3] = {v1 / v, v2 / v, 0}, total[3] = {(v1 + vt3) / v, v2 / v, vt3 / v};
  double      *u, *y;
  MSSobolIndex idx[3];

  PetscFunctionBegin;
  PetscCall(PetscMalloc2((size_t)n * (d + 2) * d, &u, (size_t)n * (d + 2), &y));
  PetscCall(MSSaltelliSample(d, n, u));
  PetscCall(CheckBlocks(n, d, u));
  for (int k = 0; k < n * (d + 2); k++) y[k] = Ishigami(u + (size_t)k * d);
  PetscCall(MSSobolIndices(n, d, y, 1000, 0.95, 1, idx, NULL, NULL));
  for (int j = 0; j < d; j++) {
    char what[256];
    snprintf(what, sizeof(what), "S%d = %.4f in [%.4f, %.4f] (analytic %.4f)", j + 1, idx[j].first,
             idx[j].first_lo, idx[j].first_hi, first[j]);
    Check(idx[j].first_lo <= first[j] && first[j] <= idx[j].first_hi &&
              idx[j].first_hi - idx[j].first_lo < 0.1,
          what);
    snprintf(what, sizeof(what), "ST%d = %.4f in [%.4f, %.4f] (analytic %.4f)", j + 1, idx[j].total,
             idx[j].total_lo, idx[j].total_hi, total[j]);
    Check(idx[j].total_lo <= total[j] && total[j] <= idx[j].total_hi &&
              idx[j].total_hi - idx[j].total_lo < 0.1,
          what);
  }
  for (int k = 0; k < n * (d + 2); k++) y[k] = 3;
  PetscCall(MSSobolIndices(n, d, y, 100, 0.95, 1, idx, NULL, NULL));
  Check(isnan(idx[0].first) && isnan(idx[0].total) && isnan(idx[0].first_lo),
        "a constant output: no index (NaN)");
  PetscCall(PetscFree2(u, y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(Run());
  PetscCall(PetscFinalize());
  printf("%s\n", failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
