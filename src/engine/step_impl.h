/* The step's private state, shared by the model's day (step.c) and the work stealing that
   hands agents between ranks within it (step_steal.c). Not for use outside src/engine/step*.c. */
#ifndef MS_STEP_IMPL_H
#define MS_STEP_IMPL_H

#include "ms_step.h"

/* The hops of an agent's day whose draws are made ahead, for a block's agents at once, in
   vector registers (MSRngDrawWords01): 0 at the wake, 1 to MS_PRE_HOPS before the travel. */
#define MS_PRE_HOPS 5 /* step.c, TravelListed(): why 5 */

/* Draws made at once, in vectors, for an agent's hops beyond MS_PRE_HOPS: one vector's lanes */
#if defined(__AVX512F__)
#  define MS_FAR_HOPS 8
#else
#  define MS_FAR_HOPS 4
#endif

struct _p_MSStep {
  const MSScenario  *scn;
  const MSGraph     *g;
  const MSEvents    *ev;
  const MSSettings  *s;
  const MSPartition *part;
  uint64_t           seed;
  int                day;
  int64_t            block;     /* agents stepped between two looks at the neighbours */
  int64_t            steal_min; /* fewest agents (awake or not) whose awake ones go to a thief */
  int64_t           *pop;       /* [nloc] agents at each location (not travelling): owned entries
                                   kept current through the day; ghost entries as of the day's
                                   start until MSStepPrepare(), then what this rank's agents
                                   changed there today */
  const double *population;     /* [nloc] populations of locations.csv (MSStepSetPopulation()) */
  double       *popscore;       /* [nloc] use_pop_for_loc_weight's factor on the score, today */
  double       *homefac;    /* [cand_off[nloc]] stay_close_to_home's factor of each candidate, */
  double        home_power; /* for this home_distance_power */
  const double *hf;         /* homefac with stay_close_to_home today, else NULL */
  double       *capmult;    /* [nloc] capacity multiplier, owned and ghost entries */
  double       *chance;     /* [nloc] move chance of every location today */
  double       *score;      /* [nloc] score of owned and ghost locations today */
  double       *cdf;     /* [cand_off[nloc]] cumulative path weights of owned locations and of the
                            ghosts where an agent chose today */
  int     *guide;        /* [4 cand_off[nloc]] where ChoosePath() starts its search (Guide()) */
  int     *cand_dl;      /* [cand_off[nloc]] the first link of each candidate path */
  int     *cdf_day;      /* [nloc] the day cdf was worked out for at each location */
  int64_t *arrivals;     /* [nloc] arrivals at owned locations today (ghosts: as pop) */
  int64_t *onlink;       /* [ndl] agents on each directed link leaving an owned location (ghosts: as
                            pop) */
  double  *chance_prev;  /* [nloc] move chance of owned locations the day before */
  double  *log1m_chance; /* [nloc] log(1 - chance), for the waiting times */
  int64_t *work;  /* [nloc] agents that woke at each owned location, and their hops, since the last
                     MSStepResetWork() (load balance) */
  int64_t  *flow; /* [ndl] agents this rank moved over each directed link lately (MSStepTraffic) */
  PetscBool chance_known, redraw_all;
  int64_t  *awake, awake_cap;     /* the agents of the block in hand that wake today */
  uint64_t *draw;                 /* words 0 and 1 of the draws of the block's awake agents (hop */
  int64_t   draw_cap;             /* 0), then of its travellers (hops 1 to MS_PRE_HOPS) */
  uint64_t  pre[MS_PRE_HOPS + 1]; /* the draws of the agent in hand, by hop (the wake: hop 0) */
  int64_t  *settle, nsettle, settle_cap; /* agents of the block whose waits Finish() left */
  uint64_t  far[MS_FAR_HOPS];            /* the draws of hops [far_lo, far_lo + MS_FAR_HOPS) */
  uint64_t  far_id;                      /* of the agent of this id on day far_day (DrawFar()) */
  int       far_day, far_lo;
  int64_t  *act, nact, act_cap;    /* travelling agents of the block in hand */
  int64_t  *hole, nhole, hole_cap; /* indices of agents that left the rank today */
  int64_t   warn[MS_NWARN];
  int64_t   woken;         /* agent-days that acted (were not asleep), in all */
  int64_t   decisions;     /* their decisions, */
  int64_t   hops;          /* hops */
  int64_t   link_steps;    /* and stretches of links travelled (MSStepStats) */
  double    busy_received; /* seconds today's received agents took to store (load balance) */
  /* camps_are_sinks (ms_step.h) */
  double *leave, *leave_prev; /* [nloc] chance of leaving the simulation today, the day before
                                 (a camp's deactivation_probability) */
  double   *log1m_leave;      /* [nloc] log(1 - leave) */
  PetscBool sinks;            /* some location has a chance of leaving today */
  int64_t  *removed;          /* [nloc] agents that left the simulation at owned locations */
  /* work stealing (step_steal.c) */
  MSHanded *give; /* agents being handed to a thief (in flight until the next hand-over) */
  int64_t   ngive, give_cap;
  MSHanded *back; /* a thief's answer: the agents it stepped, handed back */
  int64_t   back_cap;
  int64_t   given, stolen; /* hand-overs made, agents stepped for partners, in all */
  MSAgents  thief;         /* the agents stepped for a partner, while they are */
  int       asked_ahead;   /* the partner asked for work before this rank ran out (-1: none) */
  double    busy_given;    /* seconds partners spent today on agents this rank handed over */
};

/* Awake agents are fetched this many ahead of their turn (6 to 16 do about as well here,
   24 worse: docs/design.md, "The step loop"). */
#define MS_AHEAD_STEP 10

/* step.c, for step_steal.c: */

/* The agents of indices [lo, hi) that wake today, into st->awake[0..*n). */
PetscErrorCode MSStepListAwake_Private(MSStep st, const MSAgents *a, int64_t lo, int64_t hi,
                                       int64_t *n);

/* Agent i's place in a is free (it left the rank): removed at the end of the day. */
PetscErrorCode MSStepVacate_Private(MSStep st, MSAgents *a, int64_t i);

/* Agent i, whose wake is today, leaves the simulation (MS_AG_LEAVE): counted as removed at
   its location, its place freed. */
PetscErrorCode MSStepDepart_Private(MSStep st, MSAgents *a, int64_t i);

/* The n agents of the thief's store t (a partner's, awake today, at its locations, which are
   ghosts here) stepped through their day; where each ends is left to the caller. */
PetscErrorCode MSStepThiefDay_Private(MSStep st, MSAgents *t, int64_t n, MSExchange ex);

/* step_steal.c, for step.c: */

/* Between two blocks of this rank's own agents, of which [next, *end) are not yet stepped:
   the thieves' requests answered with agents from the end of that range (*end moves down),
   and a partner asked ahead when one block is left. *bs becomes smaller once a thief has
   asked, so that it waits at most for a small block. */
PetscErrorCode MSStepServe_Private(MSStep st, MSAgents *a, MSSteal sp, int64_t next, int64_t *end,
                                   int64_t *bs);

/* Free what stealing holds: the thief's store and the hand-over lists. */
PetscErrorCode MSStepStealFree_Private(MSStep st);

#endif
