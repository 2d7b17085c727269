/* ms_h5: the one HDF5 layer of migrasim's files (outputs, checkpoints, validations,
 * calibrations, sweeps' member files).
 *
 * Every HDF5 call is made through MSH5Call or MSH5CallReturn, as PETSc's PetscCallHDF5: a
 * negative return raises a PETSc error on the file's communicator whose one line names the
 * file, the object and the call, "out.h5: field '/daily/population': HDF5 call H5Dwrite()
 * failed (disk full?)". HDF5's own error stack is not printed: migrasim reports its errors.
 *
 * Every handle is opened through MSH5Open, which keeps it in the MSH5 of its file. A handle
 * is closed by MSH5Close once done with, and whatever an error left open is closed by
 * MSH5End, the last opened first. A reader or a writer is therefore written as
 *
 *   PetscCall(MSH5Begin(comm, path, hint, &h));
 *   ierr = Work(&h, ...);          (returns at its first error, handles left in h)
 *   PetscCall(MSH5End(&h, ierr));  (closes them all, then passes ierr on)
 *
 * so that a sweep or a validation that goes on after a failed file leaks no handle.
 *
 * A file of a run of several ranks is opened by rank 0 alone, with HDF5's default driver: no
 * HDF5 call is collective. (Parallel HDF5 cannot fail on one rank: a metadata write that fails
 * there skips the barrier the other ranks then wait in, inside the same H5Fflush() or
 * H5Fclose(), and MPI-IO prints a line of its own.) What the ranks write in bulk, a
 * checkpoint's agents, each writes with POSIX calls into space rank 0 allocated. Every stretch
 * of I/O is a phase (MSErrorPhase, ms_errors.h) whose outcome the ranks agree on before any of
 * them goes on: a failure on any rank is then one error line, from rank 0, and an error on
 * every rank; a phase that ends with MSH5End() leaves no handle open, e.g.
 *
 *   MSErrorPhase(comm, rank == 0, MSH5End(&h, WriteTables(&h, ...)));  */
#ifndef MS_H5_H
#define MS_H5_H

#include <hdf5.h>
#include "migrasim.h"
#include "ms_errors.h"

#define MSH5_MAX_OPEN 32

typedef struct {
  MPI_Comm       comm; /* errors are raised on it */
  const char    *path; /* named by every error; the caller's string, kept while h is in use */
  const char    *hint; /* ends the message of a failed call: " (disk full?)", or "" */
  PetscErrorCode code; /* of those errors: PETSC_ERR_FILE_READ, or _WRITE for a file written */
  hid_t          file; /* the open file, or H5I_INVALID_HID */
  int            nopen;
  hid_t          open[MSH5_MAX_OPEN]; /* handles still to close, in the order opened */
} MSH5;

/* How a file is opened: for reading and writing (else read-only). */
#define MSH5_RDWR 1u

/* Raise the error of a failed HDF5 call func on obj (NULL: the file); the macros' end. */
PetscErrorCode MSH5Error(const MSH5 *h, const char obj[], const char func[], int line,
                         const char fun[], const char file[]);

/* Call func args, an HDF5 function returning herr_t or htri_t; a negative return raises the
   error "PATH: field 'OBJ': HDF5 call FUNC() failed HINT" (obj NULL: no field). */
#define MSH5Call(h, obj, func, args)                                            \
  do {                                                                          \
    herr_t ms_h5_status_;                                                       \
    PetscStackPushExternal(#func);                                              \
    ms_h5_status_ = func args;                                                  \
    PetscStackPop;                                                              \
    if (PetscUnlikely(ms_h5_status_ < 0))                                       \
      return MSH5Error(h, obj, #func, __LINE__, PETSC_FUNCTION_NAME, __FILE__); \
  } while (0)

/* As MSH5Call, for a function whose result ret (hid_t, htri_t, int, ...) is negative on error. */
#define MSH5CallReturn(h, obj, ret, func, args)                                 \
  do {                                                                          \
    PetscStackPushExternal(#func);                                              \
    ret = func args;                                                            \
    PetscStackPop;                                                              \
    if (PetscUnlikely((ret) < 0))                                               \
      return MSH5Error(h, obj, #func, __LINE__, PETSC_FUNCTION_NAME, __FILE__); \
  } while (0)

/* As MSH5CallReturn for a function that returns a new handle id, which h then keeps. */
#define MSH5Open(h, obj, id, func, args)    \
  do {                                      \
    MSH5CallReturn(h, obj, id, func, args); \
    PetscCall(MSH5Keep(h, id));             \
  } while (0)

/* Start working on the file path (not yet opened) with errors raised on comm; hint ends the
   message of a failed call or open (what the failure most likely means, e.g. " (truncated or
   corrupted file)"; NULL for none). Silences HDF5's error printing. */
PetscErrorCode MSH5Begin(MPI_Comm comm, const char path[], const char hint[], MSH5 *h);

/* Close every handle still open in h, the last opened first. With pending nonzero (an error
   already raised) closing is quiet and pending is returned; otherwise a failed close is the
   error. */
PetscErrorCode MSH5End(MSH5 *h, PetscErrorCode pending);

/* Keep id, to be closed with the others (MSH5Open does this); id is closed at once when h
   holds MSH5_MAX_OPEN handles already. */
PetscErrorCode MSH5Keep(MSH5 *h, hid_t id);

/* Close the handle *id that h keeps, now, and set it to H5I_INVALID_HID. */
PetscErrorCode MSH5Close(MSH5 *h, hid_t *id);

/* Create (or replace) h's file, kept in h->file. Refused with "PATH: cannot create the file
   (directory missing or not writable?)". */
PetscErrorCode MSH5FileCreate(MSH5 *h);

/* Open h's existing file, kept in h->file; mode: MSH5_RDWR or 0. A file that
   cannot be opened is refused with one line "PATH: [field 'FIELD': ]WHY": cannot open the file
   (the system's reason), not an HDF5 file HINT, HDF5 cannot open the file HINT, or, for
   writing, cannot open the file for writing (read-only, or still open in a running job?). */
PetscErrorCode MSH5FileOpen(MSH5 *h, unsigned mode, const char field[]);

/* Whether the object name (e.g. "daily/population") exists under loc, each link on the way
   checked. */
PetscErrorCode MSH5Exists(MSH5 *h, hid_t loc, const char name[], PetscBool *found);

/* A group created under loc, kept in h. */
PetscErrorCode MSH5GroupCreate(MSH5 *h, hid_t loc, const char name[], hid_t *g);

/* A fixed-length string type of n characters (at least 1), null-padded, kept in h. */
PetscErrorCode MSH5StringType(MSH5 *h, size_t n, hid_t *t);

/* Write the n values v (memory and file type type) as attribute name of obj, replacing one of
   that name: a scalar for n = 1, else a 1-D array. */
PetscErrorCode MSH5AttributeWrite(MSH5 *h, hid_t obj, const char name[], hid_t type, hsize_t n,
                                  const void *v);

/* A variable-length UTF-8 string type, kept in h: the type of every string migrasim writes
   but /daily/date's fixed ten characters. */
PetscErrorCode MSH5VarStringType(MSH5 *h, hid_t *t);

/* Write the string v as attribute name of obj (variable-length UTF-8), replacing one. */
PetscErrorCode MSH5AttributeWriteString(MSH5 *h, hid_t obj, const char name[], const char v[]);

/* Write v as the bool attribute name of obj, replacing one: h5py's bool type (an enum of FALSE
   and TRUE over int8), which numpy reads as bool. */
PetscErrorCode MSH5AttributeWriteBool(MSH5 *h, hid_t obj, const char name[], PetscBool v);

/* Write the attributes units and description of the dataset name under loc (a reader needs
   no document to know what it holds). */
PetscErrorCode MSH5Describe(MSH5 *h, hid_t loc, const char name[], const char units[],
                            const char description[]);

/* Read the numeric attribute name of obj, n values converted to memtype, into v; *found is
   PETSC_FALSE (v untouched) when obj has none. An attribute that is not n numbers is an error
   "PATH: field 'NAME': ...". */
PetscErrorCode MSH5AttributeRead(MSH5 *h, hid_t obj, const char name[], hid_t memtype, hsize_t n,
                                 void *v, PetscBool *found);

/* Read the string attribute name of obj (fixed or variable length) into buf[len], truncated
   to fit; *found is PETSC_FALSE (buf "") when obj has none. */
PetscErrorCode MSH5AttributeReadString(MSH5 *h, hid_t obj, const char name[], char buf[],
                                       size_t len, PetscBool *found);

/* Read the attribute name of obj, of any type migrasim writes, as text into buf[len]: a string
   as it is, numbers in their shortest exact form (comma-separated for an array), a bool as
   true or false; *found is PETSC_FALSE (buf "") when obj has none. */
PetscErrorCode MSH5AttributeReadText(MSH5 *h, hid_t obj, const char name[], char buf[], size_t len,
                                     PetscBool *found);

/* Open the existing dataset name under loc, kept in h, which must have rank dimensions; dims
   receives its shape. */
PetscErrorCode MSH5DatasetOpen(MSH5 *h, hid_t loc, const char name[], int rank, hsize_t dims[],
                               hid_t *d);

/* Create the dataset name under loc of file type ftype and shape dims[rank] and, where write is
   true, write buf (memory type mtype) into it whole (an empty dataset is not written). */
PetscErrorCode MSH5DatasetWrite(MSH5 *h, hid_t loc, const char name[], hid_t ftype, hid_t mtype,
                                int rank, const hsize_t dims[], PetscBool write, const void *buf);

/* The n strings s as the 1-D dataset name under loc, variable-length UTF-8; created and
   written as MSH5DatasetWrite(). */
PetscErrorCode MSH5StringsWrite(MSH5 *h, hid_t loc, const char name[], int n, const char *const s[],
                                PetscBool write);

/* The strings of the existing 1-D dataset name under loc (fixed or variable length) into *s,
   n of them and a NULL after: free with PetscStrArrayDestroy(). A dataset of anything else is
   an error "PATH: field 'NAME': not strings". */
PetscErrorCode MSH5StringsRead(MSH5 *h, hid_t loc, const char name[], int *n, char ***s);

#endif
