/* Stopping early: signals, the wall-time limit and the stop file (ms_stop.h). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
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
};

/* Set by SIGTERM, SIGINT or SIGUSR1 (Slurm's warning before the time limit, or preemption). */
static volatile sig_atomic_t stop_requested = 0;
static void                  OnStopSignal(int sig) { stop_requested = sig; }

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
