/* test_scenario: load one scenario directory and print what was read, for the parser
 * tests (tests/parsers.cmake).
 *
 *   test_scenario DIR [-dump]
 *
 * Prints "OK nloc=.. nroutes=.. ..." and the warnings, or "ERROR <message>" on one
 * line; with -dump also every location, route, closure, conflict row and daily series.
 * On several ranks rank 0 prints, after checking that every rank read the same thing
 * (every rank parses on its own, so a disagreement is a parser bug). */
#include "ms_scenario.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static char g_msg[4096];

/* Keep the first message of an error, as the engine's handler prints it. */
static PetscErrorCode Capture(MPI_Comm comm, int line, const char *fun, const char *file,
                              PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL)
    (void)snprintf(g_msg, sizeof(g_msg), "%s", mess ? mess : "(no message)");
  return n;
}

static unsigned long Fnv(const char *s, unsigned long h)
{
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211UL;
  return h;
}

static void DumpSeries(const MSScenario *scn, const MSSeries *s)
{
  printf("series %s loc=%d daily=", s->name, s->loc);
  for (int d = 0; d < scn->length; d++) printf("%s%" PRId64, d ? "," : "", s->daily[d]);
  printf("\n");
}

static void Dump(const MSScenario *scn)
{
  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    printf("loc %d [%s] region=[%s]:%d country=[%s]:%d lat=%g lon=%g type=%s cd=%d pop=%g\n", i,
           l->name, l->region, l->region_id, l->country, l->country_id, l->lat, l->lon,
           MSLocTypeNames[l->type], l->conflict_date, l->population);
  }
  for (int i = 0; i < scn->nroutes; i++)
    printf("route %d %s-%s %g forced=%d\n", i, scn->loc[scn->route[i].a].name,
           scn->loc[scn->route[i].b].name, scn->route[i].distance, scn->route[i].forced);
  for (int i = 0; i < scn->nclosures; i++)
    printf("closure %d type=%d a=%d b=%d %d-%d\n", i, (int)scn->closure[i].type, scn->closure[i].a,
           scn->closure[i].b, scn->closure[i].start, scn->closure[i].end);
  for (int c = 0; c < scn->nconflict_cols; c++)
    printf("conflict col %d [%s]\n", c, scn->loc[scn->conflict_loc[c]].name);
  for (int r = 0; r < scn->nconflict_rows; r++) {
    printf("conflict row %d:", r);
    for (int c = 0; c < scn->nconflict_cols; c++)
      printf(" %g", scn->conflict[r * scn->nconflict_cols + c]);
    printf("\n");
  }
  printf("start=%s start_day=%" PRId64 " length=%d\n", scn->start_date, scn->start_day,
         scn->length);
  if (scn->total.daily) DumpSeries(scn, &scn->total);
  for (int k = 0; k < scn->ncamps; k++) DumpSeries(scn, &scn->camp[k]);
}

/* A digest of what was read, to compare ranks. */
static unsigned long Digest(const MSScenario *scn)
{
  char          buf[128];
  unsigned long h = 1469598103934665603UL;

  for (int i = 0; i < scn->nloc; i++) h = Fnv(scn->loc[i].name, h);
  for (int i = 0; i < scn->nroutes; i++) {
    (void)snprintf(buf, sizeof(buf), "%d,%d,%.17g,%d", scn->route[i].a, scn->route[i].b,
                   scn->route[i].distance, scn->route[i].forced);
    h = Fnv(buf, h);
  }
  for (int k = 0; k < scn->ncamps; k++)
    for (int d = 0; d < scn->length; d++) {
      (void)snprintf(buf, sizeof(buf), "%" PRId64, scn->camp[k].daily[d]);
      h = Fnv(buf, h);
    }
  return h;
}

int main(int argc, char **argv)
{
  MSScenario    *scn = NULL;
  PetscErrorCode ierr;
  PetscMPIInt    rank;
  PetscBool      dump = PETSC_FALSE;
  unsigned long  dig, lo, hi;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (argc < 2) {
    if (!rank) fprintf(stderr, "usage: test_scenario DIR [-dump]\n");
    PetscCall(PetscFinalize());
    return 2;
  }
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "-dump")) dump = PETSC_TRUE;
  PetscCall(PetscPushErrorHandler(Capture, NULL));
  ierr = MSScenarioLoad(PETSC_COMM_WORLD, argv[1], &scn);
  PetscCall(PetscPopErrorHandler());
  dig = ierr ? Fnv(g_msg, 1) : Digest(scn);
  PetscCallMPI(MPI_Allreduce(&dig, &lo, 1, MPI_UNSIGNED_LONG, MPI_MIN, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(&dig, &hi, 1, MPI_UNSIGNED_LONG, MPI_MAX, PETSC_COMM_WORLD));
  if (!rank) {
    if (lo != hi) printf("RANKS DISAGREE\n");
    if (ierr)
      printf("ERROR %s\n", g_msg);
    else {
      printf("OK nloc=%d nregions=%d ncountries=%d nroutes=%d nclosures=%d conflicts=%d cols=%d "
             "rows=%d length=%d source_data=%d total=%d ncamps=%d nwarnings=%d\n",
             scn->nloc, scn->nregions, scn->ncountries, scn->nroutes, scn->nclosures,
             (int)scn->has_conflicts, scn->nconflict_cols, scn->nconflict_rows, scn->length,
             (int)scn->has_source_data, scn->total.daily != NULL, scn->ncamps, scn->nwarnings);
      for (int i = 0; i < scn->nwarnings; i++) printf("WARNING %s\n", scn->warnings[i]);
      if (dump) Dump(scn);
    }
    fflush(stdout);
  }
  PetscCall(MSScenarioDestroy(&scn));
  PetscCall(PetscFinalize());
  return ierr ? 1 : 0;
}
