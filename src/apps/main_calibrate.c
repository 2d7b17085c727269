/* migrasim-calibrate: a sweep and the observed data become a calibration (docs/calibration.md). */
#include "ms_errors.h"
#include "ms_app.h"
#include "ms_options.h"
#include "ms_sim.h"
#include "ms_calibrate.h"

static const char help[] =
    "migrasim-calibrate " MS_VERSION
    ": calibrate model settings from a sweep against observed camp populations.\n"
    "Usage: migrasim-calibrate -sweep DIR [-accept_fraction F | -tolerance T] [-distance "
    "ard|ard_unrescaled]\n"
    "         [-method abc|pounders] [-replicates N] [-output calibration.h5] [-summary PREFIX]\n"
    "POUNDERS runs migrasim in-process on all ranks: mpiexec -n N migrasim-calibrate -method "
    "pounders ...\n"
    "TAO's options (-tao_pounders_delta, -tao_max_funcs, -tao_monitor) apply to POUNDERS.\n\n";

/* Every option a calibration reads: its own and its in-process runs'. */
static PetscErrorCode Known(MPI_Comm comm)
{
  MSCalib cal = NULL;

  PetscFunctionBegin;
  PetscCall(MSCalibCreate(comm, &cal));
  PetscCall(MSCalibSetFromOptions(cal));
  PetscCall(MSCalibDestroy(&cal));
  PetscCall(MSSimKnownOptions(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Run(int argc, char **argv, int *status)
{
  MSCalib        cal = NULL;
  PetscErrorCode ierr;
  PetscBool      want_help;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &want_help));
  PetscCall(MSCalibCreate(PETSC_COMM_WORLD, &cal));
  ierr = MSCalibSetFromOptions(cal);
  if (!ierr && want_help) {
    PetscCall(MSCalibDestroy(&cal));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (!ierr) ierr = MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim-calibrate", Known);
  if (!ierr) ierr = MSCalibSetUp(cal);
  if (!ierr) ierr = MSCalibSolve(cal);
  if (!ierr) ierr = MSCalibWrite(cal);
  PetscCall(MSCalibDestroy(&cal));
  PetscFunctionReturn(ierr);
}

int main(int argc, char **argv)
{
  const MSApp app = {"migrasim-calibrate", help, MS_APP_ALL_RANKS, MS_EXIT_ERROR, NULL, 0, Run};

  return MSAppMain(argc, argv, &app);
}
