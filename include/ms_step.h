/* ms_step: one day of agent decisions and travel (MODEL.md section 2, steps 3 to 5).
 *
 * All decisions of a day read the location state frozen at the start of the day, so
 * an agent's day is a pure function of its own state, that frozen state and its
 * random keys: agents can be stepped in any order, on any rank. A rank steps each of its
 * agents through the whole day, also through other ranks' locations (ms_ghost.h), and
 * hands those that end it there to their owners once, at the end (step.c). With work
 * stealing (ms_steal.h), a neighbouring rank done with its own agents steps some of them
 * within the day (step_steal.c).
 *
 * An agent at a location with no plan moves on each day with its location's move chance,
 * independently: the days until it moves are geometric. Instead of one draw a day, the
 * agent draws that waiting time once (keyed on its id and the day it settled) and sleeps
 * until then (MSAgents.wake); a change of its location's move chance redraws it (the
 * waiting time is memoryless). So a day costs what its acting agents cost, plus a scan
 * of two bytes an agent, and the results stay independent of the decomposition.
 *
 * With camps_are_sinks (MODEL.md section 7b), an agent resting in a camp (at it with no plan
 * to follow) also leaves the simulation each day with the camp's deactivation_probability q.
 * Within a day, leaving is decided first, then moving. So the agent has two geometric clocks,
 * drawn from two words of the same keyed draw: the days until it would leave (chance q) and
 * until it would move (its move chance); it sleeps until the first, and leaves on a tie
 * (MS_AG_LEAVE). A change of either chance redraws both. Without the setting nothing of this
 * runs. */
#ifndef MS_STEP_H
#define MS_STEP_H

#include "ms_agents.h"
#include "ms_events.h"
#include "ms_exchange.h"
#include "ms_ghost.h"
#include "ms_steal.h"

/* Agents stepped between two looks at the neighbours' messages (-step_block): decisions then
   travel a block at a time keep the travellers' fields in cache (a whole-day pass would fetch
   them twice), and a block is the most a thief is handed at once. */
#define MS_STEP_BLOCK 32768
/* Fewest agents (awake or not) whose awake ones are worth handing to a thief (-steal_min). */
#define MS_STEP_STEAL_MIN 2048

/* What the run warns about at its end, counted: decisions that found no open route, days cut
   at the hop limit (ms_step.h); days on which spawns waited for a conflict zone, agents spawned
   beyond their location's population with take_from_population (ms_spawn.h). */
typedef enum {
  MS_WARN_NO_ROUTE = 0,
  MS_WARN_HOP_LIMIT,
  MS_WARN_SPAWN_WAIT,
  MS_WARN_SPAWN_BEYOND,
  MS_NWARN
} MSWarnKind;
extern const char *const MSWarnText[];  /* [MS_NWARN] the warnings' texts, after the count */
extern const char *const MSWarnNames[]; /* [MS_NWARN] their names in the output (docs/output.md) */

typedef struct _p_MSStep *MSStep;

/* The running counts, owned by the step (valid until MSStepDestroy()). At the end of a day
   (after MSStepExchange()) the entries of owned locations are final, and pop's ghost entries
   are their owners' (the next day's start). */
typedef struct {
  const int64_t *pop;      /* [nloc] agents at each location (not travelling) */
  const int64_t *arrivals; /* [nloc] hops that ended at each location today */
  const int64_t *removed;  /* [nloc] agents that left the simulation at each owned location
                              today (camps_are_sinks) */
  const int64_t *onlink;   /* [ndl] agents on each directed link leaving an owned location */
  const int64_t *work;     /* [nloc] agents that acted at each owned location and their hops,
                              since the last MSStepResetWork() (the load balance's measure) */
} MSStepCounts;

/* What the step has done, for the load balance and the run's report. */
typedef struct {
  int64_t woken;         /* agent-days that acted (were not asleep), in all */
  int64_t decisions;     /* their decisions (whether and where to move), in all */
  int64_t hops;          /* links they completed, in all */
  int64_t link_steps;    /* stretches of a link they travelled (completed or not), in all */
  int64_t stolen, given; /* agents stepped for partners, and hand-overs to thieves, in all */
  double  busy_received; /* seconds today's received agents took to store */
  double  busy_given;    /* seconds partners spent today on agents this rank handed over */
} MSStepStats;

/* A step of the scenario's graph g over the partition part (whose owner keeps it alive), with
   the random draws keyed on seed; s is read every day. */
PetscErrorCode MSStepCreate(const MSScenario *scn, const MSGraph *g, const MSSettings *s,
                            const MSPartition *part, uint64_t seed, MSStep *st);

/* The populations of locations.csv as they stand at the start of each day (the spawner's,
   MSSpawn.population, kept alive by its owner): MSStepReschedule() reads them, before the day's
   spawns, for movechance_pop_* and use_pop_for_loc_weight (MODEL.md section 7b). */
PetscErrorCode MSStepSetPopulation(MSStep st, const double *population);

/* Agents stepped between two looks at the neighbours' messages (MS_STEP_BLOCK by default),
   and the fewest worth handing to a thief (MS_STEP_STEAL_MIN by default). */
PetscErrorCode MSStepSetBlock(MSStep st, int64_t block, int64_t steal_min);

/* Count pop and onlink of the owned locations from the agents (after set-up or restart); the
   ghosts' pop is left to MSStepRefreshGhosts(). */
PetscErrorCode MSStepCount(MSStep st, const MSAgents *a);

/* The ghosts' populations from their owners. Collective. */
PetscErrorCode MSStepRefreshGhosts(MSStep st, MSGhost *gh);

/* The number of owned locations and links whose running counts differ from a recount. */
PetscErrorCode MSStepCheckCounts(MSStep st, const MSAgents *a, int64_t *bad);

/* The running counts (read only: the step changes them). */
PetscErrorCode MSStepGetCounts(MSStep st, MSStepCounts *c);

/* Zero the work counts (after the load balance read them). */
PetscErrorCode MSStepResetWork(MSStep st);

/* traffic[nroutes] gets the agents this rank moved over each route lately, both directions:
   the crossings since the last call plus half of those before (each call halves them). */
PetscErrorCode MSStepTraffic(MSStep st, double *traffic);

/* A new partition (a repartition), which its owner keeps alive: the counts of the locations
   it gives this rank, pop [nloc] and onlink [ndl], are summed over the ranks (the other
   entries are set to 0). */
PetscErrorCode MSStepSetPartition(MSStep st, const MSPartition *part, const double *pop,
                                  const double *onlink);

/* The step's statistics. */
PetscErrorCode MSStepGetStats(MSStep st, MSStepStats *stats);

/* This rank's warning counters (MSWarnKind) since the start of the run, or set them (a restart
   gives rank 0 the run's totals). */
PetscErrorCode MSStepGetWarnings(MSStep st, int64_t warn[MS_NWARN]);
PetscErrorCode MSStepSetWarnings(MSStep st, const int64_t warn[MS_NWARN]);

/* The next MSStepReschedule() redraws every waiting time, not only those at locations whose
   move chance changed (a restart with changed settings). */
PetscErrorCode MSStepSetRedrawAll(MSStep st);

/* Redraw the waiting times of the agents at the locations whose move chance, or chance of
   leaving the simulation (camps_are_sinks), changed with the events of day ev->day (every
   location after st->redraw_all is set); the first call only records the chances. Call after
   MSEventsApply() and before spawning. */
PetscErrorCode MSStepReschedule(MSStep st, const MSEvents *ev, MSAgents *a);

/* The move chances [nloc] of the day of the last MSStepReschedule() (valid until the next):
   a checkpoint saves them. */
PetscErrorCode MSStepGetMoveChances(MSStep st, const double **chance);

/* A restart, after its MSStepReschedule() of the day before the first it simulates: that day's
   move chances as the checkpoint saved them (with movechance_pop_* they depend on that day's
   populations, which the checkpoint does not hold), against which the next day's are compared. */
PetscErrorCode MSStepSetMoveChances(MSStep st, const double *chance);

/* The day's spawns count[nloc] (known for every location on every rank) added to the
   populations of the owned locations and of the ghosts. */
PetscErrorCode MSStepSpawned(MSStep st, const MSGhost *gh, const int64_t *count);

/* Schedule the agents a[from..a->n) just spawned at owned locations on day ev->day. */
PetscErrorCode MSStepScheduleNew(MSStep st, const MSEvents *ev, MSAgents *a, int64_t from);

/* Schedule the agents a[from..a->n) just added at owned locations at the end of day ev->day
   (a forecast's assimilation): they settle as agents that stayed that day do. */
PetscErrorCode MSStepScheduleSettled(MSStep st, const MSEvents *ev, MSAgents *a, int64_t from);

/* The next MSStepReschedule() only records the move chances, as the first one does: the
   agents' waiting times stand as drawn (the run was put back to a snapshot). */
PetscErrorCode MSStepForgetChances(MSStep st);

/* Freeze the start-of-day state of day ev->day from pop (owned and ghost entries as of the
   start of the day): capacity multipliers, move chances and route weights follow. */
PetscErrorCode MSStepPrepare(MSStep st, const MSEvents *ev, MSGhost *gh);

/* Decide and travel: every agent whose wake is today takes its start-of-day decision, and
   the movers and travellers advance along their links, hop by hop while they have km left
   (timed in the two stages given); agents that end the day at another rank's location are
   queued on ex, and those the neighbours sent early are stored. Between blocks, thieves'
   requests on sp (NULL: no stealing) get the awake agents of blocks not yet reached
   (step_steal.c). */
PetscErrorCode MSStepDecideTravel(MSStep st, MSAgents *a, MSExchange ex, MSSteal sp,
                                  PetscLogStage decide, PetscLogStage travel);

/* This rank's own agents done: it asks its partners on sp for theirs and steps what they
   hand over, until none has any to spare. Then the day's stealing ends for all partners
   (MSStepStats' busy_given: what they spent on this rank's agents). */
PetscErrorCode MSStepSteal(MSStep st, MSAgents *a, MSExchange ex, MSSteal sp);

/* The end of the day: the migrants are exchanged and stored, the counts left at ghosts
   are summed into their owners (gh) and the ghosts refreshed from them, and departures
   are removed. Collective over the neighbourhood. */
PetscErrorCode MSStepExchange(MSStep st, MSAgents *a, MSExchange ex, MSGhost *gh,
                              PetscLogStage exchange);

/* Free the step. */
PetscErrorCode MSStepDestroy(MSStep *st);

#endif
