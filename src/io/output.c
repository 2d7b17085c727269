/* Parallel HDF5 output of the daily series. */
#include <hdf5.h>
#include <limits.h>
#include <string.h>
#include "ms_io.h"
#include "ms_memory.h"

#define H5CALL(comm, call, what)                                                                   \
  do {                                                                                             \
    if ((call) < 0) SETERRQ(comm, PETSC_ERR_FILE_WRITE, "%s: HDF5 failed to %s", out->path, what); \
  } while (0)

struct _p_MSOutput {
  MPI_Comm           comm;
  char               path[PETSC_MAX_PATH_LEN];
  hid_t              file, dxpl;
  hid_t              dpop, darr, dlinks, dspawn, ddate;
  const MSPartition *part;
  const MSScenario  *scn;
  int                nloc, nroutes, flush_every;
  int                t0, nbuf; /* first buffered day, days buffered */
  int64_t           *bpop, *barr, *blinks, *bspawn;
  size_t             cap[3]; /* values the three column buffers hold */
  int64_t           *rbuf,
      *wbuf; /* a writer's rows as received from the columns' owners, and in file order */
  size_t rcap, wcap;
  int   *sc, *sd, *rc, *rd,
      *ncols_of; /* [size] the rows' exchange: counts, offsets, columns per rank */
  char   *bdate;
  int64_t start_day;
};

static hid_t StrType(size_t n)
{
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, n > 0 ? n : 1);
  H5Tset_strpad(t, H5T_STR_NULLPAD);
  return t;
}

/* A string attribute on obj, identical on every rank (attribute writes are collective). */
static PetscErrorCode AttrString(struct _p_MSOutput *out, hid_t obj, const char name[],
                                 const char value[])
{
  hid_t t = StrType(strlen(value)), sp = H5Screate(H5S_SCALAR), a;

  PetscFunctionBegin;
  if (H5Aexists(obj, name) > 0) H5Adelete(obj, name); /* a restart updates what it must */
  a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
  H5CALL(out->comm, a, "create an attribute");
  H5CALL(out->comm, H5Awrite(a, t, value), "write an attribute");
  H5Aclose(a), H5Sclose(sp), H5Tclose(t);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AttrNumber(struct _p_MSOutput *out, hid_t obj, const char name[], hid_t type,
                                 const void *v)
{
  hid_t sp = H5Screate(H5S_SCALAR), a;

  PetscFunctionBegin;
  if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
  a = H5Acreate2(obj, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);
  H5CALL(out->comm, a, "create an attribute");
  H5CALL(out->comm, H5Awrite(a, type, v), "write an attribute");
  H5Aclose(a), H5Sclose(sp);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A 1-D static dataset, created by all ranks and filled by rank 0 alone. */
static PetscErrorCode Static1D(struct _p_MSOutput *out, hid_t grp, const char name[], hid_t type,
                               hsize_t n, const void *buf)
{
  hid_t sp = H5Screate_simple(1, &n, NULL), d;

  PetscFunctionBegin;
  d = H5Dcreate2(grp, name, type, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5CALL(out->comm, d, "create a dataset");
  if (out->part->rank == 0 && n > 0)
    H5CALL(out->comm, H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), "write a dataset");
  H5Dclose(d), H5Sclose(sp);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Strings of n records, each field at a fixed offset of records of width w. */
static PetscErrorCode StaticStrings(struct _p_MSOutput *out, hid_t grp, const char name[], int n,
                                    const char *(*get)(const MSScenario *, int))
{
  size_t w = 1;
  char  *buf;
  hid_t  t;

  PetscFunctionBegin;
  for (int i = 0; i < n; i++) w = PetscMax(w, strlen(get(out->scn, i)));
  PetscCall(PetscCalloc1((size_t)n * w + 1, &buf));
  for (int i = 0; i < n; i++)
    memcpy(buf + (size_t)i * w, get(out->scn, i), strlen(get(out->scn, i)));
  t = StrType(w);
  PetscCall(Static1D(out, grp, name, t, (hsize_t)n, buf));
  H5Tclose(t);
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const char *LocName(const MSScenario *s, int i) { return s->loc[i].name; }
static const char *LocRegion(const MSScenario *s, int i) { return s->loc[i].region; }
static const char *LocCountry(const MSScenario *s, int i) { return s->loc[i].country; }
static const char *LocType(const MSScenario *s, int i) { return MSLocTypeNames[s->loc[i].type]; }
static const char *RouteFrom(const MSScenario *s, int r) { return s->loc[s->route[r].a].name; }
static const char *RouteTo(const MSScenario *s, int r) { return s->loc[s->route[r].b].name; }

#define MS_CHUNK_DAYS 32

/* A days x ncols dataset, unlimited in time, chunked by a few weeks. */
static PetscErrorCode Daily2D(struct _p_MSOutput *out, hid_t grp, const char name[], hid_t type,
                              hsize_t ncols, hid_t *d)
{
  hsize_t dims[2] = {0, ncols}, maxd[2] = {H5S_UNLIMITED, H5S_UNLIMITED},
          chunk[2] = {MS_CHUNK_DAYS, ncols > 0 ? PetscMin(ncols, 4096) : 1};
  hid_t sp = H5Screate_simple(ncols ? 2 : 1, dims, maxd), dcpl = H5Pcreate(H5P_DATASET_CREATE);

  PetscFunctionBegin;
  H5Pset_chunk(dcpl, ncols ? 2 : 1, chunk);
  /* every row is written as soon as it exists (and the file is cut to the rows written):
     filling new chunks first would write each of them twice */
  H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER);
  *d = H5Dcreate2(grp, name, type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5CALL(out->comm, *d, "create a daily dataset");
  H5Pclose(dcpl), H5Sclose(sp);
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
         need[3]   = {K * (size_t)out->part->nowned + 1, K * (size_t)out->part->nowned + 1,
                      K * (size_t)out->part->nroutes_owned + 1};
  int64_t **col[3] = {&out->bpop, &out->barr, &out->blinks};

  PetscFunctionBegin;
  for (int k = 0; k < 3; k++) PetscCall(Grow(col[k], &out->cap[k], need[k]));
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

/* Continue the interrupted run's file: same scenario, at least restart_day days written. */
static PetscErrorCode Reopen(struct _p_MSOutput *out, const MSRunInfo *info)
{
  hid_t    fapl    = H5Pcreate(H5P_FILE_ACCESS), a;
  uint64_t hash    = 0;
  hsize_t  dims[2] = {0, 0};
  int      nr      = out->part->size;
  char     note[512];

  PetscFunctionBegin;
  H5Pset_fapl_mpio(fapl, out->comm, MPI_INFO_NULL);
  out->file = H5Fis_hdf5(out->path) > 0 ? H5Fopen(out->path, H5F_ACC_RDWR, fapl) : -1;
  H5Pclose(fapl);
  PetscCheck(out->file >= 0, out->comm, PETSC_ERR_FILE_OPEN,
             "%s: field '-output': cannot open the interrupted run's output to continue it (give "
             "-output the file that run wrote)",
             out->path);
  PetscCheck(H5Aexists(out->file, "scenario_hash") > 0, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'scenario_hash': not a migrasim output file", out->path);
  a = H5Aopen(out->file, "scenario_hash", H5P_DEFAULT);
  H5Aread(a, H5T_NATIVE_UINT64, &hash);
  H5Aclose(a);
  PetscCheck(hash == info->scenario_hash, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'scenario_hash': the output is of another scenario than the checkpoint",
             out->path);
  out->dpop   = H5Dopen2(out->file, "daily/population", H5P_DEFAULT);
  out->darr   = H5Dopen2(out->file, "daily/arrivals", H5P_DEFAULT);
  out->dlinks = H5Dopen2(out->file, "daily/on_links", H5P_DEFAULT);
  out->dspawn = H5Dopen2(out->file, "daily/spawned", H5P_DEFAULT);
  out->ddate  = H5Dopen2(out->file, "daily/date", H5P_DEFAULT);
  PetscCheck(out->dpop >= 0 && out->darr >= 0 && out->dlinks >= 0 && out->dspawn >= 0 &&
                 out->ddate >= 0,
             out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '/daily': missing datasets (not a migrasim output file?)", out->path);
  {
    hid_t sp = H5Dget_space(out->dspawn);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
  }
  PetscCheck(dims[0] >= (hsize_t)info->restart_day, out->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '/daily': holds %llu days, fewer than the checkpoint's %d", out->path,
             (unsigned long long)dims[0], info->restart_day);
  out->dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(out->dxpl, H5FD_MPIO_COLLECTIVE);
  PetscCall(AllocBuffers(out));
  out->t0 = info->restart_day;
  PetscCall(AttrNumber(out, out->file, "nranks", H5T_NATIVE_INT, &nr));
  PetscCall(AttrNumber(out, out->file, "days", H5T_NATIVE_INT, &info->days));
  PetscCall(AttrNumber(out, out->file, "seed", H5T_NATIVE_UINT64, &info->seed));
  {
    char prev[4096] = "";
    if (H5Aexists(out->file, "restarts") > 0) {
      /* read with the attribute's own (null-padded) type, then terminate */
      hid_t  ft;
      size_t fl;
      a  = H5Aopen(out->file, "restarts", H5P_DEFAULT);
      ft = H5Aget_type(a);
      fl = H5Tget_size(ft);
      if (fl < sizeof(prev) - 1 && H5Aread(a, ft, prev) >= 0)
        prev[fl] = 0;
      else
        prev[0] = 0;
      H5Tclose(ft), H5Aclose(a);
    }
    PetscCall(
        PetscSNPrintf(note, sizeof(note), "%s%sday %d on %d ranks%s%s", prev, prev[0] ? "; " : "",
                      info->restart_day, nr,
                      info->restart_note && info->restart_note[0] ? ", settings changed: " : "",
                      info->restart_note ? info->restart_note : ""));
    PetscCall(AttrString(out, out->file, "restarts", note));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputCreate(const char path[], const MSScenario *scn, const MSGraph *g,
                              const MSPartition *part, const MSSettings *s, const MSRunInfo *info,
                              MSOutput *outp)
{
  struct _p_MSOutput *out;
  hid_t               fapl, grp;
  int                 L = scn->nloc, R = scn->nroutes;

  PetscFunctionBegin;
  PetscCall(PetscNew(&out));
  out->comm = part->comm, out->part = part, out->scn = scn, out->nloc = L, out->nroutes = R;
  out->flush_every = info->flush_every > 0 ? info->flush_every : 1;
  out->start_day   = scn->start_day;
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* our own one-line errors instead of HDF5's stack dumps */
  if (info->restart_day > 0) {
    PetscCall(Reopen(out, info));
    *outp = out;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, part->comm, MPI_INFO_NULL);
  out->file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  PetscCheck(out->file >= 0, part->comm, PETSC_ERR_FILE_OPEN,
             "%s: cannot create the output file (directory missing or not writable?)", path);
  out->dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(out->dxpl, H5FD_MPIO_COLLECTIVE);

  /* provenance on / */
  {
    char     buf[256];
    int      nr   = part->size;
    uint64_t seed = info->seed;
    PetscCall(AttrString(out, out->file, "code", "migrasim"));
    PetscCall(AttrString(out, out->file, "code_version", MS_VERSION));
    PetscCall(AttrString(out, out->file, "git_commit", MS_GIT_COMMIT));
    PetscCall(AttrNumber(out, out->file, "seed", H5T_NATIVE_UINT64, &seed));
    PetscCall(AttrNumber(out, out->file, "nranks", H5T_NATIVE_INT, &nr));
    PetscCall(AttrString(out, out->file, "scenario", info->scenario));
    PetscCall(AttrString(out, out->file, "settings_file", info->settings_file));
    PetscCall(AttrString(out, out->file, "partition", MSPartitionUnits[part->unit]));
    PetscCall(AttrNumber(out, out->file, "scenario_hash", H5T_NATIVE_UINT64, &info->scenario_hash));
    PetscCall(AttrString(out, out->file, "start_date", scn->start_date));
    PetscCall(AttrNumber(out, out->file, "days", H5T_NATIVE_INT, &info->days));
    for (int i = 0; i < MSSettingsCount(); i++) {
      const char *name;
      MSSettingsGetPair(s, i, &name, buf, sizeof(buf));
      PetscCall(AttrString(out, out->file, name, buf));
    }
  }
  grp = H5Gcreate2(out->file, "locations", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5CALL(out->comm, grp, "create /locations");
  {
    double *lat, *lon, *cap;
    int    *rank;
    PetscCall(PetscMalloc4(L, &lat, L, &lon, L, &cap, L, &rank));
    for (int i = 0; i < L; i++) {
      lat[i] = scn->loc[i].lat, lon[i] = scn->loc[i].lon, rank[i] = part->owner[i];
      cap[i] = (scn->loc[i].type == MS_LOC_CAMP || scn->loc[i].type == MS_LOC_IDPCAMP)
                   ? scn->loc[i].population * s->capacity_scaling * s->population_scale
                   : 0.0;
    }
    PetscCall(StaticStrings(out, grp, "name", L, LocName));
    PetscCall(StaticStrings(out, grp, "type", L, LocType));
    PetscCall(StaticStrings(out, grp, "region", L, LocRegion));
    PetscCall(StaticStrings(out, grp, "country", L, LocCountry));
    PetscCall(Static1D(out, grp, "lat", H5T_NATIVE_DOUBLE, (hsize_t)L, lat));
    PetscCall(Static1D(out, grp, "lon", H5T_NATIVE_DOUBLE, (hsize_t)L, lon));
    PetscCall(Static1D(out, grp, "capacity", H5T_NATIVE_DOUBLE, (hsize_t)L, cap));
    PetscCall(Static1D(out, grp, "rank", H5T_NATIVE_INT, (hsize_t)L, rank));
    PetscCall(PetscFree4(lat, lon, cap, rank));
  }
  H5Gclose(grp);
  grp = H5Gcreate2(out->file, "routes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5CALL(out->comm, grp, "create /routes");
  {
    double *dist;
    PetscCall(PetscMalloc1(R + 1, &dist));
    for (int r = 0; r < R; r++) dist[r] = scn->route[r].distance;
    PetscCall(StaticStrings(out, grp, "from", R, RouteFrom));
    PetscCall(StaticStrings(out, grp, "to", R, RouteTo));
    PetscCall(Static1D(out, grp, "distance", H5T_NATIVE_DOUBLE, (hsize_t)R, dist));
    PetscCall(PetscFree(dist));
  }
  H5Gclose(grp);
  grp = H5Gcreate2(out->file, "daily", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5CALL(out->comm, grp, "create /daily");
  {
    hid_t dt = StrType(10);
    PetscCall(Daily2D(out, grp, "population", H5T_STD_I64LE, (hsize_t)L, &out->dpop));
    PetscCall(Daily2D(out, grp, "arrivals", H5T_STD_I64LE, (hsize_t)L, &out->darr));
    PetscCall(Daily2D(out, grp, "on_links", H5T_STD_I64LE, (hsize_t)R, &out->dlinks));
    PetscCall(Daily2D(out, grp, "spawned", H5T_STD_I64LE, 0, &out->dspawn));
    PetscCall(Daily2D(out, grp, "date", dt, 0, &out->ddate));
    H5Tclose(dt);
  }
  H5Gclose(grp);
  PetscCall(AllocBuffers(out));
  out->t0 = 0;
  *outp   = out;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Set a daily dataset's rows. While the run goes on it only grows (grow_only): a restart
   over a longer output rewrites its rows in place, and parallel HDF5 loses rows written into
   a chunk after the dataset was shrunk through it. MSOutputClose() cuts the rows beyond the
   last day simulated. */
static herr_t SetRows(hid_t d, hsize_t rows, PetscBool grow_only)
{
  hid_t   sp      = H5Dget_space(d);
  hsize_t dims[2] = {0, 0};
  int     nd      = H5Sget_simple_extent_dims(sp, dims, NULL);

  H5Sclose(sp);
  if (nd < 1) return -1;
  if (dims[0] == rows || (grow_only && dims[0] > rows)) return 0;
  dims[0] = rows;
  return H5Dset_extent(d, dims);
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
  hid_t          fs, ms;

  PetscFunctionBegin;
  if (ncols_total == 0) PetscFunctionReturn(PETSC_SUCCESS);
  H5CALL(out->comm, SetRows(d, (hsize_t)(out->t0 + out->nbuf), PETSC_TRUE),
         "extend a daily dataset");
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
  fs       = H5Dget_space(d);
  start[0] = (hsize_t)(out->t0 + lo), start[1] = 0;
  count[0] = (hsize_t)(hi - lo), count[1] = (hsize_t)ncols_total;
  ms = H5Screate_simple(2, hi > lo ? count : (hsize_t[]){1, 1}, NULL);
  if (hi > lo)
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
  else
    H5Sselect_none(fs), H5Sselect_none(ms);
  H5CALL(out->comm, H5Dwrite(d, H5T_NATIVE_INT64, ms, fs, out->dxpl, block),
         "write a daily dataset");
  H5Sclose(fs), H5Sclose(ms);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* 1-D daily series are rank 0's: the others join the collective write with nothing selected. */
static PetscErrorCode Write1D(struct _p_MSOutput *out, hid_t d, hid_t type, const void *buf)
{
  hsize_t dims = (hsize_t)(out->t0 + out->nbuf), start = (hsize_t)out->t0,
          count = (hsize_t)out->nbuf;
  hid_t fs, ms;

  PetscFunctionBegin;
  H5CALL(out->comm, SetRows(d, dims, PETSC_TRUE), "extend a daily dataset");
  fs = H5Dget_space(d);
  ms = H5Screate_simple(1, &count, NULL);
  if (out->part->rank == 0)
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &count, NULL);
  else
    H5Sselect_none(fs), H5Sselect_none(ms);
  H5CALL(out->comm, H5Dwrite(d, type, ms, fs, out->dxpl, buf), "write a daily dataset");
  H5Sclose(fs), H5Sclose(ms);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Write(struct _p_MSOutput *out, PetscBool sync)
{
  PetscFunctionBegin;
  if (out->nbuf == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(Write2D(out, out->dpop, out->nloc, out->part->nowned, out->part->owner,
                    out->part->ownidx, out->bpop));
  PetscCall(Write2D(out, out->darr, out->nloc, out->part->nowned, out->part->owner,
                    out->part->ownidx, out->barr));
  PetscCall(Write2D(out, out->dlinks, out->nroutes, out->part->nroutes_owned,
                    out->part->route_owner, out->part->route_ownidx, out->blinks));
  PetscCall(Write1D(out, out->dspawn, H5T_NATIVE_INT64, out->bspawn));
  {
    hid_t t = StrType(10);
    PetscCall(Write1D(out, out->ddate, t, out->bdate));
    H5Tclose(t);
  }
  /* what is written stays readable if the run dies later */
  if (sync) H5CALL(out->comm, H5Fflush(out->file, H5F_SCOPE_GLOBAL), "flush the file");
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
  PetscCall(AttrNumber(out, out->file, name, H5T_NATIVE_DOUBLE, &value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOutputClose(MSOutput *outp)
{
  struct _p_MSOutput *out = *outp;

  PetscFunctionBegin;
  if (!out) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(Flush(out));
  {
    /* exactly the days simulated (a restart over a longer output, or a run that stopped) */
    hid_t ds[5] = {out->dpop, out->darr, out->dlinks, out->dspawn, out->ddate};
    for (int k = 0; k < 5; k++)
      H5CALL(out->comm, SetRows(ds[k], (hsize_t)out->t0, PETSC_FALSE),
             "cut a daily dataset to the days simulated");
  }
  H5Dclose(out->dpop), H5Dclose(out->darr), H5Dclose(out->dlinks), H5Dclose(out->dspawn),
      H5Dclose(out->ddate);
  H5Pclose(out->dxpl);
  H5CALL(out->comm, H5Fclose(out->file), "close the file");
  PetscCall(PetscFree(out->bpop));
  PetscCall(PetscFree(out->barr));
  PetscCall(PetscFree(out->blinks));
  PetscCall(PetscFree(out->rbuf));
  PetscCall(PetscFree(out->wbuf));
  PetscCall(PetscFree5(out->sc, out->sd, out->rc, out->rd, out->ncols_of));
  PetscCall(PetscFree2(out->bspawn, out->bdate));
  PetscCall(PetscFree(*outp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
