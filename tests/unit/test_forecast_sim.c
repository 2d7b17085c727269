/* unit.forecast_sim.*: the engine's hooks for forecasts (ms_sim.h) on the default scenario,
   run day by day on any number of ranks.

     test_forecast_sim SCENARIO CASE     snapshot, assimilate, transit, inflow, conflict

   snapshot    a run to F, snapshotted, continued to F+H under a border closure (which must
               change something), restored and continued again gives the same counts, day by
               day and location by location, as a run never interrupted;
   assimilate  at the end of day F every observed camp holds exactly its observation, the
               change per location is what assimilation reports, and the run goes on with
               agents conserved (the day loop's own check counts the assimilated ones);
   transit     the same with -assimilate transit's rule: the observations held, the residents
               the camps lack taken from the agents outside them, none created (the total falls
               by the surplus removed only);
   inflow      from F+1 on, spawning follows a given total path: the agents spawned after F
               are exactly its increase;
   conflict    from F+1 on, spawning is conflict-driven: 500 agents a day per conflict zone
               (intensity 1 in this scenario), as the replayed events say;
   sinks       snapshot, with the settings of MODEL.md section 7b that carry state (camps left
               with a deactivation_probability of 0.02, take_from_population, the population
               rules): the restored run continues as the uninterrupted one.
   Exit 0 when every check passes (rank 0 prints them). */
#include "unit.h"
#include <inttypes.h>
#include "ms_events.h"
#include "ms_rules.h"
#include "ms_sim.h"
#include "ms_spawn.h"

#define F 50
#define H 30

/* The scenario the runs use instead of reading -scenario (the case sinks), or NULL. */
static MSScenario *given;

/* Per day (F .. F+H) and location, counts summed over the ranks. */
typedef struct {
  int      nloc;
  int64_t *pop, *arr; /* [(H + 1) * nloc] */
  int64_t  spawned[H + 1], agents[H + 1];
} Series;

static PetscErrorCode NewSim(const char scenario[], MSSim *sim)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsSetValue(NULL, "-scenario", scenario));
  PetscCall(PetscOptionsSetValue(NULL, "-days", "90"));
  PetscCall(PetscOptionsSetValue(NULL, "-seed", "3"));
  PetscCall(PetscOptionsSetValue(NULL, "-partition", "location"));
  PetscCall(MSSimCreate(PETSC_COMM_WORLD, sim));
  PetscCall(MSSimSetInMemory(*sim));
  if (given) PetscCall(MSSimSetScenario(*sim, given, MSScenarioHash(given)));
  PetscCall(MSSimSetFromOptions(*sim));
  PetscCall(MSSimSetUp(*sim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Day k of s (F + k) from the run's counts, summed over the ranks. */
static PetscErrorCode Record(MSSim sim, Series *s, int k)
{
  MSSimCounts c;
  int64_t    *pop = s->pop + (size_t)k * s->nloc, *arr = s->arr + (size_t)k * s->nloc;

  PetscFunctionBegin;
  PetscCall(MSSimGetCounts(sim, &c));
  for (int i = 0; i < s->nloc; i++) pop[i] = arr[i] = 0;
  for (int j = 0; j < c.nowned; j++) pop[c.owned[j]] = c.pop[c.owned[j]];
  for (int j = 0; j < c.nowned; j++) arr[c.owned[j]] = c.arrivals[c.owned[j]];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, pop, s->nloc, MPI_INT64_T, MPI_SUM, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, arr, s->nloc, MPI_INT64_T, MPI_SUM, PETSC_COMM_WORLD));
  s->spawned[k] = c.spawned, s->agents[k] = c.agents;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Days F+1 .. F+H, recorded. */
static PetscErrorCode Continue(MSSim sim, Series *s)
{
  PetscFunctionBegin;
  for (int k = 1; k <= H; k++) {
    PetscCall(MSSimRunDays(sim, F + k + 1));
    PetscCall(Record(sim, s, k));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode SeriesCreate(int nloc, Series *s)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->nloc = nloc;
  PetscCall(PetscCalloc2((size_t)(H + 1) * nloc, &s->pop, (size_t)(H + 1) * nloc, &s->arr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscBool Same(const Series *a, const Series *b)
{
  size_t n = (size_t)(H + 1) * a->nloc;
  for (size_t e = 0; e < n; e++)
    if (a->pop[e] != b->pop[e] || a->arr[e] != b->arr[e]) return PETSC_FALSE;
  return PETSC_TRUE;
}

static PetscErrorCode Snapshot(const char scenario[], const MSScenario *scn)
{
  MSSim      a, b;
  MSSimState snap;
  MSVariant *v;
  Series     sa, sv, sb;
  char       path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(SeriesCreate(scn->nloc, &sa));
  PetscCall(SeriesCreate(scn->nloc, &sv));
  PetscCall(SeriesCreate(scn->nloc, &sb));
  PetscCall(NewSim(scenario, &a));
  PetscCall(MSSimRunDays(a, F + 1));
  PetscCall(Continue(a, &sa));
  PetscCall(MSSimDestroy(&a));

  PetscCall(UnitWriteFile("border.csv",
                          "#what,name1,name2,value,from,until\nlink,Eastgate,Border Post 7,,+1,\n",
                          path));
  PetscCall(MSVariantLoad(PETSC_COMM_WORLD, path, scn, F, &v));
  PetscCall(NewSim(scenario, &b));
  PetscCall(MSSimRunDays(b, F + 1));
  PetscCall(MSSimSnapshot(b, &snap));
  PetscCall(MSSimSetVariant(b, v));
  PetscCall(Continue(b, &sv));
  PetscCall(MSSimRestore(b, snap));
  PetscCall(Continue(b, &sb));
  PetscCall(MSSimSnapshotDestroy(&snap));
  PetscCall(MSSimDestroy(&b));
  UnitCheck(!Same(&sa, &sv), "snapshot: the border closure changes the days after F");
  UnitCheck(Same(&sa, &sb),
            "snapshot: restored and continued, days F+1..F+%d are the "
            "uninterrupted run's, at every location",
            H);
  UnitCheck(sa.spawned[H] == sb.spawned[H] && sa.agents[H] == sb.agents[H],
            "snapshot: %" PRId64 " agents spawned and %" PRId64 " held at the end, as without "
            "the snapshot (%" PRId64 ", %" PRId64 ")",
            sb.spawned[H], sb.agents[H], sa.spawned[H], sa.agents[H]);
  if (given)
    UnitCheck(sa.agents[H] < sa.spawned[H], "sinks: %" PRId64 " agents left the simulation",
              sa.spawned[H] - sa.agents[H]);
  PetscCall(MSVariantDestroy(&v));
  PetscCall(PetscFree2(sa.pop, sa.arr));
  PetscCall(PetscFree2(sv.pop, sv.arr));
  PetscCall(PetscFree2(sb.pop, sb.arr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* snapshot with every stateful setting of section 7b on, the camps left at 2 % a day. */
static PetscErrorCode Sinks(const char scenario[], MSScenario *scn)
{
  PetscFunctionBegin;
  for (int i = 0; i < scn->nloc; i++)
    if (MSRulesIsCamp(scn->loc[i].type)) scn->loc[i].deactivation_probability = 0.02;
  PetscCall(PetscOptionsSetValue(NULL, "-spawn_rules_camps_are_sinks", "true"));
  PetscCall(PetscOptionsSetValue(NULL, "-spawn_rules_take_from_population", "true"));
  PetscCall(PetscOptionsSetValue(NULL, "-move_rules_movechance_pop_scale_factor", "0.1"));
  PetscCall(PetscOptionsSetValue(NULL, "-move_rules_use_pop_for_loc_weight", "true"));
  PetscCall(PetscOptionsSetValue(NULL, "-move_rules_stay_close_to_home", "true"));
  given = scn;
  PetscCall(Snapshot(scenario, scn));
  given = NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Assimilate(const char scenario[], const MSScenario *scn)
{
  MSSim      sim;
  MSSettings set;
  Series     s;
  int64_t   *before, *change, sum = 0, taken;
  int        nobs = 0, held = 0, reported = 1;

  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(&set));
  PetscCall(SeriesCreate(scn->nloc, &s));
  PetscCall(PetscMalloc2(scn->nloc, &before, scn->nloc, &change));
  PetscCall(NewSim(scenario, &sim));
  PetscCall(MSSimRunDays(sim, F + 1));
  PetscCall(Record(sim, &s, 0));
  PetscCall(PetscArraycpy(before, s.pop, scn->nloc));
  PetscCall(MSSimAssimilate(sim, 7, PETSC_FALSE, -1, change, &taken));
  PetscCall(Record(sim, &s, 0));
  for (int c = 0; c < scn->ncamps; c++) {
    const MSSeries *se = &scn->camp[c];
    if (se->loc < 0 || se->first > F || se->last < F) continue;
    nobs++;
    held += s.pop[se->loc] == MSSpawnObserved(scn, &set, se, F);
  }
  for (int i = 0; i < scn->nloc; i++) {
    reported = reported && change[i] == s.pop[i] - before[i];
    sum += change[i];
  }
  UnitCheck(nobs >= 3 && held == nobs,
            "assimilate: %d of the %d camps observed on day %d hold "
            "their observation",
            held, nobs, F);
  UnitCheck(reported, "assimilate: the change reported per location is the change of its "
                      "residents");
  PetscCall(Continue(sim, &s));
  UnitCheck(s.agents[H] == s.spawned[H] + sum && sum != 0,
            "assimilate: %" PRId64 " agents on day %d = %" PRId64 " spawned %+" PRId64
            " assimilated (the day loop checked it every day)",
            s.agents[H], F + H, s.spawned[H], sum);
  PetscCall(MSSimDestroy(&sim));
  PetscCall(PetscFree2(before, change));
  PetscCall(PetscFree2(s.pop, s.arr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* transit: the camps' observations at F, their shortfall taken from the agents outside the camps.
   With the default settings the total spawned is the camps' observed sum (sum_from_camps), so the
   agents outside the camps are their shortfall less their surplus: every one is taken and the
   rest of the shortfall created (the surplus removed). With twice total.csv spawned instead
   (large), more agents are outside than the camps lack: the lowest keyed draws are taken, none
   is created, and the total falls by the surplus removed only. */
static PetscErrorCode TransitOnce(const char scenario[], MSScenario *scn, PetscBool large)
{
  MSSim       sim;
  MSSimCounts c;
  MSSettings  set;
  Series      s;
  int64_t    *before, *change, sum = 0, taken, need = 0, surplus = 0, outside, agents;
  int         nobs = 0, held = 0, bounded = 1;
  const char *how = large ? "twice total.csv" : "sum_from_camps";

  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(&set));
  if (large) {
    for (int t = 0; t < scn->length; t++) scn->total.daily[t] *= 2;
    PetscCall(PetscOptionsSetValue(NULL, "-spawn_rules_sum_from_camps", "false"));
    given = scn;
  }
  PetscCall(SeriesCreate(scn->nloc, &s));
  PetscCall(PetscMalloc2(scn->nloc, &before, scn->nloc, &change));
  PetscCall(NewSim(scenario, &sim));
  PetscCall(MSSimRunDays(sim, F + 1));
  PetscCall(Record(sim, &s, 0));
  PetscCall(MSSimGetCounts(sim, &c));
  agents = c.agents, outside = c.agents;
  PetscCall(PetscArraycpy(before, s.pop, scn->nloc));
  for (int i = 0; i < scn->nloc; i++)
    if (MSRulesIsCamp(scn->loc[i].type)) outside -= before[i];
  PetscCall(MSSimAssimilate(sim, 7, PETSC_TRUE, -1, change, &taken));
  PetscCall(Record(sim, &s, 0));
  for (int k = 0; k < scn->ncamps; k++) {
    const MSSeries *se = &scn->camp[k];
    int64_t         o;
    if (se->loc < 0 || se->first > F || se->last < F) continue;
    o = MSSpawnObserved(scn, &set, se, F);
    nobs++;
    held += s.pop[se->loc] == o;
    need += PetscMax(o - before[se->loc], 0), surplus += PetscMax(before[se->loc] - o, 0);
  }
  for (int i = 0; i < scn->nloc; i++) {
    bounded = bounded && change[i] <= s.pop[i] - before[i];
    sum += change[i];
  }
  UnitCheck(nobs >= 3 && held == nobs,
            "transit (%s): %d of the %d camps observed on day %d hold "
            "their observation",
            how, held, nobs, F);
  UnitCheck(need > 0 && (large ? outside > need : outside < need) &&
                taken == PetscMin(need, outside),
            "transit (%s): the camps lacked %" PRId64 " residents, %" PRId64 " agents were outside "
            "them, %" PRId64 " were taken",
            how, need, outside, taken);
  UnitCheck(sum == need - taken - surplus && (!large || sum == -surplus),
            "transit (%s): the total changed by %+" PRId64 ": %" PRId64 " created (the shortfall "
            "the agents outside could not fill), %" PRId64 " surplus residents removed",
            how, sum, need - taken, surplus);
  UnitCheck(bounded,
            "transit (%s): each location's reported change is at most its residents' "
            "change (the rest: agents taken from the links that start there)",
            how);
  PetscCall(Continue(sim, &s));
  UnitCheck(s.agents[1] == agents + sum + (s.spawned[1] - s.spawned[0]) &&
                s.agents[H] == s.spawned[H] + sum,
            "transit (%s): %" PRId64 " agents on day %d = %" PRId64 " spawned %+" PRId64
            " assimilated (the day loop checked it every day)",
            how, s.agents[H], F + H, s.spawned[H], sum);
  PetscCall(MSSimDestroy(&sim));
  PetscCall(PetscOptionsClearValue(NULL, "-spawn_rules_sum_from_camps"));
  given = NULL;
  PetscCall(PetscFree2(before, change));
  PetscCall(PetscFree2(s.pop, s.arr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* conflict: the agents conflict-driven spawning makes on day t, from the events replayed. */
static PetscErrorCode ConflictSpawns(const MSScenario *scn, int t, int64_t *n)
{
  MSEvents  *ev;
  MSGraph   *g;
  MSSettings set;

  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(&set));
  PetscCall(MSGraphCreate(PETSC_COMM_SELF, scn, &set, &g));
  PetscCall(MSEventsCreate(scn, &ev));
  for (int d = 0; d <= t; d++) PetscCall(MSEventsApply(ev, scn, g, &set, d));
  *n = 0;
  for (int i = 0; i < scn->nloc; i++)
    if (ev->type[i] == MS_LOC_CONFLICT && ev->intensity[i] > 0)
      *n += (int64_t)(set.displaced_per_conflict_day * ev->intensity[i]);
  PetscCall(MSEventsDestroy(&ev));
  PetscCall(MSGraphDestroy(&g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Inflow(const char scenario[], const MSScenario *scn, PetscBool conflict)
{
  MSSim      sim;
  MSSettings set;
  Series     s;
  int64_t    path[H], want = 0, TF;

  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(&set));
  TF = MSSpawnObservedTotal(scn, &set, F);
  PetscCall(SeriesCreate(scn->nloc, &s));
  PetscCall(NewSim(scenario, &sim));
  PetscCall(MSSimRunDays(sim, F + 1));
  PetscCall(Record(sim, &s, 0));
  /* a total that jumps from the observed one, then grows by 100 + 7 (2h - 1) a day, with a fall
     on day F+10 carried as debt over the days after it */
  for (int h = 1; h <= H; h++) path[h - 1] = TF + 1000 + 100 * h + 7 * h * h - (h >= 10 ? 540 : 0);
  PetscCall(MSSimSetInflow(sim, F + 1, H, conflict ? NULL : path));
  PetscCall(Continue(sim, &s));
  PetscCall(MSSimDestroy(&sim));
  if (conflict) {
    for (int t = F + 1; t <= F + H; t++) {
      int64_t n = 0;
      PetscCall(ConflictSpawns(scn, t, &n));
      want += n;
    }
    UnitCheck(want > 0 && s.spawned[H] - s.spawned[0] == want,
              "conflict: %" PRId64 " agents spawned after day %d, as conflict-driven spawning "
              "on the replayed events makes (%" PRId64 ")",
              s.spawned[H] - s.spawned[0], F, want);
  } else {
    UnitCheck(s.spawned[H] - s.spawned[0] == path[H - 1] - TF,
              "inflow: %" PRId64 " agents spawned on days %d..%d: the path's increase over the "
              "observed total of day %d (%" PRId64 ")",
              s.spawned[H] - s.spawned[0], F + 1, F + H, F, path[H - 1] - TF);
    UnitCheck(s.spawned[1] - s.spawned[0] == path[0] - TF && s.spawned[10] == s.spawned[9],
              "inflow: day %d spawns the jump (%" PRId64 "), day %d none (a fall: debt)", F + 1,
              s.spawned[1] - s.spawned[0], F + 10);
  }
  PetscCall(PetscFree2(s.pop, s.arr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MSScenario *scn;
  int         rank;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc == 3, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG,
             "usage: test_forecast_sim SCENARIO snapshot|assimilate|transit|inflow|conflict|sinks");
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (rank && !freopen("/dev/null", "w", stdout)) return 1; /* rank 0 prints the checks */
  PetscCall(UnitMakeDir());
  PetscCall(MSScenarioLoad(PETSC_COMM_WORLD, argv[1], &scn));
  if (!strcmp(argv[2], "snapshot"))
    PetscCall(Snapshot(argv[1], scn));
  else if (!strcmp(argv[2], "assimilate"))
    PetscCall(Assimilate(argv[1], scn));
  else if (!strcmp(argv[2], "transit")) {
    PetscCall(TransitOnce(argv[1], scn, PETSC_FALSE));
    PetscCall(TransitOnce(argv[1], scn, PETSC_TRUE));
  } else if (!strcmp(argv[2], "inflow"))
    PetscCall(Inflow(argv[1], scn, PETSC_FALSE));
  else if (!strcmp(argv[2], "conflict"))
    PetscCall(Inflow(argv[1], scn, PETSC_TRUE));
  else if (!strcmp(argv[2], "sinks"))
    PetscCall(Sinks(argv[1], scn));
  else
    SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "unknown case %s", argv[2]);
  PetscCall(MSScenarioDestroy(&scn));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &unit_failures, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(PetscFinalize());
  return unit_failures ? 1 : 0;
}
