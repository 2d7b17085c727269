/* MSScenarioCutSeries() on tests/forecast/cut (camps observed on days 0, 10, 20; Camp B's
   registration corrected on day 20, which scales its earlier points by 900 / 300), against the
   values worked out by hand: test_scenario_cut DIR. */
#include <stdio.h>
#include "ms_scenario.h"

static int failures;

static void Check(int ok, const char what[], int day, long long got, long long want)
{
  if (ok) return;
  printf("FAIL %s, day %d: got %lld, want %lld\n", what, day, got, want);
  failures++;
}

/* Series c (-1: the total) of scn against want(d) on days lo..hi. */
static void Expect(const MSScenario *scn, int c, const char what[], int lo, int hi,
                   long long (*want)(int))
{
  const MSSeries *se = c < 0 ? &scn->total : &scn->camp[c];
  for (int d = lo; d <= hi; d++) Check(se->daily[d] == want(d), what, d, se->daily[d], want(d));
}

static long long A(int d) { return d <= 10 ? 40LL * d : d <= 20 ? 400 + 30LL * (d - 10) : 700; }
static long long Bfull(int d) { return d <= 10 ? 90LL * d : 900; } /* corrected: 0, 900, 900 */
static long long C(int d) { return d <= 10 ? 20LL * d : d <= 20 ? 200 + 40LL * (d - 10) : 600; }
static long long A15(int d) { return d <= 10 ? A(d) : 400; }
static long long B15(int d) { return d <= 10 ? 30LL * d : 300; } /* the correction not known */
static long long C15(int d) { return d <= 10 ? C(d) : 200; }
static long long Zero(int d) { return (void)d, 0; }
static long long Total(int d) { return d <= 20 ? 110LL * d : 2200; }

int main(int argc, char **argv)
{
  MSScenario *scn;
  uint64_t    hash;
  int         n;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  if (argc < 2) {
    printf("usage: test_scenario_cut DIR\n");
    return 2;
  }
  PetscCall(MSScenarioLoad(PETSC_COMM_SELF, argv[1], &scn));
  n    = scn->length;
  hash = MSScenarioHash(scn);
  Expect(scn, 0, "full A", 0, n - 1, A), Expect(scn, 1, "full B", 0, n - 1, Bfull);
  Expect(scn, 2, "full C", 0, n - 1, C), Expect(scn, -1, "full total", 0, n - 1, Total);

  /* T = 15: the points of day 20 unknown; held flat from day 10; before it the full series,
     but Camp B's uncorrected (its correction's factor needs day 20) */
  PetscCall(MSScenarioCutSeries(scn, 15));
  Expect(scn, 0, "cut 15 A", 0, n - 1, A15), Expect(scn, 1, "cut 15 B", 0, n - 1, B15);
  Expect(scn, 2, "cut 15 C", 0, n - 1, C15), Expect(scn, -1, "cut 15 total", 0, n - 1, Zero);
  for (int d = 0; d < n; d++)
    Check(scn->camp[0].uncut[d] == A(d), "uncut A", d, scn->camp[0].uncut[d], A(d));
  Check(MSScenarioHash(scn) == hash, "the hash is the uncut scenario's", 15, 0, 0);
  Check(scn->camp[0].last == 20, "a cut keeps the last observation's day", 15, scn->camp[0].last,
        20);

  /* T = 5: only day 0 known, held flat */
  PetscCall(MSScenarioCutSeries(scn, 5));
  Expect(scn, 0, "cut 5 A", 0, n - 1, Zero);

  /* T = 25: every point known: the loader's series, the correction applied */
  PetscCall(MSScenarioCutSeries(scn, 25));
  Expect(scn, 0, "cut 25 A", 0, n - 1, A), Expect(scn, 1, "cut 25 B", 0, n - 1, Bfull);
  Expect(scn, 2, "cut 25 C", 0, n - 1, C), Expect(scn, -1, "cut 25 total", 0, n - 1, Total);

  Check(MSScenarioObservedNear(scn, &scn->camp[1], 10, 0), "observed on day 10", 10, 0, 1);
  Check(!MSScenarioObservedNear(scn, &scn->camp[1], 11, 0), "not observed on day 11", 11, 1, 0);
  Check(MSScenarioObservedNear(scn, &scn->camp[1], 12, 2), "day 12 within 2 days", 12, 0, 1);
  Check(!MSScenarioObservedNear(scn, &scn->camp[1], 15, 4), "day 15 not within 4", 15, 1, 0);
  PetscCall(MSScenarioDestroy(&scn));
  printf("%s: %d failures\n", failures ? "FAIL" : "ok", failures);
  PetscCall(PetscFinalize());
  return failures ? 1 : 0;
}
