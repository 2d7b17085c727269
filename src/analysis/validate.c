/* migrasim-validate's work: metrics of run outputs against the observed series (ms_validate.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include "ms_errors.h"
#include "ms_format.h"
#include "ms_h5.h"
#include "ms_spawn.h"
#include "ms_sweepdir.h"
#include "ms_validate.h"

#define MAX_SCENARIOS 16 /* directories kept loaded; a sweep normally has one */

struct _p_MSValidate {
  char        scenario[PETSC_MAX_PATH_LEN]; /* override of each file's attribute; "" for none */
  int         nscn;
  char       *scn_dir[MAX_SCENARIOS];
  PetscInt    hasten[MAX_SCENARIOS]; /* each directory is kept as each hasten reads it */
  MSScenario *scn[MAX_SCENARIOS];
  uint64_t    hash[MAX_SCENARIOS];   /* of its files, before hastening */
  PetscBool   warned[MAX_SCENARIOS]; /* the scenario's warnings were printed */
};

/* What the validation of one file holds; everything is released by ReaderClose(). */
typedef struct {
  MSRunFile     *rf;
  MSSettings     s;
  MSMetricsTable m;
  double        *ard_day, *ardu_day, *relerr; /* [ndays], [ndays], [ndays * ncamps] */
  MSMetricsCamp *camps;
} Reader;

PetscErrorCode MSValidateCreate(MSValidate *v)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateSetScenario(MSValidate v, const char dir[])
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(v->scenario, dir ? dir : "", sizeof(v->scenario)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateDestroy(MSValidate *v)
{
  PetscFunctionBegin;
  if (!*v) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0; i < (*v)->nscn; i++) {
    PetscCall(MSScenarioDestroy(&(*v)->scn[i]));
    PetscCall(PetscFree((*v)->scn_dir[i]));
  }
  PetscCall(PetscFree(*v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateTable(MPI_Comm comm, const MSRunFile *rf, const MSScenario *scn,
                               const MSSettings *s, MSMetricsTable *m)
{
  int *col;

  PetscFunctionBegin;
  PetscCheck(rf->pop, comm, PETSC_ERR_ARG_WRONG, "%s: /daily/population was not read", rf->path);
  PetscCheck(scn->has_source_data, comm, PETSC_ERR_USER_INPUT,
             "%s/source_data/data_layout.csv: field '-': the scenario has no observed data to "
             "compare %s with",
             scn->dir, rf->path);
  PetscCall(PetscMemzero(m, sizeof(*m)));
  m->ndays = rf->ndays;
  PetscCall(PetscMalloc1(scn->ncamps + 1, &m->series));
  PetscCall(PetscMalloc1(scn->ncamps + 1, &col));
  for (int c = 0; c < scn->ncamps; c++) {
    const char *name = scn->camp[c].loc >= 0 ? scn->loc[scn->camp[c].loc].name : NULL;
    if (!name) continue;
    col[m->ncamps] = -1;
    for (int l = 0; l < rf->nloc; l++)
      if (!strcmp(rf->locname[l], name)) col[m->ncamps] = l;
    if (col[m->ncamps] < 0) {
      PetscCall(PetscFree(col));
      SETERRQ(comm, PETSC_ERR_FILE_UNEXPECTED,
              "%s: field '/locations/name': camp '%s' of %s/source_data/data_layout.csv is not a "
              "location of this run",
              rf->path, name, scn->dir);
    }
    m->series[m->ncamps++] = c;
  }
  PetscCall(PetscCalloc2((size_t)m->ndays * m->ncamps + 1, &m->sim,
                         (size_t)m->ndays * m->ncamps + 1, &m->obs));
  for (int t = 0; t < m->ndays; t++)
    for (int c = 0; c < m->ncamps; c++) {
      m->sim[(size_t)t * m->ncamps + c] = rf->pop[(size_t)t * rf->nloc + col[c]];
      m->obs[(size_t)t * m->ncamps + c] = MSSpawnObserved(scn, s, &scn->camp[m->series[c]], t);
    }
  PetscCall(PetscFree(col));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateTableFree(MSMetricsTable *m)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(m->series));
  PetscCall(PetscFree2(m->sim, m->obs));
  m->ncamps = m->ndays = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ reading */

/* The run's output, its settings and its provenance (for the table and the check against the
   run's own ARD). */
static PetscErrorCode ReadRun(const char path[], Reader *r, MSValidateResult *res)
{
  const MSRunFile *rf;
  int              nmissing;
  PetscBool        has_scale = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(MSRunFileRead(PETSC_COMM_SELF, path, PETSC_FALSE, &r->rf));
  rf = r->rf;
  PetscCall(MSRunFileSettings(PETSC_COMM_SELF, rf, &r->s, &nmissing));
  for (int i = 0; i < rf->nsettings; i++)
    if (!strcmp(rf->setting[i], "population_scale")) has_scale = PETSC_TRUE;
  if (nmissing)
    PetscCall(PetscFPrintf(
        PETSC_COMM_SELF, PETSC_STDERR,
        "migrasim-validate: warning: %s: %d settings are not recorded in the file (an older "
        "migrasim?); their defaults are used%s\n",
        path, nmissing, has_scale ? "" : ", population_scale 1 among them"));
  res->member = rf->member, res->point = rf->point, res->replicate = rf->replicate;
  res->seed        = rf->seed;
  res->has_run_ard = rf->has_ard, res->run_ard = rf->ard;
  res->complete = (PetscBool)(isnan(rf->complete) || rf->complete == 1.0);
  if (rf->days >= 0 && rf->days != rf->ndays) {
    res->complete = PETSC_FALSE;
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                           "migrasim-validate: warning: %s: holds %d of the run's %d days "
                           "(stopped early?); the metrics cover those %d\n",
                           path, rf->ndays, rf->days, rf->ndays));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The scenario of directory dir as a run with settings s read it, loaded once. */
static PetscErrorCode GetScenario(MSValidate v, const char path[], const char dir[],
                                  PetscBool from_attr, const MSSettings *s, int *idx)
{
  struct stat st;

  PetscFunctionBegin;
  for (int i = 0; i < v->nscn; i++)
    if (!strcmp(v->scn_dir[i], dir) && v->hasten[i] == s->hasten) {
      *idx = i;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  PetscCheck(stat(dir, &st) == 0 && S_ISDIR(st.st_mode), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "%s: scenario directory '%s'%s not found%s", path, dir,
             from_attr ? " (the file's attribute 'scenario')" : "",
             from_attr ? "; give -scenario DIR" : "");
  if (v->nscn == MAX_SCENARIOS) {
    PetscCall(MSScenarioDestroy(&v->scn[0]));
    PetscCall(PetscFree(v->scn_dir[0]));
    for (int i = 1; i < v->nscn; i++)
      v->scn[i - 1] = v->scn[i], v->scn_dir[i - 1] = v->scn_dir[i], v->warned[i - 1] = v->warned[i],
                 v->hasten[i - 1] = v->hasten[i], v->hash[i - 1] = v->hash[i];
    v->nscn--;
  }
  PetscCall(MSSpawnLoadScenario(PETSC_COMM_SELF, dir, s, &v->scn[v->nscn], &v->hash[v->nscn]));
  v->hasten[v->nscn] = s->hasten;
  PetscCall(PetscStrallocpy(dir, &v->scn_dir[v->nscn]));
  v->warned[v->nscn] = PETSC_FALSE;
  *idx               = v->nscn++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The run's scenario (-scenario, else its attribute) as its settings s read it, checked
   against its locations. */
static PetscErrorCode RunScenario(MSValidate v, const MSRunFile *rf, const MSSettings *s,
                                  const MSScenario **scnp, char scndir[], size_t len)
{
  const char       *path      = rf->path;
  PetscBool         from_attr = (PetscBool)!v->scenario[0];
  const MSScenario *scn;
  int               iscn = 0;

  PetscFunctionBegin;
  PetscCheck(!from_attr || rf->scenario, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no attribute 'scenario' on /; give -scenario DIR", path);
  PetscCall(PetscStrncpy(scndir, from_attr ? rf->scenario : v->scenario, len));
  PetscCall(GetScenario(v, path, scndir, from_attr, s, &iscn));
  scn = v->scn[iscn];
  PetscCheck(scn->nloc == rf->nloc, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "%s: the run has %d locations but scenario '%s' has %d (another scenario?%s)", path,
             rf->nloc, scndir, scn->nloc, from_attr ? "" : " check -scenario");
  for (int i = 0; i < scn->nloc; i++)
    PetscCheck(!strcmp(scn->loc[i].name, rf->locname[i]), PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
               "%s: location %d is '%s' in the run but '%s' in scenario '%s' (another scenario?)",
               path, i, rf->locname[i], scn->loc[i].name, scndir);
  PetscCheck(
      scn->has_source_data, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
      "%s: scenario '%s' has no source_data/data_layout.csv: there is nothing to validate against",
      path, scndir);
  /* the scenario's own warnings (a camp missing from locations.csv, ...), once it is the run's */
  if (!v->warned[iscn])
    for (int w = 0; w < scn->nwarnings; w++)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "migrasim-validate: warning: %s\n",
                             scn->warnings[w]));
  v->warned[iscn] = PETSC_TRUE;
  if (rf->has_scenario_hash && rf->scenario_hash != v->hash[iscn])
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                           "migrasim-validate: warning: %s: scenario '%s' differs from the one "
                           "the run read (edited since?); its current observed series are used\n",
                           path, scndir));
  *scnp = scn;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ writing /validation */

/* The group /validation (replacing an earlier one): the figures of every camp and day. */
static PetscErrorCode WriteGroup(MSH5 *h, const Reader *r, const MSScenario *scn,
                                 const char scenario_dir[], const MSMetricsSummary *sum)
{
  const MSMetricsTable *m = &r->m;
  int       nc = m->ncamps, nd = m->ndays, version = MS_METRICS_VERSION, lag = MS_METRICS_MASE_LAG;
  hsize_t   dc = (hsize_t)nc, dd = (hsize_t)nd, d2[2] = {(hsize_t)nd, (hsize_t)nc};
  hid_t     g;
  PetscBool found;
  const char **camp;
  double      *col;
  int         *ic;
  struct {
    const char *name;
    size_t      off;
  } dcol[] = {
      {"/validation/ard", offsetof(MSMetricsCamp, ard)},
      {"/validation/ard_unrescaled", offsetof(MSMetricsCamp, ard_unrescaled)},
      {"/validation/rel_error_mean", offsetof(MSMetricsCamp, rel_error_mean)},
      {"/validation/rel_error_last", offsetof(MSMetricsCamp, rel_error_last)},
      {"/validation/mase", offsetof(MSMetricsCamp, mase)},
  };
  struct {
    const char *name;
    hid_t       type;
    const void *v;
  } attr[] = {
      {"ard", H5T_NATIVE_DOUBLE, &sum->ard},
      {"ard_unrescaled", H5T_NATIVE_DOUBLE, &sum->ard_unrescaled},
      {"rel_error_mean", H5T_NATIVE_DOUBLE, &sum->rel_error_mean},
      {"rel_error_last", H5T_NATIVE_DOUBLE, &sum->rel_error_last},
      {"mase", H5T_NATIVE_DOUBLE, &sum->mase},
      {"metrics_version", H5T_NATIVE_INT, &version},
      {"mase_lag", H5T_NATIVE_INT, &lag},
      {"days", H5T_NATIVE_INT, &nd},
  };

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, MSH5_RDWR, NULL));
  PetscCall(MSH5Exists(h, h->file, "validation", &found));
  if (found) MSH5Call(h, "/validation", H5Ldelete, (h->file, "validation", H5P_DEFAULT));
  PetscCall(MSH5GroupCreate(h, h->file, "/validation", &g));
  PetscCall(PetscMalloc3(nc + 1, &camp, nc + 1, &col, nc + 1, &ic));
  for (int c = 0; c < nc; c++) camp[c] = scn->camp[m->series[c]].name;
  PetscCall(MSH5StringsWrite(h, h->file, "/validation/camp", nc, camp, PETSC_TRUE));
  for (int c = 0; c < nc; c++) ic[c] = scn->camp[m->series[c]].loc;
  PetscCall(MSH5DatasetWrite(h, h->file, "/validation/location", H5T_STD_I32LE, H5T_NATIVE_INT, 1,
                             &dc, PETSC_TRUE, ic));
  for (size_t k = 0; k < sizeof(dcol) / sizeof(dcol[0]); k++) {
    for (int c = 0; c < nc; c++)
      col[c] = *(const double *)((const char *)&r->camps[c] + dcol[k].off);
    PetscCall(MSH5DatasetWrite(h, h->file, dcol[k].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &dc,
                               PETSC_TRUE, col));
  }
  for (int c = 0; c < nc; c++) ic[c] = r->camps[c].rel_error_days;
  PetscCall(MSH5DatasetWrite(h, h->file, "/validation/rel_error_days", H5T_STD_I32LE,
                             H5T_NATIVE_INT, 1, &dc, PETSC_TRUE, ic));
  PetscCall(PetscFree3(camp, col, ic));
  PetscCall(MSH5DatasetWrite(h, h->file, "/validation/ard_daily", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                             1, &dd, PETSC_TRUE, r->ard_day));
  PetscCall(MSH5DatasetWrite(h, h->file, "/validation/ard_unrescaled_daily", H5T_IEEE_F64LE,
                             H5T_NATIVE_DOUBLE, 1, &dd, PETSC_TRUE, r->ardu_day));
  PetscCall(MSH5DatasetWrite(h, h->file, "/validation/rel_error", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                             2, d2, PETSC_TRUE, r->relerr));
  PetscCall(MSH5DatasetWrite(h, h->file, "/validation/observed", H5T_STD_I64LE, H5T_NATIVE_INT64, 2,
                             d2, PETSC_TRUE, m->obs));
  for (size_t k = 0; k < sizeof(attr) / sizeof(attr[0]); k++)
    PetscCall(MSH5AttributeWrite(h, g, attr[k].name, attr[k].type, 1, attr[k].v));
  PetscCall(MSH5AttributeWriteString(h, g, "scenario", scenario_dir));
  PetscCall(MSH5AttributeWriteString(h, g, "code_version", MS_VERSION));
  PetscCall(MSH5Close(h, &g));
  MSH5Call(h, NULL, H5Fflush, (h->file, H5F_SCOPE_GLOBAL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteValidation(const Reader *r, const MSScenario *scn,
                                      const char scenario_dir[], const MSMetricsSummary *sum)
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(PETSC_COMM_SELF, r->rf->path, " (disk full?)", &h));
  PetscCall(MSH5End(&h, WriteGroup(&h, r, scn, scenario_dir, sum)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ one file */

static PetscErrorCode Validate(MSValidate v, const char path[], Reader *r, MSValidateResult *res)
{
  char              scndir[PETSC_MAX_PATH_LEN];
  const MSScenario *scn = NULL;
  MSMetricsTable   *m   = &r->m;

  PetscFunctionBegin;
  PetscCall(ReadRun(path, r, res));
  PetscCall(RunScenario(v, r->rf, &r->s, &scn, scndir, sizeof(scndir)));
  /* the table, as the run itself filled it */
  PetscCall(MSValidateTable(PETSC_COMM_SELF, r->rf, scn, &r->s, m));
  PetscCheck(m->ncamps > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "%s: no camp of scenario '%s''s data_layout.csv is in its locations.csv: there is "
             "nothing to validate against",
             path, scndir);
  /* the figures */
  PetscCall(PetscMalloc4(m->ndays, &r->ard_day, m->ndays, &r->ardu_day,
                         (size_t)m->ndays * m->ncamps, &r->relerr, m->ncamps, &r->camps));
  MSMetricsDaySeries(m, r->ard_day, r->ardu_day);
  for (int t = 0; t < m->ndays; t++)
    for (int c = 0; c < m->ncamps; c++)
      r->relerr[(size_t)t * m->ncamps + c] = MSMetricsRelError(m, t, c);
  MSMetricsCompute(m, r->camps, &res->sum);
  PetscCall(WriteValidation(r, scn, scndir, &res->sum));

  PetscCall(PetscStrncpy(res->scenario, scndir, sizeof(res->scenario)));
  res->ndays = m->ndays, res->ncamps = m->ncamps;
  PetscCall(PetscCalloc1(m->ncamps, &res->camp));
  PetscCall(PetscMalloc1(m->ncamps, &res->camps));
  for (int c = 0; c < m->ncamps; c++) {
    PetscCall(PetscStrallocpy(scn->camp[m->series[c]].name, &res->camp[c]));
    res->camps[c] = r->camps[c];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReaderClose(Reader *r)
{
  PetscFunctionBegin;
  PetscCall(MSRunFileDestroy(&r->rf));
  PetscCall(MSValidateTableFree(&r->m));
  PetscCall(PetscFree4(r->ard_day, r->ardu_day, r->relerr, r->camps));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateFile(MSValidate v, const char path[], MSValidateResult *res)
{
  Reader         r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&r, sizeof(r)));
  PetscCall(PetscMemzero(res, sizeof(*res)));
  PetscCall(PetscStrncpy(res->path, path, sizeof(res->path)));
  ierr = Validate(v, path, &r, res);
  PetscCall(ReaderClose(&r));
  if (ierr) {
    PetscCall(MSValidateResultReset(res));
    PetscCall(ierr);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateResultReset(MSValidateResult *res)
{
  PetscFunctionBegin;
  for (int c = 0; res->camp && c < res->ncamps; c++) PetscCall(PetscFree(res->camp[c]));
  PetscCall(PetscFree(res->camp));
  PetscCall(PetscFree(res->camps));
  PetscCall(PetscMemzero(res, sizeof(*res)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ the CSV table */

/* A figure, with "nan" for an undefined one (pandas and R read it as missing). */
static void Num(FILE *f, double x)
{
  char buf[32];

  if (isfinite(x)) {
    MSFormatReal(x, buf, sizeof(buf));
    fprintf(f, ",%s", buf);
  } else
    fprintf(f, ",nan");
}

static void Id(FILE *f, int x, PetscBool first)
{
  if (!first) fputc(',', f);
  if (x >= 0) fprintf(f, "%d", x);
}

/* Camp names are written as they are unless they hold a comma or a quote. */
static void Field(FILE *f, const char s[])
{
  fputc(',', f);
  if (strpbrk(s, ",\"\n")) {
    fputc('"', f);
    for (const char *p = s; *p; p++) {
      if (*p == '"') fputc('"', f);
      fputc(*p, f);
    }
    fputc('"', f);
  } else
    fputs(s, f);
}

PetscErrorCode MSValidateCSVHeader(FILE *f)
{
  PetscFunctionBegin;
  fprintf(f, "member,point,replicate,seed,camp,ard,ard_unrescaled,rel_error_mean,rel_error_last,"
             "mase,status\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateCSVRows(FILE *f, const MSValidateResult *res, int member, int point,
                                 int replicate, const char seed[], const char status[])
{
  PetscFunctionBegin;
  for (int c = 0; res && c < res->ncamps; c++) {
    const MSMetricsCamp *k = &res->camps[c];
    Id(f, member, PETSC_TRUE), Id(f, point, PETSC_FALSE), Id(f, replicate, PETSC_FALSE);
    fprintf(f, ",%s", seed);
    Field(f, res->camp[c]);
    Num(f, k->ard), Num(f, k->ard_unrescaled), Num(f, k->rel_error_mean), Num(f, k->rel_error_last),
        Num(f, k->mase);
    fprintf(f, ",%s\n", status);
  }
  Id(f, member, PETSC_TRUE), Id(f, point, PETSC_FALSE), Id(f, replicate, PETSC_FALSE);
  fprintf(f, ",%s,total", seed);
  if (res)
    Num(f, res->sum.ard), Num(f, res->sum.ard_unrescaled), Num(f, res->sum.rel_error_mean),
        Num(f, res->sum.rel_error_last), Num(f, res->sum.mase);
  else
    fprintf(f, ",nan,nan,nan,nan,nan");
  fprintf(f, ",%s\n", status);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ sweeps */

#define TIDY_FIXED 4 /* member, point, replicate, seed */
#define TIDY_SUM   5 /* ard, ard_unrescaled, rel_error_mean, rel_error_last, mase */

/* The sweep's one table (EasyVVUQ's collated results): a row per member, its parameters, seed,
   status and every figure, the total's and each camp's; camps as the first member validated
   lists them. */
typedef struct {
  int          nm, np, ncamps, ncols;
  char       **camp;   /* [ncamps] */
  double      *val;    /* [nm * ncols] */
  const char **status; /* [nm] */
} Tidy;

static void TidyFigures(double *v, const MSMetricsCamp *k)
{
  v[0] = k->ard, v[1] = k->ard_unrescaled, v[2] = k->rel_error_mean, v[3] = k->rel_error_last,
  v[4] = k->mase;
}

/* The table of the sweep sd: every member's identity and parameters (a value that is not a
   number, NaN), every figure NaN until TidyAdd. */
static PetscErrorCode TidyCreate(const MSSweepDir *sd, Tidy *t)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof(*t)));
  t->nm = sd->nm, t->np = sd->np, t->ncols = TIDY_FIXED + sd->np + TIDY_SUM;
  PetscCall(PetscMalloc1((size_t)t->nm * t->ncols + 1, &t->val));
  PetscCall(PetscCalloc1(t->nm + 1, &t->status));
  for (int i = 0; i < t->nm; i++) {
    double *row = t->val + (size_t)i * t->ncols;
    row[0] = sd->m[i].member, row[1] = sd->m[i].point, row[2] = sd->m[i].replicate;
    row[3] = (double)sd->m[i].seed;
    for (int j = 0; j < t->np; j++) {
      char *end;
      row[TIDY_FIXED + j] = strtod(sd->value[(size_t)i * t->np + j], &end);
      if (*end || end == sd->value[(size_t)i * t->np + j]) row[TIDY_FIXED + j] = NAN;
    }
    for (int k = TIDY_FIXED + t->np; k < t->ncols; k++) row[k] = NAN;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The columns' names: member, point, replicate, seed, the parameters, the total's figures,
   then CAMP:figure for each camp; freed with PetscStrArrayDestroy(). */
static PetscErrorCode TidyColumns(const Tidy *t, const MSSweepDir *sd, char ***cols)
{
  static const char *const fixed[TIDY_FIXED] = {"member", "point", "replicate", "seed"};
  static const char *const fig[TIDY_SUM]     = {"ard", "ard_unrescaled", "rel_error_mean",
                                                "rel_error_last", "mase"};
  int                      k                 = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(t->ncols + 1, cols));
  for (int j = 0; j < TIDY_FIXED; j++) PetscCall(PetscStrallocpy(fixed[j], &(*cols)[k++]));
  for (int j = 0; j < t->np; j++) PetscCall(PetscStrallocpy(sd->param[j], &(*cols)[k++]));
  for (int c = -1; c < t->ncamps; c++)
    for (int j = 0; j < TIDY_SUM; j++) {
      char name[256];
      PetscCall(PetscSNPrintf(name, sizeof(name), "%s%s%s", c < 0 ? "" : t->camp[c],
                              c < 0 ? "" : ":", fig[j]));
      PetscCall(PetscStrallocpy(name, &(*cols)[k++]));
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TidyWriteH5(MSH5 *h, const Tidy *t, char **cols)
{
  hsize_t dims[2] = {(hsize_t)t->nm, (hsize_t)t->ncols};

  PetscFunctionBegin;
  PetscCall(MSH5FileCreate(h));
  PetscCall(MSH5AttributeWriteString(h, h->file, "code", "migrasim-validate"));
  PetscCall(
      MSH5StringsWrite(h, h->file, "columns", t->ncols, (const char *const *)cols, PETSC_TRUE));
  PetscCall(MSH5StringsWrite(h, h->file, "status", t->nm, t->status, PETSC_TRUE));
  PetscCall(MSH5DatasetWrite(h, h->file, "values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, dims,
                             PETSC_TRUE, t->val));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The table as CSV (status after the identity and parameters) and HDF5 (/columns, /values
   members x columns, /status), at csv and h5. */
static PetscErrorCode TidyWrite(const Tidy *t, const MSSweepDir *sd, const char csv[],
                                const char h5[])
{
  char **cols;
  FILE  *f = fopen(csv, "w");
  MSH5   h;

  PetscFunctionBegin;
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write the table (%s)", csv,
             strerror(errno));
  PetscCall(TidyColumns(t, sd, &cols));
  for (int k = 0; k < t->ncols; k++) {
    if (k)
      Field(f, cols[k]);
    else
      fputs(cols[k], f);
    if (k == TIDY_FIXED + t->np - 1) fputs(",status", f);
  }
  fputc('\n', f);
  for (int i = 0; i < t->nm; i++) {
    const double *row = t->val + (size_t)i * t->ncols;
    fprintf(f, "%d,%d,%d,%" PRId64, sd->m[i].member, sd->m[i].point, sd->m[i].replicate,
            sd->m[i].seed);
    for (int j = 0; j < t->np; j++) Field(f, sd->value[(size_t)i * t->np + j]);
    fprintf(f, ",%s", t->status[i]);
    for (int k = TIDY_FIXED + t->np; k < t->ncols; k++) Num(f, row[k]);
    fputc('\n', f);
  }
  PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)",
             csv);
  PetscCall(MSH5Begin(PETSC_COMM_SELF, h5, " (disk full?)", &h));
  PetscCall(MSH5End(&h, TidyWriteH5(&h, t, cols)));
  PetscCall(PetscStrArrayDestroy(&cols));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TidyDestroy(Tidy *t)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(t->val));
  PetscCall(PetscFree(t->status));
  PetscCall(PetscStrArrayDestroy(&t->camp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Member i's figures into its row. */
static PetscErrorCode TidyAdd(Tidy *t, int i, const MSValidateResult *res)
{
  double       *row = t->val + (size_t)i * t->ncols + TIDY_FIXED + t->np;
  MSMetricsCamp sum = {.ard            = res->sum.ard,
                       .ard_unrescaled = res->sum.ard_unrescaled,
                       .rel_error_mean = res->sum.rel_error_mean,
                       .rel_error_last = res->sum.rel_error_last,
                       .mase           = res->sum.mase};

  PetscFunctionBegin;
  if (!t->camp) {
    t->ncamps = res->ncamps;
    t->ncols += TIDY_SUM * res->ncamps;
    PetscCall(PetscRealloc(sizeof(double) * (size_t)t->nm * t->ncols, &t->val));
    for (size_t k = 0; k < (size_t)t->nm * t->ncols; k++) t->val[k] = NAN;
    PetscCall(PetscCalloc1(t->ncamps + 1, &t->camp));
    for (int c = 0; c < t->ncamps; c++) PetscCall(PetscStrallocpy(res->camp[c], &t->camp[c]));
    row = t->val + (size_t)i * t->ncols + TIDY_FIXED + t->np;
  }
  TidyFigures(row, &sum);
  for (int c = 0; c < t->ncamps; c++)
    for (int d = 0; d < res->ncamps; d++)
      if (!strcmp(res->camp[d], t->camp[c])) TidyFigures(row + TIDY_SUM * (c + 1), &res->camps[d]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Validate member i of the sweep and add its rows; *valid is false for a file that cannot be
   validated (its error reported, the member listed invalid). */
static PetscErrorCode ValidateMember(MSValidate v, const MSSweepDir *sd, int i, FILE *f, Tidy *t,
                                     PetscBool *valid)
{
  const MSSweepMember *b = &sd->m[i];
  char                 path[PETSC_MAX_PATH_LEN + 32], seed[32];
  MSValidateResult     res;
  PetscErrorCode       ierr;

  PetscFunctionBegin;
  MSSweepDirPath(sd->dir, b->member, ".h5", path, sizeof(path));
  PetscCall(PetscSNPrintf(seed, sizeof(seed), "%" PRId64, b->seed));
  ierr = MSValidateFile(v, path, &res);
  if (!ierr && res.member >= 0 && res.member != b->member) {
    /* reported like any other error of the member's file */
    ierr = PetscError(PETSC_COMM_SELF, __LINE__, PETSC_FUNCTION_NAME, __FILE__,
                      PETSC_ERR_FILE_UNEXPECTED, PETSC_ERROR_INITIAL,
                      "%s: attribute 'member' is %d but the file is member %d of design.csv", path,
                      res.member, b->member);
    PetscCall(MSValidateResultReset(&res));
  }
  *valid = (PetscBool)!ierr;
  if (ierr) {
    if (!MSErrorIsUser(ierr)) PetscCall(ierr);
    PetscCall(MSValidateCSVRows(f, NULL, b->member, b->point, b->replicate, seed, "invalid"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(MSValidateCSVRows(f, &res, b->member, b->point, b->replicate, seed, "done"));
  PetscCall(TidyAdd(t, i, &res));
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "member %d: ARD %.4f rescaled, %.4f unrescaled, %d camps, %d days%s\n",
                        b->member, res.sum.ard, res.sum.ard_unrescaled, res.ncamps, res.ndays,
                        res.complete ? "" : " (incomplete run)"));
  PetscCall(MSValidateResultReset(&res));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateSweep(MSValidate v, const char dir[], const char csvpath[], int *ninvalid)
{
  int         ndone = 0, nfailed = 0, nmissing = 0;
  MSSweepDir *sd;
  FILE       *f;
  Tidy        t;
  char        tcsv[PETSC_MAX_PATH_LEN], th5[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  *ninvalid = 0;
  PetscCall(MSSweepDirRead(PETSC_COMM_SELF, dir, &sd));
  PetscCall(TidyCreate(sd, &t));
  f = fopen(csvpath, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write the table (%s)", csvpath,
             strerror(errno));
  PetscCall(MSValidateCSVHeader(f));
  for (int i = 0; i < sd->nm; i++) {
    const MSSweepMember *b = &sd->m[i];
    char                 seed[32];
    PetscBool            valid = PETSC_FALSE;

    PetscCall(PetscSNPrintf(seed, sizeof(seed), "%" PRId64, b->seed));
    if (b->status == MS_MEMBER_FAILED) {
      PetscCall(MSValidateCSVRows(f, NULL, b->member, b->point, b->replicate, seed, "failed"));
      t.status[i] = "failed";
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "member %d: failed (status.csv)\n", b->member));
      nfailed++;
    } else if (b->status == MS_MEMBER_DONE) {
      PetscCall(ValidateMember(v, sd, i, f, &t, &valid));
      t.status[i] = valid ? "done" : "invalid";
      if (valid)
        ndone++;
      else
        (*ninvalid)++;
    } else {
      /* not run yet, or a status line cut short by a kill */
      PetscCall(MSValidateCSVRows(f, NULL, b->member, b->point, b->replicate, seed, "missing"));
      t.status[i] = "missing";
      nmissing++;
    }
  }
  PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)",
             csvpath);
  /* the members' table beside the per-camp one: validation.csv -> validation_members.csv */
  PetscCall(PetscStrncpy(tcsv, csvpath, sizeof(tcsv)));
  if (strlen(tcsv) > 4 && !strcmp(tcsv + strlen(tcsv) - 4, ".csv")) tcsv[strlen(tcsv) - 4] = 0;
  PetscCall(PetscSNPrintf(th5, sizeof(th5), "%s_members.h5", tcsv));
  PetscCall(PetscStrlcat(tcsv, "_members.csv", sizeof(tcsv)));
  PetscCall(TidyWrite(&t, sd, tcsv, th5));
  PetscCall(TidyDestroy(&t));
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "%d members: %d validated, %d failed, %d not run, %d invalid; wrote %s, "
                        "%s and %s\n",
                        sd->nm, ndone, nfailed, nmissing, *ninvalid, csvpath, tcsv, th5));
  PetscCall(MSSweepDirDestroy(&sd));
  PetscFunctionReturn(PETSC_SUCCESS);
}
