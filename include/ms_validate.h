/* ms_validate: the metrics of MODEL.md section 9 for a finished run or a whole sweep,
 * computed afterwards from the output files and the scenario's source_data/
 * (migrasim-validate; definitions in docs/validation-metrics.md).
 *
 * The observed series are rebuilt exactly as the run built them: the run's settings are
 * read back from the attributes of / (population_scale, ...), the scenario is loaded
 * again and checked against the run's /locations. The figures are written into the run's
 * file as /validation (replacing an earlier one) and returned for the CSV table.
 * Everything here is serial: call it on one rank; the files are opened with HDF5's
 * default (POSIX) driver. */
#ifndef MS_VALIDATE_H
#define MS_VALIDATE_H

#include <stdio.h>
#include "ms_metrics.h"
#include "ms_runfile.h"

typedef struct _p_MSValidate *MSValidate;

/* The figures of one run output. */
typedef struct {
  char             path[PETSC_MAX_PATH_LEN];
  char             scenario[PETSC_MAX_PATH_LEN]; /* scenario directory used */
  int              member, point, replicate;     /* -1 where the file does not say */
  uint64_t         seed;
  int              ndays, ncamps;
  char           **camp;  /* [ncamps] camp names (data_layout.csv camps found in locations.csv) */
  MSMetricsCamp   *camps; /* [ncamps] */
  MSMetricsSummary sum;
  PetscBool        has_run_ard; /* the run wrote its own ARD (attribute ard) ... */
  double           run_ard;     /* ... with this value */
  PetscBool        complete;    /* the run simulated every requested day */
} MSValidateResult;

/* Create a validator. The caller frees it with MSValidateDestroy(). */
PetscErrorCode MSValidateCreate(MSValidate *v);

/* Use scenario directory dir for every file instead of each file's 'scenario' attribute
   (NULL or "" restores that default). */
PetscErrorCode MSValidateSetScenario(MSValidate v, const char dir[]);

/* Validate the run output path: read it, rebuild its observed series, compute every
   figure, write /validation into it, and fill *res (freed with MSValidateResultReset()).
   Every problem is an error with the one-line message "PATH: what is wrong"; res then
   holds nothing to free. Scenarios are loaded once per directory and kept in v. */
PetscErrorCode MSValidateFile(MSValidate v, const char path[], MSValidateResult *res);

/* Free what MSValidateFile() allocated in res and clear it. */
PetscErrorCode MSValidateResultReset(MSValidateResult *res);

/* The camp table of the run rf against scenario scn's observed series, as the run filled its
   own: every camp of data_layout.csv found in locations.csv (which the run must have among its
   locations), the run's population there, and the observed series under the run's settings
   s. m->series, m->sim and m->obs are allocated; free them with MSValidateTableFree(). */
PetscErrorCode MSValidateTable(MPI_Comm comm, const MSRunFile *rf, const MSScenario *scn,
                               const MSSettings *s, MSMetricsTable *m);
/* Free the arrays MSValidateTable() allocated in m and empty it. */
PetscErrorCode MSValidateTableFree(MSMetricsTable *m);

/* The CSV table: header, then per run one row per camp and a row "total"; status is
   done, failed, missing or invalid (with res NULL for anything but done). */
PetscErrorCode MSValidateCSVHeader(FILE *f);
PetscErrorCode MSValidateCSVRows(FILE *f, const MSValidateResult *res, int member, int point,
                                 int replicate, const char seed[], const char status[]);

/* Validate the sweep directory dir (design.csv, status.csv, member_%06d.h5) and write the
   table to csv. Members that failed or never ran are listed with their status; a member
   marked done whose file cannot be validated is reported on stderr as one error line,
   listed as invalid, and counted in *ninvalid (the caller decides the exit status).
   Problems of the directory itself (design.csv missing or malformed) are errors. */
PetscErrorCode MSValidateSweep(MSValidate v, const char dir[], const char csv[], int *ninvalid);

/* Free the validator and the scenarios it loaded. */
PetscErrorCode MSValidateDestroy(MSValidate *v);

#endif
