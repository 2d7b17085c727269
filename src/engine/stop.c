/* Stopping early: signals, the wall-time limit and the stop file (ms_stop.h). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ms_stop.h"

struct _p_MSStop {
  MPI_Comm    comm;
  PetscMPIInt rank;
  double      hours;                    /* the wall-time limit; 0: none */
  double      wall_start;               /* MSStopCreate() */
  double      run_start;                /* MSStopBegin() */
  double      ckpt_seconds;             /* the last checkpoint's cost; 0: none measured */
  char        file[PETSC_MAX_PATH_LEN]; /* the stop file; "": none */
  double      file_checked;             /* when rank 0 last looked for it; 0: never */
  char        reason[PETSC_MAX_PATH_LEN + 32];
  PetscInt    hang_after; /* tests: the day of this number never ends; 0: none */
};

/* Set by SIGTERM, SIGINT or SIGUSR1 (Slurm's warning before the time limit, or preemption). */
static volatile sig_atomic_t stop_requested = 0;
/* The grace a day has to end after a stop signal (-stop_grace), and the line rank 0 prints when
   it has not: the signal handlers' state. */
static unsigned grace_seconds = 0;
static char     grace_line[160];
static size_t   grace_len = 0;

static void OnStopSignal(int sig)
{
  if (!stop_requested && grace_seconds > 0) alarm(grace_seconds);
  stop_requested = sig;
}

/* The day in hand did not end within the grace: the run ends here (exit 3), with the output's
   flushed days and the last checkpoint written, as a kill would leave them. */
static void OnGraceOver(int sig)
{
  (void)sig;
  if (grace_len > 0) (void)!write(STDOUT_FILENO, grace_line, grace_len);
  _exit(3);
}

PetscErrorCode MSStopCreate(MPI_Comm comm, MSStop *stopp)
{
  MSStop           stop;
  struct sigaction sa;

  PetscFunctionBegin;
  PetscCall(PetscNew(&stop));
  stop->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &stop->rank));
  stop->wall_start = MPI_Wtime();
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  PetscCheck(!sigaction(SIGTERM, &sa, NULL) && !sigaction(SIGUSR1, &sa, NULL), comm, PETSC_ERR_SYS,
             "cannot catch SIGTERM and SIGUSR1");
  /* Ctrl-C: a second one ends the run at once, as a user who does not want to wait expects */
  sa.sa_flags = SA_RESETHAND;
  PetscCheck(!sigaction(SIGINT, &sa, NULL), comm, PETSC_ERR_SYS, "cannot catch SIGINT");
  *stopp = stop;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStopSetFromOptions(MSStop stop)
{
  PetscReal        grace = 60;
  struct sigaction sa;

  PetscFunctionBegin;
  PetscOptionsBegin(stop->comm, NULL, "migrasim stop options", NULL);
  PetscCall(PetscOptionsReal("-stop_grace",
                             "seconds a day has to end after a stop signal; then the run ends "
                             "(exit 3) without a checkpoint of it (0: waits for the day)",
                             NULL, grace, &grace, NULL));
  PetscCall(PetscOptionsInt("-stop_test_hang_after",
                            "testing only: the day of this number (from 1) never ends", NULL,
                            stop->hang_after, &stop->hang_after, NULL));
  PetscOptionsEnd();
  PetscCheck(grace >= 0 && grace < 1e6, stop->comm, PETSC_ERR_USER_INPUT,
             "option -stop_grace: must be 0 or more, in seconds");
  grace_seconds = (unsigned)ceil(grace);
  grace_len     = 0;
  if (stop->rank == 0)
    grace_len = (size_t)snprintf(grace_line, sizeof(grace_line),
                                 "stopped in the middle of a day (signal): it did not end within "
                                 "-stop_grace %u s; continue from the last checkpoint\n",
                                 grace_seconds);
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnGraceOver;
  sigemptyset(&sa.sa_mask);
  PetscCheck(!sigaction(SIGALRM, &sa, NULL), stop->comm, PETSC_ERR_SYS, "cannot catch SIGALRM");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStopSetWalltime(MSStop stop, double hours)
{
  PetscFunctionBegin;
  stop->hours = hours;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStopSetFile(MSStop stop, const char path[])
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(stop->file, path, sizeof(stop->file)));
  stop->file_checked = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStopBegin(MSStop stop)
{
  PetscFunctionBegin;
  stop->run_start = MPI_Wtime();
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStopSetCheckpointCost(MSStop stop, double seconds)
{
  PetscFunctionBegin;
  stop->ckpt_seconds = seconds;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStopVote(MSStop stop, int days_run, int64_t agents, MSStopVotes *votes)
{
  PetscFunctionBegin;
  while (days_run == stop->hang_after) pause();
  /* the day ended: a stop signal is taken now, whatever the grace left */
  if (stop_requested) alarm(0);
  votes->signal   = stop_requested ? 1 : 0;
  votes->walltime = 0;
  votes->file     = 0;
  /* a stat a second at most: on a parallel file system one costs as much as a small day */
  if (stop->rank == 0 && stop->file[0] &&
      (stop->file_checked == 0 || MPI_Wtime() - stop->file_checked >= 1.0)) {
    stop->file_checked = MPI_Wtime();
    votes->file        = access(stop->file, F_OK) == 0;
  }
  if (stop->rank == 0 && stop->hours > 0) {
    double now = MPI_Wtime(), per_day = (now - stop->run_start) / days_run;
    double ckpt =
        stop->ckpt_seconds > 0 ? 1.5 * stop->ckpt_seconds : 5.0 + (double)agents * 22.0 / 1.0e8;
    if (now - stop->wall_start + 2.0 * per_day + ckpt + 10.0 > stop->hours * 3600.0)
      votes->walltime = 1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool MSStopRequested(const MSStopVotes *votes)
{
  return (PetscBool)(votes->signal > 0 || votes->walltime > 0 || votes->file > 0);
}

const char *MSStopReason(MSStop stop, const MSStopVotes *votes)
{
  /* the stop file first: a run continued while it is there stops again after one day */
  if (votes->file > 0) {
    (void)PetscSNPrintf(stop->reason, sizeof(stop->reason), "stop file %s; remove it first",
                        stop->file);
    return stop->reason;
  }
  return votes->signal > 0 ? "signal" : "-max_walltime";
}

const char *MSStopCause(const MSStopVotes *votes)
{
  if (votes->file > 0) return "stop_file";
  return votes->signal > 0 ? "signal" : votes->walltime > 0 ? "walltime" : "";
}

PetscErrorCode MSStopDestroy(MSStop *stopp)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(*stopp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
