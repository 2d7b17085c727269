/* The inflow models of ms_inflow.h: a forecast member's daily total after F. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include "ms_csv.h"
#include "ms_inflow.h"
#include "ms_rng.h"
#include "ms_scenario.h"

/* Larger counts in a projection are typos (as in the scenario's series) and would overflow
   the int64 totals once scaled. */
#define MAX_COUNT 1e9

static const char *const model_names[] = {"persist", "trend", "FILE.csv", "observed", "conflict"};

struct _p_MSInflow {
  MPI_Comm      comm;
  MSInflowModel model;
  char          name[PETSC_MAX_PATH_LEN]; /* as given to MSInflowSetModel() */
  PetscInt      window;
  PetscBool     setup;
  int           F, H;
  int64_t       base;  /* T[F] */
  int           nx;    /* values in x */
  double       *x;     /* persist: [W] increments; trend: [W+1] residuals */
  int64_t      *obs;   /* observed: [H] totals of days F+1 .. F+H */
  double        slope; /* trend */
  int           ncol;  /* FILE: 1 (count) or 3 (q05, q50, q95) */
  double       *proj;  /* FILE: [H * ncol] the projection on days F+1 .. F+H, scaled */
};

PetscErrorCode MSInflowCreate(MPI_Comm comm, MSInflow *in)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(in));
  (*in)->comm   = comm;
  (*in)->model  = MS_INFLOW_PERSIST;
  (*in)->window = MS_INFLOW_WINDOW;
  PetscCall(PetscStrncpy((*in)->name, "persist", sizeof((*in)->name)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSInflowSetModel(MSInflow in, const char model[])
{
  size_t n = strlen(model);

  PetscFunctionBegin;
  in->setup = PETSC_FALSE;
  if (n > 4 && !strcmp(model + n - 4, ".csv"))
    in->model = MS_INFLOW_FILE;
  else {
    int m;
    for (m = 0; m < (int)(sizeof(model_names) / sizeof(model_names[0])); m++)
      if (m != MS_INFLOW_FILE && !strcmp(model, model_names[m])) break;
    PetscCheck(m < (int)(sizeof(model_names) / sizeof(model_names[0])), in->comm,
               PETSC_ERR_USER_INPUT,
               "option -inflow: '%.80s' is none of persist, trend, observed, conflict or a "
               "FILE.csv",
               model);
    in->model = (MSInflowModel)m;
  }
  PetscCheck(n < sizeof(in->name), in->comm, PETSC_ERR_USER_INPUT,
             "option -inflow: the file name is longer than %d characters",
             (int)sizeof(in->name) - 1);
  PetscCall(PetscStrncpy(in->name, model, sizeof(in->name)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSInflowSetWindow(MSInflow in, PetscInt window)
{
  PetscFunctionBegin;
  in->setup  = PETSC_FALSE;
  in->window = window;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSInflowSetFromOptions(MSInflow in)
{
  char      model[PETSC_MAX_PATH_LEN];
  PetscInt  window = in->window;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(model, in->name, sizeof(model)));
  PetscOptionsBegin(in->comm, NULL, "Inflow after the forecast day (MODEL.md section 10)", NULL);
  PetscCall(PetscOptionsString("-inflow", "persist, trend, observed, conflict or a FILE.csv", NULL,
                               model, model, sizeof(model), &set));
  if (set) PetscCall(MSInflowSetModel(in, model));
  PetscCall(PetscOptionsInt("-inflow_window", "days before F whose total the inflow continues",
                            NULL, window, &window, &set));
  if (set) PetscCall(MSInflowSetWindow(in, window));
  PetscOptionsEnd();
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSInflowGetWindow(MSInflow in, PetscInt *window)
{
  PetscFunctionBegin;
  *window = in->window;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSInflowGetModel(MSInflow in, MSInflowModel *model, const char **name)
{
  PetscFunctionBegin;
  if (model) *model = in->model;
  if (name) *name = in->name;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ the window */

/* The window's increments (persist) or its residuals about the fitted line (trend). */
static PetscErrorCode SetUpWindow(MSInflow in, const int64_t total[])
{
  int     W = (int)in->window, F = in->F;
  double *t, *v, c0, c1, cov00, cov01, cov11, sumsq;

  PetscFunctionBegin;
  PetscCheck(in->window >= MS_INFLOW_BLOCK, in->comm, PETSC_ERR_USER_INPUT,
             "option -inflow_window: %" PetscInt_FMT
             " days; at least %d (the bootstrap draws blocks of %d days)",
             in->window, MS_INFLOW_BLOCK, MS_INFLOW_BLOCK);
  PetscCheck(in->window <= F, in->comm, PETSC_ERR_USER_INPUT,
             "option -inflow_window: %" PetscInt_FMT
             " days reach back beyond day 0 (the forecast day F is day %d; at most %d)",
             in->window, F, F);
  if (in->model == MS_INFLOW_PERSIST) {
    in->nx = W;
    PetscCall(PetscMalloc1(W, &in->x));
    for (int k = 0; k < W; k++) in->x[k] = (double)(total[F - W + k + 1] - total[F - W + k]);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  in->nx = W + 1;
  PetscCall(PetscMalloc1(W + 1, &in->x));
  PetscCall(PetscMalloc2(W + 1, &t, W + 1, &v));
  for (int k = 0; k <= W; k++) {
    t[k] = (double)(k - W);
    v[k] = (double)total[F - W + k];
  }
  PetscCheck(!gsl_fit_linear(t, 1, v, 1, (size_t)W + 1, &c0, &c1, &cov00, &cov01, &cov11, &sumsq),
             in->comm, PETSC_ERR_LIB, "gsl_fit_linear failed on the inflow window");
  for (int k = 0; k <= W; k++) in->x[k] = v[k] - (c0 + c1 * t[k]);
  in->slope = c1;
  PetscCall(PetscFree2(t, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* draw[h-1] for h = 1..H: x in blocks of MS_INFLOW_BLOCK consecutive values, one block per
   week of forecast days, its start keyed on the week's first day (ms_inflow.h). */
static void Bootstrap(const MSInflow in, uint64_t seed, PetscInt member, double draw[])
{
  int nstart = in->nx - MS_INFLOW_BLOCK + 1, s = 0;

  for (int h = 1; h <= in->H; h++) {
    int i = (h - 1) % MS_INFLOW_BLOCK;
    if (!i) {
      philox4x32_ctr_t r =
          MSRngDraw(seed, (uint64_t)member, (uint32_t)(in->F + h), 0, MS_RNG_INFLOW);
      s = (int)(MSRngU01(r.v[0]) * nstart); /* u < 1, so s < nstart */
    }
    draw[h - 1] = in->x[s + i];
  }
}

/* ------------------------------------------------------------------ a projection file */

#define FileError(in, csv, field, ...) MSCsvError((in)->comm, csv, field, __VA_ARGS__)

static PetscErrorCode ParseCount(MSInflow in, MSCsv *csv, const char field[], const char s[],
                                 double *v)
{
  char *end;

  PetscFunctionBegin;
  if (!*s) FileError(in, csv, field, "empty; a number is required");
  errno = 0;
  *v    = strtod(s, &end);
  if (end == s || *end || strpbrk(s, "xX") || !isfinite(*v))
    FileError(in, csv, field, "'%.60s' is not a finite number", s);
  if (*v < 0) FileError(in, csv, field, "%.60s is negative", s);
  if (*v > MAX_COUNT) FileError(in, csv, field, "%.60s is larger than %g", s, MAX_COUNT);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fields of the record up to its last non-empty one. */
static int UsedFields(const MSCsv *csv)
{
  int n = csv->nfields;
  while (n > 0 && !csv->field[n - 1][0]) n--;
  return n;
}

/* One data line: its day (since day 0) and its 1 or 3 values, checked. The first line fixes
   the layout; a first line that is no date and does not start like one is a header. */
static PetscErrorCode ReadPoint(MSInflow in, MSCsv *csv, int64_t start_day, int npts, int *day,
                                double v[3], PetscBool *header)
{
  static const char *const qname[] = {"q05", "q50", "q95"};
  int64_t                  d;
  int                      nf = UsedFields(csv);

  PetscFunctionBegin;
  *header = PETSC_FALSE;
  if (MSDateParse(csv->field[0], &d)) {
    if (!npts && !(csv->field[0][0] >= '0' && csv->field[0][0] <= '9')) {
      *header = PETSC_TRUE;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    FileError(in, csv, "date", "bad date '%.60s' (expected YYYY-MM-DD)", csv->field[0]);
  }
  if (!in->ncol) {
    if (nf != 2 && nf != 4)
      FileError(in, csv, "date", "%d fields; expected date,count or date,q05,q50,q95", nf);
    in->ncol = nf - 1;
  }
  if (nf != in->ncol + 1)
    FileError(in, csv, in->ncol == 1 ? "count" : "q95",
              "%d fields, where the file's first line has %d", nf, in->ncol + 1);
  d -= start_day;
  PetscCheck(d > -1000000000 && d < 1000000000, in->comm, MS_ERR_INPUT,
             "%s:%d: field 'date': %s is too far from the start date", csv->path, csv->line,
             csv->field[0]);
  *day = (int)d;
  for (int j = 0; j < in->ncol; j++)
    PetscCall(ParseCount(in, csv, in->ncol == 1 ? "count" : qname[j], csv->field[j + 1], &v[j]));
  for (int j = 1; j < in->ncol; j++)
    if (v[j - 1] > v[j])
      FileError(in, csv, qname[j],
                "%.60s is below %s (%.60s); the quantiles must be q05 <= q50 <= q95",
                csv->field[j + 1], qname[j - 1], csv->field[j]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The points of a projection file, by day since day 0. */
typedef struct {
  int     n, cap;
  int    *day;
  double *val; /* [3 * cap] */
} Points;

static PetscErrorCode ReadPoints(MSInflow in, MSCsv *csv, int64_t start_day, Points *p)
{
  PetscBool eof, header;
  int       prev_line = 0;
  char      first[11];

  PetscFunctionBegin;
  for (;;) {
    int    d = 0;
    double v[3];

    PetscCall(MSCsvNext(in->comm, csv, &eof));
    if (eof) break;
    if (csv->comment || !csv->field[0][0]) continue;
    PetscCall(ReadPoint(in, csv, start_day, p->n, &d, v, &header));
    if (header) continue;
    if (p->n && d <= p->day[p->n - 1])
      FileError(in, csv, "date", "%s is not after line %d's date (dates must increase)",
                csv->field[0], prev_line);
    if (p->n == p->cap) {
      p->cap = p->cap ? 2 * p->cap : 64;
      PetscCall(PetscRealloc(sizeof(int) * (size_t)p->cap, &p->day));
      PetscCall(PetscRealloc(sizeof(double) * 3 * (size_t)p->cap, &p->val));
    }
    p->day[p->n] = d;
    for (int j = 0; j < in->ncol; j++) p->val[3 * p->n + j] = v[j];
    prev_line = csv->line;
    p->n++;
  }
  PetscCheck(p->n, in->comm, MS_ERR_INPUT, "%s:1: field 'date': the file has no data lines",
             csv->path);
  MSDateFormat(start_day + p->day[0], first);
  PetscCheck(p->day[0] <= in->F + 1, in->comm, MS_ERR_INPUT,
             "%s:0: field 'date': the projection starts on %s (day %d), after the first forecast "
             "day (day %d): it must cover day F+1",
             csv->path, first, p->day[0], in->F + 1);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Read the file, then interpolate its points to days F+1 .. F+H into in->proj. */
static PetscErrorCode SetUpFile(MSInflow in, int64_t start_day, double scale)
{
  MSCsv         *csv;
  Points         p = {0, 0, NULL, NULL};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  in->ncol = 0;
  PetscCall(MSCsvOpen(in->comm, in->name, PETSC_FALSE, &csv));
  ierr = ReadPoints(in, csv, start_day, &p);
  /* the error path frees too: a forecast driver may report the error and go on */
  PetscCall(MSCsvClose(&csv));
  if (ierr) {
    PetscCall(PetscFree(p.day));
    PetscCall(PetscFree(p.val));
  }
  PetscCall(ierr);
  PetscCall(PetscMalloc1((size_t)in->H * in->ncol, &in->proj));
  for (int h = 1, k = 0; h <= in->H; h++) {
    int t = in->F + h;
    while (k + 1 < p.n && p.day[k + 1] <= t) k++;
    for (int j = 0; j < in->ncol; j++) {
      double a = p.val[3 * k + j];
      /* in the scenario's order of operations: a whole result comes out whole */
      if (k + 1 < p.n)
        a += (p.val[3 * (k + 1) + j] - a) * (double)(t - p.day[k]) /
             (double)(p.day[k + 1] - p.day[k]);
      in->proj[(h - 1) * in->ncol + j] = a * scale;
    }
  }
  PetscCall(PetscFree(p.day));
  PetscCall(PetscFree(p.val));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ set up and paths */

PetscErrorCode MSInflowSetUp(MSInflow in, int64_t start_day, double scale, int F, int H, int nobs,
                             const int64_t total[])
{
  PetscFunctionBegin;
  PetscCall(PetscFree(in->x));
  PetscCall(PetscFree(in->obs));
  PetscCall(PetscFree(in->proj));
  in->setup = PETSC_FALSE;
  PetscCheck(H >= 1, in->comm, PETSC_ERR_USER_INPUT, "option -horizon: %d days; at least 1", H);
  PetscCheck(F >= 0 && nobs >= F + 1, in->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "the forecast day %d needs the observed totals of days 0..%d (%d given)", F, F, nobs);
  in->F    = F;
  in->H    = H;
  in->base = total[F];
  switch (in->model) {
  case MS_INFLOW_PERSIST:
  case MS_INFLOW_TREND: PetscCall(SetUpWindow(in, total)); break;
  case MS_INFLOW_FILE: PetscCall(SetUpFile(in, start_day, scale)); break;
  case MS_INFLOW_OBSERVED: {
    char last[11], need[11];
    MSDateFormat(start_day + nobs - 1, last);
    MSDateFormat(start_day + F + H, need);
    PetscCheck(nobs >= F + H + 1, in->comm, PETSC_ERR_USER_INPUT,
               "option -inflow observed: the observations end on %s (day %d), before the "
               "horizon's last day %s (day %d); observed inflow is for backtests",
               last, nobs - 1, need, F + H);
    PetscCall(PetscMalloc1(H, &in->obs));
    PetscCall(PetscArraycpy(in->obs, total + F + 1, H));
  } break;
  case MS_INFLOW_CONFLICT: break;
  }
  in->setup = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static int64_t Whole(double v, PetscBool nearest)
{
  v = nearest ? round(v) : floor(v);
  return v > 0 ? (int64_t)v : 0;
}

PetscErrorCode MSInflowPath(MSInflow in, uint64_t seed, PetscInt member, int64_t path[])
{
  double *draw, z95 = gsl_cdf_ugaussian_Pinv(0.95), z;
  double  sum = 0;

  PetscFunctionBegin;
  PetscCheck(in->setup, in->comm, PETSC_ERR_ORDER, "MSInflowSetUp() must come first");
  PetscCheck(in->model != MS_INFLOW_CONFLICT, in->comm, PETSC_ERR_ARG_WRONGSTATE,
             "conflict inflow has no total path: the caller spawns conflict-driven after F");
  PetscCall(PetscMalloc1(in->H, &draw));
  switch (in->model) {
  case MS_INFLOW_PERSIST:
    Bootstrap(in, seed, member, draw);
    for (int h = 0; h < in->H; h++) {
      sum += draw[h];
      path[h] = Whole((double)in->base + sum, PETSC_FALSE);
    }
    break;
  case MS_INFLOW_TREND:
    Bootstrap(in, seed, member, draw);
    for (int h = 1; h <= in->H; h++) {
      double fade = PetscMin(h, MS_INFLOW_BLOCK) / (double)MS_INFLOW_BLOCK;
      path[h - 1] = Whole((double)in->base + in->slope * h + fade * draw[h - 1], PETSC_TRUE);
    }
    break;
  case MS_INFLOW_FILE:
    z = gsl_cdf_ugaussian_Pinv(
        MSRngU01(MSRngDraw(seed, (uint64_t)member, 0, 1, MS_RNG_INFLOW).v[0]));
    for (int h = 0; h < in->H; h++) {
      const double *q = &in->proj[h * in->ncol];
      if (in->ncol == 1)
        path[h] = Whole(q[0], PETSC_FALSE);
      else
        path[h] = Whole(q[1] + z / z95 * (z < 0 ? q[1] - q[0] : q[2] - q[1]), PETSC_FALSE);
    }
    break;
  case MS_INFLOW_OBSERVED: PetscCall(PetscArraycpy(path, in->obs, in->H)); break;
  case MS_INFLOW_CONFLICT: break;
  }
  PetscCall(PetscFree(draw));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSInflowDestroy(MSInflow *in)
{
  PetscFunctionBegin;
  if (!*in) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree((*in)->x));
  PetscCall(PetscFree((*in)->obs));
  PetscCall(PetscFree((*in)->proj));
  PetscCall(PetscFree(*in));
  PetscFunctionReturn(PETSC_SUCCESS);
}
