/* Helpers of the C unit tests (tests/inflow.cmake): checks that print one line each, the
 * first message of an expected error, and files written to a scratch directory. */
#ifndef MS_UNIT_H
#define MS_UNIT_H

#define _POSIX_C_SOURCE 200809L /* mkdtemp(); include this header first */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "migrasim.h"

static int  unit_failures;
static char unit_msg[4096];
static char unit_dir[PETSC_MAX_PATH_LEN];

/* Print "ok:" or "FAIL:" and the formatted description; count the failures. */
static void UnitCheck(int ok, const char fmt[], ...) PETSC_ATTRIBUTE_FORMAT(2, 3);
static void UnitCheck(int ok, const char fmt[], ...)
{
  va_list ap;

  printf("%s ", ok ? "ok:  " : "FAIL:");
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  if (!ok) unit_failures++;
}

/* Keep the first message of an error, as the programs' handler prints it. */
static inline PetscErrorCode UnitCapture(MPI_Comm comm, int line, const char *fun, const char *file,
                                  PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL)
    (void)snprintf(unit_msg, sizeof(unit_msg), "%s", mess ? mess : "(no message)");
  return n;
}

/* Check that an error was raised (ierr) and that its message starts with prefix and
   contains sub (NULL: anything). */
static inline void UnitCheckError(PetscErrorCode ierr, const char what[], const char prefix[],
                           const char sub[])
{
  int ok = ierr && !strncmp(unit_msg, prefix, strlen(prefix)) && (!sub || strstr(unit_msg, sub));
  UnitCheck(ok, "%s: error '%s'", what, ierr ? unit_msg : "(none)");
  if (!ok) printf("       wanted '%s...'%s%s\n", prefix, sub ? " containing " : "", sub ? sub : "");
}

/* A scratch directory for the test's files, removed at exit. */
static inline void UnitRemoveDir(void)
{
  char cmd[PETSC_MAX_PATH_LEN + 16];
  (void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", unit_dir);
  if (system(cmd)) fprintf(stderr, "cannot remove %s\n", unit_dir);
}

static inline PetscErrorCode UnitMakeDir(void)
{
  const char *tmp = getenv("TMPDIR");

  PetscFunctionBegin;
  (void)snprintf(unit_dir, sizeof(unit_dir), "%s/ms_unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  PetscCheck(mkdtemp(unit_dir), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "mkdtemp failed");
  PetscCheck(!atexit(UnitRemoveDir), PETSC_COMM_SELF, PETSC_ERR_LIB, "atexit failed");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Write text to the scratch file name; its path goes to path[PETSC_MAX_PATH_LEN]. */
static inline PetscErrorCode UnitWriteFile(const char name[], const char text[], char path[])
{
  FILE *f;

  PetscFunctionBegin;
  PetscCheck(snprintf(path, PETSC_MAX_PATH_LEN, "%s/%s", unit_dir, name) < PETSC_MAX_PATH_LEN,
             PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "path too long: %s/%s", unit_dir, name);
  f = fopen(path, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  PetscCheck(fputs(text, f) >= 0 && !fclose(f), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "cannot write %s", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

#endif
