/* unit_validate_metrics: the metric functions of ms_metrics.h on tables small enough that
 * every expected figure below is computed by hand (the arithmetic is in the comments).
 * MODEL.md section 9; definitions in docs/validation-metrics.md. Exit 0 when all agree. */
#include <math.h>
#include <stdio.h>
#include "ms_metrics.h"

static int failures = 0;

static void Expect(const char what[], double got, double want)
{
  int ok = (isnan(want) && isnan(got)) ||
           (!isnan(want) && fabs(got - want) <= 1e-12 * fmax(1.0, fabs(want)));
  printf("%s %-44s got %.17g want %.17g\n", ok ? "ok:  " : "FAIL:", what, got, want);
  if (!ok) failures++;
}

/* Table A: 4 days, 2 camps.
 *   day   s0  s1 |  o0  o1 |  S   O  | s'0 = s0*O/S  s'1
 *    0    10   0 |  10  10 |  10  20 |  20            0
 *    1    30  10 |  20  20 |  40  40 |  30           10
 *    2     0   0 |   0  40 |   0  40 |   0            0   (S = 0: s' = 0)
 *    3    60  20 |  40  40 |  80  80 |  60           20                              */
static void TableA(void)
{
  int64_t          sim[] = {10, 0, 30, 10, 0, 0, 60, 20}, obs[] = {10, 10, 20, 20, 0, 40, 40, 40};
  MSMetricsTable   m = {2, 4, NULL, sim, obs};
  double           a, u, ad[4], ud[4], mean, last;
  int              used;
  MSMetricsCamp    camp[2];
  MSMetricsSummary sum;

  /* day terms, rescaled: (|20-10|+|0-10|)/20 = 1, (10+10)/40 = 0.5, (0+40)/40 = 1, (20+20)/80 = 0.5
     unrescaled:          (0+10)/20 = 0.5,       (10+10)/40 = 0.5, (0+40)/40 = 1, (20+20)/80 = 0.5
   */
  MSMetricsDaySeries(&m, ad, ud);
  Expect("A: ARD term day 0", ad[0], 1.0), Expect("A: ARD term day 1", ad[1], 0.5),
      Expect("A: ARD term day 2", ad[2], 1.0), Expect("A: ARD term day 3", ad[3], 0.5);
  Expect("A: unrescaled term day 0", ud[0], 0.5), Expect("A: unrescaled term day 2", ud[2], 1.0);
  Expect("A: MSMetricsDayError day 1", MSMetricsDayError(&m, 1), 0.5);
  /* ARD = (1 + 0.5 + 1 + 0.5)/4 = 0.75; unrescaled (0.5 + 0.5 + 1 + 0.5)/4 = 0.625 */
  MSMetricsARD(&m, &a, &u);
  Expect("A: ARD", a, 0.75), Expect("A: ARD unrescaled", u, 0.625);
  Expect("A: rescaled s'0 day 0", MSMetricsRescaled(&m, 0, 0), 20.0);
  Expect("A: rescaled s'1 day 2 (S = 0)", MSMetricsRescaled(&m, 2, 1), 0.0);
  /* camp shares of the ARD: camp 0 (10/20 + 10/40 + 0/40 + 20/80)/4 = 1/4,
     camp 1 (10/20 + 10/40 + 40/40 + 20/80)/4 = 1/2; they add up to 0.75.
     unrescaled: camp 0 (0 + 10/40 + 0 + 20/80)/4 = 1/8, camp 1 (10/20 + 10/40 + 1 + 20/80)/4 = 1/2
   */
  MSMetricsCampARD(&m, 0, &a, &u);
  Expect("A: camp 0 ARD share", a, 0.25), Expect("A: camp 0 unrescaled share", u, 0.125);
  MSMetricsCampARD(&m, 1, &a, &u);
  Expect("A: camp 1 ARD share", a, 0.5), Expect("A: camp 1 unrescaled share", u, 0.5);
  /* relative errors |s-o|/o: camp 0: 0/10 = 0, 10/20 = 0.5, (o = 0: none), 20/40 = 0.5
     -> mean over 3 days 1/3, last 0.5; camp 1: 10/10 = 1, 10/20 = 0.5, 40/40 = 1, 20/40 = 0.5
     -> mean 3/4, last 0.5 */
  Expect("A: rel error camp 0 day 1", MSMetricsRelError(&m, 1, 0), 0.5);
  Expect("A: rel error camp 0 day 2 (o = 0)", MSMetricsRelError(&m, 2, 0), NAN);
  MSMetricsCampRelError(&m, 0, &mean, &last, &used);
  Expect("A: rel error camp 0 mean", mean, 1.0 / 3.0),
      Expect("A: rel error camp 0 last", last, 0.5), Expect("A: rel error camp 0 days", used, 3);
  MSMetricsCampRelError(&m, 1, &mean, &last, &used);
  Expect("A: rel error camp 1 mean", mean, 0.75), Expect("A: rel error camp 1 last", last, 0.5),
      Expect("A: rel error camp 1 days", used, 4);
  /* MASE with lag 2. camp 0: mean |o - s'| = (10 + 10 + 0 + 20)/4 = 10; naive errors
     t=2: |0 - 10| = 10, t=3: |40 - 20| = 20, mean 15 -> 10/15 = 2/3.
     camp 1: (10 + 10 + 40 + 20)/4 = 20; naive |40 - 10| = 30, |40 - 20| = 20, mean 25 -> 0.8.
     lag 1, camp 0: naive |20-10|, |0-20|, |40-0| = 10, 20, 40, mean 70/3 -> 10/(70/3) = 3/7.
     lag 4 = ndays and the default lag 30: no naive forecast -> NaN */
  Expect("A: MASE camp 0 lag 2", MSMetricsMASE(&m, 0, 2), 2.0 / 3.0);
  Expect("A: MASE camp 1 lag 2", MSMetricsMASE(&m, 1, 2), 0.8);
  Expect("A: MASE camp 0 lag 1", MSMetricsMASE(&m, 0, 1), 3.0 / 7.0);
  Expect("A: MASE camp 0 lag 4 (= days)", MSMetricsMASE(&m, 0, 4), NAN);
  Expect("A: MASE camp 0 lag 30", MSMetricsMASE(&m, 0, MS_METRICS_MASE_LAG), NAN);
  /* totals: camps' sum S against O: |10-20|/20 = 0.5, 0, |0-40|/40 = 1, 0 -> mean 0.375, last 0;
     no camp has a MASE with lag 30 -> NaN */
  MSMetricsCompute(&m, camp, &sum);
  Expect("A: summary ARD", sum.ard, 0.75),
      Expect("A: summary ARD unrescaled", sum.ard_unrescaled, 0.625);
  Expect("A: summary rel error mean", sum.rel_error_mean, 0.375),
      Expect("A: summary rel error last", sum.rel_error_last, 0.0);
  Expect("A: summary MASE", sum.mase, NAN), Expect("A: summary MASE camps", sum.ncamps_mase, 0);
  Expect("A: compute camp 1 rel error mean", camp[1].rel_error_mean, 0.75),
      Expect("A: compute camp 0 share", camp[0].ard, 0.25);
}

/* Table B: 32 days, 2 camps, the default lag of 30 days.
 *   o0 = 100 on days 0-15, 200 on days 16-31;  o1 = 100 every day
 *   s0 = 0, s1 = 100 every day: S = 100, O = 200 then 300, s'0 = 0, s'1 = O              */
static void TableB(void)
{
  int64_t          sim[64], obs[64];
  MSMetricsTable   m = {2, 32, NULL, sim, obs};
  MSMetricsCamp    camp[2];
  MSMetricsSummary sum;

  for (int t = 0; t < 32; t++)
    sim[2 * t] = 0, sim[2 * t + 1] = 100, obs[2 * t] = t < 16 ? 100 : 200, obs[2 * t + 1] = 100;
  MSMetricsCompute(&m, camp, &sum);
  /* camp 0: mean |o0 - 0| = (16*100 + 16*200)/32 = 150; naive forecast from day 30 on:
     |o0(30) - o0(0)| = |o0(31) - o0(1)| = 100, mean 100 -> MASE 1.5 */
  Expect("B: MASE camp 0", camp[0].mase, 1.5);
  /* camp 1: its observations never change, the naive forecast is perfect (denominator 0) -> NaN */
  Expect("B: MASE camp 1 (denominator 0)", camp[1].mase, NAN);
  Expect("B: summary MASE (mean of the defined)", sum.mase, 1.5),
      Expect("B: summary MASE camps", sum.ncamps_mase, 1);
  /* relative error camp 0: |0 - o0|/o0 = 1 every day; camp 1: 0 */
  Expect("B: rel error camp 0 mean", camp[0].rel_error_mean, 1.0),
      Expect("B: rel error camp 1 last", camp[1].rel_error_last, 0.0);
  /* total: |100 - 200|/200 = 1/2 on 16 days, |100 - 300|/300 = 2/3 on 16 -> mean 7/12, last 2/3 */
  Expect("B: summary rel error mean", sum.rel_error_mean, 7.0 / 12.0),
      Expect("B: summary rel error last", sum.rel_error_last, 2.0 / 3.0);
  /* ARD: (|0-100| + |200-100|)/200 = 1 on 16 days, (|0-200| + |300-100|)/300 = 4/3 on 16 -> 7/6 */
  Expect("B: ARD", sum.ard, 7.0 / 6.0);
  /* shares: camp 0 (100/200 + 200/300)/2 = 7/12, camp 1 the same (by symmetry of the terms) */
  Expect("B: camp 0 ARD share", camp[0].ard, 7.0 / 12.0),
      Expect("B: camp 1 ARD share", camp[1].ard, 7.0 / 12.0);
}

/* Table C: one camp never observed (o = 0 all days): no relative error, no MASE; a single
   camp's rescaled simulation equals its observation wherever S > 0, so its ARD is 0. */
static void TableC(void)
{
  int64_t          sim[] = {5, 0, 7}, obs[] = {0, 0, 0};
  MSMetricsTable   m = {1, 3, NULL, sim, obs};
  MSMetricsCamp    camp;
  MSMetricsSummary sum;

  MSMetricsCompute(&m, &camp, &sum);
  Expect("C: rel error mean (never observed)", camp.rel_error_mean, NAN),
      Expect("C: rel error days", camp.rel_error_days, 0);
  Expect("C: rel error last", camp.rel_error_last, NAN);
  /* O = 0: s' = s*0/S = 0, terms 0/max(0,1) = 0; unrescaled (5 + 0 + 7)/1 / 3 = 4 */
  Expect("C: ARD", sum.ard, 0.0), Expect("C: ARD unrescaled", sum.ard_unrescaled, 4.0);
}

int main(void)
{
  TableA();
  TableB();
  TableC();
  if (failures)
    printf("%d check(s) failed\n", failures);
  else
    printf("all checks passed\n");
  return failures ? 1 : 0;
}
