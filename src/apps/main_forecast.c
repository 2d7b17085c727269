/* migrasim-forecast: a scenario forecast past its last observation, as an ensemble, with what-if
   variants and early warnings (docs/forecast.md). */
#include "ms_backtest.h"
#include "ms_errors.h"
#include "ms_app.h"
#include "ms_forecast.h"
#include "ms_options.h"
#include "ms_sim.h"

static const char help[] =
    "migrasim-forecast " MS_VERSION
    ": forecast arrivals at camps, with uncertainty, what-if variants and warnings.\n"
    "Usage: mpiexec -n N migrasim-forecast -calibration calibration.h5 -horizon 90 -replicates 10\n"
    "         [-variant close_border.csv -variant new_camp.csv] -output forecast.h5 -report "
    "forecast.html [-csv PREFIX]\n"
    "   or: mpiexec -n N migrasim-forecast -scenario DIR [-settings S.yml] -replicates R ...\n"
    "   or: mpiexec -n N migrasim-forecast -backtest -scenario DIR [-settings S.yml] [-cuts LIST] "
    "[-backtest_dir DIR]\n"
    "Every move_rules/spawn_rules setting is an option, e.g. -move_rules_camp_weight 2.\n\n";

/* Every option a forecast reads: its own and its members' runs'. */
static PetscErrorCode Known(MPI_Comm comm)
{
  MSForecast fc = NULL;

  PetscFunctionBegin;
  PetscCall(MSForecastCreate(comm, &fc));
  PetscCall(MSForecastSetFromOptions(fc));
  PetscCall(MSForecastDestroy(&fc));
  PetscCall(MSSimKnownOptions(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every option a backtest reads: its own and its forecasts'. */
static PetscErrorCode KnownBacktest(MPI_Comm comm)
{
  MSBacktest bt = NULL;

  PetscFunctionBegin;
  PetscCall(MSBacktestCreate(comm, &bt));
  PetscCall(MSBacktestSetFromOptions(bt));
  PetscCall(MSBacktestDestroy(&bt));
  PetscCall(Known(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* -backtest: cut, calibrate, forecast and score (ms_backtest.h). */
static PetscErrorCode Backtest(void)
{
  MSBacktest     bt = NULL;
  PetscErrorCode ierr;
  PetscBool      want_help;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &want_help));
  PetscCall(MSBacktestCreate(PETSC_COMM_WORLD, &bt));
  ierr = MSBacktestSetFromOptions(bt);
  if (!ierr && !want_help)
    ierr = MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim-forecast -backtest", KnownBacktest);
  if (!ierr && !want_help) ierr = MSBacktestSetUp(bt);
  if (!ierr && !want_help) ierr = MSBacktestRun(bt);
  if (!ierr && !want_help) ierr = MSBacktestWrite(bt);
  PetscCall(MSBacktestDestroy(&bt));
  PetscFunctionReturn(ierr);
}

static PetscErrorCode Forecast(void)
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
  if (!ierr) ierr = MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim-forecast", Known);
  if (!ierr) ierr = MSForecastSetUp(fc);
  if (!ierr) ierr = MSForecastRun(fc);
  if (!ierr) ierr = MSForecastWrite(fc);
  PetscCall(MSForecastDestroy(&fc));
  PetscFunctionReturn(ierr);
}

static PetscErrorCode Run(int argc, char **argv, int *status)
{
  PetscBool backtest;

  PetscFunctionBegin;
  PetscCall(MSBacktestRequested(&backtest));
  PetscCall(backtest ? Backtest() : Forecast());
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  const MSApp app = {"migrasim-forecast", help, MS_APP_ALL_RANKS, MS_EXIT_ERROR, NULL, 0, Run};

  return MSAppMain(argc, argv, &app);
}
