/* The C unit tests' common part (world.h). */
#include "world.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int unit_failures = 0;

PetscErrorCode UnitFinish(const char name[], int *status)
{
  int all;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(&unit_failures, &all, 1, MPI_INT, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: %s (%d failed checks)\n", name,
                        all ? "FAILED" : "passed", all));
  *status = all ? 1 : 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode UnitScenario(const char *locations, const char *routes, const char *closures,
                            int length, char dir[])
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (rank == 0) {
    const char *name[4] = {"locations.csv", "routes.csv", "closures.csv", "sim_period.csv"};
    const char *head[4] = {"#name,region,country,latitude,longitude,location_type,conflict_date,"
                           "population\n",
                           "#name1,name2,distance,forced_redirection\n",
                           "#closure_type,name1,name2,closure_start,closure_end\n",
                           "StartDate,2030-01-01\n"};
    const char *body[4] = {locations, routes, closures, ""};
    char        path[PETSC_MAX_PATH_LEN + 32];
    PetscCall(PetscStrncpy(dir, "/tmp/ms_unit.XXXXXX", PETSC_MAX_PATH_LEN));
    PetscCheck(mkdtemp(dir), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot make a temporary dir");
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/input_csv", dir));
    PetscCheck(!mkdir(path, 0700), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot make %s", path);
    for (int k = 0; k < 4; k++) {
      FILE *f;
      PetscCall(PetscSNPrintf(path, sizeof(path), "%s/input_csv/%s", dir, name[k]));
      PetscCheck(f = fopen(path, "w"), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s",
                 path);
      fprintf(f, "%s%s", head[k], body[k]);
      if (k == 3) fprintf(f, "Length,%d\n", length);
      fclose(f);
    }
  }
  PetscCallMPI(MPI_Bcast(dir, PETSC_MAX_PATH_LEN, MPI_CHAR, 0, PETSC_COMM_WORLD));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode UnitScenarioRemove(const char dir[])
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (rank == 0) {
    const char *name[4] = {"locations.csv", "routes.csv", "closures.csv", "sim_period.csv"};
    char        path[PETSC_MAX_PATH_LEN + 32];
    for (int k = 0; k < 4; k++) {
      PetscCall(PetscSNPrintf(path, sizeof(path), "%s/input_csv/%s", dir, name[k]));
      unlink(path);
    }
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/input_csv", dir));
    rmdir(path);
    rmdir(dir);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode UnitWorldCreate(const char dir[], const MSSettings *s, PetscBool steal,
                               int64_t block, int64_t steal_min, UnitWorld *w)
{
  double *load;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(w, sizeof(*w)));
  w->s = *s;
  PetscCall(MSScenarioLoad(PETSC_COMM_WORLD, dir, &w->scn));
  PetscCall(MSGraphCreate(PETSC_COMM_WORLD, w->scn, &w->s, &w->g));
  PetscCall(PetscMalloc1(w->scn->nloc, &load));
  MSBalanceExpectedLoad(w->scn, load);
  PetscCall(
      MSPartitionCreate(PETSC_COMM_WORLD, w->scn, w->g, MS_PART_REGION, load, NULL, &w->part));
  PetscCall(PetscFree(load));
  PetscCall(
      MSGhostCreate(w->part, w->g, PetscMax(s->max_move_speed, s->max_walk_speed), steal, &w->gh));
  PetscCall(MSExchangeCreate(w->part, w->g->nloc, w->gh->reach, &w->ex));
  if (steal)
    PetscCall(MSStealCreate(PETSC_COMM_WORLD, w->gh->nneighbour, w->gh->neighbour, &w->sp));
  PetscCall(MSEventsCreate(w->scn, &w->ev));
  PetscCall(MSStepCreate(w->scn, w->g, &w->s, w->part, 1, &w->st));
  PetscCall(MSStepSetBlock(w->st, block, steal_min));
  PetscCall(MSAgentsCreate(&w->a));
  PetscCall(MSStagesRegister(&w->stages));
  PetscCall(PetscCalloc1(w->scn->nloc, &w->count));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode UnitWorldDay(UnitWorld *w, int t, int spawn_at, int64_t n)
{
  int64_t first = w->a->n;

  PetscFunctionBegin;
  PetscCall(MSEventsApply(w->ev, w->scn, w->g, &w->s, t));
  PetscCall(MSStepReschedule(w->st, w->ev, w->a));
  for (int i = 0; i < w->scn->nloc; i++) w->count[i] = i == spawn_at ? n : 0;
  if (spawn_at >= 0 && w->part->owner[spawn_at] == w->part->rank)
    PetscCall(MSAgentsSpawn(w->a, t, spawn_at, 0, n));
  PetscCall(MSStepSpawned(w->st, w->gh, w->count));
  PetscCall(MSStepScheduleNew(w->st, w->ev, w->a, first));
  PetscCall(MSStepPrepare(w->st, w->ev, w->gh));
  PetscCall(MSStepDecideTravel(w->st, w->a, w->ex, w->sp, w->stages.decide, w->stages.travel));
  if (w->sp) PetscCall(MSStepSteal(w->st, w->a, w->ex, w->sp));
  PetscCall(MSStepExchange(w->st, w->a, w->ex, w->gh, w->stages.exchange));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode UnitWorldDestroy(UnitWorld *w)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(w->count));
  PetscCall(MSAgentsDestroy(&w->a));
  PetscCall(MSStepDestroy(&w->st));
  PetscCall(MSEventsDestroy(&w->ev));
  PetscCall(MSStealDestroy(&w->sp));
  PetscCall(MSExchangeDestroy(&w->ex));
  PetscCall(MSGhostDestroy(&w->gh));
  PetscCall(MSPartitionDestroy(&w->part));
  PetscCall(MSGraphDestroy(&w->g));
  PetscCall(MSScenarioDestroy(&w->scn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int UnitLink(const UnitWorld *w, int a, int b)
{
  for (int k = w->g->adj_off[a]; k < w->g->adj_off[a + 1]; k++)
    if (w->g->dl_to[w->g->adj[k]] == b) return w->g->adj[k];
  return -1;
}
