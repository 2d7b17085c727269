/* The forecast's private state, shared by the driver (forecast.c) and the summary of its
   members (forecast_summary.c). Not for use outside src/analysis/forecast*.c. */
#ifndef MS_FORECAST_IMPL_H
#define MS_FORECAST_IMPL_H

#include "ms_forecast.h"
#include "ms_forecast_report.h"
#include "ms_settings.h"
#include "ms_variant.h"

#define MS_FORECAST_MAX_VARIANTS 64
#define MS_FORECAST_SURGE_WEEKS  4  /* the weeks before F that a surge is measured against */
#define MS_FORECAST_MAX_DRESS_H  64 /* distinct backtest horizons a -dress file may hold */

typedef enum {
  MS_FORECAST_ASSIMILATE_OBSERVED = 0,
  MS_FORECAST_ASSIMILATE_NONE,
  MS_FORECAST_ASSIMILATE_TRANSIT
} MSAssimilate;

struct _p_MSForecast {
  MPI_Comm    comm, gcomm;
  PetscMPIInt rank, size, grank, group, ngroups;
  /* options */
  char      calibration[PETSC_MAX_PATH_LEN], scenario_dir[PETSC_MAX_PATH_LEN];
  char      settings_file[PETSC_MAX_PATH_LEN], forecast_from[64];
  char      output[PETSC_MAX_PATH_LEN], report[PETSC_MAX_PATH_LEN], csv[PETSC_MAX_PATH_LEN];
  char      member_output[PETSC_MAX_PATH_LEN]; /* member member_out's baseline as a run's output */
  PetscInt  member_out;
  char      dress[PETSC_MAX_PATH_LEN]; /* -dress: a backtest's residuals.csv */
  char      variant_opt[4096], destinations[4096];
  PetscInt  horizon, replicates, seed, rpm, assimilate;
  PetscInt  assimilate_max_age; /* days: a camp observed longer ago than this is not assimilated */
  PetscReal warn_occupancy, warn_probability, warn_surge, warn_host_ratio;
  int       nvariants;
  char     *variant_path[MS_FORECAST_MAX_VARIANTS];
  int       F_given;   /* MSForecastSetForecastDay()'s, or -1 */
  PetscBool lookahead; /* -forecast_lookahead: days up to a given F read the uncut series */
  PetscBool cut;       /* the series are cut at F (MSScenarioCutSeries) */
  MSInflow  inflow;
  /* what is forecast */
  MSScenario   *scn;
  MSSettings    s; /* the settings of the command line, before the points' */
  int           F, H, first_day, ndays, last_obs;
  MSInflowModel inflow_model;
  /* the calibration's points: their numbers and parameter values */
  char      cal_scenario[PETSC_MAX_PATH_LEN];
  PetscBool have_hash;
  uint64_t  cal_hash, scn_hash; /* the calibration's scenario, and ours (as read, before hasten) */
  int       npoints, nparam, nmembers, nruns;
  int      *point_id;
  char    **pname;  /* [nparam] option names without '-' */
  double   *pvalue; /* [npoints * nparam] */
  MSVariant **variant;
  /* -dress: the residuals of the forecast's inflow and assimilation observed by F, by horizon:
     those of backtest horizon dress_h[i] are dress_r[dress_off[i] .. dress_off[i + 1]) */
  int      dress_nh, dress_h[MS_FORECAST_MAX_DRESS_H], dress_off[MS_FORECAST_MAX_DRESS_H + 1];
  double  *dress_r;
  uint64_t dress_hash; /* of the file's bytes */
  /* the camps whose series the members record (those of the destinations), and the
     destinations as sums of them */
  int         ncl, *camp_loc, *camp_of; /* [ncl] locations; [nloc] index in camp_loc, or -1 */
  int         ndest, *doff, *dcamp;     /* destination d sums the camps dcamp[doff[d]..doff[d+1]) */
  char      **dname;
  MSDestKind *dkind;
  double     *host_pop;
  /* running: the counter of members, this group's first rank's members' series */
  MPI_Win           win;
  int64_t          *counter;
  size_t            block; /* values of one member's series (MSForecastBlockIndex) */
  int               nmine, *mine_id;
  int64_t          *mine;
  MSOptionsOverride opts;
  double            t0;
  /* on world rank 0 */
  int64_t         *data; /* [nmembers * block] every member's series, in member order */
  double          *occ;  /* [nmembers][nruns][ndest][ndays] (MSForecastGetMembers) */
  MSForecastResult r;
};

/* Where a member's series keep occupancy (what 0) and arrivals (what 1) of run (0: the
   baseline, 1 + v: variant v), tracked camp cl and day first_day + k; what 2: the camp's
   assimilated change (run and k 0). */
static inline size_t MSForecastBlockIndex(const struct _p_MSForecast *fc, int what, int run, int cl,
                                          int k)
{
  size_t series = (size_t)fc->ncl * (size_t)fc->ndays;
  if (what == 2) return 2 * (size_t)fc->nruns * series + (size_t)cl;
  return ((size_t)what * (size_t)fc->nruns + (size_t)run) * series + (size_t)cl * fc->ndays +
         (size_t)k;
}
static inline size_t MSForecastBlockSize(const struct _p_MSForecast *fc)
{
  return MSForecastBlockIndex(fc, 2, 0, 0, 0) + (size_t)fc->ncl;
}

/* forecast_summary.c: */

/* The destinations (every camp, and camps opened by a variant, then each region's and each
   country's sum of them; -destinations keeps the ones it names) and the camps they sum. */
PetscErrorCode MSForecastDestinations(MSForecast fc);
PetscErrorCode MSForecastDestinationsFree(MSForecast fc);

/* World rank 0: fc->data summarised into fc->r (and fc->occ). */
PetscErrorCode MSForecastSummarise(MSForecast fc);

/* forecast_dress.c (docs/forecast.md, "Dressing a forecast"): */

/* Read -dress (every rank alike): the residuals of fc's inflow and assimilation with cut day +
   horizon <= F, into dress_*. Refuses, one line "FILE:LINE: field 'X': ...", a file of another
   scenario, a malformed line, a file without residuals of the arm or none observed by F. */
PetscErrorCode MSForecastDressLoad(MSForecast fc);

/* World rank 0, after the bands: fc->r.dressed_q, each camp's baseline members on each day
   F + j dressed with the residuals of the smallest backtest horizon >= j (else the largest). */
PetscErrorCode MSForecastDressBands(MSForecast fc);

#endif
