/* Sobol indices of a sweep's outputs from a Saltelli design (ms_sensitivity.h,
   docs/sensitivity.md). */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "ms_format.h"
#include "ms_h5.h"
#include "ms_runfile.h"
#include "ms_sensitivity.h"
#include "ms_sweepdir.h"

#define MAX_OUTPUTS 256

typedef enum { OUT_ARD = 0, OUT_POPULATION, OUT_ARRIVALS } OutKind;

typedef struct {
  char     name[256]; /* as given: ard, population:NAME, arrivals:NAME:FIRST:LAST */
  OutKind  kind;
  char     loc[128];
  int      iloc;        /* in the members' /locations */
  PetscInt first, last; /* arrivals: the days summed */
} Output;

struct _p_MSSensitivity {
  /* options */
  char      sweep[PETSC_MAX_PATH_LEN], csv[PETSC_MAX_PATH_LEN], h5[PETSC_MAX_PATH_LEN];
  char     *spec[MAX_OUTPUTS];
  PetscInt  nspec, nboot, bseed;
  PetscReal conf;
  /* the design */
  MSSweepDir *sd;
  int d, npoints, nbase, nused, *used; /* used[nused]: base points all of whose points ran */
  /* the outputs: per point, the sum over its members done, and their number */
  int           nout;
  Output       *out;
  double       *sum; /* [nout * npoints] */
  int          *count;
  MSSobolIndex *idx;        /* [nout * d] */
  double       *mean, *var; /* [nout] */
};

/* ---------------------------------------------------------------- the estimators */

PetscErrorCode MSSaltelliSample(int d, int n, double u[])
{
  gsl_qrng *q;
  double    ab[40];

  PetscFunctionBegin;
  PetscCheck(d >= 1 && 2 * d <= (int)gsl_qrng_sobol->max_dimension, PETSC_COMM_SELF,
             PETSC_ERR_ARG_OUTOFRANGE, "a Saltelli design takes 1 to %u parameters, not %d",
             gsl_qrng_sobol->max_dimension / 2, d);
  q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * d));
  PetscCheck(q, PETSC_COMM_SELF, PETSC_ERR_MEM, "cannot allocate GSL's Sobol generator");
  gsl_qrng_get(q, ab); /* the centre, where A = B: no information on any parameter */
  for (int i = 0; i < n; i++) {
    double *blk = u + (size_t)i * (d + 2) * d;
    gsl_qrng_get(q, ab);
    for (int k = 0; k < d + 2; k++)
      for (int j = 0; j < d; j++) {
        /* A, then AB_1..AB_d (A with coordinate k - 1 from B), then B */
        PetscBool from_b = (PetscBool)(k == d + 1 || k == j + 1);
        blk[k * d + j]   = from_b ? ab[d + j] : ab[j];
      }
  }
  gsl_qrng_free(q);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The estimates over the base points pick[n] (with repetitions in a resample): first[d] by
   Saltelli 2010, mean(f_B (f_ABj - f_A)) / V, total[d] by Jansen, mean((f_A - f_ABj)^2) / 2V,
   V the variance of the outputs at A and B; NaN where V = 0. */
static void Estimate(int n, int d, const double y[], const int pick[], double first[],
                     double total[], double *mean, double *var)
{
  double s = 0, ss = 0, m, v;

  for (int i = 0; i < n; i++) s += y[pick[i] * (d + 2)] + y[pick[i] * (d + 2) + d + 1];
  m = s / (2.0 * n);
  for (int i = 0; i < n; i++) {
    double a = y[pick[i] * (d + 2)] - m, b = y[pick[i] * (d + 2) + d + 1] - m;
    ss += a * a + b * b;
  }
  v = n > 0 ? ss / (2.0 * n - 1.0) : NAN;
  for (int j = 0; j < d; j++) {
    double sf = 0, st = 0;
    for (int i = 0; i < n; i++) {
      const double *p = y + pick[i] * (d + 2);
      /* f_B centred: the estimate is the same in expectation, without the noise of the mean */
      sf += (p[d + 1] - m) * (p[j + 1] - p[0]);
      st += (p[0] - p[j + 1]) * (p[0] - p[j + 1]);
    }
    first[j] = v > 0 ? sf / n / v : NAN;
    total[j] = v > 0 ? st / (2.0 * n) / v : NAN;
  }
  if (mean) *mean = m;
  if (var) *var = v;
}

/* The interval [lo, hi] of level conf of the nb values x (sorted here); NaN when none. */
static void Interval(double x[], int nb, double conf, double *lo, double *hi)
{
  if (nb == 0) {
    *lo = *hi = NAN;
    return;
  }
  gsl_sort(x, 1, (size_t)nb);
  *lo = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)nb, (1 - conf) / 2);
  *hi = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)nb, (1 + conf) / 2);
}

PetscErrorCode MSSobolIndices(int n, int d, const double y[], int nboot, double conf,
                              unsigned long seed, MSSobolIndex idx[], double *mean, double *var)
{
  int     *pick, nb = 0;
  double  *first, *total, *bf, *bt, v;
  gsl_rng *r;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(n + 1, &pick, d, &first, d, &total, (size_t)d * nboot + 1, &bf,
                         (size_t)d * nboot + 1, &bt));
  for (int i = 0; i < n; i++) pick[i] = i;
  Estimate(n, d, y, pick, first, total, mean, &v);
  if (var) *var = v;
  r = gsl_rng_alloc(gsl_rng_mt19937);
  PetscCheck(r, PETSC_COMM_SELF, PETSC_ERR_MEM, "cannot allocate a GSL generator");
  gsl_rng_set(r, seed);
  /* resamples whose outputs happen not to vary say nothing: left out */
  for (int b = 0; v > 0 && b < nboot; b++) {
    double bv;
    for (int i = 0; i < n; i++) pick[i] = (int)gsl_rng_uniform_int(r, (unsigned long)n);
    Estimate(n, d, y, pick, bf + (size_t)nb * d, bt + (size_t)nb * d, NULL, &bv);
    if (bv > 0) nb++;
  }
  gsl_rng_free(r);
  for (int j = 0; j < d; j++) {
    double *cf, *ct; /* parameter j's estimates over the resamples */
    idx[j].first = first[j], idx[j].total = total[j];
    PetscCall(PetscMalloc2(nb + 1, &cf, nb + 1, &ct));
    for (int b = 0; b < nb; b++) cf[b] = bf[(size_t)b * d + j], ct[b] = bt[(size_t)b * d + j];
    Interval(cf, nb, conf, &idx[j].first_lo, &idx[j].first_hi);
    Interval(ct, nb, conf, &idx[j].total_lo, &idx[j].total_hi);
    PetscCall(PetscFree2(cf, ct));
  }
  PetscCall(PetscFree5(pick, first, total, bf, bt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the analysis of a sweep */

PetscErrorCode MSSensitivityCreate(MSSensitivity *sap)
{
  MSSensitivity sa;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sa));
  sa->nboot = 1000;
  sa->bseed = 1;
  sa->conf  = 0.95;
  *sap      = sa;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSensitivitySetFromOptions(MSSensitivity sa)
{
  PetscBool set, help;

  PetscFunctionBegin;
  PetscOptionsBegin(PETSC_COMM_SELF, NULL, "migrasim-sensitivity options (docs/sensitivity.md)",
                    NULL);
  PetscCall(PetscOptionsString("-sweep", "sweep directory of a Saltelli design (required)", NULL,
                               sa->sweep, sa->sweep, sizeof(sa->sweep), NULL));
  sa->nspec = MAX_OUTPUTS;
  PetscCall(PetscOptionsStringArray(
      "-output",
      "outputs, comma-separated: ard, camps (each camp's last-day population), "
      "population:NAME, arrivals:NAME:FIRST:LAST (default: ard,camps)",
      NULL, sa->spec, &sa->nspec, &set));
  if (!set) sa->nspec = 0;
  PetscCall(PetscOptionsInt("-bootstrap", "bootstrap resamples of the base points", NULL, sa->nboot,
                            &sa->nboot, NULL));
  PetscCall(PetscOptionsReal("-confidence", "level of the confidence intervals", NULL, sa->conf,
                             &sa->conf, NULL));
  PetscCall(PetscOptionsInt("-bootstrap_seed", "seed of the resamples (GSL mt19937)", NULL,
                            sa->bseed, &sa->bseed, NULL));
  PetscCall(PetscOptionsString("-csv", "CSV table (default: SWEEP/sensitivity.csv)", NULL, sa->csv,
                               sa->csv, sizeof(sa->csv), NULL));
  PetscCall(PetscOptionsString("-h5", "HDF5 file (default: SWEEP/sensitivity.h5)", NULL, sa->h5,
                               sa->h5, sizeof(sa->h5), NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(sa->sweep[0], PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -sweep: give the sweep directory (-help lists the options)");
  PetscCheck(sa->nboot >= 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -bootstrap: must be 0 or more, not %" PetscInt_FMT, sa->nboot);
  PetscCheck(sa->conf > 0 && sa->conf < 1, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -confidence: must lie in (0, 1), not %g", (double)sa->conf);
  PetscCheck(sa->bseed >= 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -bootstrap_seed: must be 0 or more");
  if (!sa->csv[0])
    PetscCall(PetscSNPrintf(sa->csv, sizeof(sa->csv), "%s/sensitivity.csv", sa->sweep));
  if (!sa->h5[0]) PetscCall(PetscSNPrintf(sa->h5, sizeof(sa->h5), "%s/sensitivity.h5", sa->sweep));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The design's points as Saltelli's blocks: every point listed, the points of a base point
   A, AB_1..AB_d, B with AB_j equal to A but for parameter j, which is B's. */
static PetscErrorCode CheckDesign(MSSensitivity sa)
{
  MSSweepDir *sd = sa->sd;
  char     ***row; /* [npoints] each point's values (of its first member) */
  int         d = sd->np;

  PetscFunctionBegin;
  PetscCheck(d >= 1 && 2 * d <= (int)gsl_qrng_sobol->max_dimension, PETSC_COMM_SELF,
             PETSC_ERR_USER_INPUT, "%s: %d parameters: a Saltelli design has 1 to %u", sd->design,
             d, gsl_qrng_sobol->max_dimension / 2);
  sa->d = d;
  for (int i = 0; i < sd->nm; i++) sa->npoints = PetscMax(sa->npoints, sd->m[i].point + 1);
  PetscCheck(sa->npoints % (d + 2) == 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "%s: %d points are not a Saltelli design of %d parameters (N base points give N x "
             "%d; sampler: saltelli, docs/sweeps.md)",
             sd->design, sa->npoints, d, d + 2);
  sa->nbase = sa->npoints / (d + 2);
  PetscCall(PetscCalloc1(sa->npoints, &row));
  for (int i = 0; i < sd->nm; i++)
    if (!row[sd->m[i].point]) row[sd->m[i].point] = &sd->value[(size_t)i * d];
  for (int p = 0; p < sa->npoints; p++) {
    char **v = row[p], **a, **b;
    if (!v) PetscCall(PetscFree(row));
    PetscCheck(v, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s: point %d has no member", sd->design,
               p);
    if (p % (d + 2) == 0 || p % (d + 2) == d + 1) continue;
    a = row[p - p % (d + 2)];
    b = row[p - p % (d + 2) + d + 1];
    for (int j = 0; j < d; j++) {
      const char *want = j == p % (d + 2) - 1 ? b[j] : a[j];
      if (strcmp(v[j], want)) PetscCall(PetscFree(row));
      PetscCheck(!strcmp(v[j], want), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
                 "%s: point %d: %s is %s, not %s: not a Saltelli design (sampler: saltelli, "
                 "docs/sweeps.md)",
                 sd->design, p, sd->param[j], v[j], want);
    }
  }
  PetscCall(PetscFree(row));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AddOutput(MSSensitivity sa, OutKind kind, const char name[], int iloc,
                                const char loc[])
{
  Output *o = &sa->out[sa->nout++];

  PetscFunctionBegin;
  o->kind = kind, o->iloc = iloc;
  PetscCall(PetscStrncpy(o->name, name, sizeof(o->name)));
  PetscCall(PetscStrncpy(o->loc, loc, sizeof(o->loc)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The location named in an output spec, in the first member's /locations. */
static PetscErrorCode FindLocation(const MSRunFile *rf, const char spec[], const char name[],
                                   int *iloc)
{
  PetscFunctionBegin;
  for (*iloc = 0; *iloc < rf->nloc; ++*iloc)
    if (!strcmp(rf->locname[*iloc], name)) PetscFunctionReturn(PETSC_SUCCESS);
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
          "option -output: '%s': %s has no location '%s' (names as in locations.csv)", spec,
          rf->path, name);
}

/* arrivals:NAME:FIRST:LAST, the arrivals at NAME summed over days FIRST to LAST. */
static PetscErrorCode ParseArrivals(MSSensitivity sa, const char spec[], const MSRunFile *rf)
{
  char    buf[256], *c, *e = NULL, *end1 = NULL, *end2 = NULL;
  long    first = -1, last = -1;
  int     iloc;
  Output *o;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(buf, spec, sizeof(buf)));
  if ((c = strrchr(buf + 9, ':'))) {
    *c = 0;
    if ((e = strrchr(buf + 9, ':'))) {
      *e    = 0;
      first = strtol(e + 1, &end1, 10);
      last  = strtol(c + 1, &end2, 10);
    }
  }
  PetscCheck(e && end1 == c && !*end2 && c[1] && 0 <= first && first <= last && last < rf->ndays,
             PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -output: '%s': give arrivals:NAME:FIRST:LAST with days 0 <= FIRST <= LAST < "
             "%d",
             spec, rf->ndays);
  PetscCall(FindLocation(rf, spec, buf + 9, &iloc));
  PetscCall(AddOutput(sa, OUT_ARRIVALS, spec, iloc, buf + 9));
  o        = &sa->out[sa->nout - 1];
  o->first = first, o->last = last;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One spec: ard, camps, population:NAME or arrivals:NAME:FIRST:LAST. */
static PetscErrorCode ParseOutput(MSSensitivity sa, const char spec[], const MSRunFile *rf,
                                  char **type)
{
  char buf[256];
  int  iloc;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(buf, spec, sizeof(buf)));
  if (!strcmp(buf, "ard")) {
    PetscCheck(rf->has_ard && !isnan(rf->ard), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
               "option -output: ard: %s has no ARD (the scenario has no source_data/)", rf->path);
    PetscCall(AddOutput(sa, OUT_ARD, "ard", -1, ""));
  } else if (!strcmp(buf, "camps")) {
    for (int l = 0; l < rf->nloc; l++) {
      if (strcmp(type[l], "camp")) continue;
      PetscCheck(sa->nout < MAX_OUTPUTS, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
                 "option -output: more than %d outputs", MAX_OUTPUTS);
      PetscCall(PetscSNPrintf(buf, sizeof(buf), "population:%s", rf->locname[l]));
      PetscCall(AddOutput(sa, OUT_POPULATION, buf, l, rf->locname[l]));
    }
  } else if (!strncmp(buf, "population:", 11)) {
    PetscCall(FindLocation(rf, spec, buf + 11, &iloc));
    PetscCall(AddOutput(sa, OUT_POPULATION, spec, iloc, buf + 11));
  } else if (!strncmp(buf, "arrivals:", 9))
    PetscCall(ParseArrivals(sa, spec, rf));
  else
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
            "option -output: '%s' is not ard, camps, population:NAME or arrivals:NAME:FIRST:LAST",
            spec);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The outputs of -output (default: ard where the members have one, and camps), resolved with
   the first member read, rf, and its location types. */
static PetscErrorCode ParseOutputs(MSSensitivity sa, const MSRunFile *rf, char **type)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(MAX_OUTPUTS, &sa->out));
  if (sa->nspec == 0) {
    if (rf->has_ard && !isnan(rf->ard)) PetscCall(ParseOutput(sa, "ard", rf, type));
    PetscCall(ParseOutput(sa, "camps", rf, type));
  }
  for (PetscInt k = 0; k < sa->nspec; k++) {
    PetscCheck(sa->nout < MAX_OUTPUTS, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
               "option -output: more than %d outputs", MAX_OUTPUTS);
    PetscCall(ParseOutput(sa, sa->spec[k], rf, type));
  }
  PetscCheck(sa->nout > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -output: no output to analyse (the members have no camp)");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What the run reader does not read: the locations' types (when type is not NULL) and
   /daily/arrivals (when arr is not NULL, ndays x nloc). */
static PetscErrorCode ReadExtraWork(MSH5 *h, const MSRunFile *rf, char ***type, int64_t **arr)
{
  const char *name = "/daily/arrivals";
  hsize_t     dims[2];
  hid_t       d;
  int         n;

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, 0, NULL));
  if (type) {
    PetscCall(MSH5StringsRead(h, h->file, "/locations/type", &n, type));
    PetscCheck(n == rf->nloc, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: '/locations/type' has %d entries, '/locations/name' %d", h->path, n, rf->nloc);
  }
  if (!arr) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSH5DatasetOpen(h, h->file, name, 2, dims, &d));
  PetscCheck(dims[0] == (hsize_t)rf->ndays && dims[1] == (hsize_t)rf->nloc, PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED, "%s: dataset '%s' is not days x locations", h->path, name);
  PetscCall(PetscMalloc1(dims[0] * dims[1] + 1, arr));
  MSH5Call(h, name, H5Dread, (d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, *arr));
  PetscCall(MSH5Close(h, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadExtra(const MSRunFile *rf, char ***type, int64_t **arr)
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(PETSC_COMM_SELF, rf->path, " (damaged or truncated file?)", &h));
  PetscCall(MSH5End(&h, ReadExtraWork(&h, rf, type, arr)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The outputs of member i (done) added to its point's sums. */
static PetscErrorCode ReadMember(MSSensitivity sa, int i)
{
  MSSweepMember *m = &sa->sd->m[i];
  char           path[PETSC_MAX_PATH_LEN];
  MSRunFile     *rf;
  char         **type = NULL;
  int64_t       *arr  = NULL;
  PetscBool      need_arr;

  PetscFunctionBegin;
  MSSweepDirPath(sa->sd->dir, m->member, ".h5", path, sizeof(path));
  PetscCall(MSRunFileRead(PETSC_COMM_SELF, path, PETSC_FALSE, &rf));
  if (!sa->out) {
    PetscCall(ReadExtra(rf, &type, NULL));
    PetscCall(ParseOutputs(sa, rf, type));
    PetscCall(PetscStrArrayDestroy(&type));
    PetscCall(PetscCalloc1((size_t)sa->nout * sa->npoints, &sa->sum));
  }
  need_arr = PETSC_FALSE;
  for (int o = 0; o < sa->nout; o++)
    need_arr = (PetscBool)(need_arr || sa->out[o].kind == OUT_ARRIVALS);
  if (need_arr) PetscCall(ReadExtra(rf, NULL, &arr));
  for (int o = 0; o < sa->nout; o++) {
    const Output *out = &sa->out[o];
    double        v   = 0;
    PetscCheck(out->kind == OUT_ARD ||
                   (out->iloc < rf->nloc && !strcmp(rf->locname[out->iloc], out->loc)),
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: its locations are not those of the sweep's other members", path);
    if (out->kind == OUT_ARD)
      v = rf->ard;
    else if (out->kind == OUT_POPULATION)
      v = (double)rf->pop[(size_t)(rf->ndays - 1) * rf->nloc + out->iloc];
    else {
      PetscCheck(out->last < rf->ndays, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: output %s: the run has %d days", path, out->name, rf->ndays);
      for (PetscInt t = out->first; t <= out->last; t++)
        v += (double)arr[(size_t)t * rf->nloc + out->iloc];
    }
    sa->sum[(size_t)o * sa->npoints + m->point] += v;
  }
  sa->count[m->point]++;
  PetscCall(PetscFree(arr));
  PetscCall(MSRunFileDestroy(&rf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSensitivitySetUp(MSSensitivity sa)
{
  MSSweepDir *sd;

  PetscFunctionBegin;
  PetscCall(MSSweepDirRead(PETSC_COMM_SELF, sa->sweep, &sa->sd));
  sd = sa->sd;
  PetscCall(CheckDesign(sa));
  PetscCall(PetscCalloc2(sa->npoints, &sa->count, sa->nbase, &sa->used));
  for (int i = 0; i < sd->nm; i++)
    if (sd->m[i].status == MS_MEMBER_DONE) PetscCall(ReadMember(sa, i));
  for (int b = 0; b < sa->nbase; b++) {
    PetscBool all = PETSC_TRUE;
    for (int k = 0; k < sa->d + 2; k++)
      all = (PetscBool)(all && sa->count[b * (sa->d + 2) + k] > 0);
    if (all) sa->used[sa->nused++] = b;
  }
  if (sa->nused < sa->nbase)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                           "migrasim-sensitivity: warning: %s: %d of %d base points left out (a "
                           "point of theirs has no member done)\n",
                           sd->design, sa->nbase - sa->nused, sa->nbase));
  PetscCheck(sa->nused >= 2, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "%s: %d base points whose members all ran: too few for indices (2 at least)",
             sd->design, sa->nused);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSensitivityCompute(MSSensitivity sa)
{
  int     np = sa->d + 2;
  double *y;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1((size_t)sa->nused * np, &y));
  PetscCall(
      PetscMalloc3((size_t)sa->nout * sa->d, &sa->idx, sa->nout, &sa->mean, sa->nout, &sa->var));
  for (int o = 0; o < sa->nout; o++) {
    for (int b = 0; b < sa->nused; b++)
      for (int k = 0; k < np; k++) {
        int p         = sa->used[b] * np + k;
        y[b * np + k] = sa->sum[(size_t)o * sa->npoints + p] / sa->count[p];
      }
    PetscCall(MSSobolIndices(sa->nused, sa->d, y, (int)sa->nboot, sa->conf,
                             (unsigned long)sa->bseed, &sa->idx[(size_t)o * sa->d], &sa->mean[o],
                             &sa->var[o]));
  }
  PetscCall(PetscFree(y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* An index and its interval, for the table: "0.412 [0.301, 0.520]". */
static void IndexText(double v, double lo, double hi, char buf[], size_t len)
{
  if (isnan(v))
    snprintf(buf, len, "-");
  else
    snprintf(buf, len, "%6.3f [%6.3f, %6.3f]", v, lo, hi);
}

static PetscErrorCode PrintTable(MSSensitivity sa)
{
  char c[32], m[32], v[32];

  PetscFunctionBegin;
  MSFormatReal(100 * sa->conf, c, sizeof(c));
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "migrasim-sensitivity: %s: Saltelli design of %d parameters, %d of %d base "
                        "points; %" PetscInt_FMT " bootstrap resamples, %s %% intervals\n",
                        sa->sweep, sa->d, sa->nused, sa->nbase, sa->nboot, c));
  for (int o = 0; o < sa->nout; o++) {
    snprintf(m, sizeof(m), "%.6g", sa->mean[o]);
    snprintf(v, sizeof(v), "%.6g", sa->var[o]);
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "\n%s: mean %s, variance %s\n", sa->out[o].name, m, v));
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %-36s %-26s %s\n", "parameter", "first order",
                          "total order"));
    for (int j = 0; j < sa->d; j++) {
      const MSSobolIndex *x = &sa->idx[(size_t)o * sa->d + j];
      char                f[64], t[64];
      IndexText(x->first, x->first_lo, x->first_hi, f, sizeof(f));
      IndexText(x->total, x->total_lo, x->total_hi, t, sizeof(t));
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %-36s %-26s %s\n", sa->sd->param[j], f, t));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteCSV(MSSensitivity sa)
{
  FILE *f = fopen(sa->csv, "w");

  PetscFunctionBegin;
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write the table", sa->csv);
  fprintf(f, "output,parameter,first_order,first_order_low,first_order_high,total_order,"
             "total_order_low,total_order_high,output_mean,output_variance,base_points\n");
  for (int o = 0; o < sa->nout; o++)
    for (int j = 0; j < sa->d; j++) {
      const MSSobolIndex *x    = &sa->idx[(size_t)o * sa->d + j];
      const double        v[8] = {x->first,    x->first_lo, x->first_hi, x->total,
                                  x->total_lo, x->total_hi, sa->mean[o], sa->var[o]};
      fprintf(f, "%s,%s", sa->out[o].name, sa->sd->param[j]);
      for (int k = 0; k < 8; k++) {
        char b[32];
        MSFormatReal(v[k], b, sizeof(b));
        fprintf(f, ",%s", b);
      }
      fprintf(f, ",%d\n", sa->nused);
    }
  PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)",
             sa->csv);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The HDF5 file: /parameter, /output, the indices and bounds as outputs x parameters. */
static PetscErrorCode WriteH5Work(MSH5 *h, MSSensitivity sa)
{
  const char *const names[6] = {"first_order", "first_order_low", "first_order_high",
                                "total_order", "total_order_low", "total_order_high"};
  const size_t      off[6]   = {offsetof(MSSobolIndex, first),    offsetof(MSSobolIndex, first_lo),
                                offsetof(MSSobolIndex, first_hi), offsetof(MSSobolIndex, total),
                                offsetof(MSSobolIndex, total_lo), offsetof(MSSobolIndex, total_hi)};
  const char      **out;
  hsize_t           dims[2] = {(hsize_t)sa->nout, (hsize_t)sa->d};
  double           *v;
  int               nused = sa->nused, nboot = (int)sa->nboot;
  double            conf = sa->conf;

  PetscFunctionBegin;
  PetscCall(MSH5FileCreate(h));
  PetscCall(MSH5AttributeWriteString(h, h->file, "code", "migrasim-sensitivity"));
  PetscCall(MSH5AttributeWriteString(h, h->file, "code_version", MS_VERSION));
  PetscCall(MSH5AttributeWriteString(h, h->file, "sweep", sa->sweep));
  PetscCall(MSH5AttributeWrite(h, h->file, "base_points", H5T_NATIVE_INT, 1, &nused));
  PetscCall(MSH5AttributeWrite(h, h->file, "bootstrap", H5T_NATIVE_INT, 1, &nboot));
  PetscCall(MSH5AttributeWrite(h, h->file, "confidence", H5T_NATIVE_DOUBLE, 1, &conf));
  PetscCall(MSH5StringsWrite(h, h->file, "parameter", sa->d, (const char *const *)sa->sd->param,
                             PETSC_TRUE));
  PetscCall(PetscMalloc2(sa->nout, &out, (size_t)sa->nout * sa->d, &v));
  for (int o = 0; o < sa->nout; o++) out[o] = sa->out[o].name;
  PetscCall(MSH5StringsWrite(h, h->file, "output", sa->nout, out, PETSC_TRUE));
  for (int k = 0; k < 6; k++) {
    for (size_t i = 0; i < (size_t)sa->nout * sa->d; i++)
      v[i] = *(const double *)((const char *)&sa->idx[i] + off[k]);
    PetscCall(MSH5DatasetWrite(h, h->file, names[k], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, dims,
                               PETSC_TRUE, v));
  }
  PetscCall(MSH5DatasetWrite(h, h->file, "output_mean", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, dims,
                             PETSC_TRUE, sa->mean));
  PetscCall(MSH5DatasetWrite(h, h->file, "output_variance", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1,
                             dims, PETSC_TRUE, sa->var));
  PetscCall(PetscFree2(out, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSensitivityWrite(MSSensitivity sa)
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(PrintTable(sa));
  PetscCall(WriteCSV(sa));
  PetscCall(MSH5Begin(PETSC_COMM_SELF, sa->h5, " (disk full?)", &h));
  PetscCall(MSH5End(&h, WriteH5Work(&h, sa)));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "\nwrote %s and %s\n", sa->csv, sa->h5));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSensitivityDestroy(MSSensitivity *sap)
{
  MSSensitivity sa = *sap;

  PetscFunctionBegin;
  if (!sa) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt k = 0; k < sa->nspec; k++) PetscCall(PetscFree(sa->spec[k]));
  PetscCall(MSSweepDirDestroy(&sa->sd));
  PetscCall(PetscFree2(sa->count, sa->used));
  PetscCall(PetscFree(sa->out));
  PetscCall(PetscFree(sa->sum));
  PetscCall(PetscFree3(sa->idx, sa->mean, sa->var));
  PetscCall(PetscFree(*sap));
  PetscFunctionReturn(PETSC_SUCCESS);
}
