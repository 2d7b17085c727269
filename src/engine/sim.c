/* The engine: MODEL.md section 2's day loop over a region-decomposed graph, and the run
   around it (options, set-up, checkpoints); the load balance, the report and the stops are
   modules of their own (ms_balance.h, ms_report.h, ms_stop.h) that the loop calls by name. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "ms_balance.h"
#include "ms_checkpoint.h"
#include "ms_files.h"
#include "ms_report.h"
#include "ms_rng.h"
#include "ms_rules.h"
#include "ms_sim.h"
#include "ms_spawn.h"
#include "ms_stages.h"
#include "ms_stop.h"

/* The day's totals over the ranks, summed in one reduction: int64_t fields only, read as an
   array of MS_DAY_FIXED + ncamps of them. */
typedef struct {
  int64_t     agents, travelling; /* agents held, and of them on links */
  int64_t     removed;            /* agents that left the simulation today (camps_are_sinks) */
  int64_t     warn[MS_NWARN];     /* warning counters since the start of the run */
  MSStopVotes stop;               /* votes for a stop after the day */
  int64_t     camp[];             /* [ncamps] agents at the camps of the report's table */
} MSDayTotals;
#define MS_DAY_FIXED ((int)(sizeof(MSDayTotals) / sizeof(int64_t)))
_Static_assert(sizeof(MSDayTotals) % sizeof(int64_t) == 0, "MSDayTotals holds int64_t only");

/* The moments of a day (-log_days): its start and the ends of its stages. */
enum {
  MS_T_START,
  MS_T_SPAWN,
  MS_T_PREPARE,
  MS_T_OWN,
  MS_T_STEAL,
  MS_T_EXCHANGE,
  MS_T_OUTPUT,
  MS_NT
};

struct _p_MSSim {
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  /* options */
  char scenario_dir[PETSC_MAX_PATH_LEN], output[PETSC_MAX_PATH_LEN], flee_csv[PETSC_MAX_PATH_LEN],
      settings_file[PETSC_MAX_PATH_LEN], daylog_prefix[PETSC_MAX_PATH_LEN];
  char checkpoint_prefix[PETSC_MAX_PATH_LEN], checkpoint_path[PETSC_MAX_PATH_LEN + 4],
      restart[PETSC_MAX_PATH_LEN], restart_taken[PETSC_MAX_PATH_LEN + 8], restart_changed[1024],
      stop_file[PETSC_MAX_PATH_LEN + 8];
  PetscInt        seed, days, progress_every, flush_every, sort_every, checkpoint_every, kill_after;
  PetscInt        early_min, step_block, steal_min;
  PetscBool       allow_changed, allow_version, check_counts, use_steal;
  PetscReal       max_walltime; /* hours; 0: none */
  MSPartitionUnit unit;
  MSSettings      s;
  /* the model */
  MSScenario *scn;
  MSGraph    *g;
  MSEvents   *ev;
  MSSpawn    *spawn;
  MSStep      step;
  MSAgents   *agents;
  /* the decomposition, replaced by a repartition */
  MSPartition *part;
  MSGhost     *ghost;
  MSExchange   ex;
  MSSteal      steal;          /* NULL without work stealing */
  int64_t      xbytes, xearly; /* sent (and of that early) by the exchanges replaced */
  int64_t     *bucket_off, *routecount;
  /* the run around the model */
  MSBalance balance;
  MSStop    stop;
  MSReport  report;
  MSOutput  out;
  MSStages  stages;
  uint64_t  scenario_hash;
  int       start_day;
  PetscBool stopped;
  /* the day in hand */
  int64_t     *spawn_count, nspawn, spawned, agent_steps;
  int64_t      removed;    /* agents that left the simulation so far (camps_are_sinks) */
  MSDayTotals *mine, *all; /* this rank's totals, and the sums */
  int64_t     *obs;        /* [ncamps] the camps' observed populations */
  double      *chance;     /* [nloc] the day's move chances, as a checkpoint holds them */
  double       tr[MS_NT], work;
  MSStepStats  stats0; /* as the day began */
  /* a run driven day by day, as forecasts run (MSSimSetInMemory, MSSimRunDays, ...) */
  PetscBool        in_memory, scn_given, begun, keep_output;
  int              next_day;    /* the first day MSSimRunDays() has not simulated */
  int64_t          assimilated; /* agents MSSimAssimilate() added, net (the conservation's) */
  const MSVariant *variant;     /* the what-if variant in force after the snapshot, or NULL */
  MSSettings       s_base;      /* the settings before the variant's changes */
};

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
  PetscCall(
      PetscStrncpy(sim->checkpoint_prefix, "migrasim-checkpoint", sizeof(sim->checkpoint_prefix)));
  sim->seed       = 1;
  sim->days       = -1;
  sim->kill_after = -1;
  sim->early_min  = MS_EXCHANGE_EARLY_MIN;
  sim->step_block = MS_STEP_BLOCK;
  sim->steal_min  = MS_STEP_STEAL_MIN;
  sim->use_steal  = PETSC_FALSE; /* a quiet node gains nothing from it: docs/design.md */
  sim->unit       = MS_PART_REGION;
  /* from the start: a signal during set-up still ends in a checkpoint after the first day */
  PetscCall(MSStopCreate(comm, &sim->stop));
  PetscCall(MSBalanceCreate(comm, &sim->balance));
  *simp = sim;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The run's options: what to simulate, and where to write it. */
static PetscErrorCode RunOptions(PetscOptionItems *PetscOptionsObject, MSSim sim, PetscInt *unit)
{
  PetscFunctionBegin;
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
                              MSPartitionUnits, 2, MSPartitionUnits[sim->unit], unit, NULL));
  PetscCall(PetscOptionsInt("-progress_every",
                            "days between progress lines (0: about ten lines a run)", NULL,
                            sim->progress_every, &sim->progress_every, NULL));
  PetscCall(PetscOptionsInt(
      "-output_flush_every",
      "days buffered between collective writes (0: as many as about 8 MiB hold, 32 to 4096)", NULL,
      sim->flush_every, &sim->flush_every, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Checkpoints, restarts and stops. */
static PetscErrorCode CheckpointOptions(PetscOptionItems *PetscOptionsObject, MSSim sim)
{
  PetscFunctionBegin;
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
  PetscCall(PetscSNPrintf(sim->stop_file, sizeof(sim->stop_file), "%s.stop", sim->output));
  PetscCall(PetscOptionsString(
      "-stop_file",
      "checkpoint and stop at the end of a day on which this file exists ('none': no stop file)",
      NULL, sim->stop_file, sim->stop_file, sizeof(sim->stop_file), NULL));
  PetscCall(PetscOptionsBool("-restart_allow_version",
                             "accept a checkpoint of another migrasim version or git commit "
                             "(recorded in the output)",
                             NULL, sim->allow_version, &sim->allow_version, NULL));
  PetscCall(PetscOptionsReal("-max_walltime",
                             "hours: checkpoint and stop before this wall time, with a margin from "
                             "the measured cost of a day and a checkpoint",
                             NULL, sim->max_walltime, &sim->max_walltime, NULL));
  PetscCall(PetscOptionsInt(
      "-checkpoint_test_kill_after",
      "testing only: SIGKILL the run after this many agent datasets of a checkpoint", NULL,
      sim->kill_after, &sim->kill_after, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* How the agents are stepped and exchanged (none of it changes results), and diagnostics. */
static PetscErrorCode StepOptions(PetscOptionItems *PetscOptionsObject, MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsInt(
      "-agents_sort_every",
      "days between re-sorting the agents by location, for memory locality (0: never)", NULL,
      sim->sort_every, &sim->sort_every, NULL));
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
  PetscCall(PetscOptionsInt("-exchange_early_min",
                            "migrants queued for a neighbour that are sent while this rank still "
                            "steps its agents, instead of at the end of the day (0: none)",
                            NULL, sim->early_min, &sim->early_min, NULL));
  PetscCall(PetscOptionsString("-log_days",
                               "write each rank's seconds per stage, day by day, to "
                               "PREFIX.RANK.csv (load-balance diagnosis)",
                               NULL, sim->daylog_prefix, sim->daylog_prefix,
                               sizeof(sim->daylog_prefix), NULL));
  PetscCall(PetscOptionsBool("-check_counts",
                             "recount every day's populations from the agents and compare with the "
                             "running counts (testing)",
                             NULL, sim->check_counts, &sim->check_counts, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The integer options as given: PETSc reads a number beyond PetscInt's range as another one
   (-seed 99999999999999999999999 as -1). */
static PetscErrorCode CheckIntegers(MSSim sim)
{
  static const char *const names[] = {"-seed",
                                      "-days",
                                      "-progress_every",
                                      "-output_flush_every",
                                      "-checkpoint_every",
                                      "-agents_sort_every",
                                      "-step_block",
                                      "-steal_min",
                                      "-exchange_early_min"};

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
    char      v[256], *end;
    PetscBool set;
    long long x;

    PetscCall(PetscOptionsGetString(NULL, NULL, names[k], v, sizeof(v), &set));
    if (!set) continue;
    errno = 0;
    x     = strtoll(v, &end, 0);
    /* what is not a number (PETSc's words such as PETSC_DEFAULT) PETSc has judged */
    if (end == v) continue;
    PetscCheck(errno != ERANGE && x >= PETSC_MIN_INT && x <= PETSC_MAX_INT, sim->comm,
               PETSC_ERR_USER_INPUT, "option %s: %s is out of range (at most %d)", names[k], v,
               PETSC_MAX_INT);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The options' values checked, one error line naming the option. */
static PetscErrorCode CheckOptions(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(CheckIntegers(sim));
  PetscCheck(sim->checkpoint_every >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -checkpoint_every: must be 0 or more");
  PetscCheck(sim->max_walltime >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -max_walltime: must be 0 (none) or more hours");
  PetscCheck(strcmp(sim->checkpoint_path, sim->output) && strcmp(sim->restart, sim->output),
             sim->comm, PETSC_ERR_USER_INPUT,
             "option -output: %s is also the checkpoint file; give -checkpoint_prefix another name",
             sim->output);
  PetscCheck(sim->step_block >= 1, sim->comm, PETSC_ERR_USER_INPUT,
             "option -step_block: must be 1 or more agents, not %" PetscInt_FMT, sim->step_block);
  PetscCheck(sim->steal_min >= 1, sim->comm, PETSC_ERR_USER_INPUT,
             "option -steal_min: must be 1 or more agents, not %" PetscInt_FMT, sim->steal_min);
  PetscCheck(sim->early_min >= 0, sim->comm, PETSC_ERR_USER_INPUT,
             "option -exchange_early_min: must be 0 or more");
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
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSetFromOptions(MSSim sim)
{
  PetscInt unit = sim->unit;

  PetscFunctionBegin;
  PetscCall(
      MSSettingsSetFromOptions(sim->comm, &sim->s, sim->settings_file, sizeof(sim->settings_file)));
  PetscOptionsBegin(sim->comm, NULL, "migrasim run options", NULL);
  PetscCall(RunOptions(PetscOptionsObject, sim, &unit));
  PetscCall(CheckpointOptions(PetscOptionsObject, sim));
  PetscCall(StepOptions(PetscOptionsObject, sim));
  PetscCall(MSBalanceSetFromOptions(sim->balance, PetscOptionsObject, sim->use_steal));
  PetscOptionsEnd();
  sim->unit = (MSPartitionUnit)unit;
  PetscCall(PetscSNPrintf(sim->checkpoint_path, sizeof(sim->checkpoint_path), "%s.h5",
                          sim->checkpoint_prefix));
  PetscCall(CheckOptions(sim));
  PetscCall(MSStopSetWalltime(sim->stop, sim->max_walltime));
  PetscCall(MSStopSetFile(sim->stop, strcmp(sim->stop_file, "none") ? sim->stop_file : ""));
  PetscCall(MSStopSetFromOptions(sim->stop));
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
   stealing partners, the buffers sized by the owned locations and routes. Collective. */
static PetscErrorCode Decompose(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(MSGhostCreate(sim->part, sim->g, DayKm(&sim->s), sim->use_steal, &sim->ghost));
  PetscCall(MSExchangeCreate(sim->part, sim->g->nloc, sim->ghost->reach, &sim->ex));
  MSExchangeSetEarlyMin(sim->ex, sim->early_min);
  if (sim->use_steal && sim->size > 1)
    PetscCall(MSStealCreate(sim->comm, sim->ghost->nneighbour, sim->ghost->neighbour, &sim->steal));
  PetscCall(PetscMalloc1(sim->part->nowned + 1, &sim->bucket_off));
  PetscCall(PetscMalloc1(sim->part->nroutes_owned + 1, &sim->routecount));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Free what Decompose() made, and the partition. */
static PetscErrorCode Undecompose(MSSim sim)
{
  PetscFunctionBegin;
  if (sim->ex) {
    sim->xbytes += MSExchangeBytesSent(sim->ex);
    sim->xearly += MSExchangeBytesEarly(sim->ex);
  }
  PetscCall(MSGhostDestroy(&sim->ghost));
  PetscCall(MSStealDestroy(&sim->steal));
  PetscCall(MSExchangeDestroy(&sim->ex));
  PetscCall(PetscFree(sim->bucket_off));
  PetscCall(PetscFree(sim->routecount));
  PetscCall(MSPartitionDestroy(&sim->part));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A repartition's rebuild (MSBalanceRedistribute): np replaces the partition, and the ghosts
   get the new owners' counts, for tomorrow. */
static PetscErrorCode Redecompose(void *ctx, MSPartition *np)
{
  MSSim sim = (MSSim)ctx;

  PetscFunctionBegin;
  PetscCall(Undecompose(sim));
  sim->part = np;
  PetscCall(Decompose(sim));
  PetscCall(MSStepRefreshGhosts(sim->step, sim->ghost));
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

/* What a checkpoint holds besides the agents, as far as the run knows it before reading one:
   the seed, the scenario, and where the report's camp table and totals go. */
static PetscErrorCode CheckpointState(MSSim sim, MSCheckpointState *cs)
{
  MSMetricsTable *m;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(cs, sizeof(*cs)));
  cs->seed = (uint64_t)sim->seed, cs->scenario_hash = sim->scenario_hash;
  cs->population = sim->spawn->population, cs->chance = sim->chance;
  PetscCall(MSReportGetTable(sim->report, &m, &cs->extra));
  cs->ncamps = m->ncamps, cs->camp_sim = m->sim;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What the run carries from day t to the next besides its agents, as checkpoints and
   snapshots keep it (the history is the report's table itself, not a copy). */
static PetscErrorCode SaveState(MSSim sim, int t, MSCheckpointState *cs)
{
  PetscFunctionBegin;
  PetscCall(CheckpointState(sim, cs));
  cs->day        = t + 1;
  cs->spawn_debt = sim->spawn->debt, cs->spawn_pending = sim->spawn->pending,
  cs->spawn_total = sim->spawn->total, cs->spawn_waited = sim->spawn->waited_days;
  cs->spawn_beyond = sim->spawn->beyond, cs->removed = sim->removed;
  {
    const double *chance;
    PetscCall(MSStepGetMoveChances(sim->step, &chance));
    PetscCall(PetscArraycpy(sim->chance, chance, sim->scn->nloc));
  }
  for (int w = 0; w < MS_NWARN; w++) cs->warn[w] = sim->all->warn[w];
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The run continued from the state cs (of a checkpoint or a snapshot), its agents in place: the
   events of the days before replayed on sim->ev, the move chances of the day before (sim->chance)
   recorded (against which the next day's changes are found), the spawn state (its populations
   are sim->spawn->population already), and the warnings (rank 0
   holds the run's totals). */
static PetscErrorCode LoadState(MSSim sim, const MSCheckpointState *cs)
{
  int64_t warn[MS_NWARN] = {0};

  PetscFunctionBegin;
  for (int t = 0; t < cs->day; t++) PetscCall(MSEventsApply(sim->ev, sim->scn, sim->g, &sim->s, t));
  PetscCall(MSStepReschedule(sim->step, sim->ev, sim->agents));
  PetscCall(MSStepSetMoveChances(sim->step, sim->chance));
  sim->spawn->debt = cs->spawn_debt, sim->spawn->pending = cs->spawn_pending,
  sim->spawn->total = cs->spawn_total, sim->spawn->waited_days = cs->spawn_waited;
  sim->spawn->beyond = cs->spawn_beyond, sim->removed = cs->removed;
  if (sim->rank == 0)
    for (int w = 0; w < MS_NWARN; w++) warn[w] = cs->warn[w];
  PetscCall(MSStepSetWarnings(sim->step, warn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Continue from the checkpoint of -restart: the agents, the spawn state and the history
   restored, the events of the days before replayed. */
static PetscErrorCode Restart(MSSim sim)
{
  MSCheckpointState cs;
  int               nset;
  char            **names, **values;
  double            t0 = MPI_Wtime();

  PetscFunctionBegin;
  PetscCall(CheckpointState(sim, &cs));
  PetscCall(SettingsPairs(sim, &nset, &names, &values));
  PetscCall(MSCheckpointRead(sim->restart,
                             &(MSCheckpointRun){sim->scn, sim->g, sim->part, sim->agents,
                                                (int)sim->days, nset, (const char *const *)names,
                                                (const char *const *)values},
                             (sim->allow_changed ? MS_CHECKPOINT_ALLOW_SETTINGS : 0u) |
                                 (sim->allow_version ? MS_CHECKPOINT_ALLOW_VERSION : 0u),
                             &cs, sim->restart_changed, sizeof(sim->restart_changed),
                             sim->restart_taken, sizeof(sim->restart_taken)));
  PetscCall(SettingsPairsFree(nset, &names, &values));
  PetscCheck(cs.day < sim->days, sim->comm, PETSC_ERR_USER_INPUT,
             "option -days: %" PetscInt_FMT
             " days are already simulated by the checkpoint (day %d); give more",
             sim->days, cs.day);
  PetscCall(LoadState(sim, &cs));
  /* changed settings may change any move chance: every waiting time is drawn anew (another
     code version alone draws nothing anew: restart_changed then starts "code changed") */
  if (!strncmp(sim->restart_changed, "settings changed", 16))
    PetscCall(MSStepSetRedrawAll(sim->step));
  sim->start_day = cs.day;
  PetscCall(PetscPrintf(sim->comm,
                        "restart: day %d from %s (%" PRId64 " agents, read in %.2f s)%s%s\n",
                        cs.day, sim->restart_taken, cs.spawn_total, MPI_Wtime() - t0,
                        sim->restart_changed[0] ? "; " : "", sim->restart_changed));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The scenario as the settings have it read (hastened), checked against what agent ids can
   hold; the days and the output's flushes follow from it. */
static PetscErrorCode LoadScenario(MSSim sim)
{
  PetscFunctionBegin;
  if (!sim->scn_given) {
    PetscCall(
        MSSpawnLoadScenario(sim->comm, sim->scenario_dir, &sim->s, &sim->scn, &sim->scenario_hash));
    for (int w = 0; w < sim->scn->nwarnings; w++)
      PetscCall(PetscPrintf(sim->comm, "migrasim: warning: %s\n", sim->scn->warnings[w]));
    /* a forecast's member (its scenario given) has its inflow after F from the forecast */
    PetscCall(MSSpawnCheckSource(sim->comm, sim->scenario_dir, sim->scn, &sim->s));
  }
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
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The first partition, by the load expected from the scenario, and what it implies. */
static PetscErrorCode Partition(MSSim sim)
{
  double *load;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(sim->scn->nloc + 1, &load));
  MSBalanceExpectedLoad(sim->scn, load);
  PetscCall(MSPartitionCreate(sim->comm, sim->scn, sim->g, sim->unit, load, NULL, &sim->part));
  PetscCall(PetscFree(load));
  PetscCall(MSBalanceViewPartition(sim->part, sim->scn, sim->g));
  PetscCall(Decompose(sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every file the run will write, checked before its first day: the output first (the other
   names default to names beside it), a checkpoint (a stop signal writes one whatever
   -checkpoint_every says) and Flee's out.csv. */
static PetscErrorCode CheckPaths(MSSim sim, const MSMetricsTable *m)
{
  PetscFunctionBegin;
  PetscCall(MSFileCheckWritable(sim->comm, "-output", sim->output));
  PetscCall(MSFileCheckWritable(sim->comm, "-checkpoint_prefix", sim->checkpoint_path));
  if (strcmp(sim->flee_csv, "none") && m->ncamps > 0 && sim->scn->has_source_data)
    PetscCall(MSFileCheckWritable(sim->comm, "-flee_csv", sim->flee_csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSetUp(MSSim sim)
{
  MSMetricsTable *m;

  PetscFunctionBegin;
  PetscCall(LoadScenario(sim));
  PetscCall(MSGraphCreate(sim->comm, sim->scn, &sim->s, &sim->g));
  PetscCall(Partition(sim));
  PetscCall(MSEventsCreate(sim->scn, &sim->ev));
  PetscCall(MSSpawnCreate(sim->scn, &sim->spawn));
  PetscCall(MSStepCreate(sim->scn, sim->g, &sim->s, sim->part, (uint64_t)sim->seed, &sim->step));
  PetscCall(MSStepSetBlock(sim->step, sim->step_block, sim->steal_min));
  PetscCall(MSStepSetPopulation(sim->step, sim->spawn->population));
  PetscCall(MSAgentsCreate(&sim->agents));
  PetscCall(PetscMalloc2(sim->scn->nloc + 1, &sim->spawn_count, sim->scn->nloc + 1, &sim->chance));
  PetscCall(
      MSReportCreate(sim->comm, sim->scn, (int)sim->days, (int)sim->progress_every, &sim->report));
  PetscCall(MSReportGetTable(sim->report, &m, NULL));
  PetscCall(CheckPaths(sim, m));
  PetscCall(PetscMalloc(sizeof(MSDayTotals) + sizeof(int64_t) * (size_t)m->ncamps, &sim->mine));
  PetscCall(PetscMalloc(sizeof(MSDayTotals) + sizeof(int64_t) * (size_t)m->ncamps, &sim->all));
  PetscCall(PetscMalloc1(m->ncamps + 1, &sim->obs));
  PetscCheck(!sim->in_memory || !sim->restart[0], sim->comm, PETSC_ERR_USER_INPUT,
             "option -restart: not for a run kept in memory (a forecast's member)");
  if (sim->restart[0]) PetscCall(Restart(sim));
  PetscCall(
      MSBalanceSetUp(sim->balance, sim->scn, sim->g, sim->step, sim->start_day, (int)sim->days));
  if (sim->daylog_prefix[0])
    PetscCall(
        MSReportSetDayLog(sim->report, sim->daylog_prefix, (PetscBool)(sim->restart[0] != 0)));
  PetscCall(MSStagesRegister(&sim->stages));
  if (!sim->in_memory || sim->keep_output) {
    MSRunInfo info = {(uint64_t)sim->seed, sim->scenario_dir,     sim->settings_file,
                      (int)sim->days,      (int)sim->flush_every, sim->scenario_hash,
                      sim->start_day,      sim->restart_changed};
    PetscCall(MSOutputCreate(sim->output, sim->scn, sim->g, sim->part, &sim->s, &info, &sim->out));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The camps' observed populations on day t, into sim->obs. */
static PetscErrorCode Observed(MSSim sim, int t)
{
  MSMetricsTable *m;

  PetscFunctionBegin;
  PetscCall(MSReportGetTable(sim->report, &m, NULL));
  for (int c = 0; c < m->ncamps; c++)
    sim->obs[c] = MSSpawnObserved(sim->scn, &sim->s, &sim->scn->camp[m->series[c]], t);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The start of the days to simulate: the counts from the agents (restored ones on a restart)
   and the ghosts' from them, the observations of the days restored, the clocks. */
static PetscErrorCode Begin(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(MSReportBegin(sim->report));
  PetscCall(MSStopBegin(sim->stop));
  PetscCall(MSStepCount(sim->step, sim->agents));
  PetscCall(MSStepRefreshGhosts(sim->step, sim->ghost));
  sim->spawned = sim->spawn->total;
  for (int t = 0; t < sim->start_day; t++) {
    PetscCall(Observed(sim, t));
    PetscCall(MSReportRecordDay(sim->report, t, NULL, sim->obs, NULL));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The settings of day t under the variant: its setting changes in force over the settings
   it started from. */
static PetscErrorCode VariantSettings(MSSim sim, int t)
{
  const MSVariant *v = sim->variant;

  PetscFunctionBegin;
  sim->s = sim->s_base;
  for (int k = 0; k < v->nchanges; k++) {
    const MSVariantChange *c = &v->change[k];
    if (c->kind != MS_VARIANT_SETTING || !MSVariantInForce(c, t)) continue;
    PetscCheck(!MSSettingsSetPair(&sim->s, c->setting, c->text), sim->comm, MS_ERR_INPUT,
               "%s:%d: field 'value': '%s' is not a value of %s", v->path, c->line, c->text,
               c->setting);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* 1. The events of day t; the move chances they change redraw their agents' waiting times. */
static PetscErrorCode Events(MSSim sim, int t)
{
  PetscFunctionBegin;
  sim->tr[MS_T_START] = MPI_Wtime();
  PetscCall(MSStepGetStats(sim->step, &sim->stats0));
  PetscCall(MSEventsApply(sim->ev, sim->scn, sim->g, &sim->s, t));
  if (sim->variant) PetscCall(VariantSettings(sim, t));
  PetscCall(MSStepReschedule(sim->step, sim->ev, sim->agents));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* 2. The day's new agents: every rank knows the counts of all locations, and creates those of
   its own. */
static PetscErrorCode Spawn(MSSim sim, int t)
{
  MSAgents          *a     = sim->agents;
  const MSPartition *p     = sim->part;
  int64_t            first = a->n, today = 0;

  PetscFunctionBegin;
  PetscCall(MSSpawnDay(sim->spawn, sim->scn, sim->ev, &sim->s, (uint64_t)sim->seed, t,
                       sim->spawn_count, &sim->nspawn));
  /* room for the whole day at once: growing per location would leave slack */
  for (int k = 0; k < p->nowned; k++) today += sim->spawn_count[p->owned[k]];
  PetscCall(MSAgentsReserve(a, first + today));
  for (int k = 0; k < p->nowned; k++) {
    int i = p->owned[k];
    if (sim->spawn_count[i] > 0) PetscCall(MSAgentsSpawn(a, t, i, 0, sim->spawn_count[i]));
  }
  PetscCall(MSStepSpawned(sim->step, sim->ghost, sim->spawn_count));
  PetscCall(MSStepScheduleNew(sim->step, sim->ev, a, first));
  sim->spawned += sim->nspawn;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* 3. Scores, capacity multipliers and route weights from the state at the start of the day. */
static PetscErrorCode Prepare(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(MSStagesPush(sim->stages.decide));
  sim->agent_steps += sim->agents->n;
  PetscCall(MSStepPrepare(sim->step, sim->ev, sim->ghost));
  PetscCall(MSStagesPop());
  sim->tr[MS_T_PREPARE] = MPI_Wtime();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* 4. and 5. Decisions and travel, each agent's whole day on this rank; with stealing, a rank
   done with its own agents then steps some of its partners'. */
static PetscErrorCode DecideTravel(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(MSStepDecideTravel(sim->step, sim->agents, sim->ex, sim->steal, sim->stages.decide,
                               sim->stages.travel));
  sim->tr[MS_T_OWN] = MPI_Wtime();
  if (sim->steal) {
    PetscCall(MSStagesPush(sim->stages.steal));
    PetscCall(MSStepSteal(sim->step, sim->agents, sim->ex, sim->steal));
    PetscCall(MSStagesPop());
  }
  sim->tr[MS_T_STEAL] = MPI_Wtime();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Those who ended day t at another rank's location go there, and the counts left at ghosts go
   to their owners. */
static PetscErrorCode Exchange(MSSim sim, int t)
{
  int64_t bad;

  PetscFunctionBegin;
  PetscCall(MSStepExchange(sim->step, sim->agents, sim->ex, sim->ghost, sim->stages.exchange));
  sim->tr[MS_T_EXCHANGE] = MPI_Wtime();
  if (sim->sort_every > 0 && (t + 1) % sim->sort_every == 0)
    PetscCall(
        MSAgentsSortByLocation(sim->agents, sim->part->ownidx, sim->part->nowned, sim->bucket_off));
  if (!sim->check_counts) PetscFunctionReturn(PETSC_SUCCESS);
  /* the running counts of populations and travellers against a recount from the agents */
  PetscCall(MSStepCheckCounts(sim->step, sim->agents, &bad));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT64_T, MPI_SUM, sim->comm));
  PetscCheck(!bad, sim->comm, PETSC_ERR_PLIB,
             "day %d: %" PRId64 " running counts differ from a recount of the agents", t, bad);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The day's totals summed over the ranks (sim->all), with the votes for a stop. */
static PetscErrorCode Totals(MSSim sim, int t, const MSStepCounts *c)
{
  MSDayTotals    *mine = sim->mine;
  MSMetricsTable *m;

  PetscFunctionBegin;
  PetscCall(MSReportGetTable(sim->report, &m, NULL));
  mine->agents = sim->agents->n, mine->travelling = 0, mine->removed = 0;
  for (int d = 0; d < sim->g->ndl; d++) mine->travelling += c->onlink[d];
  for (int k = 0; k < sim->part->nowned; k++) mine->removed += c->removed[sim->part->owned[k]];
  for (int k = 0; k < m->ncamps; k++) {
    int loc       = sim->scn->camp[m->series[k]].loc;
    mine->camp[k] = sim->part->owner[loc] == sim->rank ? c->pop[loc] : 0;
  }
  PetscCall(MSStepGetWarnings(sim->step, mine->warn));
  PetscCall(MSStopVote(sim->stop, t - sim->start_day + 1, sim->spawned, &mine->stop));
  PetscCallMPI(
      MPI_Allreduce(mine, sim->all, MS_DAY_FIXED + m->ncamps, MPI_INT64_T, MPI_SUM, sim->comm));
  sim->removed += sim->all->removed;
  PetscCheck(sim->all->agents == sim->spawned + sim->assimilated - sim->removed, sim->comm,
             PETSC_ERR_PLIB,
             "day %d: %" PRId64 " agents exist but %" PRId64 " were spawned, %" PRId64
             " assimilated and %" PRId64 " removed: agents were lost or duplicated",
             t, sim->all->agents, sim->spawned, sim->assimilated, sim->removed);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* 6. Record day t: the output's counts, the report's camp table, the load balance's measure. */
static PetscErrorCode RecordDay(MSSim sim, int t)
{
  const MSScenario *scn = sim->scn;
  MSStepCounts      c;
  int64_t           extra[3];

  PetscFunctionBegin;
  PetscCall(MSStagesPush(sim->stages.output));
  PetscCall(MSStepGetCounts(sim->step, &c));
  PetscCall(MSGhostSumLinks(sim->ghost, sim->part, sim->g, c.onlink, sim->routecount));
  PetscCall(Totals(sim, t, &c));
  /* Flee's out.csv columns: its refugee_debt and raw UNHCR refugee count */
  extra[0] = sim->all->agents, extra[1] = sim->spawn->debt;
  extra[2] = MSSpawnFleeRaw(sim->spawn, scn, &sim->s, t);
  PetscCall(Observed(sim, t));
  PetscCall(MSReportRecordDay(sim->report, t, sim->all->camp, sim->obs, extra));
  if (sim->out) {
    PetscCall(MSOutputRecordRemoved(sim->out, t, c.removed));
    PetscCall(MSOutputRecordDay(sim->out, t, c.pop, c.arrivals, sim->routecount, sim->nspawn));
  }
  PetscCall(MSBalanceMeasure(sim->balance, sim->part, t, sim->tr[MS_T_START],
                             sim->tr[MS_T_OWN] - sim->tr[MS_T_START], &sim->work));
  PetscCall(MSStagesPop());
  sim->tr[MS_T_OUTPUT] = MPI_Wtime();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A repartition after day t, when the imbalance has lasted and a better partition is worth
   what moving costs. */
static PetscErrorCode Balance(MSSim sim, int t)
{
  PetscBool    due;
  MSPartition *np;

  PetscFunctionBegin;
  PetscCall(MSBalanceTrigger(sim->balance, t, &due));
  if (!due) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSStagesPush(sim->stages.rebalance));
  PetscCall(MSBalanceRepartition(sim->balance, sim->part, t, &np));
  if (np)
    PetscCall(MSBalanceRedistribute(sim->balance, t, np, sim->out, sim->agents, Redecompose, sim));
  PetscCall(MSStagesPop());
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The report of day t: its line of -log_days, and the progress line when one is due. */
static PetscErrorCode Progress(MSSim sim, int t)
{
  const double *tr  = sim->tr;
  double        end = MPI_Wtime(), wg = 0, we = 0, imbalance;
  MSStepStats   st;
  MSReportDay   d;

  PetscFunctionBegin;
  if (MSReportHasDayLog(sim->report)) {
    PetscCall(MSStepGetStats(sim->step, &st));
    if (sim->steal) MSStealWaited(sim->steal, &wg, &we);
    d = (MSReportDay){.day              = t,
                      .spawn            = tr[MS_T_SPAWN] - tr[MS_T_START],
                      .prepare          = tr[MS_T_PREPARE] - tr[MS_T_SPAWN],
                      .decide_travel    = tr[MS_T_OWN] - tr[MS_T_PREPARE],
                      .steal            = tr[MS_T_STEAL] - tr[MS_T_OWN],
                      .stolen_from_here = st.busy_given,
                      .exchange         = tr[MS_T_EXCHANGE] - tr[MS_T_STEAL],
                      .store_received   = st.busy_received,
                      .output           = tr[MS_T_OUTPUT] - tr[MS_T_EXCHANGE],
                      .rebalance        = end - tr[MS_T_OUTPUT],
                      .total            = end - tr[MS_T_START],
                      .agents           = sim->agents->n,
                      .acting           = st.woken - sim->stats0.woken,
                      .stolen           = st.stolen - sim->stats0.stolen,
                      .steal_wait_give  = wg,
                      .steal_wait_end   = we,
                      .work             = sim->work};
    PetscCall(MSReportLogDay(sim->report, &d));
  }
  PetscCall(MSBalanceGetStats(sim->balance, NULL, &imbalance, NULL));
  PetscCall(MSReportProgress(sim->report, t, sim->all->agents, sim->all->travelling,
                             sim->agent_steps, imbalance));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Write the checkpoint of the state after day t (the output is flushed first, so that it
   holds exactly the days the checkpoint has simulated). */
static PetscErrorCode Checkpoint(MSSim sim, int t)
{
  MSCheckpointState cs;
  int               nset;
  char            **names, **values;
  double            t0 = MPI_Wtime();

  PetscFunctionBegin;
  PetscCall(MSStagesPush(sim->stages.checkpoint));
  PetscCall(MSOutputFlush(sim->out));
  PetscCall(SaveState(sim, t, &cs));
  PetscCall(SettingsPairs(sim, &nset, &names, &values));
  PetscCall(MSCheckpointWrite(sim->checkpoint_path,
                              &(MSCheckpointRun){sim->scn, sim->g, sim->part, sim->agents,
                                                 (int)sim->days, nset, (const char *const *)names,
                                                 (const char *const *)values},
                              &cs, (int)sim->kill_after));
  PetscCall(SettingsPairsFree(nset, &names, &values));
  t0 = MPI_Wtime() - t0;
  PetscCall(MSStopSetCheckpointCost(sim->stop, t0));
  PetscCall(MSStagesPop());
  PetscCall(PetscPrintf(sim->comm, "checkpoint: %s after day %d (%.2f s)\n", sim->checkpoint_path,
                        t, t0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* After day t: a checkpoint when one is due, or a stop (with one) when a rank voted for it,
   unless the run is complete anyway (a continuation would have nothing left to do). */
static PetscErrorCode StopOrCheckpoint(MSSim sim, int t)
{
  PetscBool stop = (PetscBool)(MSStopRequested(&sim->all->stop) && t + 1 < sim->days);

  PetscFunctionBegin;
  if (t + 1 == sim->days || stop) PetscCall(MSStepSetWarnings(sim->step, sim->all->warn));
  if (stop || (sim->checkpoint_every > 0 && (t + 1) % sim->checkpoint_every == 0))
    PetscCall(Checkpoint(sim, t));
  if (!stop) PetscFunctionReturn(PETSC_SUCCESS);
  sim->stopped = PETSC_TRUE;
  sim->days    = t + 1;
  PetscCall(MSReportStop(sim->report, t + 1));
  PetscCall(PetscPrintf(
      sim->comm, "stopped after day %d (%s): continue with the same options plus -restart %s\n", t,
      MSStopReason(sim->stop, &sim->all->stop), sim->checkpoint_path));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The end of the run: the buffered days written (part of the run's cost: before the clock
   stops), and the summary. */
static PetscErrorCode End(MSSim sim)
{
  int64_t         warn[MS_NWARN];
  MSStepStats     st;
  MSReportSummary sum;
  int             rebalances;
  double          imbalance_sum;
  const char     *why = sim->stopped ? MSStopCause(&sim->all->stop) : "";

  PetscFunctionBegin;
  PetscCall(MSStagesPush(sim->stages.output));
  PetscCall(MSOutputFlush(sim->out));
  PetscCall(MSStagesPop());
  PetscCall(MSStepGetWarnings(sim->step, warn));
  warn[MS_WARN_SPAWN_BEYOND] = sim->spawn->beyond;
  PetscCall(MSStepGetStats(sim->step, &st));
  PetscCall(MSBalanceGetStats(sim->balance, &rebalances, NULL, &imbalance_sum));
  warn[MS_WARN_SPAWN_WAIT] = sim->spawn->waited_days;
  sum                      = (MSReportSummary){.days          = (int)sim->days,
                                               .days_run      = (int)(sim->days - sim->start_day),
                                               .agents        = sim->spawned,
                                               .agent_steps   = sim->agent_steps,
                                               .woken         = st.woken,
                                               .decisions     = st.decisions,
                                               .hops          = st.hops,
                                               .link_steps    = st.link_steps,
                                               .nwarn         = MS_NWARN,
                                               .warn          = warn,
                                               .warn_text     = MSWarnText,
                                               .warn_name     = MSWarnNames,
                                               .store_bytes   = MSAgentsBytes(sim->agents),
                                               .steal         = (PetscBool)(sim->steal != NULL),
                                               .stolen        = st.stolen,
                                               .handovers     = st.given,
                                               .bytes_sent    = sim->xbytes + MSExchangeBytesSent(sim->ex),
                                               .bytes_early   = sim->xearly + MSExchangeBytesEarly(sim->ex),
                                               .migrant_bytes = sizeof(MSMigrant),
                                               .routes_cut    = sim->part->ncut,
                                               .rebalances    = rebalances,
                                               .imbalance_sum = imbalance_sum,
                                               .stop_reason   = why};
  PetscCall(MSReportEnd(sim->report, sim->out, &sum, sim->output, sim->flee_csv));
  PetscCall(MSOutputEnd(sim->out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Day t of the model, MODEL.md section 2. */
static PetscErrorCode Day(MSSim sim, int t)
{
  PetscFunctionBegin;
  /* 1. the day's events, 2. spawning */
  PetscCall(MSStagesPush(sim->stages.spawn));
  PetscCall(Events(sim, t));
  PetscCall(Spawn(sim, t));
  PetscCall(MSStagesPop());
  sim->tr[MS_T_SPAWN] = MPI_Wtime();
  /* 3. scores and move chances, 4. decisions and 5. travel, the whole day on this rank */
  PetscCall(Prepare(sim));
  PetscCall(DecideTravel(sim));
  PetscCall(Exchange(sim, t));
  /* 6. the day's counts */
  PetscCall(RecordDay(sim, t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimRun(MSSim sim)
{
  PetscFunctionBegin;
  PetscCall(Begin(sim));
  for (int t = sim->start_day; t < sim->days; t++) {
    PetscCall(Day(sim, t));
    /* the machinery around the model */
    PetscCall(Balance(sim, t));
    PetscCall(Progress(sim, t));
    PetscCall(StopOrCheckpoint(sim, t));
  }
  PetscCall(End(sim));
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
  MSMetricsTable *table;

  PetscFunctionBegin;
  PetscCall(MSReportGetTable(sim->report, &table, NULL));
  *m = table;
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
  PetscCall(MSBalanceDestroy(&sim->balance));
  PetscCall(MSAgentsDestroy(&sim->agents));
  PetscCall(MSStepDestroy(&sim->step));
  PetscCall(MSSpawnDestroy(&sim->spawn));
  PetscCall(MSEventsDestroy(&sim->ev));
  PetscCall(Undecompose(sim));
  PetscCall(MSGraphDestroy(&sim->g));
  if (!sim->scn_given) PetscCall(MSScenarioDestroy(&sim->scn));
  PetscCall(PetscFree2(sim->spawn_count, sim->chance));
  PetscCall(PetscFree(sim->mine));
  PetscCall(PetscFree(sim->all));
  PetscCall(PetscFree(sim->obs));
  PetscCall(PetscFree(*simp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- runs driven day by day */

/* The index from which the agents that assimilation adds at a location on a day are numbered:
   spawning numbers that location's agents of that day from 0, and never reaches it. */
#define MS_ASSIMILATED_INDEX ((int64_t)1 << (MS_ID_INDEX_BITS - 1))

struct _p_MSSimState {
  MSCheckpointState cs;     /* with copies of the report's history */
  MSAgents         *agents; /* this rank's, in their order */
  MSSettings        s;
  int64_t           assimilated;
  double           *population, *chance; /* [nloc] the spawner's populations, the move chances */
};

PetscErrorCode MSSimSetInMemory(MSSim sim)
{
  PetscFunctionBegin;
  sim->in_memory = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimKeepOutput(MSSim sim)
{
  PetscFunctionBegin;
  sim->keep_output = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimEndOutput(MSSim sim)
{
  PetscFunctionBegin;
  if (!sim->out) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(End(sim));
  PetscCall(MSOutputClose(&sim->out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSetScenario(MSSim sim, MSScenario *scn, uint64_t hash)
{
  PetscFunctionBegin;
  sim->scn           = scn;
  sim->scenario_hash = hash;
  sim->scn_given     = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimRunDays(MSSim sim, int t_end)
{
  PetscFunctionBegin;
  PetscCheck(sim->in_memory, sim->comm, PETSC_ERR_ORDER,
             "MSSimRunDays() runs a run kept in memory (MSSimSetInMemory())");
  PetscCheck(t_end <= sim->days, sim->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "day %d is beyond the run's %d days (-days)", t_end - 1, (int)sim->days);
  if (!sim->begun) {
    PetscCall(Begin(sim));
    sim->begun    = PETSC_TRUE;
    sim->next_day = sim->start_day;
  }
  for (; sim->next_day < t_end; sim->next_day++) PetscCall(Day(sim, sim->next_day));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimGetCounts(MSSim sim, MSSimCounts *c)
{
  MSStepCounts sc;

  PetscFunctionBegin;
  PetscCall(MSStepGetCounts(sim->step, &sc));
  c->day = sim->next_day - 1, c->nowned = sim->part->nowned, c->owned = sim->part->owned;
  c->pop = sc.pop, c->arrivals = sc.arrivals;
  c->agents = sim->all->agents, c->spawned = sim->spawned, c->assimilated = sim->assimilated;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSetInflow(MSSim sim, int first, int n, const int64_t totals[])
{
  PetscFunctionBegin;
  if (totals)
    PetscCall(MSSpawnSetTotals(sim->spawn, first, n, totals));
  else
    PetscCall(MSSpawnSetConflictFrom(sim->spawn, first));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A resident to remove, in the order of removal at its location. */
typedef struct {
  int      loc;
  uint64_t key, id;
  int64_t  index;
} Resident;

static int ResidentCmp(const void *x, const void *y)
{
  const Resident *a = x, *b = y;

  if (a->loc != b->loc) return a->loc < b->loc ? -1 : 1;
  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* The residents beyond want[loc] (-1: no target) at this rank's locations removed, the lowest
   keys first; change[] counts them. */
static PetscErrorCode RemoveSurplus(MSSim sim, const int64_t *want, PetscInt member, int t,
                                    int64_t *change)
{
  MSAgents    *a = sim->agents;
  MSStepCounts c;
  Resident    *r;
  int64_t     *hole, n = 0, nhole = 0;

  PetscFunctionBegin;
  PetscCall(MSStepGetCounts(sim->step, &c));
  for (int64_t i = 0; i < a->n; i++)
    if (!(a->flags[i] & MS_AG_TRAVEL) && want[a->loc[i]] >= 0 && c.pop[a->loc[i]] > want[a->loc[i]])
      n++;
  PetscCall(PetscMalloc2(n + 1, &r, n + 1, &hole));
  n = 0;
  for (int64_t i = 0; i < a->n; i++) {
    int              l = a->loc[i];
    philox4x32_ctr_t w;
    if ((a->flags[i] & MS_AG_TRAVEL) || want[l] < 0 || c.pop[l] <= want[l]) continue;
    w = MSRngDraw((uint64_t)sim->seed, a->id[i], (uint32_t)t, (uint32_t)member, MS_RNG_ASSIMILATE);
    r[n++] = (Resident){l, (uint64_t)w.v[0] | (uint64_t)w.v[1] << 32, a->id[i], i};
  }
  qsort(r, (size_t)n, sizeof(*r), ResidentCmp);
  for (int64_t k = 0; k < n; k++) {
    int l = r[k].loc;
    if (-change[l] >= c.pop[l] - want[l]) continue; /* the location's surplus is gone */
    change[l]--;
    hole[nhole++]      = r[k].index;
    a->loc[r[k].index] = -1; /* gone, as MSAgentsRemove() wants its holes */
  }
  PetscCall(PetscSortInt64(nhole, hole));
  PetscCall(MSAgentsRemove(a, hole, nhole));
  PetscCall(PetscFree2(r, hole));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The residents missing to want[loc] at this rank's locations added, as if spawned there on day
   t; change[] counts them. */
static PetscErrorCode AddMissing(MSSim sim, const int64_t *want, int t, int64_t *change)
{
  MSAgents          *a     = sim->agents;
  const MSPartition *p     = sim->part;
  int64_t            first = a->n;
  MSStepCounts       c;

  PetscFunctionBegin;
  PetscCall(MSStepGetCounts(sim->step, &c));
  for (int k = 0; k < p->nowned; k++) {
    int     l = p->owned[k];
    int64_t n = want[l] - c.pop[l];
    if (want[l] < 0 || n <= 0) continue;
    PetscCheck(sim->spawn_count[l] < MS_ASSIMILATED_INDEX && n < MS_ASSIMILATED_INDEX,
               PETSC_COMM_SELF, PETSC_ERR_SUP,
               "assimilation: more than 2^%d agents at %s on day %d, which agent ids cannot tell "
               "from the spawned ones",
               MS_ID_INDEX_BITS - 1, sim->scn->loc[l].name, t);
    PetscCall(MSAgentsSpawn(a, t, l, MS_ASSIMILATED_INDEX, n));
    change[l] += n;
  }
  PetscCall(MSStepScheduleSettled(sim->step, sim->ev, a, first));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A pool agent (MSSimAssimilate's transit): its key, id and index, in (key, id) order. */
typedef struct {
  uint64_t key, id;
  int64_t  index;
} PoolAgent;

static int PoolCmp(const void *x, const void *y)
{
  const PoolAgent *a = x, *b = y;

  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* Of the n sorted pool agents p, those whose (key, id) is at most (key, id), counted over the
   ranks (collective). */
static PetscErrorCode PoolCount(MPI_Comm comm, const PoolAgent *p, int64_t n, uint64_t key,
                                uint64_t id, int64_t *count)
{
  int64_t lo = 0, hi = n; /* the first agent beyond (key, id) */

  PetscFunctionBegin;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (p[mid].key < key || (p[mid].key == key && p[mid].id <= id))
      lo = mid + 1;
    else
      hi = mid;
  }
  *count = lo;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, count, 1, MPI_INT64_T, MPI_SUM, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The (key, id) of the k-th smallest pool agent of all ranks (k >= 1, at most their number): a
   bisection on the key, then on the id among the agents of that key, each step one reduction of
   a count; the same on any number of ranks, for the pool's order is the agents' own. */
static PetscErrorCode PoolThreshold(MPI_Comm comm, const PoolAgent *p, int64_t n, int64_t k,
                                    uint64_t *key, uint64_t *id)
{
  uint64_t lo = 0, hi = UINT64_MAX;
  int64_t  c;

  PetscFunctionBegin;
  while (lo < hi) { /* the smallest key with at least k agents at or below it */
    uint64_t mid = lo + (hi - lo) / 2;
    PetscCall(PoolCount(comm, p, n, mid, UINT64_MAX, &c));
    if (c >= k)
      hi = mid;
    else
      lo = mid + 1;
  }
  *key = lo, *id = UINT64_MAX;
  PetscCall(PoolCount(comm, p, n, lo, UINT64_MAX, &c));
  if (c == k) PetscFunctionReturn(PETSC_SUCCESS);
  lo = 0, hi = UINT64_MAX; /* agents share the key: the smallest id that completes k */
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    PetscCall(PoolCount(comm, p, n, *key, mid, &c));
    if (c >= k)
      hi = mid;
    else
      lo = mid + 1;
  }
  *id = lo;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agents outside the camps (on links, in towns and conflict zones) that fill the camps'
   shortfall of want[] (MSSimAssimilate's transit): of all ranks, the lowest keyed draws first,
   up to the shortfall; removed here, counted in change[] at their location (a traveller's: the
   start of its link). *taken: how many, over the ranks. */
static PetscErrorCode TakeFromPool(MSSim sim, const int64_t *want, PetscInt member, int t,
                                   int64_t *change, int64_t *taken)
{
  MSAgents    *a = sim->agents;
  MSStepCounts c;
  PoolAgent   *p;
  int64_t     *hole, n = 0, nhole = 0, need = 0, pool;
  uint64_t     key = 0, id = 0;

  PetscFunctionBegin;
  PetscCall(MSStepGetCounts(sim->step, &c));
  for (int k = 0; k < sim->part->nowned; k++) {
    int l = sim->part->owned[k];
    if (want[l] >= 0 && want[l] > c.pop[l]) need += want[l] - c.pop[l];
  }
  for (int64_t i = 0; i < a->n; i++)
    if ((a->flags[i] & MS_AG_TRAVEL) || !MSRulesIsCamp(sim->ev->type[a->loc[i]])) n++;
  pool = n;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &need, 1, MPI_INT64_T, MPI_SUM, sim->comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &pool, 1, MPI_INT64_T, MPI_SUM, sim->comm));
  *taken = PetscMin(need, pool);
  if (*taken == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc2(n + 1, &p, n + 1, &hole));
  n = 0;
  for (int64_t i = 0; i < a->n; i++) {
    philox4x32_ctr_t w;
    if (!(a->flags[i] & MS_AG_TRAVEL) && MSRulesIsCamp(sim->ev->type[a->loc[i]])) continue;
    w = MSRngDraw((uint64_t)sim->seed, a->id[i], (uint32_t)t, (uint32_t)member, MS_RNG_ASSIMILATE);
    p[n++] = (PoolAgent){(uint64_t)w.v[2] | (uint64_t)w.v[3] << 32, a->id[i], i};
  }
  qsort(p, (size_t)n, sizeof(*p), PoolCmp);
  PetscCall(PoolThreshold(sim->comm, p, n, *taken, &key, &id));
  for (int64_t k = 0; k < n && (p[k].key < key || (p[k].key == key && p[k].id <= id)); k++) {
    change[a->loc[p[k].index]]--;
    hole[nhole++]      = p[k].index;
    a->loc[p[k].index] = -1;
  }
  PetscCall(PetscSortInt64(nhole, hole));
  PetscCall(MSAgentsRemove(a, hole, nhole));
  PetscCall(PetscFree2(p, hole));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimAssimilate(MSSim sim, PetscInt member, PetscBool transit, int max_age,
                               int64_t change[], int64_t *taken)
{
  const MSScenario *scn = sim->scn;
  MSMetricsTable   *m;
  int64_t          *want, total = 0;
  int               t = sim->next_day - 1, L = scn->nloc;

  PetscFunctionBegin;
  PetscCheck(sim->begun && t >= 0, sim->comm, PETSC_ERR_ORDER,
             "MSSimAssimilate(): no day simulated yet");
  PetscCall(MSReportGetTable(sim->report, &m, NULL));
  PetscCall(PetscMalloc1(L, &want));
  for (int i = 0; i < L; i++) want[i] = -1, change[i] = 0;
  for (int k = 0; k < m->ncamps; k++) {
    const MSSeries *se   = &scn->camp[m->series[k]];
    int             last = MSScenarioLastObserved(scn, se, t);
    if (last != INT_MIN && (max_age < 0 || t - last <= max_age))
      want[se->loc] = MSSpawnObserved(scn, &sim->s, se, t);
  }
  PetscCall(RemoveSurplus(sim, want, member, t, change));
  *taken = 0;
  if (transit) PetscCall(TakeFromPool(sim, want, member, t, change, taken));
  PetscCall(AddMissing(sim, want, t, change));
  PetscCall(PetscFree(want));
  PetscCall(MSStepCount(sim->step, sim->agents));
  PetscCall(MSStepRefreshGhosts(sim->step, sim->ghost));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, change, L, MPI_INT64_T, MPI_SUM, sim->comm));
  for (int i = 0; i < L; i++) total += change[i];
  sim->assimilated += total;
  if (sim->out) PetscCall(MSOutputWriteAssimilated(sim->out, t, (int)sim->days, change));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSnapshot(MSSim sim, MSSimState *snapp)
{
  MSSimState        snap;
  MSCheckpointState cs;
  size_t            nc;

  PetscFunctionBegin;
  PetscCheck(sim->begun && sim->next_day > 0, sim->comm, PETSC_ERR_ORDER,
             "MSSimSnapshot(): no day simulated yet");
  PetscCheck(!sim->variant, sim->comm, PETSC_ERR_ORDER,
             "MSSimSnapshot(): a variant is in force (a snapshot is of the run without one)");
  PetscCall(PetscNew(&snap));
  PetscCall(SaveState(sim, sim->next_day - 1, &cs));
  nc = (size_t)cs.day * (size_t)cs.ncamps;
  PetscCall(PetscMalloc2(nc + 1, &snap->cs.camp_sim, (size_t)cs.day * 3, &snap->cs.extra));
  PetscCall(PetscArraycpy(snap->cs.camp_sim, cs.camp_sim, nc));
  PetscCall(PetscArraycpy(snap->cs.extra, cs.extra, (size_t)cs.day * 3));
  cs.camp_sim = snap->cs.camp_sim, cs.extra = snap->cs.extra;
  snap->cs = cs;
  PetscCall(MSAgentsCreate(&snap->agents));
  PetscCall(MSAgentsCopy(sim->agents, snap->agents));
  snap->s           = sim->s;
  snap->assimilated = sim->assimilated;
  PetscCall(PetscMalloc2(sim->scn->nloc + 1, &snap->population, sim->scn->nloc + 1, &snap->chance));
  PetscCall(PetscArraycpy(snap->population, sim->spawn->population, sim->scn->nloc));
  PetscCall(PetscArraycpy(snap->chance, sim->chance, sim->scn->nloc));
  *snapp = snap;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimRestore(MSSim sim, MSSimState snap)
{
  const MSCheckpointState *cs = &snap->cs;
  MSCheckpointState        now;

  PetscFunctionBegin;
  PetscCheck(sim->begun, sim->comm, PETSC_ERR_ORDER, "MSSimRestore(): the run has not begun");
  PetscCheck(!sim->out, sim->comm, PETSC_ERR_ORDER,
             "MSSimRestore(): the run's output is open (MSSimEndOutput() first)");
  sim->s       = snap->s;
  sim->variant = NULL;
  PetscCall(MSEventsDestroy(&sim->ev));
  PetscCall(MSEventsCreate(sim->scn, &sim->ev));
  PetscCall(MSAgentsCopy(snap->agents, sim->agents));
  PetscCall(MSStepForgetChances(sim->step));
  PetscCall(PetscArraycpy(sim->spawn->population, snap->population, sim->scn->nloc));
  PetscCall(PetscArraycpy(sim->chance, snap->chance, sim->scn->nloc));
  PetscCall(LoadState(sim, cs));
  PetscCall(CheckpointState(sim, &now));
  PetscCall(PetscArraycpy(now.camp_sim, cs->camp_sim, (size_t)cs->day * (size_t)cs->ncamps));
  PetscCall(PetscArraycpy(now.extra, cs->extra, (size_t)cs->day * 3));
  PetscCall(MSStepCount(sim->step, sim->agents));
  PetscCall(MSStepRefreshGhosts(sim->step, sim->ghost));
  sim->spawned     = cs->spawn_total;
  sim->assimilated = snap->assimilated;
  for (int w = 0; w < MS_NWARN; w++) sim->all->warn[w] = cs->warn[w];
  sim->next_day = cs->day;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSnapshotDestroy(MSSimState *snapp)
{
  MSSimState snap = *snapp;

  PetscFunctionBegin;
  if (!snap) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree2(snap->cs.camp_sim, snap->cs.extra));
  PetscCall(PetscFree2(snap->population, snap->chance));
  PetscCall(MSAgentsDestroy(&snap->agents));
  PetscCall(PetscFree(*snapp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimSetVariant(MSSim sim, const MSVariant *v)
{
  PetscFunctionBegin;
  PetscCheck(!sim->variant, sim->comm, PETSC_ERR_ORDER,
             "MSSimSetVariant(): a variant is in force already (MSSimRestore() removes it)");
  sim->s_base = sim->s;
  PetscCall(MSEventsSetVariant(sim->ev, sim->scn, sim->g, v));
  sim->variant = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSimKnownOptions(MPI_Comm comm)
{
  MSSim sim = NULL;

  PetscFunctionBegin;
  PetscCall(MSSimCreate(comm, &sim));
  PetscCall(MSSimSetFromOptions(sim));
  PetscCall(MSSimDestroy(&sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}
