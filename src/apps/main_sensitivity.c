/* migrasim-sensitivity: first- and total-order Sobol indices of a sweep's outputs over its
   parameters, from a Saltelli design (docs/sensitivity.md). */
#include "ms_errors.h"
#include "ms_app.h"
#include "ms_options.h"
#include "ms_sensitivity.h"

static const char help[] =
    "migrasim-sensitivity " MS_VERSION
    ": Sobol indices of a Saltelli sweep's outputs (docs/sensitivity.md).\n"
    "Usage: migrasim-sensitivity -sweep DIR [-output ard,camps,population:NAME,"
    "arrivals:NAME:FIRST:LAST] [-bootstrap 1000] [-confidence 0.95] [-csv F] [-h5 F]\n\n";

/* Every option migrasim-sensitivity reads. */
static PetscErrorCode Known(MPI_Comm comm)
{
  MSSensitivity sa;

  PetscFunctionBegin;
  (void)comm;
  PetscCall(MSSensitivityCreate(&sa));
  PetscCall(MSSensitivitySetFromOptions(sa));
  PetscCall(MSSensitivityDestroy(&sa));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Run(int argc, char **argv, int *status)
{
  MSSensitivity sa;
  PetscBool     help_asked;

  PetscFunctionBegin;
  PetscCall(MSSensitivityCreate(&sa));
  PetscCall(MSSensitivitySetFromOptions(sa));
  PetscCall(PetscOptionsHasHelp(NULL, &help_asked));
  if (!help_asked) {
    PetscCall(MSOptionsCheckUnknown(PETSC_COMM_SELF, "migrasim-sensitivity", Known));
    PetscCall(MSSensitivitySetUp(sa));
    PetscCall(MSSensitivityCompute(sa));
    PetscCall(MSSensitivityWrite(sa));
  }
  PetscCall(MSSensitivityDestroy(&sa));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  const MSApp app = {"migrasim-sensitivity", help, MS_APP_RANK0, MS_EXIT_ERROR, NULL, 0, Run};

  return MSAppMain(argc, argv, &app);
}
