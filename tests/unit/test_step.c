/* unit.step: the step kernel (ms_step.h) on tiny scenarios built here, on one rank, day by
   day as MSSimRun() calls it:
     - an agent with move chance 1 steps onto its link and advances by the day's speed, and
       arrives once the km covered reach the link's length;
     - a link shorter than the day's speed gives a second hop the same day, with the km left;
     - a link closed on the day an agent would reach its far end puts it back at its start;
     - over many days of random moves, closures and multi-hop days, the running counts
       (populations, agents on links) equal a recount of the agents, and add up to them. */
#include "world.h"

/* Every agent: where it is (loc), whether on a link (the directed link dl, km along it) or
   not (dl -1). */
static void ExpectAgents(const UnitWorld *w, const char what[], int loc, int dl, double km)
{
  const MSAgents *a = w->a;
  const MSGraph  *g = w->g;

  for (int64_t i = 0; i < a->n; i++) {
    PetscBool travel = (PetscBool)((a->flags[i] & MS_AG_TRAVEL) != 0);
    int       on     = travel ? g->p_links[g->p_off[a->path[i]] + a->pos[i]] : -1;
    UNIT_CHECK(a->loc[i] == loc && on == dl && (double)a->km[i] == km,
               "%s: agent %" PRId64 " at %d on link %d, %g km (expected %d, %d, %g)", what, i,
               a->loc[i], on, (double)a->km[i], loc, dl, km);
    if (!travel) UNIT_CHECK(a->path[i] == -1, "%s: agent %" PRId64 " keeps a plan", what, i);
  }
}

/* The running counts at location loc and on link dl. */
static void ExpectCounts(const UnitWorld *w, const char what[], int loc, int64_t pop,
                         int64_t arrivals, int dl, int64_t onlink)
{
  MSStepCounts c;

  MSStepGetCounts(w->st, &c);
  UNIT_CHECK(c.pop[loc] == pop && c.arrivals[loc] == arrivals && c.onlink[dl] == onlink,
             "%s: population %" PRId64 ", arrivals %" PRId64 ", on the link %" PRId64
             " (expected %" PRId64 ", %" PRId64 ", %" PRId64 ")",
             what, c.pop[loc], c.arrivals[loc], c.onlink[dl], pop, arrivals, onlink);
}

/* A conflict zone A, km from a camp B, at 200 km a day; every agent at A moves, none at B.
   closures: the lines of closures.csv. */
static PetscErrorCode TwoLocations(int km, const char closures[], char dir[], UnitWorld *w, int *A,
                                   int *B, int *ab)
{
  char       route[64];
  MSSettings s;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(route, sizeof(route), "A,B,%d,0\n", km));
  PetscCall(UnitScenario("A,R1,X,0,0,conflict_zone,0,1000\nB,R1,X,0,1,camp,,0\n", route, closures,
                         5, dir));
  PetscCall(MSSettingsSetDefaults(&s));
  s.max_move_speed = 200, s.conflict_movechance = 1, s.camp_movechance = 0;
  PetscCall(UnitWorldCreate(dir, &s, PETSC_FALSE, MS_STEP_BLOCK, MS_STEP_STEAL_MIN, w));
  *A = MSScenarioFindLocation(w->scn, "A"), *B = MSScenarioFindLocation(w->scn, "B");
  *ab = UnitLink(w, *A, *B);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Done(UnitWorld *w, const char dir[])
{
  PetscFunctionBegin;
  PetscCall(UnitWorldDestroy(w));
  PetscCall(UnitScenarioRemove(dir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A --500 km-- B at 200 km a day: on the link at 200 and 400 km, at B on day 2. */
static PetscErrorCode OntoTheLink(void)
{
  char      dir[PETSC_MAX_PATH_LEN];
  UnitWorld w;
  int       A, B, ab;

  PetscFunctionBegin;
  PetscCall(TwoLocations(500, "", dir, &w, &A, &B, &ab));
  PetscCall(UnitWorldDay(&w, 0, A, 10));
  ExpectAgents(&w, "onto the link, day 0", A, ab, 200);
  ExpectCounts(&w, "onto the link, day 0", A, 0, 0, ab, 10);
  PetscCall(UnitWorldDay(&w, 1, -1, 0));
  ExpectAgents(&w, "onto the link, day 1", A, ab, 400);
  PetscCall(UnitWorldDay(&w, 2, -1, 0));
  ExpectAgents(&w, "onto the link, day 2", B, -1, 0);
  ExpectCounts(&w, "onto the link, day 2", B, 10, 10, ab, 0);
  PetscCall(Done(&w, dir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A --100-- B --500-- C at 200 km a day, A unattractive: at B with 100 km left, on to C the
   same day, 100 km along. */
static PetscErrorCode SecondHop(void)
{
  char       dir[PETSC_MAX_PATH_LEN];
  MSSettings s;
  UnitWorld  w;
  int        A, B, C, bc;

  PetscFunctionBegin;
  PetscCall(
      UnitScenario("A,R1,X,0,0,conflict_zone,0,1000\nB,R1,X,0,1,town,,0\nC,R1,X,0,2,camp,,0\n",
                   "A,B,100,0\nB,C,500,0\n", "", 5, dir));
  PetscCall(MSSettingsSetDefaults(&s));
  s.max_move_speed = 200, s.conflict_movechance = 1, s.default_movechance = 1;
  s.camp_movechance = 0, s.conflict_weight = 0;
  PetscCall(UnitWorldCreate(dir, &s, PETSC_FALSE, MS_STEP_BLOCK, MS_STEP_STEAL_MIN, &w));
  A = MSScenarioFindLocation(w.scn, "A"), B = MSScenarioFindLocation(w.scn, "B");
  C  = MSScenarioFindLocation(w.scn, "C");
  bc = UnitLink(&w, B, C);
  PetscCall(UnitWorldDay(&w, 0, A, 10));
  ExpectAgents(&w, "second hop", B, bc, 100);
  ExpectCounts(&w, "second hop", B, 0, 10, bc, 10);
  PetscCall(Done(&w, dir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A --300-- B at 200 km a day, the link closed on day 1 only: on day 1 the agents would reach
   B; they are back at A instead, off the link, without a plan. */
static PetscErrorCode ClosedFarEnd(void)
{
  char      dir[PETSC_MAX_PATH_LEN];
  UnitWorld w;
  int       A, B, ab;

  PetscFunctionBegin;
  PetscCall(TwoLocations(300, "link,A,B,1,2\n", dir, &w, &A, &B, &ab));
  PetscCall(UnitWorldDay(&w, 0, A, 10));
  ExpectAgents(&w, "closed far end, day 0", A, ab, 200);
  PetscCall(UnitWorldDay(&w, 1, -1, 0));
  ExpectAgents(&w, "closed far end, day 1", A, -1, 0);
  ExpectCounts(&w, "closed far end, day 1 (A)", A, 10, 0, ab, 0);
  ExpectCounts(&w, "closed far end, day 1 (B)", B, 0, 0, ab, 0);
  PetscCall(Done(&w, dir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Thirty days of new agents moving at random over a small graph (two hops of awareness,
   links shorter and longer than a day, a closure): the running counts match a recount every
   day, and every agent is at a location or on a link. */
static PetscErrorCode CountsConsistent(void)
{
  char       dir[PETSC_MAX_PATH_LEN];
  MSSettings s;
  UnitWorld  w;

  PetscFunctionBegin;
  PetscCall(UnitScenario("A,R1,X,0,0,conflict_zone,0,1000\nB,R1,X,0,1,town,,0\n"
                         "C,R1,X,1,1,town,,0\nD,R1,Y,1,2,camp,,0\nE,R1,X,2,2,idpcamp,,0\n",
                         "A,B,50,0\nB,C,80,0\nC,D,120,0\nB,E,200,0\nA,C,150,0\nE,D,30,0\n",
                         "link,B,C,5,10\n", 30, dir));
  PetscCall(MSSettingsSetDefaults(&s));
  s.max_move_speed = 100, s.awareness_level = 2;
  PetscCall(UnitWorldCreate(dir, &s, PETSC_FALSE, 64, MS_STEP_STEAL_MIN, &w));
  for (int t = 0; t < 30; t++) {
    MSStepCounts c;
    int64_t      bad, held = 0;
    PetscCall(UnitWorldDay(&w, t, MSScenarioFindLocation(w.scn, "A"), 500));
    PetscCall(MSStepCheckCounts(w.st, w.a, &bad));
    UNIT_CHECK(bad == 0, "day %d: %" PRId64 " running counts differ from a recount", t, bad);
    PetscCall(MSStepGetCounts(w.st, &c));
    for (int i = 0; i < w.g->nloc; i++) held += c.pop[i];
    for (int d = 0; d < w.g->ndl; d++) held += c.onlink[d];
    UNIT_CHECK(held == w.a->n && w.a->n == 500 * (t + 1),
               "day %d: %" PRId64 " agents counted, %" PRId64 " held, %d spawned", t, held, w.a->n,
               500 * (t + 1));
  }
  PetscCall(Done(&w, dir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  int status = 1;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(OntoTheLink());
  PetscCall(SecondHop());
  PetscCall(ClosedFarEnd());
  PetscCall(CountsConsistent());
  PetscCall(UnitFinish("unit.step", &status));
  PetscCall(PetscFinalize());
  return status;
}
