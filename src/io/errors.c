/* Errors as users should see them: one line, once, and never a silent hang. */
#include "ms_errors.h"

/* The program that reports: migrasim, or one of its tools. */
static char prog[64] = "migrasim";

/* While set, every rank runs the same deterministic code (reading the same options), so an
   error raised on PETSC_COMM_SELF is met by all ranks alike: report it once, do not abort. */
static PetscBool collective_phase = PETSC_FALSE;

void MSErrorCollectivePhase(PetscBool on) { collective_phase = on; }

/* The run in progress: the world for a single run, a member's group in a sweep
   (ms_errors.h). Its label prefixes the error lines; the first message is kept. */
static MPI_Comm run_comm = MPI_COMM_NULL;
static char     run_label[64];
static char     last_message[1024];
static char     latest_message[1024]; /* of the latest error, quiet ones too */
static int      quiet;                /* MSErrorQuietPush() depth */

void MSErrorSetRunComm(MPI_Comm comm, const char *label)
{
  run_comm = comm;
  snprintf(run_label, sizeof(run_label), "%s%s", label ? label : "", label && label[0] ? ": " : "");
}

void MSErrorClearMessage(void) { last_message[0] = 0; }

const char *MSErrorGetMessage(void) { return last_message; }

const char *MSErrorGetLatest(void) { return latest_message; }

void MSErrorQuietPush(void) { quiet++; }

void MSErrorQuietPop(void) { quiet--; }

PetscErrorCode MSErrorAgree(MPI_Comm comm, PetscErrorCode ierr)
{
  PetscMPIInt rank, size, me, first;
  struct {
    int  code;
    char msg[1020];
  } e = {(int)ierr, ""};

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  me = ierr ? rank : size;
  PetscCallMPI(MPI_Allreduce(&me, &first, 1, MPI_INT, MPI_MIN, comm));
  if (first == size) PetscFunctionReturn(PETSC_SUCCESS);
  if (rank == first) PetscCall(PetscStrncpy(e.msg, latest_message, sizeof(e.msg)));
  PetscCallMPI(MPI_Bcast(&e, (int)sizeof(e), MPI_BYTE, first, comm));
  SETERRQ(comm, (PetscErrorCode)e.code, "%s", e.msg);
}

PetscBool MSErrorIsUser(PetscErrorCode n)
{
  return (PetscBool)(n == PETSC_ERR_USER_INPUT || n == PETSC_ERR_FILE_OPEN ||
                     n == PETSC_ERR_FILE_READ || n == PETSC_ERR_FILE_WRITE ||
                     n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_WRONG ||
                     n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_SUP || n == PETSC_ERR_MEM ||
                     n == PETSC_ERR_ARG_INCOMP);
}

/* PETSc's messages for an option's value of the wrong type name the value but not the
   option ("Unknown logical value: banana"): the option that holds the value is looked up in
   the options database and named, as every other option error does. mess itself otherwise. */
static const char *NameOption(const char *mess, char *buf, size_t len)
{
  static const struct {
    const char *pre, *post, *want;
  } typed[] = {
      {"Unknown logical value: ", "", "true or false"},
      {"Input string ", " has no integer value", "an integer"},
      {"Input string ", " has no numeric value", "a number"},
  };
  char value[256], *all = NULL, *prev = NULL;

  if (!mess) return mess;
  for (size_t k = 0; k < sizeof(typed) / sizeof(typed[0]); k++) {
    const char *v = mess + strlen(typed[k].pre), *end;
    size_t      n;

    if (strncmp(mess, typed[k].pre, strlen(typed[k].pre))) continue;
    end = typed[k].post[0] ? strstr(v, typed[k].post) : v + strlen(v);
    if (!end || (n = (size_t)(end - v)) == 0 || n >= sizeof(value)) continue;
    memcpy(value, v, n), value[n] = 0;
    if (PetscOptionsGetAll(NULL, &all) || !all) return mess;
    /* "-name value -name -name value ...": the name before the first token equal to value */
    for (char *tok = all, *next; *tok; prev = tok, tok = next) {
      for (next = tok; *next && *next != ' '; next++) {}
      if (*next) *next++ = 0;
      if (!*tok) continue;
      if (prev && prev[0] == '-' && !strcmp(tok, value)) {
        snprintf(buf, len, "option %s: '%s' is not %s", prev, value, typed[k].want);
        (void)PetscFree(all);
        return buf;
      }
    }
    (void)PetscFree(all);
    return mess;
  }
  return mess;
}

/* An error raised on a communicator of several ranks is met by all of them (the inputs are
   parsed everywhere alike), so rank 0 reports it and every rank unwinds and exits. An
   error that only one rank of many can meet would leave the others waiting in a
   collective: that rank reports it with its number and aborts the job. */
static PetscErrorCode Handler(MPI_Comm comm, int line, const char *fun, const char *file,
                              PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  PetscMPIInt csize = 1, crank = 0, rsize = 1, rrank = 0, wrank = 0;
  MPI_Comm    rc = run_comm == MPI_COMM_NULL ? MPI_COMM_WORLD : run_comm;
  char        named[512]; /* mess, naming the option */

  if (p != PETSC_ERROR_INITIAL) return n;
  mess = NameOption(mess, named, sizeof(named));
  snprintf(latest_message, sizeof(latest_message), "%s", mess ? mess : "(no message)");
  /* an error of a stretch whose outcome the ranks agree on afterwards (ms_h5.h): that
     agreement reports it, or the caller recovers from it */
  if (quiet > 0) return n;
  MPI_Comm_size(comm, &csize);
  MPI_Comm_rank(comm, &crank);
  MPI_Comm_size(rc, &rsize);
  MPI_Comm_rank(rc, &rrank);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  if (!last_message[0])
    snprintf(last_message, sizeof(last_message), "%s", mess ? mess : "(no message)");
  if (collective_phase && csize == 1) {
    if (rrank == 0) {
      fprintf(stderr, "%s: error: %s%s\n", prog, run_label, mess ? mess : "(no message)");
      fflush(stderr);
    }
    return n;
  }
  /* one rank of a run of several: the others would wait for it forever */
  if (csize == 1 && rsize > 1) {
    fprintf(stderr, "%s: error on rank %d: %s%s", prog, wrank, run_label,
            mess ? mess : "(no message)");
    if (!MSErrorIsUser(n)) fprintf(stderr, " (in %s at %s:%d)", fun, file, line);
    fprintf(stderr, "\n");
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  if (crank == 0) {
    fprintf(stderr, "%s: error: %s%s", prog, run_label, mess ? mess : "(no message)");
    if (!MSErrorIsUser(n))
      fprintf(stderr, " (PETSc error %d in %s at %s:%d)", (int)n, fun, file, line);
    fprintf(stderr, "\n");
    fflush(stderr);
  }
  return n;
}

PetscErrorCode MSErrorHandlerPush(const char program[])
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(prog, program, sizeof(prog)));
  PetscCall(PetscPushErrorHandler(Handler, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}
