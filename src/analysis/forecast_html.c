/* forecast.html: the page a reception planner reads, and its plots as inline SVG
   (include/ms_forecast_report.h). The words come from forecast_report.c; this file only
   lays them out. */
#include <math.h>
#include <string.h>
#include "ms_forecast_report.h"
#include "ms_scenario.h"

/* Text into HTML (element content and attribute values alike). */
static void Esc(FILE *f, const char s[])
{
  for (; *s; s++) switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
}

/* ---- Plots. Coordinates are those of the viewBox; the SVG scales to its container, and the
   page's style sizes its text (larger on a phone, where every other tick label is hidden). */

#define SVG_W 720.0
#define SVG_H 350.0
#define BOX_L 84.0 /* room for the people axis' labels */
#define BOX_R 16.0
#define BOX_T 36.0 /* room for the forecast day's label */
#define BOX_B 44.0 /* room for the dates */

#define BASE_OUTER "#c9dcef"
#define BASE_INNER "#86b3dd"
#define BASE_LINE  "#17457d"
#define DRESS      "#dbe5f1"
#define VAR_OUTER  "#fbcf9f"
#define VAR_INNER  "#f09a4a"
#define VAR_LINE   "#9c3d00"
#define CAP_LINE   "#c0392b"

typedef struct {
  const MSForecastResult *r;
  const MSForecastPlot   *p;
  int                     kF;        /* the forecast day's index */
  double                  top;       /* the people axis runs 0 .. top */
  double                  step;      /* between its ticks */
  PetscBool               capacity;  /* the capacity line is drawn */
  double                  dress_top; /* the dressed band's highest 95 % (0: none) */
  PetscBool               dress_cut; /* it is cut at the top: far above the rest */
} Frame;

static double X(const Frame *fr, int k)
{
  return BOX_L +
         (fr->r->ndays > 1 ? (double)k / (fr->r->ndays - 1) : 0.5) * (SVG_W - BOX_L - BOX_R);
}

static double Y(const Frame *fr, double v)
{
  return SVG_H - BOX_B - fmin(v, fr->top) / fr->top * (SVG_H - BOX_T - BOX_B);
}

static double SeriesMax(const double *v, int from, int n, int stride)
{
  double m = 0;
  for (int k = from; v && k < n; k++)
    if (isfinite(v[(size_t)k * stride])) m = fmax(m, v[(size_t)k * stride]);
  return m;
}

/* A tick step of 1, 2, 2.5 or 5 times a power of 10, whole people, about 5 ticks to top. */
static void Layout(const MSForecastResult *r, const MSForecastPlot *p, Frame *fr)
{
  const int nq = MS_FORECAST_NQ;
  double    m, raw, e;

  fr->r = r, fr->p = p, fr->kF = r->forecast_day - r->first_day;
  m = fmax(SeriesMax(p->band + nq - 1, fr->kF, r->ndays, nq),
           SeriesMax(p->alt_band ? p->alt_band + nq - 1 : NULL, fr->kF, r->ndays, nq));
  m = fmax(m, fmax(SeriesMax(p->obs, 0, r->ndays, 1), SeriesMax(p->obs_hidden, 0, r->ndays, 1)));
  /* a dressed band far above the members' would flatten them: then it is cut at the top */
  fr->dress_top = SeriesMax(p->dressed ? p->dressed + nq - 1 : NULL, fr->kF, r->ndays, nq);
  fr->dress_cut = (PetscBool)(fr->dress_top > 2.5 * m && m > 0);
  m             = fmax(m, fr->dress_cut ? 2.5 * m : fr->dress_top);
  /* a capacity far above the data would flatten it: then it is only named in the legend */
  fr->capacity = (PetscBool)(p->capacity > 0 && (m == 0 || p->capacity <= 2.5 * m));
  if (fr->capacity) m = fmax(m, p->capacity);
  m        = fmax(m * 1.06, 10);
  raw      = m / 5;
  e        = pow(10, floor(log10(raw)));
  fr->step = raw <= e                    ? e
             : raw <= 2 * e              ? 2 * e
             : raw <= 2.5 * e && e >= 10 ? 2.5 * e /* 2.5 people are no tick */
             : raw <= 5 * e              ? 5 * e
                                         : 10 * e;
  fr->step = fmax(fr->step, 1);
  fr->top  = ceil(m / fr->step) * fr->step;
}

/* One label of the people axis at height y; alt: every other one, hidden on a phone; form:
   "" (every screen), " wide" or " narrow" (the page's style shows one of the two). */
static void PutTickLabel(FILE *f, double y, PetscBool alt, const char form[], const char label[])
{
  fprintf(f,
          "<text class=\"tick%s%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
          "dominant-baseline=\"middle\">%s</text>\n",
          alt ? " alt" : "", form, BOX_L - 8, y, label);
}

static void PutPeopleAxis(FILE *f, const Frame *fr)
{
  int n = (int)lround(fr->top / fr->step);

  for (int i = 0; i <= n; i++) {
    double v = i * fr->step, y = Y(fr, v);
    char   label[32];
    MSForecastReportFormatPeople(v, PETSC_TRUE, label, sizeof(label));
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", BOX_L,
            SVG_W - BOX_R, y, y, i ? "#e4e8ed" : "#7a828c");
    PutTickLabel(f, y, (PetscBool)(i % 2), v >= 1e4 ? " wide" : "", label);
    /* a phone's larger text leaves room for five characters: 100,000 becomes 100k there */
    if (v >= 1e4) {
      snprintf(label, sizeof(label), "%g%s", v >= 1e6 ? v / 1e6 : v / 1e3, v >= 1e6 ? "M" : "k");
      PutTickLabel(f, y, (PetscBool)(i % 2), " narrow", label);
    }
  }
  fprintf(f, "<text class=\"unit\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">people</text>\n",
          BOX_L - 8, BOX_T - 14);
}

/* Dates: weekly or fortnightly ticks counted from F for up to 10 weeks, else the first days
   of every 1, 2, 3 or 6 months. */
static PetscErrorCode PutDateAxis(FILE *f, const Frame *fr)
{
  const MSForecastResult *r    = fr->r;
  int                     span = r->ndays - 1, months, nticks = 0;
  int64_t                 start;

  PetscFunctionBegin;
  PetscCheck(!MSDateParse(r->start_date, &start), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "forecast: bad start date '%s'", r->start_date);
  months = span <= 240 ? 1 : span <= 480 ? 2 : span <= 730 ? 3 : 6;
  for (int k = 0; k < r->ndays; k++) {
    int         day = r->first_day + k, step = span <= 8 ? 1 : span <= 16 ? 2 : span <= 56 ? 7 : 14;
    char        iso[11], label[32];
    MSDateStyle style;
    int         tick;

    MSDateFormat(start + day, iso);
    if (span <= 70)
      tick = (((k - fr->kF) % step) + step) % step == 0, style = MS_DATE_DAYMONTH;
    else {
      int month = atoi(iso + 5);
      tick      = !strcmp(iso + 8, "01") && (month - 1) % months == 0;
      style     = nticks == 0 || month == 1 ? MS_DATE_MONTHYEAR : MS_DATE_MONTH;
    }
    if (!tick) continue;
    PetscCall(MSForecastReportFormatDate(r, day, style, label, sizeof(label)));
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#7a828c\"/>",
            X(fr, k), X(fr, k), SVG_H - BOX_B, SVG_H - BOX_B + 5);
    fprintf(f, "<text class=\"tick%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
            nticks++ % 2 ? " alt" : "", X(fr, k), SVG_H - BOX_B + 22, label);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The area between quantiles lo and hi of band from F on, one polygon per stretch of days
   where both are known. */
static void PutBand(FILE *f, const Frame *fr, const double *band, int lo, int hi, const char fill[],
                    double opacity)
{
  const int nq = MS_FORECAST_NQ;

  for (int a = fr->kF; a < fr->r->ndays;) {
    int b = a;
    while (b < fr->r->ndays && isfinite(band[b * nq + lo]) && isfinite(band[b * nq + hi])) b++;
    if (b > a) {
      fprintf(f, "<path fill=\"%s\" fill-opacity=\"%.2f\" d=\"M", fill, opacity);
      for (int k = a; k < b; k++)
        fprintf(f, "%s%.1f,%.1f", k > a ? " " : "", X(fr, k), Y(fr, band[k * nq + hi]));
      for (int k = b - 1; k >= a; k--) fprintf(f, " %.1f,%.1f", X(fr, k), Y(fr, band[k * nq + lo]));
      fprintf(f, "Z\"/>\n");
    }
    a = b + 1;
  }
}

static void PutMedian(FILE *f, const Frame *fr, const double *band, const char stroke[],
                      const char dash[])
{
  const int nq  = MS_FORECAST_NQ;
  int       pen = 0;

  fprintf(
      f,
      "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" stroke-linejoin=\"round\"%s%s%s d=\"",
      stroke, dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
  for (int k = fr->kF; k < fr->r->ndays; k++) {
    double v = band[k * nq + 2];
    if (!isfinite(v))
      pen = 0;
    else
      fprintf(f, "%s%.1f,%.1f", pen++ ? " " : "M", X(fr, k), Y(fr, v));
  }
  fprintf(f, "\"/>\n");
}

/* Observations: a dot on each observation date, a thin line through the days the series
   interpolates between them (a dot a day would read as daily counts that were never made). */
static void PutPoints(FILE *f, const Frame *fr, const double *v, PetscBool hollow)
{
  const unsigned char *point = fr->p->obs_point;
  double radius = PetscClipInterval(0.4 * (X(fr, 1) - X(fr, 0)), 1.6, 2.6); /* apart if they can */
  int    open   = 0;

  if (!v) return;
  for (int k = 0; point && k <= fr->r->ndays; k++) {
    PetscBool on = (PetscBool)(k < fr->r->ndays && isfinite(v[k]));
    if (on && !open) {
      fprintf(f, "<polyline fill=\"none\" stroke=\"#1b1f24\" stroke-width=\"1\"%s points=\"",
              hollow ? " stroke-dasharray=\"3 3\"" : "");
      open = 1;
    }
    if (on) fprintf(f, "%.1f,%.1f ", X(fr, k), Y(fr, v[k]));
    if (!on && open) {
      fprintf(f, "\"/>\n");
      open = 0;
    }
  }
  fprintf(f, "<g fill=\"%s\" stroke=\"#1b1f24\" stroke-width=\"%s\">", hollow ? "#fff" : "#1b1f24",
          hollow ? "1.2" : "0");
  for (int k = 0; k < fr->r->ndays; k++)
    if (isfinite(v[k]) && (!point || point[k]))
      fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", X(fr, k), Y(fr, v[k]), radius);
  fprintf(f, "</g>\n");
}

/* The forecast day: the days after it shaded, a line, and its date above. */
static PetscErrorCode PutForecastDay(FILE *f, const Frame *fr)
{
  double x = X(fr, fr->kF), mid = (BOX_L + SVG_W - BOX_R) / 2;
  char   date[32];

  PetscFunctionBegin;
  PetscCall(
      MSForecastReportFormatDate(fr->r, fr->r->forecast_day, MS_DATE_SHORT, date, sizeof(date)));
  fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f3f5f8\"/>\n", x,
          BOX_T, SVG_W - BOX_R - x, SVG_H - BOX_T - BOX_B);
  fprintf(f,
          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#4a525c\" "
          "stroke-width=\"1.5\"/>\n",
          x, x, BOX_T - 6, SVG_H - BOX_B);
  fprintf(f,
          "<text class=\"mark\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"><tspan "
          "class=\"long\">forecast from </tspan>%s</text>\n",
          x <= mid ? x + 6 : x - 6, BOX_T - 12, x <= mid ? "start" : "end", date);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The capacity: a dashed line, labelled at its left end, above it unless observations run
   just above it there, and drawn over the points so that its label stays legible. */
static void PutCapacity(FILE *f, const Frame *fr)
{
  char      cap[32];
  double    y     = Y(fr, fr->p->capacity);
  PetscBool below = PETSC_FALSE;

  if (!fr->capacity) return;
  for (int k = 0; fr->p->obs && k < (fr->r->ndays + 2) / 3; k++) {
    double yo = Y(fr, fr->p->obs[k]);
    if (isfinite(fr->p->obs[k]) && yo > y - 24 && yo <= y) below = PETSC_TRUE;
  }
  MSForecastReportFormatPeople(fr->p->capacity, PETSC_TRUE, cap, sizeof(cap));
  fprintf(f,
          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" "
          "stroke-dasharray=\"8 5\"/>\n",
          BOX_L, SVG_W - BOX_R, y, y, CAP_LINE);
  fprintf(f, "<text class=\"cap\" x=\"%.1f\" y=\"%.1f\"%s>capacity %s</text>\n", BOX_L + 6,
          below ? y + 7 : y - 7, below ? " dominant-baseline=\"hanging\"" : "", cap);
}

/* Words for each kind of warning, short enough for a table cell. */
static const char *const WarnWords[] = {"nearly full", "surge", "host community"};

/* Each warning of the plot's destination: a dotted line on its day, a sign above it. */
static PetscErrorCode PutWarnDays(FILE *f, const Frame *fr)
{
  const MSForecastResult *r = fr->r;

  PetscFunctionBegin;
  for (int i = 0; i < r->nwarn; i++) {
    const MSForecastWarning *w = &r->warn[i];
    int                      k = w->day - r->first_day;
    char                     date[32];
    double                   x;

    if (w->dest != fr->p->warn_dest || w->variant != fr->p->warn_variant || k < 0 || k >= r->ndays)
      continue;
    x = X(fr, k);
    PetscCall(MSForecastReportFormatDate(r, w->day, MS_DATE_DAYMONTH, date, sizeof(date)));
    fprintf(f,
            "<g><title>%s from %s</title><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>",
            WarnWords[w->kind], date, x, x, BOX_T, SVG_H - BOX_B, CAP_LINE);
    fprintf(f, "<path d=\"M%.1f,%.1f l-7,-11 h14 Z\" fill=\"%s\"/></g>\n", x, BOX_T, CAP_LINE);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A swatch of the legend. */
typedef enum { KEY_BOX, KEY_DOT, KEY_LINE, KEY_DASHED, KEY_CAPACITY, KEY_WARN } Key;

static void PutKey(FILE *f, Key key, const char colour[], const char text[])
{
  static const char *const dash[] = {"",
                                     "",
                                     "",
                                     " stroke-dasharray=\"6 4\"",
                                     " stroke-dasharray=\"8 5\"",
                                     " stroke-dasharray=\"2 3\""};

  fprintf(f, "<li><svg class=\"key\" viewBox=\"0 0 28 14\" aria-hidden=\"true\">");
  if (key == KEY_BOX)
    fprintf(f, "<rect x=\"1\" y=\"1\" width=\"26\" height=\"12\" fill=\"%s\"/>", colour);
  else if (key == KEY_DOT)
    fprintf(f, "<circle cx=\"14\" cy=\"7\" r=\"3.5\" fill=\"%s\" stroke=\"#1b1f24\"/>", colour);
  else
    fprintf(f, "<line x1=\"1\" x2=\"27\" y1=\"7\" y2=\"7\" stroke=\"%s\" stroke-width=\"%s\"%s/>",
            colour, key == KEY_LINE || key == KEY_DASHED ? "2.5" : "2", dash[key]);
  fprintf(f, "</svg>");
  Esc(f, text);
  fprintf(f, "</li>");
}

static PetscErrorCode PutLegend(FILE *f, const Frame *fr)
{
  const MSForecastPlot *p = fr->p;
  char                  text[512], cap[32];

  PetscFunctionBegin;
  fprintf(f, "<ul class=\"legend\">");
  if (p->alt_band) {
    PetscCall(PetscSNPrintf(text, sizeof(text), "with %s: median", p->alt_name));
    PutKey(f, KEY_LINE, VAR_LINE, text);
    PutKey(f, KEY_BOX, VAR_INNER, "50 % of its forecasts");
    PutKey(f, KEY_BOX, VAR_OUTER, "90 %");
    PutKey(f, KEY_DASHED, BASE_LINE, "without (baseline): median");
    PutKey(f, KEY_BOX, BASE_OUTER, "90 %");
  } else {
    PutKey(f, KEY_LINE, BASE_LINE, "median forecast");
    PutKey(f, KEY_BOX, BASE_INNER, "50 % of forecasts");
    PutKey(f, KEY_BOX, BASE_OUTER, "90 % of forecasts");
    if (p->dressed && fr->dress_cut) {
      MSForecastReportFormatPeople(fr->dress_top, PETSC_TRUE, cap, sizeof(cap));
      PetscCall(PetscSNPrintf(text, sizeof(text),
                              "90 %% with the model's past errors (up to %s, above the chart)",
                              cap));
      PutKey(f, KEY_BOX, DRESS, text);
    } else if (p->dressed)
      PutKey(f, KEY_BOX, DRESS, "90 % with the model's past errors");
  }
  if (p->obs)
    PutKey(f, KEY_DOT, "#1b1f24",
           p->obs_point ? "observed (the line joins the observations)" : "observed");
  if (p->obs_hidden) PutKey(f, KEY_DOT, "#fff", "observed later (not shown to the forecast)");
  MSForecastReportFormatPeople(p->capacity, PETSC_TRUE, cap, sizeof(cap));
  if (fr->capacity)
    PutKey(f, KEY_CAPACITY, CAP_LINE, "capacity");
  else if (p->capacity > 0) {
    PetscCall(PetscSNPrintf(text, sizeof(text), "capacity %s, above the chart", cap));
    fprintf(f, "<li>%s</li>", text);
  }
  for (int i = 0; i < fr->r->nwarn; i++)
    if (fr->r->warn[i].dest == p->warn_dest && fr->r->warn[i].variant == p->warn_variant) {
      PutKey(f, KEY_WARN, CAP_LINE, "warning");
      break;
    }
  fprintf(f, "</ul>\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastPlotWrite(FILE *f, const MSForecastResult *r, const MSForecastPlot *p)
{
  Frame fr;

  PetscFunctionBegin;
  PetscCheck(r->forecast_day >= r->first_day && r->forecast_day < r->first_day + r->ndays,
             PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "forecast: day %d outside the result's days %d..%d", r->forecast_day, r->first_day,
             r->first_day + r->ndays - 1);
  Layout(r, p, &fr);
  fprintf(f,
          "<svg class=\"plot\" viewBox=\"0 0 %g %g\" role=\"img\" aria-labelledby=\"%s-t %s-d\" "
          "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"%s-t\">",
          SVG_W, SVG_H, p->id, p->id, p->id);
  Esc(f, p->title);
  fprintf(f, "</title><desc id=\"%s-d\">", p->id);
  Esc(f, p->desc);
  fprintf(f, "</desc>\n");
  PetscCall(PutForecastDay(f, &fr));
  PutPeopleAxis(f, &fr);
  PetscCall(PutDateAxis(f, &fr));
  if (p->alt_band) {
    PutBand(f, &fr, p->band, 0, 4, BASE_OUTER, 0.7);
    PutBand(f, &fr, p->alt_band, 0, 4, VAR_OUTER, 0.75);
    PutBand(f, &fr, p->alt_band, 1, 3, VAR_INNER, 0.8);
    PutMedian(f, &fr, p->band, BASE_LINE, "7 5");
    PutMedian(f, &fr, p->alt_band, VAR_LINE, NULL);
  } else {
    if (p->dressed) PutBand(f, &fr, p->dressed, 0, 4, DRESS, 1);
    PutBand(f, &fr, p->band, 0, 4, BASE_OUTER, 1);
    PutBand(f, &fr, p->band, 1, 3, BASE_INNER, 1);
    PutMedian(f, &fr, p->band, BASE_LINE, NULL);
  }
  PetscCall(PutWarnDays(f, &fr));
  PutPoints(f, &fr, p->obs, PETSC_FALSE);
  PutPoints(f, &fr, p->obs_hidden, PETSC_TRUE);
  PutCapacity(f, &fr);
  fprintf(f, "</svg>\n");
  PetscCall(PutLegend(f, &fr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- The page */

static const char Style[] =
    ":root{color-scheme:light}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:#fff;color:#1b1f24;font:16px/1.5 system-ui,-apple-system,'Segoe UI',"
    "Roboto,'Noto Sans','Liberation Sans',Arial,sans-serif}"
    "main{max-width:60rem;margin:0 auto;padding:1.25rem 1.25rem 3rem}"
    "h1{font-size:1.9rem;line-height:1.2;margin:.25rem 0 .5rem}"
    "h2{font-size:1.45rem;line-height:1.25;margin:2.5rem 0 .75rem;padding-bottom:.3rem;"
    "border-bottom:2px solid #d5dde6}"
    "h3{font-size:1.15rem;margin:2rem 0 .25rem}"
    ".kicker{margin:0;color:#5a6470;font-size:.9rem;letter-spacing:.06em;text-transform:uppercase}"
    ".facts{display:flex;flex-wrap:wrap;gap:.25rem 2rem;margin:.75rem 0;padding:0;list-style:none}"
    ".facts b{display:block;font-size:.8rem;color:#5a6470;font-weight:600}"
    "nav{display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;margin:1rem 0;font-size:.95rem}"
    "nav a{white-space:nowrap}"
    "a{color:#17457d}"
    ".warnings{list-style:none;margin:0;padding:0}"
    ".warnings li{margin:.6rem 0;padding:.65rem .9rem;border-left:6px solid #c0392b;"
    "background:#fdf1ef;border-radius:0 6px 6px 0}"
    ".warnings li.surge{border-color:#c77700;background:#fff6e6}"
    ".warnings li.host_ratio{border-color:#7b4fa0;background:#f6f0fb}"
    ".tag{display:block;font-size:.78rem;font-weight:700;letter-spacing:.05em;"
    "text-transform:uppercase;color:#8e2a1f}"
    ".surge .tag{color:#8a5200}.host_ratio .tag{color:#5b3578}"
    ".none{padding:.65rem .9rem;border-left:6px solid #2e7d32;background:#eef7ee}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;font-size:.95rem}"
    "th,td{padding:.4rem .55rem;border-bottom:1px solid #e3e7ec;text-align:right;"
    "vertical-align:top}"
    "th{font-size:.85rem;color:#3d4650;border-bottom:2px solid #c9d1da}"
    "th:first-child,td:first-child{text-align:left}"
    "td small{display:block;color:#5a6470;white-space:nowrap}"
    "td small.warn{color:#a02a1c;font-weight:600;white-space:normal}"
    "td small.dress{color:#55606e;font-style:italic}"
    ".lede{font-size:1.1rem;margin:.25rem 0 1rem;max-width:44rem}"
    ".kind{font-size:.8rem;font-weight:400;color:#5a6470;margin-left:.4rem}"
    "article{margin:0 0 1.5rem}"
    "article p{margin:.25rem 0 .5rem;max-width:48rem}"
    "svg.plot{display:block;width:100%;height:auto;max-height:70vh}"
    ".plot text{font-size:13px;fill:#3d4650}.plot .narrow{display:none}"
    ".plot .mark{font-weight:600;fill:#1b1f24}"
    ".plot .cap{fill:#a02a1c;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:4px}"
    ".legend{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;list-style:none;margin:.3rem 0 0;"
    "padding:0;font-size:.85rem;color:#3d4650}"
    ".legend li{display:flex;align-items:center;gap:.35rem}"
    ".key{width:28px;height:14px;flex:none}"
    ".unchanged{color:#5a6470}"
    "code{font-size:.92em;background:#f1f3f6;padding:0 .25em;border-radius:3px}"
    "details{margin:1rem 0}summary{cursor:pointer;font-weight:600}"
    "footer{margin-top:3rem;color:#5a6470;font-size:.85rem}"
    "@media (max-width:640px){"
    "body{font-size:15px}main{padding:.75rem .8rem 2rem}h1{font-size:1.5rem}h2{font-size:1.25rem}"
    ".plot text{font-size:23px}.plot .wide{display:none}.plot .narrow{display:inline}"
    ".plot .alt,.plot .long,.plot .unit,.mid{display:none}"
    ".plot .cap{stroke-width:6px}table{font-size:.9rem}th,td{padding:.35rem .25rem}"
    "td small{white-space:normal}}"
    "@media print{"
    "body{font-size:10.5pt;color:#000}main{max-width:none;padding:0}nav{display:none}"
    ".newpage{break-before:page}article,figure,li,tr{break-inside:avoid}"
    "h2,h3{break-after:avoid}"
    ".warnings li,.none{background:none}svg.plot{max-height:none}"
    "a{color:inherit;text-decoration:none}}";

static const char *InflowWords(const char inflow[])
{
  if (!strcmp(inflow, "persist"))
    return "recent daily arrivals carried on, resampled from the last weeks";
  if (!strcmp(inflow, "trend")) return "the recent trend of arrivals continued";
  if (!strcmp(inflow, "conflict")) return "driven by the conflicts";
  if (!strcmp(inflow, "observed")) return "the arrivals later observed: a backtest";
  return "a projection from a file";
}

/* The scenario's own name: the last component of its directory. */
static void ScenarioName(const char dir[], char name[PETSC_MAX_PATH_LEN])
{
  size_t n;
  (void)PetscStrncpy(name, dir, PETSC_MAX_PATH_LEN);
  n = strlen(name);
  while (n > 1 && name[n - 1] == '/') name[--n] = 0;
  if (strrchr(name, '/')) memmove(name, strrchr(name, '/') + 1, strlen(strrchr(name, '/')));
}

static PetscErrorCode PutHead(FILE *f, const MSForecastResult *r)
{
  char scn[PETSC_MAX_PATH_LEN], fday[32], end[32];

  PetscFunctionBegin;
  ScenarioName(r->scenario, scn);
  PetscCall(MSForecastReportFormatDate(r, r->forecast_day, MS_DATE_LONG, fday, sizeof(fday)));
  PetscCall(
      MSForecastReportFormatDate(r, r->forecast_day + r->horizon, MS_DATE_LONG, end, sizeof(end)));
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, "
             "initial-scale=1\">\n<title>Forecast: ");
  Esc(f, scn);
  fprintf(f, ", %d days from %s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<header>\n",
          r->horizon, fday, Style);
  fprintf(f, "<p class=\"kicker\">migrasim forecast</p>\n<h1>Forecast for ");
  Esc(f, scn);
  fprintf(f,
          "</h1>\n<p class=\"lede\">How many people may be at each camp, region and country "
          "from %s, the last day observed, to %s; how sure that is; and when sites may fill up."
          "</p>\n<ul class=\"facts\">",
          fday, end);
  fprintf(f, "<li><b>Forecast day</b>%s (the last day observed)</li>", fday);
  fprintf(f, "<li><b>Horizon</b>%d days, to %s</li>", r->horizon, end);
  fprintf(f, "<li><b>Members</b>%d forecasts</li>", r->nmembers);
  fprintf(f, "<li><b>Arrivals after the forecast day</b>%s (<code>", InflowWords(r->inflow));
  Esc(f, r->inflow);
  fprintf(f, "</code>)</li></ul>\n<nav aria-label=\"Contents\"><a href=\"#warnings\">Warnings</a>"
             "<a href=\"#glance\">At a glance</a>");
  for (int kind = MS_DEST_CAMP; kind <= MS_DEST_COUNTRY; kind++) {
    static const char *const title[] = {"Camps", "Regions", "Countries"};
    for (int d = 0; d < r->ndest; d++)
      if ((int)r->dest_kind[d] == kind) {
        fprintf(f, "<a href=\"#%s\">%s</a>", MSDestKindNames[kind], title[kind]);
        break;
      }
  }
  for (int v = 0; v < r->nvariants; v++) {
    fprintf(f, "<a href=\"#variant%d\">What if: ", v);
    Esc(f, r->variant_name[v]);
    fprintf(f, "</a>");
  }
  fprintf(f, "<a href=\"#about\">About</a></nav>\n</header>\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Warnings of variant v (-1: the baseline), in order of day; ties in the result's order. */
static PetscErrorCode Ordered(const MSForecastResult *r, int v, int *n, int **order)
{
  PetscInt *key, *idx;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(r->nwarn, &key, r->nwarn, &idx));
  *n = 0;
  for (int i = 0; i < r->nwarn; i++)
    if (r->warn[i].variant == v) key[*n] = (PetscInt)r->warn[i].day * r->nwarn + i, idx[(*n)++] = i;
  PetscCall(PetscSortIntWithArray(*n, key, idx));
  PetscCall(PetscMalloc1(*n + 1, order));
  for (int i = 0; i < *n; i++) (*order)[i] = (int)idx[i];
  PetscCall(PetscFree2(key, idx));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PutWarningList(FILE *f, const MSForecastResult *r, int v, int dest)
{
  static const char *const tag[] = {"Nearly full", "Surge of arrivals", "Host community"};
  char                     sentence[2048];
  int                      n, *order, shown = 0;

  PetscFunctionBegin;
  PetscCall(Ordered(r, v, &n, &order));
  for (int i = 0; i < n; i++) {
    const MSForecastWarning *w = &r->warn[order[i]];
    /* the page's own lists leave out the repeats of a region or country with the same camps as
       another destination (MSForecastReportWarningFolded); a destination's section gives its own */
    if (dest >= 0 ? w->dest != dest : MSForecastReportWarningFolded(r, w)) continue;
    if (!shown++) fprintf(f, "<ul class=\"warnings\">\n");
    PetscCall(MSForecastReportWarningSentence(r, w, sentence, sizeof(sentence)));
    fprintf(f, "<li class=\"%s\"><span class=\"tag\">%s</span>", MSForecastWarnKindNames[w->kind],
            tag[w->kind]);
    Esc(f, sentence);
    fprintf(f, "</li>\n");
  }
  if (shown)
    fprintf(f, "</ul>\n");
  else if (dest < 0) {
    char p[32];
    MSForecastReportFormatReal(r->warn_probability, p, sizeof(p));
    fprintf(f,
            "<p class=\"none\">No warnings: no destination passes a threshold with probability %s "
            "or more within the %d days.</p>\n",
            p, r->horizon);
  }
  PetscCall(PetscFree(order));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PutWarnings(FILE *f, const MSForecastResult *r)
{
  char occ[32], p[32], surge[32], host[32], hostpart[96] = "";

  PetscFunctionBegin;
  MSForecastReportFormatReal(100 * r->warn_occupancy, occ, sizeof(occ));
  MSForecastReportFormatReal(r->warn_probability, p, sizeof(p));
  MSForecastReportFormatReal(r->warn_surge, surge, sizeof(surge));
  MSForecastReportFormatReal(100 * r->warn_host_ratio, host, sizeof(host));
  /* the host-population threshold only where it is on (-warn_host_ratio 0 turns it off) */
  if (r->warn_host_ratio > 0)
    PetscCall(PetscSNPrintf(hostpart, sizeof(hostpart),
                            ", or arrivals of %s %% of the host population", host));
  fprintf(f, "<section id=\"warnings\" aria-labelledby=\"warnings-h\">\n<h2 "
             "id=\"warnings-h\">Warnings</h2>\n");
  PetscCall(PutWarningList(f, r, -1, -1));
  fprintf(f,
          "<p class=\"unchanged\">Without changes (the variants have their own sections). A "
          "warning is given from the first day on which at least %s of the forecasts pass a "
          "threshold: %s %% of a site's capacity%s %s times the usual weekly arrivals%s.</p>\n"
          "</section>\n",
          p, occ, r->warn_host_ratio > 0 ? "," : " or", surge, hostpart);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Destination d's kind; for a region or country with the same camps as an earlier
   destination, that one too (its figures are the same). */
static void PutKind(FILE *f, const MSForecastResult *r, int d)
{
  int e = r->dest_same ? r->dest_same[d] : -1;

  fprintf(f, "%s", MSDestKindNames[r->dest_kind[d]]);
  if (e < 0) return;
  if (r->dest_kind[e] == MS_DEST_CAMP)
    fprintf(f, ", only camp ");
  else
    fprintf(f, ", the same camps as %s ", MSDestKindNames[r->dest_kind[e]]);
  Esc(f, r->dest_name[e]);
}

/* A cell of the overview: the median, and the 90 % range below it; with dq (-dress, a camp) also
   the 90 % range of the dressed forecasts, the uncertainty a planner should read there. */
static void PutRangeCell(FILE *f, const double q[MS_FORECAST_NQ], const double *dq, PetscBool mid)
{
  char m[32], lo[32], hi[32];
  MSForecastReportFormatPeople(q[2], PETSC_TRUE, m, sizeof(m));
  MSForecastReportFormatPeople(q[0], PETSC_TRUE, lo, sizeof(lo));
  MSForecastReportFormatPeople(q[4], PETSC_TRUE, hi, sizeof(hi));
  fprintf(f, "<td%s>%s<small>%s\u2013%s</small>", mid ? " class=\"mid\"" : "", m, lo, hi);
  if (dq && isfinite(dq[0]) && isfinite(dq[4])) {
    MSForecastReportFormatPeople(dq[0], PETSC_TRUE, lo, sizeof(lo));
    MSForecastReportFormatPeople(dq[4], PETSC_TRUE, hi, sizeof(hi));
    fprintf(f, "<small class=\"dress\">with past errors %s\u2013%s</small>", lo, hi);
  }
  fprintf(f, "</td>");
}

static PetscErrorCode PutGlanceRow(FILE *f, const MSForecastResult *r, int d, int nk,
                                   const int ks[])
{
  char n[32], date[32];

  PetscFunctionBegin;
  fprintf(f, "<tr><td><a href=\"#dest%d\">", d);
  Esc(f, r->dest_name[d]);
  fprintf(f, "</a><small>");
  PutKind(f, r, d);
  fprintf(f, "</small>");
  for (int i = 0; i < r->nwarn; i++) {
    if (r->warn[i].dest != d || r->warn[i].variant != -1) continue;
    PetscCall(MSForecastReportFormatDate(r, r->warn[i].day, MS_DATE_DAYMONTH, date, sizeof(date)));
    fprintf(f, "<small class=\"warn\">%s from %s</small>", WarnWords[r->warn[i].kind], date);
  }
  fprintf(f, "</td>");
  MSForecastReportFormatPeople(r->obs[MSForecastDayIndex(r, d, r->forecast_day - r->first_day)],
                               PETSC_TRUE, n, sizeof(n));
  fprintf(f, "<td>%s</td>", *n ? n : "\u2013");
  for (int j = 0; j < nk; j++)
    PutRangeCell(f, r->occ_q + MSForecastIndex(r, d, ks[j], 0),
                 r->dressed_q && r->dest_kind[d] == MS_DEST_CAMP
                     ? r->dressed_q + MSForecastIndex(r, d, ks[j], 0)
                     : NULL,
                 (PetscBool)(j < nk - 1));
  if (r->capacity[d] > 0) { /* how full the median forecast leaves it at the end */
    MSForecastReportFormatPeople(r->capacity[d], PETSC_TRUE, n, sizeof(n));
    fprintf(f, "<td>%s<small>%.0f&nbsp;%% full</small></td></tr>\n", n,
            100 * r->occ_q[MSForecastIndex(r, d, r->ndays - 1, 2)] / r->capacity[d]);
  } else
    fprintf(f, "<td>\u2013</td></tr>\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every destination in one table: observed on F, the forecast 30 days on (when the horizon is
   longer) and at the horizon, capacity, and the first warning. */
static PetscErrorCode PutGlance(FILE *f, const MSForecastResult *r)
{
  int  kF = r->forecast_day - r->first_day, ks[2], nk = 0;
  char date[32];

  PetscFunctionBegin;
  if (r->horizon > 30) ks[nk++] = kF + 30;
  ks[nk++] = r->ndays - 1;
  fprintf(
      f,
      "<section id=\"glance\" aria-labelledby=\"glance-h\">\n<h2 id=\"glance-h\">At a glance</h2>\n"
      "<p>People present: observed on the forecast day, then the median forecast with the range "
      "that holds 90 %% of the forecasts below it%s; warnings in red; under the capacity, how "
      "full the median leaves each site at the end.</p>\n<div class=\"scroll\"><table>\n<thead>"
      "<tr><th scope=\"col\">Destination</th>",
      r->dressed_q ? " (for camps also the range that holds 90 % of them once each is given one "
                     "of the errors the model made in a backtest of this scenario: the wider, "
                     "more honest one)"
                   : "");
  PetscCall(MSForecastReportFormatDate(r, r->forecast_day, MS_DATE_DAYMONTH, date, sizeof(date)));
  fprintf(f, "<th scope=\"col\">Observed<br>%s</th>", date);
  for (int j = 0; j < nk; j++) {
    PetscCall(
        MSForecastReportFormatDate(r, r->first_day + ks[j], MS_DATE_DAYMONTH, date, sizeof(date)));
    fprintf(f, "<th scope=\"col\"%s>%d days<br>%s</th>", j < nk - 1 ? " class=\"mid\"" : "",
            r->first_day + ks[j] - r->forecast_day, date);
  }
  fprintf(f, "<th scope=\"col\">Capacity</th></tr></thead>\n<tbody>\n");
  for (int kind = MS_DEST_CAMP; kind <= MS_DEST_COUNTRY; kind++)
    for (int d = 0; d < r->ndest; d++)
      if ((int)r->dest_kind[d] == kind) PetscCall(PutGlanceRow(f, r, d, nk, ks));
  fprintf(f, "</tbody></table></div>\n</section>\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PutDestination(FILE *f, const MSForecastResult *r, int d)
{
  char           desc[2048], title[1024], id[32];
  MSForecastPlot p = {0};

  PetscFunctionBegin;
  PetscCall(MSForecastReportDestinationSentence(r, d, desc, sizeof(desc)));
  PetscCall(PetscSNPrintf(title, sizeof(title), "%s: people present, observed and forecast",
                          r->dest_name[d]));
  PetscCall(PetscSNPrintf(id, sizeof(id), "plot%d", d));
  fprintf(f, "<article id=\"dest%d\" aria-labelledby=\"dest%d-h\">\n<h3 id=\"dest%d-h\">", d, d, d);
  Esc(f, r->dest_name[d]);
  fprintf(f, "<span class=\"kind\">");
  PutKind(f, r, d);
  fprintf(f, "</span></h3>\n");
  PetscCall(PutWarningList(f, r, -1, d));
  fprintf(f, "<p>");
  Esc(f, desc);
  fprintf(f, "</p>\n<figure>\n");
  p.id = id, p.title = title, p.desc = desc;
  p.band         = r->occ_q + MSForecastIndex(r, d, 0, 0);
  p.dressed      = r->dressed_q && r->dest_kind[d] == MS_DEST_CAMP
                       ? r->dressed_q + MSForecastIndex(r, d, 0, 0)
                       : NULL;
  p.obs          = r->obs + MSForecastDayIndex(r, d, 0);
  p.obs_hidden   = r->obs_hidden ? r->obs_hidden + MSForecastDayIndex(r, d, 0) : NULL;
  p.obs_point    = r->obs_point ? r->obs_point + MSForecastDayIndex(r, d, 0) : NULL;
  p.capacity     = r->capacity[d];
  p.warn_dest    = d;
  p.warn_variant = -1;
  PetscCall(MSForecastPlotWrite(f, r, &p));
  fprintf(f, "</figure>\n</article>\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PutDestinations(FILE *f, const MSForecastResult *r)
{
  static const char *const title[] = {"Camps", "Regions", "Countries"};
  static const char *const intro[] = {"Each reception site, with its capacity where it is known.",
                                      "The sums over the camps of each region.",
                                      "The sums over the camps of each country."};

  PetscFunctionBegin;
  for (int kind = MS_DEST_CAMP; kind <= MS_DEST_COUNTRY; kind++) {
    int shown = 0;
    for (int d = 0; d < r->ndest; d++) {
      if ((int)r->dest_kind[d] != kind) continue;
      if (!shown++) {
        fprintf(f,
                "<section id=\"%s\" class=\"newpage\" aria-labelledby=\"%s-h\">\n<h2 "
                "id=\"%s-h\">%s</h2>\n<p>%s</p>\n",
                MSDestKindNames[kind], MSDestKindNames[kind], MSDestKindNames[kind], title[kind],
                intro[kind]);
        if (kind == MS_DEST_CAMP && r->dressed_q)
          fprintf(f, "<p>The palest band around each camp's bands is where nine in ten forecasts "
                     "lie once each is given one of the errors the model made, in a backtest of "
                     "this scenario, on the days before the forecast day: the model's own "
                     "error, which the members alone do not hold.</p>\n");
      }
      PetscCall(PutDestination(f, r, d));
    }
    if (shown) fprintf(f, "</section>\n");
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether variant v changes destination d's occupancy by a whole person on any day. */
static PetscBool Changes(const MSForecastResult *r, int v, int d)
{
  const double *q = r->diff_occ_q + MSForecastVariantOffset(r, v) + MSForecastIndex(r, d, 0, 0);
  for (int i = 0; i < r->ndays * MS_FORECAST_NQ; i++)
    if (fabs(q[i]) >= 0.5) return PETSC_TRUE;
  return PETSC_FALSE;
}

static PetscErrorCode PutVariantDestination(FILE *f, const MSForecastResult *r, int v, int d)
{
  char           sentence[2048], title[1024], id[32];
  MSForecastPlot p = {0};

  PetscFunctionBegin;
  PetscCall(MSForecastReportVariantSentence(r, v, d, sentence, sizeof(sentence)));
  PetscCall(PetscSNPrintf(title, sizeof(title), "%s with %s and without: people present",
                          r->dest_name[d], r->variant_name[v]));
  PetscCall(PetscSNPrintf(id, sizeof(id), "v%dplot%d", v, d));
  fprintf(f, "<article aria-labelledby=\"v%ddest%d-h\">\n<h3 id=\"v%ddest%d-h\">", v, d, v, d);
  Esc(f, r->dest_name[d]);
  fprintf(f, "<span class=\"kind\">");
  PutKind(f, r, d);
  fprintf(f, "</span></h3>\n<p>");
  Esc(f, sentence);
  fprintf(f, "</p>\n<figure>\n");
  p.id = id, p.title = title, p.desc = sentence;
  p.band         = r->occ_q + MSForecastIndex(r, d, 0, 0);
  p.alt_band     = r->var_occ_q + MSForecastVariantOffset(r, v) + MSForecastIndex(r, d, 0, 0);
  p.alt_name     = r->variant_name[v];
  p.obs          = r->obs + MSForecastDayIndex(r, d, 0);
  p.obs_point    = r->obs_point ? r->obs_point + MSForecastDayIndex(r, d, 0) : NULL;
  p.capacity     = r->capacity[d];
  p.warn_dest    = d;
  p.warn_variant = v;
  PetscCall(MSForecastPlotWrite(f, r, &p));
  fprintf(f, "</figure>\n</article>\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Variant v's warnings beside the baseline's (same kind and destination), what a planner asks
   of a change: the warnings it avoids, delays, brings forward and adds, each list one line. */
static PetscErrorCode PutComparison(FILE *f, const MSForecastResult *r, int v)
{
  static const char *const lead[] = {"Warnings it avoids: ", "Warnings it delays: ",
                                     "Warnings it brings forward: ", "Warnings it adds: "};

  PetscFunctionBegin;
  for (int what = 0; what < 4; what++) {
    int shown = 0, from = what == 3 ? v : -1, other = what == 3 ? -1 : v;
    for (int i = 0; i < r->nwarn; i++) {
      const MSForecastWarning *w = &r->warn[i], *c;
      char                     a[32], b[32];
      PetscBool                listed;
      if (w->variant != from || MSForecastReportWarningFolded(r, w)) continue;
      /* the variant's of a baseline warning, or the reverse */
      c      = MSForecastReportFindWarning(r, w->kind, w->dest, other);
      listed = (PetscBool)(what == 0 || what == 3 ? !c
                           : what == 1            ? c && c->day > w->day
                                                  : c && c->day < w->day);
      if (!listed) continue;
      if (!shown++)
        fprintf(f, "<p>%s", lead[what]);
      else
        fprintf(f, ", ");
      Esc(f, r->dest_name[w->dest]);
      fprintf(f, " (");
      if (r->dest_kind[w->dest] != MS_DEST_CAMP)
        fprintf(f, "%s, ", MSDestKindNames[r->dest_kind[w->dest]]);
      fprintf(f, "%s", WarnWords[w->kind]);
      if (what == 1 || what == 2) {
        PetscCall(MSForecastReportFormatDate(r, c->day, MS_DATE_SHORT, a, sizeof(a)));
        PetscCall(MSForecastReportFormatDate(r, w->day, MS_DATE_SHORT, b, sizeof(b)));
        fprintf(f, " from %s instead of %s", a, b);
      } else if (what == 3) {
        PetscCall(MSForecastReportFormatDate(r, w->day, MS_DATE_SHORT, a, sizeof(a)));
        fprintf(f, " from %s", a);
      }
      fprintf(f, ")");
    }
    if (shown) fprintf(f, ".</p>\n");
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PutVariant(FILE *f, const MSForecastResult *r, int v)
{
  int unchanged = 0;

  PetscFunctionBegin;
  fprintf(f,
          "<section id=\"variant%d\" class=\"newpage\" aria-labelledby=\"variant%d-h\">\n<h2 "
          "id=\"variant%d-h\">What if: ",
          v, v, v);
  Esc(f, r->variant_name[v]);
  fprintf(f, "</h2>\n<p>The changes listed in <code>");
  Esc(f, r->variant_file[v]);
  fprintf(f, "</code>. Every forecast ran once with them and once without, with the same chances, "
             "so the differences below are what the changes do.</p>\n<h3>Warnings with ");
  Esc(f, r->variant_name[v]);
  fprintf(f, "</h3>\n");
  PetscCall(PutWarningList(f, r, v, -1));
  PetscCall(PutComparison(f, r, v));
  for (int kind = MS_DEST_CAMP; kind <= MS_DEST_COUNTRY; kind++)
    for (int d = 0; d < r->ndest; d++)
      if ((int)r->dest_kind[d] == kind && Changes(r, v, d))
        PetscCall(PutVariantDestination(f, r, v, d));
  for (int d = 0; d < r->ndest; d++) {
    if (Changes(r, v, d)) continue;
    fprintf(f, "%s", unchanged++ ? ", " : "<p class=\"unchanged\">No change at: ");
    Esc(f, r->dest_name[d]);
  }
  if (unchanged) fprintf(f, ".</p>\n");
  fprintf(f, "</section>\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PutAbout(FILE *f, const MSForecastResult *r)
{
  PetscFunctionBegin;
  fprintf(
      f,
      "<section id=\"about\" class=\"newpage\" aria-labelledby=\"about-h\">\n<h2 "
      "id=\"about-h\">About this forecast</h2>\n"
      "<p>The forecast is %d runs of the model (members), each continuing the scenario from the "
      "forecast day with its own chances. The bands show "
      "how far they spread: the darker band holds the middle half of the forecasts (25 to 75 %%), "
      "the lighter band nine in ten (5 to 95 %%), and the line is the median. Dots are the "
      "observations, on the days they were made; the thin line between them is interpolated. "
      "Numbers are people, rounded to whole people; the forecast's CSV tables hold "
      "the same figures for every day.</p>\n"
      "<p>A forecast is not a promise: the further ahead, the less sure. Where the bands are wide, "
      "plan for their upper edge.</p>\n<p>Scenario: <code>",
      r->nmembers);
  Esc(f, r->scenario);
  fprintf(f, "</code>.</p>\n<details><summary>Every setting and input</summary>\n<div "
             "class=\"scroll\"><table>\n"
             "<thead><tr><th scope=\"col\">Setting</th><th scope=\"col\" "
             "style=\"text-align:left\">Value</th></tr></thead><tbody>\n");
  for (int i = 0; i < r->nattr; i++) {
    fprintf(f, "<tr><td>");
    Esc(f, r->attr_name[i]);
    fprintf(f, "</td><td style=\"text-align:left\">");
    Esc(f, r->attr_value[i]);
    fprintf(f, "</td></tr>\n");
  }
  fprintf(f,
          "</tbody></table></div></details>\n</section>\n<footer>Written by migrasim %s "
          "(%s).</footer>\n",
          MS_VERSION, MS_GIT_COMMIT);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastReportWriteHTML(const MSForecastResult *r, const char path[])
{
  FILE *f;

  PetscFunctionBegin;
  PetscCheck(r->forecast_day >= r->first_day && r->forecast_day < r->first_day + r->ndays,
             PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "forecast: day %d outside the result's days %d..%d", r->forecast_day, r->first_day,
             r->first_day + r->ndays - 1);
  f = fopen(path, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write the forecast's page", path);
  PetscCall(PutHead(f, r));
  PetscCall(PutWarnings(f, r));
  PetscCall(PutGlance(f, r));
  PetscCall(PutDestinations(f, r));
  for (int v = 0; v < r->nvariants; v++) PetscCall(PutVariant(f, r, v));
  PetscCall(PutAbout(f, r));
  fprintf(f, "</main>\n</body>\n</html>\n");
  PetscCheck(!ferror(f) && fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "%s: write failed (disk full?)", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}
