/* The forecast driver (ms_forecast.h): members over rank groups, each a run kept in memory
   that branches into the baseline and the variants at F; world rank 0 gathers their camp
   series and summarises them (forecast_summary.c). */
#define _POSIX_C_SOURCE 200809L /* realpath */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ms_errors.h"
#include "forecast_impl.h"
#include "ms_agents.h"
#include "ms_h5.h"
#include "ms_sim.h"
#include "ms_spawn.h"

static const char *const assimilate_names[] = {"observed",     "none",      "transit",
                                               "MSAssimilate", "MS_ASSIM_", NULL};

PetscErrorCode MSForecastCreate(MPI_Comm comm, MSForecast *fcp)
{
  MSForecast fc;

  PetscFunctionBegin;
  PetscCall(PetscNew(&fc));
  fc->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &fc->rank));
  PetscCallMPI(MPI_Comm_size(comm, &fc->size));
  fc->gcomm = MPI_COMM_NULL, fc->win = MPI_WIN_NULL;
  PetscCall(PetscStrncpy(fc->output, "forecast.h5", sizeof(fc->output)));
  fc->horizon = 90, fc->replicates = 10, fc->seed = 1, fc->rpm = 1;
  fc->warn_occupancy = 0.9, fc->warn_probability = 0.5, fc->warn_surge = 2;
  fc->F_given = -1;
  /* the observed camps at F without counting twice the agents on their way (docs/forecast.md) */
  fc->assimilate         = MS_FORECAST_ASSIMILATE_TRANSIT;
  fc->assimilate_max_age = -1;
  PetscCall(MSInflowCreate(comm, &fc->inflow));
  /* the groups print at once: whole lines keep their output readable */
  setvbuf(stdout, NULL, _IOLBF, 0);
  *fcp = fc;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- options */

/* What is forecast, from what, and where it goes. */
static PetscErrorCode InputOptions(PetscOptionItems *PetscOptionsObject, MSForecast fc)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsString(
      "-calibration",
      "calibration.h5 of migrasim-calibrate: its accepted points are the members' settings", NULL,
      fc->calibration, fc->calibration, sizeof(fc->calibration), NULL));
  PetscCall(PetscOptionsString("-scenario",
                               "scenario directory (default: the calibration's scenario)", NULL,
                               fc->scenario_dir, fc->scenario_dir, sizeof(fc->scenario_dir), NULL));
  PetscCall(PetscOptionsString("-forecast_from",
                               "forecast day F, YYYY-MM-DD (default: the last observed day; later "
                               "observations are hidden from the forecast and kept for scoring)",
                               NULL, fc->forecast_from, fc->forecast_from,
                               sizeof(fc->forecast_from), NULL));
  PetscCall(PetscOptionsBool(
      "-forecast_lookahead",
      "with a given forecast day, read the days up to F from the series interpolated through "
      "the observations after F too, which see the future, for comparison (default: false, "
      "only the observations dated F or before)",
      NULL, fc->lookahead, &fc->lookahead, NULL));
  PetscCall(
      PetscOptionsInt("-horizon", "days forecast after F", NULL, fc->horizon, &fc->horizon, NULL));
  PetscCall(PetscOptionsInt("-replicates", "seeds per calibration point (without one: members)",
                            NULL, fc->replicates, &fc->replicates, NULL));
  PetscCall(PetscOptionsInt("-seed", "seed of the first replicate (the others: seed + 1, ...)",
                            NULL, fc->seed, &fc->seed, NULL));
  PetscCall(PetscOptionsEList(
      "-assimilate",
      "the camps' state at F: observed (their observations, residents added or removed), none (as "
      "simulated) or transit (their observations, the residents they lack taken from the agents "
      "outside the camps)",
      NULL, assimilate_names, 3, assimilate_names[fc->assimilate], &fc->assimilate, NULL));
  PetscCall(
      PetscOptionsInt("-assimilate_max_age",
                      "days: a camp is assimilated at F only where its last observation on or "
                      "before F is at most this old (-1: any age)",
                      NULL, fc->assimilate_max_age, &fc->assimilate_max_age, NULL));
  PetscCall(PetscOptionsString(
      "-dress",
      "also write the camps' occupancy quantiles dressed with the errors of a backtest of this "
      "scenario: FILE is its DIR/residuals.csv (-backtest -backtest_dir DIR), of which the "
      "residuals of the forecast's -inflow and -assimilate observed by the forecast day are used",
      NULL, fc->dress, fc->dress, sizeof(fc->dress), NULL));
  PetscCall(PetscOptionsString(
      "-variant", "what-if variant FILE.csv (repeat the option, or FILE1.csv,FILE2.csv)", NULL,
      fc->variant_opt, fc->variant_opt, sizeof(fc->variant_opt), NULL));
  PetscCall(PetscOptionsString("-destinations",
                               "report only these camps, regions and countries (NAME,NAME,...; "
                               "default: all)",
                               NULL, fc->destinations, fc->destinations, sizeof(fc->destinations),
                               NULL));
  PetscCall(PetscOptionsInt("-ranks_per_member",
                            "MPI ranks of each member's run (the world size must be a multiple)",
                            NULL, fc->rpm, &fc->rpm, NULL));
  PetscCall(PetscOptionsString("-output", "forecast.h5: the forecast (docs/forecast.md)", NULL,
                               fc->output, fc->output, sizeof(fc->output), NULL));
  PetscCall(PetscOptionsString(
      "-report", "the planner's page (default: the output's name with .html; 'none' to skip)", NULL,
      fc->report, fc->report, sizeof(fc->report), NULL));
  PetscCall(PetscOptionsString(
      "-csv", "also write PREFIX_destinations.csv, PREFIX_variants.csv, PREFIX_warnings.csv", NULL,
      fc->csv, fc->csv, sizeof(fc->csv), NULL));
  PetscCall(PetscOptionsString("-member_output",
                               "also write a member's baseline run (days 0..F+H) as migrasim's "
                               "output FILE.h5, with /daily/assimilated",
                               NULL, fc->member_output, fc->member_output,
                               sizeof(fc->member_output), NULL));
  PetscCall(PetscOptionsInt("-member_output_member", "the member -member_output writes", NULL,
                            fc->member_out, &fc->member_out, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* When a warning fires (MODEL.md section 10, "Warnings"). */
static PetscErrorCode WarnOptions(PetscOptionItems *PetscOptionsObject, MSForecast fc)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal("-warn_occupancy",
                             "share of a destination's capacity beyond which it is near full", NULL,
                             fc->warn_occupancy, &fc->warn_occupancy, NULL));
  PetscCall(PetscOptionsReal("-warn_probability",
                             "share of the members that must be beyond a threshold for a warning",
                             NULL, fc->warn_probability, &fc->warn_probability, NULL));
  PetscCall(PetscOptionsReal("-warn_surge",
                             "weekly arrivals this many times those of the 4 weeks before F are a "
                             "surge",
                             NULL, fc->warn_surge, &fc->warn_surge, NULL));
  PetscCall(PetscOptionsReal("-warn_host_ratio",
                             "arrivals since F over the host population beyond which to warn (0: "
                             "off)",
                             NULL, fc->warn_host_ratio, &fc->warn_host_ratio, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The -variant files: every occurrence on the command line (PETSc's database keeps only the
   last), each a file or a comma-separated list; or the database's value (an options file). */
static PetscErrorCode VariantPaths(MSForecast fc)
{
  int    argc;
  char **args, list[sizeof(fc->variant_opt)];

  PetscFunctionBegin;
  PetscCall(PetscGetArgs(&argc, &args));
  list[0] = 0;
  for (int i = 1; i + 1 < argc; i++) {
    if (strcmp(args[i], "-variant")) continue;
    PetscCheck(strlen(list) + strlen(args[i + 1]) + 2 < sizeof(list), fc->comm,
               PETSC_ERR_USER_INPUT, "option -variant: the names are too long");
    if (list[0]) PetscCall(PetscStrlcat(list, ",", sizeof(list)));
    PetscCall(PetscStrlcat(list, args[i + 1], sizeof(list)));
  }
  if (!list[0]) PetscCall(PetscStrncpy(list, fc->variant_opt, sizeof(list)));
  for (char *p = list, *c; *p; p = c ? c + 1 : p + strlen(p)) {
    c = strchr(p, ',');
    if (c) *c = 0;
    if (!*p) continue;
    PetscCheck(fc->nvariants < MS_FORECAST_MAX_VARIANTS, fc->comm, PETSC_ERR_USER_INPUT,
               "option -variant: more than %d variants", MS_FORECAST_MAX_VARIANTS);
    PetscCall(PetscStrallocpy(p, &fc->variant_path[fc->nvariants++]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckOptions(MSForecast fc)
{
  PetscFunctionBegin;
  PetscCheck(fc->assimilate_max_age >= -1, fc->comm, PETSC_ERR_USER_INPUT,
             "option -assimilate_max_age: %" PetscInt_FMT " days; 0 or more, or -1 for any age",
             fc->assimilate_max_age);
  PetscCheck(fc->horizon >= 1 && fc->horizon <= 10000, fc->comm, PETSC_ERR_USER_INPUT,
             "option -horizon: %" PetscInt_FMT " days; between 1 and 10000", fc->horizon);
  PetscCheck(fc->replicates >= 1 && fc->replicates <= 100000, fc->comm, PETSC_ERR_USER_INPUT,
             "option -replicates: %" PetscInt_FMT "; between 1 and 100000", fc->replicates);
  PetscCheck(fc->seed >= 0, fc->comm, PETSC_ERR_USER_INPUT,
             "option -seed: must be 0 or more, not %" PetscInt_FMT, fc->seed);
  PetscCheck(fc->rpm >= 1, fc->comm, PETSC_ERR_USER_INPUT,
             "option -ranks_per_member: must be 1 or more, not %" PetscInt_FMT, fc->rpm);
  PetscCheck(fc->warn_occupancy > 0, fc->comm, PETSC_ERR_USER_INPUT,
             "option -warn_occupancy: a share of the capacity above 0, not %g",
             (double)fc->warn_occupancy);
  PetscCheck(fc->warn_probability > 0 && fc->warn_probability <= 1, fc->comm, PETSC_ERR_USER_INPUT,
             "option -warn_probability: a share in (0, 1], not %g", (double)fc->warn_probability);
  PetscCheck(fc->warn_surge > 0, fc->comm, PETSC_ERR_USER_INPUT,
             "option -warn_surge: a factor above 0, not %g", (double)fc->warn_surge);
  PetscCheck(fc->warn_host_ratio >= 0, fc->comm, PETSC_ERR_USER_INPUT,
             "option -warn_host_ratio: 0 (off) or a share above 0, not %g",
             (double)fc->warn_host_ratio);
  PetscCheck(fc->member_out >= 0, fc->comm, PETSC_ERR_USER_INPUT,
             "option -member_output_member: a member's number, 0 or more, not %" PetscInt_FMT,
             fc->member_out);
  PetscCheck(fc->calibration[0] || fc->scenario_dir[0], fc->comm, PETSC_ERR_USER_INPUT,
             "option -scenario: give the scenario, or a -calibration of it");
  PetscCheck(fc->s.observed_until < 0, fc->comm, PETSC_ERR_USER_INPUT,
             "setting observed_until: a forecast reads the series as known on its forecast day "
             "(-forecast_from); leave it unset");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastSetFromOptions(MSForecast fc)
{
  PetscBool help;

  PetscFunctionBegin;
  PetscOptionsBegin(fc->comm, NULL, "migrasim-forecast options (docs/forecast.md)", NULL);
  PetscCall(InputOptions(PetscOptionsObject, fc));
  PetscCall(WarnOptions(PetscOptionsObject, fc));
  PetscOptionsEnd();
  PetscCall(MSInflowSetFromOptions(fc->inflow));
  /* the settings as the members read them: -settings FILE and the settings' options */
  PetscCall(
      MSSettingsSetFromOptions(fc->comm, &fc->s, fc->settings_file, sizeof(fc->settings_file)));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(VariantPaths(fc));
  PetscCall(CheckOptions(fc));
  if (!fc->report[0]) {
    size_t n;
    PetscCall(PetscStrncpy(fc->report, fc->output, sizeof(fc->report)));
    n = strlen(fc->report);
    if (n > 3 && !strcmp(fc->report + n - 3, ".h5")) fc->report[n - 3] = 0;
    PetscCall(PetscStrlcat(fc->report, ".html", sizeof(fc->report)));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastSetForecastDay(MSForecast fc, int F)
{
  PetscFunctionBegin;
  fc->F_given = F;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastGetInflow(MSForecast fc, MSInflow *in)
{
  PetscFunctionBegin;
  *in = fc->inflow;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the calibration */

/* An int or double dataset of the calibration, of n values (and width columns). */
static PetscErrorCode ReadNumbers(MSH5 *h, const char name[], hid_t type, hsize_t n, hsize_t width,
                                  void *v)
{
  hid_t     d;
  hsize_t   dims[2] = {0, 0};
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5Exists(h, h->file, name, &found));
  PetscCheck(found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '%s': missing (not a complete calibration)", h->path, name);
  PetscCall(MSH5DatasetOpen(h, h->file, name, width ? 2 : 1, dims, &d));
  PetscCheck(dims[0] == n && (!width || dims[1] == width), h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '%s': %llu values, where /members has %llu members", h->path, name,
             (unsigned long long)(dims[0] * (width ? dims[1] : 1)), (unsigned long long)n);
  if (n * (width ? width : 1) > 0)
    MSH5Call(h, name, H5Dread, (d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v));
  PetscCall(MSH5Close(h, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The accepted points, in order of their numbers, with the values of a member of each. */
static PetscErrorCode AcceptedPoints(MSForecast fc, MSH5 *h, int nm, const int *point,
                                     const int *accepted, const double *x)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nm + 1, &fc->point_id));
  PetscCall(PetscMalloc1((size_t)nm * fc->nparam + 1, &fc->pvalue));
  for (int i = 0; i < nm; i++) {
    int k;
    if (!accepted[i]) continue;
    for (k = 0; k < fc->npoints && fc->point_id[k] != point[i]; k++) {}
    if (k < fc->npoints) continue;
    /* insertion in order of the point's number */
    for (k = fc->npoints; k > 0 && fc->point_id[k - 1] > point[i]; k--) {
      fc->point_id[k] = fc->point_id[k - 1];
      PetscCall(PetscArraycpy(fc->pvalue + (size_t)k * fc->nparam,
                              fc->pvalue + (size_t)(k - 1) * fc->nparam, fc->nparam));
    }
    fc->point_id[k] = point[i];
    PetscCall(
        PetscArraycpy(fc->pvalue + (size_t)k * fc->nparam, x + (size_t)i * fc->nparam, fc->nparam));
    fc->npoints++;
  }
  PetscCheck(fc->npoints > 0, fc->comm, PETSC_ERR_USER_INPUT,
             "%s: field '/members/accepted': no accepted point to forecast from", h->path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadCalibrationFile(MSForecast fc, MSH5 *h)
{
  char      code[64];
  PetscBool found;
  hid_t     d;
  hsize_t   nm = 0;
  int      *point, *accepted;
  double   *x;

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, 0, "-calibration"));
  PetscCall(MSH5AttributeReadString(h, h->file, "code", code, sizeof(code), &found));
  PetscCheck(found && !strcmp(code, "migrasim-calibrate"), fc->comm, PETSC_ERR_USER_INPUT,
             "%s: field 'code': '%s' is not a calibration of migrasim-calibrate", h->path, code);
  PetscCall(MSH5AttributeReadString(h, h->file, "scenario", fc->cal_scenario,
                                    sizeof(fc->cal_scenario), &found));
  PetscCall(MSH5AttributeRead(h, h->file, "scenario_hash", H5T_NATIVE_UINT64, 1, &fc->cal_hash,
                              &fc->have_hash));
  PetscCall(MSH5StringsRead(h, h->file, "/parameters/name", &fc->nparam, &fc->pname));
  PetscCall(MSH5DatasetOpen(h, h->file, "/members/point", 1, &nm, &d));
  PetscCall(MSH5Close(h, &d));
  PetscCall(PetscMalloc3(nm + 1, &point, nm + 1, &accepted, nm * fc->nparam + 1, &x));
  PetscCall(ReadNumbers(h, "/members/point", H5T_NATIVE_INT, nm, 0, point));
  PetscCall(ReadNumbers(h, "/members/accepted", H5T_NATIVE_INT, nm, 0, accepted));
  PetscCall(ReadNumbers(h, "/members/parameters", H5T_NATIVE_DOUBLE, nm,
                        fc->nparam ? (hsize_t)fc->nparam : 0, x));
  PetscCall(AcceptedPoints(fc, h, (int)nm, point, accepted, x));
  PetscCall(PetscFree3(point, accepted, x));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The calibration's points (every rank reads the file alike). */
static PetscErrorCode ReadCalibration(MSForecast fc)
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(fc->comm, fc->calibration, " (not a calibration file?)", &h));
  PetscCall(MSH5End(&h, ReadCalibrationFile(fc, &h)));
  if (!fc->scenario_dir[0])
    PetscCall(PetscStrncpy(fc->scenario_dir, fc->cal_scenario, sizeof(fc->scenario_dir)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The calibration must be of this scenario: its hash where it records one, else its path. */
static PetscErrorCode CheckCalibrationScenario(MSForecast fc)
{
  char a[PATH_MAX], b[PATH_MAX];

  PetscFunctionBegin;
  if (fc->have_hash) {
    PetscCheck(fc->cal_hash == fc->scn_hash, fc->comm, PETSC_ERR_USER_INPUT,
               "%s: field 'scenario_hash': the calibration is of another scenario (%s), or of "
               "other files of it, than -scenario %s",
               fc->calibration, fc->cal_scenario, fc->scenario_dir);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(realpath(fc->cal_scenario, a) && realpath(fc->scenario_dir, b) && !strcmp(a, b),
             fc->comm, PETSC_ERR_USER_INPUT,
             "%s: field 'scenario': the calibration is of scenario %s, not of -scenario %s",
             fc->calibration, fc->cal_scenario, fc->scenario_dir);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every point's values must be values of their settings. */
static PetscErrorCode CheckPoints(MSForecast fc)
{
  PetscFunctionBegin;
  for (int j = 0; j < fc->nparam; j++) {
    int i = MSSettingsFind(fc->pname[j]);
    PetscCheck(i >= 0, fc->comm, PETSC_ERR_USER_INPUT,
               "%s: field '/parameters/name': '%s' is not a setting of this migrasim",
               fc->calibration, fc->pname[j]);
    PetscCheck(strcmp(MSSettingsGetInfo(i)->name, "optimisations.hasten") &&
                   strcmp(MSSettingsGetInfo(i)->name, "observed_until"),
               fc->comm, PETSC_ERR_USER_INPUT,
               "%s: field '/parameters/name': its points vary %s, which a forecast's members "
               "share (one scenario)",
               fc->calibration, MSSettingsGetInfo(i)->name);
    for (int k = 0; k < fc->npoints; k++) {
      MSSettings s = fc->s;
      char       v[64];
      PetscCall(PetscSNPrintf(v, sizeof(v), "%.17g", fc->pvalue[(size_t)k * fc->nparam + j]));
      PetscCheck(!MSSettingsSetPair(&s, MSSettingsGetInfo(i)->name, v), fc->comm,
                 PETSC_ERR_USER_INPUT,
                 "%s: field '/members/parameters': point %d's %s = %s is outside its bounds",
                 fc->calibration, fc->point_id[k], fc->pname[j], v);
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the forecast day */

/* F: MSForecastSetForecastDay's, -forecast_from's, or the last day observed in any series. */
static PetscErrorCode ForecastDay(MSForecast fc)
{
  const MSScenario *scn = fc->scn;

  PetscFunctionBegin;
  fc->last_obs = -1;
  if (scn->has_source_data) {
    if (scn->total.daily) fc->last_obs = scn->total.last;
    for (int c = 0; c < scn->ncamps; c++) fc->last_obs = PetscMax(fc->last_obs, scn->camp[c].last);
  }
  if (fc->F_given >= 0)
    fc->F = fc->F_given;
  else if (fc->forecast_from[0]) {
    int64_t d;
    PetscCheck(!MSDateParse(fc->forecast_from, &d), fc->comm, PETSC_ERR_USER_INPUT,
               "option -forecast_from: '%s' is not a date YYYY-MM-DD", fc->forecast_from);
    PetscCheck(d > scn->start_day && d - scn->start_day < 30000, fc->comm, PETSC_ERR_USER_INPUT,
               "option -forecast_from: %s is not after the scenario's start date %s (or too far "
               "from it)",
               fc->forecast_from, scn->start_date);
    fc->F = (int)(d - scn->start_day);
  } else {
    PetscCheck(fc->last_obs >= 1, fc->comm, PETSC_ERR_USER_INPUT,
               "option -forecast_from: %s has no observation after its first day to forecast "
               "from (source_data/); give the forecast day",
               fc->scenario_dir);
    fc->F = fc->last_obs;
  }
  fc->H = (int)fc->horizon;
  PetscCheck(fc->F + fc->H + 1 < (1 << MS_ID_DAY_BITS), fc->comm, PETSC_ERR_USER_INPUT,
             "option -horizon: day %d is beyond the %d days that agent ids hold", fc->F + fc->H,
             (1 << MS_ID_DAY_BITS) - 1);
  /* the days before F that the result shows: at least the 4 weeks of the surge warning */
  fc->first_day = PetscMax(0, fc->F - PetscMax(fc->H, 7 * MS_FORECAST_SURGE_WEEKS));
  fc->ndays     = fc->F + fc->H - fc->first_day + 1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A given forecast day: the series as known on it, from the observations dated F or before
   (MSScenarioCutSeries), for the members' days 0..F, the inflow's window and the assimilation;
   the uncut series stay for what F did not see (observed inflow, the hidden observations). */
static PetscErrorCode CutAtF(MSForecast fc)
{
  PetscFunctionBegin;
  fc->cut = (PetscBool)(!fc->lookahead && (fc->F_given >= 0 || fc->forecast_from[0]));
  if (fc->cut) PetscCall(MSScenarioCutSeries(fc->scn, fc->F));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The inflow's observed totals: every day to the last observation (F at least), as known on F
   up to F and as observed after it. */
static PetscErrorCode SetUpInflow(MSForecast fc)
{
  int      nobs = PetscMax(fc->F, fc->last_obs) + 1;
  int64_t *total;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nobs, &total));
  for (int d = 0; d < nobs; d++)
    total[d] = d <= fc->F ? MSSpawnObservedTotal(fc->scn, &fc->s, d)
                          : MSSpawnObservedTotalUncut(fc->scn, &fc->s, d);
  PetscCall(MSInflowSetUp(fc->inflow, fc->scn->start_day, fc->s.population_scale, fc->F, fc->H,
                          nobs, total));
  PetscCall(PetscFree(total));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode LoadVariants(MSForecast fc)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(fc->nvariants + 1, &fc->variant));
  for (int v = 0; v < fc->nvariants; v++) {
    PetscCall(MSVariantLoad(fc->comm, fc->variant_path[v], fc->scn, fc->F, &fc->variant[v]));
    for (int w = 0; w < v; w++)
      PetscCheck(strcmp(fc->variant[v]->name, fc->variant[w]->name), fc->comm, PETSC_ERR_USER_INPUT,
                 "option -variant: %s and %s have the same name '%s' (the report tells variants "
                 "by their files' names)",
                 fc->variant_path[w], fc->variant_path[v], fc->variant[v]->name);
  }
  fc->nruns = 1 + fc->nvariants;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- groups */

/* Split comm into groups of -ranks_per_member ranks, and the counter that hands out members
   ([0] the next member, [1] members finished, [2] a member failed: stop), on world rank 0. */
static PetscErrorCode Groups(MSForecast fc)
{
  PetscFunctionBegin;
  PetscCheck(fc->size % fc->rpm == 0, fc->comm, PETSC_ERR_USER_INPUT,
             "option -ranks_per_member: %d ranks do not split into groups of %" PetscInt_FMT
             "; run on a multiple of %" PetscInt_FMT " ranks",
             fc->size, fc->rpm, fc->rpm);
  fc->ngroups = fc->size / (PetscMPIInt)fc->rpm;
  fc->group   = fc->rank / (PetscMPIInt)fc->rpm;
  PetscCallMPI(MPI_Comm_split(fc->comm, fc->group, fc->rank, &fc->gcomm));
  PetscCallMPI(MPI_Comm_rank(fc->gcomm, &fc->grank));
  PetscCallMPI(MPI_Win_allocate(fc->rank == 0 ? (MPI_Aint)(3 * sizeof(int64_t)) : 0,
                                (int)sizeof(int64_t), MPI_INFO_NULL, fc->comm, &fc->counter,
                                &fc->win));
  if (fc->rank == 0) {
    PetscCallMPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, fc->win));
    fc->counter[0] = fc->counter[1] = fc->counter[2] = 0;
    PetscCallMPI(MPI_Win_unlock(0, fc->win));
  }
  PetscCallMPI(MPI_Barrier(fc->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastSetUp(MSForecast fc)
{
  char date[11];

  PetscFunctionBegin;
  if (fc->calibration[0]) PetscCall(ReadCalibration(fc));
  /* one scenario for every member: hastened as the settings say (a point may not vary that) */
  PetscCall(MSSpawnLoadScenario(fc->comm, fc->scenario_dir, &fc->s, &fc->scn, &fc->scn_hash));
  for (int w = 0; w < fc->scn->nwarnings; w++)
    PetscCall(PetscPrintf(fc->comm, "migrasim-forecast: warning: %s\n", fc->scn->warnings[w]));
  if (fc->calibration[0]) {
    PetscCall(CheckCalibrationScenario(fc));
    PetscCall(CheckPoints(fc));
  } else {
    fc->npoints = 1;
    PetscCall(PetscCalloc1(1, &fc->point_id));
    PetscCall(PetscCalloc1(1, &fc->pvalue));
  }
  fc->nmembers = fc->npoints * (int)fc->replicates;
  PetscCheck(!fc->member_output[0] || fc->member_out < fc->nmembers, fc->comm, PETSC_ERR_USER_INPUT,
             "option -member_output_member: member %" PetscInt_FMT " of %d (numbered from 0)",
             fc->member_out, fc->nmembers);
  PetscCall(ForecastDay(fc));
  PetscCall(CutAtF(fc));
  PetscCall(SetUpInflow(fc));
  PetscCall(MSForecastDressLoad(fc));
  PetscCall(LoadVariants(fc));
  PetscCall(MSForecastDestinations(fc));
  PetscCall(Groups(fc));
  MSDateFormat(fc->scn->start_day + fc->F, date);
  PetscCall(PetscPrintf(fc->comm,
                        "forecast: %s from %s (day %d), %d days; %d members (%d points x "
                        "%" PetscInt_FMT " replicates), baseline and %d variants, %d destinations; "
                        "%d groups of %" PetscInt_FMT " ranks\n",
                        fc->scenario_dir, date, fc->F, fc->H, fc->nmembers, fc->npoints,
                        fc->replicates, fc->nvariants, fc->ndest, fc->ngroups, fc->rpm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- a member */

/* Member m's options: its point's parameters and its seed over the command line's. */
static PetscErrorCode MemberOptions(MSForecast fc, int m)
{
  int  p = m / (int)fc->replicates, r = m % (int)fc->replicates;
  char v[64], opt[140];

  PetscFunctionBegin;
  for (int j = 0; j < fc->nparam; j++) {
    PetscCall(PetscSNPrintf(opt, sizeof(opt), "-%s", fc->pname[j]));
    PetscCall(PetscSNPrintf(v, sizeof(v), "%.17g", fc->pvalue[(size_t)p * fc->nparam + j]));
    PetscCall(MSOptionsOverrideSet(&fc->opts, opt, v));
  }
  PetscCall(PetscSNPrintf(v, sizeof(v), "%" PetscInt_FMT, fc->seed + r));
  PetscCall(MSOptionsOverrideSet(&fc->opts, "-seed", v));
  PetscCall(PetscSNPrintf(v, sizeof(v), "%d", fc->F + fc->H + 1));
  PetscCall(MSOptionsOverrideSet(&fc->opts, "-days", v));
  PetscCall(MSOptionsOverrideSet(&fc->opts, "-scenario", fc->scenario_dir));
  if (fc->member_output[0] && m == fc->member_out) {
    PetscCall(MSOptionsOverrideSet(&fc->opts, "-output", fc->member_output));
    PetscCall(MSOptionsOverrideSet(&fc->opts, "-flee_csv", NULL));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The day just simulated into run's series of block (this rank's camps; the group sums). */
static PetscErrorCode RecordDay(MSForecast fc, MSSim sim, int run, int64_t *block)
{
  MSSimCounts c;
  int         k;

  PetscFunctionBegin;
  PetscCall(MSSimGetCounts(sim, &c));
  k = c.day - fc->first_day;
  for (int j = 0; j < c.nowned; j++) {
    int cl = fc->camp_of[c.owned[j]];
    if (cl < 0) continue;
    block[MSForecastBlockIndex(fc, 0, run, cl, k)] = c.pop[c.owned[j]];
    block[MSForecastBlockIndex(fc, 1, run, cl, k)] = c.arrivals[c.owned[j]];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Days from the first not simulated to last, each recorded into run from first_day on. */
static PetscErrorCode RunTo(MSForecast fc, MSSim sim, int last, int run, int64_t *block)
{
  MSSimCounts c;

  PetscFunctionBegin;
  PetscCall(MSSimGetCounts(sim, &c));
  if (c.day < fc->first_day - 1) PetscCall(MSSimRunDays(sim, fc->first_day));
  for (int t = PetscMax(c.day + 1, fc->first_day); t <= last; t++) {
    PetscCall(MSSimRunDays(sim, t + 1));
    PetscCall(RecordDay(fc, sim, run, block));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The assimilation at F, its change per camp into block (once: by the group's first rank),
   and the camps' state after it as day F's. net[0]: the change in all; net[1]: the agents
   taken from outside the camps (transit). */
static PetscErrorCode Assimilate(MSForecast fc, MSSim sim, int m, int64_t *block, int64_t net[2])
{
  int64_t *change;

  PetscFunctionBegin;
  net[0] = net[1] = 0;
  if (fc->assimilate == MS_FORECAST_ASSIMILATE_NONE) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1(fc->scn->nloc, &change));
  PetscCall(MSSimAssimilate(sim, m, (PetscBool)(fc->assimilate == MS_FORECAST_ASSIMILATE_TRANSIT),
                            (int)fc->assimilate_max_age, change, &net[1]));
  for (int cl = 0; cl < fc->ncl && fc->grank == 0; cl++)
    block[MSForecastBlockIndex(fc, 2, 0, cl, 0)] = change[fc->camp_loc[cl]];
  for (int i = 0; i < fc->scn->nloc; i++) net[0] += change[i];
  PetscCall(PetscFree(change));
  PetscCall(RecordDay(fc, sim, 0, block));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Member m on the group: days 0..F, the assimilation, then from the snapshot the baseline and
   every variant to F+H with the member's inflow, into block (summed over the group later). */
static PetscErrorCode MemberRuns(MSForecast fc, int m, int64_t *block, int64_t net[2])
{
  MSSim      sim  = NULL;
  MSSimState snap = NULL;
  int64_t   *path = NULL;
  size_t     past = (size_t)(fc->F - fc->first_day + 1);

  PetscFunctionBegin;
  PetscCall(MSSimCreate(fc->gcomm, &sim));
  PetscCall(MSSimSetInMemory(sim));
  if (fc->member_output[0] && m == fc->member_out) PetscCall(MSSimKeepOutput(sim));
  PetscCall(MSSimSetScenario(sim, fc->scn, fc->scn_hash));
  PetscCall(MSSimSetFromOptions(sim));
  PetscCall(MSSimSetUp(sim));
  PetscCall(RunTo(fc, sim, fc->F, 0, block));
  PetscCall(Assimilate(fc, sim, m, block, net));
  PetscCall(MSSimSnapshot(sim, &snap));
  if (fc->inflow_model != MS_INFLOW_CONFLICT) {
    PetscCall(PetscMalloc1(fc->H, &path));
    PetscCall(MSInflowPath(fc->inflow, (uint64_t)fc->seed, m, path));
  }
  PetscCall(MSSimSetInflow(sim, fc->F + 1, fc->H, path));
  for (int run = 0; run < fc->nruns; run++) {
    if (run > 0) {
      PetscCall(MSSimRestore(sim, snap));
      PetscCall(MSSimSetVariant(sim, fc->variant[run - 1]));
      /* the variant's past is the member's */
      for (int w = 0; w < 2; w++)
        for (int cl = 0; cl < fc->ncl; cl++)
          PetscCall(PetscArraycpy(block + MSForecastBlockIndex(fc, w, run, cl, 0),
                                  block + MSForecastBlockIndex(fc, w, 0, cl, 0), past));
    }
    PetscCall(RunTo(fc, sim, fc->F + fc->H, run, block));
    if (run == 0) PetscCall(MSSimEndOutput(sim));
  }
  PetscCall(PetscFree(path));
  PetscCall(MSSimSnapshotDestroy(&snap));
  PetscCall(MSSimDestroy(&sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Member m, its errors its own (reported on the group, as a sweep's members' are); its
   members' output (the partition's lines) silenced. */
static PetscErrorCode RunMember(MSForecast fc, int m, int64_t *block, PetscBool *failed,
                                int64_t net[2])
{
  char           label[32];
  int            nstages, flag;
  FILE          *saved_stdout = PETSC_STDOUT, *devnull = fopen("/dev/null", "w");
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscArrayzero(block, fc->block));
  PetscCall(PetscSNPrintf(label, sizeof(label), "member %d", m));
  PetscCall(MSSimLogMark(&nstages));
  PetscCall(MemberOptions(fc, m));
  if (devnull) PETSC_STDOUT = devnull;
  MSErrorSetRunComm(fc->gcomm, label);
  MSErrorClearMessage();
  ierr = MemberRuns(fc, m, block, net);
  MSErrorSetRunComm(MPI_COMM_NULL, NULL);
  PETSC_STDOUT = saved_stdout;
  if (devnull) fclose(devnull);
  PetscCall(MSSimLogRestore(nstages));
  PetscCall(MSOptionsOverrideRestore(&fc->opts));
  flag = ierr != 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &flag, 1, MPI_INT, MPI_MAX, fc->gcomm));
  *failed = (PetscBool)flag;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The group's first rank: member m's block kept, a line on stdout. */
static PetscErrorCode Finished(MSForecast fc, int m, const int64_t *block, const int64_t net[2],
                               double secs)
{
  int64_t one = 1, done = 0;
  double  el = MPI_Wtime() - fc->t0;
  char    note[128];

  PetscFunctionBegin;
  PetscCall(PetscArraycpy(fc->mine + (size_t)fc->nmine * fc->block, block, fc->block));
  fc->mine_id[fc->nmine++] = m;
  PetscCallMPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, fc->win));
  PetscCallMPI(MPI_Fetch_and_op(&one, &done, MPI_INT64_T, 0, 1, MPI_SUM, fc->win));
  PetscCallMPI(MPI_Win_unlock(0, fc->win));
  done++;
  note[0] = 0;
  if (fc->assimilate == MS_FORECAST_ASSIMILATE_OBSERVED)
    PetscCall(PetscSNPrintf(note, sizeof(note), ", assimilation at F %+" PRId64 " agents", net[0]));
  else if (fc->assimilate == MS_FORECAST_ASSIMILATE_TRANSIT)
    PetscCall(PetscSNPrintf(note, sizeof(note),
                            ", assimilation at F %+" PRId64 " agents (%" PRId64
                            " taken from outside the camps)",
                            net[0], net[1]));
  printf("forecast: member %d (point %d, seed %" PetscInt_FMT ") done in %.2f s%s; %" PRId64
         " of %d done, %.1f s elapsed, about %.0f s left\n",
         m, fc->point_id[m / (int)fc->replicates], fc->seed + m % (int)fc->replicates, secs, note,
         done, fc->nmembers, el, el / (double)done * (double)(fc->nmembers - done));
  fflush(stdout);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The next member for this group (-1: none left, or a member failed). */
static PetscErrorCode NextMember(MSForecast fc, int *m)
{
  int64_t one = 1, idx = 0, stop = 0;

  PetscFunctionBegin;
  if (fc->grank == 0) {
    PetscCallMPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, fc->win));
    PetscCallMPI(MPI_Fetch_and_op(NULL, &stop, MPI_INT64_T, 0, 2, MPI_NO_OP, fc->win));
    PetscCallMPI(MPI_Win_flush(0, fc->win));
    if (!stop) PetscCallMPI(MPI_Fetch_and_op(&one, &idx, MPI_INT64_T, 0, 0, MPI_SUM, fc->win));
    PetscCallMPI(MPI_Win_unlock(0, fc->win));
    *m = stop || idx >= fc->nmembers ? -1 : (int)idx;
  }
  PetscCallMPI(MPI_Bcast(m, 1, MPI_INT, 0, fc->gcomm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every member, the groups taking them from the counter; *failed: some member failed. */
static PetscErrorCode RunMembers(MSForecast fc, PetscBool *failed)
{
  int64_t *block, *sum;
  int      m;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(fc->block, &block, fc->block, &sum));
  if (fc->grank == 0) {
    PetscCall(PetscMalloc1((size_t)fc->nmembers * fc->block, &fc->mine));
    PetscCall(PetscMalloc1(fc->nmembers, &fc->mine_id));
  }
  MSErrorCollectivePhase(PETSC_FALSE); /* the engine's rules inside the members' runs */
  for (*failed = PETSC_FALSE;;) {
    PetscBool bad    = PETSC_FALSE;
    int64_t   net[2] = {0, 0};
    double    t      = MPI_Wtime();
    PetscCall(NextMember(fc, &m));
    if (m < 0) break;
    PetscCall(RunMember(fc, m, block, &bad, net));
    if (bad) {
      int64_t one = 1, old;
      *failed     = PETSC_TRUE;
      if (fc->grank == 0) {
        PetscCallMPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, fc->win));
        PetscCallMPI(MPI_Fetch_and_op(&one, &old, MPI_INT64_T, 0, 2, MPI_REPLACE, fc->win));
        PetscCallMPI(MPI_Win_unlock(0, fc->win));
      }
      break;
    }
    PetscCallMPI(MPI_Reduce(block, sum, (int)fc->block, MPI_INT64_T, MPI_SUM, 0, fc->gcomm));
    if (fc->grank == 0) PetscCall(Finished(fc, m, sum, net, MPI_Wtime() - t));
  }
  MSErrorCollectivePhase(PETSC_TRUE);
  PetscCall(PetscFree2(block, sum));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The groups' blocks to world rank 0, in member order, into fc->data. */
static PetscErrorCode Gather(MSForecast fc)
{
  int     *counts = NULL, *displs = NULL, *ids = NULL, *idc = NULL, *idd = NULL, mine;
  int64_t *all = NULL;

  PetscFunctionBegin;
  mine = fc->grank == 0 ? fc->nmine : 0;
  PetscCheck((double)fc->nmembers * (double)fc->block < (double)INT_MAX, fc->comm, PETSC_ERR_SUP,
             "forecast: %d members of %zu values each are more than one gather holds", fc->nmembers,
             fc->block);
  if (fc->rank == 0) {
    PetscCall(PetscMalloc3(fc->size, &counts, fc->size, &displs, fc->nmembers + 1, &ids));
    PetscCall(PetscMalloc2(fc->size, &idc, fc->size, &idd));
    PetscCall(PetscMalloc1((size_t)fc->nmembers * fc->block + 1, &all));
  }
  PetscCallMPI(MPI_Gather(&mine, 1, MPI_INT, idc, 1, MPI_INT, 0, fc->comm));
  if (fc->rank == 0)
    for (int r = 0, o = 0; r < fc->size; o += idc[r++]) {
      idd[r] = o, displs[r] = (int)((size_t)o * fc->block);
      counts[r] = (int)((size_t)idc[r] * fc->block);
    }
  PetscCallMPI(MPI_Gatherv(fc->mine_id, mine, MPI_INT, ids, idc, idd, MPI_INT, 0, fc->comm));
  PetscCallMPI(MPI_Gatherv(fc->mine, (int)((size_t)mine * fc->block), MPI_INT64_T, all, counts,
                           displs, MPI_INT64_T, 0, fc->comm));
  if (fc->rank == 0) {
    PetscCall(PetscMalloc1((size_t)fc->nmembers * fc->block, &fc->data));
    for (int k = 0; k < fc->nmembers; k++)
      PetscCall(PetscArraycpy(fc->data + (size_t)ids[k] * fc->block, all + (size_t)k * fc->block,
                              fc->block));
    PetscCall(PetscFree3(counts, displs, ids));
    PetscCall(PetscFree2(idc, idd));
    PetscCall(PetscFree(all));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastRun(MSForecast fc)
{
  PetscBool failed = PETSC_FALSE;
  int       nfailed;

  PetscFunctionBegin;
  PetscCall(MSInflowGetModel(fc->inflow, &fc->inflow_model, NULL));
  fc->block = MSForecastBlockSize(fc);
  fc->t0    = MPI_Wtime();
  PetscCall(RunMembers(fc, &failed));
  nfailed = failed;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &nfailed, 1, MPI_INT, MPI_MAX, fc->comm));
  PetscCheck(!nfailed, fc->comm, PETSC_ERR_LIB,
             "forecast: a member failed (its error is above); no forecast written");
  PetscCall(Gather(fc));
  PetscCall(PetscPrintf(fc->comm, "forecast: %d members x %d runs of %d days in %.2f s\n",
                        fc->nmembers, fc->nruns, fc->H, MPI_Wtime() - fc->t0));
  if (fc->rank == 0) PetscCall(MSForecastSummarise(fc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastGetResult(MSForecast fc, const MSForecastResult **r)
{
  PetscFunctionBegin;
  *r = fc->rank == 0 && fc->data ? &fc->r : NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastGetMembers(MSForecast fc, int *nmembers, int *nruns, const double **occ)
{
  PetscFunctionBegin;
  if (nmembers) *nmembers = fc->nmembers;
  if (nruns) *nruns = fc->nruns;
  *occ = fc->rank == 0 ? fc->occ : NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastWrite(MSForecast fc)
{
  PetscErrorCode ierr = PETSC_SUCCESS;

  PetscFunctionBegin;
  if (fc->rank == 0) {
    char sentence[2048];
    for (int i = 0; i < fc->r.nwarn; i++) {
      const MSForecastWarning *w = &fc->r.warn[i];
      if (MSForecastReportWarningFolded(&fc->r, w)) continue;
      PetscCall(MSForecastReportWarningSentence(&fc->r, w, sentence, sizeof(sentence)));
      if (w->variant < 0)
        printf("warning: %s\n", sentence);
      else
        printf("warning (variant %s): %s\n", fc->r.variant_name[w->variant], sentence);
    }
    if (!fc->r.nwarn) printf("forecast: no warnings\n");
    fflush(stdout);
    /* the others wait for the verdict: a file that cannot be written is everyone's error */
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = MSForecastReportWriteH5(&fc->r, fc->output);
    if (!ierr && strcmp(fc->report, "none")) ierr = MSForecastReportWriteHTML(&fc->r, fc->report);
    if (!ierr && fc->csv[0]) ierr = MSForecastReportWriteTables(&fc->r, fc->csv);
    PetscCall(PetscPopErrorHandler());
  }
  PetscCallMPI(MPI_Bcast(&ierr, 1, MPI_INT, 0, fc->comm));
  PetscCheck(!ierr, fc->comm, PETSC_ERR_FILE_WRITE,
             "forecast: cannot write %s, %s or the tables of -csv (directory missing, or disk "
             "full?)",
             fc->output, fc->report);
  PetscCall(PetscPrintf(fc->comm, "wrote %s%s%s%s%s\n", fc->output,
                        strcmp(fc->report, "none") ? " and " : "",
                        strcmp(fc->report, "none") ? fc->report : "",
                        fc->csv[0] ? " and the tables " : "", fc->csv[0] ? fc->csv : ""));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastDestroy(MSForecast *fcp)
{
  MSForecast fc = *fcp;

  PetscFunctionBegin;
  if (!fc) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSOptionsOverrideRestore(&fc->opts));
  if (fc->win != MPI_WIN_NULL) PetscCallMPI(MPI_Win_free(&fc->win));
  if (fc->gcomm != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&fc->gcomm));
  for (int v = 0; v < fc->nvariants; v++) {
    PetscCall(PetscFree(fc->variant_path[v]));
    if (fc->variant) PetscCall(MSVariantDestroy(&fc->variant[v]));
  }
  PetscCall(PetscFree(fc->variant));
  PetscCall(PetscFree(fc->dress_r));
  PetscCall(PetscStrArrayDestroy(&fc->pname));
  PetscCall(PetscFree(fc->point_id));
  PetscCall(PetscFree(fc->pvalue));
  PetscCall(MSForecastDestinationsFree(fc));
  PetscCall(PetscFree(fc->mine));
  PetscCall(PetscFree(fc->mine_id));
  PetscCall(PetscFree(fc->data));
  PetscCall(PetscFree(fc->occ));
  PetscCall(MSForecastResultReset(&fc->r));
  PetscCall(MSInflowDestroy(&fc->inflow));
  PetscCall(MSScenarioDestroy(&fc->scn));
  PetscCall(PetscFree(*fcp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
