/* ms_variant: what-if variants of a forecast (MODEL.md section 10, "Variants").
 *
 * A variant file lists changes to the scenario after the forecast day F, one a line:
 *
 *   #what,name1,name2,value,from,until
 *
 * (a line whose first field starts with '#' is a header or comment). The reader resolves
 * every name to an index and every date to a simulation day against the loaded scenario,
 * so the driver applies the changes without looking at names again; every bad line is
 * refused with one line "FILE:LINE: field 'X': what is wrong", naming the nearest known
 * name where one is close.
 *
 * what:
 *   country, location, link, camp, idpcamp, remove_forced_redirection
 *              a closure of MODEL.md section 5 is added, named as closures.csv names it
 *              (country: two countries; location: one location, name2 empty; link and
 *              remove_forced_redirection: a route of routes.csv; camp/idpcamp: a camp, or a
 *              location an earlier open_camp line of the file opens). value empty.
 *   reopen     the closures of the link name1-name2 (type link, either direction), or with
 *              name2 empty those of location name1 (types location and camp), that closures.csv
 *              or an earlier line of the file adds are lifted while the change is in force.
 *              value empty.
 *   capacity   camp name1's capacity becomes value (>= 1: below 1 a camp has no limit,
 *              MODEL.md section 3). name1 must be a camp, or opened by an earlier line.
 *   open_camp  location name1, a town or a conflict zone, becomes a camp of capacity value (>= 1).
 *   conflict   location name1's conflict intensity becomes value (>= 0; section 4 says what
 *              that does to its type).
 *   setting    the setting name1 (`group.key` of MODEL.md section 7, as MSSettingsGetPair()
 *              names it) takes the value written in value, checked with MSSettingsSetPair().
 *              Settings that cannot change during a run are refused (awareness_level,
 *              population_scale, hasten, insert_day0, empty_camps_on_day0, sum_from_camps,
 *              take_from_population).
 * from, until: YYYY-MM-DD, or +N for N days after F. from empty is F+1; until empty is to the
 *   end. A change is in force on the days from <= t < until; from must be after F (a variant
 *   does not change the past) and until after from. After until the scenario's own value
 *   holds again. */
#ifndef MS_VARIANT_H
#define MS_VARIANT_H

#include <limits.h>
#include "ms_scenario.h"

#define MS_VARIANT_FOREVER INT_MAX /* until of a change that holds to the end */

typedef enum {
  MS_VARIANT_CLOSE = 0, /* closure (its type) between a and b */
  MS_VARIANT_REOPEN,    /* lift the closures of link a-b, or of location a when b = -1 */
  MS_VARIANT_CAPACITY,  /* camp a's capacity becomes value */
  MS_VARIANT_OPEN_CAMP, /* location a becomes a camp of capacity value */
  MS_VARIANT_CONFLICT,  /* location a's conflict intensity becomes value */
  MS_VARIANT_SETTING    /* setting name takes text */
} MSVariantKind;

typedef struct {
  MSVariantKind kind;
  MSClosureType closure; /* CLOSE: the closure's type (idpcamp is MS_CLOSE_CAMP) */
  int           a, b;    /* location indices; country ids for a country closure; b = -1 unused */
  double        value;   /* CAPACITY, OPEN_CAMP, CONFLICT */
  int           from, until; /* simulation days: in force on from <= t < until */
  char          setting[96]; /* SETTING: the name as MSSettingsGetPair() gives it */
  char          text[64];    /* SETTING: the value as written */
  int           line;        /* line of the variant file, for messages */
} MSVariantChange;

typedef struct {
  char            *name; /* the file's name without directory and .csv */
  char            *path; /* as given */
  int              nchanges;
  MSVariantChange *change; /* [nchanges] in file order */
} MSVariant;

/* Read the variant file path against the loaded scenario scn and the forecast day F (a
   simulation day). Every error is MS_ERR_INPUT with the message "FILE:LINE: field 'X': what"
   on comm. The caller owns *v and frees it with MSVariantDestroy(). */
PetscErrorCode MSVariantLoad(MPI_Comm comm, const char path[], const MSScenario *scn, int F,
                             MSVariant **v);

/* Whether change c is in force on day t. */
static inline PetscBool MSVariantInForce(const MSVariantChange *c, int t)
{
  return (PetscBool)(c->from <= t && t < c->until);
}

/* Whether the reopen change reopen lifts a closure of type t between ca and cb (as closures.csv
   and MSVariantChange name them). */
PetscBool MSVariantLifts(const MSVariantChange *reopen, MSClosureType t, int ca, int cb);

/* Free everything MSVariantLoad() allocated and set *v to NULL; *v may be NULL. */
PetscErrorCode MSVariantDestroy(MSVariant **v);

#endif
