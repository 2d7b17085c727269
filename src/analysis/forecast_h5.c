/* forecast.h5: a forecast's summary as a file (include/ms_forecast_report.h; its layout is
   docs/forecast.md's), written through the checked HDF5 layer by one rank. */
#include <math.h>
#include <string.h>
#include "ms_forecast_report.h"
#include "ms_h5.h"
#include "ms_scenario.h"

/* A dataset of doubles of rank dimensions under loc. */
static PetscErrorCode Doubles(MSH5 *h, hid_t loc, const char name[], int rank, const hsize_t *dims,
                              const double *v)
{
  PetscFunctionBegin;
  PetscCall(
      MSH5DatasetWrite(h, loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, dims, PETSC_TRUE, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Ints(MSH5 *h, hid_t loc, const char name[], hsize_t n, const int *v)
{
  PetscFunctionBegin;
  PetscCall(MSH5DatasetWrite(h, loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, 1, &n, PETSC_TRUE, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The attributes of /: what was forecast, and its thresholds; /input: every setting and input. */
static PetscErrorCode WriteHead(MSH5 *h, const MSForecastResult *r)
{
  char    date[11];
  hid_t   f = h->file, g;
  int64_t start;
  struct {
    const char *name;
    int         v;
  } ints[] = {{"forecast_day", r->forecast_day}, {"horizon", r->horizon},
              {"first_day", r->first_day},       {"days", r->ndays},
              {"members", r->nmembers},          {"variants", r->nvariants}};
  struct {
    const char *name;
    double      v;
  } dbl[] = {{"warn_occupancy", r->warn_occupancy},
             {"warn_probability", r->warn_probability},
             {"warn_surge", r->warn_surge},
             {"warn_host_ratio", r->warn_host_ratio}};

  PetscFunctionBegin;
  PetscCheck(!MSDateParse(r->start_date, &start), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "forecast: bad start date '%s'", r->start_date);
  MSDateFormat(start + r->forecast_day, date);
  PetscCall(MSH5AttributeWriteString(h, f, "code", "migrasim-forecast"));
  PetscCall(MSH5AttributeWriteString(h, f, "code_version", MS_VERSION));
  PetscCall(MSH5AttributeWriteString(h, f, "git_commit", MS_GIT_COMMIT));
  PetscCall(MSH5AttributeWriteString(h, f, "scenario", r->scenario));
  PetscCall(MSH5AttributeWriteString(h, f, "start_date", r->start_date));
  PetscCall(MSH5AttributeWriteString(h, f, "forecast_date", date));
  PetscCall(MSH5AttributeWriteString(h, f, "inflow", r->inflow));
  for (size_t k = 0; k < sizeof(ints) / sizeof(ints[0]); k++)
    PetscCall(MSH5AttributeWrite(h, f, ints[k].name, H5T_NATIVE_INT, 1, &ints[k].v));
  for (size_t k = 0; k < sizeof(dbl) / sizeof(dbl[0]); k++)
    PetscCall(MSH5AttributeWrite(h, f, dbl[k].name, H5T_NATIVE_DOUBLE, 1, &dbl[k].v));
  PetscCall(MSH5AttributeWrite(h, f, "quantiles", H5T_NATIVE_DOUBLE, MS_FORECAST_NQ,
                               MSForecastQuantiles));
  PetscCall(MSH5GroupCreate(h, f, "input", &g));
  for (int i = 0; i < r->nattr; i++)
    PetscCall(MSH5AttributeWriteString(h, g, r->attr_name[i], r->attr_value[i]));
  PetscCall(MSH5Close(h, &g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /days and /destinations. */
static PetscErrorCode WriteAxes(MSH5 *h, const MSForecastResult *r)
{
  hid_t   g;
  hsize_t nd = (hsize_t)r->ndest;
  int64_t start;
  int    *day;
  char(*date)[11];
  const char **dates, **kind;

  PetscFunctionBegin;
  PetscCheck(!MSDateParse(r->start_date, &start), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "forecast: bad start date '%s'", r->start_date);
  PetscCall(PetscMalloc3(r->ndays, &day, r->ndays, &date, r->ndays, &dates));
  for (int k = 0; k < r->ndays; k++) {
    day[k] = r->first_day + k;
    MSDateFormat(start + day[k], date[k]);
    dates[k] = date[k];
  }
  PetscCall(MSH5GroupCreate(h, h->file, "days", &g));
  PetscCall(Ints(h, g, "day", (hsize_t)r->ndays, day));
  PetscCall(MSH5StringsWrite(h, g, "date", r->ndays, dates, PETSC_TRUE));
  PetscCall(MSH5Close(h, &g));
  PetscCall(PetscFree3(day, date, dates));
  PetscCall(PetscMalloc1(r->ndest, &kind));
  for (int d = 0; d < r->ndest; d++) kind[d] = MSDestKindNames[r->dest_kind[d]];
  PetscCall(MSH5GroupCreate(h, h->file, "destinations", &g));
  PetscCall(
      MSH5StringsWrite(h, g, "name", r->ndest, (const char *const *)r->dest_name, PETSC_TRUE));
  PetscCall(MSH5StringsWrite(h, g, "kind", r->ndest, kind, PETSC_TRUE));
  PetscCall(Doubles(h, g, "capacity", 1, &nd, r->capacity));
  PetscCall(Doubles(h, g, "host_population", 1, &nd, r->host_pop));
  PetscCall(MSH5Close(h, &g));
  PetscCall(PetscFree(kind));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /baseline/occupancy_dressed (-dress): the baseline's members dressed with a backtest's
   residuals, with what dressed them in its attributes. */
static PetscErrorCode WriteDressed(MSH5 *h, hid_t g, const MSForecastResult *r)
{
  hsize_t q[3] = {(hsize_t)r->ndest, (hsize_t)r->ndays, MS_FORECAST_NQ}, nh = (hsize_t)r->dress_nh;
  hid_t   d;
  char    hash[17];

  PetscFunctionBegin;
  PetscCall(Doubles(h, g, "occupancy_dressed", 3, q, r->dressed_q));
  PetscCall(MSH5Describe(h, g, "occupancy_dressed", "agents",
                         "quantiles (root attribute quantiles) of the baseline's members at each "
                         "camp and day after F, each member under every residual of the backtest "
                         "horizon dressing that day (docs/forecast.md, Dressing a forecast); NaN "
                         "for regions, countries and days up to F"));
  PetscCall(MSH5DatasetOpen(h, g, "occupancy_dressed", 3, q, &d));
  PetscCall(PetscSNPrintf(hash, sizeof(hash), "%016llx", (unsigned long long)r->dress_hash));
  PetscCall(MSH5AttributeWriteString(h, d, "residuals", r->dress_file));
  PetscCall(MSH5AttributeWriteString(h, d, "residuals_hash", hash));
  PetscCall(MSH5AttributeWriteString(
      h, d, "rule",
      "day F+j is dressed with the residuals of the smallest backtest horizon >= j, else of the "
      "largest"));
  PetscCall(MSH5AttributeWrite(h, d, "residual_horizons", H5T_NATIVE_INT, nh, r->dress_horizon));
  PetscCall(MSH5AttributeWrite(h, d, "residual_counts", H5T_NATIVE_INT, nh, r->dress_count));
  PetscCall(MSH5Close(h, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /baseline, /observed and /variants/NAME: the quantiles over members, the observations. */
static PetscErrorCode WriteSeries(MSH5 *h, const MSForecastResult *r)
{
  hsize_t q[3] = {(hsize_t)r->ndest, (hsize_t)r->ndays, MS_FORECAST_NQ};
  hid_t   g, vg;

  PetscFunctionBegin;
  PetscCall(MSH5GroupCreate(h, h->file, "baseline", &g));
  PetscCall(Doubles(h, g, "occupancy", 3, q, r->occ_q));
  PetscCall(Doubles(h, g, "arrivals", 3, q, r->arr_q));
  if (r->dressed_q) PetscCall(WriteDressed(h, g, r));
  PetscCall(MSH5Close(h, &g));
  PetscCall(MSH5GroupCreate(h, h->file, "observed", &g));
  PetscCall(Doubles(h, g, "occupancy", 2, q, r->obs));
  if (r->obs_hidden) PetscCall(Doubles(h, g, "hidden", 2, q, r->obs_hidden));
  if (r->obs_point)
    PetscCall(MSH5DatasetWrite(h, g, "point", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 2, q, PETSC_TRUE,
                               r->obs_point));
  PetscCall(MSH5Close(h, &g));
  PetscCall(MSH5GroupCreate(h, h->file, "variants", &g));
  for (int v = 0; v < r->nvariants; v++) {
    size_t o = MSForecastVariantOffset(r, v);
    PetscCall(MSH5GroupCreate(h, g, r->variant_name[v], &vg));
    PetscCall(MSH5AttributeWriteString(h, vg, "file", r->variant_file[v]));
    PetscCall(Doubles(h, vg, "occupancy", 3, q, r->var_occ_q + o));
    PetscCall(Doubles(h, vg, "diff_occupancy", 3, q, r->diff_occ_q + o));
    PetscCall(Doubles(h, vg, "diff_arrivals", 3, q, r->diff_arr_q + o));
    PetscCall(MSH5Close(h, &vg));
  }
  PetscCall(MSH5Close(h, &g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /warnings: one entry a warning, in order of day, with its sentence. */
static PetscErrorCode WriteWarnings(MSH5 *h, const MSForecastResult *r)
{
  int          n = r->nwarn, *iv;
  double      *dv;
  char       **text, (*date)[11];
  const char **kind;
  hsize_t      dn = (hsize_t)n, d3[2] = {(hsize_t)n, 3};
  hid_t        g;
  int64_t      start;
  const char  *iname[] = {"variant", "destination", "day"};
  const char  *dname[] = {"probability", "median", "threshold", "capacity"};

  PetscFunctionBegin;
  PetscCheck(!MSDateParse(r->start_date, &start), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "forecast: bad start date '%s'", r->start_date);
  PetscCall(PetscMalloc3(n + 1, &iv, 3 * (size_t)n + 1, &dv, n + 1, &text));
  PetscCall(PetscMalloc2(n + 1, &kind, n + 1, &date));
  PetscCall(MSH5GroupCreate(h, h->file, "warnings", &g));
  for (int c = 0; c < 3; c++) {
    for (int i = 0; i < n; i++)
      iv[i] = c == 0 ? r->warn[i].variant : c == 1 ? r->warn[i].dest : r->warn[i].day;
    PetscCall(Ints(h, g, iname[c], dn, iv));
  }
  for (int c = 0; c < 4; c++) {
    for (int i = 0; i < n; i++) {
      const MSForecastWarning *w = &r->warn[i];
      dv[i] = c == 0 ? w->probability : c == 1 ? w->median : c == 2 ? w->threshold : w->capacity;
    }
    PetscCall(Doubles(h, g, dname[c], 1, &dn, dv));
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < 3; j++) dv[3 * i + j] = r->warn[i].more[j];
  PetscCall(Doubles(h, g, "more", 2, d3, dv));
  for (int i = 0; i < n; i++) {
    char s[2048];
    PetscCall(MSForecastReportWarningSentence(r, &r->warn[i], s, sizeof(s)));
    PetscCall(PetscStrallocpy(s, &text[i]));
    kind[i] = MSForecastWarnKindNames[r->warn[i].kind];
    MSDateFormat(start + r->warn[i].day, date[i]);
  }
  PetscCall(MSH5StringsWrite(h, g, "kind", n, kind, PETSC_TRUE));
  for (int i = 0; i < n; i++) kind[i] = date[i];
  PetscCall(MSH5StringsWrite(h, g, "date", n, kind, PETSC_TRUE));
  PetscCall(MSH5StringsWrite(h, g, "sentence", n, (const char *const *)text, PETSC_TRUE));
  PetscCall(MSH5Close(h, &g));
  for (int i = 0; i < n; i++) PetscCall(PetscFree(text[i]));
  PetscCall(PetscFree3(iv, dv, text));
  PetscCall(PetscFree2(kind, date));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /members: each member's point, replicate, seed, parameters and assimilated changes. */
static PetscErrorCode WriteMembers(MSH5 *h, const MSForecastResult *r)
{
  hsize_t nm = (hsize_t)r->nmembers, p[2] = {nm, (hsize_t)r->nparam},
          a[2] = {nm, (hsize_t)r->ndest};
  hid_t g;

  PetscFunctionBegin;
  PetscCall(MSH5GroupCreate(h, h->file, "members", &g));
  PetscCall(Ints(h, g, "point", nm, r->member_point));
  PetscCall(Ints(h, g, "replicate", nm, r->member_replicate));
  PetscCall(MSH5DatasetWrite(h, g, "seed", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, &nm, PETSC_TRUE,
                             r->member_seed));
  PetscCall(MSH5StringsWrite(h, g, "parameter_name", r->nparam, (const char *const *)r->param_name,
                             PETSC_TRUE));
  PetscCall(Doubles(h, g, "parameters", 2, p, r->member_param));
  if (r->assimilated) PetscCall(Doubles(h, g, "assimilated", 2, a, r->assimilated));
  PetscCall(MSH5Close(h, &g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteFile(MSH5 *h, const MSForecastResult *r)
{
  PetscFunctionBegin;
  PetscCall(MSH5FileCreate(h));
  PetscCall(WriteHead(h, r));
  PetscCall(WriteAxes(h, r));
  PetscCall(WriteSeries(h, r));
  PetscCall(WriteWarnings(h, r));
  PetscCall(WriteMembers(h, r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastReportWriteH5(const MSForecastResult *r, const char path[])
{
  MSH5 h;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(PETSC_COMM_SELF, path, " (disk full?)", &h));
  PetscCall(MSH5End(&h, WriteFile(&h, r)));
  PetscFunctionReturn(PETSC_SUCCESS);
}
