/* ms_checkpoint: the whole state of a run in one HDF5 file, written collectively, from
 * which a run on any number of ranks continues bit-for-bit.
 *
 * Agents are stored grouped by location in locations.csv order and by id within a
 * location, with a per-location count as index: the file does not depend on the number
 * of ranks, and each rank reads just its locations. 23 bytes an agent: the location is
 * implied by the group, the link a traveller is on is its plan's current link, and the
 * plan's path and position share one word. A file is written under a temporary name
 * and renamed into place; the previous checkpoint is kept as PATH.prev until then. */
#ifndef MS_CHECKPOINT_H
#define MS_CHECKPOINT_H

#include "ms_agents.h"
#include "ms_partition.h"

#define MS_CHECKPOINT_FORMAT 4

/* What a run carries from one day to the next besides its agents. */
typedef struct {
  int      day; /* the first day still to simulate */
  uint64_t seed;
  uint64_t scenario_hash;
  int64_t  spawn_debt, spawn_pending, spawn_total, spawn_waited, spawn_beyond;
  int64_t  removed;    /* agents that left the simulation (camps_are_sinks) */
  double  *population; /* [nloc] the populations as they stand (MSSpawn.population) */
  double  *chance;     /* [nloc] the move chances of the last day simulated */
  int64_t  warn[8];    /* warning counters, summed over ranks */
  int      ncamps;     /* metrics history: [day * ncamps] camp populations, [day * 3] extra */
  int64_t *camp_sim, *extra;
} MSCheckpointState;

/* The run a checkpoint is written from or read into. */
typedef struct {
  const MSScenario  *scn;
  const MSGraph     *g;
  const MSPartition *part;
  MSAgents          *agents; /* written: bucketed (MSAgentsSortByLocation); read: empty */
  int                days;   /* -days: a checkpoint read must be of a day in 1..days */
  int                nset;   /* settings as name/value pairs, recorded, and checked on restart */
  const char *const *names, *const *values;
} MSCheckpointRun;

/* Write a checkpoint of the run's agents and of st to path, atomically. kill_after >= 0 is
   for tests: the process kills itself after that many agent datasets. Collective. */
PetscErrorCode MSCheckpointWrite(const char path[], const MSCheckpointRun *run,
                                 const MSCheckpointState *st, int kill_after);

/* Read the checkpoint path into the agents of this rank's locations and into st (whose
   scenario_hash and seed are the run's, whose camp_sim and extra are allocated for run->days
   days, and population and chance for the locations). Refuses, with one line, a file that is not a
   readable checkpoint, of another format or scenario, whose checksums fail, or whose settings
   differ from the run's unless allow_changed (then changed[len] receives a description, or "" when
   nothing changed). Collective. */
PetscErrorCode MSCheckpointRead(const char path[], const MSCheckpointRun *run,
                                PetscBool allow_changed, MSCheckpointState *st, char changed[],
                                size_t len);

#endif
