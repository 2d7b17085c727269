/* The files a run writes, written safely (ms_files.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ms_files.h"

PetscErrorCode MSFilePartialName(const char path[], char partial[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(partial, len, "%s.partial", path));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0's errno, known to every rank. */
static PetscErrorCode Share(MPI_Comm comm, int *err)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Bcast(err, 1, MPI_INT, 0, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSFileCheckWritable(MPI_Comm comm, const char option[], const char path[])
{
  PetscMPIInt rank;
  int         err = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    struct stat st;
    char        probe[PETSC_MAX_PATH_LEN + 32];
    int         fd;

    snprintf(probe, sizeof(probe), "%s.probe-XXXXXX", path);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
      err = EISDIR;
    else if ((fd = mkstemp(probe)) < 0)
      err = errno;
    else {
      (void)close(fd);
      (void)unlink(probe);
    }
  }
  PetscCall(Share(comm, &err));
  PetscCheck(!err, comm, PETSC_ERR_FILE_OPEN, "option %s: cannot write %s (%s)", option, path,
             strerror(err));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSFileCommit(MPI_Comm comm, const char from[], const char to[], PetscBool durable)
{
  PetscMPIInt rank;
  int         err = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    int fd = durable ? open(from, O_RDONLY) : -1;
    if ((durable && (fd < 0 || fsync(fd) != 0)) || rename(from, to) != 0) err = errno ? errno : EIO;
    if (fd >= 0) (void)close(fd);
  }
  PetscCall(Share(comm, &err));
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "%s: cannot put %s in place (%s)", to, from,
             strerror(err));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSFileRemove(MPI_Comm comm, const char path[])
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) (void)unlink(path);
  PetscCallMPI(MPI_Barrier(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSFileExists(MPI_Comm comm, const char path[], PetscBool *exists)
{
  PetscMPIInt rank;
  int         there = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) there = access(path, F_OK) == 0;
  PetscCall(Share(comm, &there));
  *exists = (PetscBool)there;
  PetscFunctionReturn(PETSC_SUCCESS);
}
