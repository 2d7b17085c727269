/* ms_forecast_result: what a forecast found, summarised over its members (MODEL.md section 10),
 * as the writers of forecast.h5, its CSV tables and forecast.html read it.
 *
 * A forecast continues a scenario from its forecast day F to F+H as an ensemble of members
 * (calibration points times seeds), once as the baseline and once per what-if variant, each
 * variant with the same random draws as the baseline. Destinations are every camp, then the
 * sums over the camps of each region, then of each country. Days are simulation days (day 0
 * is the scenario's start date); the result covers days first_day .. first_day + ndays - 1,
 * which include some observed days before F for context. Quantiles are over members. */
#ifndef MS_FORECAST_RESULT_H
#define MS_FORECAST_RESULT_H

#include "migrasim.h"

#define MS_FORECAST_NQ 5                                 /* the quantiles: */
extern const double MSForecastQuantiles[MS_FORECAST_NQ]; /* 0.05, 0.25, 0.5, 0.75, 0.95 */

typedef enum { MS_DEST_CAMP = 0, MS_DEST_REGION, MS_DEST_COUNTRY } MSDestKind;
extern const char *const MSDestKindNames[]; /* "camp", "region", "country" */

typedef enum {
  MS_FWARN_OCCUPANCY = 0, /* occupancy above warn_occupancy x capacity */
  MS_FWARN_SURGE,         /* weekly arrivals above warn_surge x the mean of the 4 weeks before F */
  MS_FWARN_HOST           /* arrivals since F over the host population above warn_host_ratio */
} MSForecastWarnKind;
extern const char *const MSForecastWarnKindNames[]; /* "occupancy", "surge", "host_ratio" */

/* One warning: destination dest crosses its threshold on day `day` (the first day after F on
   which the share of members beyond it reaches warn_probability), in the baseline (variant
   -1) or in variant `variant`. */
typedef struct {
  MSForecastWarnKind kind;
  int                dest, variant, day;
  double             probability; /* share of members beyond the threshold on that day */
  double             median;      /* median over members, that day, of what is tested (occupancy,
                                     weekly arrivals, host ratio) */
  double threshold;               /* what it is tested against (for surge: the members' median of
                                     warn_surge x their mean weekly arrivals before F) */
  double capacity;                /* the destination's capacity (0: none) */
  double more[3];                 /* 5, 50 and 95 % over members of the occupancy on that day
                                     minus the occupancy on day F */
} MSForecastWarning;

typedef struct {
  /* what was forecast */
  char       *scenario;       /* the scenario directory, as given */
  char        start_date[11]; /* YYYY-MM-DD of day 0 */
  int         forecast_day;   /* F: the last day of observed input */
  int         horizon;        /* H: days F+1 .. F+H are forecast */
  int         first_day;      /* the first day the arrays below hold */
  int         ndays;          /* days first_day .. F+H */
  int         nmembers;       /* members (points x replicates) */
  const char *inflow;         /* "persist", "trend", "conflict", "observed" or a file name */
  /* the thresholds of the warnings */
  double warn_occupancy, warn_probability, warn_surge, warn_host_ratio;

  /* destinations */
  int         ndest;
  char      **dest_name; /* [ndest] */
  MSDestKind *dest_kind; /* [ndest] */
  double     *capacity;  /* [ndest] sum of the camps' capacities (0: none known) */
  double     *host_pop;  /* [ndest] host population (regions, countries; 0: none) */
  int        *dest_same; /* [ndest] the first destination with the same camps as this one, if
                            not itself (a region or country of one camp: the camp; a country
                            whose camps are one region's: the region), whose series it repeats;
                            else -1; or NULL */

  /* the baseline, [ndest][ndays][MS_FORECAST_NQ] */
  double *occ_q, *arr_q;
  double *obs; /* [ndest][ndays] observed occupancy (interpolated), NaN where none or hidden */
  double *obs_hidden;       /* [ndest][ndays] observations after F kept for scoring (backtests), NaN
                               elsewhere; NULL when none */
  unsigned char *obs_point; /* [ndest][ndays] 1 on the dates of the observations themselves
                               (a camp's, or any of a region's or country's camps'), 0 on the
                               days obs and obs_hidden interpolate; NULL: every day a point */
  /* -dress: the baseline's occupancy dressed with a backtest's residuals, [ndest][ndays]
     [MS_FORECAST_NQ], camps after F only (NaN elsewhere); NULL without -dress */
  double  *dressed_q;
  char    *dress_file;    /* the residual file, as given */
  uint64_t dress_hash;    /* FNV-1a of its bytes */
  int      dress_nh;      /* the backtest horizons whose residuals were used, */
  int     *dress_horizon; /* [dress_nh] ascending, */
  int     *dress_count;   /* [dress_nh] with this many residuals each */

  /* the variants, each [nvariants][ndest][ndays][MS_FORECAST_NQ] */
  int     nvariants;
  char  **variant_name; /* [nvariants] the file's name without directory and .csv */
  char  **variant_file; /* [nvariants] as given */
  double *var_occ_q;    /* the variant's occupancy */
  double *diff_occ_q;   /* the variant minus the baseline, member by member */
  double *diff_arr_q;

  /* warnings, in order of day */
  int                nwarn;
  MSForecastWarning *warn;

  /* every setting and input, for the files' attributes: name, value */
  int    nattr;
  char **attr_name, **attr_value;

  /* the members: calibration point (0 without one), replicate, seed, parameters */
  int      nparam;
  char   **param_name;                      /* [nparam] as options: move_rules_camp_weight */
  int     *member_point, *member_replicate; /* [nmembers] */
  int64_t *member_seed;                     /* [nmembers] */
  double  *member_param;                    /* [nmembers * nparam] */
  double  *assimilated; /* [nmembers * ndest] agents the assimilation at F added minus those it
                           removed, or NULL without assimilation */
} MSForecastResult;

/* Index of quantile q of destination d on day first_day + k in occ_q, arr_q (and obs with
   q = 0 and MS_FORECAST_NQ = 1 in mind: use MSForecastDayIndex); in the variants' arrays,
   add MSForecastVariantOffset(r, v). */
static inline size_t MSForecastIndex(const MSForecastResult *r, int d, int k, int q)
{
  return ((size_t)d * (size_t)r->ndays + (size_t)k) * MS_FORECAST_NQ + (size_t)q;
}
static inline size_t MSForecastVariantOffset(const MSForecastResult *r, int v)
{
  return (size_t)v * (size_t)r->ndest * (size_t)r->ndays * MS_FORECAST_NQ;
}
/* Index of destination d on day first_day + k in obs and obs_hidden. */
static inline size_t MSForecastDayIndex(const MSForecastResult *r, int d, int k)
{
  return (size_t)d * (size_t)r->ndays + (size_t)k;
}

/* Free everything a result holds and zero it. The result owns every pointer but inflow (a
   string that outlives it), each allocated with PetscMalloc (strings with PetscStrallocpy). */
PetscErrorCode MSForecastResultReset(MSForecastResult *r);

#endif
