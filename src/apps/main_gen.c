/* migrasim-gen: write a synthetic Flee-format scenario of a chosen size (docs/generator.md). */
#include "ms_errors.h"
#include "ms_help.h"
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

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  MSGen          gen  = NULL;
  PetscBool      only = PETSC_FALSE;
  PetscMPIInt    rank = 0;
  int            err;
  PetscBool      help_ours = MSHelpArgs(&argc, argv);

  ierr = PetscInitialize(&argc, &argv, NULL, help);
  if (ierr) {
    fprintf(stderr, "migrasim-gen: error: MPI or PETSc failed to initialise (error %d)\n",
            (int)ierr);
    return 1;
  }
  ierr = MSErrorHandlerPush("migrasim-gen");
  /* every rank reads the same options; only rank 0 builds and writes: either way rank 0 reports */
  MSErrorCollectivePhase(PETSC_TRUE);
  if (!ierr && help_ours) ierr = MSHelpBegin();
  if (!ierr) ierr = MSGenCreate(PETSC_COMM_WORLD, &gen);
  if (!ierr) ierr = MSGenSetFromOptions(gen);
  if (!ierr) ierr = MSGenHelpOnly(gen, &only);
  if (!ierr && help_ours) ierr = MSHelpEnd(PETSC_COMM_WORLD, help, NULL, 0);
  if (!ierr && !only) ierr = MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim-gen", Known);
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (!ierr && !only && rank == 0) ierr = Generate(gen);
  /* the other ranks leave with rank 0's verdict */
  err = (int)ierr;
  MPI_Bcast(&err, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  if (gen) (void)MSGenDestroy(&gen);
  (void)PetscPopErrorHandler();
  PetscOptionsSetValue(NULL, "-options_left", "0");
  PetscFinalize();
  return err ? 1 : 0;
}
