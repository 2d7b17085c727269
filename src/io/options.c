/* Options that nothing reads: refused unless known or PETSc's own (ms_options.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "ms_memory.h"
#include "ms_options.h"
#include "ms_settings.h"

/* Prefixes of PETSc's own options, which its objects read only where they are used (a
   -mat_partitioning_type without ParMETIS) or at the end (-log_view); separated by spaces. */
static const char petsc_prefixes[] =
    "help version log_ info malloc memory_ options_ on_error fp_trap no_signal_handler "
    "debugger start_in_debugger stop_for_debugger mat_ vec_ ksp_ tao_ pc_ snes_ ts_ dm_ is_ "
    "sf_ viewer draw petsc objects_ check_pointer_intensity checkstack saws mpi_ display nox "
    "x_virtual use_gpu_aware_mpi device_ sys_ skip_petscrc history citations error_output_ "
    "compare tmp shared_tmp not_shared_tmp get_total_flops timeout omp_ blas_ python";

/* The names of the options known() reads, gathered from its help lines: PetscHelpPrintf
   takes no context, so the list is file-scope, filled only within MSOptionsCheckUnknown(). */
typedef char         MSOptionName[64];
static MSOptionName *known_names;
static int64_t       nknown, known_cap;

static PetscErrorCode AddName(const char *c, size_t len)
{
  PetscFunctionBegin;
  if (len == 0 || len >= sizeof(MSOptionName)) PetscFunctionReturn(PETSC_SUCCESS);
  for (int64_t k = 0; k < nknown; k++)
    if (!strncasecmp(known_names[k], c, len) && !known_names[k][len])
      PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSMemoryGrow(&known_names, &known_cap, nknown + 1, sizeof(MSOptionName)));
  memcpy(known_names[nknown], c, len);
  known_names[nknown++][len] = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* PetscHelpPrintf while known() runs: each line "  -name ..." of its help names an option. */
static PetscErrorCode Collect(MPI_Comm comm, const char fmt[], ...)
{
  char    text[4096];
  va_list ap;

  PetscFunctionBegin;
  (void)comm;
  va_start(ap, fmt);
  (void)vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  for (const char *c = text; c && *c; c = strchr(c, '\n'), c = c ? c + 1 : NULL) {
    size_t n;
    while (*c == ' ') c++;
    if (*c != '-') continue;
    for (n = 1; isalnum((unsigned char)c[n]) || c[n] == '_'; n++) {}
    PetscCall(AddName(c + 1, n - 1));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The known options: those known() reads, with its help lines captured. PETSc prints the
   help of an options block once a process (PetscOptionsHelpPrintedSingleton, which records
   every block read): known() gets a record of its own. */
static PetscErrorCode GatherKnown(MPI_Comm comm, MSOptionsKnownFn known)
{
  PetscErrorCode (*saved)(MPI_Comm, const char[], ...) = PetscHelpPrintf;
  PetscOptionsHelpPrinted printed                      = PetscOptionsHelpPrintedSingleton;
  PetscErrorCode          ierr;

  PetscFunctionBegin;
  nknown = 0;
  PetscCall(PetscOptionsSetValue(NULL, "-help", NULL));
  PetscOptionsHelpPrintedSingleton = NULL;
  PetscHelpPrintf                  = Collect;
  ierr                             = known(comm);
  PetscHelpPrintf                  = saved;
  PetscCall(PetscOptionsHelpPrintedDestroy(&PetscOptionsHelpPrintedSingleton));
  PetscOptionsHelpPrintedSingleton = printed;
  PetscCall(PetscOptionsClearValue(NULL, "-help"));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The known option nearest to name by edit distance (within a quarter of its length, at
   least 2), or NULL. */
static const char *Nearest(const char name[])
{
  const char *best  = NULL;
  int         bestd = (int)PetscMax(2, strlen(name) / 4) + 1;

  for (int64_t k = 0; k < nknown; k++) {
    int d = MSEditDistance(name, known_names[k]);
    if (d < bestd) bestd = d, best = known_names[k];
  }
  return best;
}

static PetscBool IsKnown(const char name[])
{
  for (int64_t k = 0; k < nknown; k++)
    if (!strcasecmp(name, known_names[k])) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* PETSc's own: of one of its prefixes, and no near miss of a known option (-log_dayz is a
   misspelt -log_days, not a PETSc option). */
static PetscBool IsPetsc(const char name[])
{
  for (const char *p = petsc_prefixes; *p; p += strspn(p, " ")) {
    size_t n = strcspn(p, " ");
    if (!strncasecmp(name, p, n)) return (PetscBool)!Nearest(name);
    p += n;
  }
  return PETSC_FALSE;
}

PetscErrorCode MSOptionsCheckUnknown(MPI_Comm comm, const char prog[], MSOptionsKnownFn known)
{
  PetscInt       n;
  char         **names, **values, bad[256] = "";
  MSOptionName   near = "";
  PetscErrorCode ierr = PETSC_SUCCESS;

  PetscFunctionBegin;
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  if (n > 0) ierr = GatherKnown(comm, known);
  for (PetscInt i = 0; !ierr && i < n && !bad[0]; i++)
    if (!IsKnown(names[i]) && !IsPetsc(names[i])) {
      const char *c = Nearest(names[i]);
      PetscCall(PetscStrncpy(bad, names[i], sizeof(bad)));
      if (c) PetscCall(PetscStrncpy(near, c, sizeof(near)));
    }
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscCall(PetscFree(known_names));
  nknown = known_cap = 0;
  PetscCall(ierr);
  PetscCheck(!bad[0], comm, PETSC_ERR_USER_INPUT,
             "option -%s: unknown%s%s%s (%s -help lists the options)", bad,
             near[0] ? "; did you mean -" : "", near, near[0] ? "?" : "", prog);
  PetscFunctionReturn(PETSC_SUCCESS);
}
