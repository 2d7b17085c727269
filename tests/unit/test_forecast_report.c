/* The report writers on a small synthetic forecast built in memory: two camps, their region
   and country, 40 days (forecast day 19, horizon 20), 20 members, one variant (close_border,
   which sends fewer people to Camp Alpha) and two warnings.

     test_forecast_report PREFIX [-backtest]

   writes PREFIX_destinations.csv, PREFIX_variants.csv, PREFIX_warnings.csv and PREFIX.html,
   and checks the tables' content and the sentences against hand-written expectations;
   -backtest adds observations after the forecast day (hidden from it); without it, the camps'
   occupancy is also dressed (-dress: three times the members' spread after F). The values follow
   simple formulas so that the expected rows can be worked out by hand: quantile q of a
   forecast is median + z_q * spread with z = -1.645, -0.674, 0, 0.674, 1.645. */
#include <math.h>
#include <string.h>
#include "ms_forecast_report.h"

static const double Z[MS_FORECAST_NQ] = {-1.645, -0.674, 0, 0.674, 1.645};
static int          failures;

#define F 19
#define H 20

static void Expect(const char what[], PetscBool ok)
{
  if (!ok) printf("FAIL %s\n", what), failures++;
}

static void Quantiles(double *q, double median, double spread)
{
  for (int i = 0; i < MS_FORECAST_NQ; i++) q[i] = median + Z[i] * spread;
}

/* Camp Alpha grows by 25 a day to 1,475 on day F, then by a median of 40 a day; Camp Béta
   shrinks by 5 a day to 705, then grows by 10. Before F the members ran freely (0.9 of the
   observations); at F they hold the observation. */
static void Fill(MSForecastResult *r, int d, double obs0, double slope, double fslope,
                 double spread, double arrivals)
{
  double at_F = obs0 + slope * F;

  for (int k = 0; k < r->ndays; k++) {
    double *occ = r->occ_q + MSForecastIndex(r, d, k, 0),
           *arr = r->arr_q + MSForecastIndex(r, d, k, 0);
    if (k < F)
      Quantiles(occ, 0.9 * (obs0 + slope * k), 20);
    else
      Quantiles(occ, at_F + fslope * (k - F), spread * sqrt(k - F));
    Quantiles(arr, k <= F ? arrivals : arrivals + 15, k <= F ? 5 : 8);
    r->obs[MSForecastDayIndex(r, d, k)] = k <= F ? obs0 + slope * k : NAN;
    if (r->obs_hidden)
      r->obs_hidden[MSForecastDayIndex(r, d, k)] = k > F ? at_F + (fslope + 3) * (k - F) : NAN;
  }
}

/* The region and the country: both the sum of the two camps. */
static void FillSum(MSForecastResult *r, int d)
{
  for (size_t i = 0; i < (size_t)r->ndays * MS_FORECAST_NQ; i++) {
    r->occ_q[MSForecastIndex(r, d, 0, 0) + i] =
        r->occ_q[MSForecastIndex(r, 0, 0, 0) + i] + r->occ_q[MSForecastIndex(r, 1, 0, 0) + i];
    r->arr_q[MSForecastIndex(r, d, 0, 0) + i] =
        r->arr_q[MSForecastIndex(r, 0, 0, 0) + i] + r->arr_q[MSForecastIndex(r, 1, 0, 0) + i];
  }
  for (int k = 0; k < r->ndays; k++)
    r->obs[MSForecastDayIndex(r, d, k)] =
        r->obs[MSForecastDayIndex(r, 0, k)] + r->obs[MSForecastDayIndex(r, 1, k)];
}

/* close_border: 15 fewer a day at Camp Alpha from F on (spread 10 sqrt(days)), so at its
   region and country too; nothing at Camp Béta. */
static void FillVariant(MSForecastResult *r)
{
  for (int d = 0; d < r->ndest; d++)
    for (int k = 0; k < r->ndays; k++) {
      double *dq           = r->diff_occ_q + MSForecastIndex(r, d, k, 0),
             *da           = r->diff_arr_q + MSForecastIndex(r, d, k, 0);
      double       *vq     = r->var_occ_q + MSForecastIndex(r, d, k, 0);
      const double *bq     = r->occ_q + MSForecastIndex(r, d, k, 0);
      PetscBool     change = (PetscBool)(d != 1 && k > F);
      Quantiles(dq, change ? -15.0 * (k - F) : 0, change ? 10 * sqrt(k - F) : 0);
      Quantiles(da, change ? -15 : 0, change ? 3 : 0);
      for (int q = 0; q < MS_FORECAST_NQ; q++) vq[q] = bq[q] + dq[2];
    }
}

static PetscErrorCode Strings(int n, const char *const src[], char ***dst)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, dst));
  for (int i = 0; i < n; i++) PetscCall(PetscStrallocpy(src[i], &(*dst)[i]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The camps' dressed occupancy after F: the median + z_q * 3 x the members' spread. */
static PetscErrorCode FillDressed(MSForecastResult *r)
{
  size_t nq = (size_t)r->ndest * r->ndays * MS_FORECAST_NQ;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nq, &r->dressed_q));
  for (size_t i = 0; i < nq; i++) r->dressed_q[i] = NAN;
  for (int d = 0; d < 2; d++)
    for (int k = F + 1; k < r->ndays; k++) {
      const double *q = r->occ_q + MSForecastIndex(r, d, k, 0);
      Quantiles(r->dressed_q + MSForecastIndex(r, d, k, 0), q[2], 3 * (q[4] - q[2]) / Z[4]);
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Build(MSForecastResult *r, PetscBool backtest)
{
  static const char *const names[] = {"Camp Alpha", "Camp Béta", "North Region", "Testland"};
  static const char *const an[]    = {"scenario", "seed", "horizon", "note"};
  static const char *const av[]    = {"tests/forecast", "1", "20", "a<b & c"};
  static const char *const vn[] = {"close_border"}, *const vf[] = {"variants/close_border.csv"};
  const MSDestKind kind[] = {MS_DEST_CAMP, MS_DEST_CAMP, MS_DEST_REGION, MS_DEST_COUNTRY};
  const double     cap[] = {2000, 1500, 3500, 3500}, host[] = {0, 0, 250000, 1000000};
  size_t           nq;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(PetscStrallocpy("tests/data/forecast_demo", &r->scenario));
  PetscCall(PetscStrncpy(r->start_date, "2013-02-01", sizeof(r->start_date)));
  r->forecast_day = F, r->horizon = H, r->first_day = 0, r->ndays = F + H + 1, r->nmembers = 20;
  r->inflow = "persist", r->warn_occupancy = 0.9, r->warn_probability = 0.5, r->warn_surge = 2;
  r->warn_host_ratio = 0.1, r->ndest = 4, r->nvariants = 1, r->nattr = 4;
  PetscCall(Strings(4, names, &r->dest_name));
  PetscCall(PetscMalloc1(4, &r->dest_kind));
  PetscCall(PetscMalloc1(4, &r->capacity));
  PetscCall(PetscMalloc1(4, &r->host_pop));
  PetscCall(PetscArraycpy(r->dest_kind, kind, 4));
  PetscCall(PetscArraycpy(r->capacity, cap, 4));
  PetscCall(PetscArraycpy(r->host_pop, host, 4));
  nq = (size_t)r->ndest * r->ndays * MS_FORECAST_NQ;
  PetscCall(PetscMalloc1(nq, &r->occ_q));
  PetscCall(PetscMalloc1(nq, &r->arr_q));
  PetscCall(PetscMalloc1(nq, &r->var_occ_q));
  PetscCall(PetscMalloc1(nq, &r->diff_occ_q));
  PetscCall(PetscMalloc1(nq, &r->diff_arr_q));
  PetscCall(PetscMalloc1((size_t)r->ndest * r->ndays, &r->obs));
  if (backtest) PetscCall(PetscMalloc1((size_t)r->ndest * r->ndays, &r->obs_hidden));
  Fill(r, 0, 1000, 25, 40, 25, 25);
  Fill(r, 1, 800, -5, 10, 15, 12);
  FillSum(r, 2), FillSum(r, 3);
  FillVariant(r);
  if (!backtest) PetscCall(FillDressed(r));
  PetscCall(Strings(1, vn, &r->variant_name));
  PetscCall(Strings(1, vf, &r->variant_file));
  PetscCall(Strings(4, an, &r->attr_name));
  PetscCall(Strings(4, av, &r->attr_value));
  /* two in the baseline; close_border keeps Camp Béta's (it does not change Camp Béta) */
  r->nwarn = 3;
  PetscCall(PetscCalloc1(3, &r->warn));
  r->warn[0] =
      (MSForecastWarning){MS_FWARN_SURGE, 1, -1, 24, 0.55, 420, 300, 1500, {-50, 120, 260}};
  r->warn[1] = (MSForecastWarning){MS_FWARN_SURGE, 1, 0, 24, 0.55, 420, 300, 1500, {-50, 120, 260}};
  r->warn[2] =
      (MSForecastWarning){MS_FWARN_OCCUPANCY, 0, -1, 27, 0.65, 1830, 1800, 2000, {180, 330, 480}};
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether file path has a line equal to want (lines compared without their newline), and how
   many lines it has. */
static PetscBool HasLine(const char path[], const char want[], int *nlines)
{
  char      line[4096];
  FILE     *f     = fopen(path, "r");
  PetscBool found = PETSC_FALSE;

  *nlines = 0;
  if (!f) return PETSC_FALSE;
  while (fgets(line, sizeof(line), f)) {
    line[strcspn(line, "\n")] = 0;
    if (!strcmp(line, want)) found = PETSC_TRUE;
    (*nlines)++;
  }
  fclose(f);
  return found;
}

static void ExpectLine(const char path[], const char want[])
{
  int n;
  if (!HasLine(path, want, &n)) printf("FAIL %s lacks the line\n  %s\n", path, want), failures++;
}

static void ExpectLines(const char path[], int want)
{
  int n;
  (void)HasLine(path, "", &n);
  if (n != want) printf("FAIL %s has %d lines, not %d\n", path, n, want), failures++;
}

static PetscErrorCode CheckTables(const char prefix[], PetscBool backtest)
{
  char path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s_destinations.csv", prefix));
  ExpectLines(path, 2 + 4 * (F + H + 1));
  ExpectLine(path, backtest
                       ? "# migrasim forecast of tests/data/forecast_demo from 2013-02-20 (day 19) "
                         "to 2013-03-12 (day 39), 20 members, inflow persist: per destination and "
                         "day, quantiles over members of the occupancy and the daily arrivals, and "
                         "the observed occupancy; counts are people, rounded to whole people"
                       : "# migrasim forecast of tests/data/forecast_demo from 2013-02-20 (day 19) "
                         "to 2013-03-12 (day 39), 20 members, inflow persist: per destination and "
                         "day, quantiles over members of the occupancy and the daily arrivals, the "
                         "observed occupancy, and the occupancy's quantiles dressed with a "
                         "backtest's residuals (-dress; camps after the forecast day); counts are "
                         "people, rounded to whole people");
  ExpectLine(path, backtest
                       ? "destination,kind,date,day,forecast,capacity,occupancy_q05,occupancy_q25,"
                         "occupancy_q50,occupancy_q75,occupancy_q95,arrivals_q05,arrivals_q25,"
                         "arrivals_q50,arrivals_q75,arrivals_q95,observed,observed_hidden"
                       : "destination,kind,date,day,forecast,capacity,occupancy_q05,occupancy_q25,"
                         "occupancy_q50,occupancy_q75,occupancy_q95,arrivals_q05,arrivals_q25,"
                         "arrivals_q50,arrivals_q75,arrivals_q95,observed,occupancy_dressed_q05,"
                         "occupancy_dressed_q25,occupancy_dressed_q50,occupancy_dressed_q75,"
                         "occupancy_dressed_q95");
  /* on F every member holds the observation; arrivals 25 + z 5 */
  ExpectLine(
      path,
      backtest
          ? "Camp Alpha,camp,2013-02-20,19,0,2000,1475,1475,1475,1475,1475,17,22,25,28,33,1475,"
          : "Camp "
            "Alpha,camp,2013-02-20,19,0,2000,1475,1475,1475,1475,1475,17,22,25,28,33,1475,,,,,");
  /* 4 days on: 1635 + z 50 (1552.75 rounds to 1553), arrivals 40 + z 8; observed later 1635 + 12;
     dressed 1635 + z 150 */
  ExpectLine(
      path,
      backtest
          ? "Camp Alpha,camp,2013-02-24,23,1,2000,1553,1601,1635,1669,1717,27,35,40,45,53,,1647"
          : "Camp Alpha,camp,2013-02-24,23,1,2000,1553,1601,1635,1669,1717,27,35,40,45,53,,1388,"
            "1534,1635,1736,1882");
  if (!backtest)
    ExpectLine(path,
               "Testland,country,2013-02-01,0,0,3500,1554,1593,1620,1647,1686,21,30,37,44,53,1800,"
               ",,,,");

  PetscCall(PetscSNPrintf(path, sizeof(path), "%s_variants.csv", prefix));
  ExpectLines(path, 2 + 4 * (H + 1));
  ExpectLine(path,
             "variant,destination,kind,date,day,forecast,occupancy_q05,occupancy_q25,occupancy_q50,"
             "occupancy_q75,occupancy_q95,diff_occupancy_q05,diff_occupancy_q25,"
             "diff_occupancy_q50,diff_occupancy_q75,diff_occupancy_q95,diff_arrivals_q05,"
             "diff_arrivals_q25,diff_arrivals_q50,diff_arrivals_q75,diff_arrivals_q95");
  ExpectLine(path, "close_border,Camp "
                   "Alpha,camp,2013-02-24,23,1,1493,1541,1575,1609,1657,-93,-73,-60,-47,-27,-20,-"
                   "17,-15,-13,-10");
  ExpectLine(path,
             "close_border,Camp Béta,camp,2013-02-20,19,0,705,705,705,705,705,0,0,0,0,0,0,0,0,0,0");

  PetscCall(PetscSNPrintf(path, sizeof(path), "%s_warnings.csv", prefix));
  ExpectLines(path, 5);
  ExpectLine(path,
             "variant,kind,destination,date,day,probability,median,threshold,capacity,more_q05,"
             "more_q50,more_q95,sentence");
  ExpectLine(path,
             "baseline,surge,Camp Béta,2013-02-25,24,0.55,420,300,1500,-50,120,260,\"Camp Béta: "
             "arrivals surge from 25 February 2013, probability 0.55: the arrivals of the week to "
             "that day pass twice the forecast's own weekly average of the 4 weeks before 20 "
             "February 2013 (medians over the forecasts: 420 people in the week, a threshold of "
             "300); a change of +120 people since 20 February 2013 (\u221250 to +260).\"");
  ExpectLine(
      path, "close_border,surge,Camp Béta,2013-02-25,24,0.55,420,300,1500,-50,120,260,\"Camp Béta: "
            "arrivals surge from 25 February 2013, probability 0.55: the arrivals of the week to "
            "that day pass twice the forecast's own weekly average of the 4 weeks before 20 "
            "February 2013 (medians over the forecasts: 420 people in the week, a threshold of "
            "300); a change of +120 people since 20 February 2013 (\u221250 to +260).\"");
  ExpectLine(
      path, "baseline,occupancy,Camp Alpha,2013-02-28,27,0.65,1830,1800,2000,180,330,480,\"Camp "
            "Alpha: more than 90 % full from 28 February 2013, probability 0.65 (median 1,830 "
            "people for 2,000 places); 330 more people than on 20 February 2013 (180\u2013480).\"");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckSentences(const MSForecastResult *r)
{
  char s[2048];

  PetscFunctionBegin;
  /* at day 39: -300 + z 10 sqrt(20) */
  PetscCall(MSForecastReportVariantSentence(r, 0, 0, s, sizeof(s)));
  Expect("variant sentence, Camp Alpha",
         (PetscBool)!strcmp(s, "close_border moves a median of 300 people (226\u2013374) away from "
                               "Camp Alpha by 12 March 2013."));
  PetscCall(MSForecastReportVariantSentence(r, 0, 1, s, sizeof(s)));
  Expect("variant sentence, Camp Béta",
         (PetscBool)!strcmp(s, "close_border leaves Camp Béta unchanged by 12 March 2013."));
  /* at day 39: 2275 + z 25 sqrt(20) */
  PetscCall(MSForecastReportDestinationSentence(r, 0, s, sizeof(s)));
  Expect("destination sentence, Camp Alpha",
         (PetscBool)!strcmp(
             s, "Observed on 20 February 2013: 1,475 people. By 12 March 2013: median 2,275 "
                "people; 50 % of forecasts between 2,200 and 2,350, 90 % between 2,091 and "
                "2,459. Capacity 2,000."));
  {
    /* an occupancy warning on day F+1 where the median was past the threshold on F already
       (Camp Alpha holds 1,475 on F: past 70 % of its 2,000 places, not 90 %) */
    MSForecastResult  r70 = *r;
    MSForecastWarning w   = {MS_FWARN_OCCUPANCY, 0, -1, F + 1, 1.0, 1515, 1400, 2000, {30, 40, 50}};
    r70.warn_occupancy    = 0.7;
    PetscCall(MSForecastReportWarningSentence(&r70, &w, s, sizeof(s)));
    Expect("warning sentence, already full on F",
           (PetscBool)!strcmp(s, "Camp Alpha: more than 70 % full already on 20 February 2013 "
                                 "(1,475 people for 2,000 places) and on 21 February 2013, "
                                 "probability 1 (median 1,515 people for 2,000 places); 40 more "
                                 "people than on 20 February 2013 (30\u201350)."));
    PetscCall(MSForecastReportWarningSentence(r, &w, s, sizeof(s)));
    Expect("warning sentence, not full on F",
           (PetscBool)!strcmp(s, "Camp Alpha: more than 90 % full from 21 February 2013, "
                                 "probability 1 (median 1,515 people for 2,000 places); 40 more "
                                 "people than on 20 February 2013 (30\u201350)."));
  }
  MSForecastReportFormatPeople(-1234567.5, PETSC_TRUE, s, sizeof(s));
  Expect("people with grouping", (PetscBool)!strcmp(s, "\u22121,234,568"));
  MSForecastReportFormatReal(0.1 + 0.2, s, sizeof(s));
  Expect("shortest exact real", (PetscBool)!strcmp(s, "0.30000000000000004"));
  MSForecastReportFormatReal(2500, s, sizeof(s));
  Expect("an integer as an integer", (PetscBool)!strcmp(s, "2500"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The page written to path, whole, into *page (PetscFree it). */
static PetscErrorCode ReadPage(const char path[], char **page)
{
  FILE  *f = fopen(path, "r");
  size_t n;

  PetscFunctionBegin;
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: not written", path);
  PetscCall(PetscMalloc1(1 << 22, page));
  n          = fread(*page, 1, (1 << 22) - 1, f);
  (*page)[n] = 0;
  fclose(f);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Number of times needle occurs in hay. */
static int Occurrences(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

/* A region of one camp: its warnings that repeat the camp's are folded into the camp's sentence
   in the page's lists (and the console's), kept in its own section; a region's warning names
   its kind. A country of one region's camps: likewise into the region's. */
static PetscErrorCode CheckFolding(const MSForecastResult *r, const char prefix[])
{
  MSForecastResult  f = *r;
  MSForecastWarning warn[5];
  int               only[4] = {-1, -1, 0, -1}; /* North Region holds Camp Alpha alone */
  int               same[4] = {-1, -1, -1, 2}; /* Testland holds North Region's camps */
  char              s[2048], path[PETSC_MAX_PATH_LEN], *page;
  PetscBool         ok;

  PetscFunctionBegin;
  PetscCall(PetscArraycpy(warn, r->warn, 3));
  warn[3] = r->warn[2], warn[3].dest = 2; /* the region's twin of Camp Alpha's occupancy warning */
  warn[4] = (MSForecastWarning){MS_FWARN_HOST, 2, -1, 30, 0.6, 0.12, 0.1, 0, {10, 20, 30}};
  f.warn = warn, f.nwarn = 5, f.dest_same = only;
  Expect("the region's repeat of its only camp's warning is folded",
         MSForecastReportWarningFolded(&f, &warn[3]));
  Expect("the camp's own warning is not folded",
         (PetscBool)!MSForecastReportWarningFolded(&f, &warn[2]));
  Expect("the region's host warning, which no camp has, is not folded",
         (PetscBool)!MSForecastReportWarningFolded(&f, &warn[4]));
  PetscCall(MSForecastReportWarningSentence(&f, &warn[2], s, sizeof(s)));
  PetscCall(PetscStrbeginswith(s,
                               "Camp Alpha (the only camp of region North Region): more than 90 % "
                               "full from 28 February 2013",
                               &ok));
  Expect("the camp's sentence names the region it is the only camp of", ok);
  PetscCall(MSForecastReportWarningSentence(&f, &warn[4], s, sizeof(s)));
  PetscCall(PetscStrbeginswith(s, "North Region (region): ", &ok));
  Expect("a region's sentence names its kind", ok);
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s_folded.html", prefix));
  PetscCall(MSForecastReportWriteHTML(&f, path));
  PetscCall(ReadPage(path, &page));
  /* the warnings list and the camp's section give the camp's sentence; the region's occupancy
     warning appears in the region's own section only */
  Expect("the page gives the folded camp sentence in the list and the camp's section",
         (PetscBool)(Occurrences(page, "Camp Alpha (the only camp of region North Region): more") ==
                     2));
  Expect("the page gives the region's repeated warning once, in its own section",
         (PetscBool)(Occurrences(page, "North Region (region): more than 90 %") == 1));
  Expect("the page lists the region's host warning and its section",
         (PetscBool)(Occurrences(page, "North Region (region): arrivals since") == 2));
  /* the overview, the region's section and close_border's (which changes Camp Alpha) */
  Expect("the overview and the region's headings name its only camp",
         (PetscBool)(Occurrences(page, "region, only camp Camp Alpha") == 3));
  PetscCall(PetscFree(page));

  /* the region's occupancy warning repeated by the country; host warnings on the same day,
     whose populations differ, are not repeats */
  warn[0] = r->warn[2], warn[0].dest = 2;
  warn[1] = warn[0], warn[1].dest = 3;
  warn[2] = (MSForecastWarning){MS_FWARN_HOST, 2, -1, 30, 0.6, 0.12, 0.1, 0, {10, 20, 30}};
  warn[3] = warn[2], warn[3].dest = 3;
  f.nwarn = 4, f.dest_same = same;
  Expect("the country's repeat of its region's warning is folded",
         MSForecastReportWarningFolded(&f, &warn[1]));
  Expect("the region's own warning is not folded",
         (PetscBool)!MSForecastReportWarningFolded(&f, &warn[0]));
  Expect("a host warning on the same day is not folded",
         (PetscBool)!MSForecastReportWarningFolded(&f, &warn[3]));
  PetscCall(MSForecastReportWarningSentence(&f, &warn[0], s, sizeof(s)));
  PetscCall(PetscStrbeginswith(s,
                               "North Region (region, the same camps as country Testland): more "
                               "than 90 % full from 28 February 2013",
                               &ok));
  Expect("the region's sentence names the country of the same camps", ok);
  PetscCall(MSForecastReportWarningSentence(&f, &warn[3], s, sizeof(s)));
  PetscCall(PetscStrbeginswith(s, "Testland (country): arrivals since", &ok));
  Expect("the country's host sentence names only the country", ok);
  PetscCall(MSForecastReportWriteHTML(&f, path));
  PetscCall(ReadPage(path, &page));
  /* the overview, the country's section and close_border's */
  Expect("the overview and the country's headings name the region of the same camps",
         (PetscBool)(Occurrences(page, "country, the same camps as region North Region") == 3));
  Expect("the page lists the country's repeated warning only in its own section",
         (PetscBool)(Occurrences(page, "Testland (country): more than 90 %") == 1));
  PetscCall(PetscFree(page));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A variant's warnings beside the baseline's: the ones it avoids, delays, brings forward, adds. */
static PetscErrorCode CheckComparison(const MSForecastResult *r, const char prefix[])
{
  MSForecastResult  f = *r;
  MSForecastWarning warn[7];
  char              path[PETSC_MAX_PATH_LEN], *page;

  PetscFunctionBegin;
  PetscCall(PetscArraycpy(warn, r->warn, 3)); /* Camp Alpha's occupancy: the baseline's only */
  warn[1].day = 26;                           /* close_border's surge at Camp Béta: 2 days later */
  warn[3]     = (MSForecastWarning){MS_FWARN_HOST, 2, 0, 30, 0.6, 0.12, 0.1, 0, {10, 20, 30}};
  warn[4] = r->warn[2], warn[4].dest = 3, warn[4].day = 25; /* Testland full on day 25, */
  warn[5] = warn[4], warn[5].variant = 0, warn[5].day = 20; /* with close_border on day 20 */
  f.warn = warn, f.nwarn = 6, f.dest_same = NULL;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s_compare.html", prefix));
  PetscCall(MSForecastReportWriteHTML(&f, path));
  PetscCall(ReadPage(path, &page));
  Expect("the variant avoids Camp Alpha's warning",
         (PetscBool)(strstr(page, "<p>Warnings it avoids: Camp Alpha (nearly full).</p>") != NULL));
  Expect("the variant delays Camp Béta's surge",
         (PetscBool)(strstr(page, "<p>Warnings it delays: Camp Béta (surge from 27 Feb 2013 "
                                  "instead of 25 Feb 2013).</p>") != NULL));
  Expect("the variant brings Testland's forward",
         (PetscBool)(strstr(page, "<p>Warnings it brings forward: Testland (country, nearly full "
                                  "from 21 Feb 2013 instead of 26 Feb 2013).</p>") != NULL));
  Expect("the variant adds North Region's host warning",
         (PetscBool)(strstr(page, "<p>Warnings it adds: North Region (region, host community "
                                  "from 3 Mar 2013).</p>") != NULL));
  PetscCall(PetscFree(page));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Observations marked on their dates (obs_point): a dot there only, a thin line between. */
static PetscErrorCode CheckPoints(const MSForecastResult *r, const char prefix[])
{
  MSForecastResult f = *r;
  char             path[PETSC_MAX_PATH_LEN], *page;
  int              dots;

  PetscFunctionBegin;
  f.obs_hidden = NULL; /* the observations up to F only */
  PetscCall(PetscCalloc1((size_t)r->ndest * r->ndays, &f.obs_point));
  for (int d = 0; d < r->ndest; d++) /* observed on days 0 and F */
    f.obs_point[MSForecastDayIndex(r, d, 0)] = f.obs_point[MSForecastDayIndex(r, d, F)] = 1;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s_points.html", prefix));
  PetscCall(MSForecastReportWriteHTML(&f, path));
  PetscCall(PetscFree(f.obs_point));
  PetscCall(ReadPage(path, &page));
  /* the legends' dots are drawn at (14, 7) */
  dots = Occurrences(page, "<circle cx=\"") - Occurrences(page, "<circle cx=\"14\" cy=\"7\"");
  Expect("a dot on each observation date only: 2 in each of the 7 plots", (PetscBool)(dots == 14));
  Expect("a line through the days between",
         (PetscBool)(Occurrences(page, "<polyline fill=\"none\" stroke=\"#1b1f24\"") == 7));
  PetscCall(PetscFree(page));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The page: escaped text, and no reference to anything outside it. */
static PetscErrorCode CheckPage(const char path[])
{
  char *page;

  PetscFunctionBegin;
  PetscCall(ReadPage(path, &page));
  Expect("the page escapes its text", (PetscBool)(strstr(page, "a&lt;b &amp; c") != NULL));
  Expect("the page loads nothing", (PetscBool)(!strstr(page, "src=") && !strstr(page, "<link") &&
                                               !strstr(page, "url(") && !strstr(page, "<script")));
  Expect("the page names every destination",
         (PetscBool)(strstr(page, "Camp Alpha") && strstr(page, "Camp Béta") &&
                     strstr(page, "North Region") && strstr(page, "Testland")));
  Expect("the variant avoids the occupancy warning",
         (PetscBool)(strstr(page, "Warnings it avoids: Camp Alpha (nearly full).<") != NULL));
  PetscCall(PetscFree(page));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MSForecastResult r;
  char             html[PETSC_MAX_PATH_LEN];
  const char      *prefix   = argc > 1 ? argv[1] : "forecast";
  PetscBool        backtest = (PetscBool)(argc > 2 && !strcmp(argv[2], "-backtest"));

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(Build(&r, backtest));
  PetscCall(MSForecastReportWriteTables(&r, prefix));
  PetscCall(PetscSNPrintf(html, sizeof(html), "%s.html", prefix));
  PetscCall(MSForecastReportWriteHTML(&r, html));
  PetscCall(CheckTables(prefix, backtest));
  PetscCall(CheckSentences(&r));
  PetscCall(CheckPage(html));
  PetscCall(CheckFolding(&r, prefix));
  PetscCall(CheckPoints(&r, prefix));
  PetscCall(CheckComparison(&r, prefix));
  PetscCall(MSForecastResultReset(&r));
  if (!failures) printf("test_forecast_report: all checks passed (%s)\n", html);
  PetscCall(PetscFinalize());
  return failures ? 1 : 0;
}
