/* migrasim: run a Flee-format scenario as a region-decomposed MPI agent simulation. */
#include "ms_errors.h"
#include "ms_options.h"
#include "ms_app.h"
#include "ms_sim.h"
#include "ms_sweep.h"
#if defined(__GLIBC__)
#  include <malloc.h>
#endif

static const char help[] =
    "migrasim " MS_VERSION
    ": agent-based simulation of forced displacement (Flee's model family).\n"
    "Usage: mpiexec -n N migrasim -scenario DIR -output FILE.h5 [-seed S] [-days D] [-settings "
    "simsetting.yml] [options]\n"
    "       mpiexec -n N migrasim -scenario DIR -sweep design.yml -ranks_per_member R "
    "-sweep_output SWEEPDIR [options]  (docs/sweeps.md)\n"
    "Every move_rules/spawn_rules setting is an option, e.g. -move_rules_camp_weight 2.\n\n";

/* Every option a sweep reads: its own and its members' runs'. */
static PetscErrorCode SweepKnown(MPI_Comm comm)
{
  MSSweep sw = NULL;

  PetscFunctionBegin;
  PetscCall(MSSweepCreate(comm, &sw));
  PetscCall(MSSweepSetFromOptions(sw));
  PetscCall(MSSweepDestroy(&sw));
  PetscCall(MSSimKnownOptions(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Run(PetscBool *stopped)
{
  MSSim          sim = NULL;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(MSSimCreate(PETSC_COMM_WORLD, &sim));
  MSErrorCollectivePhase(PETSC_TRUE);
  ierr = MSSimSetFromOptions(sim);
  if (!ierr) ierr = MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim", MSSimKnownOptions);
  MSErrorCollectivePhase(PETSC_FALSE);
  if (!ierr) ierr = MSSimSetUp(sim);
  if (!ierr) ierr = MSSimRun(sim);
  if (!ierr) ierr = MSSimStopped(sim, stopped);
  /* on an error too: what was simulated reaches the file before we exit */
  PetscCall(MSSimDestroy(&sim));
  /* no rank leaves before every rank has closed its files: mpiexec tears the job down when
     the first rank exits with a non-zero status (a stopped run's 3) */
  if (!ierr) PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscFunctionReturn(ierr);
}

/* Many runs in one job: exit status 0 when every member is done, MS_EXIT_MEMBERS_FAILED when
   some failed (recorded in status.csv), MS_EXIT_STOPPED when stopped early with members left. */
static PetscErrorCode RunSweep(int *status)
{
  MSSweep        sw = NULL;
  PetscErrorCode ierr;
  PetscInt       failed  = 0;
  PetscBool      stopped = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(MSSweepCreate(PETSC_COMM_WORLD, &sw));
  MSErrorCollectivePhase(PETSC_TRUE);
  ierr = MSSweepSetFromOptions(sw);
  if (!ierr) ierr = MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim", SweepKnown);
  MSErrorCollectivePhase(PETSC_FALSE);
  if (!ierr) ierr = MSSweepSetUp(sw);
  if (!ierr) ierr = MSSweepRun(sw);
  if (!ierr) ierr = MSSweepGetResult(sw, NULL, &failed, &stopped);
  PetscCall(MSSweepDestroy(&sw));
  *status = stopped ? MS_EXIT_STOPPED : failed > 0 ? MS_EXIT_MEMBERS_FAILED : MS_EXIT_OK;
  PetscFunctionReturn(ierr);
}

/* -help's groups of options */
static const char *const run_opts[]      = {"-scenario", "-seed", "-days", NULL};
static const char *const settings_opts[] = {"-settings",       "-move_rules_",      "-spawn_rules_",
                                            "-optimisations_", "-population_scale", NULL};
static const char *const parallel_opts[] = {
    "-partition", "-steal", "-step_block", "-exchange_", "-rebalance_", "-agents_sort_every", NULL};
static const char *const checkpoint_opts[] = {"-checkpoint_", "-restart", "-stop_file",
                                              "-max_walltime", NULL};
static const char *const sweep_opts[]      = {"-sweep", "-ranks_per_member", NULL};
static const char *const output_opts[] = {"-output", "-flee_csv", "-progress_every", "-log_days",
                                          NULL};
static const MSHelpGroup groups[]      = {{"run", run_opts},
                                          {"settings (MODEL.md section 7)", settings_opts},
                                          {"parallel", parallel_opts},
                                          {"checkpoint and stop", checkpoint_opts},
                                          {"sweep (docs/sweeps.md)", sweep_opts},
                                          {"output", output_opts}};

/* -help: the options of a run and of a sweep, with their defaults; nothing is set up, read or
   written (with -help_petsc, PETSc lists them in its own form). */
static PetscErrorCode Help(void)
{
  MSSim   sim = NULL;
  MSSweep sw  = NULL;

  PetscFunctionBegin;
  PetscCall(MSSimCreate(PETSC_COMM_WORLD, &sim));
  PetscCall(MSSimSetFromOptions(sim));
  PetscCall(MSSimDestroy(&sim));
  PetscCall(MSSweepCreate(PETSC_COMM_WORLD, &sw));
  PetscCall(MSSweepSetFromOptions(sw));
  PetscCall(MSSweepDestroy(&sw));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A run, a sweep, or -help; *status 3 for a run stopped early (MS_EXIT_STOPPED). */
static PetscErrorCode Main(int argc, char **argv, int *status)
{
  PetscBool asked, sweep, stopped = PETSC_FALSE;

  PetscFunctionBegin;
#if defined(__GLIBC__)
  /* Large temporaries (the agent sorts' permutations, the migration buffers) come and go
     (the agent fields themselves are mapped by agents.c). Open MPI's memory hooks
     turn off mmap and trimming in malloc, so every freed array would stay resident; large
     arrays get their own mappings again, returned whole when freed. */
  mallopt(M_MMAP_MAX, 1 << 16);
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 22);
#endif
  PetscCall(PetscOptionsHasHelp(NULL, &asked));
  if (asked)
    PetscCall(Help());
  else {
    PetscCall(MSSweepRequested(&sweep));
    if (sweep)
      PetscCall(RunSweep(status));
    else {
      PetscCall(Run(&stopped));
      *status = stopped ? MS_EXIT_STOPPED : MS_EXIT_OK;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  const MSApp app = {"migrasim", help, MS_APP_ALL_RANKS, MS_EXIT_ERROR, groups, 6, Main};

  return MSAppMain(argc, argv, &app);
}
