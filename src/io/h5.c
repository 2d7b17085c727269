/* The HDF5 layer of ms_h5.h: checked calls, handles closed on every path, and the few shapes
   of data migrasim's files hold (scalar attributes, whole datasets, string tables). */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "ms_format.h"
#include "ms_h5.h"

PetscErrorCode MSH5Error(const MSH5 *h, const char obj[], const char func[], int line,
                         const char fun[], const char file[])
{
  return PetscError(h->comm, line, fun, file, h->code, PETSC_ERROR_INITIAL,
                    "%s: %s%s%sHDF5 call %s() failed%s", h->path, obj ? "field '" : "",
                    obj ? obj : "", obj ? "': " : "", func, h->hint);
}

PetscErrorCode MSH5Begin(MPI_Comm comm, const char path[], const char hint[], MSH5 *h)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(h, sizeof(*h)));
  h->comm = comm, h->path = path, h->hint = hint ? hint : "", h->code = PETSC_ERR_FILE_READ;
  h->file = H5I_INVALID_HID;
  /* migrasim reports its errors in one line: HDF5's stack dumps would bury it */
  MSH5Call(h, NULL, H5Eset_auto2, (H5E_DEFAULT, NULL, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Close id with the close function of its kind. */
static herr_t CloseId(hid_t id)
{
  switch (H5Iget_type(id)) {
  case H5I_FILE: return H5Fclose(id);
  case H5I_GROUP: return H5Gclose(id);
  case H5I_DATASET: return H5Dclose(id);
  case H5I_DATASPACE: return H5Sclose(id);
  case H5I_DATATYPE: return H5Tclose(id);
  case H5I_ATTR: return H5Aclose(id);
  case H5I_GENPROP_LST: return H5Pclose(id);
  default: return -1;
  }
}

PetscErrorCode MSH5Keep(MSH5 *h, hid_t id)
{
  PetscFunctionBegin;
  if (h->nopen == MSH5_MAX_OPEN) (void)CloseId(id);
  PetscCheck(h->nopen < MSH5_MAX_OPEN, h->comm, PETSC_ERR_PLIB,
             "%s: more than %d HDF5 handles open at once", h->path, MSH5_MAX_OPEN);
  h->open[h->nopen++] = id;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5Close(MSH5 *h, hid_t *id)
{
  int k = h->nopen - 1;

  PetscFunctionBegin;
  while (k >= 0 && h->open[k] != *id) k--;
  PetscCheck(k >= 0, h->comm, PETSC_ERR_PLIB, "%s: closing an HDF5 handle not kept", h->path);
  for (; k + 1 < h->nopen; k++) h->open[k] = h->open[k + 1];
  h->nopen--;
  if (*id == h->file) h->file = H5I_INVALID_HID;
  /* closing writes what HDF5 holds of the object: it fails as a write does */
  PetscCheck(CloseId(*id) >= 0, h->comm, h->code, "%s: HDF5 cannot close an object of the file%s",
             h->path, h->hint);
  *id = H5I_INVALID_HID;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Give up a file whose data cannot reach the disk (a write failed): its descriptor is pointed
   at an anonymous memory file, which closes the file on disk and takes HDF5's later writes. */
static void GiveUp(hid_t file)
{
  void *handle = NULL;
  int   mem;

  if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || !handle) return;
  mem = memfd_create("migrasim-given-up", 0);
  if (mem < 0) return;
  (void)dup2(mem, *(int *)handle);
  (void)close(mem);
}

/* Close a file; one open for writing is flushed first, and given up when that fails. HDF5 1.10
   fails every flush after a failed one until its metadata cache has been written out: the flush
   into the memory file does that (and fails), the next one succeeds, and so does the close
   (a failed H5Fclose() leaves HDF5 to crash at exit, in MPI_Finalize()). */
static herr_t CloseFile(hid_t file)
{
  unsigned intent = 0;
  herr_t   ok     = 0;

  if (H5Fget_intent(file, &intent) >= 0 && (intent & H5F_ACC_RDWR) &&
      H5Fflush(file, H5F_SCOPE_LOCAL) < 0) {
    GiveUp(file);
    (void)H5Fflush(file, H5F_SCOPE_LOCAL);
    ok = -1;
  }
  return H5Fclose(file) < 0 ? -1 : ok;
}

PetscErrorCode MSH5End(MSH5 *h, PetscErrorCode pending)
{
  herr_t failed = 0;

  PetscFunctionBegin;
  /* every handle is closed, whatever fails: the file last, once nothing in it is open */
  while (h->nopen > 0) {
    hid_t id = h->open[--h->nopen];
    if ((H5Iget_type(id) == H5I_FILE ? CloseFile(id) : CloseId(id)) < 0) failed = -1;
  }
  h->file = H5I_INVALID_HID;
  if (pending) PetscFunctionReturn(pending); /* already raised, and the cause of any failure here */
  PetscCheck(failed >= 0, h->comm, h->code, "%s: HDF5 cannot close the file%s", h->path, h->hint);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5FileCreate(MSH5 *h)
{
  PetscFunctionBegin;
  h->code = PETSC_ERR_FILE_WRITE;
  PetscStackPushExternal("H5Fcreate");
  h->file = H5Fcreate(h->path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  PetscStackPop;
  PetscCheck(h->file >= 0, h->comm, PETSC_ERR_FILE_OPEN,
             "%s: cannot create the file (directory missing or not writable?)", h->path);
  PetscCall(MSH5Keep(h, h->file));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5FileOpen(MSH5 *h, unsigned mode, const char field[])
{
  const char *f0 = field ? "field '" : "", *f1 = field ? field : "", *f2 = field ? "': " : "";
  FILE       *probe;
  htri_t      is;

  PetscFunctionBegin;
  h->code = mode & MSH5_RDWR ? PETSC_ERR_FILE_WRITE : PETSC_ERR_FILE_READ;
  /* why a file cannot be opened, in the order a user would check */
  probe = fopen(h->path, "rb");
  PetscCheck(probe, h->comm, PETSC_ERR_FILE_OPEN, "%s: %s%s%scannot open the file (%s)", h->path,
             f0, f1, f2, strerror(errno));
  (void)fclose(probe);
  MSH5CallReturn(h, NULL, is, H5Fis_hdf5, (h->path));
  PetscCheck(is > 0, h->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: %s%s%snot an HDF5 file%s", h->path,
             f0, f1, f2, h->hint);
  PetscStackPushExternal("H5Fopen");
  h->file = H5Fopen(h->path, mode & MSH5_RDWR ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT);
  PetscStackPop;
  if (h->file < 0 && (mode & MSH5_RDWR)) {
    /* readable but not writable: a read-only file, or one a running job holds (HDF5 locks) */
    hid_t ro = H5Fopen(h->path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (ro >= 0) (void)H5Fclose(ro);
    PetscCheck(ro < 0, h->comm, PETSC_ERR_FILE_OPEN,
               "%s: %s%s%scannot open the file for writing (read-only, or still open in a running "
               "job?)",
               h->path, f0, f1, f2);
  }
  PetscCheck(h->file >= 0, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s%s%sHDF5 cannot open the file%s", h->path, f0, f1, f2, h->hint);
  PetscCall(MSH5Keep(h, h->file));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5Exists(MSH5 *h, hid_t loc, const char name[], PetscBool *found)
{
  char part[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  *found = PETSC_FALSE;
  /* H5Lexists fails, rather than says no, when a group on the way is missing */
  for (const char *p = strchr(name + 1, '/');; p = strchr(p + 1, '/')) {
    size_t n = p ? (size_t)(p - name) : strlen(name);
    htri_t e;

    PetscCheck(n < sizeof(part), h->comm, PETSC_ERR_ARG_SIZ, "%s: name too long: %s", h->path,
               name);
    PetscCall(PetscMemcpy(part, name, n));
    part[n] = 0;
    MSH5CallReturn(h, name, e, H5Lexists, (loc, part, H5P_DEFAULT));
    if (e <= 0) PetscFunctionReturn(PETSC_SUCCESS);
    if (!p) break;
  }
  *found = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5GroupCreate(MSH5 *h, hid_t loc, const char name[], hid_t *g)
{
  PetscFunctionBegin;
  MSH5Open(h, name, *g, H5Gcreate2, (loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5StringType(MSH5 *h, size_t n, hid_t *t)
{
  PetscFunctionBegin;
  MSH5Open(h, NULL, *t, H5Tcopy, (H5T_C_S1));
  MSH5Call(h, NULL, H5Tset_size, (*t, n > 0 ? n : 1));
  MSH5Call(h, NULL, H5Tset_strpad, (*t, H5T_STR_NULLPAD));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5VarStringType(MSH5 *h, hid_t *t)
{
  PetscFunctionBegin;
  MSH5Open(h, NULL, *t, H5Tcopy, (H5T_C_S1));
  MSH5Call(h, NULL, H5Tset_size, (*t, H5T_VARIABLE));
  MSH5Call(h, NULL, H5Tset_cset, (*t, H5T_CSET_UTF8));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5AttributeWrite(MSH5 *h, hid_t obj, const char name[], hid_t type, hsize_t n,
                                  const void *v)
{
  hid_t  sp, a;
  htri_t exists;

  PetscFunctionBegin;
  /* a restart, or a second validation, updates what it must */
  MSH5CallReturn(h, name, exists, H5Aexists, (obj, name));
  if (exists) MSH5Call(h, name, H5Adelete, (obj, name));
  if (n == 1)
    MSH5Open(h, name, sp, H5Screate, (H5S_SCALAR));
  else
    MSH5Open(h, name, sp, H5Screate_simple, (1, &n, NULL));
  MSH5Open(h, name, a, H5Acreate2, (obj, name, type, sp, H5P_DEFAULT, H5P_DEFAULT));
  MSH5Call(h, name, H5Awrite, (a, type, v));
  PetscCall(MSH5Close(h, &a));
  PetscCall(MSH5Close(h, &sp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5AttributeWriteString(MSH5 *h, hid_t obj, const char name[], const char v[])
{
  hid_t t;

  PetscFunctionBegin;
  PetscCall(MSH5VarStringType(h, &t));
  PetscCall(MSH5AttributeWrite(h, obj, name, t, 1, &v));
  PetscCall(MSH5Close(h, &t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5AttributeWriteBool(MSH5 *h, hid_t obj, const char name[], PetscBool v)
{
  signed char f = 0, tr = 1, b = v ? 1 : 0;
  hid_t       t;

  PetscFunctionBegin;
  /* h5py's own bool: an enum of FALSE and TRUE over int8, which numpy reads as bool */
  MSH5Open(h, name, t, H5Tenum_create, (H5T_NATIVE_SCHAR));
  MSH5Call(h, name, H5Tenum_insert, (t, "FALSE", &f));
  MSH5Call(h, name, H5Tenum_insert, (t, "TRUE", &tr));
  PetscCall(MSH5AttributeWrite(h, obj, name, t, 1, &b));
  PetscCall(MSH5Close(h, &t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5Describe(MSH5 *h, hid_t loc, const char name[], const char units[],
                            const char description[])
{
  hid_t d;

  PetscFunctionBegin;
  MSH5Open(h, name, d, H5Dopen2, (loc, name, H5P_DEFAULT));
  PetscCall(MSH5AttributeWriteString(h, d, "units", units));
  PetscCall(MSH5AttributeWriteString(h, d, "description", description));
  PetscCall(MSH5Close(h, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Open attribute name of obj, kept in h, and its type class, if obj has it. */
static PetscErrorCode AttributeOpen(MSH5 *h, hid_t obj, const char name[], hid_t *a, hid_t *t,
                                    H5T_class_t *cls, PetscBool *found)
{
  htri_t exists;

  PetscFunctionBegin;
  MSH5CallReturn(h, name, exists, H5Aexists, (obj, name));
  *found = (PetscBool)(exists > 0);
  if (!*found) PetscFunctionReturn(PETSC_SUCCESS);
  MSH5Open(h, name, *a, H5Aopen, (obj, name, H5P_DEFAULT));
  MSH5Open(h, name, *t, H5Aget_type, (*a));
  MSH5CallReturn(h, name, *cls, H5Tget_class, (*t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5AttributeRead(MSH5 *h, hid_t obj, const char name[], hid_t memtype, hsize_t n,
                                 void *v, PetscBool *found)
{
  hid_t       a, t, sp;
  H5T_class_t cls;
  hssize_t    npoints;

  PetscFunctionBegin;
  PetscCall(AttributeOpen(h, obj, name, &a, &t, &cls, found));
  if (!*found) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(cls == H5T_INTEGER || cls == H5T_FLOAT, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '%s': not a number", h->path, name);
  MSH5Open(h, name, sp, H5Aget_space, (a));
  MSH5CallReturn(h, name, npoints, H5Sget_simple_extent_npoints, (sp));
  PetscCheck((hsize_t)npoints == n, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '%s': %lld values, not %llu", h->path, name, (long long)npoints,
             (unsigned long long)n);
  MSH5Call(h, name, H5Aread, (a, memtype, v));
  PetscCall(MSH5Close(h, &sp));
  PetscCall(MSH5Close(h, &t));
  PetscCall(MSH5Close(h, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The size of the fixed-length type t. */
static PetscErrorCode TypeSize(MSH5 *h, const char obj[], hid_t t, size_t *n)
{
  PetscFunctionBegin;
  PetscStackPushExternal("H5Tget_size");
  *n = H5Tget_size(t);
  PetscStackPop;
  if (PetscUnlikely(*n == 0))
    return MSH5Error(h, obj, "H5Tget_size", __LINE__, PETSC_FUNCTION_NAME, __FILE__);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The memory type of variable-length strings of the character set of the file's type t (HDF5
   converts none between ASCII and UTF-8). */
static PetscErrorCode VarStringTypeOf(MSH5 *h, const char name[], hid_t t, hid_t *mt)
{
  H5T_cset_t cset;

  PetscFunctionBegin;
  PetscStackPushExternal("H5Tget_cset");
  cset = H5Tget_cset(t);
  PetscStackPop;
  if (PetscUnlikely(cset < 0))
    return MSH5Error(h, name, "H5Tget_cset", __LINE__, PETSC_FUNCTION_NAME, __FILE__);
  MSH5Open(h, name, *mt, H5Tcopy, (H5T_C_S1));
  MSH5Call(h, name, H5Tset_size, (*mt, H5T_VARIABLE));
  MSH5Call(h, name, H5Tset_cset, (*mt, cset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5AttributeReadString(MSH5 *h, hid_t obj, const char name[], char buf[],
                                       size_t len, PetscBool *found)
{
  hid_t       a, t;
  H5T_class_t cls;
  htri_t      vlen;

  PetscFunctionBegin;
  buf[0] = 0;
  PetscCall(AttributeOpen(h, obj, name, &a, &t, &cls, found));
  if (!*found) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(cls == H5T_STRING, h->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: field '%s': not a string",
             h->path, name);
  MSH5CallReturn(h, name, vlen, H5Tis_variable_str, (t));
  if (vlen) {
    char *p = NULL;
    hid_t mt;

    PetscCall(VarStringTypeOf(h, name, t, &mt));
    MSH5Call(h, name, H5Aread, (a, mt, &p));
    if (p) {
      PetscCall(PetscStrncpy(buf, p, len));
      MSH5Call(h, name, H5free_memory, (p));
    }
    PetscCall(MSH5Close(h, &mt));
  } else {
    size_t n;
    char  *tmp;

    PetscCall(TypeSize(h, name, t, &n));
    PetscCall(PetscCalloc1(n + 1, &tmp));
    /* the attribute's own type: null-padded and null-terminated strings alike */
    MSH5Call(h, name, H5Aread, (a, t, tmp));
    PetscCall(PetscStrncpy(buf, tmp, len));
    PetscCall(PetscFree(tmp));
  }
  PetscCall(MSH5Close(h, &t));
  PetscCall(MSH5Close(h, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The n values of attribute a (class cls, file type t) as text into buf[len], comma-separated. */
static PetscErrorCode NumbersText(MSH5 *h, const char name[], hid_t a, hid_t t, H5T_class_t cls,
                                  hsize_t n, char buf[], size_t len)
{
  double     *x;
  int64_t    *i;
  uint64_t   *u;
  signed char e[64];
  H5T_sign_t  sign = H5T_SGN_2;
  size_t      o    = 0, w;

  PetscFunctionBegin;
  PetscCheck(n <= 64, h->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: field '%s': %llu values", h->path,
             name, (unsigned long long)n);
  PetscCall(PetscCalloc3(n + 1, &x, n + 1, &i, n + 1, &u));
  if (cls == H5T_ENUM) { /* a bool (MSH5AttributeWriteBool): its own one-byte type */
    PetscCall(TypeSize(h, name, t, &w));
    PetscCheck(w == 1, h->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: field '%s': not a bool", h->path,
               name);
    MSH5Call(h, name, H5Aread, (a, t, e));
  } else if (cls == H5T_INTEGER) {
    PetscStackPushExternal("H5Tget_sign");
    sign = H5Tget_sign(t);
    PetscStackPop;
    if (sign == H5T_SGN_NONE)
      MSH5Call(h, name, H5Aread, (a, H5T_NATIVE_UINT64, u));
    else
      MSH5Call(h, name, H5Aread, (a, H5T_NATIVE_INT64, i));
  } else
    MSH5Call(h, name, H5Aread, (a, H5T_NATIVE_DOUBLE, x));
  buf[0] = 0;
  for (hsize_t k = 0; k < n && o + 1 < len; k++) {
    char v[32];
    if (cls == H5T_ENUM)
      snprintf(v, sizeof(v), "%s", e[k] ? "true" : "false");
    else if (cls == H5T_INTEGER && sign == H5T_SGN_NONE)
      snprintf(v, sizeof(v), "%llu", (unsigned long long)u[k]);
    else if (cls == H5T_INTEGER)
      snprintf(v, sizeof(v), "%lld", (long long)i[k]);
    else
      MSFormatReal(x[k], v, sizeof(v));
    o += (size_t)snprintf(buf + o, len - o, "%s%s", k ? "," : "", v);
  }
  PetscCall(PetscFree3(x, i, u));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5AttributeReadText(MSH5 *h, hid_t obj, const char name[], char buf[], size_t len,
                                     PetscBool *found)
{
  hid_t       a, t, sp;
  H5T_class_t cls;
  hssize_t    n;

  PetscFunctionBegin;
  buf[0] = 0;
  PetscCall(AttributeOpen(h, obj, name, &a, &t, &cls, found));
  if (!*found) PetscFunctionReturn(PETSC_SUCCESS);
  if (cls == H5T_STRING) {
    PetscCall(MSH5Close(h, &t));
    PetscCall(MSH5Close(h, &a));
    PetscCall(MSH5AttributeReadString(h, obj, name, buf, len, found));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(cls == H5T_INTEGER || cls == H5T_FLOAT || cls == H5T_ENUM, h->comm,
             PETSC_ERR_FILE_UNEXPECTED, "%s: field '%s': neither text, a number nor a bool",
             h->path, name);
  MSH5Open(h, name, sp, H5Aget_space, (a));
  MSH5CallReturn(h, name, n, H5Sget_simple_extent_npoints, (sp));
  PetscCall(MSH5Close(h, &sp));
  PetscCall(NumbersText(h, name, a, t, cls, (hsize_t)n, buf, len));
  PetscCall(MSH5Close(h, &t));
  PetscCall(MSH5Close(h, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5DatasetOpen(MSH5 *h, hid_t loc, const char name[], int rank, hsize_t dims[],
                               hid_t *d)
{
  hid_t sp;
  int   nd;

  PetscFunctionBegin;
  MSH5Open(h, name, *d, H5Dopen2, (loc, name, H5P_DEFAULT));
  MSH5Open(h, name, sp, H5Dget_space, (*d));
  MSH5CallReturn(h, name, nd, H5Sget_simple_extent_ndims, (sp));
  PetscCheck(nd == rank, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '%s': %d dimensions, not %d", h->path, name, nd, rank);
  MSH5CallReturn(h, name, nd, H5Sget_simple_extent_dims, (sp, dims, NULL));
  PetscCall(MSH5Close(h, &sp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5DatasetWrite(MSH5 *h, hid_t loc, const char name[], hid_t ftype, hid_t mtype,
                                int rank, const hsize_t dims[], PetscBool write, const void *buf)
{
  hid_t   sp, d;
  hsize_t n = 1;

  PetscFunctionBegin;
  for (int k = 0; k < rank; k++) n *= dims[k];
  MSH5Open(h, name, sp, H5Screate_simple, (rank, dims, NULL));
  MSH5Open(h, name, d, H5Dcreate2, (loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (write && n > 0) MSH5Call(h, name, H5Dwrite, (d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
  PetscCall(MSH5Close(h, &d));
  PetscCall(MSH5Close(h, &sp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5StringsWrite(MSH5 *h, hid_t loc, const char name[], int n, const char *const s[],
                                PetscBool write)
{
  hid_t   t;
  hsize_t dim = (hsize_t)n;

  PetscFunctionBegin;
  PetscCall(MSH5VarStringType(h, &t));
  PetscCall(MSH5DatasetWrite(h, loc, name, t, t, 1, &dim, write, s));
  PetscCall(MSH5Close(h, &t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The n variable-length strings of dataset d into s[0..n). */
static PetscErrorCode ReadVariableStrings(MSH5 *h, const char name[], hid_t d, hid_t t, hsize_t n,
                                          char **s)
{
  char **p;
  hid_t  mt, sp;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(n + 1, &p));
  PetscCall(VarStringTypeOf(h, name, t, &mt));
  MSH5Call(h, name, H5Dread, (d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, p));
  for (hsize_t i = 0; i < n; i++) PetscCall(PetscStrallocpy(p[i] ? p[i] : "", &s[i]));
  MSH5Open(h, name, sp, H5Dget_space, (d));
  MSH5Call(h, name, H5Dvlen_reclaim, (mt, sp, H5P_DEFAULT, p));
  PetscCall(MSH5Close(h, &sp));
  PetscCall(MSH5Close(h, &mt));
  PetscCall(PetscFree(p));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The n fixed-length strings (type t) of dataset d into s[0..n). */
static PetscErrorCode ReadFixedStrings(MSH5 *h, const char name[], hid_t d, hid_t t, hsize_t n,
                                       char **s)
{
  size_t w;
  char  *buf;

  PetscFunctionBegin;
  PetscCall(TypeSize(h, name, t, &w));
  PetscCall(PetscCalloc1(n * w + 1, &buf));
  MSH5Call(h, name, H5Dread, (d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
  for (hsize_t i = 0; i < n; i++) {
    PetscCall(PetscCalloc1(w + 1, &s[i]));
    PetscCall(PetscMemcpy(s[i], buf + i * w, w));
  }
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSH5StringsRead(MSH5 *h, hid_t loc, const char name[], int *n, char ***s)
{
  hid_t       d, t;
  hsize_t     dim;
  H5T_class_t cls;
  htri_t      vlen;

  PetscFunctionBegin;
  *n = 0, *s = NULL;
  PetscCall(MSH5DatasetOpen(h, loc, name, 1, &dim, &d));
  MSH5Open(h, name, t, H5Dget_type, (d));
  MSH5CallReturn(h, name, cls, H5Tget_class, (t));
  PetscCheck(cls == H5T_STRING, h->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: field '%s': not strings",
             h->path, name);
  MSH5CallReturn(h, name, vlen, H5Tis_variable_str, (t));
  PetscCall(PetscCalloc1(dim + 1, s));
  if (dim > 0 && vlen)
    PetscCall(ReadVariableStrings(h, name, d, t, dim, *s));
  else if (dim > 0)
    PetscCall(ReadFixedStrings(h, name, d, t, dim, *s));
  *n = (int)dim;
  PetscCall(MSH5Close(h, &t));
  PetscCall(MSH5Close(h, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}
