/* migrasim-validate's work: metrics of run outputs against the observed series (ms_validate.h). */
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include "ms_csv.h"
#include "ms_errors.h"
#include "ms_spawn.h"
#include "ms_validate.h"

#define MAX_SCENARIOS 16 /* directories kept loaded; a sweep normally has one */

struct _p_MSValidate {
  char        scenario[PETSC_MAX_PATH_LEN]; /* override of each file's attribute; "" for none */
  int         nscn;
  char       *scn_dir[MAX_SCENARIOS];
  MSScenario *scn[MAX_SCENARIOS];
  PetscBool   warned[MAX_SCENARIOS]; /* the scenario's warnings were printed */
};

/* What one file holds; every handle and array is released by ReaderClose(). */
typedef struct {
  const char    *path;
  hid_t          file;
  int            nloc, ndays;
  char         **locname; /* [nloc] */
  int64_t       *pop;     /* [ndays * nloc] */
  MSSettings     s;
  MSMetricsTable m;
  double        *ard_day, *ardu_day, *relerr; /* [ndays], [ndays], [ndays * ncamps] */
  MSMetricsCamp *camps;
} Reader;

PetscErrorCode MSValidateCreate(MSValidate *v)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(v));
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* our one-line errors instead of HDF5's stack dumps */
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

/* ------------------------------------------------------------------ reading */

/* A string attribute of obj (fixed-size or variable-length); *found = PETSC_FALSE when absent. */
static PetscErrorCode ReadAttrString(const char path[], hid_t obj, const char name[], char buf[],
                                     size_t len, PetscBool *found)
{
  hid_t  a, t;
  herr_t rc;

  PetscFunctionBegin;
  buf[0] = 0;
  *found = (PetscBool)(H5Aexists(obj, name) > 0);
  if (!*found) PetscFunctionReturn(PETSC_SUCCESS);
  a = H5Aopen(obj, name, H5P_DEFAULT);
  PetscCheck(a >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "%s: attribute '%s': HDF5 cannot open it (damaged file?)", path, name);
  t = H5Aget_type(a);
  if (H5Tget_class(t) != H5T_STRING) {
    H5Tclose(t), H5Aclose(a);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
            "%s: attribute '%s': not a string (not a migrasim output?)", path, name);
  }
  if (H5Tis_variable_str(t) > 0) {
    char *p  = NULL;
    hid_t mt = H5Tcopy(H5T_C_S1);
    H5Tset_size(mt, H5T_VARIABLE);
    rc = H5Aread(a, mt, &p);
    if (rc >= 0 && p) {
      PetscCall(PetscStrncpy(buf, p, len));
      H5free_memory(p);
    }
    H5Tclose(mt);
  } else {
    size_t n = H5Tget_size(t);
    char  *tmp;
    PetscCall(PetscCalloc1(n + 1, &tmp));
    rc = H5Aread(a, t, tmp);
    if (rc >= 0) PetscCall(PetscStrncpy(buf, tmp, len));
    PetscCall(PetscFree(tmp));
  }
  H5Tclose(t), H5Aclose(a);
  PetscCheck(rc >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "%s: attribute '%s': HDF5 cannot read it (damaged file?)", path, name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A numeric scalar attribute of obj converted to memtype; *found = PETSC_FALSE when absent. */
static PetscErrorCode ReadAttrNumber(const char path[], hid_t obj, const char name[], hid_t memtype,
                                     void *v, PetscBool *found)
{
  hid_t       a, t;
  H5T_class_t cls;
  herr_t      rc;

  PetscFunctionBegin;
  *found = (PetscBool)(H5Aexists(obj, name) > 0);
  if (!*found) PetscFunctionReturn(PETSC_SUCCESS);
  a = H5Aopen(obj, name, H5P_DEFAULT);
  PetscCheck(a >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "%s: attribute '%s': HDF5 cannot open it (damaged file?)", path, name);
  t   = H5Aget_type(a);
  cls = H5Tget_class(t);
  H5Tclose(t);
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) {
    H5Aclose(a);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
            "%s: attribute '%s': not a number (not a migrasim output?)", path, name);
  }
  rc = H5Aread(a, memtype, v);
  H5Aclose(a);
  PetscCheck(rc >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "%s: attribute '%s': HDF5 cannot read it (damaged file?)", path, name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether the object at name (e.g. "daily/population") exists, checking each link on the way. */
static PetscBool Exists(hid_t file, const char name[])
{
  char part[256];

  for (const char *p = strchr(name, '/');; p = strchr(p + 1, '/')) {
    size_t n = p ? (size_t)(p - name) : strlen(name);
    if (n >= sizeof(part)) return PETSC_FALSE;
    memcpy(part, name, n), part[n] = 0;
    if (H5Lexists(file, part, H5P_DEFAULT) <= 0) return PETSC_FALSE;
    if (!p) return PETSC_TRUE;
  }
}

/* Open dataset name, which must exist with rank dimensions; dims[rank] receives its shape. */
static PetscErrorCode OpenDataset(Reader *r, const char name[], int rank, hsize_t dims[], hid_t *d)
{
  hid_t sp;
  int   nd;

  PetscFunctionBegin;
  PetscCheck(Exists(r->file, name), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: dataset '/%s' is missing (not a complete migrasim output?)", r->path, name);
  *d = H5Dopen2(r->file, name, H5P_DEFAULT);
  PetscCheck(*d >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "%s: dataset '/%s': HDF5 cannot open it (damaged file?)", r->path, name);
  sp = H5Dget_space(*d);
  nd = H5Sget_simple_extent_ndims(sp);
  if (nd == rank) H5Sget_simple_extent_dims(sp, dims, NULL);
  H5Sclose(sp);
  if (nd != rank) {
    H5Dclose(*d), *d = -1;
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
            "%s: dataset '/%s' has %d dimensions, not %d (not a migrasim output?)", r->path, name,
            nd, rank);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /locations/name: nloc fixed-size (or variable-length) strings. */
static PetscErrorCode ReadNames(Reader *r)
{
  hid_t   d, t;
  hsize_t n;
  herr_t  rc;

  PetscFunctionBegin;
  PetscCall(OpenDataset(r, "locations/name", 1, &n, &d));
  t = H5Dget_type(d);
  if (H5Tget_class(t) != H5T_STRING) {
    H5Tclose(t), H5Dclose(d);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
            "%s: dataset '/locations/name' does not hold strings (not a migrasim output?)",
            r->path);
  }
  r->nloc = (int)n;
  PetscCall(PetscCalloc1(n + 1, &r->locname));
  if (H5Tis_variable_str(t) > 0) {
    char **p;
    hid_t  mt = H5Tcopy(H5T_C_S1);
    H5Tset_size(mt, H5T_VARIABLE);
    PetscCall(PetscCalloc1(n + 1, &p));
    rc = n ? H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, p) : 0;
    for (hsize_t i = 0; rc >= 0 && i < n; i++)
      PetscCall(PetscStrallocpy(p[i] ? p[i] : "", &r->locname[i]));
    if (rc >= 0 && n) {
      hid_t sp = H5Dget_space(d);
      H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, p);
      H5Sclose(sp);
    }
    PetscCall(PetscFree(p));
    H5Tclose(mt);
  } else {
    size_t w = H5Tget_size(t);
    char  *buf;
    PetscCall(PetscCalloc1(n * w + 1, &buf));
    rc = n ? H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : 0;
    for (hsize_t i = 0; rc >= 0 && i < n; i++) {
      PetscCall(PetscCalloc1(w + 1, &r->locname[i]));
      memcpy(r->locname[i], buf + i * w, w);
    }
    PetscCall(PetscFree(buf));
  }
  H5Tclose(t), H5Dclose(d);
  PetscCheck(rc >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "%s: dataset '/locations/name': HDF5 cannot read it (damaged or truncated file?)",
             r->path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /daily/population: days x locations agent counts. */
static PetscErrorCode ReadPopulation(Reader *r)
{
  hid_t   d, t;
  hsize_t dims[2];
  herr_t  rc;

  PetscFunctionBegin;
  PetscCall(OpenDataset(r, "daily/population", 2, dims, &d));
  t = H5Dget_type(d);
  if (H5Tget_class(t) != H5T_INTEGER) {
    H5Tclose(t), H5Dclose(d);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
            "%s: dataset '/daily/population' does not hold integers (not a migrasim output?)",
            r->path);
  }
  H5Tclose(t);
  if (dims[1] != (hsize_t)r->nloc || dims[0] == 0) {
    H5Dclose(d);
    PetscCheck(dims[0] > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: dataset '/daily/population' holds no days (the run wrote nothing yet)",
               r->path);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
            "%s: dataset '/daily/population' has %llu columns but '/locations/name' %d locations",
            r->path, (unsigned long long)dims[1], r->nloc);
  }
  r->ndays = (int)dims[0];
  PetscCall(PetscMalloc1(dims[0] * dims[1] + 1, &r->pop));
  rc = H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->pop);
  H5Dclose(d);
  PetscCheck(rc >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ,
             "%s: dataset '/daily/population': HDF5 cannot read it (damaged or truncated file?)",
             r->path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The run's settings, from the attributes of / that MSSettingsGetPair() names. */
static PetscErrorCode ReadSettings(Reader *r)
{
  char      val[512];
  PetscBool found;
  int       nmissing = 0;

  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(&r->s));
  for (int i = 0; i < MSSettingsCount(); i++) {
    const char *name;
    MSSettingsGetPair(&r->s, i, &name, val, sizeof(val));
    PetscCall(ReadAttrString(r->path, r->file, name, val, sizeof(val), &found));
    if (!found) {
      nmissing++;
      continue;
    }
    PetscCheck(MSSettingsSetPair(&r->s, name, val) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: attribute '%s': '%s' is not a valid value of this setting", r->path, name, val);
  }
  if (nmissing)
    PetscCall(PetscFPrintf(
        PETSC_COMM_SELF, PETSC_STDERR,
        "migrasim-validate: warning: %s: %d settings are not recorded in the file (an older "
        "migrasim?); their defaults are used%s\n",
        r->path, nmissing,
        H5Aexists(r->file, "population_scale") > 0 ? "" : ", population_scale 1 among them"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The scenario of directory dir, loaded once. */
static PetscErrorCode GetScenario(MSValidate v, const char path[], const char dir[],
                                  PetscBool from_attr, int *idx)
{
  struct stat st;

  PetscFunctionBegin;
  for (int i = 0; i < v->nscn; i++)
    if (!strcmp(v->scn_dir[i], dir)) {
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
      v->scn[i - 1] = v->scn[i], v->scn_dir[i - 1] = v->scn_dir[i], v->warned[i - 1] = v->warned[i];
    v->nscn--;
  }
  PetscCall(MSScenarioLoad(PETSC_COMM_SELF, dir, &v->scn[v->nscn]));
  PetscCall(PetscStrallocpy(dir, &v->scn_dir[v->nscn]));
  v->warned[v->nscn] = PETSC_FALSE;
  *idx               = v->nscn++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ writing /validation */

static PetscErrorCode WriteData(Reader *r, hid_t g, const char name[], hid_t ftype, hid_t mtype,
                                int rank, const hsize_t dims[], const void *buf)
{
  hid_t  sp = H5Screate_simple(rank, dims, NULL), d;
  herr_t rc = -1;

  PetscFunctionBegin;
  d = H5Dcreate2(g, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (d >= 0)
    rc = dims[0] && (rank == 1 || dims[1]) ? H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)
                                           : 0;
  if (d >= 0) H5Dclose(d);
  H5Sclose(sp);
  PetscCheck(rc >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "%s: cannot write dataset '/validation/%s' (disk full?)", r->path, name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteAttr(Reader *r, hid_t g, const char name[], hid_t ftype, hid_t mtype,
                                const void *v)
{
  hid_t  sp = H5Screate(H5S_SCALAR), a;
  herr_t rc = -1;

  PetscFunctionBegin;
  a = H5Acreate2(g, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
  if (a >= 0) rc = H5Awrite(a, mtype, v), H5Aclose(a);
  H5Sclose(sp);
  PetscCheck(rc >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "%s: cannot write attribute '/validation/%s'", r->path, name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteAttrString(Reader *r, hid_t g, const char name[], const char value[])
{
  hid_t t = H5Tcopy(H5T_C_S1);

  PetscFunctionBegin;
  H5Tset_size(t, strlen(value) ? strlen(value) : 1);
  H5Tset_strpad(t, H5T_STR_NULLPAD);
  PetscCall(WriteAttr(r, g, name, t, t, value));
  H5Tclose(t);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteValidation(Reader *r, const MSScenario *scn, const char scenario_dir[],
                                      const MSMetricsSummary *sum)
{
  const MSMetricsTable *m = &r->m;
  int     nc = m->ncamps, nd = m->ndays, version = MS_METRICS_VERSION, lag = MS_METRICS_MASE_LAG;
  hid_t   g;
  hsize_t dc = (hsize_t)nc, dd = (hsize_t)nd, d2[2] = {(hsize_t)nd, (hsize_t)nc};
  double *col;
  int    *ic;
  PetscErrorCode ierr = PETSC_SUCCESS;

  PetscFunctionBegin;
  if (H5Lexists(r->file, "validation", H5P_DEFAULT) > 0)
    PetscCheck(H5Ldelete(r->file, "validation", H5P_DEFAULT) >= 0, PETSC_COMM_SELF,
               PETSC_ERR_FILE_WRITE, "%s: cannot replace the earlier '/validation'", r->path);
  g = H5Gcreate2(r->file, "validation", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  PetscCheck(g >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "%s: cannot create the group '/validation'", r->path);
  PetscCall(PetscMalloc2(nc + 1, &col, nc + 1, &ic));
  {
    /* camp names, fixed-size strings as /locations/name */
    size_t w = 1;
    char  *buf;
    hid_t  t = H5Tcopy(H5T_C_S1);
    for (int c = 0; c < nc; c++) w = PetscMax(w, strlen(scn->camp[m->series[c]].name));
    PetscCall(PetscCalloc1((size_t)nc * w + 1, &buf));
    for (int c = 0; c < nc; c++)
      memcpy(buf + (size_t)c * w, scn->camp[m->series[c]].name,
             strlen(scn->camp[m->series[c]].name));
    H5Tset_size(t, w), H5Tset_strpad(t, H5T_STR_NULLPAD);
    ierr = WriteData(r, g, "camp", t, t, 1, &dc, buf);
    H5Tclose(t);
    PetscCall(PetscFree(buf));
  }
  for (int c = 0; c < nc; c++) ic[c] = scn->camp[m->series[c]].loc;
  if (!ierr) ierr = WriteData(r, g, "location", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &dc, ic);
#define CAMPCOL(field, name)                                                                 \
  do {                                                                                       \
    for (int c = 0; c < nc; c++) col[c] = r->camps[c].field;                                 \
    if (!ierr) ierr = WriteData(r, g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &dc, col); \
  } while (0)
  CAMPCOL(ard, "ard");
  CAMPCOL(ard_unrescaled, "ard_unrescaled");
  CAMPCOL(rel_error_mean, "rel_error_mean");
  CAMPCOL(rel_error_last, "rel_error_last");
  CAMPCOL(mase, "mase");
#undef CAMPCOL
  for (int c = 0; c < nc; c++) ic[c] = r->camps[c].rel_error_days;
  if (!ierr) ierr = WriteData(r, g, "rel_error_days", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &dc, ic);
  if (!ierr)
    ierr = WriteData(r, g, "ard_daily", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &dd, r->ard_day);
  if (!ierr)
    ierr = WriteData(r, g, "ard_unrescaled_daily", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &dd,
                     r->ardu_day);
  if (!ierr)
    ierr = WriteData(r, g, "rel_error", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, d2, r->relerr);
  if (!ierr) ierr = WriteData(r, g, "observed", H5T_STD_I64LE, H5T_NATIVE_INT64, 2, d2, m->obs);
  if (!ierr) ierr = WriteAttr(r, g, "ard", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &sum->ard);
  if (!ierr)
    ierr =
        WriteAttr(r, g, "ard_unrescaled", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &sum->ard_unrescaled);
  if (!ierr)
    ierr =
        WriteAttr(r, g, "rel_error_mean", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &sum->rel_error_mean);
  if (!ierr)
    ierr =
        WriteAttr(r, g, "rel_error_last", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &sum->rel_error_last);
  if (!ierr) ierr = WriteAttr(r, g, "mase", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &sum->mase);
  if (!ierr) ierr = WriteAttr(r, g, "metrics_version", H5T_STD_I32LE, H5T_NATIVE_INT, &version);
  if (!ierr) ierr = WriteAttr(r, g, "mase_lag", H5T_STD_I32LE, H5T_NATIVE_INT, &lag);
  if (!ierr) ierr = WriteAttr(r, g, "days", H5T_STD_I32LE, H5T_NATIVE_INT, &nd);
  if (!ierr) ierr = WriteAttrString(r, g, "scenario", scenario_dir);
  if (!ierr) ierr = WriteAttrString(r, g, "code_version", MS_VERSION);
  PetscCall(PetscFree2(col, ic));
  H5Gclose(g);
  PetscCall(ierr);
  PetscCheck(H5Fflush(r->file, H5F_SCOPE_GLOBAL) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "%s: cannot write '/validation' (disk full?)", r->path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ one file */

static PetscErrorCode Validate(MSValidate v, Reader *r, MSValidateResult *res)
{
  char              buf[PETSC_MAX_PATH_LEN], scndir[PETSC_MAX_PATH_LEN];
  PetscBool         found, from_attr;
  const MSScenario *scn  = NULL;
  int               iscn = 0;
  MSMetricsTable   *m    = &r->m;
  FILE             *f;

  PetscFunctionBegin;
  f = fopen(r->path, "rb");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot open the file (%s)", r->path,
             strerror(errno));
  fclose(f);
  PetscCheck(H5Fis_hdf5(r->path) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: not an HDF5 file (not a migrasim output)", r->path);
  r->file = H5Fopen(r->path, H5F_ACC_RDWR, H5P_DEFAULT);
  if (r->file < 0) {
    hid_t ro = H5Fopen(r->path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (ro >= 0) H5Fclose(ro);
    PetscCheck(ro < 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
               "%s: cannot open the file for writing /validation (read-only, or still open in a "
               "running job?)",
               r->path);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
            "%s: HDF5 cannot open the file (truncated or damaged?)", r->path);
  }
  PetscCall(ReadAttrString(r->path, r->file, "code", buf, sizeof(buf), &found));
  PetscCheck(found, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: not a migrasim output (no attribute 'code' on /)", r->path);
  PetscCheck(!strcmp(buf, "migrasim"), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: not a migrasim output (attribute 'code' is '%s')", r->path, buf);
  PetscCall(ReadNames(r));
  PetscCall(ReadPopulation(r));
  PetscCall(ReadSettings(r));

  /* provenance, for the table and the check against the run's own ARD */
  {
    int      k;
    double   x;
    uint64_t seed = 0;
    res->member = res->point = res->replicate = -1;
    PetscCall(ReadAttrNumber(r->path, r->file, "member", H5T_NATIVE_INT, &k, &found));
    if (found) res->member = k;
    PetscCall(ReadAttrNumber(r->path, r->file, "point", H5T_NATIVE_INT, &k, &found));
    if (found) res->point = k;
    PetscCall(ReadAttrNumber(r->path, r->file, "replicate", H5T_NATIVE_INT, &k, &found));
    if (found) res->replicate = k;
    PetscCall(ReadAttrNumber(r->path, r->file, "seed", H5T_NATIVE_UINT64, &seed, &found));
    res->seed = seed;
    PetscCall(ReadAttrNumber(r->path, r->file, "ard", H5T_NATIVE_DOUBLE, &res->run_ard,
                             &res->has_run_ard));
    res->complete = PETSC_TRUE;
    PetscCall(ReadAttrNumber(r->path, r->file, "complete", H5T_NATIVE_DOUBLE, &x, &found));
    if (found && x != 1.0) res->complete = PETSC_FALSE;
    PetscCall(ReadAttrNumber(r->path, r->file, "days", H5T_NATIVE_INT, &k, &found));
    if (found && k != r->ndays) {
      res->complete = PETSC_FALSE;
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                             "migrasim-validate: warning: %s: holds %d of the run's %d days "
                             "(stopped early?); the metrics cover those %d\n",
                             r->path, r->ndays, k, r->ndays));
    }
  }

  /* the scenario, checked against the run's locations */
  from_attr = (PetscBool)!v->scenario[0];
  if (from_attr) {
    PetscCall(ReadAttrString(r->path, r->file, "scenario", scndir, sizeof(scndir), &found));
    PetscCheck(found && scndir[0], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: no attribute 'scenario' on /; give -scenario DIR", r->path);
  } else
    PetscCall(PetscStrncpy(scndir, v->scenario, sizeof(scndir)));
  PetscCall(GetScenario(v, r->path, scndir, from_attr, &iscn));
  scn = v->scn[iscn];
  PetscCheck(scn->nloc == r->nloc, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "%s: the run has %d locations but scenario '%s' has %d (another scenario?%s)", r->path,
             r->nloc, scndir, scn->nloc, from_attr ? "" : " check -scenario");
  for (int i = 0; i < scn->nloc; i++)
    PetscCheck(!strcmp(scn->loc[i].name, r->locname[i]), PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
               "%s: location %d is '%s' in the run but '%s' in scenario '%s' (another scenario?)",
               r->path, i, r->locname[i], scn->loc[i].name, scndir);
  PetscCheck(
      scn->has_source_data, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
      "%s: scenario '%s' has no source_data/data_layout.csv: there is nothing to validate against",
      r->path, scndir);
  /* the scenario's own warnings (a camp missing from locations.csv, ...), once it is the run's */
  if (!v->warned[iscn])
    for (int w = 0; w < scn->nwarnings; w++)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "migrasim-validate: warning: %s\n",
                             scn->warnings[w]));
  v->warned[iscn] = PETSC_TRUE;
  {
    uint64_t hash;
    PetscCall(ReadAttrNumber(r->path, r->file, "scenario_hash", H5T_NATIVE_UINT64, &hash, &found));
    if (found && hash != MSScenarioHash(scn))
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                             "migrasim-validate: warning: %s: scenario '%s' differs from the one "
                             "the run read (edited since?); its current observed series are used\n",
                             r->path, scndir));
  }

  /* the table, as src/sim.c fills it */
  m->ndays = r->ndays;
  PetscCall(PetscMalloc1(scn->ncamps + 1, &m->series));
  for (int c = 0; c < scn->ncamps; c++)
    if (scn->camp[c].loc >= 0) m->series[m->ncamps++] = c;
  PetscCheck(m->ncamps > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "%s: no camp of scenario '%s''s data_layout.csv is in its locations.csv: there is "
             "nothing to validate against",
             r->path, scndir);
  PetscCall(
      PetscMalloc2((size_t)m->ndays * m->ncamps, &m->sim, (size_t)m->ndays * m->ncamps, &m->obs));
  for (int t = 0; t < m->ndays; t++)
    for (int c = 0; c < m->ncamps; c++) {
      const MSSeries *se                = &scn->camp[m->series[c]];
      m->sim[(size_t)t * m->ncamps + c] = r->pop[(size_t)t * r->nloc + se->loc];
      m->obs[(size_t)t * m->ncamps + c] = MSSpawnObserved(scn, &r->s, se, t);
    }

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

static void ReaderClose(Reader *r)
{
  if (r->file >= 0) H5Fclose(r->file);
  for (int i = 0; r->locname && i < r->nloc; i++) PetscFree(r->locname[i]);
  PetscFree(r->locname);
  PetscFree(r->pop);
  PetscFree(r->m.series);
  if (r->m.sim) PetscFree2(r->m.sim, r->m.obs);
  if (r->ard_day) PetscFree4(r->ard_day, r->ardu_day, r->relerr, r->camps);
}

PetscErrorCode MSValidateFile(MSValidate v, const char path[], MSValidateResult *res)
{
  Reader         r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&r, sizeof(r)));
  PetscCall(PetscMemzero(res, sizeof(*res)));
  r.path = path, r.file = -1;
  PetscCall(PetscStrncpy(res->path, path, sizeof(res->path)));
  ierr = Validate(v, &r, res);
  ReaderClose(&r);
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
  if (isfinite(x))
    fprintf(f, ",%.17g", x);
  else
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

typedef struct {
  int  member, point, replicate;
  char seed[32];
  char status[16]; /* from status.csv; "" when it has no line for the member */
} Member;

static PetscErrorCode ParseInt(const MSCsv *csv, int col, const char what[], int *v)
{
  char *end;
  long  x;

  PetscFunctionBegin;
  PetscCheck(col < csv->nfields, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "%s:%d: field '%s': missing", csv->path, csv->line, what);
  errno = 0;
  x     = strtol(csv->field[col], &end, 10);
  PetscCheck(csv->field[col][0] && !*end && !errno && x >= 0 && x <= 999999999, PETSC_COMM_SELF,
             PETSC_ERR_USER_INPUT, "%s:%d: field '%s': '%s' is not a whole number of 0 or more",
             csv->path, csv->line, what, csv->field[col]);
  *v = (int)x;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* design.csv: member,point,replicate,seed,<parameters...>, columns found by header name. */
static PetscErrorCode ReadDesign(const char path[], int *n, Member **members)
{
  MSCsv      *csv;
  PetscBool   eof;
  int         col[4] = {0, 1, 2, 3}, cap = 64;
  const char *names[4] = {"member", "point", "replicate", "seed"};

  PetscFunctionBegin;
  *n = 0;
  PetscCall(PetscCalloc1(cap, members));
  PetscCall(MSCsvOpen(PETSC_COMM_SELF, path, PETSC_FALSE, &csv));
  for (;;) {
    PetscCall(MSCsvNext(PETSC_COMM_SELF, csv, &eof));
    if (eof) break;
    Member *mb;
    if (csv->comment || MSCsvHeaderIs(csv->field[0], "member")) {
      /* the header: find the columns by name */
      for (int k = 0; k < 4; k++) {
        col[k] = -1;
        for (int j = 0; j < csv->nfields; j++)
          if (MSCsvHeaderIs(csv->field[j], names[k])) col[k] = j;
        PetscCheck(col[k] >= 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
                   "%s:%d: field '%s': no such column (a sweep's design.csv starts "
                   "member,point,replicate,seed)",
                   path, csv->line, names[k]);
      }
      continue;
    }
    if (*n == cap) {
      Member *more;
      PetscCall(PetscCalloc1(2 * cap, &more));
      PetscCall(PetscArraycpy(more, *members, cap));
      PetscCall(PetscFree(*members));
      *members = more, cap *= 2;
    }
    mb = &(*members)[*n];
    PetscCall(ParseInt(csv, col[0], "member", &mb->member));
    PetscCall(ParseInt(csv, col[1], "point", &mb->point));
    PetscCall(ParseInt(csv, col[2], "replicate", &mb->replicate));
    PetscCheck(col[3] < csv->nfields && csv->field[col[3]][0], PETSC_COMM_SELF,
               PETSC_ERR_USER_INPUT, "%s:%d: field 'seed': missing", path, csv->line);
    PetscCall(PetscStrncpy(mb->seed, csv->field[col[3]], sizeof(mb->seed)));
    for (int i = 0; i < *n; i++)
      PetscCheck((*members)[i].member != mb->member, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
                 "%s:%d: field 'member': %d is listed twice", path, csv->line, mb->member);
    (*n)++;
  }
  PetscCall(MSCsvClose(&csv));
  PetscCheck(*n > 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "%s:0: field 'member': the design lists no member", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* status.csv: member,status,seconds,message; the last line of a member counts. Optional. */
static PetscErrorCode ReadStatus(const char path[], int n, Member *members, PetscBool *have)
{
  MSCsv    *csv;
  PetscBool eof;

  PetscFunctionBegin;
  PetscCall(MSCsvOpen(PETSC_COMM_SELF, path, PETSC_TRUE, &csv));
  *have = (PetscBool)(csv != NULL);
  if (!csv) PetscFunctionReturn(PETSC_SUCCESS);
  for (;;) {
    PetscCall(MSCsvNext(PETSC_COMM_SELF, csv, &eof));
    if (eof) break;
    int k;
    if (csv->comment || MSCsvHeaderIs(csv->field[0], "member")) continue;
    PetscCall(ParseInt(csv, 0, "member", &k));
    PetscCheck(csv->nfields > 1 && csv->field[1][0], PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
               "%s:%d: field 'status': missing", path, csv->line);
    for (int i = 0; i < n; i++)
      if (members[i].member == k)
        PetscCall(PetscStrncpy(members[i].status, csv->field[1], sizeof(members[i].status)));
  }
  PetscCall(MSCsvClose(&csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSValidateSweep(MSValidate v, const char dir[], const char csvpath[], int *ninvalid)
{
  char      path[PETSC_MAX_PATH_LEN];
  int       n, ndone = 0, nfailed = 0, nmissing = 0;
  Member   *mb;
  PetscBool have_status = PETSC_FALSE;
  FILE     *f;

  PetscFunctionBegin;
  *ninvalid = 0;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/design.csv", dir));
  PetscCall(ReadDesign(path, &n, &mb));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/status.csv", dir));
  PetscCall(ReadStatus(path, n, mb, &have_status));
  if (!have_status)
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "note: %s not found: every member with a file is validated\n", path));
  f = fopen(csvpath, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write the table (%s)", csvpath,
             strerror(errno));
  PetscCall(MSValidateCSVHeader(f));
  for (int i = 0; i < n; i++) {
    Member          *b = &mb[i];
    MSValidateResult res;
    struct stat      st;
    PetscBool        exists;

    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/member_%06d.h5", dir, b->member));
    exists = (PetscBool)(stat(path, &st) == 0);
    if (!strcmp(b->status, "failed")) {
      PetscCall(MSValidateCSVRows(f, NULL, b->member, b->point, b->replicate, b->seed, "failed"));
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "member %d: failed (status.csv)\n", b->member));
      nfailed++;
    } else if (!strcmp(b->status, "done") || (!have_status && exists)) {
      PetscErrorCode ierr = MSValidateFile(v, path, &res);
      if (!ierr && res.member >= 0 && res.member != b->member) {
        /* reported like any other error of the member's file */
        ierr = PetscError(PETSC_COMM_SELF, __LINE__, PETSC_FUNCTION_NAME, __FILE__,
                          PETSC_ERR_FILE_UNEXPECTED, PETSC_ERROR_INITIAL,
                          "%s: attribute 'member' is %d but the file is member %d of design.csv",
                          path, res.member, b->member);
        PetscCall(MSValidateResultReset(&res));
      }
      if (ierr) {
        if (!MSErrorIsUser(ierr)) PetscCall(ierr);
        PetscCall(
            MSValidateCSVRows(f, NULL, b->member, b->point, b->replicate, b->seed, "invalid"));
        (*ninvalid)++;
        continue;
      }
      PetscCall(MSValidateCSVRows(f, &res, b->member, b->point, b->replicate, b->seed, "done"));
      PetscCall(PetscPrintf(PETSC_COMM_SELF,
                            "member %d: ARD %.4f rescaled, %.4f unrescaled, %d camps, %d days%s\n",
                            b->member, res.sum.ard, res.sum.ard_unrescaled, res.ncamps, res.ndays,
                            res.complete ? "" : " (incomplete run)"));
      PetscCall(MSValidateResultReset(&res));
      ndone++;
    } else {
      /* not run yet, or a status line cut short by a kill */
      PetscCall(MSValidateCSVRows(f, NULL, b->member, b->point, b->replicate, b->seed, "missing"));
      nmissing++;
    }
  }
  PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)",
             csvpath);
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "%d members: %d validated, %d failed, %d not run, %d invalid; wrote %s\n",
                        n, ndone, nfailed, nmissing, *ninvalid, csvpath));
  PetscCall(PetscFree(mb));
  PetscFunctionReturn(PETSC_SUCCESS);
}
