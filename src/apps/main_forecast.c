/* migrasim-forecast: a scenario forecast past its last observation, as an ensemble, with what-if
   variants and early warnings (docs/forecast.md). */
#include "ms_errors.h"
#include "ms_help.h"
#include "ms_forecast.h"

static const char help[] =
    "migrasim-forecast " MS_VERSION
    ": forecast arrivals at camps, with uncertainty, what-if variants and warnings.\n"
    "Usage: mpiexec -n N migrasim-forecast -calibration calibration.h5 -horizon 90 -replicates 10\n"
    "         [-variant close_border.csv -variant new_camp.csv] -output forecast.h5 -report "
    "forecast.html [-csv PREFIX]\n"
    "   or: mpiexec -n N migrasim-forecast -scenario DIR [-settings S.yml] -replicates R ...\n"
    "Every move_rules/spawn_rules setting is an option, e.g. -move_rules_camp_weight 2.\n\n";

static PetscErrorCode Run(void)
{
  MSForecast     fc = NULL;
  PetscErrorCode ierr;
  PetscBool      want_help;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &want_help));
  PetscCall(MSForecastCreate(PETSC_COMM_WORLD, &fc));
  ierr = MSForecastSetFromOptions(fc);
  if (!ierr && want_help) {
    PetscCall(MSForecastDestroy(&fc));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (!ierr) ierr = MSForecastSetUp(fc);
  if (!ierr) ierr = MSForecastRun(fc);
  if (!ierr) ierr = MSForecastWrite(fc);
  PetscCall(MSForecastDestroy(&fc));
  PetscFunctionReturn(ierr);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscBool      help_ours = MSHelpArgs(&argc, argv);

  ierr = PetscInitialize(&argc, &argv, NULL, help);
  if (ierr) {
    fprintf(stderr, "migrasim-forecast: error: MPI or PETSc failed to initialise (error %d)\n",
            (int)ierr);
    return MS_EXIT_ERROR;
  }
  ierr = MSErrorHandlerPush("migrasim-forecast");
  /* every rank reads the same inputs alike: rank 0 reports what all of them meet */
  MSErrorCollectivePhase(PETSC_TRUE);
  if (!ierr && help_ours) ierr = MSHelpBegin();
  if (!ierr) ierr = Run();
  if (!ierr && help_ours) ierr = MSHelpEnd(PETSC_COMM_WORLD, help, NULL, 0);
  PetscOptionsSetValue(NULL, "-options_left", "0");
  PetscFinalize();
  return ierr ? MS_EXIT_ERROR : MS_EXIT_OK;
}
