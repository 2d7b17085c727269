/* ms_runfile: the one reader of migrasim's run outputs (docs/output.md) for the tools that
 * look at finished runs: migrasim-validate, -calibrate and -compare, and a sweep's resume.
 *
 * Every rank of comm reads the file alike, with HDF5's default driver and no communication,
 * so that all of them meet an error alike. Errors are one line naming the file, as
 * "PATH: dataset '/daily/population' is missing (not a complete migrasim output?)". */
#ifndef MS_RUNFILE_H
#define MS_RUNFILE_H

#include "ms_settings.h"

typedef struct {
  char     *path;
  char     *scenario; /* the run's -scenario as given; NULL when the file records none */
  int       nloc, ndays;
  char    **locname;                        /* [nloc] /locations/name */
  int64_t  *pop;                            /* [ndays * nloc] /daily/population, or NULL */
  int       member, point, replicate, days; /* attributes of /; -1 where absent */
  uint64_t  seed;                           /* 0 where absent */
  PetscBool has_scenario_hash;
  uint64_t  scenario_hash;
  double    complete, ard, ard_unrescaled; /* NaN where absent */
  PetscBool has_ard;                       /* the run wrote its ARD (which may be NaN) */
  int       nsettings;                     /* the settings the file records, in ms_settings order */
  char    **setting, **value;              /* [nsettings] "move_rules.camp_weight", "2" */
} MSRunFile;

/* Read the run output path: its attributes, /locations/name and the shape of
   /daily/population, and with headers_only false the population itself. A file that is not
   a complete migrasim output is refused with one line. Free with MSRunFileDestroy(). */
PetscErrorCode MSRunFileRead(MPI_Comm comm, const char path[], PetscBool headers_only,
                             MSRunFile **rf);

/* Free what MSRunFileRead() allocated and set *rf to NULL. */
PetscErrorCode MSRunFileDestroy(MSRunFile **rf);

/* The model settings the run used: the defaults, then every setting the file records (a file
   of an older migrasim records fewer: *nmissing of them, when not NULL). A recorded value this
   migrasim cannot take is an error naming it. */
PetscErrorCode MSRunFileSettings(MPI_Comm comm, const MSRunFile *rf, MSSettings *s, int *nmissing);

/* The attribute code of the HDF5 file path, which says what wrote it ("migrasim",
   "migrasim-calibrate"), into code[len]; "" when it has none. */
PetscErrorCode MSRunFileCode(MPI_Comm comm, const char path[], char code[], size_t len);

/* Whether path is a run output whose attribute complete is 1 (a run that simulated every day
   it was asked for). Quiet: a missing or unreadable file is just not complete. */
PetscErrorCode MSRunFileComplete(const char path[], PetscBool *complete);

#endif
