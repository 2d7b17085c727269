/* migrasim-validate: the metrics of MODEL.md section 9 for a run output or a sweep directory,
   written into each HDF5 file (/validation) and as one CSV table. */
#include <string.h>
#include "ms_errors.h"
#include "ms_app.h"
#include "ms_options.h"
#include "ms_validate.h"

static const char help[] =
    "migrasim-validate " MS_VERSION
    ": metrics of migrasim outputs against the observed camp populations (MODEL.md section 9).\n"
    "Usage: migrasim-validate -run FILE.h5 | -sweep DIR  [-scenario DIR] [-csv OUT.csv]\n"
    "  -run FILE.h5   one run output; -sweep DIR: DIR/design.csv, DIR/status.csv, "
    "DIR/member_%06d.h5\n"
    "  -scenario DIR  scenario whose source_data/ to compare with (default: each file's 'scenario' "
    "attribute)\n"
    "  -csv OUT.csv   the table (default: FILE.validation.csv beside the run, DIR/validation.csv "
    "for a sweep)\n"
    "Writes /validation into every file validated. Definitions: docs/validation-metrics.md.\n\n";

/* PATH without a trailing ".h5", plus suffix. */
static PetscErrorCode Beside(const char path[], const char suffix[], char out[], size_t len)
{
  size_t n;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(out, path, len));
  n = strlen(out);
  if (n > 3 && !strcmp(out + n - 3, ".h5")) out[n - 3] = 0;
  PetscCall(PetscStrlcat(out, suffix, len));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The options (run, sweep, scenario and csv hold PETSC_MAX_PATH_LEN characters). */
static PetscErrorCode ReadOptions(MPI_Comm comm, char run[], char sweep[], char scenario[],
                                  char csv[], PetscBool *has_run, PetscBool *has_sweep,
                                  PetscBool *has_csv)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "migrasim-validate options", NULL);
  PetscCall(PetscOptionsString("-run", "run output (HDF5) to validate", NULL, run, run,
                               PETSC_MAX_PATH_LEN, has_run));
  PetscCall(PetscOptionsString(
      "-sweep", "sweep directory to validate (design.csv, status.csv, member_%06d.h5)", NULL, sweep,
      sweep, PETSC_MAX_PATH_LEN, has_sweep));
  PetscCall(PetscOptionsString("-scenario",
                               "scenario directory (default: each file's 'scenario' attribute)",
                               NULL, scenario, scenario, PETSC_MAX_PATH_LEN, NULL));
  PetscCall(PetscOptionsString("-csv",
                               "CSV table to write (default: FILE.validation.csv beside a run, "
                               "DIR/validation.csv for a sweep)",
                               NULL, csv, csv, PETSC_MAX_PATH_LEN, has_csv));
  PetscOptionsEnd();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every option migrasim-validate reads. */
static PetscErrorCode Known(MPI_Comm comm)
{
  char run[PETSC_MAX_PATH_LEN] = "", sweep[PETSC_MAX_PATH_LEN] = "",
       scenario[PETSC_MAX_PATH_LEN] = "", csv[PETSC_MAX_PATH_LEN] = "";
  PetscBool has_run, has_sweep, has_csv;

  PetscFunctionBegin;
  PetscCall(ReadOptions(comm, run, sweep, scenario, csv, &has_run, &has_sweep, &has_csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Run(int argc, char **argv, int *exitcode)
{
  char run[PETSC_MAX_PATH_LEN] = "", sweep[PETSC_MAX_PATH_LEN] = "",
       scenario[PETSC_MAX_PATH_LEN] = "", csv[PETSC_MAX_PATH_LEN] = "";
  PetscBool  has_run, has_sweep, has_csv, help_asked;
  MSValidate v;

  PetscFunctionBegin;
  PetscCall(
      ReadOptions(PETSC_COMM_SELF, run, sweep, scenario, csv, &has_run, &has_sweep, &has_csv));
  PetscCall(PetscOptionsHasHelp(NULL, &help_asked));
  if (help_asked) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSOptionsCheckUnknown(PETSC_COMM_SELF, "migrasim-validate", Known));
  PetscCheck(has_run != has_sweep, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "give one of -run FILE.h5 or -sweep DIR (-help lists the options)");
  PetscCheck(run[0] || sweep[0], PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "option -%s: give a path",
             has_run ? "run" : "sweep");
  if (!has_csv || !csv[0]) {
    if (has_run)
      PetscCall(Beside(run, ".validation.csv", csv, sizeof(csv)));
    else
      PetscCall(PetscSNPrintf(csv, sizeof(csv), "%s/validation.csv", sweep));
  }

  PetscCall(MSValidateCreate(&v));
  PetscCall(MSValidateSetScenario(v, scenario));
  if (has_run) {
    MSValidateResult res;
    FILE            *f;
    char             seed[32];

    PetscCall(MSValidateFile(v, run, &res));
    f = fopen(csv, "w");
    PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write the table", csv);
    PetscCall(PetscSNPrintf(seed, sizeof(seed), "%" PRIu64, res.seed));
    PetscCall(MSValidateCSVHeader(f));
    PetscCall(MSValidateCSVRows(f, &res, res.member, res.point, res.replicate, seed, "done"));
    PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
               "%s: write failed (disk full?)", csv);
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "%s: %d days, %d camps: ARD %.4f rescaled, %.4f unrescaled", run,
                          res.ndays, res.ncamps, res.sum.ard, res.sum.ard_unrescaled));
    if (res.has_run_ard)
      PetscCall(PetscPrintf(PETSC_COMM_SELF, " (the run's own: %.4f)", res.run_ard));
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "; mean MASE %.4f over %d camps; relative error of the camps' total %.4f "
                          "on average, %.4f on the last day\n",
                          res.sum.mase, res.sum.ncamps_mase, res.sum.rel_error_mean,
                          res.sum.rel_error_last));
    for (int c = 0; c < res.ncamps; c++)
      PetscCall(
          PetscPrintf(PETSC_COMM_SELF,
                      "  %-28s ARD share %.4f  relative error %.4f mean, %.4f last  MASE %.4f\n",
                      res.camp[c], res.camps[c].ard, res.camps[c].rel_error_mean,
                      res.camps[c].rel_error_last, res.camps[c].mase));
    if (res.has_run_ard &&
        PetscAbsReal(res.run_ard - res.sum.ard) > 1e-12 * PetscMax(1.0, PetscAbsReal(res.run_ard)))
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                             "migrasim-validate: warning: %s: the ARD %.17g differs from the run's "
                             "own %.17g (another scenario or source_data/ than the run's?)\n",
                             run, res.sum.ard, res.run_ard));
    if (!res.complete)
      PetscCall(PetscFPrintf(
          PETSC_COMM_SELF, PETSC_STDERR,
          "migrasim-validate: warning: %s: the run is incomplete (attribute 'complete' is not 1)\n",
          run));
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "wrote /validation into %s and %s\n", run, csv));
    PetscCall(MSValidateResultReset(&res));
  } else {
    int ninvalid;
    PetscCall(MSValidateSweep(v, sweep, csv, &ninvalid));
    if (ninvalid) *exitcode = 1;
  }
  PetscCall(MSValidateDestroy(&v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  const MSApp app = {"migrasim-validate", help, MS_APP_RANK0, MS_EXIT_ERROR, NULL, 0, Run};

  return MSAppMain(argc, argv, &app);
}
