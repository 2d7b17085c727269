/* ms_scenario: readers for a Flee-format scenario directory (MODEL.md section 7).
 *
 * Every rank parses the same files independently: the files are small next to the
 * agents, and identical parsing gives every rank the same error at the same place,
 * so a bad input stops all ranks with one message and no communication. */
#ifndef MS_SCENARIO_H
#define MS_SCENARIO_H

#include "migrasim.h"
#include "ms_csv.h" /* MS_ERR_INPUT, MSInputError() */

typedef enum {
  MS_LOC_TOWN = 0, /* "town" or "default" */
  MS_LOC_CONFLICT, /* "conflict_zone" or "conflict" */
  MS_LOC_CAMP,
  MS_LOC_IDPCAMP,
  MS_LOC_HUB, /* "forwarding_hub" */
  MS_LOC_MARKER,
  MS_LOC_NTYPES
} MSLocType;

extern const char *const MSLocTypeNames[]; /* canonical names, indexed by MSLocType */

typedef struct {
  char     *name, *region, *country;
  int       region_id, country_id; /* indices into MSScenario.regions / .countries */
  double    lat, lon;
  MSLocType type;          /* type as read */
  int       conflict_date; /* days since start; -1 when empty */
  double    population;    /* for camps: capacity; 0 when empty */
  /* extra columns of Flee 3 (MODEL.md section 7b), found by their header names */
  double initial_idps;             /* agents inserted at a camp on day 0; 0 when empty */
  double conflict_intensity;       /* a conflict zone's intensity without conflicts.csv; 1 */
  double deactivation_probability; /* a camp's daily chance of losing a resident (sinks); 0 */
} MSLocation;

typedef struct {
  int    a, b;     /* location indices, name1 and name2 */
  double distance; /* km, > 0 */
  int    forced;   /* 0: ordinary, 1: redirection at a, 2: redirection at b */
} MSRoute;

typedef enum {
  MS_CLOSE_COUNTRY = 0,
  MS_CLOSE_LOCATION,
  MS_CLOSE_LINK,
  MS_CLOSE_CAMP, /* "camp" and "idpcamp" */
  MS_CLOSE_REMOVE_FORCED,
  MS_CLOSE_NTYPES
} MSClosureType;

typedef struct {
  MSClosureType type;
  int a, b;       /* country ids for COUNTRY, location indices otherwise (b = -1 when ignored) */
  int start, end; /* active on start <= t < end; never lifted when end <= start */
} MSClosure;

/* The observation points of one file of a series, as the loader reads them (sorted by date, a
   repeated date kept as its first and its last line), before registration corrections. */
typedef struct {
  int      n;
  int64_t *day; /* [n] days since 1970-01-01 */
  double  *val; /* [n] counts as read */
} MSSeriesFile;

/* One observed series of data_layout.csv: a camp (or the total), interpolated to days. */
typedef struct {
  char    *name;   /* camp name as written in data_layout.csv, "total" for the total */
  int      loc;    /* location index, -1 for the total or a camp that locations.csv lacks */
  int64_t *daily;  /* [length] interpolated, corrected, truncated to whole agents per file, summed
                      over files; after MSScenarioCutSeries() from the points up to the cut only */
  int first, last; /* days (day 0: the start date) of the first and the last observation in
                      its files: daily[] is held flat outside them (a cut keeps them) */
  int           nfiles;
  MSSeriesFile *file;  /* [nfiles] the points of each file, in data_layout.csv order */
  int64_t      *uncut; /* [length] the loader's daily[] while a cut is in force, else NULL */
} MSSeries;

/* A line of registration_corrections.csv that applies: camp series `series` from `day` on. */
typedef struct {
  int     series;
  int64_t day; /* days since 1970-01-01 */
} MSCorrection;

/* Open-addressing index of names (private to ms_scenario; see MSScenarioFindLocation()). */
typedef struct {
  int  size;  /* slots, a power of two, or 0 */
  int  count; /* names stored */
  int *slot;  /* [size] index of the named item, -1 in an empty slot */
} MSNameHash;

typedef struct {
  char *dir; /* scenario directory as given */

  int         nloc;
  MSLocation *loc;
  MSNameHash  loc_index; /* private: location names, for MSScenarioFindLocation() */
  int         nregions, ncountries;
  char      **regions, **countries; /* in order of first appearance in locations.csv */

  int      nroutes;
  MSRoute *route;

  int        nclosures;
  MSClosure *closure;

  /* conflicts.csv; has_conflicts = PETSC_FALSE when the file is absent */
  PetscBool has_conflicts;
  int       nconflict_cols; /* locations named in the header */
  int      *conflict_loc;   /* [nconflict_cols] location index of each column */
  int       nconflict_rows; /* rows, one per day from day 0; the last row holds after it */
  double   *conflict;       /* [nconflict_rows * nconflict_cols], row-major */

  char    start_date[11]; /* YYYY-MM-DD */
  int64_t start_day;      /* days since 1970-01-01 */
  int     length;         /* number of simulated days */

  /* source_data/; has_source_data = PETSC_FALSE when data_layout.csv is absent */
  PetscBool     has_source_data;
  MSSeries      total;  /* the "total" line of data_layout.csv (daily = NULL when absent) */
  int           ncamps; /* camp series, in data_layout.csv order */
  MSSeries     *camp;
  int           ncorrections; /* registration_corrections.csv, in line order */
  MSCorrection *correction;
  int           hasten; /* MSScenarioHasten()'s divisor (1: none) */
  int           cut;    /* MSScenarioCutSeries()'s day, or -1: daily[] is the loader's */

  int    nwarnings;
  char **warnings; /* one line each, "FILE:LINE: ..."; printed by the caller */
} MSScenario;

/* Read the scenario directory dir. Every input error raises MS_ERR_INPUT with the
   message "FILE:LINE: field 'X': what is wrong" on comm (all ranks fail alike).
   The caller owns *scn and frees it with MSScenarioDestroy(). */
PetscErrorCode MSScenarioLoad(MPI_Comm comm, const char dir[], MSScenario **scn);

/* Free everything MSScenarioLoad() allocated and set *scn to NULL. */
PetscErrorCode MSScenarioDestroy(MSScenario **scn);

/* Hash of the scenario's content (locations, routes, closures, conflicts, series, period): a
   checkpoint, or an output continued on restart, must be of the scenario with this hash. */
uint64_t MSScenarioHash(const MSScenario *scn);

/* Flee's optimisations.hasten (MODEL.md section 7b): every population and initial_idps of
   locations.csv and every observed series' daily value divided by n, in whole people. */
PetscErrorCode MSScenarioHasten(MSScenario *scn, int n);

/* Rebuild every series' daily[] from its points dated on day T (day 0: the start date) or
   before only, by the loader's rules (MODEL.md section 6: interpolated per file, held flat after
   the last point, truncated per file, summed over files; a file with no such point adds 0), the
   hasten divisor applied again. A registration correction applies only where its factor's
   points (the last before its date, the first on or after it) are both dated on or before T;
   the loader's daily[] is kept in uncut. What was known on day T, for forecasts from T. */
PetscErrorCode MSScenarioCutSeries(MSScenario *scn, int T);

/* The day (day 0: the start date) of series se's last observation point dated on or before
   day t, over its files; INT_MIN when it has none. */
int MSScenarioLastObserved(const MSScenario *scn, const MSSeries *se, int t);

/* Whether series se has an observation point, in any of its files, within k days of day t
   (day 0: the start date). */
PetscBool MSScenarioObservedNear(const MSScenario *scn, const MSSeries *se, int t, int k);

/* Location index of name, or -1. Names are compared after trimming, case-sensitively. */
int MSScenarioFindLocation(const MSScenario *scn, const char name[]);

/* Days since 1970-01-01 of a YYYY-MM-DD date; returns 0 on success, -1 when invalid. */
int MSDateParse(const char s[], int64_t *day);

/* Write day (days since 1970-01-01) as YYYY-MM-DD into buf[11]. */
void MSDateFormat(int64_t day, char buf[11]);

#endif
