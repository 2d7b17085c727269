/* A forecast in words and tables: the formats of numbers and dates, the sentences of the
   warnings and of the variants' effects, and the CSV tables (include/ms_forecast_report.h). */
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include "ms_format.h"
#include "ms_forecast_report.h"
#include "ms_scenario.h"

void MSForecastReportFormatReal(double v, char buf[], size_t len)
{
  buf[0] = 0;
  if (!isnan(v)) MSFormatReal(v, buf, len);
}

void MSForecastReportFormatPeople(double v, PetscBool grouping, char buf[], size_t len)
{
  char      digits[32], text[64], *o = text;
  long long n;
  int       nd;

  buf[0] = 0;
  if (!isfinite(v) || fabs(v) > 1e18) return;
  n = llround(v);
  if (!grouping) {
    snprintf(buf, len, "%lld", n);
    return;
  }
  nd = snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
  if (n < 0) o += snprintf(o, sizeof(text), "\u2212");
  for (int i = 0; i < nd; i++) {
    *o++ = digits[i];
    if (i < nd - 1 && (nd - 1 - i) % 3 == 0) *o++ = ',';
  }
  *o = 0;
  (void)PetscStrncpy(buf, text, len);
}

/* Simulation day `day` of r as YYYY-MM-DD. */
static PetscErrorCode IsoDate(const MSForecastResult *r, int day, char iso[11])
{
  int64_t start;

  PetscFunctionBegin;
  PetscCheck(!MSDateParse(r->start_date, &start), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "forecast: bad start date '%s'", r->start_date);
  MSDateFormat(start + day, iso);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastReportFormatDate(const MSForecastResult *r, int day, MSDateStyle style,
                                          char buf[], size_t len)
{
  static const char *const month[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};
  char                     iso[11];
  int                      y, m, d;

  PetscFunctionBegin;
  PetscCall(IsoDate(r, day, iso));
  PetscCheck(sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "forecast: day %d has no date", day);
  switch (style) {
  case MS_DATE_LONG: snprintf(buf, len, "%d %s %d", d, month[m - 1], y); break;
  case MS_DATE_SHORT: snprintf(buf, len, "%d %.3s %d", d, month[m - 1], y); break;
  case MS_DATE_DAYMONTH: snprintf(buf, len, "%d %.3s", d, month[m - 1]); break;
  case MS_DATE_MONTH: snprintf(buf, len, "%.3s", month[m - 1]); break;
  case MS_DATE_MONTHYEAR: snprintf(buf, len, "%.3s %d", month[m - 1], y); break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- Sentences, built by appending to a buffer that must not overflow */

typedef struct {
  char  *buf;
  size_t len, used;
} Text;

static PetscErrorCode Say(Text *t, const char fmt[], ...) PETSC_ATTRIBUTE_FORMAT(2, 3);
static PetscErrorCode Say(Text *t, const char fmt[], ...)
{
  va_list ap;
  int     n;

  PetscFunctionBegin;
  va_start(ap, fmt);
  n = vsnprintf(t->buf + t->used, t->len - t->used, fmt, ap);
  va_end(ap);
  PetscCheck(n >= 0 && (size_t)n < t->len - t->used, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "forecast report: a sentence longer than %zu bytes (a name that long?)", t->len);
  t->used += (size_t)n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A share of members, at most two decimals and no trailing zeros: 0.7, 0.55, 1. */
static void FormatProbability(double p, char buf[32])
{
  size_t n;
  snprintf(buf, 32, "%.2f", p);
  n = strlen(buf);
  while (n > 1 && buf[n - 1] == '0') buf[--n] = 0;
  if (buf[n - 1] == '.') buf[n - 1] = 0;
}

static void FormatPercent(double share, char buf[32]) { snprintf(buf, 32, "%.3g", 100 * share); }

static void FormatSigned(double v, char buf[32])
{
  buf[0] = llround(v) > 0 ? '+' : 0, buf[1] = 0;
  MSForecastReportFormatPeople(v, PETSC_TRUE, buf + strlen(buf), 31 - strlen(buf));
}

static const char *People(double n) { return llabs(llround(n)) == 1 ? "person" : "people"; }

/* A change given by its 5, 50 and 95 % quantiles, in whole people: +1 when none is below 0
   (then a, b, c are low, median, high), -1 when none is above 0 (then they are the sizes of
   the high, the median and the low: "300 fewer (226–374)"), 0 when they straddle 0 (then they
   are signed: "+150 (−200 to +400)"). */
static int Change(double q05, double q50, double q95, char a[32], char b[32], char c[32])
{
  double lo = round(q05), mid = round(q50), hi = round(q95);

  if (lo < 0 && hi > 0) {
    FormatSigned(lo, a), FormatSigned(mid, b), FormatSigned(hi, c);
    return 0;
  }
  MSForecastReportFormatPeople(fabs(mid), PETSC_TRUE, b, 32);
  MSForecastReportFormatPeople(lo >= 0 ? lo : -hi, PETSC_TRUE, a, 32);
  MSForecastReportFormatPeople(lo >= 0 ? hi : -lo, PETSC_TRUE, c, 32);
  return lo >= 0 ? 1 : -1;
}

/* The change of occupancy since F: "1,240 more people than on 12 March 2013 (800–1,900)". */
static PetscErrorCode SayChange(Text *t, const MSForecastResult *r, const double q[3])
{
  char date[32], a[32], b[32], c[32];
  int  sign = Change(q[0], q[1], q[2], a, b, c);

  PetscFunctionBegin;
  PetscCall(MSForecastReportFormatDate(r, r->forecast_day, MS_DATE_LONG, date, sizeof(date)));
  if (sign)
    PetscCall(Say(t, "%s %s %s than on %s (%s\u2013%s)", b, sign > 0 ? "more" : "fewer",
                  People(q[1]), date, a, c));
  else
    PetscCall(Say(t, "a change of %s %s since %s (%s to %s)", b, People(q[1]), date, a, c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const char *Times(double k, char buf[32])
{
  if (k == 2) return "twice";
  if (k == 3) return "three times";
  snprintf(buf, 32, "%g times", k);
  return buf;
}

/* Whether occupancy warning w fires on the first forecast day for a destination that was
   already past the threshold on the forecast day F (the members' median there). */
static PetscBool AlreadyFull(const MSForecastResult *r, const MSForecastWarning *w)
{
  int k = r->forecast_day - r->first_day;

  if (w->kind != MS_FWARN_OCCUPANCY || w->day != r->forecast_day + 1 || !(w->capacity > 0) ||
      k < 0 || k >= r->ndays)
    return PETSC_FALSE;
  return (PetscBool)(r->occ_q[MSForecastIndex(r, w->dest, k, 2)] > r->warn_occupancy * w->capacity);
}

const MSForecastWarning *MSForecastReportFindWarning(const MSForecastResult *r,
                                                     MSForecastWarnKind kind, int dest, int variant)
{
  for (int i = 0; i < r->nwarn; i++)
    if (r->warn[i].kind == kind && r->warn[i].dest == dest && r->warn[i].variant == variant)
      return &r->warn[i];
  return NULL;
}

/* Whether r has a warning like w (kind, variant, day) at destination d. */
static PetscBool HasTwin(const MSForecastResult *r, const MSForecastWarning *w, int d)
{
  const MSForecastWarning *x = MSForecastReportFindWarning(r, w->kind, d, w->variant);
  return (PetscBool)(x && x->day == w->day);
}

PetscBool MSForecastReportWarningFolded(const MSForecastResult *r, const MSForecastWarning *w)
{
  int e = r->dest_same ? r->dest_same[w->dest] : -1;
  /* a host warning's population is the region's or country's own: never a repeat */
  return (PetscBool)(e >= 0 && w->kind != MS_FWARN_HOST && HasTwin(r, w, e));
}

/* Who warning w is about: a camp by its name, a region or country with its kind (a region may
   share a camp's or a country's name: mali's Niamey is both); then the regions and countries
   with the same camps whose same warnings are folded into this one. */
static PetscErrorCode SayWho(Text *t, const MSForecastResult *r, const MSForecastWarning *w)
{
  int       d = w->dest, folded = 0;
  PetscBool camp = (PetscBool)(r->dest_kind[d] == MS_DEST_CAMP);

  PetscFunctionBegin;
  PetscCall(Say(t, "%s", r->dest_name[d]));
  if (!camp) PetscCall(Say(t, " (%s", MSDestKindNames[r->dest_kind[d]]));
  for (int e = 0; r->dest_same && w->kind != MS_FWARN_HOST && e < r->ndest; e++)
    if (r->dest_same[e] == d && HasTwin(r, w, e))
      PetscCall(Say(t, "%s%s %s",
                    folded++ ? " and "
                    : camp   ? " (the only camp of "
                             : ", the same camps as ",
                    MSDestKindNames[r->dest_kind[e]], r->dest_name[e]));
  if (!camp || folded) PetscCall(Say(t, ")"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastReportWarningSentence(const MSForecastResult  *r,
                                               const MSForecastWarning *w, char buf[], size_t len)
{
  Text t = {buf, len, 0};
  char day[32], fday[32], p[32], med[32], thr[32], cap[32], k[32];

  PetscFunctionBegin;
  PetscCheck(w->dest >= 0 && w->dest < r->ndest, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "forecast: a warning of destination %d of %d", w->dest, r->ndest);
  PetscCall(SayWho(&t, r, w));
  PetscCall(MSForecastReportFormatDate(r, w->day, MS_DATE_LONG, day, sizeof(day)));
  PetscCall(MSForecastReportFormatDate(r, r->forecast_day, MS_DATE_LONG, fday, sizeof(fday)));
  FormatProbability(w->probability, p);
  MSForecastReportFormatPeople(w->capacity, PETSC_TRUE, cap, sizeof(cap));
  switch (w->kind) {
  case MS_FWARN_OCCUPANCY:
    FormatPercent(r->warn_occupancy, thr);
    MSForecastReportFormatPeople(w->median, PETSC_TRUE, med, sizeof(med));
    if (AlreadyFull(r, w)) {
      /* past the threshold on the forecast day itself: a planner must read that it is full
         now, not that it fills up tomorrow */
      char now[32];
      MSForecastReportFormatPeople(
          r->occ_q[MSForecastIndex(r, w->dest, r->forecast_day - r->first_day, 2)], PETSC_TRUE, now,
          sizeof(now));
      PetscCall(Say(&t,
                    ": more than %s %% full already on %s (%s %s for %s places) and on %s, "
                    "probability %s",
                    thr, fday, now, People(w->median), cap, day, p));
    } else
      PetscCall(Say(&t, ": more than %s %% full from %s, probability %s", thr, day, p));
    if (w->capacity > 0)
      PetscCall(Say(&t, " (median %s %s for %s places)", med, People(w->median), cap));
    break;
  case MS_FWARN_SURGE:
    MSForecastReportFormatPeople(w->median, PETSC_TRUE, med, sizeof(med));
    MSForecastReportFormatPeople(w->threshold, PETSC_TRUE, thr, sizeof(thr));
    /* each forecast is tested against its own average, so the medians of the week's arrivals
       and of the thresholds may stand either way round: they are given as medians */
    PetscCall(Say(&t,
                  ": arrivals surge from %s, probability %s: the arrivals of the week to that "
                  "day pass %s the forecast's own weekly average of the 4 weeks before %s "
                  "(medians over the forecasts: %s %s in the week, a threshold of %s)",
                  day, p, Times(r->warn_surge, k), fday, med, People(w->median), thr));
    break;
  case MS_FWARN_HOST:
    FormatPercent(r->warn_host_ratio, thr), FormatPercent(w->median, med);
    MSForecastReportFormatPeople(r->host_pop[w->dest], PETSC_TRUE, cap, sizeof(cap));
    PetscCall(Say(&t,
                  ": arrivals since %s exceed %s %% of the host population (%s) from %s, "
                  "probability %s (median %s %%)",
                  fday, thr, cap, day, p, med));
    break;
  }
  PetscCall(Say(&t, "; "));
  PetscCall(SayChange(&t, r, w->more));
  PetscCall(Say(&t, "."));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastReportVariantSentence(const MSForecastResult *r, int v, int d, char buf[],
                                               size_t len)
{
  Text          t = {buf, len, 0};
  const double *q =
      r->diff_occ_q + MSForecastVariantOffset(r, v) + MSForecastIndex(r, d, r->ndays - 1, 0);
  const char *vn = r->variant_name[v], *dn = r->dest_name[d];
  char        end[32], a[32], b[32], c[32];
  int         sign = Change(q[0], q[2], q[4], a, b, c);

  PetscFunctionBegin;
  PetscCall(
      MSForecastReportFormatDate(r, r->first_day + r->ndays - 1, MS_DATE_LONG, end, sizeof(end)));
  if (round(q[0]) == 0 && round(q[4]) == 0)
    PetscCall(Say(&t, "%s leaves %s unchanged by %s.", vn, dn, end));
  else if (sign > 0)
    PetscCall(Say(&t, "%s brings a median of %s more %s (%s\u2013%s) to %s by %s.", vn, b,
                  People(q[2]), a, c, dn, end));
  else if (sign < 0)
    PetscCall(Say(&t, "%s moves a median of %s %s (%s\u2013%s) away from %s by %s.", vn, b,
                  People(q[2]), a, c, dn, end));
  else
    PetscCall(Say(&t, "%s changes %s by a median of %s %s (%s to %s) by %s.", vn, dn, b,
                  People(q[2]), a, c, end));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastReportDestinationSentence(const MSForecastResult *r, int d, char buf[],
                                                   size_t len)
{
  Text          t   = {buf, len, 0};
  const double *q   = r->occ_q + MSForecastIndex(r, d, r->ndays - 1, 0);
  double        now = r->obs[MSForecastDayIndex(r, d, r->forecast_day - r->first_day)];
  char          fday[32], end[32], n[5][32];

  PetscFunctionBegin;
  PetscCall(MSForecastReportFormatDate(r, r->forecast_day, MS_DATE_LONG, fday, sizeof(fday)));
  PetscCall(
      MSForecastReportFormatDate(r, r->first_day + r->ndays - 1, MS_DATE_LONG, end, sizeof(end)));
  MSForecastReportFormatPeople(now, PETSC_TRUE, n[0], sizeof(n[0]));
  if (isfinite(now))
    PetscCall(Say(&t, "Observed on %s: %s %s. ", fday, n[0], People(now)));
  else
    PetscCall(Say(&t, "Not observed on %s. ", fday));
  for (int i = 0; i < 5; i++) MSForecastReportFormatPeople(q[i], PETSC_TRUE, n[i], sizeof(n[i]));
  PetscCall(Say(&t,
                "By %s: median %s %s; 50 %% of forecasts between %s and %s, 90 %% between %s and "
                "%s.",
                end, n[2], People(q[2]), n[1], n[3], n[0], n[4]));
  MSForecastReportFormatPeople(r->capacity[d], PETSC_TRUE, n[0], sizeof(n[0]));
  if (r->capacity[d] > 0) PetscCall(Say(&t, " Capacity %s.", n[0]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- The CSV tables */

/* One field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
static void PutField(FILE *f, const char s[], PetscBool first)
{
  if (!first) fputc(',', f);
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (const char *c = s; *c; c++) {
    if (*c == '"') fputc('"', f);
    fputc(*c, f);
  }
  fputc('"', f);
}

static void PutPeople(FILE *f, double v)
{
  char b[32];
  MSForecastReportFormatPeople(v, PETSC_FALSE, b, sizeof(b));
  PutField(f, b, PETSC_FALSE);
}

static void PutReal(FILE *f, double v)
{
  char b[32];
  MSForecastReportFormatReal(v, b, sizeof(b));
  PutField(f, b, PETSC_FALSE);
}

static void PutQuantileNames(FILE *f, const char what[])
{
  for (int q = 0; q < MS_FORECAST_NQ; q++)
    fprintf(f, ",%s_q%02d", what, (int)lround(100 * MSForecastQuantiles[q]));
}

static PetscErrorCode OpenTable(const MSForecastResult *r, const char prefix[], const char name[],
                                const char holds[], FILE **f, char path[PETSC_MAX_PATH_LEN])
{
  char from[11], to[11];

  PetscFunctionBegin;
  PetscCall(IsoDate(r, r->forecast_day, from));
  PetscCall(IsoDate(r, r->forecast_day + r->horizon, to));
  PetscCall(PetscSNPrintf(path, PETSC_MAX_PATH_LEN, "%s_%s.csv", prefix, name));
  *f = fopen(path, "w");
  PetscCheck(*f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write the forecast's table",
             path);
  fprintf(*f,
          "# migrasim forecast of %s from %s (day %d) to %s (day %d), %d members, inflow %s: %s; "
          "counts are people, rounded to whole people\n",
          r->scenario, from, r->forecast_day, to, r->forecast_day + r->horizon, r->nmembers,
          r->inflow, holds);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CloseTable(FILE *f, const char path[])
{
  PetscFunctionBegin;
  PetscCheck(!ferror(f) && fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "%s: write failed (disk full?)", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The first columns of a row: destination, kind, date, day, forecast (1 after F). */
static PetscErrorCode PutDay(FILE *f, const MSForecastResult *r, int d, int k, const char lead[])
{
  char date[11];

  PetscFunctionBegin;
  PetscCall(IsoDate(r, r->first_day + k, date));
  if (lead) PutField(f, lead, PETSC_TRUE);
  PutField(f, r->dest_name[d], (PetscBool)!lead);
  fprintf(f, ",%s,%s,%d,%d", MSDestKindNames[r->dest_kind[d]], date, r->first_day + k,
          r->first_day + k > r->forecast_day);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteDestinations(const MSForecastResult *r, const char prefix[])
{
  char  path[PETSC_MAX_PATH_LEN];
  FILE *f;

  PetscFunctionBegin;
  PetscCall(OpenTable(r, prefix, "destinations",
                      r->dressed_q
                          ? "per destination and day, quantiles over members of the occupancy and "
                            "the daily arrivals, the observed occupancy, and the occupancy's "
                            "quantiles dressed with a backtest's residuals (-dress; camps after "
                            "the forecast day)"
                          : "per destination and day, quantiles over members of the occupancy and "
                            "the daily arrivals, and the observed occupancy",
                      &f, path));
  fprintf(f, "destination,kind,date,day,forecast,capacity");
  PutQuantileNames(f, "occupancy"), PutQuantileNames(f, "arrivals");
  fprintf(f, ",observed%s", r->obs_hidden ? ",observed_hidden" : "");
  if (r->dressed_q) PutQuantileNames(f, "occupancy_dressed");
  fputc('\n', f);
  for (int d = 0; d < r->ndest; d++)
    for (int k = 0; k < r->ndays; k++) {
      PetscCall(PutDay(f, r, d, k, NULL));
      PutPeople(f, r->capacity[d] > 0 ? r->capacity[d] : NAN);
      for (int q = 0; q < MS_FORECAST_NQ; q++) PutPeople(f, r->occ_q[MSForecastIndex(r, d, k, q)]);
      for (int q = 0; q < MS_FORECAST_NQ; q++) PutPeople(f, r->arr_q[MSForecastIndex(r, d, k, q)]);
      PutPeople(f, r->obs[MSForecastDayIndex(r, d, k)]);
      if (r->obs_hidden) PutPeople(f, r->obs_hidden[MSForecastDayIndex(r, d, k)]);
      for (int q = 0; r->dressed_q && q < MS_FORECAST_NQ; q++)
        PutPeople(f, r->dressed_q[MSForecastIndex(r, d, k, q)]);
      fputc('\n', f);
    }
  PetscCall(CloseTable(f, path));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteVariants(const MSForecastResult *r, const char prefix[])
{
  char  path[PETSC_MAX_PATH_LEN];
  FILE *f;

  PetscFunctionBegin;
  PetscCall(OpenTable(r, prefix, "variants",
                      "per variant, destination and day from the forecast day on, quantiles over "
                      "members of the variant's occupancy and of its differences to the baseline "
                      "(member by member) in occupancy and daily arrivals",
                      &f, path));
  fprintf(f, "variant,destination,kind,date,day,forecast");
  PutQuantileNames(f, "occupancy"), PutQuantileNames(f, "diff_occupancy");
  PutQuantileNames(f, "diff_arrivals");
  fputc('\n', f);
  for (int v = 0; v < r->nvariants; v++)
    for (int d = 0; d < r->ndest; d++)
      for (int k = r->forecast_day - r->first_day; k < r->ndays; k++) {
        size_t o = MSForecastVariantOffset(r, v);
        PetscCall(PutDay(f, r, d, k, r->variant_name[v]));
        for (int q = 0; q < MS_FORECAST_NQ; q++)
          PutPeople(f, r->var_occ_q[o + MSForecastIndex(r, d, k, q)]);
        for (int q = 0; q < MS_FORECAST_NQ; q++)
          PutPeople(f, r->diff_occ_q[o + MSForecastIndex(r, d, k, q)]);
        for (int q = 0; q < MS_FORECAST_NQ; q++)
          PutPeople(f, r->diff_arr_q[o + MSForecastIndex(r, d, k, q)]);
        fputc('\n', f);
      }
  PetscCall(CloseTable(f, path));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteWarnings(const MSForecastResult *r, const char prefix[])
{
  char  path[PETSC_MAX_PATH_LEN], sentence[2048];
  FILE *f;

  PetscFunctionBegin;
  PetscCall(OpenTable(r, prefix, "warnings",
                      "one row a warning, in order of day; median and threshold are people for "
                      "occupancy and surge (weekly arrivals), shares of the host population for "
                      "host_ratio; more_* is the occupancy minus that of the forecast day",
                      &f, path));
  fprintf(f, "variant,kind,destination,date,day,probability,median,threshold,capacity,more_q05,"
             "more_q50,more_q95,sentence\n");
  for (int i = 0; i < r->nwarn; i++) {
    const MSForecastWarning *w = &r->warn[i];
    char                     date[11];

    PetscCall(MSForecastReportWarningSentence(r, w, sentence, sizeof(sentence)));
    PetscCall(IsoDate(r, w->day, date));
    PutField(f, w->variant < 0 ? "baseline" : r->variant_name[w->variant], PETSC_TRUE);
    fprintf(f, ",%s", MSForecastWarnKindNames[w->kind]);
    PutField(f, r->dest_name[w->dest], PETSC_FALSE);
    fprintf(f, ",%s,%d", date, w->day);
    PutReal(f, w->probability);
    if (w->kind == MS_FWARN_HOST)
      PutReal(f, w->median), PutReal(f, w->threshold);
    else
      PutPeople(f, w->median), PutPeople(f, w->threshold);
    PutPeople(f, w->capacity > 0 ? w->capacity : NAN);
    for (int q = 0; q < 3; q++) PutPeople(f, w->more[q]);
    PutField(f, sentence, PETSC_FALSE);
    fputc('\n', f);
  }
  PetscCall(CloseTable(f, path));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastReportWriteTables(const MSForecastResult *r, const char prefix[])
{
  PetscFunctionBegin;
  PetscCall(WriteDestinations(r, prefix));
  if (r->nvariants) PetscCall(WriteVariants(r, prefix));
  PetscCall(WriteWarnings(r, prefix));
  PetscFunctionReturn(PETSC_SUCCESS);
}
