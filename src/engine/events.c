/* Day events: closures counted (not toggled) and conflicts (MODEL.md sections 4 and 5). */
#include <math.h>
#include "ms_events.h"

PetscErrorCode MSEventsCreate(const MSScenario *scn, MSEvents **evp)
{
  MSEvents *ev;
  int       L = scn->nloc, R = scn->nroutes > 0 ? scn->nroutes : 1;

  PetscFunctionBegin;
  PetscCall(PetscNew(&ev));
  ev->day = -1;
  PetscCall(PetscCalloc3(R, &ev->route_closed, R, &ev->forced_removed, L, &ev->camp_closed));
  PetscCall(PetscMalloc3(L, &ev->type, L, &ev->intensity, L, &ev->conflict_start));
  for (int i = 0; i < L; i++) {
    ev->type[i]           = scn->loc[i].type == MS_LOC_CONFLICT ? MS_LOC_TOWN : scn->loc[i].type;
    ev->intensity[i]      = 0.0;
    ev->conflict_start[i] = -1;
  }
  *evp = ev;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Set a location's intensity for today; towns and conflict zones change type with it. */
static void SetIntensity(MSEvents *ev, const MSScenario *scn, int i, double c, int t)
{
  MSLocType base = scn->loc[i].type;

  if (c > 0 && ev->intensity[i] <= 0) ev->conflict_start[i] = t;
  if (c <= 0) ev->conflict_start[i] = -1;
  ev->intensity[i] = c > 0 ? c : 0.0;
  if (base == MS_LOC_TOWN || base == MS_LOC_CONFLICT)
    ev->type[i] = c > 0 ? MS_LOC_CONFLICT : MS_LOC_TOWN;
}

PetscErrorCode MSEventsApply(MSEvents *ev, const MSScenario *scn, const MSGraph *g,
                             const MSSettings *s, int t)
{
  PetscFunctionBegin;
  PetscCheck(t == ev->day + 1, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "events of day %d applied after day %d", t, ev->day);
  ev->day = t;
  PetscCall(PetscArrayzero(ev->route_closed, g->nroutes));
  PetscCall(PetscArrayzero(ev->forced_removed, g->nroutes));
  PetscCall(PetscArrayzero(ev->camp_closed, scn->nloc));
  for (int c = 0; c < scn->nclosures; c++) {
    const MSClosure *cl     = &scn->closure[c];
    PetscBool        active = (PetscBool)(t >= cl->start && (cl->end <= cl->start || t < cl->end));
    if (!active) continue;
    for (int k = g->cl_off[c]; k < g->cl_off[c + 1]; k++) {
      int it = g->cl_item[k];
      if (cl->type == MS_CLOSE_CAMP)
        ev->camp_closed[it]++;
      else if (cl->type == MS_CLOSE_REMOVE_FORCED)
        ev->forced_removed[it]++;
      else
        ev->route_closed[it]++;
    }
  }
  if (scn->has_conflicts) {
    if (scn->nconflict_rows > 0) {
      int           row = t < scn->nconflict_rows ? t : scn->nconflict_rows - 1;
      const double *v   = scn->conflict + (size_t)row * scn->nconflict_cols;
      for (int k = 0; k < scn->nconflict_cols; k++)
        SetIntensity(ev, scn, scn->conflict_loc[k], v[k], t);
    }
  } else {
    for (int i = 0; i < scn->nloc; i++) {
      if (scn->loc[i].type != MS_LOC_CONFLICT) continue;
      int    cd = scn->loc[i].conflict_date < 0 ? 0 : scn->loc[i].conflict_date;
      double c  = t >= cd ? scn->loc[i].conflict_intensity : 0.0; /* column default 1 */
      SetIntensity(ev, scn, i, c, t);
      if (c > 0) ev->conflict_start[i] = cd;
    }
  }
  (void)s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

double MSEventsDecay(const MSEvents *ev, const MSSettings *s, int loc)
{
  int d, k;

  if (ev->conflict_start[loc] < 0 || s->ndecay <= 0) return 1.0;
  d = ev->day - ev->conflict_start[loc];
  k = d / (int)s->conflict_spawn_decay_interval;
  if (k >= s->ndecay) k = (int)s->ndecay - 1;
  if (k < 0) k = 0;
  return s->conflict_spawn_decay[k];
}

PetscErrorCode MSEventsDestroy(MSEvents **evp)
{
  MSEvents *ev = *evp;

  PetscFunctionBegin;
  if (!ev) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree3(ev->route_closed, ev->forced_removed, ev->camp_closed));
  PetscCall(PetscFree3(ev->type, ev->intensity, ev->conflict_start));
  PetscCall(PetscFree(*evp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
