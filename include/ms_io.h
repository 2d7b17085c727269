/* ms_io: the run's HDF5 output (layout and guarantees: docs/output.md).
 *
 * Static tables (/locations, /routes) are written once; the daily series are buffered
 * for a few days, gathered from the ranks that own their columns and written by rank 0 as one
 * block per dataset, then flushed: the file is readable after every write. A new run writes
 * PATH.partial and renames it PATH when it ends, so that PATH only ever holds a whole file
 * (the older one until then). Every file carries the code version, the git commit, the seed,
 * the rank count, the scenario and every setting in effect. Every function is collective, and
 * a failure on rank 0 is an error on every rank (ms_h5.h). */
#ifndef MS_IO_H
#define MS_IO_H

#include "ms_partition.h"

typedef struct {
  uint64_t    seed;
  const char *scenario;      /* path as given */
  const char *settings_file; /* "" when none */
  int         days;          /* days to simulate */
  int         flush_every;   /* days buffered between collective writes */
  uint64_t    scenario_hash;
  int         restart_day;  /* > 0: continue the existing file from this day */
  const char *restart_note; /* recorded in the file's restarts after "day D on N ranks, " */
} MSRunInfo;

typedef struct _p_MSOutput *MSOutput;

/* Check that path can be written, create PATH.partial and write its static part. With
   info->restart_day > 0, open the interrupted run's file instead (PATH.partial where a run left
   one, else PATH): it must be migrasim output of the same scenario holding at least
   restart_day days; later days are dropped and the run appends from restart_day. */
PetscErrorCode MSOutputCreate(const char path[], const MSScenario *scn, const MSGraph *g,
                              const MSPartition *part, const MSSettings *s, const MSRunInfo *info,
                              MSOutput *out);

/* Record day t: pop and arrivals are [nloc] arrays of which the owned entries are read,
   routecount is [nroutes_owned]. Writes collectively once flush_every days are buffered. */
PetscErrorCode MSOutputRecordDay(MSOutput out, int t, const int64_t *pop, const int64_t *arrivals,
                                 const int64_t *routecount, int64_t spawned);

/* Record day t's agents that left the simulation at each location (camps_are_sinks): removed
   is [nloc], of which the owned entries are read; call before MSOutputRecordDay() of day t.
   A file without /daily/removed (docs/output.md) ignores it. */
PetscErrorCode MSOutputRecordRemoved(MSOutput out, int t, const int64_t *removed);

/* Write what is buffered now (before a checkpoint), collectively. */
PetscErrorCode MSOutputFlush(MSOutput out);

/* Write a scalar attribute on / (e.g. a summary figure), collectively: a double, an int64 (a
   count) or a string; every rank gives the same value. */
PetscErrorCode MSOutputSetAttribute(MSOutput out, const char name[], double value);
PetscErrorCode MSOutputSetAttributeInt64(MSOutput out, const char name[], int64_t value);
PetscErrorCode MSOutputSetAttributeString(MSOutput out, const char name[], const char value[]);

/* Write what is buffered and continue with the columns of a new partition (a rebalance);
   /locations/rank keeps the initial owners. */
PetscErrorCode MSOutputSetPartition(MSOutput out, const MSPartition *part);

/* Write /daily/assimilated [days][nloc]: change[nloc] (the same on every rank: agents a
   forecast's assimilation added minus those it removed at each location, MODEL.md section 10)
   on day t, 0 on every other day. Only a run that assimilated has it. Collective. */
PetscErrorCode MSOutputWriteAssimilated(MSOutput out, int t, int days, const int64_t change[]);

/* The run ended, with every day it simulates (all, or up to a stop): MSOutputClose() then
   puts the file in place as PATH. */
PetscErrorCode MSOutputEnd(MSOutput out);

/* Write what is buffered, close the file, put it in place after MSOutputEnd(), and free out,
   the last even when the writes fail. Without MSOutputEnd() (an error path) it says nothing
   and returns no error: the days written stay in PATH.partial (or the restart's file), a new
   file that could not be written whole is removed. Collective. */
PetscErrorCode MSOutputClose(MSOutput *out);

#endif
