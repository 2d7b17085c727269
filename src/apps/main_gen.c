/* migrasim-gen: write a synthetic Flee-format scenario of a chosen size (docs/generator.md). */
#include "ms_errors.h"
#include "ms_app.h"
#include "ms_gen.h"
#include "ms_options.h"

static const char help[] =
    "migrasim-gen " MS_VERSION ": writes a synthetic Flee-format scenario (input_csv/, "
    "source_data/, simsetting.yml) from a seed.\n"
    "Usage: migrasim-gen -output DIR [-regions R] [-locations_per_region L] [-agents N] [-days D] "
    "[-seed S] [options]\n"
    "Then: mpiexec -n P migrasim -scenario DIR -settings DIR/simsetting.yml -output run.h5\n\n";

/* Every option the generator reads. */
static PetscErrorCode Known(MPI_Comm comm)
{
  MSGen gen = NULL;

  PetscFunctionBegin;
  PetscCall(MSGenCreate(comm, &gen));
  PetscCall(MSGenSetFromOptions(gen));
  PetscCall(MSGenDestroy(&gen));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Generate(MSGen gen)
{
  PetscFunctionBegin;
  PetscCall(MSGenSetUp(gen));
  PetscCall(MSGenWrite(gen));
  PetscCall(MSGenView(gen));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every rank reads the options; rank 0 alone builds and writes the scenario, and every rank
   leaves with its verdict. */
static PetscErrorCode Run(int argc, char **argv, int *status)
{
  MSGen          gen  = NULL;
  PetscBool      only = PETSC_FALSE, asked;
  PetscMPIInt    rank = 0;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &asked));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(MSGenCreate(PETSC_COMM_WORLD, &gen));
  ierr = MSGenSetFromOptions(gen);
  if (!ierr) ierr = MSGenHelpOnly(gen, &only);
  if (!ierr && !only && !asked)
    ierr = MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim-gen", Known);
  if (!ierr && !only && !asked) {
    MSErrorQuietPush();
    if (rank == 0) ierr = Generate(gen);
    MSErrorQuietPop();
    ierr = MSErrorAgree(PETSC_COMM_WORLD, ierr);
  }
  PetscCall(MSGenDestroy(&gen));
  PetscFunctionReturn(ierr);
}

int main(int argc, char **argv)
{
  const MSApp app = {"migrasim-gen", help, MS_APP_ALL_RANKS, MS_EXIT_ERROR, NULL, 0, Run};

  return MSAppMain(argc, argv, &app);
}
