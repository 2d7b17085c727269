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
  const char *scenario;   /* path as given */
  const char *settings_file; /* "" when none */
  int         days;       /* days to simulate */
  int         flush_every; /* days buffered between collective writes */
} MSRunInfo;

typedef struct _p_MSOutput *MSOutput;

/* Create the output file path collectively and write its static part. An existing file is replaced. */
PetscErrorCode MSOutputCreate(const char path[], const MSScenario *scn, const MSGraph *g, const MSPartition *part, const MSSettings *s, const MSRunInfo *info, MSOutput *out);

/* Record day t: pop and arrivals are [nloc] arrays of which the owned entries are read,
   routecount is [nroutes_owned]. Writes collectively once flush_every days are buffered. */
PetscErrorCode MSOutputRecordDay(MSOutput out, int t, const int64_t *pop, const int64_t *arrivals, const int64_t *routecount, int64_t spawned);

/* Write a scalar attribute on / (e.g. a summary figure), collectively. */
PetscErrorCode MSOutputSetAttribute(MSOutput out, const char name[], double value);

/* Write what is buffered, close the file and free out. Collective. */
PetscErrorCode MSOutputClose(MSOutput *out);

#endif
