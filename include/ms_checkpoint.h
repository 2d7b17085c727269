/* ms_checkpoint: the whole state of a run in one HDF5 file, written collectively, from
 * which a run on any number of ranks continues bit-for-bit.
 *
 * Agents are stored grouped by location in locations.csv order and by id within a
 * location, with a per-location count as index: the file does not depend on the number
 * of ranks, and each rank reads just its locations. 23 bytes an agent: the location is
 * implied by the group, the link a traveller is on is its plan's current link, and the
 * plan's path and position share one word. Rank 0 writes the file but the agents' values and
 * allocates their space, which each rank then fills with its own (POSIX writes: no collective
 * HDF5 call, see ms_h5.h). The file is written as PATH.tmp and renamed PATH once whole and
 * durable; the previous checkpoint is kept as PATH.prev until then. */
#ifndef MS_CHECKPOINT_H
#define MS_CHECKPOINT_H

#include "ms_agents.h"
#include "ms_partition.h"

#define MS_CHECKPOINT_FORMAT 4

/* What a restart accepts besides a checkpoint of this run's settings and code. */
#define MS_CHECKPOINT_ALLOW_SETTINGS 1u /* -restart_allow_changed_settings */
#define MS_CHECKPOINT_ALLOW_VERSION  2u /* -restart_allow_version: another version or commit */

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

/* Read the newest whole checkpoint of path into the agents of this rank's locations and
   into st (whose scenario_hash and seed are the run's, whose camp_sim and extra are allocated
   for run->days days, and population and chance for the locations): of path, PATH.tmp
   (written, not yet renamed) and PATH.prev, the one of the latest day that reads whole
   (checksums verified), path first among equals; a path ending in .tmp or .prev is read
   alone. One that cannot be read whole is skipped with a line on stdout; one of another
   format, scenario or day range, or whose settings, seed or code (version and git commit)
   differ from the run's unless allow says (MS_CHECKPOINT_ALLOW_*), refuses the restart with
   one line, as does the named path's failure when none reads. taken[tlen] receives the file
   read, changed[len] what the restart accepted ("settings changed: ...; code changed: ...",
   or ""). Collective. */
PetscErrorCode MSCheckpointRead(const char path[], const MSCheckpointRun *run, unsigned allow,
                                MSCheckpointState *st, char changed[], size_t len, char taken[],
                                size_t tlen);

#endif
