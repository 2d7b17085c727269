/* A forecast dressed with a backtest's residuals (-dress FILE; docs/forecast.md, "Dressing a
   forecast"): the file is DIR/residuals.csv of `migrasim-forecast -backtest -backtest_dir DIR`
   (backtest.c), one row a scored entry. Every rank reads it alike, so that a bad file is the
   same one-line error everywhere; world rank 0 dresses the baseline's members with it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forecast_impl.h"
#include "ms_csv.h"
#include "ms_scores.h"
#include "ms_scenario.h"

/* The columns of residuals.csv, as backtest.c writes them. */
enum { C_INFLOW = 0, C_ASSIM, C_T, C_H, C_CAMP, C_Y, C_MEDIAN, C_R, NCOLS };
static const char *const col_name[NCOLS] = {"inflow", "assimilate", "cut_day", "horizon",
                                            "camp",   "observed",   "median",  "residual"};

#define DressError(fc, csv, field, ...) MSCsvError((fc)->comm, csv, field, __VA_ARGS__)

/* FNV-1a of the file's bytes, for the output's attributes (which file dressed it). */
static PetscErrorCode FileHash(MSForecast fc, uint64_t *hash)
{
  FILE  *f = fopen(fc->dress, "rb");
  char   buf[65536];
  size_t n;

  PetscFunctionBegin;
  PetscCheck(f, fc->comm, MS_ERR_INPUT, "%s:0: field '-': cannot open: %s", fc->dress,
             strerror(errno));
  *hash = MS_HASH_START;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) *hash = MSHash(*hash, buf, n);
  fclose(f);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The first line: "# ...,scenario_hash,HEX,scenario,DIR", of this forecast's scenario. */
static PetscErrorCode CheckHead(MSForecast fc, MSCsv *csv)
{
  PetscBool eof;
  int       k = 0;
  uint64_t  hash;
  char     *end;

  PetscFunctionBegin;
  PetscCall(MSCsvNext(fc->comm, csv, &eof));
  if (!eof && csv->comment)
    for (k = 0; k + 1 < csv->nfields && strcmp(csv->field[k], "scenario_hash"); k++) {}
  if (eof || !csv->comment || k + 1 >= csv->nfields)
    DressError(fc, csv, "scenario_hash",
               "missing: not the residuals.csv of a backtest (migrasim-forecast -backtest)");
  errno = 0;
  hash  = strtoull(csv->field[k + 1], &end, 16);
  if (errno || end == csv->field[k + 1] || *end)
    DressError(fc, csv, "scenario_hash", "'%.40s' is not a hash", csv->field[k + 1]);
  if (hash != fc->scn_hash)
    DressError(fc, csv, "scenario_hash",
               "the residuals are of another scenario (%s), or of other files of it, than "
               "-scenario %s",
               k + 3 < csv->nfields ? csv->field[k + 3] : "?", fc->scenario_dir);
  PetscCall(MSCsvNext(fc->comm, csv, &eof));
  for (int c = 0; c < NCOLS; c++)
    if (eof || csv->nfields != NCOLS || !MSCsvHeaderIs(csv->field[c], col_name[c]))
      DressError(fc, csv, col_name[c], "the header must be %s,%s,%s,%s,%s,%s,%s,%s", col_name[0],
                 col_name[1], col_name[2], col_name[3], col_name[4], col_name[5], col_name[6],
                 col_name[7]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Number(MSForecast fc, MSCsv *csv, int c, double *v)
{
  const char *s = csv->field[c];
  char       *end;

  PetscFunctionBegin;
  errno = 0;
  *v    = strtod(s, &end);
  if (!*s || end == s || *end || !isfinite(*v))
    DressError(fc, csv, col_name[c], "'%.60s' is not a finite number", s);
  if ((c == C_T && (*v < 0 || *v != floor(*v) || *v > 1e6)) ||
      (c == C_H && (*v < 1 || *v != floor(*v) || *v > 1e6)))
    DressError(fc, csv, col_name[c], "'%.60s' is not a day (a whole number%s)", s,
               c == C_H ? ", 1 or more" : ", 0 or more");
  if ((c == C_Y || c == C_MEDIAN) && *v < 0)
    DressError(fc, csv, col_name[c], "%.60s is negative (a count of people)", s);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Horizon h's index among dress_h[] (kept ascending), added when new. */
static PetscErrorCode HorizonIndex(MSForecast fc, MSCsv *csv, int h, int *i)
{
  PetscFunctionBegin;
  for (*i = 0; *i < fc->dress_nh && fc->dress_h[*i] < h; (*i)++) {}
  if (*i < fc->dress_nh && fc->dress_h[*i] == h) PetscFunctionReturn(PETSC_SUCCESS);
  if (fc->dress_nh == MS_FORECAST_MAX_DRESS_H)
    DressError(fc, csv, "horizon", "more than %d distinct horizons", MS_FORECAST_MAX_DRESS_H);
  for (int j = fc->dress_nh; j > *i; j--) fc->dress_h[j] = fc->dress_h[j - 1];
  fc->dress_h[*i] = h, fc->dress_nh++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The rows: those of the arm (inflow, assim) observed by F into r[], their horizons' indices
   into ih[] (first pass: counted only, r NULL), *narm the arm's rows. */
static PetscErrorCode Rows(MSForecast fc, MSCsv *csv, const char inflow[], const char assim[],
                           double *r, int *ih, int *n, int *narm)
{
  PetscBool eof;

  PetscFunctionBegin;
  *n = *narm = 0;
  for (;;) {
    double v[NCOLS];
    PetscCall(MSCsvNext(fc->comm, csv, &eof));
    if (eof) break;
    if (csv->comment) continue;
    if (csv->nfields != NCOLS)
      DressError(fc, csv, "-", "%d fields, not the %d of the header", csv->nfields, NCOLS);
    if (!csv->field[C_INFLOW][0] || !csv->field[C_ASSIM][0] || !csv->field[C_CAMP][0])
      DressError(fc, csv,
                 !csv->field[C_INFLOW][0]  ? "inflow"
                 : !csv->field[C_ASSIM][0] ? "assimilate"
                                           : "camp",
                 "empty");
    for (int c = C_T; c < NCOLS; c++)
      if (c != C_CAMP) PetscCall(Number(fc, csv, c, &v[c]));
    if (strcmp(csv->field[C_INFLOW], inflow) || strcmp(csv->field[C_ASSIM], assim)) continue;
    (*narm)++;
    if (v[C_T] + v[C_H] > fc->F) continue; /* not yet observed on the forecast day */
    if (r) {
      int i;
      PetscCall(HorizonIndex(fc, csv, (int)v[C_H], &i));
      r[*n] = v[C_R], ih[*n] = (int)v[C_H];
    }
    (*n)++;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadFile(MSForecast fc, const char inflow[], const char assim[])
{
  MSCsv  *csv;
  int     n, narm, *hs;
  double *r;

  PetscFunctionBegin;
  PetscCall(MSCsvOpen(fc->comm, fc->dress, PETSC_FALSE, &csv));
  PetscCall(CheckHead(fc, csv));
  PetscCall(Rows(fc, csv, inflow, assim, NULL, NULL, &n, &narm));
  PetscCall(MSCsvClose(&csv));
  PetscCheck(narm > 0, fc->comm, MS_ERR_INPUT,
             "%s:0: field 'inflow': no residuals of inflow %s with assimilation %s (give the "
             "forecast the -inflow and -assimilate of one of the backtest's arms)",
             fc->dress, inflow, assim);
  PetscCheck(n > 0, fc->comm, MS_ERR_INPUT,
             "%s:0: field 'cut_day': none of the %d residuals of inflow %s with assimilation %s "
             "is observed by the forecast day (day %d): cut_day + horizon must be %d or less",
             fc->dress, narm, inflow, assim, fc->F, fc->F);
  /* second pass: the residuals, grouped by horizon in the file's order */
  PetscCall(PetscMalloc2(n, &r, n, &hs));
  PetscCall(MSCsvOpen(fc->comm, fc->dress, PETSC_FALSE, &csv));
  PetscCall(CheckHead(fc, csv));
  PetscCall(Rows(fc, csv, inflow, assim, r, hs, &n, &narm));
  PetscCall(MSCsvClose(&csv));
  PetscCall(PetscMalloc1(n, &fc->dress_r));
  fc->dress_off[0] = 0;
  for (int i = 0, k = 0; i < fc->dress_nh; i++) {
    for (int j = 0; j < n; j++)
      if (hs[j] == fc->dress_h[i]) fc->dress_r[k++] = r[j];
    fc->dress_off[i + 1] = k;
  }
  PetscCall(PetscFree2(r, hs));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastDressLoad(MSForecast fc)
{
  const char *inflow;
  const char *assim = fc->assimilate == MS_FORECAST_ASSIMILATE_NONE      ? "none"
                      : fc->assimilate == MS_FORECAST_ASSIMILATE_TRANSIT ? "transit"
                                                                         : "observed";

  PetscFunctionBegin;
  if (!fc->dress[0]) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSInflowGetModel(fc->inflow, NULL, &inflow));
  PetscCall(FileHash(fc, &fc->dress_hash));
  fc->dress_nh = 0;
  PetscCall(ReadFile(fc, inflow, assim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The backtest horizon whose residuals dress day F + j: the smallest >= j, else the largest. */
static int Nearest(MSForecast fc, int j)
{
  for (int i = 0; i < fc->dress_nh; i++)
    if (fc->dress_h[i] >= j) return i;
  return fc->dress_nh - 1;
}

PetscErrorCode MSForecastDressBands(MSForecast fc)
{
  MSForecastResult *r  = &fc->r;
  int               nm = fc->nmembers, nrmax = 0;
  size_t            n = (size_t)fc->ndest * fc->ndays * MS_FORECAST_NQ;
  double           *x, *out;

  PetscFunctionBegin;
  if (!fc->dress[0]) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscStrallocpy(fc->dress, &r->dress_file));
  r->dress_hash = fc->dress_hash, r->dress_nh = fc->dress_nh;
  PetscCall(PetscMalloc1(fc->dress_nh, &r->dress_horizon));
  PetscCall(PetscMalloc1(fc->dress_nh, &r->dress_count));
  for (int i = 0; i < fc->dress_nh; i++) {
    r->dress_horizon[i] = fc->dress_h[i];
    r->dress_count[i]   = fc->dress_off[i + 1] - fc->dress_off[i];
    nrmax               = PetscMax(nrmax, r->dress_count[i]);
  }
  PetscCall(PetscMalloc1(n, &r->dressed_q));
  for (size_t i = 0; i < n; i++) r->dressed_q[i] = NAN;
  PetscCall(PetscMalloc2(nm, &x, (size_t)nm * nrmax, &out));
  /* camps only: the residuals are single camps' errors, which a region's sum partly cancels */
  for (int d = 0; d < fc->ndest; d++) {
    if (fc->dkind[d] != MS_DEST_CAMP) continue;
    for (int k = fc->F + 1 - fc->first_day; k < fc->ndays; k++) {
      int i = Nearest(fc, fc->first_day + k - fc->F), nr = r->dress_count[i];
      for (int m = 0; m < nm; m++)
        x[m] = fc->occ[(((size_t)m * fc->nruns) * fc->ndest + d) * fc->ndays + k];
      MSScoresDress(nm, x, nr, fc->dress_r + fc->dress_off[i], out);
      PetscCall(MSScoresQuantiles(nm * nr, out, MS_FORECAST_NQ, MSForecastQuantiles,
                                  r->dressed_q + MSForecastIndex(r, d, k, 0)));
    }
  }
  PetscCall(PetscFree2(x, out));
  PetscFunctionReturn(PETSC_SUCCESS);
}
