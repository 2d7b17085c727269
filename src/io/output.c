/* The run's HDF5 output of the daily series (ms_io.h). */
#include <hdf5_hl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "ms_files.h"
#include "ms_format.h"
#include "ms_h5.h"
#include "ms_io.h"
#include "ms_memory.h"

struct _p_MSOutput {
  MPI_Comm    comm;
  PetscMPIInt rank;
  char        path[PETSC_MAX_PATH_LEN];      /* -output */
  char        file[PETSC_MAX_PATH_LEN + 16]; /* written: PATH.partial, or the run continued */
  MSH5        h;                             /* the file and every handle open in it (rank 0) */
  hid_t       dpop, darr, dlinks, dspawn, ddate;
  hid_t       dday;     /* /day, the dimension scale of the days (rank 0) */
  hid_t       dremoved; /* /daily/removed (rank 0), or 0 */
  PetscBool   sinks;    /* camps_are_sinks: /daily/removed is written (every rank) */
  const MSPartition *part;
  const MSScenario  *scn;
  int                nloc, nroutes, flush_every;
  int                t0, nbuf; /* first buffered day, days buffered */
  int64_t           *bpop, *barr, *blinks, *bspawn, *bremoved, *bday;
  size_t             cap[4];      /* values the four column buffers hold */
  int64_t           *rbuf, *wbuf; /* rank 0: the rows as gathered, and in file order */
  size_t             rcap, wcap;
  int               *rc, *rd, *ncols_of; /* [size] the gather: counts, offsets, columns per rank */
  char              *bdate;
  int64_t            start_day;
  PetscBool          partial; /* file is PATH.partial, renamed PATH when the run ends */
  PetscBool          created; /* by this run (not a restart's) */
  PetscBool          ended;   /* MSOutputEnd(): the run ended, the file goes in place when closed */
  PetscBool          failed;  /* a write failed: the file is given up */
};

/* A static table of strings, one per record (location or route). */
static PetscErrorCode StaticStrings(struct _p_MSOutput *out, const char name[], int n,
                                    const char *(*get)(const MSScenario *, int))
{
  const char **s;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n + 1, &s));
  for (int i = 0; i < n; i++) s[i] = get(out->scn, i);
  PetscCall(MSH5StringsWrite(&out->h, out->h.file, name, n, s, PETSC_TRUE));
  PetscCall(PetscFree(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A static table of numbers, one per record. */
static PetscErrorCode Static1D(struct _p_MSOutput *out, const char name[], hid_t type, int n,
                               const void *buf)
{
  hsize_t dim = (hsize_t)n;

  PetscFunctionBegin;
  PetscCall(MSH5DatasetWrite(&out->h, out->h.file, name, type, type, 1, &dim, PETSC_TRUE, buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const char *LocName(const MSScenario *s, int i) { return s->loc[i].name; }
static const char *LocRegion(const MSScenario *s, int i) { return s->loc[i].region; }
static const char *LocCountry(const MSScenario *s, int i) { return s->loc[i].country; }
static const char *LocType(const MSScenario *s, int i) { return MSLocTypeNames[s->loc[i].type]; }
static const char *RouteFrom(const MSScenario *s, int r) { return s->loc[s->route[r].a].name; }
static const char *RouteTo(const MSScenario *s, int r) { return s->loc[s->route[r].b].name; }

#define MS_CHUNK_DAYS 32

/* A days x ncols dataset of /daily, unlimited in time, chunked by a few weeks, kept open; with
   zero, days never written read as 0 (a series that a restart may begin). */
static PetscErrorCode Daily2D(struct _p_MSOutput *out, const char name[], hid_t type, hsize_t ncols,
                              PetscBool zero, hid_t *d)
{
  const int64_t none    = 0;
  MSH5         *h       = &out->h;
  hsize_t       dims[2] = {0, ncols}, maxd[2] = {H5S_UNLIMITED, H5S_UNLIMITED},
          chunk[2] = {MS_CHUNK_DAYS, ncols > 0 ? PetscMin(ncols, 4096) : 1};
  hid_t sp, dcpl;

  PetscFunctionBegin;
  MSH5Open(h, name, sp, H5Screate_simple, (ncols ? 2 : 1, dims, maxd));
  MSH5Open(h, name, dcpl, H5Pcreate, (H5P_DATASET_CREATE));
  MSH5Call(h, name, H5Pset_chunk, (dcpl, ncols ? 2 : 1, chunk));
  /* every row is written as soon as it exists (and the file is cut to the rows written):
     filling new chunks first would write each of them twice */
  if (zero) MSH5Call(h, name, H5Pset_fill_value, (dcpl, H5T_NATIVE_INT64, &none));
  MSH5Call(h, name, H5Pset_fill_time, (dcpl, zero ? H5D_FILL_TIME_IFSET : H5D_FILL_TIME_NEVER));
  MSH5Open(h, name, *d, H5Dcreate2, (h->file, name, type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  PetscCall(MSH5Close(h, &dcpl));
  PetscCall(MSH5Close(h, &sp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A buffer of *cap values grown to n at least, populated (its contents are not kept): the
   first allocation to size, a later growth with room to spare. */
static PetscErrorCode Grow(int64_t **buf, size_t *cap, size_t n)
{
  PetscFunctionBegin;
  if (n > *cap) {
    PetscCall(PetscFree(*buf));
    *cap = *cap ? n + n / 4 : n;
    PetscCall(PetscMalloc1(*cap, buf));
    MSMemoryPopulate(*buf, sizeof(int64_t) * *cap);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The buffers of the partition's columns, for flush_every days; the 1-D series are rank 0's
   whatever the partition. */
static PetscErrorCode SizeColumns(struct _p_MSOutput *out)
{
  size_t K         = (size_t)out->flush_every,
         need[4]   = {K * (size_t)out->part->nowned + 1, K * (size_t)out->part->nowned + 1,
                      K * (size_t)out->part->nroutes_owned + 1, K * (size_t)out->part->nowned + 1};
  int64_t **col[4] = {&out->bpop, &out->barr, &out->blinks, &out->bremoved};

  PetscFunctionBegin;
  for (int k = 0; k < (out->sinks ? 4 : 3); k++) PetscCall(Grow(col[k], &out->cap[k], need[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AllocBuffers(struct _p_MSOutput *out)
{
  int size = out->part->size;

  PetscFunctionBegin;
  PetscCall(SizeColumns(out));
  PetscCall(PetscMalloc3(size, &out->rc, size, &out->rd, size, &out->ncols_of));
  PetscCall(PetscMalloc3(out->flush_every, &out->bspawn, (size_t)out->flush_every * 10 + 1,
                         &out->bdate, out->flush_every, &out->bday));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const char *const daily_names[5] = {"/daily/population", "/daily/arrivals",
                                           "/daily/on_links", "/daily/spawned", "/daily/date"};

/* Set a daily dataset's rows. */
static PetscErrorCode SetRows(struct _p_MSOutput *out, hid_t d, hsize_t rows)
{
  MSH5   *h       = &out->h;
  hsize_t dims[2] = {0, 0};
  hid_t   sp;
  int     nd;

  PetscFunctionBegin;
  MSH5Open(h, NULL, sp, H5Dget_space, (d));
  MSH5CallReturn(h, NULL, nd, H5Sget_simple_extent_dims, (sp, dims, NULL));
  PetscCall(MSH5Close(h, &sp));
  if (dims[0] == rows) PetscFunctionReturn(PETSC_SUCCESS);
  dims[0] = rows;
  MSH5Call(h, NULL, H5Dset_extent, (d, dims));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What each dataset of the file holds, and along which dimension scales: the index of its
   dimension of days, of locations and of routes (-1: none). */
typedef struct {
  const char *name, *units, *description;
  int         day, loc, route;
} DatasetInfo;

static const DatasetInfo datasets[] = {
    {"/daily/population", "people",
     "agents at each location at the end of the day (not counting agents on links)", 0, 1, -1},
    {"/daily/arrivals", "people/day",
     "hops that ended at the location that day, passing through included (spawned and day-0 "
     "agents are not arrivals)",
     0, 1, -1},
    {"/daily/on_links", "people", "agents on each route (both directions) at the end of the day", 0,
     -1, 1},
    {"/daily/spawned", "people/day", "agents created that day", 0, -1, -1},
    {"/daily/date", "", "the day's date, YYYY-MM-DD", 0, -1, -1},
    {"/daily/removed", "people/day",
     "agents that left the simulation at the location that day (camps_are_sinks)", 0, 1, -1},
    {"/daily/assimilated", "people",
     "agents the forecast's assimilation added minus those it removed at the location", 0, 1, -1},
    {"/locations/name", "", "location name, as locations.csv gives it", -1, 0, -1},
    {"/locations/type", "", "conflict_zone, town, camp, idpcamp, forwarding_hub or marker", -1, 0,
     -1},
    {"/locations/region", "", "region, as locations.csv gives it", -1, 0, -1},
    {"/locations/country", "", "country, as locations.csv gives it", -1, 0, -1},
    {"/locations/lat", "degrees_north", "latitude", -1, 0, -1},
    {"/locations/lon", "degrees_east", "longitude", -1, 0, -1},
    {"/locations/capacity", "people",
     "camp capacity after capacity_scaling and population_scale; 0 for other types", -1, 0, -1},
    {"/locations/rank", "1", "the MPI rank that owned the location at the start", -1, 0, -1},
    {"/routes/from", "", "the route's first location (name1 of routes.csv)", -1, -1, 0},
    {"/routes/to", "", "the route's second location (name2 of routes.csv)", -1, -1, 0},
    {"/routes/distance", "km", "length of the route", -1, -1, 0},
    {"/location", "", "location name (dimension scale of the locations, as /locations/name)", -1,
     -1, -1},
    {"/route", "1", "route index, the line of routes.csv from 0 (dimension scale of the routes)",
     -1, -1, -1},
};

/* Attach scale to dimension dim of dataset d, unless it is already. */
static PetscErrorCode Attach(MSH5 *h, const char name[], hid_t d, hid_t scale, int dim)
{
  htri_t is;

  PetscFunctionBegin;
  if (dim < 0) PetscFunctionReturn(PETSC_SUCCESS);
  MSH5CallReturn(h, name, is, H5DSis_attached, (d, scale, (unsigned)dim));
  if (!is) MSH5Call(h, name, H5DSattach_scale, (d, scale, (unsigned)dim));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Units and a description on every dataset of the file, and the dimension scales /day,
   /location and /route attached to the datasets along them (rank 0): netCDF readers and
   xarray name the dimensions and find their coordinates. Each dataset is described once, each
   scale attached once: a restart, or a forecast's /daily/assimilated, calls it again. */
static PetscErrorCode DescribeAll(struct _p_MSOutput *out)
{
  MSH5     *h = &out->h;
  hid_t     loc, route, d;
  char      units[32];
  PetscBool found;

  PetscFunctionBegin;
  MSH5Open(h, "/location", loc, H5Dopen2, (h->file, "/location", H5P_DEFAULT));
  MSH5Open(h, "/route", route, H5Dopen2, (h->file, "/route", H5P_DEFAULT));
  PetscCall(PetscSNPrintf(units, sizeof(units), "days since %s", out->scn->start_date));
  PetscCall(MSH5Describe(h, h->file, "/day", units,
                         "day of the simulation, 0 the scenario's start date (dimension scale of "
                         "the days)"));
  for (size_t k = 0; k < sizeof(datasets) / sizeof(datasets[0]); k++) {
    const DatasetInfo *i = &datasets[k];
    PetscCall(MSH5Exists(h, h->file, i->name, &found));
    if (!found) continue;
    PetscCall(MSH5Describe(h, h->file, i->name, i->units, i->description));
    MSH5Open(h, i->name, d, H5Dopen2, (h->file, i->name, H5P_DEFAULT));
    PetscCall(Attach(h, i->name, d, out->dday, i->day));
    PetscCall(Attach(h, i->name, d, loc, i->loc));
    /* on_links of a scenario without routes has no dimension of routes (see Daily2D) */
    if (out->nroutes > 0) PetscCall(Attach(h, i->name, d, route, i->route));
    PetscCall(MSH5Close(h, &d));
  }
  PetscCall(MSH5Close(h, &route));
  PetscCall(MSH5Close(h, &loc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Route r's index. */
static PetscErrorCode RouteIndex(struct _p_MSOutput *out)
{
  int64_t *idx;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(out->nroutes + 1, &idx));
  for (int r = 0; r < out->nroutes; r++) idx[r] = r;
  PetscCall(Static1D(out, "/route", H5T_NATIVE_INT64, out->nroutes, idx));
  PetscCall(PetscFree(idx));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The dimension scales /day (growing with the days written, days of them now), /location and
   /route, on / where the datasets of every group see them, as netCDF-4 wants (rank 0). */
static PetscErrorCode MakeScales(struct _p_MSOutput *out, int days)
{
  MSH5    *h = &out->h;
  hid_t    d;
  int64_t *t;

  PetscFunctionBegin;
  PetscCall(Daily2D(out, "/day", H5T_STD_I64LE, 0, PETSC_FALSE, &out->dday));
  PetscCall(StaticStrings(out, "/location", out->nloc, LocName));
  PetscCall(RouteIndex(out));
  MSH5Call(h, "/day", H5DSset_scale, (out->dday, "day"));
  MSH5Open(h, "/location", d, H5Dopen2, (h->file, "/location", H5P_DEFAULT));
  MSH5Call(h, "/location", H5DSset_scale, (d, "location"));
  PetscCall(MSH5Close(h, &d));
  MSH5Open(h, "/route", d, H5Dopen2, (h->file, "/route", H5P_DEFAULT));
  MSH5Call(h, "/route", H5DSset_scale, (d, "route"));
  PetscCall(MSH5Close(h, &d));
  if (days == 0) PetscFunctionReturn(PETSC_SUCCESS);
  /* the days of a file written before /day existed, which a restart continues */
  PetscCall(SetRows(out, out->dday, (hsize_t)days));
  PetscCall(PetscMalloc1(days, &t));
  for (int k = 0; k < days; k++) t[k] = k;
  MSH5Call(h, "/day", H5Dwrite, (out->dday, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, t));
  PetscCall(PetscFree(t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The daily datasets of the interrupted run's file, which must hold at least days rows; the
   rows beyond are dropped (the run simulates them again). */
static PetscErrorCode ReopenDaily(struct _p_MSOutput *out, int days)
{
  MSH5     *h       = &out->h;
  hid_t    *d[5]    = {&out->dpop, &out->darr, &out->dlinks, &out->dspawn, &out->ddate};
  int       rank[5] = {2, 2, 2, 1, 1};
  hsize_t   dims[2];
  PetscBool found;

  PetscFunctionBegin;
  for (int k = 0; k < 5; k++) {
    PetscCall(MSH5Exists(h, h->file, daily_names[k], &found));
    PetscCheck(found, out->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field '/daily': missing datasets (not a migrasim output file?)", out->file);
  }
  /* on_links of a scenario without routes has one dimension (see Daily2D) */
  if (out->nroutes == 0) rank[2] = 1;
  for (int k = 4; k >= 0; k--)
    PetscCall(MSH5DatasetOpen(h, h->file, daily_names[k], rank[k], dims, d[k]));
  /* dims: /daily/population's, whose rows every series has */
  PetscCheck(dims[0] >= (hsize_t)days, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '/daily': holds %llu days, fewer than the checkpoint's %d", out->file,
             (unsigned long long)dims[0], days);
  for (int k = 0; k < 5; k++) PetscCall(SetRows(out, *d[k], (hsize_t)days));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /daily/removed, the agents that left the simulation per location and day (camps_are_sinks;
   rank 0): created with a new file where the setting is on; continued where the interrupted
   run's file has it, and created where a restart turns the setting on (its earlier days read
   as 0). */
static PetscErrorCode DailyRemoved(struct _p_MSOutput *out, PetscBool reopen, int days)
{
  MSH5     *h     = &out->h;
  PetscBool found = PETSC_FALSE;
  hsize_t   dims[2];

  PetscFunctionBegin;
  if (reopen) PetscCall(MSH5Exists(h, h->file, "/daily/removed", &found));
  if (found) {
    PetscCall(MSH5DatasetOpen(h, h->file, "/daily/removed", 2, dims, &out->dremoved));
    PetscCall(SetRows(out, out->dremoved, (hsize_t)days));
  } else if (out->sinks)
    PetscCall(Daily2D(out, "/daily/removed", H5T_STD_I64LE, (hsize_t)out->nloc, PETSC_TRUE,
                      &out->dremoved));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The dimension scales of the interrupted run's file, days rows of /day; a file written before
   they existed gets them, with its days. */
static PetscErrorCode ReopenScales(struct _p_MSOutput *out, int days)
{
  hsize_t   dims[1];
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5Exists(&out->h, out->h.file, "/day", &found));
  if (found) {
    PetscCall(MSH5DatasetOpen(&out->h, out->h.file, "/day", 1, dims, &out->dday));
    PetscCall(SetRows(out, out->dday, (hsize_t)days));
  } else
    PetscCall(MakeScales(out, days));
  PetscCall(DescribeAll(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Continue the interrupted run's file (rank 0): same scenario, at least restart_day days
   written; the restart recorded. */
static PetscErrorCode Reopen(struct _p_MSOutput *out, const MSRunInfo *info)
{
  MSH5     *h    = &out->h;
  uint64_t  hash = 0;
  int64_t   nr = out->part->size, days = info->days, no = 0;
  char      note[512], prev[4096];
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, MSH5_RDWR, "-output"));
  PetscCall(MSH5AttributeRead(h, h->file, "scenario_hash", H5T_NATIVE_UINT64, 1, &hash, &found));
  PetscCheck(found, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'scenario_hash': not a migrasim output file", out->file);
  PetscCheck(hash == info->scenario_hash, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'scenario_hash': the output is of another scenario than the checkpoint",
             out->file);
  PetscCall(ReopenDaily(out, info->restart_day));
  PetscCall(DailyRemoved(out, PETSC_TRUE, info->restart_day));
  PetscCall(ReopenScales(out, info->restart_day));
  PetscCall(MSH5AttributeWrite(h, h->file, "nranks", H5T_NATIVE_INT64, 1, &nr));
  PetscCall(MSH5AttributeWrite(h, h->file, "days", H5T_NATIVE_INT64, 1, &days));
  PetscCall(MSH5AttributeWrite(h, h->file, "seed", H5T_NATIVE_UINT64, 1, &info->seed));
  PetscCall(MSH5AttributeWrite(h, h->file, "complete", H5T_NATIVE_INT64, 1, &no));
  PetscCall(MSH5AttributeReadString(h, h->file, "restarts", prev, sizeof(prev), &found));
  PetscCall(PetscSNPrintf(note, sizeof(note), "%s%sday %d on %d ranks%s%s", prev,
                          prev[0] ? "; " : "", info->restart_day, (int)nr,
                          info->restart_note && info->restart_note[0] ? ", " : "",
                          info->restart_note ? info->restart_note : ""));
  PetscCall(MSH5AttributeWriteString(h, h->file, "restarts", note));
  MSH5Call(h, NULL, H5Fflush, (h->file, H5F_SCOPE_GLOBAL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The setting called name, of kind kind, whose printed value is text (MSSettingsGetPair()), as
   an attribute of its type on / (a list of numbers as an array); its line "name: value" in
   the shortest form appended to lines[len]. */
static PetscErrorCode WriteSetting(MSH5 *h, const char name[], MSSettingKind kind,
                                   const char text[], char lines[], size_t len)
{
  double  x[MS_MAX_DECAY];
  int64_t i      = 0;
  int     n      = 0;
  char    v[512] = "", num[32];
  size_t  o      = strlen(lines);

  PetscFunctionBegin;
  switch (kind) {
  case MS_SETTING_BOOL:
    PetscCall(MSH5AttributeWriteBool(h, h->file, name, (PetscBool)!strcmp(text, "true")));
    PetscCall(PetscStrncpy(v, text, sizeof(v)));
    break;
  case MS_SETTING_INT:
    i = strtoll(text, NULL, 10);
    PetscCall(MSH5AttributeWrite(h, h->file, name, H5T_NATIVE_INT64, 1, &i));
    PetscCall(PetscStrncpy(v, text, sizeof(v)));
    break;
  case MS_SETTING_CHOICE:
    PetscCall(MSH5AttributeWriteString(h, h->file, name, text));
    PetscCall(PetscStrncpy(v, text, sizeof(v)));
    break;
  default: /* MS_SETTING_REAL, MS_SETTING_REALS: every "%.17g" reads back exactly */
    for (const char *p = text; *p && n < MS_MAX_DECAY;
         p             = strchr(p, ',') ? strchr(p, ',') + 1 : "") {
      x[n] = strtod(p, NULL);
      MSFormatReal(x[n], num, sizeof(num));
      PetscCall(PetscStrlcat(v, n ? ", " : "", sizeof(v)));
      PetscCall(PetscStrlcat(v, num, sizeof(v)));
      n++;
    }
    PetscCheck(n > 0, h->comm, PETSC_ERR_PLIB, "setting %s: no value", name);
    PetscCall(MSH5AttributeWrite(h, h->file, name, H5T_NATIVE_DOUBLE, (hsize_t)n, x));
    if (kind == MS_SETTING_REALS) {
      char list[sizeof(v) + 2];
      PetscCall(PetscSNPrintf(list, sizeof(list), "[%s]", v));
      PetscCall(PetscStrncpy(v, list, sizeof(v)));
    }
  }
  if (o + 1 < len) (void)snprintf(lines + o, len - o, "%s: %s\n", name, v);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every setting in effect as a typed attribute of / named after it (float64, int64, bool, a
   choice as a string), and their text form, one "name: value" line each, as attribute
   settings: the YAML a person reads. */
static PetscErrorCode WriteSettings(MSH5 *h, const MSSettings *s)
{
  char  *lines, buf[256];
  size_t len = 256 * (size_t)MSSettingsCount() + 1;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(len, &lines));
  for (int i = 0; i < MSSettingsCount(); i++) {
    const char *name;
    MSSettingsGetPair(s, i, &name, buf, sizeof(buf));
    PetscCall(WriteSetting(h, name, MSSettingsGetInfo(i)->kind, buf, lines, len));
  }
  PetscCall(MSH5AttributeWriteString(h, h->file, "settings", lines));
  PetscCall(PetscFree(lines));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Provenance on /: the code, the run's options, the scenario and every setting in effect. */
static PetscErrorCode WriteProvenance(struct _p_MSOutput *out, const MSSettings *s,
                                      const MSRunInfo *info)
{
  MSH5    *h  = &out->h;
  hid_t    f  = h->file;
  int64_t  nr = out->part->size, days = info->days, no = 0;
  uint64_t seed = info->seed;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeWriteString(h, f, "code", "migrasim"));
  PetscCall(MSH5AttributeWriteString(h, f, "code_version", MS_VERSION));
  PetscCall(MSH5AttributeWriteString(h, f, "git_commit", MS_GIT_COMMIT));
  PetscCall(MSH5AttributeWrite(h, f, "seed", H5T_NATIVE_UINT64, 1, &seed));
  PetscCall(MSH5AttributeWrite(h, f, "nranks", H5T_NATIVE_INT64, 1, &nr));
  PetscCall(MSH5AttributeWriteString(h, f, "scenario", info->scenario));
  PetscCall(MSH5AttributeWriteString(h, f, "settings_file", info->settings_file));
  PetscCall(MSH5AttributeWriteString(h, f, "partition", MSPartitionUnits[out->part->unit]));
  PetscCall(MSH5AttributeWrite(h, f, "scenario_hash", H5T_NATIVE_UINT64, 1, &info->scenario_hash));
  PetscCall(MSH5AttributeWriteString(h, f, "start_date", out->scn->start_date));
  PetscCall(MSH5AttributeWrite(h, f, "days", H5T_NATIVE_INT64, 1, &days));
  /* until the run ends: a file left by a killed run says it is not complete */
  PetscCall(MSH5AttributeWrite(h, f, "complete", H5T_NATIVE_INT64, 1, &no));
  PetscCall(WriteSettings(h, s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The static tables /locations and /routes. */
static PetscErrorCode WriteStatic(struct _p_MSOutput *out, const MSSettings *s)
{
  const MSScenario *scn = out->scn;
  int               L = scn->nloc, R = scn->nroutes;
  double           *lat, *lon, *cap, *dist;
  int              *rank;
  hid_t             grp;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(L, &lat, L, &lon, L, &cap, L, &rank, R + 1, &dist));
  for (int i = 0; i < L; i++) {
    lat[i] = scn->loc[i].lat, lon[i] = scn->loc[i].lon, rank[i] = out->part->owner[i];
    cap[i] = (scn->loc[i].type == MS_LOC_CAMP || scn->loc[i].type == MS_LOC_IDPCAMP)
                 ? scn->loc[i].population * s->capacity_scaling * s->population_scale
                 : 0.0;
  }
  for (int r = 0; r < R; r++) dist[r] = scn->route[r].distance;
  PetscCall(MSH5GroupCreate(&out->h, out->h.file, "/locations", &grp));
  PetscCall(MSH5Close(&out->h, &grp));
  PetscCall(StaticStrings(out, "/locations/name", L, LocName));
  PetscCall(StaticStrings(out, "/locations/type", L, LocType));
  PetscCall(StaticStrings(out, "/locations/region", L, LocRegion));
  PetscCall(StaticStrings(out, "/locations/country", L, LocCountry));
  PetscCall(Static1D(out, "/locations/lat", H5T_NATIVE_DOUBLE, L, lat));
  PetscCall(Static1D(out, "/locations/lon", H5T_NATIVE_DOUBLE, L, lon));
  PetscCall(Static1D(out, "/locations/capacity", H5T_NATIVE_DOUBLE, L, cap));
  PetscCall(Static1D(out, "/locations/rank", H5T_NATIVE_INT, L, rank));
  PetscCall(MSH5GroupCreate(&out->h, out->h.file, "/routes", &grp));
  PetscCall(MSH5Close(&out->h, &grp));
  PetscCall(StaticStrings(out, "/routes/from", R, RouteFrom));
  PetscCall(StaticStrings(out, "/routes/to", R, RouteTo));
  PetscCall(Static1D(out, "/routes/distance", H5T_NATIVE_DOUBLE, R, dist));
  PetscCall(PetscFree5(lat, lon, cap, rank, dist));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A new file (rank 0): provenance, the static tables and the empty daily series, flushed: a
   readable file from the start. */
static PetscErrorCode Create(struct _p_MSOutput *out, const MSSettings *s, const MSRunInfo *info)
{
  MSH5 *h = &out->h;
  hid_t grp, dt;

  PetscFunctionBegin;
  PetscCall(MSH5FileCreate(h));
  PetscCall(WriteProvenance(out, s, info));
  PetscCall(WriteStatic(out, s));
  PetscCall(MSH5GroupCreate(h, h->file, "/daily", &grp));
  PetscCall(MSH5Close(h, &grp));
  PetscCall(
      Daily2D(out, daily_names[0], H5T_STD_I64LE, (hsize_t)out->nloc, PETSC_FALSE, &out->dpop));
  PetscCall(
      Daily2D(out, daily_names[1], H5T_STD_I64LE, (hsize_t)out->nloc, PETSC_FALSE, &out->darr));
  PetscCall(Daily2D(out, daily_names[2], H5T_STD_I64LE, (hsize_t)out->nroutes, PETSC_FALSE,
                    &out->dlinks));
  PetscCall(Daily2D(out, daily_names[3], H5T_STD_I64LE, 0, PETSC_FALSE, &out->dspawn));
  PetscCall(MSH5StringType(h, 10, &dt));
  PetscCall(Daily2D(out, daily_names[4], dt, 0, PETSC_FALSE, &out->ddate));
  PetscCall(MSH5Close(h, &dt));
  PetscCall(DailyRemoved(out, PETSC_FALSE, 0));
  PetscCall(MakeScales(out, 0));
  PetscCall(DescribeAll(out));
  MSH5Call(h, NULL, H5Fflush, (h->file, H5F_SCOPE_GLOBAL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode FreeBuffers(struct _p_MSOutput *out)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(out->bpop));
  PetscCall(PetscFree(out->barr));
  PetscCall(PetscFree(out->blinks));
  PetscCall(PetscFree(out->bremoved));
  PetscCall(PetscFree(out->rbuf));
  PetscCall(PetscFree(out->wbuf));
  PetscCall(PetscFree3(out->rc, out->rd, out->ncols_of));
  PetscCall(PetscFree3(out->bspawn, out->bdate, out->bday));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The file to write: a new run's PATH.partial; a restart's, the interrupted run's file,
   PATH.partial when a run left one (killed, or failed), else PATH. */
static PetscErrorCode ChooseFile(struct _p_MSOutput *out, const MSRunInfo *info)
{
  PetscBool partial = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(MSFilePartialName(out->path, out->file, sizeof(out->file)));
  if (info->restart_day > 0) PetscCall(MSFileExists(out->comm, out->file, &partial));
  if (!partial) PetscCall(PetscStrncpy(out->file, out->path, sizeof(out->file)));
  out->partial = partial;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputCreate(const char path[], const MSScenario *scn, const MSGraph *g,
                              const MSPartition *part, const MSSettings *s, const MSRunInfo *info,
                              MSOutput *outp)
{
  struct _p_MSOutput *out;
  PetscErrorCode      ierr;

  PetscFunctionBegin;
  *outp = NULL;
  PetscCall(PetscNew(&out));
  out->comm = part->comm, out->rank = part->rank, out->part = part, out->scn = scn;
  out->nloc = scn->nloc, out->nroutes = scn->nroutes;
  out->flush_every = info->flush_every > 0 ? info->flush_every : 1;
  out->start_day   = scn->start_day;
  out->t0          = info->restart_day;
  out->created     = (PetscBool)(info->restart_day == 0);
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  PetscCall(MSFileCheckWritable(out->comm, "-output", out->path));
  PetscCall(ChooseFile(out, info));
  PetscCall(MSH5Begin(out->comm, out->file, "", &out->h));
  out->sinks = s->camps_are_sinks;
  PetscCall(AllocBuffers(out));
  MSErrorQuietPush();
  ierr = out->rank > 0 ? 0 : info->restart_day > 0 ? Reopen(out, info) : Create(out, s, info);
  MSErrorQuietPop();
  ierr = MSErrorAgree(out->comm, ierr);
  if (ierr) {
    /* nothing of a file that could not be set up stays open, nor a new one on disk */
    if (out->rank == 0) (void)MSH5End(&out->h, ierr);
    if (out->created) PetscCall(MSFileRemove(out->comm, out->file));
    PetscCall(FreeBuffers(out));
    PetscCall(PetscFree(out));
    PetscCall(ierr);
  }
  *outp = out;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Write the block rows [t0, t0 + nbuf) x count[1] of d (rank 0). */
static PetscErrorCode WriteRows(struct _p_MSOutput *out, hid_t d, hid_t type, int rank,
                                const hsize_t count[], const void *buf)
{
  MSH5         *h        = &out->h;
  const hsize_t start[2] = {(hsize_t)out->t0, 0};
  hid_t         fs, ms;

  PetscFunctionBegin;
  PetscCall(SetRows(out, d, (hsize_t)(out->t0 + out->nbuf)));
  MSH5Open(h, NULL, fs, H5Dget_space, (d));
  MSH5Open(h, NULL, ms, H5Screate_simple, (rank, count, NULL));
  MSH5Call(h, NULL, H5Sselect_hyperslab, (fs, H5S_SELECT_SET, start, NULL, count, NULL));
  MSH5Call(h, NULL, H5Dwrite, (d, type, ms, fs, H5P_DEFAULT, buf));
  PetscCall(MSH5Close(h, &ms));
  PetscCall(MSH5Close(h, &fs));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The buffered rows of a days x ncols_total dataset whose columns are spread over the ranks
   (column c is column ownidx[c] of rank owner[c]'s buf, ncols wide here), gathered on rank 0
   in file order: *block. */
static PetscErrorCode Gather(struct _p_MSOutput *out, int ncols_total, int ncols, const int *owner,
                             const int *ownidx, const int64_t *buf, const int64_t **block)
{
  const MSPartition *p  = out->part;
  int                nr = 0;

  PetscFunctionBegin;
  /* one rank: its columns are the file's, in order */
  *block = buf;
  if (p->size == 1 || ncols_total == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck((size_t)out->nbuf * (size_t)ncols_total < INT_MAX, out->comm, PETSC_ERR_SUP,
             "%s: more than 2^31 buffered values in a flush (lower -output_flush_every)",
             out->path);
  for (int q = 0; q < p->size; q++) out->ncols_of[q] = 0;
  for (int c = 0; c < ncols_total; c++) out->ncols_of[owner[c]]++;
  for (int q = 0; q < p->size; q++) {
    out->rc[q] = out->nbuf * out->ncols_of[q], out->rd[q] = nr;
    nr += out->rc[q];
  }
  if (p->rank == 0) {
    PetscCall(Grow(&out->rbuf, &out->rcap, (size_t)nr + 1));
    PetscCall(Grow(&out->wbuf, &out->wcap, (size_t)nr + 1));
  }
  PetscCallMPI(MPI_Gatherv(buf, out->nbuf * ncols, MPI_INT64_T, out->rbuf, out->rc, out->rd,
                           MPI_INT64_T, 0, out->comm));
  if (p->rank > 0) PetscFunctionReturn(PETSC_SUCCESS);
  /* each rank's rows are day-major runs of its columns */
  for (int k = 0; k < out->nbuf; k++) {
    int64_t *row = out->wbuf + (size_t)k * ncols_total;
    for (int c = 0; c < ncols_total; c++)
      row[c] = out->rbuf[out->rd[owner[c]] + (size_t)k * out->ncols_of[owner[c]] + ownidx[c]];
  }
  *block = out->wbuf;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One daily series of columns over the ranks: gathered, and written by rank 0. */
static PetscErrorCode Write2D(struct _p_MSOutput *out, hid_t d, int ncols_total, int ncols,
                              const int *owner, const int *ownidx, const int64_t *buf)
{
  const int64_t *block;
  hsize_t        count[2] = {(hsize_t)out->nbuf, (hsize_t)ncols_total};

  PetscFunctionBegin;
  PetscCall(Gather(out, ncols_total, ncols, owner, ownidx, buf, &block));
  MSErrorPhase(out->comm, out->rank == 0 && ncols_total > 0,
               WriteRows(out, d, H5T_NATIVE_INT64, 2, count, block));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The 1-D daily series, rank 0's, and the flush that makes every day written readable if the
   run dies later (rank 0). */
static PetscErrorCode Write1D(struct _p_MSOutput *out)
{
  hsize_t count = (hsize_t)out->nbuf;
  hid_t   t;

  PetscFunctionBegin;
  PetscCall(WriteRows(out, out->dspawn, H5T_NATIVE_INT64, 1, &count, out->bspawn));
  for (int k = 0; k < out->nbuf; k++) out->bday[k] = out->t0 + k;
  PetscCall(WriteRows(out, out->dday, H5T_NATIVE_INT64, 1, &count, out->bday));
  PetscCall(MSH5StringType(&out->h, 10, &t));
  PetscCall(WriteRows(out, out->ddate, t, 1, &count, out->bdate));
  PetscCall(MSH5Close(&out->h, &t));
  MSH5Call(&out->h, NULL, H5Fflush, (out->h.file, H5F_SCOPE_GLOBAL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Write the buffered days, a phase each series; the file is given up at a failure. */
static PetscErrorCode Write(struct _p_MSOutput *out)
{
  const MSPartition *p = out->part;

  PetscFunctionBegin;
  if (out->nbuf == 0) PetscFunctionReturn(PETSC_SUCCESS);
  out->failed = PETSC_TRUE;
  PetscCall(Write2D(out, out->dpop, out->nloc, p->nowned, p->owner, p->ownidx, out->bpop));
  PetscCall(Write2D(out, out->darr, out->nloc, p->nowned, p->owner, p->ownidx, out->barr));
  PetscCall(Write2D(out, out->dlinks, out->nroutes, p->nroutes_owned, p->route_owner,
                    p->route_ownidx, out->blinks));
  if (out->sinks)
    PetscCall(
        Write2D(out, out->dremoved, out->nloc, p->nowned, p->owner, p->ownidx, out->bremoved));
  else /* a restart without camps_are_sinks: the series goes on, 0 (its fill value) */
    MSErrorPhase(out->comm, out->rank == 0 && out->dremoved > 0,
                 SetRows(out, out->dremoved, (hsize_t)(out->t0 + out->nbuf)));
  MSErrorPhase(out->comm, out->rank == 0, Write1D(out));
  out->failed = PETSC_FALSE;
  out->t0 += out->nbuf;
  out->nbuf = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputRecordDay(MSOutput out, int t, const int64_t *pop, const int64_t *arrivals,
                                 const int64_t *routecount, int64_t spawned)
{
  const MSPartition *p = out->part;
  int                k = out->nbuf;
  char               date[11];

  PetscFunctionBegin;
  PetscCheck(t == out->t0 + k, out->comm, PETSC_ERR_ARG_WRONGSTATE, "day %d recorded out of order",
             t);
  for (int j = 0; j < p->nowned; j++) {
    out->bpop[(size_t)k * p->nowned + j] = pop[p->owned[j]];
    out->barr[(size_t)k * p->nowned + j] = arrivals[p->owned[j]];
  }
  for (int j = 0; j < p->nroutes_owned; j++)
    out->blinks[(size_t)k * p->nroutes_owned + j] = routecount[j];
  out->bspawn[k] = spawned;
  MSDateFormat(out->start_day + t, date);
  memcpy(out->bdate + (size_t)k * 10, date, 10);
  out->nbuf++;
  if (out->nbuf == out->flush_every) PetscCall(Write(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputRecordRemoved(MSOutput out, int t, const int64_t *removed)
{
  const MSPartition *p = out->part;
  int                k = out->nbuf;

  PetscFunctionBegin;
  if (!out->sinks) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(t == out->t0 + k, out->comm, PETSC_ERR_ARG_WRONGSTATE, "day %d recorded out of order",
             t);
  for (int j = 0; j < p->nowned; j++)
    out->bremoved[(size_t)k * p->nowned + j] = removed[p->owned[j]];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputWriteAssimilated(MSOutput out, int t, int days, const int64_t change[])
{
  hsize_t  dims[2] = {(hsize_t)days, (hsize_t)out->nloc};
  int64_t *all;

  PetscFunctionBegin;
  PetscCheck(t >= 0 && t < days, out->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "/daily/assimilated: day %d of %d", t, days);
  PetscCall(PetscCalloc1(dims[0] * dims[1] + 1, &all));
  PetscCall(PetscArraycpy(all + (size_t)t * out->nloc, change, out->nloc));
  out->failed = PETSC_TRUE;
  MSErrorPhase(out->comm, out->rank == 0,
               MSH5DatasetWrite(&out->h, out->h.file, "/daily/assimilated", H5T_STD_I64LE,
                                H5T_NATIVE_INT64, 2, dims, PETSC_TRUE, all));
  MSErrorPhase(out->comm, out->rank == 0, DescribeAll(out));
  out->failed = PETSC_FALSE;
  PetscCall(PetscFree(all));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputFlush(MSOutput out)
{
  PetscFunctionBegin;
  PetscCall(Write(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetPartition(MSOutput out, const MSPartition *part)
{
  PetscFunctionBegin;
  /* the buffered days are written by their columns' old owners: moving them to the new owners
     cost more than the write */
  PetscCall(Write(out));
  out->part = part;
  PetscCall(SizeColumns(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0's part of MSOutputSetAttribute*(): a number of memory type type at v, or (type 0)
   the string v. */
static PetscErrorCode SetAttribute(struct _p_MSOutput *out, const char name[], hid_t type,
                                   const void *v)
{
  PetscFunctionBegin;
  if (type)
    PetscCall(MSH5AttributeWrite(&out->h, out->h.file, name, type, 1, v));
  else
    PetscCall(MSH5AttributeWriteString(&out->h, out->h.file, name, (const char *)v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The attribute written as a phase: a failure is every rank's, and gives the file up. */
static PetscErrorCode SetAttributePhase(struct _p_MSOutput *out, const char name[], hid_t type,
                                        const void *v)
{
  PetscFunctionBegin;
  out->failed = PETSC_TRUE;
  MSErrorPhase(out->comm, out->rank == 0, SetAttribute(out, name, type, v));
  out->failed = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetAttribute(MSOutput out, const char name[], double value)
{
  PetscFunctionBegin;
  PetscCall(SetAttributePhase(out, name, H5T_NATIVE_DOUBLE, &value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetAttributeInt64(MSOutput out, const char name[], int64_t value)
{
  PetscFunctionBegin;
  PetscCall(SetAttributePhase(out, name, H5T_NATIVE_INT64, &value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetAttributeString(MSOutput out, const char name[], const char value[])
{
  PetscFunctionBegin;
  PetscCall(SetAttributePhase(out, name, 0, value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputEnd(MSOutput out)
{
  PetscFunctionBegin;
  out->ended = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Close the file, every handle of it (rank 0), as a phase. */
static PetscErrorCode CloseFile(struct _p_MSOutput *out)
{
  PetscFunctionBegin;
  MSErrorPhase(out->comm, out->rank == 0, MSH5End(&out->h, PETSC_SUCCESS));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Write what is buffered and close the file: after a run that ended, with its errors
   reported, and the file goes in place; on an error path, quietly. A file this run created
   that could not be written whole is removed; a restart's, continued in place, stays. */
static PetscErrorCode Close(struct _p_MSOutput *out)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  if (!out->ended) MSErrorQuietPush();
  ierr = out->failed ? PETSC_ERR_FILE_WRITE : Write(out);
  if (!ierr)
    ierr = CloseFile(out);
  else if (out->rank == 0)
    (void)MSH5End(&out->h, ierr);
  if (!out->ended) MSErrorQuietPop();
  if (ierr && out->created) PetscCall(MSFileRemove(out->comm, out->file));
  if (!ierr && out->ended && out->partial)
    ierr = MSFileCommit(out->comm, out->file, out->path, PETSC_FALSE);
  PetscFunctionReturn(out->ended ? ierr : PETSC_SUCCESS);
}

PetscErrorCode MSOutputClose(MSOutput *outp)
{
  struct _p_MSOutput *out = *outp;
  PetscErrorCode      ierr;

  PetscFunctionBegin;
  if (!out) PetscFunctionReturn(PETSC_SUCCESS);
  ierr = Close(out);
  PetscCall(FreeBuffers(out));
  PetscCall(PetscFree(*outp));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}
