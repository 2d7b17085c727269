/* migrasim-sensitivity: first- and total-order Sobol indices of a sweep's outputs over its
   parameters, from a Saltelli design (docs/sensitivity.md). */
#include "ms_errors.h"
#include "ms_help.h"
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

static PetscErrorCode Run(void)
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
  PetscErrorCode ierr;
  PetscMPIInt    rank      = 0;
  int            code      = 0;
  PetscBool      help_ours = MSHelpArgs(&argc, argv);

  ierr = PetscInitialize(&argc, &argv, NULL, help);
  if (ierr) {
    fprintf(stderr, "migrasim-sensitivity: error: MPI or PETSc failed to initialise (error %d)\n",
            (int)ierr);
    return 1;
  }
  ierr = MSErrorHandlerPush("migrasim-sensitivity");
  MSErrorCollectivePhase(PETSC_TRUE); /* rank 0 works, the others wait for its verdict */
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (!ierr && help_ours) ierr = MSHelpBegin();
  if (!ierr && rank == 0) ierr = Run();
  if (!ierr && help_ours) ierr = MSHelpEnd(PETSC_COMM_WORLD, help, NULL, 0);
  if (ierr) code = 1;
  MPI_Bcast(&code, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  PetscOptionsSetValue(NULL, "-options_left", "0");
  PetscFinalize();
  return code;
}
