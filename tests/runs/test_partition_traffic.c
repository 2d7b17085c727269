/* partition_traffic: a repartition weighs the traffic on the routes. Four regions in a ring,
   equal loads, on 2 ranks: both balanced halves cut two routes, and the partitioner must
   cut the two without traffic, whichever pair carries it. Run with mpiexec -n 2. */
#include "ms_graph.h"
#include "ms_partition.h"
#include "ms_scenario.h"
#include "ms_settings.h"

static int failures = 0;

static int Loc(const MSScenario *scn, const char *name)
{
  for (int i = 0; i < scn->nloc; i++)
    if (!strcmp(scn->loc[i].name, name)) return i;
  return -1;
}

/* Partition with traffic on routes heavy[0] and heavy[1] only; those two must stay inside a part. */
static PetscErrorCode Check(const MSScenario *scn, const MSGraph *g, const double *load, int h0, int h1)
{
  double      *traffic;
  MSPartition *p;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(scn->nroutes + 1, &traffic));
  traffic[h0] = traffic[h1] = 1000.0;
  PetscCall(MSPartitionCreate(PETSC_COMM_WORLD, scn, g, MS_PART_REGION, load, NULL, NULL, traffic, &p));
  for (int r = 0; r < scn->nroutes; r++) {
    int cut = p->owner[scn->route[r].a] != p->owner[scn->route[r].b], heavy = r == h0 || r == h1;
    if (cut == heavy) {
      failures++;
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "FAIL: route %s-%s (traffic %g) is %s\n", scn->loc[scn->route[r].a].name, scn->loc[scn->route[r].b].name, traffic[r], cut ? "cut" : "not cut"));
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: traffic on %s-%s and %s-%s, %d routes cut\n", failures ? "checked" : "ok", scn->loc[scn->route[h0].a].name, scn->loc[scn->route[h0].b].name, scn->loc[scn->route[h1].a].name, scn->loc[scn->route[h1].b].name, p->ncut));
  PetscCall(MSPartitionDestroy(&p));
  PetscCall(PetscFree(traffic));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MSScenario *scn;
  MSSettings  s;
  MSGraph    *g;
  double     *load;
  PetscMPIInt size;
  char        dir[PETSC_MAX_PATH_LEN] = "";

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCheck(size == 2, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "run on 2 ranks");
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", dir, sizeof(dir), NULL));
  PetscCall(MSScenarioLoad(PETSC_COMM_WORLD, dir, &scn));
  PetscCall(MSSettingsSetDefaults(&s));
  PetscCall(MSGraphCreate(PETSC_COMM_WORLD, scn, &s, &g));
  PetscCheck(scn->nroutes == 4 && scn->nregions == 4 && Loc(scn, "North") >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "%s is not the ring of four regions", dir);
  PetscCall(PetscMalloc1(scn->nloc, &load));
  for (int i = 0; i < scn->nloc; i++) load[i] = 1.0;
  /* routes in the file's order: North-East, East-South, South-West, West-North */
  PetscCall(Check(scn, g, load, 0, 2));
  PetscCall(Check(scn, g, load, 1, 3));
  PetscCall(PetscFree(load));
  PetscCall(MSGraphDestroy(&g));
  PetscCall(MSScenarioDestroy(&scn));
  PetscCall(PetscFinalize());
  return failures ? 1 : 0;
}
