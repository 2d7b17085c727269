/* The tables and the destructor that include/ms_forecast_result.h declares. */
#include "ms_forecast_result.h"

const double      MSForecastQuantiles[MS_FORECAST_NQ] = {0.05, 0.25, 0.5, 0.75, 0.95};
const char *const MSDestKindNames[]                   = {"camp", "region", "country"};
const char *const MSForecastWarnKindNames[]           = {"occupancy", "surge", "host_ratio"};

static PetscErrorCode FreeStrings(int n, char ***s)
{
  PetscFunctionBegin;
  for (int i = 0; *s && i < n; i++) PetscCall(PetscFree((*s)[i]));
  PetscCall(PetscFree(*s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastResultReset(MSForecastResult *r)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(r->scenario));
  PetscCall(FreeStrings(r->ndest, &r->dest_name));
  PetscCall(PetscFree(r->dest_kind));
  PetscCall(PetscFree(r->capacity));
  PetscCall(PetscFree(r->host_pop));
  PetscCall(PetscFree(r->dest_same));
  PetscCall(PetscFree(r->occ_q));
  PetscCall(PetscFree(r->arr_q));
  PetscCall(PetscFree(r->obs));
  PetscCall(PetscFree(r->obs_hidden));
  PetscCall(PetscFree(r->obs_point));
  PetscCall(PetscFree(r->dressed_q));
  PetscCall(PetscFree(r->dress_file));
  PetscCall(PetscFree(r->dress_horizon));
  PetscCall(PetscFree(r->dress_count));
  PetscCall(FreeStrings(r->nvariants, &r->variant_name));
  PetscCall(FreeStrings(r->nvariants, &r->variant_file));
  PetscCall(PetscFree(r->var_occ_q));
  PetscCall(PetscFree(r->diff_occ_q));
  PetscCall(PetscFree(r->diff_arr_q));
  PetscCall(PetscFree(r->warn));
  PetscCall(FreeStrings(r->nattr, &r->attr_name));
  PetscCall(FreeStrings(r->nattr, &r->attr_value));
  PetscCall(FreeStrings(r->nparam, &r->param_name));
  PetscCall(PetscFree(r->member_point));
  PetscCall(PetscFree(r->member_replicate));
  PetscCall(PetscFree(r->member_seed));
  PetscCall(PetscFree(r->member_param));
  PetscCall(PetscFree(r->assimilated));
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscFunctionReturn(PETSC_SUCCESS);
}
