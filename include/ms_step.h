/* ms_step: one day of agent decisions and travel (MODEL.md section 2, steps 3 to 5).
 *
 * All decisions of a day read the location state frozen at the start of the day, so
 * an agent's day is a pure function of its own state, that frozen state and its
 * random keys: agents can be stepped in any order, on any rank. A rank steps each of its
 * agents through the whole day, also through other ranks' locations (ms_ghost.h), and
 * hands those that end it there to their owners once, at the end.
 *
 * An agent at a location with no plan moves on each day with its location's move chance,
 * independently: the days until it moves are geometric. Instead of one draw a day, the
 * agent draws that waiting time once (keyed on its id and the day it settled) and sleeps
 * until then (MSAgents.wake); a change of its location's move chance redraws it (the
 * waiting time is memoryless). So a day costs what its acting agents cost, plus a scan
 * of two bytes an agent, and the results stay independent of the decomposition. */
#ifndef MS_STEP_H
#define MS_STEP_H

#include "ms_agents.h"
#include "ms_exchange.h"
#include "ms_ghost.h"
#include "ms_steal.h"

/* Agents stepped between two looks at the neighbours' messages (-step_block): decisions then
   travel a block at a time keep the travellers' fields in cache (a whole-day pass would fetch
   them twice), and a block is the most a
   thief is handed at once. */
#define MS_STEP_BLOCK 32768
/* Fewest agents (awake or not) whose awake ones are worth handing to a thief (-steal_min). */
#define MS_STEP_STEAL_MIN 2048

typedef enum { MS_WARN_NO_ROUTE = 0, MS_WARN_HOP_LIMIT, MS_WARN_SPAWN_WAIT, MS_NWARN } MSWarnKind;
extern const char *const MSWarnText[];

typedef struct {
  const MSScenario  *scn;
  const MSGraph     *g;
  const MSEvents    *ev;
  const MSSettings  *s;
  const MSPartition *part;
  uint64_t           seed;
  int                day;
  int64_t            block; /* agents stepped between two looks at the neighbours (-step_block) */
  int64_t  steal_min; /* fewest agents (awake or not) whose awake ones go to a thief (-steal_min) */
  int64_t *pop;       /* [nloc] agents at each location (not travelling): owned entries kept
                         current through the day; ghost entries as of the day's start until
                         MSStepPrepare(), then what this rank's agents changed there today */
  double *capmult;    /* [nloc] capacity multiplier, owned and ghost entries */
  double *chance;     /* [nloc] move chance of every location today */
  double *score;      /* [nloc] score of owned and ghost locations today */
  double *cdf;        /* [cand_off[nloc]] cumulative path weights of owned locations and
                         of the ghosts where an agent chose today */
  int     *cdf_day;   /* [nloc] the day cdf was worked out for at each location */
  int64_t *arrivals;  /* [nloc] arrivals at owned locations today (ghosts: as pop) */
  int64_t
      *onlink; /* [ndl] agents on each directed link leaving an owned location (ghosts: as pop) */
  double  *chance_prev;  /* [nloc] move chance of owned locations the day before */
  double  *log1m_chance; /* [nloc] log(1 - chance), for the waiting times */
  int64_t *work; /* [nloc] agents that woke at each owned location, and their hops, since the last
                    reset (load balance) */
  int64_t *flow; /* [ndl] agents this rank moved over each directed link lately (partition's edge
                    weights) */
  PetscBool chance_known, redraw_all;
  int64_t  *awake, awake_cap;      /* the agents of the block in hand that wake today */
  int64_t  *act, nact, act_cap;    /* travelling agents of the block in hand */
  int64_t  *hole, nhole, hole_cap; /* indices of agents that left the rank today */
  MSHanded *give; /* agents being handed to a thief (in flight until the next hand-over) */
  int64_t   ngive, give_cap;
  MSHanded *back; /* a thief's answer: the agents it stepped, handed back */
  int64_t   back_cap;
  int64_t   given, stolen; /* hand-overs made, agents stepped for partners, in all */
  MSAgents  thief;         /* the agents stepped for a partner, while they are */
  int       asked_ahead;   /* the partner asked for work before this rank ran out (-1: none) */
  int64_t   warn[MS_NWARN];
  int64_t   woken;         /* agent-days that acted (were not asleep), in all */
  double    busy_received; /* seconds today's received agents took to store (load balance) */
  double
      busy_given; /* seconds partners spent today on agents this rank handed over (load balance) */
} MSStep;

/* Allocate the step's per-location arrays. */
PetscErrorCode MSStepCreate(const MSScenario *scn, const MSGraph *g, const MSSettings *s,
                            const MSPartition *part, uint64_t seed, MSStep **st);

/* Count pop and onlink of the owned locations from the agents (after set-up or restart). */
PetscErrorCode MSStepCount(MSStep *st, const MSAgents *a);

/* The number of owned locations and links whose running counts differ from a recount. */
PetscErrorCode MSStepCheckCounts(const MSStep *st, const MSAgents *a, int64_t *bad);

/* Redraw the waiting times of the agents at the locations whose move chance changed with
   the events of day ev->day (every location after st->redraw_all is set); the first call
   only records the chances. Call after MSEventsApply() and before spawning. */
PetscErrorCode MSStepReschedule(MSStep *st, const MSEvents *ev, MSAgents *a);

/* The day's spawns count[nloc] (known for every location on every rank) added to the
   populations of the owned locations and of the ghosts. */
PetscErrorCode MSStepSpawned(MSStep *st, const MSGhost *gh, const int64_t *count);

/* Schedule the agents a[from..a->n) just spawned at owned locations on day ev->day. */
PetscErrorCode MSStepScheduleNew(MSStep *st, const MSEvents *ev, MSAgents *a, int64_t from);

/* Freeze the start-of-day state of day ev->day from pop (owned and ghost entries as of the
   start of the day): capacity multipliers, move chances and route weights follow. */
PetscErrorCode MSStepPrepare(MSStep *st, const MSEvents *ev, MSGhost *gh);

/* Decide and travel: every agent whose wake is today takes its start-of-day decision, and
   the movers and travellers advance along their links, hop by hop while they have km left
   (timed in the two stages given); agents that end the day at another rank's location are
   queued on ex, and those the neighbours sent early are stored. Between blocks, thieves'
   requests on sp (NULL: no stealing) get the awake agents of blocks not yet reached. */
PetscErrorCode MSStepDecideTravel(MSStep *st, MSAgents *a, MSExchange ex, MSSteal sp,
                                  PetscLogStage decide, PetscLogStage travel);

/* This rank's own agents done: it asks its partners on sp for theirs and steps what they
   hand over, until none has any to spare. Then the day's stealing ends for all partners;
   st->busy_given gets what the partners spent on this rank's agents. */
PetscErrorCode MSStepSteal(MSStep *st, MSAgents *a, MSExchange ex, MSSteal sp);

/* The end of the day: the migrants are exchanged and stored, the counts left at ghosts
   are summed into their owners (gh) and the ghosts refreshed from them, and departures
   are removed. Collective over the neighbourhood. */
PetscErrorCode MSStepExchange(MSStep *st, MSAgents *a, MSExchange ex, MSGhost *gh,
                              PetscLogStage exchange);

/* Free the step. */
PetscErrorCode MSStepDestroy(MSStep **st);

#endif
