/* ms_checkpoint: the whole state of a run in one HDF5 file, written collectively, from
 * which a run on any number of ranks continues bit-for-bit.
 *
 * Agents are stored grouped by location in locations.csv order and by id within a
 * location, with a per-location count as index: the file does not depend on the number
 * of ranks, and each rank reads just its locations. 22 bytes an agent: the location is
 * implied by the group, the link is an index among the location's outgoing links, and
 * the plan's path and position share one word. A file is written under a temporary name
 * and renamed into place; the previous checkpoint is kept as PATH.prev until then. */
#ifndef MS_CHECKPOINT_H
#define MS_CHECKPOINT_H

#include "ms_agents.h"
#include "ms_partition.h"

#define MS_CHECKPOINT_FORMAT 2

/* What a run carries from one day to the next besides its agents. */
typedef struct {
  int      day; /* the first day still to simulate */
  uint64_t seed;
  uint64_t scenario_hash;
  int64_t  spawn_debt, spawn_pending, spawn_total, spawn_waited;
  int64_t  warn[8]; /* warning counters, summed over ranks */
  int      ncamps;  /* metrics history: [day * ncamps] camp populations, [day * 3] extra */
  int64_t *camp_sim, *extra;
} MSCheckpointState;

/* Write a checkpoint of the agents (which must be bucketed: MSAgentsSortByLocation) and the
   state to path, atomically. settings: count name/value pairs recorded and checked on restart.
   kill_after >= 0 is for tests: the process kills itself after that many datasets. */
PetscErrorCode MSCheckpointWrite(const char path[], const MSScenario *scn, const MSGraph *g,
                                 const MSPartition *part, MSAgents *a, const MSCheckpointState *st,
                                 int nset, const char *const names[], const char *const values[],
                                 int kill_after);

/* Read the checkpoint path into the (empty) agents of this rank's locations and into st
   (whose camp_sim and extra are allocated for maxdays days). Refuses, with one line, a
   file that is not a readable checkpoint, of another format or scenario, whose checksum
   fails, or whose settings differ from the given ones unless allow_changed (then
   *changed receives a description, or "" when nothing changed). */
PetscErrorCode MSCheckpointRead(const char path[], const MSScenario *scn, const MSGraph *g,
                                const MSPartition *part, MSAgents *a, MSCheckpointState *st,
                                int maxdays, int nset, const char *const names[],
                                const char *const values[], PetscBool allow_changed, char changed[],
                                size_t len);

#endif
