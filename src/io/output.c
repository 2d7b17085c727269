/* Parallel HDF5 output of the daily series. */
#include <limits.h>
#include <string.h>
#include "ms_h5.h"
#include "ms_io.h"
#include "ms_memory.h"

struct _p_MSOutput {
  MPI_Comm           comm;
  char               path[PETSC_MAX_PATH_LEN];
  MSH5               h; /* the file and every handle open in it */
  hid_t              dxpl;
  hid_t              dpop, darr, dlinks, dspawn, ddate;
  hid_t              dremoved; /* /daily/removed (camps_are_sinks), or 0 */
  const MSPartition *part;
  const MSScenario  *scn;
  int                nloc, nroutes, flush_every;
  int                t0, nbuf; /* first buffered day, days buffered */
  int64_t           *bpop, *barr, *blinks, *bspawn, *bremoved;
  size_t             cap[4]; /* values the four column buffers hold */
  int64_t           *rbuf,
      *wbuf; /* a writer's rows as received from the columns' owners, and in file order */
  size_t rcap, wcap;
  int   *sc, *sd, *rc, *rd,
      *ncols_of; /* [size] the rows' exchange: counts, offsets, columns per rank */
  char   *bdate;
  int64_t start_day;
};

/* A static table of strings, one per record (location or route), written by rank 0. */
static PetscErrorCode StaticStrings(struct _p_MSOutput *out, const char name[], int n,
                                    const char *(*get)(const MSScenario *, int))
{
  const char **s;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n + 1, &s));
  for (int i = 0; i < n; i++) s[i] = get(out->scn, i);
  PetscCall(MSH5StringsWrite(&out->h, out->h.file, name, n, s, out->part->rank == 0));
  PetscCall(PetscFree(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A static table of numbers, one per record, written by rank 0. */
static PetscErrorCode Static1D(struct _p_MSOutput *out, const char name[], hid_t type, int n,
                               const void *buf)
{
  hsize_t dim = (hsize_t)n;

  PetscFunctionBegin;
  PetscCall(
      MSH5DatasetWrite(&out->h, out->h.file, name, type, type, 1, &dim, out->part->rank == 0, buf));
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
  for (int k = 0; k < (out->dremoved ? 4 : 3); k++) PetscCall(Grow(col[k], &out->cap[k], need[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AllocBuffers(struct _p_MSOutput *out)
{
  int size = out->part->size;

  PetscFunctionBegin;
  PetscCall(SizeColumns(out));
  PetscCall(PetscMalloc5(size, &out->sc, size, &out->sd, size, &out->rc, size, &out->rd, size,
                         &out->ncols_of));
  PetscCall(
      PetscMalloc2(out->flush_every, &out->bspawn, (size_t)out->flush_every * 10 + 1, &out->bdate));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const char *const daily_names[5] = {"/daily/population", "/daily/arrivals",
                                           "/daily/on_links", "/daily/spawned", "/daily/date"};

/* The daily datasets of the interrupted run's file, which must hold at least days rows. */
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
               "%s: field '/daily': missing datasets (not a migrasim output file?)", out->path);
  }
  /* on_links of a scenario without routes has one dimension (see Daily2D) */
  if (out->nroutes == 0) rank[2] = 1;
  for (int k = 4; k >= 0; k--)
    PetscCall(MSH5DatasetOpen(h, h->file, daily_names[k], rank[k], dims, d[k]));
  /* dims: /daily/population's, whose rows every series has */
  PetscCheck(dims[0] >= (hsize_t)days, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '/daily': holds %llu days, fewer than the checkpoint's %d", out->path,
             (unsigned long long)dims[0], days);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /daily/removed, the agents that left the simulation per location and day (camps_are_sinks):
   created with a new file where the setting is on; continued where the interrupted run's file
   has it, and created where a restart turns the setting on (its earlier days read as 0). */
static PetscErrorCode DailyRemoved(struct _p_MSOutput *out, const MSSettings *s, PetscBool reopen)
{
  MSH5     *h     = &out->h;
  PetscBool found = PETSC_FALSE;
  hsize_t   dims[2];

  PetscFunctionBegin;
  if (reopen) PetscCall(MSH5Exists(h, h->file, "/daily/removed", &found));
  if (found)
    PetscCall(MSH5DatasetOpen(h, h->file, "/daily/removed", 2, dims, &out->dremoved));
  else if (s->camps_are_sinks)
    PetscCall(Daily2D(out, "/daily/removed", H5T_STD_I64LE, (hsize_t)out->nloc, PETSC_TRUE,
                      &out->dremoved));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Continue the interrupted run's file: same scenario, at least restart_day days written. */
static PetscErrorCode Reopen(struct _p_MSOutput *out, const MSSettings *s, const MSRunInfo *info)
{
  MSH5     *h    = &out->h;
  uint64_t  hash = 0;
  int       nr   = out->part->size;
  char      note[512], prev[4096];
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, MSH5_RDWR | MSH5_COLLECTIVE, "-output"));
  PetscCall(MSH5AttributeRead(h, h->file, "scenario_hash", H5T_NATIVE_UINT64, 1, &hash, &found));
  PetscCheck(found, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'scenario_hash': not a migrasim output file", out->path);
  PetscCheck(hash == info->scenario_hash, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'scenario_hash': the output is of another scenario than the checkpoint",
             out->path);
  PetscCall(ReopenDaily(out, info->restart_day));
  PetscCall(DailyRemoved(out, s, PETSC_TRUE));
  PetscCall(MSH5TransferCollective(&out->h, &out->dxpl));
  PetscCall(AllocBuffers(out));
  out->t0 = info->restart_day;
  PetscCall(MSH5AttributeWrite(h, h->file, "nranks", H5T_NATIVE_INT, 1, &nr));
  PetscCall(MSH5AttributeWrite(h, h->file, "days", H5T_NATIVE_INT, 1, &info->days));
  PetscCall(MSH5AttributeWrite(h, h->file, "seed", H5T_NATIVE_UINT64, 1, &info->seed));
  PetscCall(MSH5AttributeReadString(h, h->file, "restarts", prev, sizeof(prev), &found));
  PetscCall(PetscSNPrintf(note, sizeof(note), "%s%sday %d on %d ranks%s%s", prev,
                          prev[0] ? "; " : "", info->restart_day, nr,
                          info->restart_note && info->restart_note[0] ? ", settings changed: " : "",
                          info->restart_note ? info->restart_note : ""));
  PetscCall(MSH5AttributeWriteString(h, h->file, "restarts", note));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Provenance on /: the code, the run's options, the scenario and every setting in effect. */
static PetscErrorCode WriteProvenance(struct _p_MSOutput *out, const MSSettings *s,
                                      const MSRunInfo *info)
{
  MSH5    *h = &out->h;
  hid_t    f = h->file;
  char     buf[256];
  int      nr   = out->part->size;
  uint64_t seed = info->seed;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeWriteString(h, f, "code", "migrasim"));
  PetscCall(MSH5AttributeWriteString(h, f, "code_version", MS_VERSION));
  PetscCall(MSH5AttributeWriteString(h, f, "git_commit", MS_GIT_COMMIT));
  PetscCall(MSH5AttributeWrite(h, f, "seed", H5T_NATIVE_UINT64, 1, &seed));
  PetscCall(MSH5AttributeWrite(h, f, "nranks", H5T_NATIVE_INT, 1, &nr));
  PetscCall(MSH5AttributeWriteString(h, f, "scenario", info->scenario));
  PetscCall(MSH5AttributeWriteString(h, f, "settings_file", info->settings_file));
  PetscCall(MSH5AttributeWriteString(h, f, "partition", MSPartitionUnits[out->part->unit]));
  PetscCall(MSH5AttributeWrite(h, f, "scenario_hash", H5T_NATIVE_UINT64, 1, &info->scenario_hash));
  PetscCall(MSH5AttributeWriteString(h, f, "start_date", out->scn->start_date));
  PetscCall(MSH5AttributeWrite(h, f, "days", H5T_NATIVE_INT, 1, &info->days));
  for (int i = 0; i < MSSettingsCount(); i++) {
    const char *name;
    MSSettingsGetPair(s, i, &name, buf, sizeof(buf));
    PetscCall(MSH5AttributeWriteString(h, f, name, buf));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The static tables /locations and /routes (written by rank 0). */
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

/* A new file: provenance, the static tables and the empty daily series. */
static PetscErrorCode Create(struct _p_MSOutput *out, const MSSettings *s, const MSRunInfo *info)
{
  MSH5 *h = &out->h;
  hid_t grp, dt;

  PetscFunctionBegin;
  PetscCall(MSH5FileCreate(h, MSH5_COLLECTIVE));
  PetscCall(MSH5TransferCollective(&out->h, &out->dxpl));
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
  PetscCall(DailyRemoved(out, s, PETSC_FALSE));
  PetscCall(AllocBuffers(out));
  out->t0 = 0;
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
  PetscCall(PetscFree5(out->sc, out->sd, out->rc, out->rd, out->ncols_of));
  PetscCall(PetscFree2(out->bspawn, out->bdate));
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
  out->comm = part->comm, out->part = part, out->scn = scn, out->nloc = scn->nloc;
  out->nroutes     = scn->nroutes;
  out->flush_every = info->flush_every > 0 ? info->flush_every : 1;
  out->start_day   = scn->start_day;
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  PetscCall(MSH5Begin(out->comm, out->path, "", &out->h));
  ierr = info->restart_day > 0 ? Reopen(out, s, info) : Create(out, s, info);
  if (ierr) {
    /* nothing of a file that could not be set up stays open */
    PetscCall(MSH5End(&out->h, ierr));
    PetscCall(FreeBuffers(out));
    PetscCall(PetscFree(out));
    PetscCall(ierr);
  }
  *outp = out;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Set a daily dataset's rows. While the run goes on it only grows (grow_only): a restart
   over a longer output rewrites its rows in place, and parallel HDF5 loses rows written into
   a chunk after the dataset was shrunk through it. MSOutputClose() cuts the rows beyond the
   last day simulated. */
static PetscErrorCode SetRows(struct _p_MSOutput *out, hid_t d, hsize_t rows, PetscBool grow_only)
{
  MSH5   *h       = &out->h;
  hsize_t dims[2] = {0, 0};
  hid_t   sp;
  int     nd;

  PetscFunctionBegin;
  MSH5Open(h, NULL, sp, H5Dget_space, (d));
  MSH5CallReturn(h, NULL, nd, H5Sget_simple_extent_dims, (sp, dims, NULL));
  PetscCall(MSH5Close(h, &sp));
  if (dims[0] == rows || (grow_only && dims[0] > rows)) PetscFunctionReturn(PETSC_SUCCESS);
  dims[0] = rows;
  MSH5Call(h, NULL, H5Dset_extent, (d, dims));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Collectively write buf, count[rank] values, into the block of d at start; with count NULL,
   this rank joins the write with nothing selected. */
static PetscErrorCode WriteRows(struct _p_MSOutput *out, hid_t d, hid_t type, int rank,
                                const hsize_t start[], const hsize_t count[], const void *buf)
{
  MSH5         *h      = &out->h;
  const hsize_t one[2] = {1, 1};
  hid_t         fs, ms;

  PetscFunctionBegin;
  MSH5Open(h, NULL, fs, H5Dget_space, (d));
  MSH5Open(h, NULL, ms, H5Screate_simple, (rank, count ? count : one, NULL));
  if (count)
    MSH5Call(h, NULL, H5Sselect_hyperslab, (fs, H5S_SELECT_SET, start, NULL, count, NULL));
  else {
    MSH5Call(h, NULL, H5Sselect_none, (fs));
    MSH5Call(h, NULL, H5Sselect_none, (ms));
  }
  MSH5Call(h, NULL, H5Dwrite, (d, type, ms, fs, out->dxpl, buf));
  PetscCall(MSH5Close(h, &ms));
  PetscCall(MSH5Close(h, &fs));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Writer w of nw takes the buffered rows [*lo, *hi) (relative to t0) of the nch chunks they
   touch: whole chunks, so that no chunk has two writers. */
static void WriterRows(int t0, int nbuf, int nch, int w, int nw, int *lo, int *hi)
{
  int c0 = t0 / MS_CHUNK_DAYS, a = c0 + (int)((int64_t)nch * w / nw),
      b = c0 + (int)((int64_t)nch * (w + 1) / nw);

  *lo = PetscMax(a * MS_CHUNK_DAYS, t0) - t0;
  *hi = PetscMin(b * MS_CHUNK_DAYS, t0 + nbuf) - t0;
}

/* The buffered rows of a days x ncols_total dataset, whose columns are spread over the ranks
   (column c is column ownidx[c] of rank owner[c]'s buf, ncols wide here). A few ranks write,
   each a block of whole rows gathered from the columns' owners: HDF5 maps a block whose
   memory has the file selection's shape chunk by chunk, but a union of column runs against
   a flat buffer element by element, which took 60 ms a flush on a 2,560-location scenario. */
static PetscErrorCode Write2D(struct _p_MSOutput *out, hid_t d, int ncols_total, int ncols,
                              const int *owner, const int *ownidx, const int64_t *buf)
{
  const MSPartition *p    = out->part;
  int                size = p->size, rank = p->rank, nch, nw, lo = 0, hi = 0;
  PetscBool direct = (PetscBool)(size == 1); /* one rank: its columns are the file's, in order */
  const int64_t *block = buf;
  hsize_t        start[2], count[2];

  PetscFunctionBegin;
  if (ncols_total == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(SetRows(out, d, (hsize_t)(out->t0 + out->nbuf), PETSC_TRUE));
  nch = (out->t0 + out->nbuf - 1) / MS_CHUNK_DAYS - out->t0 / MS_CHUNK_DAYS + 1;
  nw  = PetscMin(size, nch);
  PetscCheck(direct || (size_t)out->nbuf * (size_t)PetscMax(ncols, ncols_total) < INT_MAX,
             PETSC_COMM_SELF, PETSC_ERR_SUP,
             "%s: more than 2^31 buffered values in a flush (lower -output_flush_every)",
             out->path);
  for (int q = 0; q < size; q++) out->sc[q] = out->sd[q] = 0;
  for (int w = 0; w < nw; w++) {
    int q = (int)((int64_t)w * size / nw), a, b;
    WriterRows(out->t0, out->nbuf, nch, w, nw, &a, &b);
    if (q == rank) lo = a, hi = b;
    /* the buffer is day-major: a writer's rows of this rank's columns are one run */
    if (!direct) out->sc[q] = (b - a) * ncols, out->sd[q] = a * ncols;
  }
  if (!direct) {
    int64_t *r;
    size_t   nr = 0;

    for (int q = 0; q < size; q++) out->ncols_of[q] = 0;
    for (int c = 0; c < ncols_total; c++) out->ncols_of[owner[c]]++;
    for (int q = 0; q < size; q++) {
      out->rc[q] = (hi - lo) * out->ncols_of[q], out->rd[q] = (int)nr;
      nr += (size_t)out->rc[q];
    }
    PetscCall(Grow(&out->rbuf, &out->rcap, nr + 1));
    PetscCall(Grow(&out->wbuf, &out->wcap, (size_t)(hi - lo) * (size_t)ncols_total + 1));
    PetscCallMPI(MPI_Alltoallv(buf, out->sc, out->sd, MPI_INT64_T, out->rbuf, out->rc, out->rd,
                               MPI_INT64_T, out->comm));
    r = out->rbuf;
    for (int k = 0; k < hi - lo; k++) {
      int64_t *row = out->wbuf + (size_t)k * ncols_total;
      for (int c = 0; c < ncols_total; c++)
        row[c] = r[out->rd[owner[c]] + (size_t)k * out->ncols_of[owner[c]] + ownidx[c]];
    }
    block = out->wbuf;
  }
  start[0] = (hsize_t)(out->t0 + lo), start[1] = 0;
  count[0] = (hsize_t)(hi - lo), count[1] = (hsize_t)ncols_total;
  PetscCall(WriteRows(out, d, H5T_NATIVE_INT64, 2, start, hi > lo ? count : NULL, block));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* 1-D daily series are rank 0's: the others join the collective write with nothing selected. */
static PetscErrorCode Write1D(struct _p_MSOutput *out, hid_t d, hid_t type, const void *buf)
{
  hsize_t rows = (hsize_t)(out->t0 + out->nbuf), start = (hsize_t)out->t0,
          count = (hsize_t)out->nbuf;

  PetscFunctionBegin;
  PetscCall(SetRows(out, d, rows, PETSC_TRUE));
  PetscCall(WriteRows(out, d, type, 1, &start, out->part->rank == 0 ? &count : NULL, buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Write(struct _p_MSOutput *out, PetscBool sync)
{
  hid_t t;

  PetscFunctionBegin;
  if (out->nbuf == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(Write2D(out, out->dpop, out->nloc, out->part->nowned, out->part->owner,
                    out->part->ownidx, out->bpop));
  PetscCall(Write2D(out, out->darr, out->nloc, out->part->nowned, out->part->owner,
                    out->part->ownidx, out->barr));
  PetscCall(Write2D(out, out->dlinks, out->nroutes, out->part->nroutes_owned,
                    out->part->route_owner, out->part->route_ownidx, out->blinks));
  if (out->dremoved)
    PetscCall(Write2D(out, out->dremoved, out->nloc, out->part->nowned, out->part->owner,
                      out->part->ownidx, out->bremoved));
  PetscCall(Write1D(out, out->dspawn, H5T_NATIVE_INT64, out->bspawn));
  PetscCall(MSH5StringType(&out->h, 10, &t));
  PetscCall(Write1D(out, out->ddate, t, out->bdate));
  PetscCall(MSH5Close(&out->h, &t));
  /* what is written stays readable if the run dies later */
  if (sync) MSH5Call(&out->h, NULL, H5Fflush, (out->h.file, H5F_SCOPE_GLOBAL));
  out->t0 += out->nbuf;
  out->nbuf = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Flush(struct _p_MSOutput *out) { return Write(out, PETSC_TRUE); }

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
  if (out->nbuf == out->flush_every) PetscCall(Flush(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputRecordRemoved(MSOutput out, int t, const int64_t *removed)
{
  const MSPartition *p = out->part;
  int                k = out->nbuf;

  PetscFunctionBegin;
  if (!out->dremoved) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(t == out->t0 + k, out->comm, PETSC_ERR_ARG_WRONGSTATE, "day %d recorded out of order",
             t);
  for (int j = 0; j < p->nowned; j++)
    out->bremoved[(size_t)k * p->nowned + j] = removed[p->owned[j]];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputFlush(MSOutput out)
{
  PetscFunctionBegin;
  PetscCall(Flush(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetPartition(MSOutput out, const MSPartition *part)
{
  PetscFunctionBegin;
  /* the buffered days are written by their columns' old owners, without the flush's sync:
     moving them to the new owners cost more than the write */
  PetscCall(Write(out, PETSC_FALSE));
  out->part = part;
  PetscCall(SizeColumns(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetAttribute(MSOutput out, const char name[], double value)
{
  PetscFunctionBegin;
  PetscCall(MSH5AttributeWrite(&out->h, out->h.file, name, H5T_NATIVE_DOUBLE, 1, &value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetAttributeInt64(MSOutput out, const char name[], int64_t value)
{
  PetscFunctionBegin;
  PetscCall(MSH5AttributeWrite(&out->h, out->h.file, name, H5T_NATIVE_INT64, 1, &value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputSetAttributeString(MSOutput out, const char name[], const char value[])
{
  PetscFunctionBegin;
  PetscCall(MSH5AttributeWriteString(&out->h, out->h.file, name, value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What is buffered written, and exactly the days simulated kept (a restart over a longer
   output, or a run that stopped). */
static PetscErrorCode Finish(struct _p_MSOutput *out)
{
  hid_t ds[5] = {out->dpop, out->darr, out->dlinks, out->dspawn, out->ddate};

  PetscFunctionBegin;
  PetscCall(Flush(out));
  for (int k = 0; k < 5; k++) PetscCall(SetRows(out, ds[k], (hsize_t)out->t0, PETSC_FALSE));
  if (out->dremoved) PetscCall(SetRows(out, out->dremoved, (hsize_t)out->t0, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputClose(MSOutput *outp)
{
  struct _p_MSOutput *out = *outp;
  PetscErrorCode      ierr;

  PetscFunctionBegin;
  if (!out) PetscFunctionReturn(PETSC_SUCCESS);
  ierr = Finish(out);
  /* the file is closed, and the memory freed, even when the last writes failed */
  ierr = MSH5End(&out->h, ierr);
  PetscCall(FreeBuffers(out));
  PetscCall(PetscFree(*outp));
  PetscCall(ierr);
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
  PetscCall(MSH5DatasetWrite(&out->h, out->h.file, "/daily/assimilated", H5T_STD_I64LE,
                             H5T_NATIVE_INT64, 2, dims, out->part->rank == 0, all));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(PETSC_SUCCESS);
}
