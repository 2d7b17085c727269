/* The load balance of a run: the loads the partitioner weighs, measured day by day, and the
   repartitions (ms_balance.h). */
#include "ms_balance.h"
#include "ms_rules.h"

void MSBalanceExpectedLoad(const MSScenario *scn, double *load)
{
  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    load[i]             = MSRulesIsCamp(l->type)       ? l->population
                          : l->type == MS_LOC_CONFLICT ? 0.01 * l->population
                                                       : 0.0;
  }
}

typedef enum { MS_ROLE_TRANSIT = 0, MS_ROLE_ORIGIN, MS_ROLE_DESTINATION } MSRole;
static const char *const MSRoleNames[] = {"transit", "origin", "destination"};

PetscErrorCode MSBalanceViewPartition(const MSPartition *p, const MSScenario *scn, const MSGraph *g)
{
  MSRole      *tag;
  const char **role;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(scn->nregions + 1, &tag, scn->nregions + 1, &role));
  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    MSRole           *t = &tag[l->region_id];
    if (l->type == MS_LOC_CONFLICT)
      *t = MS_ROLE_ORIGIN;
    else if (*t != MS_ROLE_ORIGIN && (MSRulesIsCamp(l->type) || l->country_id != g->home_country))
      *t = MS_ROLE_DESTINATION;
  }
  for (int k = 0; scn->has_conflicts && k < scn->nconflict_cols; k++) {
    int c = scn->conflict_loc[k];
    if (scn->loc[c].type == MS_LOC_TOWN || scn->loc[c].type == MS_LOC_CONFLICT)
      tag[scn->loc[c].region_id] = MS_ROLE_ORIGIN;
  }
  for (int r = 0; r < scn->nregions; r++) role[r] = MSRoleNames[tag[r]];
  PetscCall(MSPartitionView(p, scn, role));
  PetscCall(PetscFree2(tag, role));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What the load balance weighs: the modelled work of the locations (agents that woke and
   hops, plus the residents' scan; the same on every run, so repartitions are too), each
   rank's measured time (which sees what the model misses, and the noise of the machine), or
   the modelled work shared out by the ranks' measured speeds (work per second, averaged over
   weeks: cores of one machine differ by 10 % for minutes at a time, and the model misses a
   partition's mix of agents; the locations' loads stay those of the model). */
enum { MS_MEASURE_WORK = 0, MS_MEASURE_TIME, MS_MEASURE_SPEED };
static const char *const MSMeasures[] = {"work", "time", "speed"};
/* A repartition's costs in units of the model's work (an agent's decision or hop, about
   0.2 us here): what it costs whatever it moves, and per agent moved (measured on the
   generated scenario: 5-10 ms, and 0.1-0.4 us an agent; docs/design.md, "Is it worth it?") */
#define MS_REBALANCE_FIXED_WORK 30000.0
#define MS_REBALANCE_MOVE_WORK  1.5

struct _p_MSBalance {
  MPI_Comm          comm;
  PetscMPIInt       rank, size;
  const MSScenario *scn;
  const MSGraph    *g;
  MSStep            step;
  int               start_day, days;
  /* options */
  PetscReal threshold, target, resident_weight;
  PetscReal lookahead; /* days ahead the loads of a repartition are extrapolated to */
  PetscInt  interval, measure;
  PetscBool check_cost, steal;
  /* state */
  int       last, nrebalance, over_days;
  double    imbalance;     /* the busiest rank's work over the mean, averaged over the last days */
  double    imbalance_sum; /* of each day's, for the run's mean */
  double    day_seconds;   /* the last day's wall time on the slowest rank */
  double    day_work;      /* the last day's modelled work, mean over the ranks */
  double    move_cost;     /* seconds a migrated agent costs, as measured (averaged) */
  double    fixed_cost;    /* seconds a repartition costs whatever it moves (averaged) */
  PetscBool move_measured;
  double speed_work, speed_secs; /* this rank's modelled work and busy seconds a day, averaged over
                                    the last weeks */
  double     *ema;               /* [nloc] each location's work, averaged over the last days */
  double     *ema_slow;          /* [nloc] the same over the last weeks: with ema, the trend */
  PetscBool   loc_started;       /* ema and ema_slow hold a day at least */
  double      share;             /* this rank's work over the mean, averaged likewise */
  PetscBool   ema_started;
  MSMigration migration; /* buffers of the repartitions' agent moves */
  /* from MSBalanceRepartition() to MSBalanceRedistribute() */
  double *sums; /* the loads and counts summed over the ranks (Sums) */
  double  now, next, tstart, tpart;
};

PetscErrorCode MSBalanceCreate(MPI_Comm comm, MSBalance *bp)
{
  MSBalance b;

  PetscFunctionBegin;
  PetscCall(PetscNew(&b));
  b->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &b->rank));
  PetscCallMPI(MPI_Comm_size(comm, &b->size));
  b->threshold       = -1; /* by default 1.1 with work stealing, 1.03 without */
  b->target          = 1.03;
  b->measure         = MS_MEASURE_SPEED;
  b->lookahead       = 15;
  b->interval        = 5;
  b->resident_weight = 0.002;
  b->last            = -1000000;
  b->move_cost       = 3e-7;
  b->fixed_cost      = 5e-3;
  b->check_cost      = PETSC_TRUE;
  *bp                = b;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBalanceSetFromOptions(MSBalance b, PetscOptionItems *PetscOptionsObject,
                                       PetscBool steal)
{
  PetscFunctionBegin;
  b->steal = steal;
  PetscCall(PetscOptionsBool("-rebalance_check_cost",
                             "repartition only when the days left are expected to gain more than "
                             "moving costs (false: whenever the threshold is exceeded; for tests)",
                             NULL, b->check_cost, &b->check_cost, NULL));
  PetscCall(PetscOptionsReal("-rebalance_threshold",
                             "repartition when the busiest rank's work exceeds this multiple of "
                             "the mean (0: never; default 1.1 with -steal, 1.03 without)",
                             NULL, b->threshold, &b->threshold, NULL));
  PetscCall(PetscOptionsReal(
      "-rebalance_target",
      "a repartition moves work from the busiest rank until it is within this multiple of the mean",
      NULL, b->target, &b->target, NULL));
  PetscCall(PetscOptionsReal("-rebalance_lookahead",
                             "days ahead a repartition extrapolates the locations' work to, from "
                             "its trend (work and speed measures)",
                             NULL, b->lookahead, &b->lookahead, NULL));
  PetscCall(PetscOptionsInt("-rebalance_interval", "fewest days between two repartitions", NULL,
                            b->interval, &b->interval, NULL));
  PetscCall(PetscOptionsEList(
      "-rebalance_measure",
      "what the load balance weighs: the modelled work (the same partitions on every run), the "
      "measured time, or the modelled work shared by the ranks' measured speeds (default)",
      NULL, MSMeasures, 3, MSMeasures[b->measure], &b->measure, NULL));
  PetscCall(
      PetscOptionsReal("-rebalance_resident_weight",
                       "work of an agent that does not act, relative to one that does (load model)",
                       NULL, b->resident_weight, &b->resident_weight, NULL));
  /* stealing absorbs a day's imbalance at a part of its cost: repartitions are for the trend,
     not for a day's noise */
  if (b->threshold == -1) b->threshold = steal ? 1.1 : 1.03;
  PetscCheck(b->lookahead >= 0 && b->lookahead <= 100, b->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_lookahead: must be between 0 and 100 days, not %g",
             (double)b->lookahead);
  PetscCheck(b->target >= 1, b->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_target: must be at least 1, not %g", (double)b->target);
  PetscCheck(b->threshold == 0 || b->threshold >= 1, b->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_threshold: must be 0 (never) or at least 1, not %g",
             (double)b->threshold);
  PetscCheck(b->interval >= 1, b->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_interval: must be 1 or more");
  PetscCheck(b->resident_weight >= 0, b->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_resident_weight: must be 0 or more");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBalanceSetUp(MSBalance b, const MSScenario *scn, const MSGraph *g, MSStep st,
                              int start_day, int days)
{
  PetscFunctionBegin;
  b->scn = scn, b->g = g, b->step = st, b->start_day = start_day, b->days = days;
  PetscCall(PetscCalloc2(g->nloc + 1, &b->ema, g->nloc + 1, &b->ema_slow));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agents an owned location holds: at it, or on a link leaving it (they move with it). */
static int64_t Residents(const MSGraph *g, const MSStepCounts *c, int i)
{
  int64_t res = c->pop[i];

  for (int j = g->adj_off[i]; j < g->adj_off[i + 1]; j++) res += c->onlink[g->adj[j]];
  return res;
}

/* Work of owned location i today: the agents that acted there, plus the resident ones at a
   small weight for the daily scan. */
static double LocationWork(MSBalance b, const MSStepCounts *c, int i)
{
  return (double)c->work[i] + b->resident_weight * (double)Residents(b->g, c, i);
}

/* This rank's work per second, averaged over the last weeks (-rebalance_measure speed; 0
   until measured; 1 by the other measures). */
static double RankSpeed(MSBalance b)
{
  if (b->measure != MS_MEASURE_SPEED) return 1.0;
  if (!(b->speed_secs > 0) || !(b->speed_work > 0)) return 0.0;
  return b->speed_work / b->speed_secs;
}

/* Fold today's balance into the running averages: this rank's share of the mean work, the
   busiest rank's (imbalance), and the work of the owned locations (a day's work is noisy; a
   repartition should follow the trend). Shares, not seconds: a day far longer than the
   others (day 0 inserts the initial population) would otherwise hide the balance of the
   days after it for a week. */
static void AverageWork(MSBalance b, const MSPartition *part, double share, double imbalance)
{
  MSStepCounts c;

  /* by time (-rebalance_measure time), the model of work only spreads a rank's time over its
     locations; by work, the model is all */
  b->share     = b->ema_started ? 0.7 * b->share + 0.3 * share : share;
  b->imbalance = b->ema_started ? 0.7 * b->imbalance + 0.3 * imbalance : imbalance;
  MSStepGetCounts(b->step, &c);
  for (int k = 0; k < part->nowned; k++) {
    int    i       = part->owned[k];
    double today   = LocationWork(b, &c, i);
    b->ema[i]      = b->loc_started ? 0.7 * b->ema[i] + 0.3 * today : today;
    b->ema_slow[i] = b->loc_started ? 0.9 * b->ema_slow[i] + 0.1 * today : today;
  }
  b->ema_started = b->loc_started = PETSC_TRUE;
}

PetscErrorCode MSBalanceMeasure(MSBalance b, const MSPartition *part, int t, double tday,
                                double busy_own, double *work)
{
  MSStepCounts c;
  MSStepStats  stats;
  double       secs, busy, speed, w[2], wmax[2], s[3], imb;

  PetscFunctionBegin;
  PetscCall(MSStepGetCounts(b->step, &c));
  *work = 0;
  for (int k = 0; k < part->nowned; k++) *work += LocationWork(b, &c, part->owned[k]);
  if (b->size > 1) {
    /* the day's balance: the busiest rank's work over the mean; the agents handed to thieves
       count as this rank's (the partition decides who owns them) */
    PetscCall(MSStepGetStats(b->step, &stats));
    secs = busy_own + stats.busy_received + stats.busy_given;
    busy = b->measure != MS_MEASURE_TIME ? *work : secs;
    if (b->measure == MS_MEASURE_SPEED && t > b->start_day && busy > 0) {
      /* not the first day's: it inserts the initial population, work the model does not see */
      b->speed_work = b->speed_secs > 0 ? 0.9 * b->speed_work + 0.1 * busy : busy;
      b->speed_secs = b->speed_secs > 0 ? 0.9 * b->speed_secs + 0.1 * secs : secs;
    }
    /* the busiest rank is the one that takes longest for its work at its speed; a rank not
       measured yet has had no work (or no rank is measured: all count as equal) */
    speed = RankSpeed(b);
    w[0] = busy / (speed > 0 ? speed : 1.0), w[1] = MPI_Wtime() - tday;
    s[0] = busy, s[1] = speed, s[2] = speed > 0 ? 1.0 : 0.0;
    PetscCallMPI(MPI_Allreduce(w, wmax, 2, MPI_DOUBLE, MPI_MAX, b->comm));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, s, 3, MPI_DOUBLE, MPI_SUM, b->comm));
    imb            = s[0] > 0 ? wmax[0] * (s[2] > 0 ? s[1] * b->size / s[2] : b->size) / s[0] : 1.0;
    b->day_seconds = wmax[1];
    b->day_work    = s[0] / b->size;
    AverageWork(b, part, s[0] > 0 ? busy * b->size / s[0] : 1.0, imb);
    b->imbalance_sum += imb;
  }
  PetscCall(MSStepResetWork(b->step));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBalanceTrigger(MSBalance b, int t, PetscBool *due)
{
  PetscFunctionBegin;
  /* a day's times are noisy: only an imbalance that lasts 3 days calls for a repartition */
  b->over_days = b->size > 1 && b->imbalance > b->threshold ? b->over_days + 1 : 0;
  *due         = (PetscBool)(b->threshold > 0 && b->over_days >= 3 && t + 1 < b->days &&
                     t - b->last >= b->interval);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The parts of b->sums: the loads, what each location holds (keep), its population and the
   agents on its links (for the new owners, who need not count them again), the traffic over
   each route, and the averaged work (fast, slow) that the new owners go on from. */
typedef struct {
  double *load, *keep, *pop, *onlink, *traffic, *fast, *slow;
} Sums;

static Sums SumsOf(MSBalance b)
{
  int  L = b->g->nloc;
  Sums s;

  s.load = b->sums, s.keep = s.load + L, s.pop = s.keep + L, s.onlink = s.pop + L,
  s.traffic = s.onlink + b->g->ndl, s.fast = s.traffic + b->g->nroutes, s.slow = s.fast + L;
  return s;
}

/* Every rank's loads and counts of part summed over the ranks, in one reduction. */
static PetscErrorCode SumLoads(MSBalance b, const MSPartition *part)
{
  const MSGraph *g = b->g;
  int            L = g->nloc, n = 5 * L + g->ndl + g->nroutes;
  MSStepCounts   c;
  Sums           s;

  PetscFunctionBegin;
  PetscCall(MSStepGetCounts(b->step, &c));
  PetscCall(PetscCalloc1(n + 1, &b->sums));
  s = SumsOf(b);
  if (b->measure == MS_MEASURE_TIME) {
    /* the locations' shares of this rank's measured time, by the model of work */
    double sum = 0;
    for (int k = 0; k < part->nowned; k++) sum += b->ema[part->owned[k]];
    for (int k = 0; k < part->nowned; k++) {
      int i     = part->owned[k];
      s.load[i] = sum > 0 ? b->ema[i] * b->share / sum : b->share / part->nowned;
    }
  } else {
    /* the modelled work where the next days will take it: people keep moving from origins
       to destinations, and a partition balanced for the days just gone is behind at once.
       The trend is the fast average's lead over the slow one: 2.3 and 9 days behind. */
    for (int k = 0; k < part->nowned; k++) {
      int i     = part->owned[k];
      s.load[i] = PetscMax(0.0, b->ema[i] + b->lookahead * (b->ema[i] - b->ema_slow[i]) /
                                                (9.0 - 7.0 / 3.0));
      s.fast[i] = b->ema[i], s.slow[i] = b->ema_slow[i];
    }
  }
  for (int k = 0; k < part->nowned; k++) {
    int i     = part->owned[k];
    s.keep[i] = (double)Residents(g, &c, i);
    s.pop[i]  = (double)c.pop[i];
  }
  for (int d = 0; d < g->ndl; d++)
    if (part->owner[g->dl_from[d]] == b->rank) s.onlink[d] = (double)c.onlink[d];
  /* the crossings since the last look, halved at each: the recent traffic, in both directions */
  PetscCall(MSStepTraffic(b->step, s.traffic));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, b->sums, n, MPI_DOUBLE, MPI_SUM, b->comm));
  if (b->measure != MS_MEASURE_TIME)
    /* every rank has every location's history now: the new owners go on from it */
    for (int i = 0; i < L; i++) b->ema[i] = s.fast[i], b->ema_slow[i] = s.slow[i];
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* *speed[size]: every rank's speed (-rebalance_measure speed; NULL by the other measures). */
static PetscErrorCode Speeds(MSBalance b, double **speed)
{
  double mine = RankSpeed(b), sum = 0, *v;
  int    n = 0;

  PetscFunctionBegin;
  *speed = NULL;
  if (b->measure != MS_MEASURE_SPEED) PetscFunctionReturn(PETSC_SUCCESS);
  /* the ranks not measured yet (no work so far) count as the mean of the others */
  PetscCall(PetscMalloc1(b->size, &v));
  PetscCallMPI(MPI_Allgather(&mine, 1, MPI_DOUBLE, v, 1, MPI_DOUBLE, b->comm));
  for (int r = 0; r < b->size; r++) sum += v[r], n += v[r] > 0;
  for (int r = 0; r < b->size; r++) v[r] = n ? (v[r] > 0 ? v[r] : sum / n) : 1.0;
  *speed = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether np is worth it after day t: it must gain at least half of what the threshold
   tolerates and, with -rebalance_check_cost, the days left must gain more than moving the
   agents costs. */
static PetscErrorCode WorthIt(MSBalance b, const MSPartition *part, const MSPartition *np, int t,
                              PetscBool *worth)
{
  Sums    s         = SumsOf(b);
  int64_t leave_all = 0;
  double  gain, cost;

  PetscFunctionBegin;
  for (int i = 0; i < b->g->nloc; i++)
    if (np->owner[i] != part->owner[i]) leave_all += (int64_t)s.keep[i];
  gain = (b->measure != MS_MEASURE_TIME ? b->day_work : b->day_seconds) * (1.0 - b->next / b->now) *
         (double)PetscMin(b->days - t - 1, 30);
  /* with stealing, the busier rank's excess is done by its partners: what the imbalance costs
     is the hand-over, about 0.6 of the work handed over (a stolen agent costs the pair 1.6
     times one stepped at home: docs/design.md, "Work stealing") */
  if (b->steal) gain *= 0.6;
  cost   = b->measure != MS_MEASURE_TIME
               ? MS_REBALANCE_FIXED_WORK + MS_REBALANCE_MOVE_WORK * (double)leave_all / b->size
               : b->fixed_cost + b->move_cost * (double)leave_all / b->size;
  *worth = (PetscBool)((b->next < b->now / (1.0 + 0.5 * (b->threshold - 1.0))) &&
                       !(b->check_cost && !(gain > 2.0 * cost)));
  if (!*worth)
    PetscCall(PetscInfo(NULL,
                        "day %d: repartition not worth it (imbalance %.3f for %.3f; %.3g s to "
                        "gain, %.3g s to move %" PRId64 " agents)\n",
                        t, b->next, b->now, gain, cost, leave_all));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBalanceRepartition(MSBalance b, const MSPartition *part, int t, MSPartition **np)
{
  Sums             s;
  double          *speed;
  MSPartitionHints hints;
  PetscBool        worth;

  PetscFunctionBegin;
  b->tstart = MPI_Wtime();
  PetscCall(SumLoads(b, part));
  s = SumsOf(b);
  PetscCall(Speeds(b, &speed));
  hints = (MSPartitionHints){
      .prev = part, .keep = s.keep, .traffic = s.traffic, .speed = speed, .target = b->target};
  PetscCall(MSPartitionCreate(b->comm, b->scn, b->g, part->unit, s.load, &hints, np));
  PetscCall(MSPartitionImbalance(part, b->g->nloc, s.load, speed, &b->now));
  PetscCall(MSPartitionImbalance(*np, b->g->nloc, s.load, speed, &b->next));
  PetscCall(PetscFree(speed));
  b->last = t;
  PetscCall(WorthIt(b, part, *np, t, &worth));
  if (!worth) {
    PetscCall(MSPartitionDestroy(np));
    PetscCall(PetscFree(b->sums));
  }
  b->tpart = MPI_Wtime();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The costs of the repartition just made, in seconds (tm: its start, the output's and the
   agents' moves, the end of the rebuild), for the time measure's cost model: what moving an
   agent costs, apart from what a repartition costs whatever it moves (a small first move,
   its fixed costs spread over few agents, would otherwise price every later one out, and no
   later one would be measured). The first move is also the dearest (its buffers are fresh):
   later ones are averaged in. */
static PetscErrorCode MeasureCosts(MSBalance b, const double tm[5], int64_t moved_all)
{
  double dt[2] = {tm[3] - tm[2], MPI_Wtime() - tm[0] - (tm[3] - tm[2])}, per;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, dt, 2, MPI_DOUBLE, MPI_MAX, b->comm));
  per           = dt[0] * b->size / (double)PetscMax(moved_all, 1);
  b->fixed_cost = 0.5 * b->fixed_cost + 0.5 * dt[1];
  if (moved_all >= 20000) {
    b->move_cost     = b->move_measured ? 0.5 * b->move_cost + 0.5 * per : per;
    b->move_measured = PETSC_TRUE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBalanceRedistribute(MSBalance b, int t, MSPartition *np, MSOutput out, MSAgents *a,
                                     PetscErrorCode (*rebuild)(void *, MSPartition *), void *ctx)
{
  Sums    s = SumsOf(b);
  double  tm[5]; /* the start; the ends of the partition, the output, the agents, the rebuild */
  int64_t moved, moved_all;
  int     ncut = np->ncut;

  PetscFunctionBegin;
  tm[0] = b->tstart, tm[1] = b->tpart;
  /* the output's buffered days belong to the old columns */
  PetscCall(MSOutputSetPartition(out, np));
  tm[2] = MPI_Wtime();
  PetscCall(MSExchangeMigrate(np, b->g->nloc, a, &b->migration, &moved));
  tm[3] = MPI_Wtime();
  PetscCall(MSStepSetPartition(b->step, np, s.pop, s.onlink));
  PetscCall(rebuild(ctx, np));
  PetscCall(PetscFree(b->sums));
  tm[4] = MPI_Wtime();
  PetscCallMPI(MPI_Allreduce(&moved, &moved_all, 1, MPI_INT64_T, MPI_SUM, b->comm));
  b->nrebalance++;
  b->ema_started = PETSC_FALSE; /* the ranks' times belong to the old partition */
  if (b->measure == MS_MEASURE_TIME)
    b->loc_started = PETSC_FALSE; /* and so do the locations' shares of them */
  PetscCall(MeasureCosts(b, tm, moved_all));
  PetscCall(PetscPrintf(
      b->comm,
      "rebalance after day %d: imbalance %.2f -> %.2f, %d routes cut, %" PRId64
      " agents moved (%.3f s: partition %.3f, output %.3f, agents %.3f, rebuild %.3f)\n",
      t, b->now, b->next, ncut, moved_all, MPI_Wtime() - tm[0], tm[1] - tm[0], tm[2] - tm[1],
      tm[3] - tm[2], tm[4] - tm[3]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBalanceGetStats(MSBalance b, int *rebalances, double *imbalance,
                                 double *imbalance_sum)
{
  PetscFunctionBegin;
  if (rebalances) *rebalances = b->nrebalance;
  if (imbalance) *imbalance = b->size > 1 ? b->imbalance : -1.0;
  if (imbalance_sum) *imbalance_sum = b->imbalance_sum;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSBalanceDestroy(MSBalance *bp)
{
  MSBalance b = *bp;

  PetscFunctionBegin;
  if (!b) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree2(b->ema, b->ema_slow));
  PetscCall(PetscFree(b->sums));
  PetscCall(MSExchangeMigrationFree(&b->migration));
  PetscCall(PetscFree(*bp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
