/* ms_stop: a run that stops early, with a checkpoint to continue from: on SIGTERM, SIGINT (the
 * first Ctrl-C; a second ends the run at once) or SIGUSR1 (Slurm's warning before the time
 * limit, or preemption), before -max_walltime runs out, or
 * when a stop file appears (as SWIFT's: a user stops a queued chain of jobs with `touch`).
 *
 * Each rank votes at the end of a day (MSStopVote) and the day's reduction sums the votes:
 * every rank stops after the same day; a day that does not end soon after a stop signal is
 * cut short (MSStopSetFromOptions). */
#ifndef MS_STOP_H
#define MS_STOP_H

#include "migrasim.h"

typedef struct _p_MSStop *MSStop;

/* A rank's votes for a stop after the day just done (summed over the ranks: any vote stops). */
typedef struct {
  int64_t signal;   /* a stop signal reached this rank */
  int64_t walltime; /* rank 0 sees the wall-time limit near */
  int64_t file;     /* rank 0 found the stop file */
} MSStopVotes;

/* Catch the stop signals from now on (one during set-up still ends in a checkpoint after the
   first day) and start the wall-time clock. */
PetscErrorCode MSStopCreate(MPI_Comm comm, MSStop *stop);

/* -stop_grace S (default 60): a day must end within S seconds of a stop signal, or the run
   ends there, with status 3 and a line on stdout (rank 0), without a checkpoint of that day:
   the last checkpoint and the output's flushed days are what continues it. A day stuck in a
   long stage, or a call that never returns, is so bounded. Collective. */
PetscErrorCode MSStopSetFromOptions(MSStop stop);

/* Stop before hours of wall time since MSStopCreate() (0: no limit). */
PetscErrorCode MSStopSetWalltime(MSStop stop, double hours);

/* Stop at the end of a day on which the file path exists ("": none). Rank 0 looks for it at
   most once a second of wall time, and on the first day; the file is left in place. */
PetscErrorCode MSStopSetFile(MSStop stop, const char path[]);

/* The start of the days simulated, whose mean cost the wall-time margin counts. */
PetscErrorCode MSStopBegin(MSStop stop);

/* What the last checkpoint took: the margin before the wall-time limit keeps room for one
   more (until one is measured, it is guessed from the number of agents). */
PetscErrorCode MSStopSetCheckpointCost(MSStop stop, double seconds);

/* This rank's votes after the days_run-th day since MSStopBegin(), with agents in the run:
   stop when a signal has come, or (rank 0) when two more days, a checkpoint and a margin would
   not fit before the wall-time limit, or (rank 0) when the stop file is there. */
PetscErrorCode MSStopVote(MSStop stop, int days_run, int64_t agents, MSStopVotes *votes);

/* Whether the summed votes stop the run after the day. */
PetscBool MSStopRequested(const MSStopVotes *votes);

/* Why the run stops, given the summed votes: "signal", "-max_walltime", or "stop file PATH;
   remove it first" (the string is the stop object's). */
const char *MSStopReason(MSStop stop, const MSStopVotes *votes);

/* Why the run stopped, as the output records it (stop_reason): "signal", "walltime",
   "stop_file", or "" without a vote. */
const char *MSStopCause(const MSStopVotes *votes);

/* Free the object (the signals stay caught: a later run of the process catches them too). */
PetscErrorCode MSStopDestroy(MSStop *stop);

#endif
