/* partition_traffic: a repartition weighs the traffic on the routes and the ranks' speeds.
   Four regions in a ring, equal loads, on 2 ranks: both balanced halves cut two routes, and
   the partitioner must cut the two without traffic, whichever pair carries it; with rank 0
   three times as fast as rank 1, rank 0 must get three regions' load, from scratch and by
   a repartition of the even split. Run with mpiexec -n 2. */
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

/* Partition with traffic on routes heavy[0] and heavy[1] only; those two must stay inside a part.
 */
static PetscErrorCode Check(const MSScenario *scn, const MSGraph *g, const double *load, int h0,
                            int h1)
{
  double      *traffic;
  MSPartition *p;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(scn->nroutes + 1, &traffic));
  traffic[h0] = traffic[h1] = 1000.0;
  MSPartitionHints hints    = {.traffic = traffic};

  PetscCall(MSPartitionCreate(PETSC_COMM_WORLD, scn, g, MS_PART_REGION, load, &hints, &p));
  for (int r = 0; r < scn->nroutes; r++) {
    int cut = p->owner[scn->route[r].a] != p->owner[scn->route[r].b], heavy = r == h0 || r == h1;
    if (cut == heavy) {
      failures++;
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "FAIL: route %s-%s (traffic %g) is %s\n",
                            scn->loc[scn->route[r].a].name, scn->loc[scn->route[r].b].name,
                            traffic[r], cut ? "cut" : "not cut"));
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: traffic on %s-%s and %s-%s, %d routes cut\n",
                        failures ? "checked" : "ok", scn->loc[scn->route[h0].a].name,
                        scn->loc[scn->route[h0].b].name, scn->loc[scn->route[h1].a].name,
                        scn->loc[scn->route[h1].b].name, p->ncut));
  PetscCall(MSPartitionDestroy(&p));
  PetscCall(PetscFree(traffic));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0 three times as fast: it must hold three quarters of the load, balanced for the speeds. */
static PetscErrorCode CheckSpeeds(const MSScenario *scn, const MSGraph *g, const double *load)
{
  const double     speed[2] = {3.0, 1.0};
  double          *keep, equal, unequal;
  MSPartition     *even, *p;
  MSPartitionHints fresh = {.speed = speed}, re;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(scn->nloc, &keep));
  for (int i = 0; i < scn->nloc; i++) keep[i] = 100.0;
  PetscCall(MSPartitionCreate(PETSC_COMM_WORLD, scn, g, MS_PART_REGION, load, NULL, &even));
  re = (MSPartitionHints){.prev = even, .keep = keep, .speed = speed, .target = 1.01};
  for (int k = 0; k < 2; k++) {
    double on0 = 0, all = 0, imb;
    PetscCall(
        MSPartitionCreate(PETSC_COMM_WORLD, scn, g, MS_PART_REGION, load, k ? &re : &fresh, &p));
    for (int i = 0; i < scn->nloc; i++) on0 += p->owner[i] == 0 ? load[i] : 0, all += load[i];
    PetscCall(MSPartitionImbalance(p, scn->nloc, load, speed, &imb));
    if (!(on0 == 0.75 * all && imb < 1.0001)) {
      failures++;
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "FAIL: %s with rank 0 three times as fast: rank 0 holds %g of %g, "
                            "imbalance for the speeds %g\n",
                            k ? "a repartition" : "a partition", on0, all, imb));
    } else
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "ok: %s with rank 0 three times as fast gives it 3/4 of the load\n",
                            k ? "a repartition" : "a partition"));
    PetscCall(MSPartitionDestroy(&p));
  }
  PetscCall(MSPartitionImbalance(even, scn->nloc, load, NULL, &equal));
  PetscCall(MSPartitionImbalance(even, scn->nloc, load, speed, &unequal));
  if (!(equal < 1.0001 && unequal > 1.9)) {
    failures++;
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "FAIL: the even split should be balanced for equal ranks, "
                          "and 2 times over for rank 1 at a third of the speed\n"));
  }
  PetscCall(MSPartitionDestroy(&even));
  PetscCall(PetscFree(keep));
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
  PetscCheck(scn->nroutes == 4 && scn->nregions == 4 && Loc(scn, "North") >= 0, PETSC_COMM_WORLD,
             PETSC_ERR_ARG_WRONG, "%s is not the ring of four regions", dir);
  PetscCall(PetscMalloc1(scn->nloc, &load));
  for (int i = 0; i < scn->nloc; i++) load[i] = 1.0;
  /* routes in the file's order: North-East, East-South, South-West, West-North */
  PetscCall(Check(scn, g, load, 0, 2));
  PetscCall(Check(scn, g, load, 1, 3));
  PetscCall(CheckSpeeds(scn, g, load));
  PetscCall(PetscFree(load));
  PetscCall(MSGraphDestroy(&g));
  PetscCall(MSScenarioDestroy(&scn));
  PetscCall(PetscFinalize());
  return failures ? 1 : 0;
}
