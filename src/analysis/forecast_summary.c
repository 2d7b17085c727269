/* A forecast's destinations, and the summary of its members on world rank 0 (ms_forecast.h):
   quantiles over members, variants' differences member by member, the observed series and
   the warnings of MODEL.md section 10. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "forecast_impl.h"
#include "ms_events.h"
#include "ms_scores.h"
#include "ms_spawn.h"

/* ---------------------------------------------------------------- destinations */

static PetscBool OpenedByVariant(MSForecast fc, int i)
{
  for (int v = 0; v < fc->nvariants; v++)
    for (int k = 0; k < fc->variant[v]->nchanges; k++)
      if (fc->variant[v]->change[k].kind == MS_VARIANT_OPEN_CAMP &&
          fc->variant[v]->change[k].a == i)
        return PETSC_TRUE;
  return PETSC_FALSE;
}

/* Whether name is one of the -destinations list (every name: an empty list). */
static PetscBool Wanted(const char list[], const char name[])
{
  size_t n = strlen(name);

  if (!list[0]) return PETSC_TRUE;
  for (const char *p = list; *p;) {
    const char *c = strchr(p, ',');
    size_t      k = c ? (size_t)(c - p) : strlen(p);
    if (k == n && !strncmp(p, name, n)) return PETSC_TRUE;
    p += k + (c ? 1 : 0);
  }
  return PETSC_FALSE;
}

/* Destination d: name, kind, and the tracked camps cl for which in(cl) holds. */
static PetscErrorCode AddDestination(MSForecast fc, const char name[], MSDestKind kind, int id)
{
  const MSScenario *scn = fc->scn;
  int               d = fc->ndest, n = fc->doff[d];

  PetscFunctionBegin;
  for (int cl = 0; cl < fc->ncl; cl++) {
    const MSLocation *l = &scn->loc[fc->camp_loc[cl]];
    if ((kind == MS_DEST_CAMP && cl == id) || (kind == MS_DEST_REGION && l->region_id == id) ||
        (kind == MS_DEST_COUNTRY && l->country_id == id))
      fc->dcamp[n++] = cl;
  }
  if (n == fc->doff[d] || !Wanted(fc->destinations, name)) PetscFunctionReturn(PETSC_SUCCESS);
  fc->host_pop[d] = 0;
  for (int i = 0; i < scn->nloc && kind != MS_DEST_CAMP; i++) {
    const MSLocation *l = &scn->loc[i];
    if (fc->camp_of[i] < 0 && ((kind == MS_DEST_REGION && l->region_id == id) ||
                               (kind == MS_DEST_COUNTRY && l->country_id == id)))
      fc->host_pop[d] += l->population * fc->s.population_scale;
  }
  PetscCall(PetscStrallocpy(name, &fc->dname[d]));
  fc->dkind[d]    = kind;
  fc->doff[d + 1] = n;
  fc->ndest++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every name of -destinations must be a destination's. */
static PetscErrorCode CheckWanted(MSForecast fc)
{
  char list[sizeof(fc->destinations)];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(list, fc->destinations, sizeof(list)));
  for (char *p = list, *c; *p; p = c ? c + 1 : p + strlen(p)) {
    const char *best  = NULL;
    int         bestd = (int)PetscMax(2, strlen(p) / 4) + 1, found = 0;
    c = strchr(p, ',');
    if (c) *c = 0;
    for (int d = 0; d < fc->ndest && !found; d++) found = !strcmp(fc->dname[d], p);
    if (found) continue;
    for (int i = 0; i < fc->scn->nloc + fc->scn->nregions + fc->scn->ncountries; i++) {
      const char *n = i < fc->scn->nloc ? fc->scn->loc[i].name
                      : i < fc->scn->nloc + fc->scn->nregions
                          ? fc->scn->regions[i - fc->scn->nloc]
                          : fc->scn->countries[i - fc->scn->nloc - fc->scn->nregions];
      int         e = MSEditDistance(p, n);
      if (e < bestd) bestd = e, best = n;
    }
    SETERRQ(fc->comm, PETSC_ERR_USER_INPUT,
            "option -destinations: unknown destination '%s' (a camp, or a region or country "
            "with a camp)%s%s%s",
            p, best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastDestinations(MSForecast fc)
{
  const MSScenario *scn = fc->scn;
  int               nmax;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(scn->nloc, &fc->camp_loc, scn->nloc, &fc->camp_of));
  for (int i = 0; i < scn->nloc; i++) {
    MSLocType t    = scn->loc[i].type;
    fc->camp_of[i] = -1;
    if (t == MS_LOC_CAMP || t == MS_LOC_IDPCAMP || OpenedByVariant(fc, i)) {
      fc->camp_of[i]          = fc->ncl;
      fc->camp_loc[fc->ncl++] = i;
    }
  }
  PetscCheck(fc->ncl > 0, fc->comm, PETSC_ERR_USER_INPUT,
             "%s/input_csv/locations.csv: field 'location_type': no camp to forecast the arrivals "
             "at",
             fc->scenario_dir);
  nmax = fc->ncl + scn->nregions + scn->ncountries;
  PetscCall(
      PetscCalloc3(nmax + 1, &fc->doff, (size_t)3 * fc->ncl + 1, &fc->dcamp, nmax, &fc->dname));
  PetscCall(PetscMalloc2(nmax, &fc->dkind, nmax, &fc->host_pop));
  for (int cl = 0; cl < fc->ncl; cl++)
    PetscCall(AddDestination(fc, scn->loc[fc->camp_loc[cl]].name, MS_DEST_CAMP, cl));
  for (int r = 0; r < scn->nregions; r++)
    PetscCall(AddDestination(fc, scn->regions[r], MS_DEST_REGION, r));
  for (int c = 0; c < scn->ncountries; c++)
    PetscCall(AddDestination(fc, scn->countries[c], MS_DEST_COUNTRY, c));
  PetscCall(CheckWanted(fc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastDestinationsFree(MSForecast fc)
{
  PetscFunctionBegin;
  for (int d = 0; fc->dname && d < fc->ndest; d++) PetscCall(PetscFree(fc->dname[d]));
  PetscCall(PetscFree2(fc->camp_loc, fc->camp_of));
  PetscCall(PetscFree3(fc->doff, fc->dcamp, fc->dname));
  PetscCall(PetscFree2(fc->dkind, fc->host_pop));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the members' series */

/* Index of member m's run, destination d, day first_day + k in fc->occ and the arrivals. */
static inline size_t At(MSForecast fc, int m, int run, int d, int k)
{
  return (((size_t)m * fc->nruns + run) * fc->ndest + d) * fc->ndays + k;
}

/* The destinations' series of every member and run: sums of their camps'. */
static PetscErrorCode Sums(MSForecast fc, double *occ, double *arr)
{
  PetscFunctionBegin;
  for (int m = 0; m < fc->nmembers; m++)
    for (int run = 0; run < fc->nruns; run++)
      for (int d = 0; d < fc->ndest; d++)
        for (int k = 0; k < fc->ndays; k++) {
          const int64_t *b = fc->data + (size_t)m * fc->block;
          double         o = 0, a = 0;
          for (int j = fc->doff[d]; j < fc->doff[d + 1]; j++) {
            o += (double)b[MSForecastBlockIndex(fc, 0, run, fc->dcamp[j], k)];
            a += (double)b[MSForecastBlockIndex(fc, 1, run, fc->dcamp[j], k)];
          }
          occ[At(fc, m, run, d, k)] = o, arr[At(fc, m, run, d, k)] = a;
        }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* q[MS_FORECAST_NQ] of x over the members for (run, d, k), minus run 0's member by member
   when diff. */
static PetscErrorCode Band(MSForecast fc, const double *x, int run, int d, int k, PetscBool diff,
                           double *work, double *q)
{
  PetscFunctionBegin;
  for (int m = 0; m < fc->nmembers; m++)
    work[m] = x[At(fc, m, run, d, k)] - (diff ? x[At(fc, m, 0, d, k)] : 0);
  PetscCall(MSScoresQuantiles(fc->nmembers, work, MS_FORECAST_NQ, MSForecastQuantiles, q));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Bands(MSForecast fc, const double *occ, const double *arr)
{
  MSForecastResult *r = &fc->r;
  size_t            n = (size_t)fc->ndest * fc->ndays * MS_FORECAST_NQ;
  double           *work;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(fc->nmembers, &work));
  /* each its own allocation: MSForecastResultReset() frees them one by one */
  PetscCall(PetscMalloc1(n, &r->occ_q));
  PetscCall(PetscMalloc1(n, &r->arr_q));
  PetscCall(PetscMalloc1(n * fc->nvariants + 1, &r->var_occ_q));
  PetscCall(PetscMalloc1(n * fc->nvariants + 1, &r->diff_occ_q));
  PetscCall(PetscMalloc1(n * fc->nvariants + 1, &r->diff_arr_q));
  for (int d = 0; d < fc->ndest; d++)
    for (int k = 0; k < fc->ndays; k++) {
      size_t i = MSForecastIndex(r, d, k, 0);
      PetscCall(Band(fc, occ, 0, d, k, PETSC_FALSE, work, r->occ_q + i));
      PetscCall(Band(fc, arr, 0, d, k, PETSC_FALSE, work, r->arr_q + i));
      for (int v = 0; v < fc->nvariants; v++) {
        size_t o = MSForecastVariantOffset(r, v) + i;
        PetscCall(Band(fc, occ, 1 + v, d, k, PETSC_FALSE, work, r->var_occ_q + o));
        PetscCall(Band(fc, occ, 1 + v, d, k, PETSC_TRUE, work, r->diff_occ_q + o));
        PetscCall(Band(fc, arr, 1 + v, d, k, PETSC_TRUE, work, r->diff_arr_q + o));
      }
    }
  PetscCall(PetscFree(work));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The observed series of a tracked camp (camp_loc), or NULL for a camp without one. */
static const MSSeries *SeriesOf(MSForecast fc, int cl)
{
  for (int c = 0; c < fc->scn->ncamps; c++)
    if (fc->scn->camp[c].loc == fc->camp_loc[cl]) return &fc->scn->camp[c];
  return NULL;
}

/* Series se on day t: up to F (hidden false) or after it (hidden true); NaN outside its
   observations. */
static double Observed(MSForecast fc, const MSSeries *se, int t, PetscBool hidden)
{
  if (t < se->first || t > se->last || (t > fc->F) != hidden) return NAN;
  /* up to F as known on F (the series cut there, if it was), after F as observed */
  return (double)(hidden ? MSSpawnObservedUncut(fc->scn, &fc->s, se, t)
                         : MSSpawnObserved(fc->scn, &fc->s, se, t));
}

/* Mark in point[ndays] the days of series se's observation dates (its files' points). */
static void MarkPoints(MSForecast fc, const MSSeries *se, unsigned char *point)
{
  for (int fi = 0; fi < se->nfiles; fi++)
    for (int i = 0; i < se->file[fi].n; i++) {
      int64_t k = se->file[fi].day[i] - fc->scn->start_day - fc->first_day;
      if (k >= 0 && k < fc->ndays) point[k] = 1;
    }
}

/* obs and obs_hidden: a camp's observations; a region's or country's, the sums over its camps
   that have a series, where all of those are observed. obs_point: the observation dates among
   their days. */
static PetscErrorCode Observations(MSForecast fc)
{
  MSForecastResult *r   = &fc->r;
  size_t            n   = (size_t)fc->ndest * fc->ndays;
  PetscBool         any = PETSC_FALSE;
  const MSSeries  **se; /* [ncl] each tracked camp's series, or NULL */

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(fc->ncl, &se));
  for (int cl = 0; cl < fc->ncl; cl++) se[cl] = SeriesOf(fc, cl);
  PetscCall(PetscMalloc1(n, &r->obs));
  PetscCall(PetscMalloc1(n, &r->obs_hidden));
  PetscCall(PetscCalloc1(n, &r->obs_point));
  for (int d = 0; d < fc->ndest; d++)
    for (int j = fc->doff[d]; j < fc->doff[d + 1]; j++)
      if (se[fc->dcamp[j]])
        MarkPoints(fc, se[fc->dcamp[j]], r->obs_point + MSForecastDayIndex(r, d, 0));
  for (int h = 0; h < 2; h++)
    for (int d = 0; d < fc->ndest; d++)
      for (int k = 0; k < fc->ndays; k++) {
        double sum     = 0;
        int    nseries = 0;
        for (int j = fc->doff[d]; j < fc->doff[d + 1]; j++)
          if (se[fc->dcamp[j]]) {
            nseries++;
            sum += Observed(fc, se[fc->dcamp[j]], fc->first_day + k, (PetscBool)h);
          }
        if (!nseries) sum = NAN; /* NaN also where a camp's observation is */
        (h ? r->obs_hidden : r->obs)[MSForecastDayIndex(r, d, k)] = sum;
        if (h && !isnan(sum)) any = PETSC_TRUE;
      }
  if (!any) PetscCall(PetscFree(r->obs_hidden));
  PetscCall(PetscFree(se));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- warnings */

typedef struct {
  MSForecast         fc;
  const double      *occ, *arr;
  double            *x, *base; /* [nmembers] scratch; the members' weekly arrivals before F */
  int                n, cap;
  MSForecastWarning *w;
} Warner;

/* Destination d's capacity on day t in run (0: the baseline), in agents; 0: none known. Camps
   below capacity 1 have no limit (MODEL.md section 3) and add none. */
static double Capacity(MSForecast fc, int run, int d, int t)
{
  const MSVariant *v   = run ? fc->variant[run - 1] : NULL;
  double           sum = 0, cap;

  for (int j = fc->doff[d]; j < fc->doff[d + 1]; j++)
    if (MSEventsVariantCamp(fc->scn, v, fc->camp_loc[fc->dcamp[j]], t, &cap) && cap >= 1)
      sum += cap;
  return sum * fc->s.population_scale;
}

static double Median(int n, const double *x)
{
  const double half = 0.5;
  double       q;

  if (MSScoresQuantiles(n, x, 1, &half, &q)) return NAN;
  return q;
}

/* Warning kind of destination d in run on day t (k = t - first_day), with its figures; more[]
   from the occupancy's change since F. */
static PetscErrorCode Warn(Warner *W, MSForecastWarnKind kind, int run, int d, int t,
                           double probability, double median, double threshold)
{
  MSForecast         fc = W->fc;
  MSForecastWarning *w;
  const double       p[3] = {0.05, 0.5, 0.95};
  int                k = t - fc->first_day, kF = fc->F - fc->first_day;

  PetscFunctionBegin;
  if (W->n == W->cap) {
    W->cap = W->cap ? 2 * W->cap : 16;
    PetscCall(PetscRealloc(sizeof(*W->w) * (size_t)W->cap, &W->w));
  }
  w  = &W->w[W->n++];
  *w = (MSForecastWarning){
      kind, d, run - 1, t, probability, median, threshold, Capacity(fc, run, d, t), {0, 0, 0}};
  for (int m = 0; m < fc->nmembers; m++)
    W->x[m] = W->occ[At(fc, m, run, d, k)] - W->occ[At(fc, m, run, d, kF)];
  PetscCall(MSScoresQuantiles(fc->nmembers, W->x, 3, p, w->more));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The first day after F on which more than warn_occupancy x capacity are at d in a share
   warn_probability of the members. */
static PetscErrorCode OccupancyWarning(Warner *W, int run, int d)
{
  MSForecast fc = W->fc;

  PetscFunctionBegin;
  for (int t = fc->F + 1; t <= fc->F + fc->H; t++) {
    double cap = Capacity(fc, run, d, t), thr = fc->warn_occupancy * cap;
    int    beyond = 0;
    if (!(cap > 0)) continue;
    for (int m = 0; m < fc->nmembers; m++) {
      W->x[m] = W->occ[At(fc, m, run, d, t - fc->first_day)];
      beyond += W->x[m] > thr;
    }
    if ((double)beyond / fc->nmembers < fc->warn_probability) continue;
    PetscCall(Warn(W, MS_FWARN_OCCUPANCY, run, d, t, (double)beyond / fc->nmembers,
                   Median(fc->nmembers, W->x), thr));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Arrivals of member m at d in run over days lo..hi. */
static double Arrivals(Warner *W, int m, int run, int d, int lo, int hi)
{
  double sum = 0;

  for (int t = PetscMax(lo, W->fc->first_day); t <= hi; t++)
    sum += W->arr[At(W->fc, m, run, d, t - W->fc->first_day)];
  return sum;
}

/* The first day after F on which the week's arrivals at d exceed warn_surge times the member's
   mean weekly arrivals of the 4 weeks before F, in a share warn_probability of the members (a
   member with no arrivals in those weeks has no surge to measure). */
static PetscErrorCode SurgeWarning(Warner *W, int run, int d)
{
  MSForecast fc = W->fc;
  int        lo = PetscMax(PetscMax(1, fc->first_day), fc->F - 7 * MS_FORECAST_SURGE_WEEKS + 1);

  PetscFunctionBegin;
  if (fc->F < lo) PetscFunctionReturn(PETSC_SUCCESS);
  for (int m = 0; m < fc->nmembers; m++)
    W->base[m] = fc->warn_surge * Arrivals(W, m, run, d, lo, fc->F) * 7.0 / (fc->F - lo + 1);
  for (int t = fc->F + 1; t <= fc->F + fc->H; t++) {
    int beyond = 0;
    for (int m = 0; m < fc->nmembers; m++) {
      W->x[m] = Arrivals(W, m, run, d, t - 6, t);
      beyond += W->base[m] > 0 && W->x[m] > W->base[m];
    }
    if ((double)beyond / fc->nmembers < fc->warn_probability) continue;
    PetscCall(Warn(W, MS_FWARN_SURGE, run, d, t, (double)beyond / fc->nmembers,
                   Median(fc->nmembers, W->x), Median(fc->nmembers, W->base)));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The first day after F on which the median over members of the arrivals at d since F over
   its host population passes warn_host_ratio. */
static PetscErrorCode HostWarning(Warner *W, int run, int d)
{
  MSForecast fc   = W->fc;
  double     host = fc->host_pop[d], R = fc->warn_host_ratio;

  PetscFunctionBegin;
  if (!(host > 0) || !(R > 0)) PetscFunctionReturn(PETSC_SUCCESS);
  for (int t = fc->F + 1; t <= fc->F + fc->H; t++) {
    int    beyond = 0;
    double med;
    for (int m = 0; m < fc->nmembers; m++) {
      W->x[m] = Arrivals(W, m, run, d, fc->F + 1, t) / host;
      beyond += W->x[m] > R;
    }
    med = Median(fc->nmembers, W->x);
    if (!(med > R)) continue;
    PetscCall(Warn(W, MS_FWARN_HOST, run, d, t, (double)beyond / fc->nmembers, med, R));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static int WarningCmp(const void *x, const void *y)
{
  const MSForecastWarning *a = x, *b = y;

  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  if (a->variant != b->variant) return a->variant < b->variant ? -1 : 1;
  if (a->dest != b->dest) return a->dest < b->dest ? -1 : 1;
  return a->kind < b->kind ? -1 : a->kind > b->kind;
}

/* Every warning of the baseline and the variants, in order of day. */
static PetscErrorCode Warnings(MSForecast fc, const double *occ, const double *arr)
{
  Warner W = {fc, occ, arr, NULL, NULL, 0, 0, NULL};

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(fc->nmembers, &W.x, fc->nmembers, &W.base));
  for (int run = 0; run < fc->nruns; run++)
    for (int d = 0; d < fc->ndest; d++) {
      PetscCall(OccupancyWarning(&W, run, d));
      PetscCall(SurgeWarning(&W, run, d));
      PetscCall(HostWarning(&W, run, d));
    }
  PetscCall(PetscFree2(W.x, W.base));
  if (W.n) qsort(W.w, (size_t)W.n, sizeof(*W.w), WarningCmp);
  fc->r.nwarn = W.n, fc->r.warn = W.w;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the result */

/* One more attribute name = value (printf-formatted). */
static PetscErrorCode Attr(MSForecastResult *r, const char name[], const char fmt[], ...)
    PETSC_ATTRIBUTE_FORMAT(3, 4);
static PetscErrorCode Attr(MSForecastResult *r, const char name[], const char fmt[], ...)
{
  char    v[4096];
  va_list ap;

  PetscFunctionBegin;
  va_start(ap, fmt);
  (void)vsnprintf(v, sizeof(v), fmt, ap);
  va_end(ap);
  PetscCall(PetscStrallocpy(name, &r->attr_name[r->nattr]));
  PetscCall(PetscStrallocpy(v, &r->attr_value[r->nattr++]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every input and option of the forecast, then every setting the members share (the points'
   parameters are the members', /members). */
static PetscErrorCode Attributes(MSForecast fc)
{
  MSForecastResult *r = &fc->r;
  PetscInt          window;
  char              variants[4096] = "";

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(MSSettingsCount() + 32, &r->attr_name));
  PetscCall(PetscMalloc1(MSSettingsCount() + 32, &r->attr_value));
  for (int v = 0; v < fc->nvariants; v++) {
    PetscCall(PetscStrlcat(variants, v ? "," : "", sizeof(variants)));
    PetscCall(PetscStrlcat(variants, fc->variant_path[v], sizeof(variants)));
  }
  PetscCall(MSInflowGetWindow(fc->inflow, &window));
  PetscCall(Attr(r, "scenario", "%s", fc->scenario_dir));
  PetscCall(Attr(r, "scenario_hash", "%016llx", (unsigned long long)MSScenarioHash(fc->scn)));
  PetscCall(Attr(r, "calibration", "%s", fc->calibration));
  PetscCall(Attr(r, "settings", "%s", fc->settings_file));
  PetscCall(Attr(r, "forecast_from", "%s", fc->forecast_from));
  PetscCall(Attr(r, "series_cut_at_F", "%s", fc->cut ? "true" : "false"));
  PetscCall(Attr(r, "horizon", "%d", fc->H));
  PetscCall(Attr(r, "replicates", "%" PetscInt_FMT, fc->replicates));
  PetscCall(Attr(r, "seed", "%" PetscInt_FMT, fc->seed));
  PetscCall(Attr(r, "inflow", "%s", r->inflow));
  PetscCall(Attr(r, "inflow_window", "%" PetscInt_FMT, window));
  PetscCall(Attr(r, "assimilate", "%s",
                 fc->assimilate == MS_FORECAST_ASSIMILATE_NONE      ? "none"
                 : fc->assimilate == MS_FORECAST_ASSIMILATE_TRANSIT ? "transit"
                                                                    : "observed"));
  PetscCall(Attr(r, "assimilate_max_age", "%" PetscInt_FMT, fc->assimilate_max_age));
  PetscCall(Attr(r, "variants", "%s", variants));
  PetscCall(Attr(r, "dress", "%s", fc->dress));
  PetscCall(Attr(r, "destinations", "%s", fc->destinations));
  PetscCall(Attr(r, "warn_occupancy", "%.17g", (double)fc->warn_occupancy));
  PetscCall(Attr(r, "warn_probability", "%.17g", (double)fc->warn_probability));
  PetscCall(Attr(r, "warn_surge", "%.17g", (double)fc->warn_surge));
  PetscCall(Attr(r, "warn_host_ratio", "%.17g", (double)fc->warn_host_ratio));
  PetscCall(Attr(r, "ranks", "%d", fc->size));
  PetscCall(Attr(r, "ranks_per_member", "%" PetscInt_FMT, fc->rpm));
  for (int i = 0; i < MSSettingsCount(); i++) {
    const char *name;
    char        value[256];
    MSSettingsGetPair(&fc->s, i, &name, value, sizeof(value));
    PetscCall(Attr(r, name, "%s", value));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The members: their points, seeds, parameters and assimilated changes. */
static PetscErrorCode Members(MSForecast fc)
{
  MSForecastResult *r  = &fc->r;
  int               nm = fc->nmembers;

  PetscFunctionBegin;
  r->nparam = fc->nparam;
  PetscCall(PetscMalloc1(fc->nparam + 1, &r->param_name));
  for (int j = 0; j < fc->nparam; j++) PetscCall(PetscStrallocpy(fc->pname[j], &r->param_name[j]));
  PetscCall(PetscMalloc1(nm, &r->member_point));
  PetscCall(PetscMalloc1(nm, &r->member_replicate));
  PetscCall(PetscMalloc1(nm, &r->member_seed));
  PetscCall(PetscMalloc1((size_t)nm * fc->nparam + 1, &r->member_param));
  for (int m = 0; m < nm; m++) {
    int p              = m / (int)fc->replicates;
    r->member_point[m] = fc->point_id[p], r->member_replicate[m] = m % (int)fc->replicates;
    r->member_seed[m] = fc->seed + r->member_replicate[m];
    for (int j = 0; j < fc->nparam; j++)
      r->member_param[(size_t)m * fc->nparam + j] = fc->pvalue[(size_t)p * fc->nparam + j];
  }
  if (fc->assimilate == MS_FORECAST_ASSIMILATE_NONE) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1((size_t)nm * fc->ndest, &r->assimilated));
  for (int m = 0; m < nm; m++)
    for (int d = 0; d < fc->ndest; d++) {
      const int64_t *b = fc->data + (size_t)m * fc->block;
      double         s = 0;
      for (int j = fc->doff[d]; j < fc->doff[d + 1]; j++)
        s += (double)b[MSForecastBlockIndex(fc, 2, 0, fc->dcamp[j], 0)];
      r->assimilated[(size_t)m * fc->ndest + d] = s;
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What was forecast, and the destinations. */
static PetscErrorCode Head(MSForecast fc)
{
  MSForecastResult *r = &fc->r;
  const char       *inflow;

  PetscFunctionBegin;
  PetscCall(MSInflowGetModel(fc->inflow, NULL, &inflow));
  PetscCall(PetscStrallocpy(fc->scenario_dir, &r->scenario));
  PetscCall(PetscStrncpy(r->start_date, fc->scn->start_date, sizeof(r->start_date)));
  r->forecast_day = fc->F, r->horizon = fc->H, r->first_day = fc->first_day, r->ndays = fc->ndays;
  r->nmembers = fc->nmembers, r->inflow = inflow;
  r->warn_occupancy = fc->warn_occupancy, r->warn_probability = fc->warn_probability;
  r->warn_surge = fc->warn_surge, r->warn_host_ratio = fc->warn_host_ratio;
  r->ndest = fc->ndest;
  PetscCall(PetscMalloc1(fc->ndest, &r->dest_name));
  PetscCall(PetscMalloc1(fc->ndest, &r->dest_kind));
  PetscCall(PetscMalloc1(fc->ndest, &r->capacity));
  PetscCall(PetscMalloc1(fc->ndest, &r->host_pop));
  PetscCall(PetscMalloc1(fc->ndest, &r->dest_same));
  for (int d = 0; d < fc->ndest; d++) {
    int n = fc->doff[d + 1] - fc->doff[d];
    PetscCall(PetscStrallocpy(fc->dname[d], &r->dest_name[d]));
    r->dest_kind[d] = fc->dkind[d], r->host_pop[d] = fc->host_pop[d];
    r->capacity[d]  = Capacity(fc, 0, d, fc->F + fc->H);
    r->dest_same[d] = -1;
    /* a region or country with the same camps as an earlier destination (counting the camps a
       variant opens; each list in ascending order) repeats its series: the report names the two
       together instead of repeating the warnings */
    for (int e = 0; e < d && r->dest_same[d] < 0; e++) {
      PetscBool same = (PetscBool)(fc->doff[e + 1] - fc->doff[e] == n);
      for (int j = 0; same && j < n; j++)
        same = (PetscBool)(fc->dcamp[fc->doff[e] + j] == fc->dcamp[fc->doff[d] + j]);
      if (same) r->dest_same[d] = e;
    }
  }
  r->nvariants = fc->nvariants;
  PetscCall(PetscMalloc1(fc->nvariants + 1, &r->variant_name));
  PetscCall(PetscMalloc1(fc->nvariants + 1, &r->variant_file));
  for (int v = 0; v < fc->nvariants; v++) {
    PetscCall(PetscStrallocpy(fc->variant[v]->name, &r->variant_name[v]));
    PetscCall(PetscStrallocpy(fc->variant[v]->path, &r->variant_file[v]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSForecastSummarise(MSForecast fc)
{
  size_t  n = (size_t)fc->nmembers * fc->nruns * fc->ndest * fc->ndays;
  double *arr;

  PetscFunctionBegin;
  PetscCall(MSForecastResultReset(&fc->r));
  PetscCall(PetscFree(fc->occ));
  PetscCall(PetscMalloc1(n + 1, &fc->occ));
  PetscCall(PetscMalloc1(n + 1, &arr));
  PetscCall(Sums(fc, fc->occ, arr));
  PetscCall(Head(fc));
  PetscCall(Bands(fc, fc->occ, arr));
  PetscCall(MSForecastDressBands(fc));
  PetscCall(Observations(fc));
  PetscCall(Warnings(fc, fc->occ, arr));
  PetscCall(Attributes(fc));
  PetscCall(Members(fc));
  PetscCall(PetscFree(arr));
  PetscFunctionReturn(PETSC_SUCCESS);
}
