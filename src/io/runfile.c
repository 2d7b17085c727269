/* The reader of run outputs of ms_runfile.h. */
#include <math.h>
#include "ms_h5.h"
#include "ms_runfile.h"

/* " (damaged or truncated file?)": what a failed HDF5 call on a run output most likely means */
static const char *const damaged = " (damaged or truncated file?)";

/* The dataset name (e.g. "/daily/population"), which a migrasim output has. */
static PetscErrorCode Require(MSH5 *h, const char name[])
{
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5Exists(h, h->file, name, &found));
  PetscCheck(found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: dataset '%s' is missing (not a complete migrasim output?)", h->path, name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The attribute code of /, which must say migrasim. */
static PetscErrorCode CheckCode(MSH5 *h)
{
  char      code[64];
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeReadString(h, h->file, "code", code, sizeof(code), &found));
  PetscCheck(found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: not a migrasim output (no attribute 'code' on /)", h->path);
  PetscCheck(!strcmp(code, "migrasim"), h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: not a migrasim output (attribute 'code' is '%s')", h->path, code);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* An integer attribute of /, or -1. */
static PetscErrorCode GetInt(MSH5 *h, const char name[], int *v)
{
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeRead(h, h->file, name, H5T_NATIVE_INT, 1, v, &found));
  if (!found) *v = -1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A figure of /, or NaN; *found may be NULL. */
static PetscErrorCode GetDouble(MSH5 *h, const char name[], double *v, PetscBool *found)
{
  PetscBool has;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeRead(h, h->file, name, H5T_NATIVE_DOUBLE, 1, v, &has));
  if (!has) *v = NAN;
  if (found) *found = has;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The attributes of /: provenance, figures, the scenario and the settings. */
static PetscErrorCode ReadAttributes(MSH5 *h, MSRunFile *rf)
{
  char       buf[PETSC_MAX_PATH_LEN];
  PetscBool  found;
  MSSettings s;

  PetscFunctionBegin;
  PetscCall(GetInt(h, "member", &rf->member));
  PetscCall(GetInt(h, "point", &rf->point));
  PetscCall(GetInt(h, "replicate", &rf->replicate));
  PetscCall(GetInt(h, "days", &rf->days));
  PetscCall(MSH5AttributeRead(h, h->file, "seed", H5T_NATIVE_UINT64, 1, &rf->seed, &found));
  PetscCall(MSH5AttributeRead(h, h->file, "scenario_hash", H5T_NATIVE_UINT64, 1, &rf->scenario_hash,
                              &rf->has_scenario_hash));
  PetscCall(GetDouble(h, "complete", &rf->complete, NULL));
  PetscCall(GetDouble(h, "ard", &rf->ard, &rf->has_ard));
  PetscCall(GetDouble(h, "ard_unrescaled", &rf->ard_unrescaled, NULL));
  PetscCall(MSH5AttributeReadString(h, h->file, "scenario", buf, sizeof(buf), &found));
  if (found && buf[0]) PetscCall(PetscStrallocpy(buf, &rf->scenario));
  /* the settings: the attributes that the settings' names name */
  PetscCall(MSSettingsSetDefaults(&s));
  PetscCall(PetscCalloc2(MSSettingsCount(), &rf->setting, MSSettingsCount(), &rf->value));
  for (int i = 0; i < MSSettingsCount(); i++) {
    const char *name;
    MSSettingsGetPair(&s, i, &name, buf, sizeof(buf));
    /* typed (float64, int64, bool, or a list of float64), or text in older files */
    PetscCall(MSH5AttributeReadText(h, h->file, name, buf, sizeof(buf), &found));
    if (!found) continue;
    PetscCall(PetscStrallocpy(name, &rf->setting[rf->nsettings]));
    PetscCall(PetscStrallocpy(buf, &rf->value[rf->nsettings++]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /daily/population: days x locations agent counts; read unless headers_only. */
static PetscErrorCode ReadPopulation(MSH5 *h, MSRunFile *rf, PetscBool headers_only)
{
  const char *name = "/daily/population";
  hid_t       d, t;
  hsize_t     dims[2];
  H5T_class_t cls;

  PetscFunctionBegin;
  PetscCall(Require(h, name));
  PetscCall(MSH5DatasetOpen(h, h->file, name, 2, dims, &d));
  MSH5Open(h, name, t, H5Dget_type, (d));
  MSH5CallReturn(h, name, cls, H5Tget_class, (t));
  PetscCall(MSH5Close(h, &t));
  PetscCheck(cls == H5T_INTEGER, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: dataset '%s' does not hold integers (not a migrasim output?)", h->path, name);
  PetscCheck(dims[0] > 0, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: dataset '%s' holds no days (the run wrote nothing yet)", h->path, name);
  PetscCheck(dims[1] == (hsize_t)rf->nloc, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: dataset '%s' has %llu columns but '/locations/name' %d locations", h->path, name,
             (unsigned long long)dims[1], rf->nloc);
  rf->ndays = (int)dims[0];
  if (!headers_only) {
    PetscCall(PetscMalloc1(dims[0] * dims[1] + 1, &rf->pop));
    MSH5Call(h, name, H5Dread, (d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, rf->pop));
  }
  PetscCall(MSH5Close(h, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadFile(MSH5 *h, MSRunFile *rf, PetscBool headers_only)
{
  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, 0, NULL));
  PetscCall(CheckCode(h));
  PetscCall(Require(h, "/locations/name"));
  PetscCall(MSH5StringsRead(h, h->file, "/locations/name", &rf->nloc, &rf->locname));
  PetscCall(ReadPopulation(h, rf, headers_only));
  PetscCall(ReadAttributes(h, rf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSRunFileRead(MPI_Comm comm, const char path[], PetscBool headers_only,
                             MSRunFile **rfp)
{
  MSRunFile     *rf;
  MSH5           h;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscNew(&rf));
  PetscCall(PetscStrallocpy(path, &rf->path));
  PetscCall(MSH5Begin(comm, rf->path, damaged, &h));
  ierr = ReadFile(&h, rf, headers_only);
  ierr = MSH5End(&h, ierr);
  if (ierr) PetscCall(MSRunFileDestroy(&rf));
  PetscCall(ierr);
  *rfp = rf;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSRunFileDestroy(MSRunFile **rfp)
{
  MSRunFile *rf = *rfp;

  PetscFunctionBegin;
  if (!rf) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscStrArrayDestroy(&rf->locname));
  for (int i = 0; i < rf->nsettings; i++) {
    PetscCall(PetscFree(rf->setting[i]));
    PetscCall(PetscFree(rf->value[i]));
  }
  PetscCall(PetscFree2(rf->setting, rf->value));
  PetscCall(PetscFree(rf->pop));
  PetscCall(PetscFree(rf->scenario));
  PetscCall(PetscFree(rf->path));
  PetscCall(PetscFree(*rfp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSRunFileSettings(MPI_Comm comm, const MSRunFile *rf, MSSettings *s, int *nmissing)
{
  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(s));
  for (int i = 0; i < rf->nsettings; i++)
    PetscCheck(MSSettingsSetPair(s, rf->setting[i], rf->value[i]) == 0, comm,
               PETSC_ERR_FILE_UNEXPECTED,
               "%s: attribute '%s': '%s' is not a valid value of this setting", rf->path,
               rf->setting[i], rf->value[i]);
  if (nmissing) *nmissing = MSSettingsCount() - rf->nsettings;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadCode(MSH5 *h, char code[], size_t len)
{
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, 0, NULL));
  PetscCall(MSH5AttributeReadString(h, h->file, "code", code, len, &found));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSRunFileCode(MPI_Comm comm, const char path[], char code[], size_t len)
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(comm, path, damaged, &h));
  PetscCall(MSH5End(&h, ReadCode(&h, code, len)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadComplete(MSH5 *h, double *complete)
{
  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, 0, NULL));
  PetscCall(GetDouble(h, "complete", complete, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSRunFileComplete(const char path[], PetscBool *complete)
{
  MSH5           h;
  double         v = 0;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(PETSC_COMM_SELF, path, NULL, &h));
  /* a file that is not there, or damaged, is simply not complete: no error line */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MSH5End(&h, ReadComplete(&h, &v));
  PetscCall(PetscPopErrorHandler());
  *complete = (PetscBool)(!ierr && v == 1.0);
  PetscFunctionReturn(PETSC_SUCCESS);
}
