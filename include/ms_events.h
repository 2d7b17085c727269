/* ms_events: the day's events (MODEL.md section 2, step 1): closures and conflicts.
 *
 * The event state is small (one entry per location and route) and replicated on every
 * rank, so that any rank can judge any link or location without communication. */
#ifndef MS_EVENTS_H
#define MS_EVENTS_H

#include "ms_graph.h"
#include "ms_variant.h"

typedef struct {
  int        day;
  int       *route_closed;   /* [nroutes] active closures covering the route */
  int       *forced_removed; /* [nroutes] active remove_forced_redirection closures */
  int       *camp_closed;    /* [nloc] active camp closures */
  MSLocType *type;           /* [nloc] current type: towns and conflict zones swap with intensity */
  double    *intensity;      /* [nloc] conflict intensity today */
  int       *conflict_start; /* [nloc] day the current conflict began, -1 when none */
  double    *capacity;       /* [nloc] current capacity: the population column, or a variant's */
  /* a what-if variant (MSEventsSetVariant), applied after the scenario's own events */
  const MSVariant *variant;
  int             *vcl_off, *vcl_item; /* its closures resolved, as MSGraph's cl_off, cl_item */
  PetscBool       *own_conflict;       /* [nloc] the scenario itself sets the intensity every day */
} MSEvents;

/* Allocate the event state; MSEventsApply() must be called for day 0 first. */
PetscErrorCode MSEventsCreate(const MSScenario *scn, MSEvents **ev);

/* Apply the events of day t; days must be applied in order 0, 1, 2, ... because a
   conflict's start day is remembered. */
PetscErrorCode MSEventsApply(MSEvents *ev, const MSScenario *scn, const MSGraph *g,
                             const MSSettings *s, int t);

/* Apply the changes of variant v (read against scn) from its days on, after the scenario's
   events, until the event state is destroyed; v is kept, not copied (the caller keeps it
   alive). Settings changes are the caller's: the events do not hold the settings. */
PetscErrorCode MSEventsSetVariant(MSEvents *ev, const MSScenario *scn, const MSGraph *g,
                                  const MSVariant *v);

/* Whether location i is a camp on day t under variant v (NULL: the scenario alone), and its
   capacity then in *capacity (the population column, or the last capacity or open_camp change
   of v in force on t). The events and the forecast's warnings read capacities through it. */
PetscBool MSEventsVariantCamp(const MSScenario *scn, const MSVariant *v, int i, int t,
                              double *capacity);

/* Decay factor of a location's conflict on the current day (section 4). */
double MSEventsDecay(const MSEvents *ev, const MSSettings *s, int loc);

/* Whether directed link dl is open today. */
static inline PetscBool MSEventsLinkOpen(const MSEvents *ev, int dl)
{
  return ev->route_closed[dl >> 1] == 0 ? PETSC_TRUE : PETSC_FALSE;
}

/* Free the event state. */
PetscErrorCode MSEventsDestroy(MSEvents **ev);

#endif
