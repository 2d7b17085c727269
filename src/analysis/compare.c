/* migrasim-compare's work: two runs or two calibrations side by side (docs/calibration.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ms_compare.h"
#include "ms_format.h"
#include "ms_h5.h"
#include "ms_runfile.h"
#include "ms_spawn.h"
#include "ms_validate.h"

typedef struct {
  MPI_Comm                comm;
  const MSCompareOptions *opt;
  int                     nrows, nexceed;
} Table;

/* One row: a name, the two values, their difference, and a mark when it exceeds the
   tolerance. kind 0: a metric (absolute difference), 1: a parameter value (relative), 2: for
   information only (never judged). */
static PetscErrorCode Row(Table *t, const char name[], double a, double b, int kind)
{
  double    d   = fabs(a - b);
  PetscBool bad = PETSC_FALSE;
  char      sa[32], sb[32], sd[32];

  PetscFunctionBegin;
  if (isnan(a) != isnan(b))
    bad = PETSC_TRUE, d = NAN;
  else if (!isnan(a)) {
    if (kind == 0)
      bad = (PetscBool)(d > t->opt->tolerance);
    else if (kind == 1)
      bad = (PetscBool)(d > t->opt->tolerance * PetscMax(fabs(a), fabs(b)));
  }
  if (kind == 2) bad = PETSC_FALSE;
  PetscCall(PetscSNPrintf(sa, sizeof(sa), isnan(a) ? "-" : "%.6g", a));
  PetscCall(PetscSNPrintf(sb, sizeof(sb), isnan(b) ? "-" : "%.6g", b));
  PetscCall(PetscSNPrintf(sd, sizeof(sd), isnan(d) ? "-" : "%.3g", d));
  PetscCall(PetscPrintf(t->comm, "  %-44s %14s %14s %11s%s\n", name, sa, sb, sd, bad ? "  *" : ""));
  t->nrows++;
  if (bad) t->nexceed++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A setting's value as people read it: a number in its shortest exact form, else as recorded;
   "-" when the run does not record it. */
static void SettingText(const MSRunFile *r, const char name[], char buf[], size_t len)
{
  char  *end;
  double v;

  snprintf(buf, len, "-");
  for (int i = 0; i < r->nsettings; i++) {
    if (strcmp(r->setting[i], name)) continue;
    v = strtod(r->value[i], &end);
    if (end != r->value[i] && !*end)
      MSFormatReal(v, buf, len);
    else
      snprintf(buf, len, "%s", r->value[i]);
  }
}

/* The settings in which the two runs differ, first: what a reader of the figures below needs
   to know (informative: a difference of settings is not a difference of results). */
static PetscErrorCode SettingsDiffer(Table *t, MSRunFile *r[2])
{
  int nsame = 0, ndiff = 0;

  PetscFunctionBegin;
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < r[pass]->nsettings; i++) {
      const char *name = r[pass]->setting[i];
      char        va[64], vb[64];
      PetscBool   in_a = PETSC_FALSE;
      for (int k = 0; pass == 1 && k < r[0]->nsettings; k++)
        in_a = (PetscBool)(in_a || !strcmp(r[0]->setting[k], name));
      if (in_a) continue; /* seen in the first pass */
      SettingText(r[0], name, va, sizeof(va));
      SettingText(r[1], name, vb, sizeof(vb));
      if (!strcmp(va, vb)) {
        nsame++;
        continue;
      }
      if (!ndiff++)
        PetscCall(PetscPrintf(t->comm, "settings that differ:\n  %-44s %14s %14s\n", "", "A", "B"));
      PetscCall(PetscPrintf(t->comm, "  %-44s %14s %14s\n", name, va, vb));
    }
  if (strcmp(r[0]->scenario ? r[0]->scenario : "", r[1]->scenario ? r[1]->scenario : ""))
    PetscCall(PetscPrintf(t->comm, "scenario: A %s, B %s\n", r[0]->scenario ? r[0]->scenario : "-",
                          r[1]->scenario ? r[1]->scenario : "-"));
  PetscCall(PetscPrintf(t->comm, "%d setting(s) differ, %d the same\n", ndiff, nsame));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CompareRuns(Table *t, MSRunFile *r[2])
{
  MSScenario      *scn[2] = {NULL, NULL};
  MSMetricsTable   tab[2];
  MSMetricsCamp   *camp[2];
  MSMetricsSummary sum[2];
  const char      *over[2] = {t->opt->scenario_a, t->opt->scenario_b};

  PetscFunctionBegin;
  for (int k = 0; k < 2; k++) {
    const char *dir = over[k][0] ? over[k] : r[k]->scenario;
    MSSettings  s;
    PetscCheck(dir && dir[0], t->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field 'scenario': missing; give -scenario DIR", r[k]->path);
    PetscCall(MSRunFileSettings(t->comm, r[k], &s, NULL));
    PetscCall(MSSpawnLoadScenario(t->comm, dir, &s, &scn[k], NULL));
    PetscCall(MSValidateTable(t->comm, r[k], scn[k], &s, &tab[k]));
    PetscCall(PetscMalloc1(tab[k].ncamps + 1, &camp[k]));
    MSMetricsCompute(&tab[k], camp[k], &sum[k]);
  }
  PetscCall(SettingsDiffer(t, r));
  PetscCall(PetscPrintf(t->comm, "  %-44s %14s %14s %11s\n", "", "A", "B", "|A-B|"));
  PetscCall(Row(t, "days", r[0]->ndays, r[1]->ndays, 2));
  PetscCall(Row(t, "seed", (double)r[0]->seed, (double)r[1]->seed, 2));
  PetscCall(Row(t, "ARD (rescaled)", sum[0].ard, sum[1].ard, 0));
  PetscCall(Row(t, "ARD (unrescaled)", sum[0].ard_unrescaled, sum[1].ard_unrescaled, 0));
  PetscCall(Row(t, "total: mean relative error", sum[0].rel_error_mean, sum[1].rel_error_mean, 0));
  PetscCall(Row(t, "total: mean MASE", sum[0].mase, sum[1].mase, 0));
  /* camps by name: those of A, then those only B has */
  for (int pass = 0; pass < 2; pass++) {
    int self = pass, other = 1 - pass;
    for (int c = 0; c < tab[self].ncamps; c++) {
      const char *name = scn[self]->loc[scn[self]->camp[tab[self].series[c]].loc].name;
      int         o    = -1;
      char        label[128];
      double      v[2][5];
      for (int d = 0; d < tab[other].ncamps; d++)
        if (!strcmp(scn[other]->loc[scn[other]->camp[tab[other].series[d]].loc].name, name)) o = d;
      if (pass == 1 && o >= 0) continue; /* printed in the first pass */
      for (int k = 0; k < 2; k++) {
        int idx = k == self ? c : o;
        if (idx < 0) {
          for (int q = 0; q < 5; q++) v[k][q] = NAN;
          continue;
        }
        v[k][0] = (double)tab[k].sim[(size_t)(tab[k].ndays - 1) * tab[k].ncamps + idx];
        v[k][1] = camp[k][idx].ard;
        v[k][2] = camp[k][idx].ard_unrescaled;
        v[k][3] = camp[k][idx].rel_error_mean;
        v[k][4] = camp[k][idx].mase;
      }
      PetscCall(PetscPrintf(t->comm, "camp %s%s\n", name,
                            o < 0 ? (pass ? " (only in B)" : " (only in A)") : ""));
      PetscCall(PetscSNPrintf(label, sizeof(label), "simulated on the last day"));
      PetscCall(Row(t, label, v[0][0], v[1][0], 2));
      PetscCall(Row(t, "share of the ARD (rescaled)", v[0][1], v[1][1], 0));
      PetscCall(Row(t, "share of the ARD (unrescaled)", v[0][2], v[1][2], 0));
      PetscCall(Row(t, "mean relative error", v[0][3], v[1][3], 0));
      PetscCall(Row(t, "MASE", v[0][4], v[1][4], 0));
      if (o < 0) t->nexceed++; /* a camp only one side has is a difference */
    }
  }
  for (int k = 0; k < 2; k++) {
    PetscCall(PetscFree(camp[k]));
    PetscCall(MSValidateTableFree(&tab[k]));
    PetscCall(MSScenarioDestroy(&scn[k]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A calibration file's parameters and figures. */
typedef struct {
  int     np;
  char  **name;
  double *v[6]; /* mean, q05, q50, q95, best, pounders (NULL when absent) */
  double  best_distance, best_ard, best_ardu, pounders_ard;
  char   *distance;
} Calib;

static const char *const calib_fields[] = {"mean", "q05", "q50", "q95", "best", "pounders"};

/* An optional figure of obj, NaN when absent. */
static PetscErrorCode Figure(MSH5 *h, hid_t obj, const char name[], double *v)
{
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeRead(h, obj, name, H5T_NATIVE_DOUBLE, 1, v, &found));
  if (!found) *v = NAN;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadCalibFile(MSH5 *h, Calib *cb)
{
  PetscBool found;
  hid_t     g;

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, 0, NULL));
  PetscCall(MSH5Exists(h, h->file, "/parameters/name", &found));
  PetscCheck(found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '/parameters/name': missing (not a calibration file?)", h->path);
  PetscCall(MSH5StringsRead(h, h->file, "/parameters/name", &cb->np, &cb->name));
  for (int k = 0; k < 6; k++) {
    char    ds[64];
    hid_t   d;
    hsize_t n;
    PetscCall(
        PetscSNPrintf(ds, sizeof(ds), k == 5 ? "/pounders/x" : "/parameters/%s", calib_fields[k]));
    PetscCall(MSH5Exists(h, h->file, ds, &found));
    if (!found && k == 5) continue; /* no POUNDERS in this calibration */
    PetscCheck(found, h->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: field '%s': missing", h->path, ds);
    PetscCall(MSH5DatasetOpen(h, h->file, ds, 1, &n, &d));
    PetscCheck(n == (hsize_t)cb->np, h->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field '%s': %llu values for %d parameters", h->path, ds, (unsigned long long)n,
               cb->np);
    PetscCall(PetscMalloc1(cb->np + 1, &cb->v[k]));
    MSH5Call(h, ds, H5Dread, (d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, cb->v[k]));
    PetscCall(MSH5Close(h, &d));
  }
  PetscCall(Figure(h, h->file, "best_distance", &cb->best_distance));
  PetscCall(Figure(h, h->file, "best_ard", &cb->best_ard));
  PetscCall(Figure(h, h->file, "best_ard_unrescaled", &cb->best_ardu));
  cb->pounders_ard = NAN;
  PetscCall(MSH5Exists(h, h->file, "/pounders", &found));
  if (found) {
    MSH5Open(h, "/pounders", g, H5Gopen2, (h->file, "/pounders", H5P_DEFAULT));
    PetscCall(Figure(h, g, "ard", &cb->pounders_ard));
    PetscCall(MSH5Close(h, &g));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadCalib(MPI_Comm comm, const char path[], Calib *cb)
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(cb, sizeof(*cb)));
  PetscCall(MSH5Begin(comm, path, " (damaged or truncated file?)", &h));
  PetscCall(MSH5End(&h, ReadCalibFile(&h, cb)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode FreeCalib(Calib *cb)
{
  PetscFunctionBegin;
  PetscCall(PetscStrArrayDestroy(&cb->name));
  for (int k = 0; k < 6; k++) PetscCall(PetscFree(cb->v[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CompareCalibrations(Table *t, const char a[], const char b[])
{
  Calib cb[2];

  PetscFunctionBegin;
  PetscCall(ReadCalib(t->comm, a, &cb[0]));
  PetscCall(ReadCalib(t->comm, b, &cb[1]));
  PetscCall(PetscPrintf(t->comm, "  %-44s %14s %14s %11s\n", "", "A", "B", "|A-B|"));
  PetscCall(Row(t, "best member: ABC distance", cb[0].best_distance, cb[1].best_distance, 0));
  PetscCall(Row(t, "best member: ARD (rescaled)", cb[0].best_ard, cb[1].best_ard, 0));
  PetscCall(Row(t, "best member: ARD (unrescaled)", cb[0].best_ardu, cb[1].best_ardu, 0));
  if (cb[0].v[5] || cb[1].v[5])
    PetscCall(Row(t, "POUNDERS: ARD (rescaled)", cb[0].pounders_ard, cb[1].pounders_ard, 0));
  for (int pass = 0; pass < 2; pass++) {
    int self = pass, other = 1 - pass;
    for (int j = 0; j < cb[self].np; j++) {
      int o = -1;
      for (int i = 0; i < cb[other].np; i++)
        if (!strcmp(cb[other].name[i], cb[self].name[j])) o = i;
      if (pass == 1 && o >= 0) continue;
      PetscCall(PetscPrintf(t->comm, "parameter %s%s\n", cb[self].name[j],
                            o < 0 ? (pass ? " (only in B)" : " (only in A)") : ""));
      for (int k = 0; k < 6; k++) {
        double v[2];
        char   label[64];
        for (int s = 0; s < 2; s++) {
          int idx = s == self ? j : o;
          v[s]    = (idx >= 0 && cb[s].v[k]) ? cb[s].v[k][idx] : NAN;
        }
        if (k == 5 && !cb[0].v[5] && !cb[1].v[5]) continue;
        PetscCall(PetscSNPrintf(label, sizeof(label), "%s",
                                k == 0   ? "posterior mean"
                                : k == 1 ? "5%"
                                : k == 2 ? "50%"
                                : k == 3 ? "95%"
                                : k == 4 ? "best member"
                                         : "POUNDERS"));
        PetscCall(Row(t, label, v[0], v[1], 1));
      }
      if (o < 0) t->nexceed++;
    }
  }
  PetscCall(FreeCalib(&cb[0]));
  PetscCall(FreeCalib(&cb[1]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCompareFiles(MPI_Comm comm, const char a[], const char b[],
                              const MSCompareOptions *opt, PetscBool *exceeds)
{
  char       code[2][64];
  PetscBool  ca, cb;
  Table      t    = {comm, opt, 0, 0};
  MSRunFile *r[2] = {NULL, NULL};

  PetscFunctionBegin;
  PetscCall(MSRunFileCode(comm, a, code[0], sizeof(code[0])));
  PetscCall(MSRunFileCode(comm, b, code[1], sizeof(code[1])));
  ca = (PetscBool)!strcmp(code[0], "migrasim-calibrate");
  cb = (PetscBool)!strcmp(code[1], "migrasim-calibrate");
  PetscCheck(ca == cb, comm, PETSC_ERR_ARG_INCOMP,
             "%s: a %s, but %s is a %s: compare two runs or two calibrations", a,
             ca ? "calibration" : "run", b, cb ? "calibration" : "run");
  if (!ca) {
    PetscCall(MSRunFileRead(comm, a, PETSC_FALSE, &r[0]));
    PetscCall(MSRunFileRead(comm, b, PETSC_FALSE, &r[1]));
  }
  PetscCall(PetscPrintf(
      comm,
      "A: %s\nB: %s\n%s compared; tolerance %g (metrics: absolute; parameter values: relative)\n",
      a, b, ca ? "calibrations" : "runs", opt->tolerance));
  if (ca)
    PetscCall(CompareCalibrations(&t, a, b));
  else
    PetscCall(CompareRuns(&t, r));
  PetscCall(MSRunFileDestroy(&r[0]));
  PetscCall(MSRunFileDestroy(&r[1]));
  PetscCall(PetscPrintf(comm, "%d difference(s) beyond the tolerance %g%s\n", t.nexceed,
                        opt->tolerance, t.nexceed ? " (marked *)" : ""));
  *exceeds = (PetscBool)(t.nexceed > 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}
