/* unit.steal: work stealing (ms_steal.h, step_steal.c) on 2 ranks. The same scenario runs
   twice side by side, day by day: once each rank stepping its own agents, once with rank 1,
   which owns few of them, stepping some of rank 0's (small blocks make the hand-overs many).
   After every day each rank must hold exactly the same agents in exactly the same state in
   both runs: an agent handed over comes back (or goes on to its new owner) as stepping it at
   home leaves it. A run in which no agent was handed over tests nothing and fails. */
#include "world.h"

static int ById(const void *x, const void *y)
{
  uint64_t a = ((const MSMigrant *)x)->id, b = ((const MSMigrant *)y)->id;
  return (a > b) - (a < b);
}

/* This rank's agents of w, as migrants ordered by id (*m, to free). */
static PetscErrorCode Agents(const UnitWorld *w, MSMigrant **m)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(w->a->n + 1, m));
  for (int64_t i = 0; i < w->a->n; i++) {
    PetscCall(PetscMemzero(&(*m)[i], sizeof(MSMigrant)));
    MSMigrantPack(w->a, i, &(*m)[i]);
  }
  qsort(*m, (size_t)w->a->n, sizeof(MSMigrant), ById);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agents of home and of away (stealing) on this rank after day t, field by field. */
static PetscErrorCode Compare(const UnitWorld *home, const UnitWorld *away, int t)
{
  MSMigrant *h, *s;
  int64_t    differ = 0;

  PetscFunctionBegin;
  UNIT_CHECK(home->a->n == away->a->n,
             "day %d: %" PRId64 " agents stepping at home, %" PRId64 " with stealing", t,
             home->a->n, away->a->n);
  PetscCall(Agents(home, &h));
  PetscCall(Agents(away, &s));
  for (int64_t i = 0; i < PetscMin(home->a->n, away->a->n); i++) {
#define DIFFERS(type, name, desc) || h[i].name != s[i].name
    if (0 MS_AGENT_FIELDS(DIFFERS)) differ++;
#undef DIFFERS
  }
  UNIT_CHECK(differ == 0, "day %d: %" PRId64 " agents differ from their state stepped at home", t,
             differ);
  PetscCall(PetscFree(h));
  PetscCall(PetscFree(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char        dir[PETSC_MAX_PATH_LEN];
  MSSettings  s;
  UnitWorld   home, away;
  PetscMPIInt size;
  MSStepStats st;
  int64_t     stolen;
  int         status = 1;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCheck(size == 2, PETSC_COMM_WORLD, PETSC_ERR_ARG_SIZ, "unit.steal runs on 2 ranks");
  /* region R0 (rank 0) where every agent starts, R1 (rank 1) far across C-D; everybody moves
     every day, often several hops */
  PetscCall(UnitScenario("A,R0,X,0,0,conflict_zone,0,1000\nB,R0,X,0,1,town,,0\n"
                         "C,R0,X,0,2,camp,,0\nD,R1,X,0,6,town,,0\nE,R1,X,0,7,camp,,0\n",
                         "A,B,50,0\nB,C,50,0\nC,D,400,0\nD,E,50,0\n", "", 8, dir));
  PetscCall(MSSettingsSetDefaults(&s));
  s.max_move_speed = 100, s.default_movechance = 1, s.camp_movechance = 1;
  PetscCall(UnitWorldCreate(dir, &s, PETSC_FALSE, 64, 8, &home));
  PetscCall(UnitWorldCreate(dir, &s, PETSC_TRUE, 64, 8, &away));
  for (int t = 0; t < 8; t++) {
    int A = MSScenarioFindLocation(home.scn, "A");
    PetscCall(UnitWorldDay(&home, t, A, 20000));
    PetscCall(UnitWorldDay(&away, t, A, 20000));
    PetscCall(Compare(&home, &away, t));
  }
  PetscCall(MSStepGetStats(away.st, &st));
  PetscCallMPI(MPI_Allreduce(&st.stolen, &stolen, 1, MPI_INT64_T, MPI_SUM, PETSC_COMM_WORLD));
  UNIT_CHECK(stolen > 0, "no agent was handed over in 8 days: nothing was tested");
  PetscCall(
      PetscPrintf(PETSC_COMM_WORLD, "%" PRId64 " agent-days stepped by the partner\n", stolen));
  PetscCall(UnitWorldDestroy(&away));
  PetscCall(UnitWorldDestroy(&home));
  PetscCall(UnitScenarioRemove(dir));
  PetscCall(UnitFinish("unit.steal", &status));
  PetscCall(PetscFinalize());
  return status;
}
