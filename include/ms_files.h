/* ms_files: the files a run writes, written safely (src/io/files.c).
 *
 * A file is written under a temporary name beside its own (FILE.partial, a checkpoint's
 * PREFIX.h5.tmp) and renamed into place once whole, so that its name only ever holds a whole
 * file; every path a run will write is checked before its first day. Rank 0 does the file
 * system's work; every function is collective on comm and fails on every rank alike. */
#ifndef MS_FILES_H
#define MS_FILES_H

#include "migrasim.h"

/* The name a file is written under until it is whole: path with ".partial". */
PetscErrorCode MSFilePartialName(const char path[], char partial[], size_t len);

/* Check that path (given by option, e.g. "-flee_csv") can be written: it is not a directory,
   and a file can be created beside it (one is created and removed). Refused with one line
   "option OPTION: cannot write PATH (why)". */
PetscErrorCode MSFileCheckWritable(MPI_Comm comm, const char option[], const char path[]);

/* Rename the whole file from to: to then holds it, or, on a failure, the older file it held;
   durable: from is made durable (fsync) first, so that to survives a crash of the machine too
   (a checkpoint), not only of the run. Refused with one line "TO: cannot put FROM in place
   (why)". */
PetscErrorCode MSFileCommit(MPI_Comm comm, const char from[], const char to[], PetscBool durable);

/* Remove path if it is there (a file left partial by a failure); says nothing. */
PetscErrorCode MSFileRemove(MPI_Comm comm, const char path[]);

/* Whether path exists (as rank 0 sees it). */
PetscErrorCode MSFileExists(MPI_Comm comm, const char path[], PetscBool *exists);

#endif
