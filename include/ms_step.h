/* ms_step: one day of agent decisions and travel (MODEL.md section 2, steps 3 to 5).
 *
 * All decisions of a day read the location state frozen at the start of the day, so
 * an agent's day is a pure function of its own state, that frozen state and its
 * random keys: agents can be stepped in any order, on any rank. */
#ifndef MS_STEP_H
#define MS_STEP_H

#include "ms_agents.h"
#include "ms_exchange.h"
#include "ms_ghost.h"

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
  int64_t           *pop;      /* [nloc] start-of-day population: owned and ghost entries valid */
  double            *capmult;  /* [nloc] capacity multiplier, owned and ghost entries */
  double            *chance;   /* [nloc] move chance of owned locations */
  double            *cdf;      /* [cand_off[nloc]] cumulative path weights of owned locations */
  int64_t           *arrivals; /* [nloc] arrivals at owned locations today */
  int64_t            warn[MS_NWARN];
} MSStep;

/* Allocate the step's per-location arrays. */
PetscErrorCode MSStepCreate(const MSScenario *scn, const MSGraph *g, const MSSettings *s, const MSPartition *part, uint64_t seed, MSStep **st);

/* Freeze the start-of-day state of day ev->day: pop (owned entries counted) is completed
   with the ghosts, then capacity multipliers, move chances and route weights follow. */
PetscErrorCode MSStepPrepare(MSStep *st, const MSEvents *ev, MSGhost *gh);

/* Step every agent of a through the day; agents that arrive at an off-rank location are
   handed to ex, and their continuation on the owner happens in later exchange rounds. */
PetscErrorCode MSStepAgents(MSStep *st, MSAgents *a, MSExchange ex);

/* Free the step. */
PetscErrorCode MSStepDestroy(MSStep **st);

#endif
