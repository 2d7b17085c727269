/* The C unit tests' common part: checks that count failures, and a small world (a scenario
   written to a temporary directory, decomposed over the communicator, with its step) that a
   test runs day by day through the engine's own calls, as MSSimRun() does. */
#ifndef MS_UNIT_WORLD_H
#define MS_UNIT_WORLD_H

#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include <stdio.h>
#include "ms_balance.h"
#include "ms_stages.h"
#include "ms_step.h"

/* Checks failed on this rank so far. */
extern int unit_failures;

/* Check cond on this rank; a failure is printed with the rank and counted. */
#define UNIT_CHECK(cond, ...)                                    \
  do {                                                           \
    if (!(cond)) {                                               \
      int r_;                                                    \
      MPI_Comm_rank(PETSC_COMM_WORLD, &r_);                      \
      unit_failures++;                                           \
      printf("FAIL (rank %d, %s:%d): ", r_, __FILE__, __LINE__); \
      printf(__VA_ARGS__);                                       \
      printf("\n");                                              \
      fflush(stdout);                                            \
    }                                                            \
  } while (0)

/* A scenario decomposed over PETSC_COMM_WORLD by region, with everything a day needs. */
typedef struct {
  MSScenario  *scn;
  MSSettings   s;
  MSGraph     *g;
  MSPartition *part;
  MSGhost     *gh;
  MSExchange   ex;
  MSSteal      sp; /* NULL without stealing */
  MSEvents    *ev;
  MSStep       st;
  MSAgents    *a;
  MSStages     stages;
  int64_t     *count; /* [nloc] the day's spawns */
} UnitWorld;

/* The failures on every rank, summed: 0 is the exit status of a test that passed. */
PetscErrorCode UnitFinish(const char name[], int *status);

/* A scenario written by rank 0 into a fresh directory (*dir, PETSC_MAX_PATH_LEN), whose
   input_csv holds the given lines of locations.csv, routes.csv and closures.csv (after their
   headers) and a period of length days. */
PetscErrorCode UnitScenario(const char *locations, const char *routes, const char *closures,
                            int length, char dir[]);

/* Remove what UnitScenario() wrote. */
PetscErrorCode UnitScenarioRemove(const char dir[]);

/* The world of the scenario in dir with settings s; steal: with work stealing, its blocks of
   block agents, handed over from steal_min on. */
PetscErrorCode UnitWorldCreate(const char dir[], const MSSettings *s, PetscBool steal,
                               int64_t block, int64_t steal_min, UnitWorld *w);

/* Day t as MSSimRun() steps it: events, n new agents at location spawn_at (-1: none),
   preparation, decisions and travel (and stealing), the exchange. */
PetscErrorCode UnitWorldDay(UnitWorld *w, int t, int spawn_at, int64_t n);

/* Free the world. */
PetscErrorCode UnitWorldDestroy(UnitWorld *w);

/* The directed link from location a to location b, or -1. */
int UnitLink(const UnitWorld *w, int a, int b);

#endif
