/* The load balance of a run: the loads the partitioner weighs (ms_balance.h). */
#include "ms_balance.h"
#include "ms_rules.h"

void MSBalanceExpectedLoad(const MSScenario *scn, double *load)
{
  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    load[i]             = MSRulesIsCamp(l->type)       ? l->population
                          : l->type == MS_LOC_CONFLICT ? 0.01 * l->population
                                                       : 0.0;
  }
}

typedef enum { MS_ROLE_TRANSIT = 0, MS_ROLE_ORIGIN, MS_ROLE_DESTINATION } MSRole;
static const char *const MSRoleNames[] = {"transit", "origin", "destination"};

PetscErrorCode MSBalanceViewPartition(const MSPartition *p, const MSScenario *scn, const MSGraph *g)
{
  MSRole      *tag;
  const char **role;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(scn->nregions + 1, &tag, scn->nregions + 1, &role));
  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    MSRole           *t = &tag[l->region_id];
    if (l->type == MS_LOC_CONFLICT)
      *t = MS_ROLE_ORIGIN;
    else if (*t != MS_ROLE_ORIGIN && (MSRulesIsCamp(l->type) || l->country_id != g->home_country))
      *t = MS_ROLE_DESTINATION;
  }
  for (int k = 0; scn->has_conflicts && k < scn->nconflict_cols; k++) {
    int c = scn->conflict_loc[k];
    if (scn->loc[c].type == MS_LOC_TOWN || scn->loc[c].type == MS_LOC_CONFLICT)
      tag[scn->loc[c].region_id] = MS_ROLE_ORIGIN;
  }
  for (int r = 0; r < scn->nregions; r++) role[r] = MSRoleNames[tag[r]];
  PetscCall(MSPartitionView(p, scn, role));
  PetscCall(PetscFree2(tag, role));
  PetscFunctionReturn(PETSC_SUCCESS);
}
