/* The engine: MODEL.md section 2's day loop over a region-decomposed graph. */
#include <stdlib.h>
#include <string.h>
#include "ms_balance.h"
#include "ms_checkpoint.h"
#include "ms_io.h"
#include "ms_report.h"
#include "ms_sim.h"
#include "ms_spawn.h"
#include "ms_stages.h"
#include "ms_step.h"
#include "ms_stop.h"

struct _p_MSSim {
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  /* options */
  char scenario_dir[PETSC_MAX_PATH_LEN], output[PETSC_MAX_PATH_LEN], flee_csv[PETSC_MAX_PATH_LEN],
      settings_file[PETSC_MAX_PATH_LEN];
  PetscInt seed, days, progress_every, flush_every, sort_every;
  PetscInt checkpoint_every, kill_after;
  char     daylog_prefix[PETSC_MAX_PATH_LEN]; /* -log_days */
  char     checkpoint_prefix[PETSC_MAX_PATH_LEN], checkpoint_path[PETSC_MAX_PATH_LEN + 4],
      restart[PETSC_MAX_PATH_LEN], restart_changed[1024];
  PetscBool allow_changed, stopped, check_counts;
  PetscReal max_walltime; /* hours; 0: none */
  PetscReal rebalance_threshold, rebalance_target, resident_weight;
  PetscInt  rebalance_interval, last_rebalance, nrebalance, over_days;
  double    imbalance;     /* the busiest rank's work over the mean, averaged over the last days */
  double    imbalance_sum; /* of each day's, for the run's mean */
  double    day_seconds;   /* the last day's wall time on the slowest rank */
  double    move_cost;     /* seconds a migrated agent costs, as measured (averaged) */
  double    fixed_cost;    /* seconds a repartition costs whatever it moves (averaged) */
  PetscBool move_measured, check_cost;
  PetscInt  measure;             /* MS_MEASURE_WORK, MS_MEASURE_TIME or MS_MEASURE_SPEED */
  double speed_work, speed_secs; /* this rank's modelled work and busy seconds a day, averaged over
                                    the last weeks */
  double    day_work;            /* the last day's modelled work, mean over the ranks */
  double   *ema;                 /* [nloc] each location's work, averaged over the last days */
  double   *ema_slow;            /* [nloc] the same over the last weeks: with ema, the trend */
  PetscBool loc_started;         /* ema and ema_slow hold a day at least */
  PetscReal lookahead;           /* days ahead the loads of a repartition are extrapolated to */
  double    share;               /* this rank's work over the mean, averaged likewise */
  PetscBool ema_started;
  int64_t   xbytes,
      xearly; /* exchanged (and of that sent early) by the exchanges replaced in rebalances */
  PetscInt        early_min, step_block, steal_min;
  MSMigration     migration; /* buffers of the repartitions' agent moves */
  int             start_day;
  uint64_t        scenario_hash;
  MSPartitionUnit unit;
  MSSettings      s;
  /* state */
  MSScenario  *scn;
  MSGraph     *g;
  MSPartition *part;
  MSGhost     *ghost;
  MSExchange   ex;
  MSSteal      steal; /* NULL without work stealing */
  PetscBool    use_steal;
  MSEvents    *ev;
  MSSpawn     *spawn;
  MSStep       step;
  MSAgents    *agents;
  MSOutput     out;
  int64_t     *bucket_off, *spawn_count, *routecount;
  MSReport     report;
  MSStop       stop;
  MSStages     stages;
};

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
   generated scenario of docs/performance.md: 5-10 ms, and 0.1-0.4 us an agent) */
#define MS_REBALANCE_FIXED_WORK 30000.0
#define MS_REBALANCE_MOVE_WORK  1.5

/* The day's totals over the ranks, summed in one reduction: int64_t fields only, read as an
   array of MS_DAY_FIXED + ncamps of them. */
typedef struct {
  int64_t     agents, travelling; /* agents held, and of them on links */
  int64_t     warn[MS_NWARN];     /* warning counters since the start of the run */
  MSStopVotes stop;               /* votes for a stop after the day */
  int64_t     camp[];             /* [ncamps] agents at the camps of the report's table */
} MSDayTotals;
#define MS_DAY_FIXED ((int)(sizeof(MSDayTotals) / sizeof(int64_t)))
_Static_assert(sizeof(MSDayTotals) % sizeof(int64_t) == 0, "MSDayTotals holds int64_t only");

PetscErrorCode MSSimCreate(MPI_Comm comm, MSSim *simp)
{
  MSSim sim;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sim));
  sim->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &sim->rank));
  PetscCallMPI(MPI_Comm_size(comm, &sim->size));
  PetscCall(PetscStrncpy(sim->scenario_dir, "inputs/default", sizeof(sim->scenario_dir)));
  PetscCall(PetscStrncpy(sim->output, "migrasim.h5", sizeof(sim->output)));
  sim->seed                = 1;
  sim->days                = -1;
  sim->progress_every      = 0;
  sim->flush_every         = 0;
  sim->sort_every          = 0;
  sim->kill_after          = -1;
  sim->rebalance_threshold = -1; /* by default 1.1 with work stealing, 1.03 without */
  sim->rebalance_target    = 1.03;
  sim->measure             = MS_MEASURE_SPEED;
  sim->lookahead           = 15;
  sim->rebalance_interval  = 5;
  sim->early_min           = MS_EXCHANGE_EARLY_MIN;
  sim->resident_weight     = 0.002;
  sim->last_rebalance      = -1000000;
  sim->move_cost           = 3e-7;
  sim->fixed_cost          = 5e-3;
  sim->check_cost          = PETSC_TRUE;
  sim->use_steal  = PETSC_FALSE; /* a quiet node gains nothing from it: docs/performance.md */
  sim->step_block = MS_STEP_BLOCK;
  sim->steal_min  = MS_STEP_STEAL_MIN;
  /* from the start: a signal during set-up still ends in a checkpoint after the first day */
  PetscCall(MSStopCreate(comm, &sim->stop));
  PetscCall(
      PetscStrncpy(sim->checkpoint_prefix, "migrasim-checkpoint", sizeof(sim->checkpoint_prefix)));
  sim->unit = MS_PART_REGION;
  *simp     = sim;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSetFromOptions(MSSim sim)
{
  PetscInt unit = sim->unit;

  PetscFunctionBegin;
  PetscCall(
      MSSettingsSetFromOptions(sim->comm, &sim->s, sim->settings_file, sizeof(sim->settings_file)));
  PetscOptionsBegin(sim->comm, NULL, "migrasim run options", NULL);
  PetscCall(PetscOptionsString(
      "-scenario", "Flee-format scenario directory (input_csv/, source_data/)", NULL,
      sim->scenario_dir, sim->scenario_dir, sizeof(sim->scenario_dir), NULL));
  PetscCall(PetscOptionsString("-output", "HDF5 output file", NULL, sim->output, sim->output,
                               sizeof(sim->output), NULL));
  sim->flee_csv[0] = 0;
  PetscCall(PetscOptionsString(
      "-flee_csv",
      "Flee's out.csv layout (default: the output's name with .out.csv; 'none' to skip)", NULL,
      sim->flee_csv, sim->flee_csv, sizeof(sim->flee_csv), NULL));
  PetscCall(PetscOptionsInt("-seed",
                            "seed of every random draw (any rank count gives the same results)",
                            NULL, sim->seed, &sim->seed, NULL));
  PetscCall(PetscOptionsInt("-days", "days to simulate (default: the scenario's Length)", NULL,
                            sim->days, &sim->days, NULL));
  PetscCall(PetscOptionsEList("-partition", "unit of the domain decomposition", NULL,
                              MSPartitionUnits, 2, MSPartitionUnits[sim->unit], &unit, NULL));
  PetscCall(PetscOptionsInt("-progress_every",
                            "days between progress lines (0: about ten lines a run)", NULL,
                            sim->progress_every, &sim->progress_every, NULL));
  PetscCall(PetscOptionsInt(
      "-output_flush_every",
      "days buffered between collective writes (0: as many as about 8 MiB hold, 32 to 4096)", NULL,
      sim->flush_every, &sim->flush_every, NULL));
  PetscCall(PetscOptionsInt("-checkpoint_every",
                            "days between checkpoints (0: only on a graceful stop)", NULL,
                            sim->checkpoint_every, &sim->checkpoint_every, NULL));
  PetscCall(PetscOptionsString(
      "-checkpoint_prefix", "checkpoint file is PREFIX.h5 (the one before it PREFIX.h5.prev)", NULL,
      sim->checkpoint_prefix, sim->checkpoint_prefix, sizeof(sim->checkpoint_prefix), NULL));
  PetscCall(PetscOptionsString("-restart", "continue from this checkpoint, on any number of ranks",
                               NULL, sim->restart, sim->restart, sizeof(sim->restart), NULL));
  PetscCall(
      PetscOptionsBool("-restart_allow_changed_settings",
                       "accept settings that differ from the checkpoint's (recorded in the output)",
                       NULL, sim->allow_changed, &sim->allow_changed, NULL));
  PetscCall(PetscOptionsReal("-max_walltime",
                             "hours: checkpoint and stop before this wall time, with a margin from "
                             "the measured cost of a day and a checkpoint",
                             NULL, sim->max_walltime, &sim->max_walltime, NULL));
  PetscCall(PetscOptionsInt(
      "-checkpoint_test_kill_after",
      "testing only: SIGKILL the run after this many agent datasets of a checkpoint", NULL,
      sim->kill_after, &sim->kill_after, NULL));
  PetscCall(PetscOptionsInt(
      "-agents_sort_every",
      "days between re-sorting the agents by location, for memory locality (0: never)", NULL,
      sim->sort_every, &sim->sort_every, NULL));
  PetscCall(PetscOptionsBool("-rebalance_check_cost",
                             "repartition only when the days left are expected to gain more than "
                             "moving costs (false: whenever the threshold is exceeded; for tests)",
                             NULL, sim->check_cost, &sim->check_cost, NULL));
  PetscCall(PetscOptionsBool(
      "-steal",
      "a rank done with its own agents steps awake agents of a neighbouring rank that is not "
      "(balances each day on nodes whose cores slow down at times; results do not change)",
      NULL, sim->use_steal, &sim->use_steal, NULL));
  PetscCall(PetscOptionsInt("-step_block",
                            "agents stepped between two looks at the neighbours' messages (early "
                            "migrants, thieves' requests)",
                            NULL, sim->step_block, &sim->step_block, NULL));
  PetscCall(PetscOptionsInt("-steal_min",
                            "fewest agents (of which the awake ones go) worth handing to a thief",
                            NULL, sim->steal_min, &sim->steal_min, NULL));
  PetscCall(PetscOptionsReal("-rebalance_threshold",
                             "repartition when the busiest rank's work exceeds this multiple of "
                             "the mean (0: never; default 1.1 with -steal, 1.03 without)",
                             NULL, sim->rebalance_threshold, &sim->rebalance_threshold, NULL));
  PetscCall(PetscOptionsReal(
      "-rebalance_target",
      "a repartition moves work from the busiest rank until it is within this multiple of the mean",
      NULL, sim->rebalance_target, &sim->rebalance_target, NULL));
  PetscCall(PetscOptionsReal("-rebalance_lookahead",
                             "days ahead a repartition extrapolates the locations' work to, from "
                             "its trend (work and speed measures)",
                             NULL, sim->lookahead, &sim->lookahead, NULL));
  PetscCall(PetscOptionsInt("-rebalance_interval", "fewest days between two repartitions", NULL,
                            sim->rebalance_interval, &sim->rebalance_interval, NULL));
  PetscCall(PetscOptionsInt("-exchange_early_min",
                            "migrants queued for a neighbour that are sent while this rank still "
                            "steps its agents, instead of at the end of the day (0: none)",
                            NULL, sim->early_min, &sim->early_min, NULL));
  PetscCall(PetscOptionsEList(
      "-rebalance_measure",
      "what the load balance weighs: the modelled work (the same partitions on every run), the "
      "measured time, or the modelled work shared by the ranks' measured speeds (default)",
      NULL, MSMeasures, 3, MSMeasures[sim->measure], &sim->measure, NULL));
  PetscCall(
      PetscOptionsReal("-rebalance_resident_weight",
                       "work of an agent that does not act, relative to one that does (load model)",
                       NULL, sim->resident_weight, &sim->resident_weight, NULL));
  PetscCall(PetscOptionsString("-log_days",
                               "write each rank's seconds per stage, day by day, to "
                               "PREFIX.RANK.csv (load-balance diagnosis)",
                               NULL, sim->daylog_prefix, sim->daylog_prefix,
                               sizeof(sim->daylog_prefix), NULL));
  PetscCall(PetscOptionsBool("-check_counts",
                             "recount every day's populations from the agents and compare with the "
                             "running counts (testing)",
                             NULL, sim->check_counts, &sim->check_counts, NULL));
  PetscOptionsEnd();
  sim->unit = (MSPartitionUnit)unit;
  PetscCheck(sim->checkpoint_every >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -checkpoint_every: must be 0 or more");
  PetscCheck(sim->max_walltime >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -max_walltime: must be 0 (none) or more hours");
  PetscCall(PetscSNPrintf(sim->checkpoint_path, sizeof(sim->checkpoint_path), "%s.h5",
                          sim->checkpoint_prefix));
  PetscCheck(strcmp(sim->checkpoint_path, sim->output) && strcmp(sim->restart, sim->output),
             sim->comm, PETSC_ERR_USER_INPUT,
             "option -output: %s is also the checkpoint file; give -checkpoint_prefix another name",
             sim->output);
  /* stealing absorbs a day's imbalance at a part of its cost: repartitions are for the trend,
     not for a day's noise */
  if (sim->rebalance_threshold == -1) sim->rebalance_threshold = sim->use_steal ? 1.1 : 1.03;
  PetscCheck(sim->lookahead >= 0 && sim->lookahead <= 100, sim->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_lookahead: must be between 0 and 100 days, not %g",
             (double)sim->lookahead);
  PetscCheck(sim->rebalance_target >= 1, sim->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_target: must be at least 1, not %g", (double)sim->rebalance_target);
  PetscCheck(sim->rebalance_threshold == 0 || sim->rebalance_threshold >= 1, sim->comm,
             PETSC_ERR_USER_INPUT,
             "option -rebalance_threshold: must be 0 (never) or at least 1, not %g",
             (double)sim->rebalance_threshold);
  PetscCheck(sim->rebalance_interval >= 1, sim->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_interval: must be 1 or more");
  PetscCheck(sim->step_block >= 1, sim->comm, PETSC_ERR_USER_INPUT,
             "option -step_block: must be 1 or more agents, not %" PetscInt_FMT, sim->step_block);
  PetscCheck(sim->steal_min >= 1, sim->comm, PETSC_ERR_USER_INPUT,
             "option -steal_min: must be 1 or more agents, not %" PetscInt_FMT, sim->steal_min);
  PetscCheck(sim->early_min >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -exchange_early_min: must be 0 or more");
  PetscCheck(sim->resident_weight >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -rebalance_resident_weight: must be 0 or more");
  PetscCheck(sim->sort_every >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -agents_sort_every: must be 0 (never) or more");
  PetscCheck(sim->seed >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -seed: must be 0 or more, not %" PetscInt_FMT, sim->seed);
  PetscCheck(sim->days == -1 || (sim->days >= 1 && sim->days < (1 << MS_ID_DAY_BITS)), sim->comm,
             PETSC_ERR_USER_INPUT, "option -days: must be between 1 and %d, not %" PetscInt_FMT,
             (1 << MS_ID_DAY_BITS) - 1, sim->days);
  PetscCheck(sim->progress_every >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -progress_every: must be 0 or more");
  PetscCheck(sim->flush_every >= 0 && sim->flush_every <= 100000, sim->comm, PETSC_ERR_USER_INPUT,
             "option -output_flush_every: must be between 1 and 100000 (or 0: automatic)");
  PetscCall(MSStopSetWalltime(sim->stop, sim->max_walltime));
  if (!sim->flee_csv[0]) {
    size_t n;
    PetscCall(PetscStrncpy(sim->flee_csv, sim->output, sizeof(sim->flee_csv)));
    n = strlen(sim->flee_csv);
    if (n > 3 && !strcmp(sim->flee_csv + n - 3, ".h5")) sim->flee_csv[n - 3] = 0;
    PetscCall(PetscStrlcat(sim->flee_csv, ".out.csv", sizeof(sim->flee_csv)));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The farthest an agent travels in a day: how far the ghosts must reach. */
static double DayKm(const MSSettings *s) { return PetscMax(s->max_move_speed, s->max_walk_speed); }

/* What the partition sim->part implies: the ghosts, the exchange's neighbourhood, the
   stealing partners. Collective. */
static PetscErrorCode Decomposition(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(MSGhostCreate(sim->part, sim->g, DayKm(&sim->s), sim->use_steal, &sim->ghost));
  PetscCall(MSExchangeCreate(sim->part, sim->g->nloc, sim->ghost->reach, &sim->ex));
  MSExchangeSetEarlyMin(sim->ex, sim->early_min);
  if (sim->use_steal && sim->size > 1)
    PetscCall(MSStealCreate(sim->comm, sim->ghost->nneighbour, sim->ghost->neighbour, &sim->steal));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The settings as name/value pairs, as checkpoints record and compare them. */
static PetscErrorCode SettingsPairs(MSSim sim, int *n, char ***names, char ***values)
{
  int k = MSSettingsCount();

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(k, names));
  PetscCall(PetscMalloc1(k, values));
  for (int i = 0; i < k; i++) {
    const char *nm;
    char        v[256];
    MSSettingsGetPair(&sim->s, i, &nm, v, sizeof(v));
    PetscCall(PetscStrallocpy(nm, &(*names)[i]));
    PetscCall(PetscStrallocpy(v, &(*values)[i]));
  }
  *n = k;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode SettingsPairsFree(int n, char ***names, char ***values)
{
  PetscFunctionBegin;
  for (int i = 0; i < n; i++) {
    PetscCall(PetscFree((*names)[i]));
    PetscCall(PetscFree((*values)[i]));
  }
  PetscCall(PetscFree(*names));
  PetscCall(PetscFree(*values));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The running counts of populations and travellers against a recount from the agents. */
static PetscErrorCode CheckCounts(MSSim sim, int t)
{
  int64_t bad;

  PetscFunctionBegin;
  PetscCall(MSStepCheckCounts(sim->step, sim->agents, &bad));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT64_T, MPI_SUM, sim->comm));
  PetscCheck(!bad, sim->comm, PETSC_ERR_PLIB,
             "day %d: %" PRId64 " running counts differ from a recount of the agents", t, bad);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSetUp(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(MSScenarioLoad(sim->comm, sim->scenario_dir, &sim->scn));
  for (int w = 0; w < sim->scn->nwarnings; w++)
    PetscCall(PetscPrintf(sim->comm, "migrasim: warning: %s\n", sim->scn->warnings[w]));
  if (sim->days < 0) sim->days = sim->scn->length;
  if (sim->flush_every == 0) {
    /* a collective write costs about as much for 32 days as for 200 (10-15 ms here, the
       same on 1 rank and on 2): few and large, as far as about 8 MiB a rank */
    double day       = 8.0 * (2.0 * sim->scn->nloc + sim->scn->nroutes);
    sim->flush_every = (PetscInt)PetscMin(4096.0, PetscMax(32.0, 8388608.0 / day));
  }
  PetscCheck(sim->days < (1 << MS_ID_DAY_BITS), sim->comm, PETSC_ERR_USER_INPUT,
             "%s/input_csv/sim_period.csv: field 'Length': %d days is more than the %d that agent "
             "ids hold",
             sim->scenario_dir, sim->scn->length, (1 << MS_ID_DAY_BITS) - 1);
  PetscCheck(sim->scn->nloc < (1 << MS_ID_LOC_BITS), sim->comm, PETSC_ERR_USER_INPUT,
             "%s/input_csv/locations.csv: field 'name': %d locations is more than the %d that "
             "agent ids hold",
             sim->scenario_dir, sim->scn->nloc, (1 << MS_ID_LOC_BITS) - 1);
  PetscCall(MSGraphCreate(sim->comm, sim->scn, &sim->s, &sim->g));
  {
    double *load;
    PetscCall(PetscMalloc1(sim->scn->nloc + 1, &load));
    MSBalanceExpectedLoad(sim->scn, load);
    PetscCall(MSPartitionCreate(sim->comm, sim->scn, sim->g, sim->unit, load, NULL, &sim->part));
    PetscCall(PetscFree(load));
  }
  PetscCall(MSBalanceViewPartition(sim->part, sim->scn, sim->g));
  PetscCall(Decomposition(sim));
  MSExchangeSetEarlyMin(sim->ex, sim->early_min);
  PetscCall(MSEventsCreate(sim->scn, &sim->ev));
  PetscCall(MSSpawnCreate(sim->scn, &sim->spawn));
  PetscCall(MSStepCreate(sim->scn, sim->g, &sim->s, sim->part, (uint64_t)sim->seed, &sim->step));
  PetscCall(MSStepSetBlock(sim->step, sim->step_block, sim->steal_min));
  PetscCall(MSAgentsCreate(&sim->agents));
  {
    int L = sim->scn->nloc;
    /* apart: a rebalance reallocates the first and the last */
    PetscCall(PetscMalloc1(sim->part->nowned + 1, &sim->bucket_off));
    PetscCall(PetscMalloc1(L + 1, &sim->spawn_count));
    PetscCall(PetscCalloc2(L + 1, &sim->ema, L + 1, &sim->ema_slow));
    PetscCall(PetscMalloc1(sim->part->nroutes_owned + 1, &sim->routecount));
  }
  PetscCall(
      MSReportCreate(sim->comm, sim->scn, (int)sim->days, (int)sim->progress_every, &sim->report));
  sim->scenario_hash = MSScenarioHash(sim->scn);
  if (sim->restart[0]) {
    MSCheckpointState cs;
    int               nset;
    char            **names, **values;
    PetscCall(PetscMemzero(&cs, sizeof(cs)));
    cs.seed = (uint64_t)sim->seed, cs.scenario_hash = sim->scenario_hash;
    {
      MSMetricsTable *m;
      PetscCall(MSReportGetTable(sim->report, &m, &cs.extra));
      cs.ncamps = m->ncamps, cs.camp_sim = m->sim;
    }
    double tr = MPI_Wtime();
    PetscCall(SettingsPairs(sim, &nset, &names, &values));
    PetscCall(MSCheckpointRead(sim->restart, sim->scn, sim->g, sim->part, sim->agents, &cs,
                               (int)sim->days, nset, (const char *const *)names,
                               (const char *const *)values, sim->allow_changed,
                               sim->restart_changed, sizeof(sim->restart_changed)));
    PetscCall(SettingsPairsFree(nset, &names, &values));
    PetscCheck(cs.day < sim->days, sim->comm, PETSC_ERR_USER_INPUT,
               "option -days: %" PetscInt_FMT
               " days are already simulated by the checkpoint (day %d); give more",
               sim->days, cs.day);
    /* the events and spawn state of the days before: replayed or restored */
    for (int t = 0; t < cs.day; t++)
      PetscCall(MSEventsApply(sim->ev, sim->scn, sim->g, &sim->s, t));
    /* the move chances of the day before, against which the next day's changes are found;
       changed settings may change any chance: every waiting time is drawn anew */
    PetscCall(MSStepReschedule(sim->step, sim->ev, sim->agents));
    if (sim->restart_changed[0]) PetscCall(MSStepSetRedrawAll(sim->step));
    sim->spawn->debt = cs.spawn_debt, sim->spawn->pending = cs.spawn_pending,
    sim->spawn->total = cs.spawn_total, sim->spawn->waited_days = cs.spawn_waited;
    if (sim->rank == 0) PetscCall(MSStepSetWarnings(sim->step, cs.warn));
    sim->start_day = cs.day;
    PetscCall(
        PetscPrintf(sim->comm, "restart: day %d from %s (%" PRId64 " agents, read in %.2f s)%s%s\n",
                    cs.day, sim->restart, cs.spawn_total, MPI_Wtime() - tr,
                    sim->restart_changed[0] ? "; settings changed: " : "", sim->restart_changed));
  }
  if (sim->daylog_prefix[0])
    PetscCall(
        MSReportSetDayLog(sim->report, sim->daylog_prefix, (PetscBool)(sim->restart[0] != 0)));
  PetscCall(MSStagesRegister(&sim->stages));
  {
    MSRunInfo info = {(uint64_t)sim->seed, sim->scenario_dir,     sim->settings_file,
                      (int)sim->days,      (int)sim->flush_every, sim->scenario_hash,
                      sim->start_day,      sim->restart_changed};
    PetscCall(MSOutputCreate(sim->output, sim->scn, sim->g, sim->part, &sim->s, &info, &sim->out));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Write the checkpoint of the state after day t (the output is flushed first, so that it
   holds exactly the days the checkpoint has simulated). */
static PetscErrorCode Checkpoint(MSSim sim, int t, const int64_t *glob_warn)
{
  MSCheckpointState cs;
  int               nset;
  char            **names, **values;
  double            t0 = MPI_Wtime();

  PetscFunctionBegin;
  PetscCall(MSStagesPush(sim->stages.checkpoint));
  PetscCall(MSOutputFlush(sim->out));
  PetscCall(PetscMemzero(&cs, sizeof(cs)));
  cs.day = t + 1, cs.seed = (uint64_t)sim->seed, cs.scenario_hash = sim->scenario_hash;
  cs.spawn_debt = sim->spawn->debt, cs.spawn_pending = sim->spawn->pending,
  cs.spawn_total = sim->spawn->total, cs.spawn_waited = sim->spawn->waited_days;
  for (int w = 0; w < MS_NWARN; w++) cs.warn[w] = glob_warn[w];
  {
    MSMetricsTable *m;
    PetscCall(MSReportGetTable(sim->report, &m, &cs.extra));
    cs.ncamps = m->ncamps, cs.camp_sim = m->sim;
  }
  PetscCall(SettingsPairs(sim, &nset, &names, &values));
  PetscCall(MSCheckpointWrite(sim->checkpoint_path, sim->scn, sim->g, sim->part, sim->agents, &cs,
                              nset, (const char *const *)names, (const char *const *)values,
                              (int)sim->kill_after));
  PetscCall(SettingsPairsFree(nset, &names, &values));
  t0 = MPI_Wtime() - t0;
  PetscCall(MSStopSetCheckpointCost(sim->stop, t0));
  PetscCall(MSStagesPop());
  PetscCall(PetscPrintf(sim->comm, "checkpoint: %s after day %d (%.2f s)\n", sim->checkpoint_path,
                        t, t0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agents an owned location holds: at it, or on a link leaving it (they move with it). */
static int64_t Residents(MSSim sim, int i)
{
  const MSGraph *g = sim->g;
  MSStepCounts   c;
  int64_t        res;

  MSStepGetCounts(sim->step, &c);
  res = c.pop[i];
  for (int j = g->adj_off[i]; j < g->adj_off[i + 1]; j++) res += c.onlink[g->adj[j]];
  return res;
}

/* Work of each owned location today: the agents that acted there, plus the resident ones at
   a small weight for the daily scan. */
static void LocationWork(MSSim sim, double *load)
{
  MSStepCounts c;

  MSStepGetCounts(sim->step, &c);
  for (int k = 0; k < sim->part->nowned; k++) {
    int i   = sim->part->owned[k];
    load[i] = (double)c.work[i] + sim->resident_weight * (double)Residents(sim, i);
  }
}

/* This rank's modelled work today: its locations' (LocationWork). */
static double RankWork(MSSim sim)
{
  double       sum = 0;
  MSStepCounts c;

  MSStepGetCounts(sim->step, &c);
  for (int k = 0; k < sim->part->nowned; k++) {
    int i = sim->part->owned[k];
    sum += (double)c.work[i] + sim->resident_weight * (double)Residents(sim, i);
  }
  return sum;
}

/* This rank's work per second, averaged over the last weeks (-rebalance_measure speed; 0
   until measured; 1 by the other measures). */
static double RankSpeed(MSSim sim)
{
  if (sim->measure != MS_MEASURE_SPEED) return 1.0;
  if (!(sim->speed_secs > 0) || !(sim->speed_work > 0)) return 0.0;
  return sim->speed_work / sim->speed_secs;
}

/* Fold today's balance into the running averages: this rank's share of the mean work, the
   busiest rank's (imbalance), and the work of the owned locations (a day's work is noisy; a
   repartition should follow the trend). Shares, not seconds: a day far longer than the
   others (day 0 inserts the initial population) would otherwise hide the balance of the
   days after it for a week. */
static PetscErrorCode AverageWork(MSSim sim, double share, double imbalance)
{
  double *today;

  PetscFunctionBegin;
  /* by time (-rebalance_measure time), the model of work only spreads a rank's time over its
     locations; by work, the model is all */
  sim->share     = sim->ema_started ? 0.7 * sim->share + 0.3 * share : share;
  sim->imbalance = sim->ema_started ? 0.7 * sim->imbalance + 0.3 * imbalance : imbalance;
  PetscCall(PetscMalloc1(sim->g->nloc + 1, &today));
  LocationWork(sim, today);
  for (int k = 0; k < sim->part->nowned; k++) {
    int i            = sim->part->owned[k];
    sim->ema[i]      = sim->loc_started ? 0.7 * sim->ema[i] + 0.3 * today[i] : today[i];
    sim->ema_slow[i] = sim->loc_started ? 0.9 * sim->ema_slow[i] + 0.1 * today[i] : today[i];
  }
  sim->ema_started = sim->loc_started = PETSC_TRUE;
  PetscCall(PetscFree(today));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Repartition by the measured work and move locations and agents to their new owners.
   Kept only when the new partition is clearly better; results do not change either way. */
static PetscErrorCode Rebalance(MSSim sim, int t)
{
  const MSGraph *g = sim->g;
  int            L = g->nloc;
  double        *load, *keep, *pop, *onlink, *traffic, *fast, *slow,
      *speed = NULL, now, next, tm[5] = {MPI_Wtime()}; /* partition, output, agents, rebuild */
  MSPartition     *np;
  MSPartitionHints hints;
  MSStepCounts     c;
  int64_t          moved, moved_all;

  PetscFunctionBegin;
  PetscCall(MSStepGetCounts(sim->step, &c));
  /* all summed over the ranks in one reduction; the running counts go with it, so that the
     new owners need not count their agents again */
  PetscCall(PetscCalloc1(5 * L + g->ndl + g->nroutes + 1, &load));
  keep = load + L, pop = keep + L, onlink = pop + L, traffic = onlink + g->ndl,
  fast = traffic + g->nroutes, slow = fast + L;
  if (sim->measure == MS_MEASURE_TIME) {
    /* the locations' shares of this rank's measured time, by the model of work */
    double sum = 0;
    for (int k = 0; k < sim->part->nowned; k++) sum += sim->ema[sim->part->owned[k]];
    for (int k = 0; k < sim->part->nowned; k++) {
      int i   = sim->part->owned[k];
      load[i] = sum > 0 ? sim->ema[i] * sim->share / sum : sim->share / sim->part->nowned;
    }
  } else {
    /* the modelled work where the next days will take it: people keep moving from origins
       to destinations, and a partition balanced for the days just gone is behind at once.
       The trend is the fast average's lead over the slow one: 2.3 and 9 days behind. */
    for (int k = 0; k < sim->part->nowned; k++) {
      int i   = sim->part->owned[k];
      load[i] = PetscMax(0.0, sim->ema[i] + sim->lookahead * (sim->ema[i] - sim->ema_slow[i]) /
                                                (9.0 - 7.0 / 3.0));
      fast[i] = sim->ema[i], slow[i] = sim->ema_slow[i];
    }
  }
  for (int k = 0; k < sim->part->nowned; k++) {
    int i   = sim->part->owned[k];
    keep[i] = (double)Residents(sim, i);
    pop[i]  = (double)c.pop[i];
  }
  for (int d = 0; d < g->ndl; d++)
    if (sim->part->owner[g->dl_from[d]] == sim->rank) onlink[d] = (double)c.onlink[d];
  /* the crossings since the last look, halved at each: the recent traffic, in both directions */
  PetscCall(MSStepTraffic(sim->step, traffic));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, load, 5 * L + g->ndl + g->nroutes, MPI_DOUBLE, MPI_SUM,
                             sim->comm));
  if (sim->measure != MS_MEASURE_TIME)
    /* every rank has every location's history now: the new owners go on from it */
    for (int i = 0; i < L; i++) sim->ema[i] = fast[i], sim->ema_slow[i] = slow[i];
  if (sim->measure == MS_MEASURE_SPEED) {
    /* the ranks not measured yet (no work so far) count as the mean of the others */
    double mine = RankSpeed(sim), sum = 0;
    int    n = 0;
    PetscCall(PetscMalloc1(sim->size, &speed));
    PetscCallMPI(MPI_Allgather(&mine, 1, MPI_DOUBLE, speed, 1, MPI_DOUBLE, sim->comm));
    for (int r = 0; r < sim->size; r++) sum += speed[r], n += speed[r] > 0;
    for (int r = 0; r < sim->size; r++) speed[r] = n ? (speed[r] > 0 ? speed[r] : sum / n) : 1.0;
  }
  hints = (MSPartitionHints){.prev    = sim->part,
                             .keep    = keep,
                             .traffic = traffic,
                             .speed   = speed,
                             .target  = sim->rebalance_target};
  PetscCall(MSPartitionCreate(sim->comm, sim->scn, sim->g, sim->part->unit, load, &hints, &np));
  PetscCall(MSPartitionImbalance(sim->part, L, load, speed, &now));
  PetscCall(MSPartitionImbalance(np, L, load, speed, &next));
  PetscCall(PetscFree(speed));
  sim->last_rebalance = t;
  {
    /* worth it only if the days left gain more than moving the agents costs */
    int64_t leave_all = 0;
    double  gain, cost;
    for (int i = 0; i < L; i++)
      if (np->owner[i] != sim->part->owner[i]) leave_all += (int64_t)keep[i];
    gain = (sim->measure != MS_MEASURE_TIME ? sim->day_work : sim->day_seconds) *
           (1.0 - next / now) * (double)PetscMin(sim->days - t - 1, 30);
    /* with stealing, the busier rank's excess is done by its partners: what the imbalance
       costs is the hand-over, about 0.6 of the work handed over (a stolen agent costs the
       pair 1.6 times one stepped at home: docs/performance.md) */
    if (sim->steal) gain *= 0.6;
    cost = sim->measure != MS_MEASURE_TIME
               ? MS_REBALANCE_FIXED_WORK + MS_REBALANCE_MOVE_WORK * (double)leave_all / sim->size
               : sim->fixed_cost + sim->move_cost * (double)leave_all / sim->size;
    /* the new partition must gain at least half of what the threshold tolerates */
    if (!(next < now / (1.0 + 0.5 * (sim->rebalance_threshold - 1.0))) ||
        (sim->check_cost && !(gain > 2.0 * cost))) {
      PetscCall(PetscInfo(NULL,
                          "day %d: repartition not worth it (imbalance %.3f for %.3f; %.3g s to "
                          "gain, %.3g s to move %" PRId64 " agents)\n",
                          t, next, now, gain, cost, leave_all));
      PetscCall(MSPartitionDestroy(&np));
      PetscCall(PetscFree(load));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  }
  /* the output's buffered days belong to the old columns */
  tm[1] = MPI_Wtime();
  PetscCall(MSOutputSetPartition(sim->out, np));
  tm[2] = MPI_Wtime();
  PetscCall(MSExchangeMigrate(np, g->nloc, sim->agents, &sim->migration, &moved));
  tm[3] = MPI_Wtime();
  PetscCall(MSGhostDestroy(&sim->ghost));
  PetscCall(MSStealDestroy(&sim->steal));
  sim->xbytes += MSExchangeBytesSent(sim->ex);
  sim->xearly += MSExchangeBytesEarly(sim->ex);
  PetscCall(MSExchangeDestroy(&sim->ex));
  PetscCall(MSPartitionDestroy(&sim->part));
  sim->part = np;
  PetscCall(MSStepSetPartition(sim->step, np, pop, onlink));
  PetscCall(Decomposition(sim));
  PetscCall(PetscFree(sim->bucket_off));
  PetscCall(PetscFree(sim->routecount));
  PetscCall(PetscMalloc1(np->nowned + 1, &sim->bucket_off));
  PetscCall(PetscMalloc1(np->nroutes_owned + 1, &sim->routecount));
  PetscCall(MSStepRefreshGhosts(sim->step, sim->ghost)); /* the new ghosts, for tomorrow */
  PetscCall(PetscFree(load));
  tm[4] = MPI_Wtime();
  PetscCallMPI(MPI_Allreduce(&moved, &moved_all, 1, MPI_INT64_T, MPI_SUM, sim->comm));
  sim->nrebalance++;
  sim->ema_started = PETSC_FALSE; /* the ranks' times belong to the old partition */
  if (sim->measure == MS_MEASURE_TIME)
    sim->loc_started = PETSC_FALSE; /* and so do the locations' shares of them */
  {
    /* the cost of moving agents, apart from what a repartition costs whatever it moves: a
       small first move, its fixed costs spread over few agents, would otherwise price every
       later one out (and no later one would be measured). The first move is also the
       dearest (its buffers are fresh): later ones are averaged in. */
    double dt[2] = {tm[3] - tm[2], MPI_Wtime() - tm[0] - (tm[3] - tm[2])}, per;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, dt, 2, MPI_DOUBLE, MPI_MAX, sim->comm));
    per             = dt[0] * sim->size / (double)PetscMax(moved_all, 1);
    sim->fixed_cost = 0.5 * sim->fixed_cost + 0.5 * dt[1];
    if (moved_all >= 20000) {
      sim->move_cost     = sim->move_measured ? 0.5 * sim->move_cost + 0.5 * per : per;
      sim->move_measured = PETSC_TRUE;
    }
  }
  PetscCall(PetscPrintf(
      sim->comm,
      "rebalance after day %d: imbalance %.2f -> %.2f, %d routes cut, %" PRId64
      " agents moved (%.3f s: partition %.3f, output %.3f, agents %.3f, rebuild %.3f)\n",
      t, now, next, np->ncut, moved_all, MPI_Wtime() - tm[0], tm[1] - tm[0], tm[2] - tm[1],
      tm[3] - tm[2], tm[4] - tm[3]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Peak resident set of this process in bytes (Linux), 0 where unknown. */
static int64_t PeakRSS(void)
{
  FILE   *f = fopen("/proc/self/status", "r");
  char    line[256];
  int64_t kb = 0;

  if (!f) return 0;
  while (fgets(line, sizeof(line), f))
    if (!strncmp(line, "VmHWM:", 6)) kb = strtoll(line + 6, NULL, 10);
  fclose(f);
  return kb * 1024;
}

PetscErrorCode MSSimRun(MSSim sim)
{
  const MSScenario *scn = sim->scn;
  MSAgents         *a   = sim->agents;
  MSStep            st  = sim->step;
  MSStepCounts      cnt;
  MSStepStats       stats;
  MSMetricsTable   *m;
  int               nc;
  MSDayTotals      *red, *glob;
  int64_t          *obs, spawned_total, agent_steps = 0;

  PetscFunctionBegin;
  PetscCall(MSReportGetTable(sim->report, &m, NULL));
  nc = m->ncamps;
  PetscCall(PetscMalloc(sizeof(MSDayTotals) + sizeof(int64_t) * (size_t)nc, &red));
  PetscCall(PetscMalloc(sizeof(MSDayTotals) + sizeof(int64_t) * (size_t)nc, &glob));
  PetscCall(PetscMalloc1(nc + 1, &obs));
  PetscCall(MSReportBegin(sim->report));
  PetscCall(MSStopBegin(sim->stop));
  PetscCall(MSStepGetCounts(st, &cnt));
  /* a restart: populations from the restored agents, observations of the days before */
  PetscCall(MSStepCount(st, a));
  PetscCall(MSStepRefreshGhosts(st, sim->ghost));
  spawned_total = sim->spawn->total;
  for (int t = 0; t < sim->start_day; t++) {
    for (int c = 0; c < nc; c++)
      obs[c] = MSSpawnObserved(scn, &sim->s, &scn->camp[m->series[c]], t);
    PetscCall(MSReportRecordDay(sim->report, t, NULL, obs, NULL));
  }
  for (int t = sim->start_day; t < sim->days; t++) {
    int64_t   nspawn;
    PetscBool stop;
    double    tday = MPI_Wtime(), tbusy, daywork;
    int64_t   woken0, stolen0;
    double tr[6]; /* the ends of spawning, the preparation, the own agents, stealing, the exchange,
                     the output (-log_days) */

    PetscCall(MSStepGetStats(st, &stats));
    woken0 = stats.woken, stolen0 = stats.stolen;
    /* 1. the day's events; 2. spawning */
    PetscCall(MSStagesPush(sim->stages.spawn));
    PetscCall(MSEventsApply(sim->ev, scn, sim->g, &sim->s, t));
    PetscCall(MSStepReschedule(st, sim->ev, a));
    PetscCall(MSSpawnDay(sim->spawn, scn, sim->ev, &sim->s, (uint64_t)sim->seed, t,
                         sim->spawn_count, &nspawn));
    {
      int64_t first = a->n, today = 0;
      /* room for the whole day at once: growing per location would leave slack */
      for (int k = 0; k < sim->part->nowned; k++) today += sim->spawn_count[sim->part->owned[k]];
      PetscCall(MSAgentsReserve(a, first + today));
      for (int k = 0; k < sim->part->nowned; k++) {
        int i = sim->part->owned[k];
        if (sim->spawn_count[i] > 0) PetscCall(MSAgentsSpawn(a, t, i, 0, sim->spawn_count[i]));
      }
      PetscCall(MSStepSpawned(st, sim->ghost, sim->spawn_count));
      PetscCall(MSStepScheduleNew(st, sim->ev, a, first));
    }
    spawned_total += nspawn;
    PetscCall(MSStagesPop());
    tr[0] = MPI_Wtime();

    /* 3. scores and move chances from the start-of-day state; 4. decisions; 5. travel, the
       whole day on this rank; those who end it at another rank's location go there */
    PetscCall(MSStagesPush(sim->stages.decide));
    agent_steps += a->n;
    PetscCall(MSStepPrepare(st, sim->ev, sim->ghost));
    PetscCall(MSStagesPop());
    tr[1] = MPI_Wtime();
    PetscCall(
        MSStepDecideTravel(st, a, sim->ex, sim->steal, sim->stages.decide, sim->stages.travel));
    tr[2] = MPI_Wtime();
    tbusy = tr[2] - tday; /* this rank's own work of the day, before it waits for others */
    if (sim->steal) {
      /* done with its own agents, the rank takes over some of its partners' */
      PetscCall(MSStagesPush(sim->stages.steal));
      PetscCall(MSStepSteal(st, a, sim->ex, sim->steal));
      PetscCall(MSStagesPop());
    }
    tr[3] = MPI_Wtime();
    PetscCall(MSStepExchange(st, a, sim->ex, sim->ghost, sim->stages.exchange));
    tr[4] = MPI_Wtime();
    if (sim->sort_every > 0 && (t + 1) % sim->sort_every == 0)
      PetscCall(MSAgentsSortByLocation(a, sim->part->ownidx, sim->part->nowned, sim->bucket_off));
    if (sim->check_counts) PetscCall(CheckCounts(sim, t));
    PetscCall(MSStepGetStats(st, &stats));

    /* 6. the day's counts */
    PetscCall(MSStagesPush(sim->stages.output));
    PetscCall(MSGhostSumLinks(sim->ghost, sim->part, sim->g, cnt.onlink, sim->routecount));
    {
      int64_t trav = 0;
      for (int d = 0; d < sim->g->ndl; d++) trav += cnt.onlink[d];
      red->agents = a->n, red->travelling = trav;
      for (int c = 0; c < nc; c++) {
        int loc      = scn->camp[m->series[c]].loc;
        red->camp[c] = sim->part->owner[loc] == sim->rank ? cnt.pop[loc] : 0;
      }
      PetscCall(MSStepGetWarnings(st, red->warn));
      /* a stop is decided together */
      PetscCall(MSStopVote(sim->stop, t - sim->start_day + 1, spawned_total, &red->stop));
      PetscCallMPI(MPI_Allreduce(red, glob, MS_DAY_FIXED + nc, MPI_INT64_T, MPI_SUM, sim->comm));
    }
    PetscCheck(glob->agents == spawned_total, sim->comm, PETSC_ERR_PLIB,
               "day %d: %" PRId64 " agents exist but %" PRId64
               " were spawned: agents were lost or duplicated",
               t, glob->agents, spawned_total);
    {
      int64_t extra[3] = {glob->agents, spawned_total,
                          scn->has_source_data && scn->total.daily
                              ? MSSpawnObserved(scn, &sim->s, &scn->total, t)
                              : 0};
      for (int c = 0; c < nc; c++)
        obs[c] = MSSpawnObserved(scn, &sim->s, &scn->camp[m->series[c]], t);
      PetscCall(MSReportRecordDay(sim->report, t, glob->camp, obs, extra));
    }
    PetscCall(MSOutputRecordDay(sim->out, t, cnt.pop, cnt.arrivals, sim->routecount, nspawn));
    daywork = sim->size > 1 || MSReportHasDayLog(sim->report)
                  ? RankWork(sim)
                  : 0.0; /* the load balance's, and -log_days' */
    if (sim->size > 1) {
      /* the day's balance: the busiest rank's work over the mean */
      /* the agents handed to thieves count as this rank's: the partition decides who owns them */
      double secs = tbusy + stats.busy_received + stats.busy_given,
             busy = sim->measure != MS_MEASURE_TIME ? daywork : secs, speed, w[2], wmax[2], s[3],
             imb;
      if (sim->measure == MS_MEASURE_SPEED && t > sim->start_day && busy > 0) {
        /* not the first day's: it inserts the initial population, work the model does not see */
        sim->speed_work = sim->speed_secs > 0 ? 0.9 * sim->speed_work + 0.1 * busy : busy;
        sim->speed_secs = sim->speed_secs > 0 ? 0.9 * sim->speed_secs + 0.1 * secs : secs;
      }
      /* the busiest rank is the one that takes longest for its work at its speed; a rank
         not measured yet has had no work (or no rank is measured: all count as equal) */
      speed = RankSpeed(sim);
      w[0] = busy / (speed > 0 ? speed : 1.0), w[1] = MPI_Wtime() - tday;
      s[0] = busy, s[1] = speed, s[2] = speed > 0 ? 1.0 : 0.0;
      PetscCallMPI(MPI_Allreduce(w, wmax, 2, MPI_DOUBLE, MPI_MAX, sim->comm));
      PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, s, 3, MPI_DOUBLE, MPI_SUM, sim->comm));
      imb = s[0] > 0 ? wmax[0] * (s[2] > 0 ? s[1] * sim->size / s[2] : sim->size) / s[0] : 1.0;
      sim->day_seconds = wmax[1];
      sim->day_work    = s[0] / sim->size;
      PetscCall(AverageWork(sim, s[0] > 0 ? busy * sim->size / s[0] : 1.0, imb));
      sim->imbalance_sum += imb;
    }
    PetscCall(MSStagesPop());
    tr[5] = MPI_Wtime();
    /* a day's times are noisy: only an imbalance that lasts 3 days calls for a repartition */
    sim->over_days =
        sim->size > 1 && sim->imbalance > sim->rebalance_threshold ? sim->over_days + 1 : 0;
    if (sim->rebalance_threshold > 0 && sim->over_days >= 3 && t + 1 < sim->days &&
        t - sim->last_rebalance >= sim->rebalance_interval) {
      PetscCall(MSStagesPush(sim->stages.rebalance));
      PetscCall(Rebalance(sim, t));
      PetscCall(MSStagesPop());
    }
    PetscCall(MSStepResetWork(st));
    if (MSReportHasDayLog(sim->report)) {
      double      end = MPI_Wtime(), wg = 0, we = 0;
      MSReportDay d;
      if (sim->steal) MSStealWaited(sim->steal, &wg, &we);
      d = (MSReportDay){t,
                        tr[0] - tday,
                        tr[1] - tr[0],
                        tr[2] - tr[1],
                        tr[3] - tr[2],
                        stats.busy_given,
                        tr[4] - tr[3],
                        stats.busy_received,
                        tr[5] - tr[4],
                        end - tr[5],
                        end - tday,
                        a->n,
                        stats.woken - woken0,
                        stats.stolen - stolen0,
                        wg,
                        we,
                        daywork};
      PetscCall(MSReportLogDay(sim->report, &d));
    }
    PetscCall(MSReportProgress(sim->report, t, glob->agents, glob->travelling, agent_steps,
                               sim->size > 1 ? sim->imbalance : -1.0));
    stop = glob->stop.signal > 0 || glob->stop.walltime > 0;
    if (t + 1 == sim->days || stop) PetscCall(MSStepSetWarnings(st, glob->warn));
    if (stop || (sim->checkpoint_every > 0 && (t + 1) % sim->checkpoint_every == 0))
      PetscCall(Checkpoint(sim, t, glob->warn));
    if (stop) {
      sim->stopped = PETSC_TRUE;
      sim->days    = t + 1;
      PetscCall(MSReportStop(sim->report, t + 1));
      PetscCall(PetscPrintf(
          sim->comm, "stopped after day %d (%s): continue with the same options plus -restart %s\n",
          t, MSStopReason(&glob->stop), sim->checkpoint_path));
      break;
    }
  }
  /* the buffered days are part of the run's cost: written before the clock stops */
  PetscCall(MSStagesPush(sim->stages.output));
  PetscCall(MSOutputFlush(sim->out));
  PetscCall(MSStagesPop());
  {
    int64_t         warn[MS_NWARN];
    MSReportSummary sum;
    PetscCall(MSStepGetWarnings(st, warn));
    PetscCall(MSStepGetStats(st, &stats));
    warn[MS_WARN_SPAWN_WAIT] = sim->spawn->waited_days;
    sum                      = (MSReportSummary){.days          = (int)sim->days,
                                                 .days_run      = (int)(sim->days - sim->start_day),
                                                 .agents        = spawned_total,
                                                 .agent_steps   = agent_steps,
                                                 .woken         = stats.woken,
                                                 .nwarn         = MS_NWARN,
                                                 .warn          = warn,
                                                 .warn_text     = MSWarnText,
                                                 .peak_rss      = PeakRSS(),
                                                 .store_bytes   = MSAgentsBytes(a),
                                                 .steal         = (PetscBool)(sim->steal != NULL),
                                                 .stolen        = stats.stolen,
                                                 .handovers     = stats.given,
                                                 .bytes_sent    = sim->xbytes + MSExchangeBytesSent(sim->ex),
                                                 .bytes_early   = sim->xearly + MSExchangeBytesEarly(sim->ex),
                                                 .migrant_bytes = sizeof(MSMigrant),
                                                 .routes_cut    = sim->part->ncut,
                                                 .rebalances    = (int)sim->nrebalance,
                                                 .imbalance_sum = sim->imbalance_sum,
                                                 .stopped       = sim->stopped};
    PetscCall(MSReportEnd(sim->report, sim->out, &sum, sim->output, sim->flee_csv));
  }
  PetscCall(PetscFree(red));
  PetscCall(PetscFree(glob));
  PetscCall(PetscFree(obs));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimLogMark(int *top)
{
  PetscFunctionBegin;
  *top = MSStagesDepth();
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimLogRestore(int top)
{
  PetscFunctionBegin;
  PetscCall(MSStagesRestore(top));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimGetMetrics(MSSim sim, const MSMetricsTable **m)
{
  PetscFunctionBegin;
  PetscCall(MSReportGetTable(sim->report, (MSMetricsTable **)m, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimStopped(MSSim sim, PetscBool *stopped)
{
  PetscFunctionBegin;
  *stopped = sim->stopped;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimDestroy(MSSim *simp)
{
  MSSim sim = *simp;

  PetscFunctionBegin;
  if (!sim) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSOutputClose(&sim->out));
  PetscCall(MSReportDestroy(&sim->report));
  PetscCall(MSStopDestroy(&sim->stop));
  PetscCall(MSAgentsDestroy(&sim->agents));
  PetscCall(MSStepDestroy(&sim->step));
  PetscCall(MSSpawnDestroy(&sim->spawn));
  PetscCall(MSEventsDestroy(&sim->ev));
  PetscCall(MSExchangeDestroy(&sim->ex));
  PetscCall(MSStealDestroy(&sim->steal));
  PetscCall(MSExchangeMigrationFree(&sim->migration));
  PetscCall(MSGhostDestroy(&sim->ghost));
  PetscCall(MSPartitionDestroy(&sim->part));
  PetscCall(MSGraphDestroy(&sim->g));
  PetscCall(MSScenarioDestroy(&sim->scn));
  PetscCall(PetscFree(sim->bucket_off));
  PetscCall(PetscFree(sim->spawn_count));
  PetscCall(PetscFree2(sim->ema, sim->ema_slow));
  PetscCall(PetscFree(sim->routecount));
  PetscCall(PetscFree(*simp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
