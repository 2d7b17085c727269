/* Backtests (ms_backtest.h): a sweep, per cut day a calibration on what came before it and four
   forecasts from it, scored against the observations the forecasts did not see. The sweep, the
   calibration and the forecasts are the tools' own objects, run in-process through their
   options (set for the length of each step and put back after it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ms_backtest.h"
#include "ms_calibrate.h"
#include "ms_errors.h"
#include "ms_forecast.h"
#include "ms_scores.h"
#include "ms_settings.h"
#include "ms_spawn.h"
#include "ms_sweep.h"

#define MS_BT_MAXH    16
#define MS_BT_MAXCUTS 256

enum { BT_PERSIST = 0, BT_OBSERVED, BT_NINFLOW };
static const char *const bt_inflow[BT_NINFLOW] = {"persist", "observed"};
/* The assimilations a backtest can compare (-backtest_assimilate); the first it runs is the one
   the goals are judged on. */
#define BT_MAXASSIM 3
static const char *const bt_assim_names[BT_MAXASSIM] = {"observed", "transit", "none"};

/* Where the truth y = o_c(T+h) is scored (-backtest_score_at): only near an observation, or on
   every day (the interpolated series). */
enum { BT_SCORE_OBSERVED = 0, BT_SCORE_DAILY };
static const char *const bt_score_at[] = {"observed", "daily", "MSBacktestScoreAt", "BT_SCORE_",
                                          NULL};

/* One arm's residuals at one horizon (-backtest_dress), with the cut days they were scored at. */
typedef struct {
  int     n, cap;
  int    *T;
  double *r;
} BTResiduals;

struct _p_MSBacktest {
  MPI_Comm    comm;
  PetscMPIInt rank;
  /* options */
  char        dir[PETSC_MAX_PATH_LEN], design[PETSC_MAX_PATH_LEN], cuts_opt[2048], assim_opt[64];
  int         nassim;             /* the assimilations compared, */
  const char *assim[BT_MAXASSIM]; /* by their -assimilate names */
  char        scenario_dir[PETSC_MAX_PATH_LEN], settings_file[PETSC_MAX_PATH_LEN];
  PetscInt    h[MS_BT_MAXH], nh, max_cuts, points, seeds;
  PetscReal   accept;
  PetscBool   dress;
  PetscBool   lookahead; /* -backtest_lookahead: the forecasts and naive ones see past T */
  PetscInt    score_at;  /* BT_SCORE_OBSERVED or BT_SCORE_DAILY */
  PetscInt    within;    /* -backtest_score_within: days from T+h to an observation */
  MSSettings  s;
  /* what is cut and scored */
  MSScenario *scn;
  int         last_obs; /* the last day a camp is observed within the period */
  int         last_any; /* the last day any series is observed (the forecasts' observed inflow) */
  int         ncuts, cut[MS_BT_MAXCUTS];
  int         nmembers; /* of the last forecast */
  MSScoresAcc acc[BT_NINFLOW][BT_MAXASSIM];
  MSScoresAcc dacc[BT_NINFLOW][BT_MAXASSIM];            /* the dressed forecasts' scores */
  BTResiduals res[BT_NINFLOW][BT_MAXASSIM][MS_BT_MAXH]; /* the residuals scored so far */
  FILE       *entries;                                  /* world rank 0 */
  FILE       *residuals; /* world rank 0: residuals.csv, for a forecast's -dress */
  uint64_t    hash;      /* the scenario's, as a forecast checks it (MSSpawnLoadScenario) */
  MSOptionsOverride opts;
};

PetscErrorCode MSBacktestRequested(PetscBool *flg)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-backtest", flg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBacktestCreate(MPI_Comm comm, MSBacktest *btp)
{
  MSBacktest bt;

  PetscFunctionBegin;
  PetscCall(PetscNew(&bt));
  bt->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &bt->rank));
  PetscCall(PetscStrncpy(bt->dir, "backtest", sizeof(bt->dir)));
  bt->h[0] = 7, bt->h[1] = 30, bt->h[2] = 60, bt->h[3] = 90, bt->nh = 4;
  bt->points = 8, bt->seeds = 1, bt->accept = 0.25;
  bt->score_at = BT_SCORE_OBSERVED, bt->within = 3;
  PetscCall(PetscStrncpy(bt->assim_opt, "transit,none", sizeof(bt->assim_opt)));
  *btp = bt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* -backtest_assimilate: assimilations of bt_assim_names, each at most once. */
static PetscErrorCode AssimList(MSBacktest bt)
{
  char list[sizeof(bt->assim_opt)];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(list, bt->assim_opt, sizeof(list)));
  bt->nassim = 0;
  for (char *p = list, *c; *p; p = c ? c + 1 : p + strlen(p)) {
    int k = 0;
    c     = strchr(p, ',');
    if (c) *c = 0;
    while (k < BT_MAXASSIM && strcmp(p, bt_assim_names[k])) k++;
    PetscCheck(k < BT_MAXASSIM, bt->comm, PETSC_ERR_USER_INPUT,
               "option -backtest_assimilate: '%s' is none of observed, transit, none", p);
    for (int j = 0; j < bt->nassim; j++)
      PetscCheck(bt->assim[j] != bt_assim_names[k], bt->comm, PETSC_ERR_USER_INPUT,
                 "option -backtest_assimilate: '%s' given twice", p);
    bt->assim[bt->nassim++] = bt_assim_names[k];
  }
  PetscCheck(bt->nassim > 0, bt->comm, PETSC_ERR_USER_INPUT,
             "option -backtest_assimilate: give at least one of observed, transit, none");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The options a backtest sets for each of its forecasts, and what to give instead: refused
   where given, rather than overridden without a word. */
static const struct {
  const char *name, *instead;
} bt_owned[] = {
    {"-inflow", "each cut is forecast with persist and with observed inflow"},
    {"-assimilate", "give -backtest_assimilate LIST"},
    {"-horizon", "give -horizons LIST"},
    {"-calibration", "each cut is calibrated on its own sweep"},
    {"-forecast_from", "give -cuts LIST"},
    {"-forecast_lookahead", "give -backtest_lookahead"},
    {"-dress", "give -backtest_dress; a forecast takes DIR/residuals.csv with -dress"},
    {"-report", "the backtest writes its tables in -backtest_dir"},
};

static PetscErrorCode CheckOptions(MSBacktest bt)
{
  PetscFunctionBegin;
  for (size_t i = 0; i < sizeof(bt_owned) / sizeof(bt_owned[0]); i++) {
    PetscBool given;
    PetscCall(PetscOptionsHasName(NULL, NULL, bt_owned[i].name, &given));
    PetscCheck(!given, bt->comm, PETSC_ERR_USER_INPUT,
               "option %s: a backtest sets it for each of its forecasts; %s", bt_owned[i].name,
               bt_owned[i].instead);
  }
  PetscCheck(bt->scenario_dir[0], bt->comm, PETSC_ERR_USER_INPUT,
             "option -scenario: a backtest needs the scenario (-scenario DIR)");
  PetscCheck(bt->nh >= 1, bt->comm, PETSC_ERR_USER_INPUT, "option -horizons: give at least one");
  for (int i = 0; i < bt->nh; i++)
    PetscCheck(
        bt->h[i] >= 1 && (i == 0 || bt->h[i] > bt->h[i - 1]), bt->comm, PETSC_ERR_USER_INPUT,
        "option -horizons: days after the cut, at least 1 and increasing, not %" PetscInt_FMT,
        bt->h[i]);
  PetscCheck(bt->points >= 1 && bt->seeds >= 1, bt->comm, PETSC_ERR_USER_INPUT,
             "option -backtest_points, -backtest_seeds: at least 1 each");
  PetscCheck(bt->accept > 0 && bt->accept <= 1, bt->comm, PETSC_ERR_USER_INPUT,
             "option -backtest_accept: a share in (0, 1], not %g", (double)bt->accept);
  PetscCheck(bt->within >= 0, bt->comm, PETSC_ERR_USER_INPUT,
             "option -backtest_score_within: 0 days or more, not %" PetscInt_FMT, bt->within);
  PetscCheck(bt->max_cuts >= 0, bt->comm, PETSC_ERR_USER_INPUT,
             "option -max_cuts: 0 (all) or more, not %" PetscInt_FMT, bt->max_cuts);
  PetscCall(AssimList(bt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBacktestSetFromOptions(MSBacktest bt)
{
  PetscBool set, help;

  PetscFunctionBegin;
  PetscOptionsBegin(bt->comm, NULL, "migrasim-forecast -backtest options (docs/forecast.md)", NULL);
  PetscCall(PetscOptionsString("-backtest_dir",
                               "directory of the backtest's files (sweep/, calibrations, tables)",
                               NULL, bt->dir, bt->dir, sizeof(bt->dir), NULL));
  PetscCall(PetscOptionsString(
      "-cuts",
      "cut days T: days or dates YYYY-MM-DD, comma-separated (default: every 30 days from "
      "day 60)",
      NULL, bt->cuts_opt, bt->cuts_opt, sizeof(bt->cuts_opt), NULL));
  PetscCall(PetscOptionsInt("-max_cuts",
                            "at most this many of the default cut days, evenly spread (0: all)",
                            NULL, bt->max_cuts, &bt->max_cuts, NULL));
  PetscCall(PetscOptionsIntArray("-horizons", "days after T that are scored", NULL, bt->h, &bt->nh,
                                 &set));
  if (!set) bt->nh = 4;
  PetscCall(PetscOptionsString(
      "-backtest_design",
      "the sweep's design (default: DIR/design.yml, Sobol points of move_rules_camp_weight "
      "[0.5, 4] and move_rules_conflict_weight [0.05, 1])",
      NULL, bt->design, bt->design, sizeof(bt->design), NULL));
  PetscCall(PetscOptionsInt("-backtest_points", "points of the default design", NULL, bt->points,
                            &bt->points, NULL));
  PetscCall(PetscOptionsInt("-backtest_seeds", "seeds per point of the default design", NULL,
                            bt->seeds, &bt->seeds, NULL));
  PetscCall(PetscOptionsReal("-backtest_accept",
                             "share of the sweep's points each cut's ABC accepts (the members' "
                             "points)",
                             NULL, bt->accept, &bt->accept, NULL));
  PetscCall(PetscOptionsString("-backtest_assimilate",
                               "the assimilations at T each forecast is run with (-assimilate), "
                               "comma-separated; the goals are judged on the first",
                               NULL, bt->assim_opt, bt->assim_opt, sizeof(bt->assim_opt), NULL));
  PetscCall(PetscOptionsBool("-backtest_dress",
                             "also score each forecast dressed with the errors of the earlier "
                             "cuts' forecasts observed by its cut day (docs/forecast.md)",
                             NULL, bt->dress, &bt->dress, NULL));
  PetscCall(PetscOptionsBool("-backtest_lookahead",
                             "let the forecasts (-forecast_lookahead) and the naive forecasts read "
                             "the days up to T from the series interpolated through the "
                             "observations after T (for comparison: they see the future)",
                             NULL, bt->lookahead, &bt->lookahead, NULL));
  PetscCall(PetscOptionsEnum("-backtest_score_at",
                             "score (camp, T, h) only where the camp has an observation within "
                             "-backtest_score_within days of T+h (observed), or on every day "
                             "(daily: the truth interpolated between observations)",
                             NULL, bt_score_at, (PetscEnum)bt->score_at, (PetscEnum *)&bt->score_at,
                             NULL));
  PetscCall(PetscOptionsInt("-backtest_score_within",
                            "with -backtest_score_at observed: days from T+h to the camp's "
                            "nearest observation",
                            NULL, bt->within, &bt->within, NULL));
  PetscCall(PetscOptionsString("-scenario", "the scenario directory", NULL, bt->scenario_dir,
                               bt->scenario_dir, sizeof(bt->scenario_dir), NULL));
  PetscOptionsEnd();
  PetscCall(
      MSSettingsSetFromOptions(bt->comm, &bt->s, bt->settings_file, sizeof(bt->settings_file)));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(CheckOptions(bt));
  /* few members per forecast: a backtest runs many forecasts */
  PetscCall(PetscOptionsHasName(NULL, NULL, "-replicates", &set));
  if (!set) PetscCall(MSOptionsOverrideSet(&bt->opts, "-replicates", "2"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- set-up */

/* Day T as a cut: at least day 1, and an observation h[0] days later within the period. */
static PetscErrorCode CheckCut(MSBacktest bt, int T, const char given[])
{
  PetscFunctionBegin;
  PetscCheck(T >= 1 && T + bt->h[0] <= bt->last_obs, bt->comm, PETSC_ERR_USER_INPUT,
             "option -cuts: '%s' (day %d) is not a cut day with an observation %" PetscInt_FMT
             " days later in the scenario's period (days 1..%" PetscInt_FMT " are)",
             given, T, bt->h[0], (PetscInt)bt->last_obs - bt->h[0]);
  PetscCheck(bt->ncuts < MS_BT_MAXCUTS, bt->comm, PETSC_ERR_USER_INPUT,
             "option -cuts: more than %d cut days", MS_BT_MAXCUTS);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static int IntCmp(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* -cuts as given (days or dates), or every 30 days from day 60, thinned to -max_cuts. */
static PetscErrorCode Cuts(MSBacktest bt)
{
  char list[sizeof(bt->cuts_opt)];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(list, bt->cuts_opt, sizeof(list)));
  for (char *p = list, *c; *p; p = c ? c + 1 : p + strlen(p)) {
    int64_t d;
    char   *end;
    c = strchr(p, ',');
    if (c) *c = 0;
    if (!*p) continue;
    if (!MSDateParse(p, &d))
      d -= bt->scn->start_day;
    else {
      d = strtol(p, &end, 10);
      PetscCheck(end != p && !*end, bt->comm, PETSC_ERR_USER_INPUT,
                 "option -cuts: '%s' is neither a day nor a date YYYY-MM-DD", p);
    }
    PetscCall(CheckCut(bt, (int)PetscMax(PetscMin(d, INT32_MAX), INT32_MIN), p));
    bt->cut[bt->ncuts++] = (int)d;
  }
  if (!list[0]) {
    int all[MS_BT_MAXCUTS], n = 0, keep;
    for (int T = 60; T + bt->h[0] <= bt->last_obs && n < MS_BT_MAXCUTS; T += 30) all[n++] = T;
    keep = bt->max_cuts > 0 && bt->max_cuts < n ? (int)bt->max_cuts : n;
    for (int i = 0; i < keep; i++)
      bt->cut[bt->ncuts++] = all[keep > 1 ? (int)lround((double)i * (n - 1) / (keep - 1)) : 0];
  }
  /* in order: a cut's dressing reads the residuals of the cuts before it */
  qsort(bt->cut, (size_t)bt->ncuts, sizeof(int), IntCmp);
  PetscCheck(bt->ncuts > 0, bt->comm, PETSC_ERR_USER_INPUT,
             "option -cuts: %s is observed to day %d of its period, too early for a cut on day "
             "60 with an observation %" PetscInt_FMT " days later; give -cuts",
             bt->scenario_dir, bt->last_obs, bt->h[0]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* residuals.csv's first lines: the scenario (its hash, which a forecast's -dress checks), then
   the columns; one row a scored entry follows (Entry()). */
static PetscErrorCode ResidualsHead(MSBacktest bt)
{
  PetscFunctionBegin;
  fprintf(bt->residuals,
          "# residuals r = log((observed + 1) / (median + 1)) of a backtest's entries "
          "(migrasim-forecast -backtest; docs/forecast.md),scenario_hash,%016llx,scenario,\"",
          (unsigned long long)bt->hash);
  for (const char *c = bt->scenario_dir; *c; c++) {
    if (*c == '"') fputc('"', bt->residuals); /* doubled inside quotes */
    fputc(*c, bt->residuals);
  }
  fprintf(bt->residuals, "\"\ninflow,assimilate,cut_day,horizon,camp,observed,median,residual\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* DIR, and DIR/design.yml unless -backtest_design names one (world rank 0 writes). */
static PetscErrorCode Files(MSBacktest bt)
{
  char path[PETSC_MAX_PATH_LEN + 32];
  int  ok = 1;

  PetscFunctionBegin;
  if (bt->rank == 0) {
    PetscCall(PetscMkdir(bt->dir));
    if (!bt->design[0]) {
      FILE *f;
      PetscCall(PetscSNPrintf(path, sizeof(path), "%s/design.yml", bt->dir));
      f = fopen(path, "w");
      if (f) {
        fprintf(f,
                "# the backtest's sweep (migrasim-forecast -backtest, docs/forecast.md)\n"
                "sampler: sobol\npoints: %" PetscInt_FMT "\nseeds: %" PetscInt_FMT "\n"
                "parameters:\n  move_rules_camp_weight: [0.5, 4.0]\n"
                "  move_rules_conflict_weight: [0.05, 1.0]\n",
                bt->points, bt->seeds);
        ok = !ferror(f);
        ok = !fclose(f) && ok;
      } else
        ok = 0;
    }
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/entries.csv", bt->dir));
    bt->entries = ok ? fopen(path, "w") : NULL;
    ok          = ok && bt->entries;
    if (ok)
      fprintf(bt->entries, "inflow,assimilate,cut_day,cut_date,horizon,camp,observed,median,q05,"
                           "q25,q75,q95,crps,persistence,trend,recent_shares\n");
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/residuals.csv", bt->dir));
    bt->residuals = ok ? fopen(path, "w") : NULL;
    ok            = ok && bt->residuals;
    if (ok) PetscCall(ResidualsHead(bt));
  }
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, bt->comm));
  PetscCheck(ok, bt->comm, PETSC_ERR_FILE_OPEN,
             "option -backtest_dir: cannot write %s/design.yml, %s/entries.csv or "
             "%s/residuals.csv",
             bt->dir, bt->dir, bt->dir);
  if (!bt->design[0])
    PetscCall(PetscSNPrintf(bt->design, sizeof(bt->design), "%s/design.yml", bt->dir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBacktestSetUp(MSBacktest bt)
{
  const MSScenario *scn;
  int               h[MS_BT_MAXH];

  PetscFunctionBegin;
  PetscCheck(bt->s.observed_until < 0, bt->comm, PETSC_ERR_USER_INPUT,
             "setting observed_until: a backtest cuts the series at each of its cut days itself "
             "(-cuts); leave it unset");
  PetscCall(MSSpawnLoadScenario(bt->comm, bt->scenario_dir, &bt->s, &bt->scn, &bt->hash));
  scn = bt->scn;
  PetscCheck(scn->has_source_data && scn->ncamps > 0, bt->comm, PETSC_ERR_USER_INPUT,
             "%s/source_data/data_layout.csv: field '-': no observed camp to score a backtest on",
             bt->scenario_dir);
  bt->last_obs = -1;
  bt->last_any = scn->total.daily ? scn->total.last : -1;
  for (int c = 0; c < scn->ncamps; c++) bt->last_any = PetscMax(bt->last_any, scn->camp[c].last);
  for (int c = 0; c < scn->ncamps; c++)
    if (scn->camp[c].loc >= 0)
      bt->last_obs = PetscMax(bt->last_obs, PetscMin(scn->camp[c].last, scn->length - 1));
  PetscCall(Cuts(bt));
  PetscCall(Files(bt));
  for (int i = 0; i < bt->nh; i++) h[i] = (int)bt->h[i];
  for (int i = 0; i < BT_NINFLOW; i++)
    for (int a = 0; a < bt->nassim; a++) {
      PetscCall(MSScoresAccCreate((int)bt->nh, h, scn->ncamps, &bt->acc[i][a]));
      if (bt->dress) PetscCall(MSScoresAccCreate((int)bt->nh, h, scn->ncamps, &bt->dacc[i][a]));
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the steps */

/* The sweep on which cut T's calibration rests, in SweepDir(): over days 0..T with the series as
   known on T (observed_until; a sweep there already resumes). With -backtest_lookahead, one
   sweep over days 0..the last cut serves every cut, reading the series interpolated through
   later observations. */
static void SweepDir(MSBacktest bt, int T, char path[], size_t len)
{
  if (bt->lookahead)
    PetscCallVoid(PetscSNPrintf(path, len, "%s/sweep", bt->dir));
  else
    PetscCallVoid(PetscSNPrintf(path, len, "%s/sweep_day%d", bt->dir, T));
}

static PetscErrorCode Sweep(MSBacktest bt, int T)
{
  MSOptionsOverride o = {0};
  MSSweep           sw;
  char              path[PETSC_MAX_PATH_LEN + 32], days[16], until[16];
  int               last = T;
  PetscInt          done, failed;
  PetscBool         stopped;

  PetscFunctionBegin;
  if (bt->lookahead)
    for (int k = 0; k < bt->ncuts; k++) last = PetscMax(last, bt->cut[k]);
  SweepDir(bt, T, path, sizeof(path));
  PetscCall(PetscSNPrintf(days, sizeof(days), "%d", last + 1));
  PetscCall(PetscSNPrintf(until, sizeof(until), "%d", T));
  PetscCall(MSOptionsOverrideSet(&o, "-sweep", bt->design));
  PetscCall(MSOptionsOverrideSet(&o, "-sweep_output", path));
  PetscCall(MSOptionsOverrideSet(&o, "-days", days));
  PetscCall(MSOptionsOverrideSet(&o, "-observed_until", bt->lookahead ? NULL : until));
  PetscCall(MSOptionsOverrideSet(&o, "-flee_csv", "none"));
  PetscCall(MSSweepCreate(bt->comm, &sw));
  PetscCall(MSSweepSetFromOptions(sw));
  PetscCall(MSSweepSetUp(sw));
  PetscCall(MSSweepRun(sw));
  PetscCall(MSSweepGetResult(sw, &done, &failed, &stopped));
  PetscCall(MSSweepDestroy(&sw));
  PetscCall(MSOptionsOverrideRestore(&o));
  PetscCheck(!stopped, bt->comm, PETSC_ERR_USER_INPUT,
             "backtest: the sweep stopped early; run the same command again to continue it");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The ABC on days 0..T of the sweep's members into cal (DIR/cal_dayT.h5, with summaries). */
static PetscErrorCode Calibrate(MSBacktest bt, int T, char cal[], size_t len)
{
  MSOptionsOverride o = {0};
  MSCalib           c;
  char              path[PETSC_MAX_PATH_LEN + 32], v[32];

  PetscFunctionBegin;
  SweepDir(bt, T, path, sizeof(path));
  PetscCall(PetscSNPrintf(cal, len, "%s/cal_day%d.h5", bt->dir, T));
  PetscCall(PetscSNPrintf(v, sizeof(v), "%.17g", (double)bt->accept));
  PetscCall(MSOptionsOverrideSet(&o, "-sweep", path));
  PetscCall(MSOptionsOverrideSet(&o, "-output", cal));
  PetscCall(MSOptionsOverrideSet(&o, "-summary", NULL));
  PetscCall(MSOptionsOverrideSet(&o, "-method", "abc"));
  PetscCall(MSOptionsOverrideSet(&o, "-tolerance", NULL));
  PetscCall(MSOptionsOverrideSet(&o, "-accept_fraction", v));
  PetscCall(MSCalibCreate(bt->comm, &c));
  PetscCall(MSCalibSetFromOptions(c));
  PetscCall(MSCalibSetLastDay(c, T));
  PetscCall(MSCalibSetUp(c));
  PetscCall(MSCalibSolve(c));
  PetscCall(MSCalibWrite(c));
  PetscCall(MSCalibDestroy(&c));
  PetscCall(MSOptionsOverrideRestore(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Camp series c observed on day t (interpolated, uncut: the truth a forecast from a cut did not
   see), or NaN: before its first or after its last observation, or outside the scenario's period.
 */
static double Obs(MSBacktest bt, int c, int t)
{
  const MSSeries *se = &bt->scn->camp[c];

  if (t < 0 || t < se->first || t > se->last || t >= bt->scn->length) return NAN;
  return (double)MSSpawnObservedUncut(bt->scn, &bt->s, se, t);
}

/* Camp series c on day t <= T as known on the cut day T (the series cut at T, Score()), or NaN
   as Obs(). */
static double Known(MSBacktest bt, int c, int t)
{
  const MSSeries *se = &bt->scn->camp[c];

  if (t < 0 || t < se->first || t > se->last || t >= bt->scn->length) return NAN;
  return (double)MSSpawnObserved(bt->scn, &bt->s, se, t);
}

/* The series of the camp destination name, or -1. */
static int CampSeries(MSBacktest bt, const char name[])
{
  for (int c = 0; c < bt->scn->ncamps; c++) {
    int l = bt->scn->camp[c].loc;
    if (l >= 0 && !strcmp(bt->scn->loc[l].name, name)) return c;
  }
  return -1;
}

/* The naive forecasts of o_c(T+h) (ms_scores.h): shares[] for every camp, given only with
   observed inflow. */
static PetscErrorCode Naive(MSBacktest bt, int ii, int T, int h, int c, const double *shares,
                            double naive[MS_NAIVE_N])
{
  double o[MS_SCORES_WINDOW + 1];

  PetscFunctionBegin;
  for (int k = 0; k <= MS_SCORES_WINDOW; k++) o[k] = Known(bt, c, T - MS_SCORES_WINDOW + k);
  naive[MS_NAIVE_PERSISTENCE] = Known(bt, c, T);
  PetscCall(MSScoresNaiveTrend(MS_SCORES_WINDOW, o, h, &naive[MS_NAIVE_TREND]));
  naive[MS_NAIVE_SHARES] = ii == BT_OBSERVED ? shares[c] : NAN;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One scored entry into the accumulator, entries.csv and residuals.csv. */
static PetscErrorCode Entry(MSBacktest bt, int ii, int ia, int T, int h, int c, double y, int n,
                            const double *x, const double naive[MS_NAIVE_N])
{
  static const double p[5] = {0.5, 0.05, 0.25, 0.75, 0.95};
  double              q[5], crps;
  char                date[11];

  PetscFunctionBegin;
  PetscCall(MSScoresAccAdd(bt->acc[ii][ia], T, h, c, y, n, x, naive));
  PetscCall(MSScoresQuantiles(n, x, 5, p, q));
  PetscCall(MSScoresCRPS(n, x, y, &crps));
  MSDateFormat(bt->scn->start_day + T, date);
  fprintf(bt->entries, "%s,%s,%d,%s,%d,\"%s\",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g",
          bt_inflow[ii], bt->assim[ia], T, date, h, bt->scn->loc[bt->scn->camp[c].loc].name, y,
          q[0], q[1], q[2], q[3], q[4], crps);
  for (int k = 0; k < MS_NAIVE_N; k++)
    if (isfinite(naive[k]))
      fprintf(bt->entries, ",%.17g", naive[k]);
    else
      fprintf(bt->entries, ",");
  fprintf(bt->entries, "\n");
  fprintf(bt->residuals, "%s,%s,%d,%d,\"%s\",%.17g,%.17g,%.17g\n", bt_inflow[ii], bt->assim[ia], T,
          h, bt->scn->loc[bt->scn->camp[c].loc].name, y, q[0], MSScoresResidual(q[0], y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The members' occupancy of the camps observed on day T and T+h, y their observations; with
   observed inflow each member rescaled to the observed sum over them (MODEL.md section 9). Of
   those, the camps scored (-backtest_score_at): the rescaling is over all of them, so that a
   camp scored alone is not made exact by it. Returns the scored camps' series in cs[*nc] and
   the members' values in x[i * nm + m]. */
static void Outcomes(MSBacktest bt, const MSForecastResult *r, const double *occ, int nm, int ii,
                     int T, int t, int *cs, double *y, double *x, int *nc)
{
  size_t run   = (size_t)r->ndest * r->ndays; /* member m's baseline: occ + m * nruns * run */
  int    nruns = 1 + r->nvariants, k = t - r->first_day, n = 0;

  for (int d = 0; d < r->ndest; d++) {
    int c = r->dest_kind[d] == MS_DEST_CAMP ? CampSeries(bt, r->dest_name[d]) : -1;
    if (c < 0 || !isfinite(Obs(bt, c, T)) || !isfinite(Obs(bt, c, t))) continue;
    cs[n] = c, y[n] = Obs(bt, c, t);
    for (int m = 0; m < nm; m++)
      x[(size_t)n * nm + m] = occ[(size_t)m * nruns * run + (size_t)d * r->ndays + k];
    n++;
  }
  for (int m = 0; m < nm && ii == BT_OBSERVED; m++) {
    double O = 0, S = 0;
    for (int i = 0; i < n; i++) O += y[i], S += x[(size_t)i * nm + m];
    for (int i = 0; i < n; i++) x[(size_t)i * nm + m] = S > 0 ? x[(size_t)i * nm + m] * O / S : 0;
  }
  *nc = 0;
  for (int i = 0; i < n; i++) {
    if (bt->score_at == BT_SCORE_OBSERVED &&
        !MSScenarioObservedNear(bt->scn, &bt->scn->camp[cs[i]], t, (int)bt->within))
      continue;
    cs[*nc] = cs[i], y[*nc] = y[i];
    for (int m = 0; m < nm; m++) x[(size_t)*nc * nm + m] = x[(size_t)i * nm + m];
    (*nc)++;
  }
}

/* Camp c's entry scored dressed (-backtest_dress, ms_scores.h): the members under every residual
   of the same arm and horizon h = h[ih] from a cut T' whose T' + h is at most T (observed by
   then); undressed where there is none. */
static PetscErrorCode Dressed(MSBacktest bt, int ii, int ia, int T, int ih, int c, double y, int nm,
                              const double *x, const double naive[MS_NAIVE_N])
{
  const BTResiduals *R = &bt->res[ii][ia][ih];
  double            *r, *d;
  int                nr = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(R->n + 1, &r));
  for (int k = 0; k < R->n; k++)
    if (R->T[k] + bt->h[ih] <= T) r[nr++] = R->r[k];
  PetscCall(PetscMalloc1((size_t)nm * PetscMax(nr, 1), &d));
  if (nr)
    MSScoresDress(nm, x, nr, r, d);
  else
    PetscCall(PetscArraycpy(d, x, nm));
  PetscCall(
      MSScoresAccAdd(bt->dacc[ii][ia], T, (int)bt->h[ih], c, y, nm * PetscMax(nr, 1), d, naive));
  PetscCall(PetscFree(r));
  PetscCall(PetscFree(d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The residuals of the nc entries of cut T (outcomes y, members x[i * nm + m]) kept in R. */
static PetscErrorCode KeepResiduals(BTResiduals *R, int T, int nc, const double *y, int nm,
                                    const double *x)
{
  static const double half = 0.5;

  PetscFunctionBegin;
  if (R->n + nc > R->cap) {
    R->cap = 2 * (R->n + nc);
    PetscCall(PetscRealloc(sizeof(int) * (size_t)R->cap, &R->T));
    PetscCall(PetscRealloc(sizeof(double) * (size_t)R->cap, &R->r));
  }
  for (int i = 0; i < nc; i++) {
    double median;
    PetscCall(MSScoresQuantiles(nm, x + (size_t)i * nm, 1, &half, &median));
    R->T[R->n] = T, R->r[R->n++] = MSScoresResidual(median, y[i]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The forecast fc from T scored at every horizon it reaches (world rank 0). */
static PetscErrorCode Score(MSBacktest bt, MSForecast fc, int ii, int ia, int T)
{
  const MSForecastResult *r;
  const double           *occ;
  int                     nm, nruns, nc, ncamps = bt->scn->ncamps, *cs;
  double                 *y, *x, *oT, *opast, *shares, naive[MS_NAIVE_N];

  PetscFunctionBegin;
  PetscCall(MSForecastGetResult(fc, &r));
  PetscCall(MSForecastGetMembers(fc, &nm, &nruns, &occ));
  bt->nmembers = nm;
  PetscCall(PetscMalloc3(ncamps, &cs, ncamps, &y, (size_t)ncamps * nm, &x));
  PetscCall(PetscMalloc3(ncamps, &oT, ncamps, &opast, ncamps, &shares));
  /* the naive forecasts know the observations dated T or before only */
  if (!bt->lookahead) PetscCall(MSScenarioCutSeries(bt->scn, T));
  for (int c = 0; c < ncamps; c++)
    oT[c] = Known(bt, c, T), opast[c] = Known(bt, c, T - MS_SCORES_WINDOW);
  for (int ih = 0; ih < bt->nh; ih++) {
    int    h   = (int)bt->h[ih];
    double inc = 0;
    if (h > r->horizon) break;
    Outcomes(bt, r, occ, nm, ii, T, T + h, cs, y, x, &nc);
    /* the increase the observed inflow spawns after T: to the total observed on T+h */
    inc = (double)(MSSpawnObservedTotalUncut(bt->scn, &bt->s, T + h) -
                   MSSpawnObservedTotal(bt->scn, &bt->s, T));
    MSScoresNaiveShares(ncamps, oT, opast, inc, shares);
    for (int i = 0; i < nc; i++) {
      PetscCall(Naive(bt, ii, T, h, cs[i], shares, naive));
      PetscCall(Entry(bt, ii, ia, T, h, cs[i], y[i], nm, x + (size_t)i * nm, naive));
      if (bt->dress)
        PetscCall(Dressed(bt, ii, ia, T, ih, cs[i], y[i], nm, x + (size_t)i * nm, naive));
    }
    if (bt->dress) PetscCall(KeepResiduals(&bt->res[ii][ia][ih], T, nc, y, nm, x));
  }
  fflush(bt->entries);
  fflush(bt->residuals);
  PetscCall(PetscFree3(cs, y, x));
  PetscCall(PetscFree3(oT, opast, shares));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The forecast from T of the calibration cal with inflow ii and assimilation ia, scored. */
static PetscErrorCode Forecast(MSBacktest bt, const char cal[], int T, int ii, int ia)
{
  MSOptionsOverride o = {0};
  MSForecast        fc;
  char              v[16];
  /* observed inflow needs the observations up to F + H */
  int H =
      (int)PetscMin(bt->h[bt->nh - 1], (PetscInt)PetscMin(bt->scn->length - 1, bt->last_any) - T);

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(v, sizeof(v), "%d", H));
  PetscCall(MSOptionsOverrideSet(&o, "-calibration", cal));
  PetscCall(MSOptionsOverrideSet(&o, "-inflow", bt_inflow[ii]));
  PetscCall(MSOptionsOverrideSet(&o, "-assimilate", bt->assim[ia]));
  PetscCall(MSOptionsOverrideSet(&o, "-horizon", v));
  PetscCall(MSOptionsOverrideSet(&o, "-report", "none"));
  PetscCall(MSOptionsOverrideSet(&o, "-dress", NULL));
  PetscCall(MSOptionsOverrideSet(&o, "-forecast_from", NULL));
  PetscCall(MSOptionsOverrideSet(&o, "-forecast_lookahead", bt->lookahead ? "true" : "false"));
  PetscCall(MSForecastCreate(bt->comm, &fc));
  PetscCall(MSForecastSetFromOptions(fc));
  PetscCall(MSForecastSetForecastDay(fc, T));
  PetscCall(MSForecastSetUp(fc));
  PetscCall(MSForecastRun(fc));
  if (bt->rank == 0) PetscCall(Score(bt, fc, ii, ia, T));
  PetscCall(MSForecastDestroy(&fc));
  PetscCall(MSOptionsOverrideRestore(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBacktestRun(MSBacktest bt)
{
  char   cal[PETSC_MAX_PATH_LEN + 32], date[11];
  double t0 = MPI_Wtime();

  PetscFunctionBegin;
  PetscCall(PetscPrintf(bt->comm,
                        "backtest: %s, %d cut days, horizons up to %" PetscInt_FMT
                        " days; the sweep %s in %s/%s\n",
                        bt->scenario_dir, bt->ncuts, bt->h[bt->nh - 1], bt->design, bt->dir,
                        bt->lookahead ? "sweep" : "sweep_dayT for each cut day T"));
  if (bt->lookahead && bt->ncuts) PetscCall(Sweep(bt, bt->cut[0]));
  for (int k = 0; k < bt->ncuts; k++) {
    int T = bt->cut[k];
    MSDateFormat(bt->scn->start_day + T, date);
    PetscCall(PetscPrintf(bt->comm, "backtest: cut %d of %d, day %d (%s), %.0f s elapsed\n", k + 1,
                          bt->ncuts, T, date, MPI_Wtime() - t0));
    if (!bt->lookahead) PetscCall(Sweep(bt, T));
    PetscCall(Calibrate(bt, T, cal, sizeof(cal)));
    for (int ii = 0; ii < BT_NINFLOW; ii++)
      for (int ia = 0; ia < bt->nassim; ia++) PetscCall(Forecast(bt, cal, T, ii, ia));
  }
  PetscCall(
      PetscPrintf(bt->comm, "backtest: %d cut days in %.0f s\n", bt->ncuts, MPI_Wtime() - t0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the table */

/* v with the format fmt, or "" (CSV) / "–" (Markdown) where it is NaN. */
static void Fmt(char buf[], size_t len, const char fmt[], double v, const char none[])
{
  if (isfinite(v))
    snprintf(buf, len, fmt, v);
  else
    snprintf(buf, len, "%s", none);
}

/* The table's rows, as CSV (every digit, "" for NaN) or Markdown (rounded, "–"). */
static PetscErrorCode Rows(MSBacktest bt, FILE *f, PetscBool md)
{
  const char *real = md ? "%.2f" : "%.17g", *people = md ? "%.0f" : "%.17g", *none = md ? "–" : "";
  const char *sep = md ? " | " : ",";

  PetscFunctionBegin;
  for (int ii = 0; ii < BT_NINFLOW; ii++)
    for (int row = 0; row < bt->nassim * (bt->dress ? 2 : 1); row++)
      for (int ih = 0; ih < bt->nh; ih++) {
        int             ia = row % bt->nassim, dressed = row >= bt->nassim;
        MSScoresSummary s;
        char            v[10][32], label[32];
        int             nv = 0;
        PetscCall(
            PetscSNPrintf(label, sizeof(label), "%s%s", bt->assim[ia], dressed ? "+dressed" : ""));
        PetscCall(MSScoresAccSummary(dressed ? bt->dacc[ii][ia] : bt->acc[ii][ia], ih, -1, &s));
        Fmt(v[nv++], 32, people, s.mae, none), Fmt(v[nv++], 32, people, s.crps, none);
        Fmt(v[nv++], 32, real, s.coverage50, none), Fmt(v[nv++], 32, real, s.coverage90, none);
        for (int k = 0; k < MS_NAIVE_N && !md; k++)
          Fmt(v[nv++], 32, people, s.n_naive[k] ? s.mae_naive[k] : NAN, none);
        for (int k = 0; k < MS_NAIVE_N; k++) Fmt(v[nv++], 32, real, s.skill[k], none);
        fprintf(f, "%s%s%s%s%s%d%s%d%s%d", md ? "| " : "", bt_inflow[ii], sep, label, sep,
                s.horizon, sep, s.ncuts, sep, s.n);
        for (int k = 0; k < nv; k++) fprintf(f, "%s%s", sep, v[k]);
        fprintf(f, "%s\n", md ? " |" : "");
      }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteCSV(MSBacktest bt, FILE *f)
{
  PetscFunctionBegin;
  fprintf(f, "inflow,assimilate,horizon,cuts,entries,mae,crps,coverage50,coverage90,"
             "mae_persistence,mae_trend,mae_recent_shares,skill_persistence,skill_trend,"
             "skill_recent_shares\n");
  PetscCall(Rows(bt, f, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether the 90 % intervals of both inflows' forecasts (scores p and o) cover 80-95 % of the
   outcomes at every horizon scored. */
static PetscErrorCode Covered(MSBacktest bt, MSScoresAcc pa, MSScoresAcc oa, PetscBool *cover)
{
  PetscFunctionBegin;
  *cover = PETSC_TRUE;
  for (int ih = 0; ih < bt->nh; ih++) {
    MSScoresSummary p, o;
    PetscCall(MSScoresAccSummary(pa, ih, -1, &p));
    PetscCall(MSScoresAccSummary(oa, ih, -1, &o));
    if (!p.n || !o.n) continue;
    *cover = (PetscBool)(*cover && p.coverage90 >= 0.8 && p.coverage90 <= 0.95 &&
                         o.coverage90 >= 0.8 && o.coverage90 <= 0.95);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether the goals are met (docs/forecast.md, "Backtests"): with assimilation, skill
   below 1 against persistence and the trend at every horizon of 30 days and beyond with persist
   inflow, against recent shares with observed inflow; 90 % intervals covering 80-95 %. */
static PetscErrorCode Goals(MSBacktest bt, FILE *f)
{
  PetscBool persist = PETSC_TRUE, shares = PETSC_TRUE, cover, dcover, any = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(Covered(bt, bt->acc[BT_PERSIST][0], bt->acc[BT_OBSERVED][0], &cover));
  for (int ih = 0; ih < bt->nh; ih++) {
    MSScoresSummary p, o;
    PetscCall(MSScoresAccSummary(bt->acc[BT_PERSIST][0], ih, -1, &p));
    PetscCall(MSScoresAccSummary(bt->acc[BT_OBSERVED][0], ih, -1, &o));
    if (!p.n || !o.n || bt->h[ih] < 30) continue;
    any = PETSC_TRUE;
    persist =
        (PetscBool)(persist && p.skill[MS_NAIVE_PERSISTENCE] < 1 && p.skill[MS_NAIVE_TREND] < 1);
    shares = (PetscBool)(shares && o.skill[MS_NAIVE_SHARES] < 1);
  }
  fprintf(f, "\nGoals (with assimilation %s, horizons of 30 days and beyond):\n\n", bt->assim[0]);
  fprintf(f, "- persist inflow beats persistence and the trend: %s\n",
          !any      ? "not scored"
          : persist ? "**met**"
                    : "**missed**");
  fprintf(f, "- observed inflow beats recent shares: %s\n",
          !any     ? "not scored"
          : shares ? "**met**"
                   : "**missed**");
  fprintf(f, "- 90 %% intervals cover 80-95 %% of the outcomes (every horizon): %s\n",
          cover ? "**met**" : "**missed**");
  if (!bt->dress) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(Covered(bt, bt->dacc[BT_PERSIST][0], bt->dacc[BT_OBSERVED][0], &dcover));
  fprintf(f,
          "- dressed with the earlier cuts' errors, 90 %% intervals cover 80-95 %% (every "
          "horizon): %s\n",
          dcover ? "**met**" : "**missed**");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteMarkdown(MSBacktest bt, FILE *f)
{
  char date[11];

  PetscFunctionBegin;
  fprintf(f, "Backtest of %s: %d cut days (", bt->scenario_dir, bt->ncuts);
  for (int k = 0; k < bt->ncuts; k++) {
    MSDateFormat(bt->scn->start_day + bt->cut[k], date);
    fprintf(f, "%s%s", k ? ", " : "", date);
  }
  fprintf(f,
          "), %d members per forecast; MAE and CRPS in people summed over the camps and "
          "averaged over the cut days; skill = MAE / the naive forecast's (below 1: better).",
          bt->nmembers);
  if (bt->score_at == BT_SCORE_OBSERVED)
    fprintf(f, " Scored where the camp has an observation within %" PetscInt_FMT " days of T+h.",
            bt->within);
  else
    fprintf(f, " Scored on every day (the truth interpolated between observations).");
  fprintf(f, "%s\n\n",
          bt->lookahead ? " The forecasts and naive forecasts read the series interpolated "
                          "through the observations after T (-backtest_lookahead)."
                        : "");
  fprintf(f, "| inflow | assimilation | h | cuts | entries | MAE | CRPS | cover 50 %% | "
             "cover 90 %% | skill vs persistence | vs trend | vs recent shares |\n"
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  PetscCall(Rows(bt, f, PETSC_TRUE));
  PetscCall(Goals(bt, f));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBacktestWrite(MSBacktest bt)
{
  int ok = 1;

  PetscFunctionBegin;
  if (bt->rank == 0) {
    char  path[PETSC_MAX_PATH_LEN + 16];
    FILE *f;
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/backtest.csv", bt->dir));
    f = fopen(path, "w");
    if (f) PetscCall(WriteCSV(bt, f));
    ok = f && !ferror(f);
    ok = f && !fclose(f) && ok;
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/backtest.md", bt->dir));
    f = ok ? fopen(path, "w") : NULL;
    if (f) PetscCall(WriteMarkdown(bt, f));
    ok = f && !ferror(f);
    ok = f && !fclose(f) && ok;
    if (ok) PetscCall(WriteMarkdown(bt, stdout));
    fflush(stdout);
  }
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, bt->comm));
  PetscCheck(ok, bt->comm, PETSC_ERR_FILE_WRITE,
             "backtest: cannot write %s/backtest.csv or %s/backtest.md (disk full?)", bt->dir,
             bt->dir);
  PetscCall(PetscPrintf(bt->comm,
                        "wrote %s/backtest.csv, %s/backtest.md, %s/entries.csv and "
                        "%s/residuals.csv\n",
                        bt->dir, bt->dir, bt->dir, bt->dir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBacktestDestroy(MSBacktest *btp)
{
  MSBacktest bt = *btp;

  PetscFunctionBegin;
  if (!bt) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSOptionsOverrideRestore(&bt->opts));
  for (int i = 0; i < BT_NINFLOW; i++)
    for (int a = 0; a < BT_MAXASSIM; a++) {
      PetscCall(MSScoresAccDestroy(&bt->acc[i][a]));
      PetscCall(MSScoresAccDestroy(&bt->dacc[i][a]));
      for (int k = 0; k < MS_BT_MAXH; k++) {
        PetscCall(PetscFree(bt->res[i][a][k].T));
        PetscCall(PetscFree(bt->res[i][a][k].r));
      }
    }
  if (bt->entries) fclose(bt->entries);
  if (bt->residuals) fclose(bt->residuals);
  PetscCall(MSScenarioDestroy(&bt->scn));
  PetscCall(PetscFree(*btp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
