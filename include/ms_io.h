/* ms_io: the run's HDF5 output, written collectively in parallel (layout: docs/output.md).
 *
 * Static tables (/locations, /routes) are written once; the daily series are buffered
 * for a few days and written as one collective hyperslab per dataset, each rank writing
 * the columns of the locations and routes it owns. Every file carries the code version,
 * the git commit, the seed, the rank count, the scenario and every setting in effect. */
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
  const char *restart_note; /* recorded in the file when restarting */
} MSRunInfo;

typedef struct _p_MSOutput *MSOutput;

/* Create the output file path collectively and write its static part; an existing file is
   replaced. With info->restart_day > 0, open the interrupted run's file instead: it must be
   migrasim output of the same scenario holding at least restart_day days; later days are
   dropped and the run appends from restart_day. */
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

/* Write what is buffered, close the file and free out, the last two even when the writes
   fail. Collective. */
PetscErrorCode MSOutputClose(MSOutput *out);

#endif
