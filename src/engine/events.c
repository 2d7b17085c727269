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
  PetscCall(PetscMalloc1(L, &ev->capacity));
  for (int i = 0; i < L; i++) {
    ev->type[i]           = scn->loc[i].type == MS_LOC_CONFLICT ? MS_LOC_TOWN : scn->loc[i].type;
    ev->intensity[i]      = 0.0;
    ev->conflict_start[i] = -1;
    ev->capacity[i]       = scn->loc[i].population;
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

/* Whether a reopen change of the variant in force on day t lifts a closure of type t between a
   and b. */
static PetscBool Lifted(const MSEvents *ev, MSClosureType type, int a, int b, int t)
{
  const MSVariant *v = ev->variant;

  for (int k = 0; v && k < v->nchanges; k++)
    if (v->change[k].kind == MS_VARIANT_REOPEN && MSVariantInForce(&v->change[k], t) &&
        MSVariantLifts(&v->change[k], type, a, b))
      return PETSC_TRUE;
  return PETSC_FALSE;
}

/* A closure of the given type active today over its items[n]. */
static void Close(MSEvents *ev, MSClosureType type, const int *items, int n)
{
  for (int k = 0; k < n; k++) {
    int it = items[k];
    if (type == MS_CLOSE_CAMP)
      ev->camp_closed[it]++;
    else if (type == MS_CLOSE_REMOVE_FORCED)
      ev->forced_removed[it]++;
    else
      ev->route_closed[it]++;
  }
}

/* The variant's own closures in force on day t, unless a reopen lifts them. */
static void VariantClosures(MSEvents *ev, int t)
{
  const MSVariant *v = ev->variant;

  for (int k = 0; k < v->nchanges; k++) {
    const MSVariantChange *c = &v->change[k];
    if (c->kind != MS_VARIANT_CLOSE || !MSVariantInForce(c, t) ||
        Lifted(ev, c->closure, c->a, c->b, t))
      continue;
    Close(ev, c->closure, ev->vcl_item + ev->vcl_off[k], ev->vcl_off[k + 1] - ev->vcl_off[k]);
  }
}

/* Whether change k is the first of the variant's changes of its kind (or of kind also) at its
   location: each location is then handled once a day. */
static PetscBool FirstAt(const MSVariant *v, int k, MSVariantKind also)
{
  const MSVariantChange *c = &v->change[k];

  for (int j = 0; j < k; j++)
    if ((v->change[j].kind == c->kind || v->change[j].kind == also) && v->change[j].a == c->a)
      return PETSC_FALSE;
  return PETSC_TRUE;
}

/* The variant's conflicts, camps and capacities on day t, over what the scenario set: a change
   in force holds (the last of a location's, in file order); where none is, the scenario's own
   value comes back (for a location the scenario does not set every day, intensity 0 and the
   type that goes with it). */
static void VariantLocations(MSEvents *ev, const MSScenario *scn, int t)
{
  const MSVariant *v = ev->variant;

  for (int k = 0; k < v->nchanges; k++) {
    const MSVariantChange *c = &v->change[k], *on = NULL;
    if (c->kind != MS_VARIANT_CONFLICT || !FirstAt(v, k, MS_VARIANT_CONFLICT)) continue;
    for (int j = k; j < v->nchanges; j++)
      if (v->change[j].kind == MS_VARIANT_CONFLICT && v->change[j].a == c->a &&
          MSVariantInForce(&v->change[j], t))
        on = &v->change[j];
    if (on)
      SetIntensity(ev, scn, c->a, on->value, t);
    else if (!ev->own_conflict[c->a])
      SetIntensity(ev, scn, c->a, 0.0, t);
  }
  for (int k = 0; k < v->nchanges; k++) {
    const MSVariantChange *c = &v->change[k];
    MSLocType              base;
    if ((c->kind != MS_VARIANT_CAPACITY && c->kind != MS_VARIANT_OPEN_CAMP) ||
        !FirstAt(v, k, c->kind == MS_VARIANT_CAPACITY ? MS_VARIANT_OPEN_CAMP : MS_VARIANT_CAPACITY))
      continue;
    base = scn->loc[c->a].type;
    if (MSEventsVariantCamp(scn, v, c->a, t, &ev->capacity[c->a]))
      ev->type[c->a] = base == MS_LOC_IDPCAMP ? MS_LOC_IDPCAMP : MS_LOC_CAMP;
    else if (base == MS_LOC_TOWN || base == MS_LOC_CONFLICT)
      ev->type[c->a] = ev->intensity[c->a] > 0 ? MS_LOC_CONFLICT : MS_LOC_TOWN;
  }
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
    if (!active || (ev->variant && Lifted(ev, cl->type, cl->a, cl->b, t))) continue;
    Close(ev, cl->type, g->cl_item + g->cl_off[c], g->cl_off[c + 1] - g->cl_off[c]);
  }
  if (ev->variant) VariantClosures(ev, t);
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
  if (ev->variant) VariantLocations(ev, scn, t);
  (void)s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool MSEventsVariantCamp(const MSScenario *scn, const MSVariant *v, int i, int t,
                              double *capacity)
{
  MSLocType type = scn->loc[i].type;
  PetscBool camp = (PetscBool)(type == MS_LOC_CAMP || type == MS_LOC_IDPCAMP);

  *capacity = scn->loc[i].population;
  for (int k = 0; v && k < v->nchanges; k++) {
    const MSVariantChange *c = &v->change[k];
    if (c->a != i || !MSVariantInForce(c, t)) continue;
    if (c->kind == MS_VARIANT_OPEN_CAMP) camp = PETSC_TRUE;
    if (c->kind == MS_VARIANT_OPEN_CAMP || c->kind == MS_VARIANT_CAPACITY) *capacity = c->value;
  }
  return camp;
}

PetscErrorCode MSEventsSetVariant(MSEvents *ev, const MSScenario *scn, const MSGraph *g,
                                  const MSVariant *v)
{
  int *items, n = 0;

  PetscFunctionBegin;
  PetscCheck(!ev->variant, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "a variant is set already: a new event state takes another");
  ev->variant = v;
  PetscCall(PetscMalloc1(v->nchanges + 1, &ev->vcl_off));
  PetscCall(PetscMalloc1((size_t)v->nchanges * (g->nroutes + 1) + 1, &items));
  for (int k = 0; k < v->nchanges; k++) {
    const MSVariantChange *c = &v->change[k];
    ev->vcl_off[k]           = n;
    if (c->kind == MS_VARIANT_CLOSE)
      n += MSGraphClosureItems(scn, g, &(MSClosure){c->closure, c->a, c->b, c->from, c->until},
                               items + n);
  }
  ev->vcl_off[v->nchanges] = n;
  ev->vcl_item             = items;
  PetscCall(PetscCalloc1(scn->nloc, &ev->own_conflict));
  for (int i = 0; i < scn->nloc; i++)
    ev->own_conflict[i] = (PetscBool)(!scn->has_conflicts && scn->loc[i].type == MS_LOC_CONFLICT);
  for (int k = 0; scn->has_conflicts && scn->nconflict_rows > 0 && k < scn->nconflict_cols; k++)
    ev->own_conflict[scn->conflict_loc[k]] = PETSC_TRUE;
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
  PetscCall(PetscFree(ev->capacity));
  PetscCall(PetscFree(ev->vcl_off));
  PetscCall(PetscFree(ev->vcl_item));
  PetscCall(PetscFree(ev->own_conflict));
  PetscCall(PetscFree(*evp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
