/* Calibration: approximate Bayesian computation over a sweep, and POUNDERS refinement with the
   simulation in-process (docs/calibration.md). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <petsctao.h>
#include "ms_calibrate.h"
#include "ms_errors.h"
#include "ms_format.h"
#include "ms_h5.h"
#include "ms_sim.h"
#include "ms_spawn.h"
#include "ms_runfile.h"
#include "ms_sweep.h"
#include "ms_sweepdir.h"
#include "ms_validate.h"

/* ------------------------------------------------------------------------------------------ */
/* The calibration object                                                                     */

typedef enum { METHOD_ABC = 0, METHOD_POUNDERS } Method;
static const char *const methods[]   = {"abc", "pounders", "Method", "METHOD_", NULL};
static const char *const distances[] = {"ard", "ard_unrescaled", "Distance", "DIST_", NULL};

typedef struct {
  int            member, point, replicate;
  int64_t        seed;
  double        *x; /* [np] parameter values */
  MSMemberStatus status;
  char          *message; /* status.csv's message of a failed member */
  double         ard, ardu, dist;
  int64_t       *sim; /* [ndays * ncamps] camp series */
  PetscBool      accepted;
} Member;

typedef struct {
  int    point, nrep, first; /* first: index of a member of the point */
  double dist;               /* mean distance over its finished replicates */
} Point;

struct _p_MSCalib {
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  /* options */
  char sweep[PETSC_MAX_PATH_LEN], output[PETSC_MAX_PATH_LEN], summary[PETSC_MAX_PATH_LEN],
      scenario[PETSC_MAX_PATH_LEN], scratch[PETSC_MAX_PATH_LEN];
  PetscReal accept_fraction, tolerance;
  PetscBool have_tolerance, verbose;
  PetscInt  method, distance, replicates, max_funcs;
  PetscReal delta;
  PetscReal lower_opt[64], upper_opt[64];
  PetscInt  nlower_opt, nupper_opt;
  /* design */
  int     np;
  char  **pname;          /* [np] option names without '-', e.g. move_rules_camp_weight */
  double *lower, *upper;  /* [np] prior ranges */
  char    prior_from[96]; /* where they come from, for the summary */
  int     nm;
  Member *m;
  int     ndone, nfailed, nmissing;
  /* observed */
  MSScenario *scn;    /* as the first member's settings read it (hasten) */
  PetscInt    hasten; /* theirs, which every member's must be */
  int         ndays, ncamps;
  int         last_day; /* MSCalibSetLastDay()'s, or -1: every day of the members */
  char      **campname; /* [ncamps] */
  int64_t    *obs;      /* [ndays * ncamps] */
  /* ABC */
  int     npoints, naccepted, best; /* best: index into pt */
  Point  *pt;
  int     best_member;            /* index into m */
  double *mean, *q05, *q50, *q95; /* [np] */
  double *band;                   /* [3][ndays * ncamps] 5, 50, 95 % */
  /* POUNDERS */
  PetscBool         pounders_done;
  double           *px;              /* [np] solution */
  double            pf, pard, pardu; /* objective at the solution, ARD of its mean series */
  double           *pseries;         /* [ndays * ncamps] mean simulated series at the solution */
  int               nevals, evalcap;
  double           *hist_x, *hist_f, *hist_ard; /* [nevals * np], [nevals], [nevals] */
  char              reason[64];
  PetscInt          iterations;
  PetscBool         capped;  /* POUNDERS asked for more than max_funcs evaluations */
  int               pbest;   /* the evaluation returned (0: the start) */
  MSOptionsOverride options; /* set for the in-process runs */
};

PetscErrorCode MSCalibCreate(MPI_Comm comm, MSCalib *calp)
{
  MSCalib c;

  PetscFunctionBegin;
  PetscCall(PetscNew(&c));
  c->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &c->rank));
  PetscCallMPI(MPI_Comm_size(comm, &c->size));
  PetscCall(PetscStrncpy(c->output, "calibration.h5", sizeof(c->output)));
  c->accept_fraction = 0.1;
  c->tolerance       = -1;
  c->replicates      = 2;
  c->max_funcs       = 40;
  c->delta           = 0.1;
  c->best_member     = -1;
  c->best            = -1;
  c->last_day        = -1;
  *calp              = c;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCalibSetFromOptions(MSCalib c)
{
  PetscBool set, help;

  PetscFunctionBegin;
  PetscOptionsBegin(c->comm, NULL, "migrasim-calibrate options (docs/calibration.md)", NULL);
  PetscCall(PetscOptionsString("-sweep",
                               "sweep directory (design.csv, status.csv, member_NNNNNN.h5)", NULL,
                               c->sweep, c->sweep, sizeof(c->sweep), &set));
  PetscCall(PetscOptionsString(
      "-scenario",
      "scenario whose source_data/ is observed (default: the members' scenario attribute)", NULL,
      c->scenario, c->scenario, sizeof(c->scenario), NULL));
  PetscCall(PetscOptionsEList(
      "-method",
      "abc: rejection posterior only; pounders: then refine the best point with TAO POUNDERS", NULL,
      methods, 2, methods[c->method], &c->method, NULL));
  PetscCall(PetscOptionsEList("-distance",
                              "ABC distance: rescaled ARD (Flee's figure) or unrescaled ARD", NULL,
                              distances, 2, distances[c->distance], &c->distance, NULL));
  PetscCall(PetscOptionsReal("-accept_fraction",
                             "ABC: accept this fraction of the sweep's points, the closest", NULL,
                             c->accept_fraction, &c->accept_fraction, NULL));
  PetscCall(PetscOptionsReal("-tolerance",
                             "ABC: accept the points with distance <= this instead of a fraction",
                             NULL, c->tolerance, &c->tolerance, &c->have_tolerance));
  c->nlower_opt = 64;
  PetscCall(PetscOptionsRealArray("-lower",
                                  "lower bounds of the parameters, in design.csv order (default: "
                                  "the design file's ranges, else the minimum over design.csv)",
                                  NULL, c->lower_opt, &c->nlower_opt, &set));
  if (!set) c->nlower_opt = 0;
  c->nupper_opt = 64;
  PetscCall(PetscOptionsRealArray("-upper",
                                  "upper bounds of the parameters (default: the design file's "
                                  "ranges, else the maximum over design.csv)",
                                  NULL, c->upper_opt, &c->nupper_opt, &set));
  if (!set) c->nupper_opt = 0;
  PetscCall(PetscOptionsInt("-replicates",
                            "POUNDERS: seeds 1..N per evaluation, averaged (common random numbers)",
                            NULL, c->replicates, &c->replicates, NULL));
  PetscCall(PetscOptionsInt(
      "-pounders_max_funcs",
      "POUNDERS: most simulation evaluations (each of -replicates runs); -tao_max_funcs overrides",
      NULL, c->max_funcs, &c->max_funcs, NULL));
  PetscCall(PetscOptionsReal("-pounders_delta",
                             "POUNDERS: initial trust radius in units of each parameter's range; "
                             "-tao_pounders_delta overrides",
                             NULL, c->delta, &c->delta, NULL));
  PetscCall(PetscOptionsBool("-pounders_verbose", "POUNDERS: show the in-process runs' own output",
                             NULL, c->verbose, &c->verbose, NULL));
  PetscCall(PetscOptionsString("-output", "calibration file (HDF5)", NULL, c->output, c->output,
                               sizeof(c->output), NULL));
  PetscCall(PetscOptionsString(
      "-summary", "readable summary PREFIX.csv and PREFIX.md (default: -output without .h5)", NULL,
      c->summary, c->summary, sizeof(c->summary), NULL));
  PetscCall(PetscOptionsString(
      "-scratch",
      "POUNDERS: scratch output of the in-process runs (default: -output with .scratch.h5)", NULL,
      c->scratch, c->scratch, sizeof(c->scratch), NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(PETSC_SUCCESS); /* -help: the options are listed, nothing to do */
  PetscCheck(c->sweep[0], c->comm, PETSC_ERR_USER_INPUT,
             "option -sweep: give the sweep directory (design.csv, status.csv, member_NNNNNN.h5)");
  PetscCheck(c->accept_fraction > 0 && c->accept_fraction <= 1, c->comm, PETSC_ERR_USER_INPUT,
             "option -accept_fraction: must be in (0, 1], not %g", (double)c->accept_fraction);
  PetscCheck(!c->have_tolerance || c->tolerance >= 0, c->comm, PETSC_ERR_USER_INPUT,
             "option -tolerance: must be 0 or more, not %g", (double)c->tolerance);
  PetscCheck(c->replicates >= 1 && c->replicates <= 1000, c->comm, PETSC_ERR_USER_INPUT,
             "option -replicates: must be between 1 and 1000");
  PetscCheck(c->max_funcs >= 3, c->comm, PETSC_ERR_USER_INPUT,
             "option -pounders_max_funcs: must be 3 or more");
  PetscCheck(c->delta > 0 && c->delta <= 1, c->comm, PETSC_ERR_USER_INPUT,
             "option -pounders_delta: must be in (0, 1]");
  if (!c->summary[0]) {
    size_t n;
    PetscCall(PetscStrncpy(c->summary, c->output, sizeof(c->summary)));
    n = strlen(c->summary);
    if (n > 3 && !strcmp(c->summary + n - 3, ".h5")) c->summary[n - 3] = 0;
  }
  if (!c->scratch[0]) {
    PetscCall(PetscStrncpy(c->scratch, c->summary, sizeof(c->scratch)));
    PetscCall(PetscStrlcat(c->scratch, ".scratch.h5", sizeof(c->scratch)));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCalibSetLastDay(MSCalib c, int last_day)
{
  PetscFunctionBegin;
  c->last_day = last_day;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------------------------------ */
/* Reading the sweep                                                                          */

/* The sweep's parameters, as option names (move_rules.camp_weight is -move_rules_camp_weight),
   and its members, their values as numbers. */
static PetscErrorCode TakeSweep(MSCalib c, const MSSweepDir *sd)
{
  PetscFunctionBegin;
  c->np = sd->np;
  PetscCheck(c->np >= 1 && c->np <= 64, c->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'seed': want 1 to 64 parameter columns after seed, not %d", sd->design,
             sd->header_line, c->np);
  PetscCall(PetscCalloc1(c->np, &c->pname));
  for (int j = 0; j < c->np; j++) {
    const char *h = sd->param[j];
    while (*h == '-' || *h == '#') h++;
    PetscCheck(*h, c->comm, PETSC_ERR_USER_INPUT, "%s:%d: field 'parameter %d': empty name",
               sd->design, sd->header_line, j + 1);
    PetscCall(PetscStrallocpy(h, &c->pname[j]));
    for (char *p = c->pname[j]; *p; p++)
      if (*p == '.') *p = '_';
  }
  PetscCall(PetscCalloc1(sd->nm, &c->m));
  for (int i = 0; i < sd->nm; i++, c->nm++) {
    const MSSweepMember *d  = &sd->m[i];
    Member              *mb = &c->m[i];
    mb->member = d->member, mb->point = d->point, mb->replicate = d->replicate;
    mb->seed = d->seed, mb->status = d->status;
    if (d->message) PetscCall(PetscStrallocpy(d->message, &mb->message));
    PetscCall(PetscMalloc1(c->np, &mb->x));
    for (int j = 0; j < c->np; j++) {
      const char *v = sd->value[(size_t)i * c->np + j];
      char       *end;
      mb->x[j] = strtod(v, &end);
      PetscCheck(end != v && !*end && isfinite(mb->x[j]), c->comm, PETSC_ERR_USER_INPUT,
                 "%s:%d: field '%s': '%s' is not a number", sd->design, d->line, c->pname[j], v);
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The ranges that the sweep's design file (its copy SWEEP/design.yml) gives the parameters;
 *found says whether it gave every one of them. */
static PetscErrorCode DesignPriors(MSCalib c, PetscBool *found)
{
  char      path[PETSC_MAX_PATH_LEN + 16], **names = NULL;
  double   *lo = NULL, *hi = NULL;
  int       n = 0;
  PetscBool exists;

  PetscFunctionBegin;
  *found = PETSC_FALSE;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/" MS_SWEEP_DESIGN_FILE, c->sweep));
  PetscCall(PetscTestFile(path, 'r', &exists));
  if (!exists) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSSweepDesignRanges(c->comm, path, &n, &names, &lo, &hi));
  *found = (PetscBool)(n > 0);
  for (int j = 0; j < c->np; j++) {
    char name[128];
    int  k = 0;
    /* design.csv may name a parameter move_rules.camp_weight: the design, move_rules_camp_weight */
    PetscCall(PetscStrncpy(name, c->pname[j], sizeof(name)));
    for (char *q = name; *q; q++) *q = *q == '.' ? '_' : (char)tolower((unsigned char)*q);
    while (k < n && strcmp(names[k], name)) k++;
    if (k == n)
      *found = PETSC_FALSE;
    else
      c->lower[j] = lo[k], c->upper[j] = hi[k];
  }
  PetscCall(PetscStrArrayDestroy(&names));
  PetscCall(PetscFree2(lo, hi));
  if (*found)
    PetscCall(PetscSNPrintf(c->prior_from, sizeof(c->prior_from), "the ranges of %s", path));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The prior range of each parameter: the design file's ranges (else the extent of design.csv,
   for a sweep made without one), or -lower and -upper. */
static PetscErrorCode Priors(MSCalib c)
{
  PetscBool from_design;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(c->np, &c->lower, c->np, &c->upper));
  for (int j = 0; j < c->np; j++) {
    c->lower[j] = c->upper[j] = c->m[0].x[j];
    for (int i = 1; i < c->nm; i++)
      c->lower[j] = PetscMin(c->lower[j], c->m[i].x[j]),
      c->upper[j] = PetscMax(c->upper[j], c->m[i].x[j]);
  }
  PetscCall(PetscSNPrintf(c->prior_from, sizeof(c->prior_from),
                          "the extent of design.csv (no design file " MS_SWEEP_DESIGN_FILE
                          " in the sweep)"));
  PetscCall(DesignPriors(c, &from_design));
  if (c->nlower_opt || c->nupper_opt)
    PetscCall(PetscSNPrintf(c->prior_from, sizeof(c->prior_from), "-lower and -upper"));
  PetscCheck(!c->nlower_opt || c->nlower_opt == c->np, c->comm, PETSC_ERR_USER_INPUT,
             "option -lower: %d values for %d parameters", (int)c->nlower_opt, c->np);
  PetscCheck(!c->nupper_opt || c->nupper_opt == c->np, c->comm, PETSC_ERR_USER_INPUT,
             "option -upper: %d values for %d parameters", (int)c->nupper_opt, c->np);
  for (int j = 0; j < c->np; j++) {
    if (c->nlower_opt) c->lower[j] = c->lower_opt[j];
    if (c->nupper_opt) c->upper[j] = c->upper_opt[j];
    PetscCheck(c->lower[j] <= c->upper[j], c->comm, PETSC_ERR_USER_INPUT,
               "option -lower/-upper: parameter %s has lower bound %g above upper bound %g",
               c->pname[j], c->lower[j], c->upper[j]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadSweep(MSCalib c)
{
  MSSweepDir    *sd;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(MSSweepDirRead(c->comm, c->sweep, &sd));
  ierr = TakeSweep(c, sd);
  PetscCall(MSSweepDirDestroy(&sd));
  PetscCall(ierr);
  PetscCall(Priors(c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCalibSetUp(MSCalib c)
{
  MSMetricsTable tab;
  int            first = -1, rdays = 0;

  PetscFunctionBegin;
  PetscCall(ReadSweep(c));
  for (int i = 0; i < c->nm; i++) {
    if (c->m[i].status == MS_MEMBER_DONE)
      c->ndone++;
    else if (c->m[i].status == MS_MEMBER_FAILED)
      c->nfailed++;
    else
      c->nmissing++;
  }
  PetscCheck(c->ndone > 0, c->comm, PETSC_ERR_USER_INPUT,
             "%s/status.csv:0: field 'status': no member is done (%d failed, %d not finished)",
             c->sweep, c->nfailed, c->nmissing);
  for (int i = 0; i < c->nm; i++) {
    Member    *mb = &c->m[i];
    MSRunFile *r;
    MSSettings s;
    char       f[PETSC_MAX_PATH_LEN + 32];

    if (mb->status != MS_MEMBER_DONE) continue;
    MSSweepDirPath(c->sweep, mb->member, ".h5", f, sizeof(f));
    PetscCall(MSRunFileRead(c->comm, f, PETSC_FALSE, &r));
    PetscCall(MSRunFileSettings(c->comm, r, &s, NULL));
    if (first < 0) {
      /* the observed data: -scenario, else the first member's scenario attribute */
      first = i;
      if (!c->scenario[0]) {
        PetscCheck(r->scenario && r->scenario[0], c->comm, PETSC_ERR_FILE_UNEXPECTED,
                   "%s: field 'scenario': missing; give -scenario DIR", f);
        PetscCall(PetscStrncpy(c->scenario, r->scenario, sizeof(c->scenario)));
      }
      PetscCall(MSSpawnLoadScenario(c->comm, c->scenario, &s, &c->scn, NULL));
      c->hasten = s.hasten;
      PetscCheck(c->scn->has_source_data, c->comm, PETSC_ERR_USER_INPUT,
                 "%s/source_data/data_layout.csv: field '-': no observed data to calibrate against",
                 c->scenario);
      rdays    = r->ndays;
      c->ndays = c->last_day >= 0 ? PetscMin(rdays, c->last_day + 1) : rdays;
    }
    PetscCheck(r->ndays == rdays, c->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field '/daily/population': %d days, member %d has %d", f, r->ndays,
               c->m[first].member, rdays);
    PetscCheck(s.hasten == c->hasten, c->comm, PETSC_ERR_USER_INPUT,
               "%s: field 'optimisations.hasten': %" PetscInt_FMT
               ", but member %d ran with %" PetscInt_FMT " (the observed series differ)",
               f, s.hasten, c->m[first].member, c->hasten);
    PetscCall(MSValidateTable(c->comm, r, c->scn, &s, &tab));
    /* a backtest's calibration sees the days up to its cut day only: the table's rows are days */
    tab.ndays = c->ndays;
    PetscCheck(
        tab.ncamps > 0, c->comm, PETSC_ERR_USER_INPUT,
        "%s/source_data/data_layout.csv: field '-': no camp of the observed data is a location",
        c->scenario);
    if (!c->obs) {
      c->ncamps = tab.ncamps;
      PetscCall(PetscMalloc1((size_t)c->ndays * c->ncamps, &c->obs));
      PetscCall(PetscArraycpy(c->obs, tab.obs, (size_t)c->ndays * c->ncamps));
      PetscCall(PetscMalloc1(c->ncamps, &c->campname));
      for (int k = 0; k < c->ncamps; k++)
        PetscCall(
            PetscStrallocpy(c->scn->loc[c->scn->camp[tab.series[k]].loc].name, &c->campname[k]));
    }
    MSMetricsARD(&tab, &mb->ard, &mb->ardu);
    mb->dist = c->distance == 0 ? mb->ard : mb->ardu;
    PetscCall(PetscMalloc1((size_t)c->ndays * c->ncamps + 1, &mb->sim));
    PetscCall(PetscArraycpy(mb->sim, tab.sim, (size_t)c->ndays * c->ncamps));
    PetscCall(MSValidateTableFree(&tab));
    PetscCall(MSRunFileDestroy(&r));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------------------------------ */
/* Approximate Bayesian computation by rejection                                              */

static int ComparePoints(const void *a, const void *b)
{
  const Point *p = (const Point *)a, *q = (const Point *)b;
  if (p->dist < q->dist) return -1;
  if (p->dist > q->dist) return 1;
  return (p->point > q->point) - (p->point < q->point);
}

/* 5, 50, 95 % quantiles (linear interpolation between order statistics) of v[n], sorted in place.
 */
static void Quantiles(double *v, size_t n, double *q05, double *q50, double *q95)
{
  gsl_sort(v, 1, n);
  *q05 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.05);
  *q50 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.50);
  *q95 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95);
}

static PetscErrorCode ABC(MSCalib c)
{
  int     nacc_members = 0;
  double *v;

  PetscFunctionBegin;
  /* the unit of acceptance is a design point, its distance averaged over its replicates */
  PetscCall(PetscCalloc1(c->nm, &c->pt));
  for (int i = 0; i < c->nm; i++) {
    int k;
    if (c->m[i].status != MS_MEMBER_DONE) continue;
    for (k = 0; k < c->npoints; k++)
      if (c->pt[k].point == c->m[i].point) break;
    if (k == c->npoints)
      c->pt[c->npoints].point = c->m[i].point, c->pt[c->npoints].first = i, c->npoints++;
    c->pt[k].nrep++;
    c->pt[k].dist += c->m[i].dist;
  }
  for (int k = 0; k < c->npoints; k++) c->pt[k].dist /= c->pt[k].nrep;
  qsort(c->pt, (size_t)c->npoints, sizeof(Point), ComparePoints);
  if (c->have_tolerance) {
    while (c->naccepted < c->npoints && c->pt[c->naccepted].dist <= c->tolerance) c->naccepted++;
    PetscCheck(c->naccepted > 0, c->comm, PETSC_ERR_USER_INPUT,
               "option -tolerance: no point of the sweep is within %g (the closest is at %g)",
               (double)c->tolerance, c->pt[0].dist);
  } else
    c->naccepted = PetscMax(1, (int)ceil(c->accept_fraction * c->npoints - 1e-9));
  c->best = 0;
  for (int i = 0; i < c->nm; i++) {
    Member *mb = &c->m[i];
    if (mb->status != MS_MEMBER_DONE) continue;
    for (int k = 0; k < c->naccepted; k++)
      if (c->pt[k].point == mb->point) mb->accepted = PETSC_TRUE;
    if (mb->accepted) nacc_members++;
    if (mb->point == c->pt[0].point && (c->best_member < 0 || mb->dist < c->m[c->best_member].dist))
      c->best_member = i;
  }
  /* posterior of each parameter over the accepted points (a point's parameters are its members') */
  PetscCall(PetscMalloc4(c->np, &c->mean, c->np, &c->q05, c->np, &c->q50, c->np, &c->q95));
  PetscCall(PetscMalloc1(PetscMax(c->naccepted, nacc_members) + 1, &v));
  for (int j = 0; j < c->np; j++) {
    double s = 0;
    for (int k = 0; k < c->naccepted; k++) v[k] = c->m[c->pt[k].first].x[j], s += v[k];
    c->mean[j] = s / c->naccepted;
    Quantiles(v, (size_t)c->naccepted, &c->q05[j], &c->q50[j], &c->q95[j]);
  }
  /* bands of every camp's series over the accepted members (all replicates) */
  PetscCall(PetscMalloc1((size_t)3 * c->ndays * c->ncamps + 1, &c->band));
  for (size_t e = 0; e < (size_t)c->ndays * c->ncamps; e++) {
    int n = 0;
    for (int i = 0; i < c->nm; i++)
      if (c->m[i].accepted) v[n++] = (double)c->m[i].sim[e];
    Quantiles(v, (size_t)n, &c->band[e], &c->band[(size_t)c->ndays * c->ncamps + e],
              &c->band[(size_t)2 * c->ndays * c->ncamps + e]);
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------------------------------ */
/* POUNDERS: the simulation in-process, common random numbers                                 */

/* The mean camp series over seeds 1..replicates at physical parameters x. */
static PetscErrorCode Simulate(MSCalib c, const double *x, double *mean, int64_t *obs)
{
  char           v[64];
  size_t         n            = (size_t)c->ndays * c->ncamps;
  FILE          *saved_stdout = PETSC_STDOUT, *devnull = NULL;
  PetscErrorCode ierr = PETSC_SUCCESS;

  PetscFunctionBegin;
  for (int j = 0; j < c->np; j++) {
    char opt[80];
    PetscCall(PetscSNPrintf(opt, sizeof(opt), "-%s", c->pname[j]));
    PetscCall(PetscSNPrintf(v, sizeof(v), "%.17g", x[j]));
    PetscCall(MSOptionsOverrideSet(&c->options, opt, v));
  }
  for (size_t e = 0; e < n; e++) mean[e] = 0;
  if (!c->verbose) {
    devnull = fopen("/dev/null", "w");
    if (devnull) PETSC_STDOUT = devnull;
  }
  MSErrorCollectivePhase(PETSC_FALSE); /* the engine's rules inside the in-process runs */
  for (PetscInt r = 1; r <= c->replicates && !ierr; r++) {
    MSSim                 sim = NULL;
    const MSMetricsTable *m;
    int                   nstages;
    PetscCall(MSSimLogMark(&nstages));
    PetscCall(PetscSNPrintf(v, sizeof(v), "%" PetscInt_FMT, r));
    PetscCall(MSOptionsOverrideSet(&c->options, "-seed", v));
    ierr = MSSimCreate(c->comm, &sim);
    if (!ierr) ierr = MSSimSetFromOptions(sim);
    if (!ierr) ierr = MSSimSetUp(sim);
    if (!ierr) ierr = MSSimRun(sim);
    if (!ierr) ierr = MSSimGetMetrics(sim, &m);
    if (!ierr && (m->ndays != c->ndays || m->ncamps != c->ncamps)) {
      ierr = PETSC_ERR_FILE_UNEXPECTED;
      (void)PetscError(c->comm, __LINE__, PETSC_FUNCTION_NAME, __FILE__, ierr, PETSC_ERROR_INITIAL,
                       "%s: the in-process run has %d days and %d camps, the sweep %d and %d",
                       c->scenario, m->ndays, m->ncamps, c->ndays, c->ncamps);
    }
    if (!ierr) {
      for (size_t e = 0; e < n; e++) mean[e] += (double)m->sim[e] / (double)c->replicates;
      if (r == 1) PetscCall(PetscArraycpy(obs, m->obs, n));
    }
    if (sim) PetscCall(MSSimDestroy(&sim));
    PetscCall(MSSimLogRestore(nstages));
  }
  MSErrorCollectivePhase(PETSC_TRUE);
  if (devnull) {
    PETSC_STDOUT = saved_stdout;
    fclose(devnull);
  }
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  MSCalib  c;
  double  *mean, *bestf; /* bestf: the residuals at the best point so far */
  int64_t *obs;
} ResidualCtx;

/* Whether a point of ARDs ard, ardu and sum of squares obj beats the best so far. */
static PetscBool Better(MSCalib c, double ard, double ardu, double obj)
{
  double d = c->distance == 0 ? ard : ardu, best = c->distance == 0 ? c->pard : c->pardu;
  return (PetscBool)(d < best || (d == best && obj < c->pf));
}

/* Residuals (s_c(t) - o_c(t)) / max(O(t), 1) at the normalised point u in [0,1]^np. */
static PetscErrorCode Residual(Tao tao, Vec U, Vec F, void *ctx)
{
  ResidualCtx       *rc = (ResidualCtx *)ctx;
  MSCalib            c  = rc->c;
  const PetscScalar *u;
  PetscScalar       *f;
  double             x[64], obj = 0, ard, ardu;
  size_t             n = (size_t)c->ndays * c->ncamps;

  PetscFunctionBegin;
  if (c->nevals >= c->max_funcs) {
    /* POUNDERS checks its limit once an iteration, and may ask beyond it: no simulation runs,
       and the best point's residuals stop it there (its answer is our best point anyway) */
    c->capped = PETSC_TRUE;
    PetscCall(VecGetArray(F, &f));
    for (size_t e = 0; e < n; e++) f[e] = rc->bestf[e];
    PetscCall(VecRestoreArray(F, &f));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  /* every rank runs its own copy of TAO on the same numbers (see Pounders()); rank 0's point is
     broadcast so that the copies cannot drift apart by a rounding */
  PetscCall(VecGetArrayRead(U, &u));
  for (int j = 0; j < c->np; j++)
    x[j] = c->lower[j] + PetscRealPart(u[j]) * (c->upper[j] - c->lower[j]);
  PetscCall(VecRestoreArrayRead(U, &u));
  PetscCallMPI(MPI_Bcast(x, c->np, MPI_DOUBLE, 0, c->comm));
  PetscCall(Simulate(c, x, rc->mean, rc->obs));
  PetscCall(VecGetArray(F, &f));
  for (int t = 0; t < c->ndays; t++) {
    double O = 0;
    for (int k = 0; k < c->ncamps; k++) O += (double)rc->obs[(size_t)t * c->ncamps + k];
    for (int k = 0; k < c->ncamps; k++) {
      size_t e = (size_t)t * c->ncamps + k;
      double r = (rc->mean[e] - (double)rc->obs[e]) / (O > 1 ? O : 1);
      obj += r * r;
      f[e] = r;
    }
  }
  PetscCall(VecRestoreArray(F, &f));
  {
    /* ARD of the mean series, for the record */
    MSMetricsTable m = {c->ncamps, c->ndays, NULL, NULL, rc->obs};
    PetscCall(PetscMalloc1(n + 1, &m.sim));
    for (size_t e = 0; e < n; e++) m.sim[e] = (int64_t)llround(rc->mean[e]);
    MSMetricsARD(&m, &ard, &ardu);
    PetscCall(PetscFree(m.sim));
  }
  if (c->nevals == c->evalcap) {
    double *hx, *hf, *ha;
    c->evalcap = c->evalcap ? 2 * c->evalcap : 64;
    PetscCall(PetscMalloc3((size_t)c->evalcap * c->np, &hx, c->evalcap, &hf, c->evalcap, &ha));
    if (c->nevals) {
      PetscCall(PetscArraycpy(hx, c->hist_x, (size_t)c->nevals * c->np));
      PetscCall(PetscArraycpy(hf, c->hist_f, c->nevals));
      PetscCall(PetscArraycpy(ha, c->hist_ard, c->nevals));
    }
    PetscCall(PetscFree3(c->hist_x, c->hist_f, c->hist_ard));
    c->hist_x = hx, c->hist_f = hf, c->hist_ard = ha;
  }
  for (int j = 0; j < c->np; j++) c->hist_x[(size_t)c->nevals * c->np + j] = x[j];
  c->hist_f[c->nevals]   = obj;
  c->hist_ard[c->nevals] = c->distance == 0 ? ard : ardu;
  /* the point returned: the smallest distance seen (the calibration's measure; ties: the sum of
     squares that POUNDERS minimises), never worse than the start, which is evaluation 1 */
  if (!c->pseries || Better(c, ard, ardu, obj)) {
    if (!c->pseries) PetscCall(PetscMalloc1(n + 1, &c->pseries));
    PetscCall(PetscArraycpy(c->pseries, rc->mean, n));
    PetscCall(VecGetArrayRead(F, &u));
    for (size_t e = 0; e < n; e++) rc->bestf[e] = PetscRealPart(u[e]);
    PetscCall(VecRestoreArrayRead(F, &u));
    c->pf = obj, c->pard = ard, c->pardu = ardu, c->pbest = c->nevals;
    for (int j = 0; j < c->np; j++) c->px[j] = x[j];
  }
  c->nevals++;
  PetscCall(PetscPrintf(c->comm, "pounders: evaluation %3d:", c->nevals));
  for (int j = 0; j < c->np; j++) PetscCall(PetscPrintf(c->comm, " %s %.5g", c->pname[j], x[j]));
  PetscCall(PetscPrintf(c->comm, "  sum of squares %.6g  ARD %.4f\n", obj,
                        c->distance == 0 ? ard : ardu));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The options of POUNDERS' in-process runs: the settings of the best member's run, then the
   run's own (scenario, days, the scratch output, quiet). */
static PetscErrorCode RunOptions(MSCalib c, const Member *best)
{
  MSRunFile *ref;
  char       v[64];

  PetscFunctionBegin;
  /* the in-process runs take the settings of the best member's run, then the parameters */
  {
    char f[PETSC_MAX_PATH_LEN + 32];
    MSSweepDirPath(c->sweep, best->member, ".h5", f, sizeof(f));
    PetscCall(MSRunFileRead(c->comm, f, PETSC_TRUE, &ref));
  }
  for (int i = 0; i < ref->nsettings; i++) {
    char opt[128];
    PetscCall(PetscSNPrintf(opt, sizeof(opt), "-%s", ref->setting[i]));
    for (char *p = opt; *p; p++)
      if (*p == '.') *p = '_';
    PetscCall(MSOptionsOverrideSet(&c->options, opt, ref->value[i]));
  }
  PetscCall(MSRunFileDestroy(&ref));
  PetscCall(MSOptionsOverrideSet(&c->options, "-scenario", c->scenario));
  PetscCall(PetscSNPrintf(v, sizeof(v), "%d", c->ndays));
  PetscCall(MSOptionsOverrideSet(&c->options, "-days", v));
  PetscCall(MSOptionsOverrideSet(&c->options, "-output", c->scratch));
  PetscCall(MSOptionsOverrideSet(&c->options, "-flee_csv", "none"));
  PetscCall(MSOptionsOverrideSet(&c->options, "-progress_every", "1000000"));
  PetscCall(MSOptionsOverrideSet(&c->options, "-settings",
                                 NULL)); /* the members' attributes hold every setting in effect */

  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Pounders(MSCalib c)
{
  Tao                tao;
  Vec                U, F, lb, ub;
  ResidualCtx        rc;
  PetscInt           m = (PetscInt)c->ndays * c->ncamps;
  PetscScalar       *u;
  const Member      *best = &c->m[c->best_member];
  TaoConvergedReason reason;
  PetscBool          has;
  char               v[64];
  PetscErrorCode     ierr;

  PetscFunctionBegin;
  for (int j = 0; j < c->np; j++)
    PetscCheck(c->upper[j] > c->lower[j], c->comm, PETSC_ERR_USER_INPUT,
               "%s/design.csv: field '%s': the design does not vary it (give -lower and -upper for "
               "POUNDERS)",
               c->sweep, c->pname[j]);
  PetscCall(RunOptions(c, best));
  PetscCall(PetscMalloc1(c->np, &c->px));
  PetscCall(
      PetscMalloc3((size_t)m + 1, &rc.mean, (size_t)m + 1, &rc.obs, (size_t)m + 1, &rc.bestf));
  rc.c = c;
  /* POUNDERS of PETSc 3.18 reads the local arrays of distributed residual vectors as if they
     were whole, so TAO runs on PETSC_COMM_SELF: every rank holds the whole (small) problem and
     takes the same steps, and only the simulations inside Residual() are collective. */
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, c->np, &U));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, m, &F));
  PetscCall(VecDuplicate(U, &lb));
  PetscCall(VecDuplicate(U, &ub));
  PetscCall(VecSet(lb, 0.0));
  PetscCall(VecSet(ub, 1.0));
  PetscCall(VecGetArray(U, &u));
  for (int j = 0; j < c->np; j++) u[j] = (best->x[j] - c->lower[j]) / (c->upper[j] - c->lower[j]);
  PetscCall(VecRestoreArray(U, &u));

  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAOPOUNDERS));
  PetscCall(TaoSetSolution(tao, U));
  PetscCall(TaoSetResidualRoutine(tao, F, Residual, &rc));
  PetscCall(TaoSetVariableBounds(tao, lb, ub));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao, c->max_funcs));
  PetscCall(TaoSetMaximumIterations(tao, c->max_funcs));
  PetscCall(TaoSetTolerances(tao, 1e-8, 0, 0));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-tao_pounders_delta", &has));
  if (!has) {
    PetscCall(PetscSNPrintf(v, sizeof(v), "%g", (double)c->delta));
    PetscCall(MSOptionsOverrideSet(&c->options, "-tao_pounders_delta", v));
  }
  PetscCall(TaoSetFromOptions(tao));
  PetscCall(TaoGetMaximumFunctionEvaluations(tao, &c->max_funcs)); /* -tao_max_funcs included */
  PetscCall(PetscPrintf(c->comm,
                        "pounders: from the best point of the sweep (member %d), %" PetscInt_FMT
                        " replicate(s) per evaluation, residuals %" PetscInt_FMT "\n",
                        best->member, c->replicates, m));
  ierr = TaoSolve(tao);
  if (!ierr) ierr = TaoGetConvergedReason(tao, &reason);
  if (!ierr) ierr = TaoGetIterationNumber(tao, &c->iterations);
  if (!ierr) ierr = PetscStrncpy(c->reason, TaoConvergedReasons[reason], sizeof(c->reason));
  PetscCall(MSOptionsOverrideRestore(&c->options));
  PetscCall(ierr);
  c->pounders_done = PETSC_TRUE;
  PetscCall(PetscPrintf(
      c->comm, "pounders: %s after %" PetscInt_FMT " iterations, %d evaluations; best:", c->reason,
      c->iterations, c->nevals));
  for (int j = 0; j < c->np; j++)
    PetscCall(PetscPrintf(c->comm, " %s %.5g", c->pname[j], c->px[j]));
  PetscCall(PetscPrintf(c->comm, " (sum of squares %.6g, ARD %.4f)\n", c->pf,
                        c->distance == 0 ? c->pard : c->pardu));
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&U));
  PetscCall(VecDestroy(&F));
  PetscCall(VecDestroy(&lb));
  PetscCall(VecDestroy(&ub));
  PetscCall(PetscFree3(rc.mean, rc.obs, rc.bestf));
  if (c->rank == 0) (void)remove(c->scratch);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCalibSolve(MSCalib c)
{
  PetscFunctionBegin;
  PetscCall(ABC(c));
  PetscCall(PetscPrintf(c->comm,
                        "abc: %d points from %d members (%d done, %d failed, %d not finished); "
                        "accepted %d with %s <= %.4g; best member %d (point %d, %s %.4f)\n",
                        c->npoints, c->nm, c->ndone, c->nfailed, c->nmissing, c->naccepted,
                        distances[c->distance], c->pt[c->naccepted - 1].dist,
                        c->m[c->best_member].member, c->m[c->best_member].point,
                        distances[c->distance], c->pt[0].dist));
  for (int j = 0; j < c->np; j++)
    PetscCall(PetscPrintf(
        c->comm, "abc: %-36s mean %-10.5g 5%% %-10.5g 50%% %-10.5g 95%% %-10.5g (range %g..%g)\n",
        c->pname[j], c->mean[j], c->q05[j], c->q50[j], c->q95[j], c->lower[j], c->upper[j]));
  if (c->method == METHOD_POUNDERS) PetscCall(Pounders(c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------------------------------ */
/* Output                                                                                     */

/* A dataset of doubles, d0 values, or d0 x d1 with d1 > 0. */
static PetscErrorCode Doubles(MSH5 *h, const char name[], hsize_t d0, hsize_t d1, const double *v)
{
  hsize_t dims[2] = {d0, d1};

  PetscFunctionBegin;
  PetscCall(MSH5DatasetWrite(h, h->file, name, H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, d1 ? 2 : 1,
                             dims, PETSC_TRUE, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Ints(MSH5 *h, const char name[], hsize_t n, const int *v)
{
  PetscFunctionBegin;
  PetscCall(
      MSH5DatasetWrite(h, h->file, name, H5T_NATIVE_INT, H5T_NATIVE_INT, 1, &n, PETSC_TRUE, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Group(MSH5 *h, const char name[])
{
  hid_t g;

  PetscFunctionBegin;
  PetscCall(MSH5GroupCreate(h, h->file, name, &g));
  PetscCall(MSH5Close(h, &g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The attributes of /: what was calibrated, how, and the best member. */
static PetscErrorCode WriteRootAttributes(MSH5 *h, MSCalib c)
{
  const Member *b        = &c->m[c->best_member];
  hid_t         f        = h->file;
  const char   *str[][2] = {{"code", "migrasim-calibrate"},
                            {"code_version", MS_VERSION},
                            {"sweep", c->sweep},
                            {"scenario", c->scenario},
                            {"method", methods[c->method]},
                            {"distance", distances[c->distance]},
                            {"start_date", c->scn->start_date}};
  struct {
    const char *name;
    int         v;
  } ints[] = {{"members", c->nm},
              {"members_done", c->ndone},
              {"members_failed", c->nfailed},
              {"members_missing", c->nmissing},
              {"points", c->npoints},
              {"points_accepted", c->naccepted},
              {"best_member", b->member},
              {"best_point", c->pt[0].point}};
  struct {
    const char *name;
    double      v;
  } dbl[] = {
      {"best_distance", c->pt[0].dist}, {"best_ard", b->ard}, {"best_ard_unrescaled", b->ardu}};
  double acc    = c->have_tolerance ? (double)c->tolerance : (double)c->accept_fraction,
         accmax = c->pt[c->naccepted - 1].dist;
  uint64_t hash = MSScenarioHash(c->scn); /* a forecast checks it is of this scenario */

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(str) / sizeof(str[0]); k++)
    PetscCall(MSH5AttributeWriteString(h, f, str[k][0], str[k][1]));
  PetscCall(MSH5AttributeWrite(h, f, "scenario_hash", H5T_NATIVE_UINT64, 1, &hash));
  PetscCall(MSH5AttributeWrite(h, f, "days", H5T_NATIVE_INT, 1, &c->ndays));
  PetscCall(MSH5AttributeWrite(h, f, c->have_tolerance ? "tolerance" : "accept_fraction",
                               H5T_NATIVE_DOUBLE, 1, &acc));
  PetscCall(MSH5AttributeWrite(h, f, "accepted_distance_max", H5T_NATIVE_DOUBLE, 1, &accmax));
  for (size_t k = 0; k < sizeof(ints) / sizeof(ints[0]); k++)
    PetscCall(MSH5AttributeWrite(h, f, ints[k].name, H5T_NATIVE_INT, 1, &ints[k].v));
  for (size_t k = 0; k < sizeof(dbl) / sizeof(dbl[0]); k++)
    PetscCall(MSH5AttributeWrite(h, f, dbl[k].name, H5T_NATIVE_DOUBLE, 1, &dbl[k].v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /parameters: names, prior ranges, the posterior and the best member's values. */
static PetscErrorCode WriteParameters(MSH5 *h, MSCalib c)
{
  const char   *name[] = {"/parameters/lower", "/parameters/upper", "/parameters/mean",
                          "/parameters/q05",   "/parameters/q50",   "/parameters/q95",
                          "/parameters/best"};
  const double *v[] = {c->lower, c->upper, c->mean, c->q05, c->q50, c->q95, c->m[c->best_member].x};

  PetscFunctionBegin;
  PetscCall(Group(h, "/parameters"));
  PetscCall(MSH5StringsWrite(h, h->file, "/parameters/name", c->np, (const char *const *)c->pname,
                             PETSC_TRUE));
  for (size_t k = 0; k < sizeof(name) / sizeof(name[0]); k++)
    PetscCall(Doubles(h, name[k], (hsize_t)c->np, 0, v[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /members: every member of the sweep, its status, figures and parameters. */
static PetscErrorCode WriteMembers(MSH5 *h, MSCalib c)
{
  const char *iname[] = {"/members/member", "/members/point", "/members/replicate",
                         "/members/status", "/members/accepted"};
  const char *dname[] = {"/members/seed", "/members/ard", "/members/ard_unrescaled",
                         "/members/distance"};
  int        *iv;
  double     *dv;
  hsize_t     nm = (hsize_t)c->nm;

  PetscFunctionBegin;
  PetscCall(Group(h, "/members"));
  PetscCall(PetscMalloc2(c->nm, &iv, (size_t)c->nm * PetscMax(c->np, 1), &dv));
  for (int k = 0; k < 5; k++) {
    for (int i = 0; i < c->nm; i++) {
      const Member *mb = &c->m[i];
      iv[i]            = k == 0   ? mb->member
                         : k == 1 ? mb->point
                         : k == 2 ? mb->replicate
                         : k == 3 ? (int)mb->status
                                  : (int)mb->accepted;
    }
    PetscCall(Ints(h, iname[k], nm, iv));
  }
  for (int k = 0; k < 4; k++) {
    for (int i = 0; i < c->nm; i++) {
      const Member *mb = &c->m[i];
      dv[i]            = k == 0                         ? (double)mb->seed
                         : mb->status != MS_MEMBER_DONE ? NAN
                         : k == 1                       ? mb->ard
                         : k == 2                       ? mb->ardu
                                                        : mb->dist;
    }
    PetscCall(Doubles(h, dname[k], nm, 0, dv));
  }
  for (int i = 0; i < c->nm; i++)
    for (int j = 0; j < c->np; j++) dv[(size_t)i * c->np + j] = c->m[i].x[j];
  PetscCall(Doubles(h, "/members/parameters", nm, (hsize_t)c->np, dv));
  PetscCall(PetscFree2(iv, dv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /camps: the observed series, the best member's, the posterior bands and the dates. */
static PetscErrorCode WriteCamps(MSH5 *h, MSCalib c)
{
  size_t  n  = (size_t)c->ndays * c->ncamps;
  hsize_t nd = (hsize_t)c->ndays, nc = (hsize_t)c->ncamps;
  double *dv;
  char(*date)[11];
  const char **dates;

  PetscFunctionBegin;
  PetscCall(Group(h, "/camps"));
  PetscCall(MSH5StringsWrite(h, h->file, "/camps/name", c->ncamps, (const char *const *)c->campname,
                             PETSC_TRUE));
  PetscCall(PetscMalloc1(n + 1, &dv));
  for (size_t e = 0; e < n; e++) dv[e] = (double)c->obs[e];
  PetscCall(Doubles(h, "/camps/observed", nd, nc, dv));
  for (size_t e = 0; e < n; e++) dv[e] = (double)c->m[c->best_member].sim[e];
  PetscCall(Doubles(h, "/camps/best", nd, nc, dv));
  PetscCall(PetscFree(dv));
  PetscCall(Doubles(h, "/camps/q05", nd, nc, c->band));
  PetscCall(Doubles(h, "/camps/q50", nd, nc, c->band + n));
  PetscCall(Doubles(h, "/camps/q95", nd, nc, c->band + 2 * n));
  PetscCall(PetscMalloc2(c->ndays + 1, &date, c->ndays + 1, &dates));
  for (int t = 0; t < c->ndays; t++) {
    MSDateFormat(c->scn->start_day + t, date[t]);
    dates[t] = date[t];
  }
  PetscCall(MSH5StringsWrite(h, h->file, "/camps/date", c->ndays, dates, PETSC_TRUE));
  PetscCall(PetscFree2(date, dates));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /pounders: how POUNDERS ended, its solution and its history. */
static PetscErrorCode WritePounders(MSH5 *h, MSCalib c)
{
  hid_t g;
  int   it = (int)c->iterations, rep = (int)c->replicates, start = c->m[c->best_member].member;
  struct {
    const char *name;
    hid_t       type;
    const void *v;
  } attr[] = {{"iterations", H5T_NATIVE_INT, &it},
              {"evaluations", H5T_NATIVE_INT, &c->nevals},
              {"replicates", H5T_NATIVE_INT, &rep},
              {"start_member", H5T_NATIVE_INT, &start},
              {"sum_of_squares", H5T_NATIVE_DOUBLE, &c->pf},
              {"ard", H5T_NATIVE_DOUBLE, &c->pard},
              {"ard_unrescaled", H5T_NATIVE_DOUBLE, &c->pardu}};

  PetscFunctionBegin;
  PetscCall(MSH5GroupCreate(h, h->file, "/pounders", &g));
  PetscCall(MSH5AttributeWriteString(h, g, "reason", c->reason));
  for (size_t k = 0; k < sizeof(attr) / sizeof(attr[0]); k++)
    PetscCall(MSH5AttributeWrite(h, g, attr[k].name, attr[k].type, 1, attr[k].v));
  PetscCall(MSH5Close(h, &g));
  PetscCall(Doubles(h, "/pounders/x", (hsize_t)c->np, 0, c->px));
  PetscCall(Doubles(h, "/pounders/series", (hsize_t)c->ndays, (hsize_t)c->ncamps, c->pseries));
  PetscCall(Doubles(h, "/pounders/history_x", (hsize_t)c->nevals, (hsize_t)c->np, c->hist_x));
  PetscCall(Doubles(h, "/pounders/history_sum_of_squares", (hsize_t)c->nevals, 0, c->hist_f));
  PetscCall(Doubles(h, "/pounders/history_distance", (hsize_t)c->nevals, 0, c->hist_ard));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteFile(MSH5 *h, MSCalib c)
{
  PetscFunctionBegin;
  PetscCall(MSH5FileCreate(h));
  PetscCall(WriteRootAttributes(h, c));
  PetscCall(WriteParameters(h, c));
  PetscCall(WriteMembers(h, c));
  PetscCall(WriteCamps(h, c));
  if (c->pounders_done) PetscCall(WritePounders(h, c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The calibration file (serial: rank 0 writes it). */
static PetscErrorCode WriteH5(MSCalib c)
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(PETSC_COMM_SELF, c->output, " (disk full?)", &h));
  PetscCall(MSH5End(&h, WriteFile(&h, c)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What POUNDERS' end means, for the summary. */
static const char *PoundersEnding(MSCalib c)
{
  if (c->capped || strstr(c->reason, "MAXFCN"))
    return "it stopped at its limit of evaluations (-pounders_max_funcs): the point is the best "
           "it saw, not necessarily a minimum; allow more evaluations to go on";
  if (strstr(c->reason, "MAXITS"))
    return "it stopped at its limit of iterations: the point is the best it saw, not necessarily "
           "a minimum";
  if (strstr(c->reason, "TR_REDUCTION"))
    return "its trust region could not shrink further: the sum of squares is flat or noisy at "
           "this scale (more agents or replicates, or a larger -pounders_delta)";
  if (!strncmp(c->reason, "CONVERGED", 9))
    return "it converged: a local minimum of the sum of squares (for these replicates' seeds)";
  return "it stopped without converging";
}

/* The POUNDERS lines of the Markdown summary: how it ended, what that means, the best point
   against its start (evaluation 1, the same replicates), parameters on a prior's bound. */
static PetscErrorCode PoundersSummary(MSCalib c, FILE *fp)
{
  const Member *b = &c->m[c->best_member];

  PetscFunctionBegin;
  fprintf(fp,
          "- POUNDERS (TAO) from member %d: %s after %d evaluations (limit %d) of %d "
          "replicate(s): %s\n",
          b->member, c->reason, c->nevals, (int)c->max_funcs, (int)c->replicates,
          PoundersEnding(c));
  fprintf(fp,
          "  - returned: the point of smallest %s seen (evaluation %d): ARD %.4f rescaled, %.4f "
          "unrescaled, sum of squares %.6g; at its start (member %d's point, the same "
          "replicates): %s %.4f, sum of squares %.6g%s\n",
          distances[c->distance], c->pbest + 1, c->pard, c->pardu, c->pf, b->member,
          distances[c->distance], c->hist_ard[0], c->hist_f[0],
          c->pbest ? "" : "; no evaluation improved on the start: the start is returned");
  for (int j = 0; j < c->np; j++)
    if (c->px[j] <= c->lower[j] || c->px[j] >= c->upper[j])
      fprintf(fp, "  - %s is on the prior's %s bound (%g): the best fit may lie beyond the prior\n",
              c->pname[j], c->px[j] <= c->lower[j] ? "lower" : "upper", c->px[j]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* PREFIX.csv: a line per parameter, numbers in their shortest exact form. */
static PetscErrorCode WriteSummaryCSV(MSCalib c)
{
  char          path[PETSC_MAX_PATH_LEN + 8];
  FILE         *fp;
  const Member *b = &c->m[c->best_member];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s.csv", c->summary));
  fp = fopen(path, "w");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: cannot write the summary", path);
  fprintf(fp, "parameter,lower,upper,mean,q05,q50,q95,best,pounders\n");
  for (int j = 0; j < c->np; j++) {
    const double v[8] = {c->lower[j], c->upper[j], c->mean[j], c->q05[j],
                         c->q50[j],   c->q95[j],   b->x[j],    c->pounders_done ? c->px[j] : NAN};
    fprintf(fp, "%s", c->pname[j]);
    for (int k = 0; k < 8; k++) {
      char t[32] = "";
      if (!isnan(v[k])) MSFormatReal(v[k], t, sizeof(t));
      fprintf(fp, ",%s", t);
    }
    fprintf(fp, "\n");
  }
  PetscCheck(fclose(fp) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteSummary(MSCalib c)
{
  char          path[PETSC_MAX_PATH_LEN + 8];
  FILE         *fp;
  const Member *b    = &c->m[c->best_member];
  size_t        last = (size_t)(c->ndays - 1) * c->ncamps, n = (size_t)c->ndays * c->ncamps;

  PetscFunctionBegin;
  PetscCall(WriteSummaryCSV(c));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s.md", c->summary));
  fp = fopen(path, "w");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: cannot write the summary", path);
  fprintf(fp, "# Calibration of `%s`\n\n", c->sweep);
  fprintf(fp, "- Scenario: `%s`, %d days from %s, %d camps with observed series\n", c->scenario,
          c->ndays, c->scn->start_date, c->ncamps);
  fprintf(fp, "- Sweep: %d members (%d done, %d failed, %d not finished), %d design points\n",
          c->nm, c->ndone, c->nfailed, c->nmissing, c->npoints);
  fprintf(fp, "- ABC by rejection on the %s averaged relative difference (%s): ",
          c->distance == 0 ? "rescaled" : "unrescaled", distances[c->distance]);
  if (c->have_tolerance)
    fprintf(fp, "tolerance %g", (double)c->tolerance);
  else
    fprintf(fp, "closest %g of the points", (double)c->accept_fraction);
  fprintf(fp, ", **%d points accepted** (distance <= %.4f)\n", c->naccepted,
          c->pt[c->naccepted - 1].dist);
  fprintf(
      fp,
      "- Best-fitting member: **%d** (point %d, seed %lld): ARD %.4f rescaled, %.4f unrescaled\n",
      b->member, b->point, (long long)b->seed, b->ard, b->ardu);
  fprintf(fp, "- Priors: %s\n", c->prior_from);
  if (c->pounders_done) PetscCall(PoundersSummary(c, fp));
  fprintf(fp,
          "\n## Parameters\n\n| parameter | range | posterior mean | 5%% | 50%% | 95%% | best "
          "member |%s\n|---|---|---|---|---|---|---|%s\n",
          c->pounders_done ? " POUNDERS |" : "", c->pounders_done ? "---|" : "");
  for (int j = 0; j < c->np; j++) {
    char lo[32], hi[32], best[32];
    MSFormatReal(c->lower[j], lo, sizeof(lo));
    MSFormatReal(c->upper[j], hi, sizeof(hi));
    MSFormatReal(b->x[j], best, sizeof(best));
    fprintf(fp, "| %s | %s .. %s | %.4g | %.4g | %.4g | %.4g | %s |", c->pname[j], lo, hi,
            c->mean[j], c->q05[j], c->q50[j], c->q95[j], best);
    if (c->pounders_done) fprintf(fp, " %.4g |", c->px[j]);
    fprintf(fp, "\n");
  }
  fprintf(
      fp,
      "\n## Camps on the last day (%d)\n\n| camp | observed | simulated median | 5%% .. 95%% | "
      "best member | relative error of the best member that day |%s\n|---|---|---|---|---|---|%s\n",
      c->ndays - 1, c->pounders_done ? " POUNDERS |" : "", c->pounders_done ? "---|" : "");
  {
    MSMetricsTable m = {c->ncamps, c->ndays, NULL, b->sim, c->obs};
    for (int k = 0; k < c->ncamps; k++) {
      double re;
      MSMetricsCampRelError(&m, k, NULL, &re, NULL);
      fprintf(fp, "| %s | %lld | %.0f | %.0f .. %.0f | %lld | %.3f |", c->campname[k],
              (long long)c->obs[last + k], c->band[n + last + k], c->band[last + k],
              c->band[2 * n + last + k], (long long)b->sim[last + k], re);
      if (c->pounders_done) fprintf(fp, " %.0f |", c->pseries[last + k]);
      fprintf(fp, "\n");
    }
  }
  fprintf(fp, "\n## Accepted points (closest first)\n\n| point | member(s) | distance |");
  for (int j = 0; j < c->np; j++) fprintf(fp, " %s |", c->pname[j]);
  fprintf(fp, "\n|---|---|---|");
  for (int j = 0; j < c->np; j++) fprintf(fp, "---|");
  fprintf(fp, "\n");
  for (int k = 0; k < c->naccepted; k++) {
    const Point *p   = &c->pt[k];
    int          cnt = 0;
    fprintf(fp, "| %d | ", p->point);
    for (int i = 0; i < c->nm; i++)
      if (c->m[i].status == MS_MEMBER_DONE && c->m[i].point == p->point)
        fprintf(fp, "%s%d", cnt++ ? " " : "", c->m[i].member);
    fprintf(fp, " | %.4f |", p->dist);
    for (int j = 0; j < c->np; j++) {
      char v[32];
      MSFormatReal(c->m[p->first].x[j], v, sizeof(v));
      fprintf(fp, " %s |", v);
    }
    fprintf(fp, "\n");
  }
  if (c->nfailed) {
    fprintf(fp, "\n## Failed members\n\n");
    for (int i = 0; i < c->nm; i++)
      if (c->m[i].status == MS_MEMBER_FAILED)
        fprintf(fp, "- member %d: %s\n", c->m[i].member,
                c->m[i].message ? c->m[i].message : "(no message)");
  }
  PetscCheck(fclose(fp) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCalibWrite(MSCalib c)
{
  PetscErrorCode ierr = PETSC_SUCCESS;
  int            e;

  PetscFunctionBegin;
  if (c->rank == 0) {
    ierr = WriteH5(c);
    if (!ierr) ierr = WriteSummary(c);
  }
  e = (int)ierr;
  PetscCallMPI(MPI_Bcast(&e, 1, MPI_INT, 0, c->comm));
  if (e) PetscFunctionReturn((PetscErrorCode)e); /* reported once, by rank 0 */
  PetscCall(
      PetscPrintf(c->comm, "wrote %s, %s.csv and %s.md\n", c->output, c->summary, c->summary));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCalibDestroy(MSCalib *calp)
{
  MSCalib c = *calp;

  PetscFunctionBegin;
  if (!c) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0; i < c->nm; i++) {
    PetscCall(PetscFree(c->m[i].x));
    PetscCall(PetscFree(c->m[i].sim));
    PetscCall(PetscFree(c->m[i].message));
  }
  PetscCall(PetscFree(c->m));
  for (int j = 0; j < c->np && c->pname; j++) PetscCall(PetscFree(c->pname[j]));
  PetscCall(PetscFree(c->pname));
  PetscCall(PetscFree2(c->lower, c->upper));
  for (int k = 0; k < c->ncamps && c->campname; k++) PetscCall(PetscFree(c->campname[k]));
  PetscCall(PetscFree(c->campname));
  PetscCall(PetscFree(c->obs));
  if (c->scn) PetscCall(MSScenarioDestroy(&c->scn));
  PetscCall(PetscFree(c->pt));
  PetscCall(PetscFree4(c->mean, c->q05, c->q50, c->q95));
  PetscCall(PetscFree(c->band));
  PetscCall(PetscFree(c->px));
  PetscCall(PetscFree(c->pseries));
  PetscCall(PetscFree3(c->hist_x, c->hist_f, c->hist_ard));
  PetscCall(MSOptionsOverrideRestore(&c->options));
  PetscCall(PetscFree(c));
  *calp = NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}
