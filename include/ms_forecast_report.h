/* ms_forecast_report: a forecast's CSV tables and its page for a reception planner (MODEL.md
 * section 10), written from the in-memory result (ms_forecast_result.h).
 *
 * The tables hold counts of people rounded to whole people (they are quantiles over members
 * of counts, so fractions of a person mean nothing to a planner; forecast.h5 keeps them
 * exact), other numbers (probabilities, ratios) in the shortest form that reads back exactly,
 * and nothing where a value is NaN. The page, forecast.html, is one self-contained file (no
 * network: its plots are inline SVG, its style inline, no script): a title with the
 * scenario, forecast day, horizon, members and inflow; the warnings in plain words, by date;
 * a table of every destination at a glance; per destination (camps, then regions, then
 * countries) a plot of the occupancy's 5-95 % and 25-75 % bands and median from the forecast
 * day on, with the observations, the forecast day and the capacity; per variant, the
 * destinations it changes, its bands over the baseline's and a sentence on the difference.
 * With -dress, each camp's plot also shows, lighter around its bands, the 5-95 % band of the
 * members dressed with a backtest's residuals.
 * Bands are drawn from the forecast day on only: before it the members ran freely from day
 * 0, and the forecast starts from the observed state at F. */
#ifndef MS_FORECAST_REPORT_H
#define MS_FORECAST_REPORT_H

#include <stdio.h>
#include "ms_forecast_result.h"

/* Write PREFIX_destinations.csv (per destination and day: the quantiles of occupancy and
   daily arrivals, the observation, the capacity), PREFIX_variants.csv (per variant,
   destination and day from F on: the variant's occupancy quantiles and the quantiles of its
   differences to the baseline; only when r has variants) and PREFIX_warnings.csv (one row a
   warning, with its sentence). Each starts with a "#" line that says what it holds. Call on
   one rank. */
PetscErrorCode MSForecastReportWriteTables(const MSForecastResult *r, const char prefix[]);

/* Write forecast.h5 to path (its layout: docs/forecast.md), through the checked HDF5 layer.
   Call on one rank. */
PetscErrorCode MSForecastReportWriteH5(const MSForecastResult *r, const char path[]);

/* Write the page to path. Call on one rank. */
PetscErrorCode MSForecastReportWriteHTML(const MSForecastResult *r, const char path[]);

/* Warning w of r in plain words (UTF-8, no markup), as the page and the warnings table give
   it, e.g. "Camp X: more than 90 % full from 14 March 2013, probability 0.7 (...); 1,240 more
   people than on 12 March 2013 (800–1,900).", into buf[len]. */
PetscErrorCode MSForecastReportWarningSentence(const MSForecastResult  *r,
                                               const MSForecastWarning *w, char buf[], size_t len);

/* The warning of r of this kind at destination dest in variant `variant` (-1: the baseline),
   or NULL: each has at most one, on its first day past the threshold. */
const MSForecastWarning *MSForecastReportFindWarning(const MSForecastResult *r,
                                                     MSForecastWarnKind kind, int dest,
                                                     int variant);

/* Whether warning w, of a region or country with the same camps as an earlier destination
   (r->dest_same: a region of one camp, a country of one region's camps), repeats a warning of
   that destination (kind, variant, day; host warnings never do): the page's and the console's
   lists leave it out, and that destination's sentence names it; the tables and forecast.h5 keep
   it. */
PetscBool MSForecastReportWarningFolded(const MSForecastResult *r, const MSForecastWarning *w);

/* What variant v does to destination d by the end of the horizon, in plain words, e.g.
   "close_border moves a median of 1,200 people (400–2,100) away from Camp X by 10 June
   2013.", into buf[len]. */
PetscErrorCode MSForecastReportVariantSentence(const MSForecastResult *r, int v, int d, char buf[],
                                               size_t len);

/* Destination d's forecast in a sentence or three, as the page gives it above its plot and
   in its description: the observation on F, the median and 50 % and 90 % ranges at the end of
   the horizon, and the capacity, into buf[len]. */
PetscErrorCode MSForecastReportDestinationSentence(const MSForecastResult *r, int d, char buf[],
                                                   size_t len);

/* ---- Formats the tables and the page share. Each writes "" for NaN. */

/* The shortest text that reads back as v exactly ("3", "0.7", "0.1234"). */
void MSForecastReportFormatReal(double v, char buf[], size_t len);

/* v rounded to whole people (halves away from 0); with grouping, for reading: thousands
   separated by commas and a minus sign U+2212 ("−1,240"), else plain ("-1240"). */
void MSForecastReportFormatPeople(double v, PetscBool grouping, char buf[], size_t len);

typedef enum {
  MS_DATE_LONG = 0, /* 14 March 2013 */
  MS_DATE_SHORT,    /* 14 Mar 2013 */
  MS_DATE_DAYMONTH, /* 14 Mar */
  MS_DATE_MONTH,    /* Mar */
  MS_DATE_MONTHYEAR /* Mar 2013 */
} MSDateStyle;

/* The date of simulation day `day` of r (r->start_date + day) in the given style. */
PetscErrorCode MSForecastReportFormatDate(const MSForecastResult *r, int day, MSDateStyle style,
                                          char buf[], size_t len);

/* ---- The plots: one inline SVG of a destination's occupancy over the result's days. */
typedef struct {
  const char   *id;                /* unique on the page: the SVG's <title> and <desc> ids */
  const char   *title, *desc;      /* plain text, escaped here */
  const double *band;              /* [ndays][MS_FORECAST_NQ], drawn from F on (NaN: a gap) */
  const double *dressed;           /* [ndays][MS_FORECAST_NQ] the band dressed with past errors
                                      (-dress), its 5-95 % drawn lighter around band; or NULL */
  const double        *alt_band;   /* a variant's, drawn over band (band then lighter); or NULL */
  const char          *alt_name;   /* the variant's name, for the legend */
  const double        *obs;        /* [ndays] observations (NaN: none), or NULL */
  const double        *obs_hidden; /* [ndays] observations hidden from the forecast, or NULL */
  const unsigned char *obs_point;  /* [ndays] 1 on observation dates: dots there, a thin line
                                      through the days between; NULL: a dot every day */
  double capacity;                 /* > 0: a dashed line, when it is not far above the data */
  int    warn_dest;                /* mark the warnings of this destination (-1: none) */
  int    warn_variant;             /* in this variant (-1: the baseline) */
} MSForecastPlot;

/* Write plot p of result r (its days and forecast day) to f as an <svg> element that scales
   to its container's width, followed by an HTML legend of what it shows. */
PetscErrorCode MSForecastPlotWrite(FILE *f, const MSForecastResult *r, const MSForecastPlot *p);

#endif
