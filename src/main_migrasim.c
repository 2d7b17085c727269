/* migrasim: run a Flee-format scenario as a region-decomposed MPI agent simulation. */
#include "ms_sim.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static const char help[] = "migrasim " MS_VERSION ": agent-based simulation of forced displacement (Flee's model family).\n"
                           "Usage: mpiexec -n N migrasim -scenario DIR -output FILE.h5 [-seed S] [-days D] [-settings simsetting.yml] [options]\n"
                           "Every move_rules/spawn_rules setting is an option, e.g. -move_rules_camp_weight 2.\n\n";

static PetscErrorCode Run(PetscBool *stopped)
{
  MSSim          sim = NULL;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(MSSimCreate(PETSC_COMM_WORLD, &sim));
  MSErrorCollectivePhase(PETSC_TRUE);
  ierr = MSSimSetFromOptions(sim);
  MSErrorCollectivePhase(PETSC_FALSE);
  if (!ierr) ierr = MSSimSetUp(sim);
  if (!ierr) ierr = MSSimRun(sim);
  if (!ierr) ierr = MSSimStopped(sim, stopped);
  /* on an error too: what was simulated reaches the file before we exit */
  PetscCall(MSSimDestroy(&sim));
  PetscFunctionReturn(ierr);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscBool      stopped = PETSC_FALSE;

  ierr = PetscInitialize(&argc, &argv, NULL, help);
#if defined(__GLIBC__)
  /* The agent arrays grow and are re-sorted through fresh arrays. Open MPI's memory hooks
     turn off mmap and trimming in malloc, so every freed array would stay resident; large
     arrays get their own mappings again, returned whole when freed. */
  mallopt(M_MMAP_MAX, 1 << 16);
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 22);
#endif
  if (ierr) {
    fprintf(stderr, "migrasim: error: MPI or PETSc failed to initialise (error %d)\n", (int)ierr);
    return MS_EXIT_ERROR;
  }
  ierr = MSErrorHandlerPush();
  if (!ierr) ierr = Run(&stopped);
  /* every rank exits non-zero after a collective error; unused options are not an error here */
  PetscOptionsSetValue(NULL, "-options_left", "0");
  PetscFinalize();
  return ierr ? MS_EXIT_ERROR : stopped ? MS_EXIT_STOPPED : MS_EXIT_OK;
}
