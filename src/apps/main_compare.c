/* migrasim-compare: two runs or two calibrations side by side (docs/calibration.md). */
#include "ms_errors.h"
#include "ms_app.h"
#include "ms_compare.h"
#include "ms_options.h"

static const char help[] =
    "migrasim-compare " MS_VERSION ": two runs, or two calibrations, side by side.\n"
    "Usage: migrasim-compare A.h5 B.h5 [-tolerance 0.01] [-scenario DIR | -scenario_a DIR "
    "-scenario_b DIR]\n"
    "Exit status: 0 when no difference exceeds the tolerance, 1 when some does, 2 on an error.\n\n";

/* The options (a, b and both hold PETSC_MAX_PATH_LEN characters). */
static PetscErrorCode ReadOptions(MPI_Comm comm, char a[], char b[], char both[],
                                  MSCompareOptions *opt)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "migrasim-compare options", NULL);
  PetscCall(PetscOptionsString("-a", "first file (instead of the first argument)", NULL, a, a,
                               PETSC_MAX_PATH_LEN, NULL));
  PetscCall(PetscOptionsString("-b", "second file (instead of the second argument)", NULL, b, b,
                               PETSC_MAX_PATH_LEN, NULL));
  PetscCall(PetscOptionsReal(
      "-tolerance",
      "largest difference that does not count: absolute for metrics, relative for parameter values",
      NULL, opt->tolerance, &opt->tolerance, NULL));
  PetscCall(PetscOptionsString(
      "-scenario", "scenario of both runs' observed data (default: each run's scenario attribute)",
      NULL, both, both, PETSC_MAX_PATH_LEN, NULL));
  PetscCall(PetscOptionsString("-scenario_a", "scenario of A's observed data", NULL,
                               opt->scenario_a, opt->scenario_a, sizeof(opt->scenario_a), NULL));
  PetscCall(PetscOptionsString("-scenario_b", "scenario of B's observed data", NULL,
                               opt->scenario_b, opt->scenario_b, sizeof(opt->scenario_b), NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every option migrasim-compare reads. */
static PetscErrorCode Known(MPI_Comm comm)
{
  char a[PETSC_MAX_PATH_LEN] = "", b[PETSC_MAX_PATH_LEN] = "", both[PETSC_MAX_PATH_LEN] = "";
  MSCompareOptions opt;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&opt, sizeof(opt)));
  PetscCall(ReadOptions(comm, a, b, both, &opt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Run(int argc, char **argv, int *status)
{
  PetscBool        exceeds = PETSC_FALSE;
  MSCompareOptions opt;
  char      a[PETSC_MAX_PATH_LEN] = "", b[PETSC_MAX_PATH_LEN] = "", both[PETSC_MAX_PATH_LEN] = "";
  int       npos = 0;
  PetscBool want_help;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&opt, sizeof(opt)));
  opt.tolerance = 0.01;
  /* the two files come first on the command line, before any option */
  for (int i = 1; i < argc && argv[i][0] != '-'; i++, npos++) {
    if (npos == 0)
      PetscCall(PetscStrncpy(a, argv[i], sizeof(a)));
    else if (npos == 1)
      PetscCall(PetscStrncpy(b, argv[i], sizeof(b)));
  }
  PetscCall(ReadOptions(PETSC_COMM_WORLD, a, b, both, &opt));
  PetscCall(PetscOptionsHasHelp(NULL, &want_help));
  if (want_help) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSOptionsCheckUnknown(PETSC_COMM_WORLD, "migrasim-compare", Known));
  PetscCheck(npos <= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "%s: give two files, not %d",
             argv[3], npos);
  PetscCheck(a[0] && b[0], PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "give two files: migrasim-compare A.h5 B.h5 [-tolerance T]");
  PetscCheck(opt.tolerance >= 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "option -tolerance: must be 0 or more, not %g", opt.tolerance);
  if (both[0] && !opt.scenario_a[0])
    PetscCall(PetscStrncpy(opt.scenario_a, both, sizeof(opt.scenario_a)));
  if (both[0] && !opt.scenario_b[0])
    PetscCall(PetscStrncpy(opt.scenario_b, both, sizeof(opt.scenario_b)));
  PetscCall(MSCompareFiles(PETSC_COMM_WORLD, a, b, &opt, &exceeds));
  *status = exceeds ? MS_COMPARE_DIFF : MS_COMPARE_SAME;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  const MSApp app = {"migrasim-compare", help, MS_APP_ALL_RANKS, MS_COMPARE_ERROR, NULL, 0, Run};

  return MSAppMain(argc, argv, &app);
}
