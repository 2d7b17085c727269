/* Checkpoints: the run's state in one rank-independent HDF5 file, written atomically. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "ms_checkpoint.h"
#include "ms_graph.h"

#define NO_PLAN 0xffffffffu
static const char *const format_name = "migrasim-checkpoint";

#define H5CHK(comm, call, path, what)                                         \
  do {                                                                        \
    if ((call) < 0) SETERRQ(comm, PETSC_ERR_FILE_READ, "%s: %s", path, what); \
  } while (0)

/* An agent's contribution to the checksum: a sum of per-agent hashes is independent of
   the order in which ranks add them up. */
static uint64_t AgentHash(uint64_t id, float km, uint32_t plan, uint8_t flags, float r,
                          uint16_t wake)
{
  uint64_t h = MS_HASH_START;
  h = MSHash(h, &id, 8), h = MSHash(h, &km, 4), h = MSHash(h, &plan, 4), h = MSHash(h, &flags, 1),
  h = MSHash(h, &r, 4), h = MSHash(h, &wake, 2);
  return h;
}

/* Checksum of everything besides the agents: the spawn state, the warnings and the
   metrics history, so that a flipped byte there is refused like one in the agents. */
static uint64_t StateHash(const MSCheckpointState *st, int64_t nagents)
{
  uint64_t h    = MS_HASH_START;
  int64_t  v[6] = {st->day,           nagents,         st->spawn_debt,
                   st->spawn_pending, st->spawn_total, st->spawn_waited};

  h = MSHash(h, v, sizeof(v));
  h = MSHash(h, st->warn, sizeof(st->warn));
  if (st->ncamps > 0)
    h = MSHash(h, st->camp_sim, sizeof(int64_t) * (size_t)st->day * (size_t)st->ncamps);
  h = MSHash(h, st->extra, sizeof(int64_t) * (size_t)st->day * 3);
  return h;
}

/* Select, in a 1-D dataspace, the agent ranges of this rank's locations (runs merged). */
static hid_t SelectOwned(hid_t space, const MSPartition *p, const int64_t *off)
{
  H5Sselect_none(space);
  for (int k = 0; k < p->nowned;) {
    int e = k;
    while (e + 1 < p->nowned && p->owned[e + 1] == p->owned[e] + 1) e++;
    hsize_t start = (hsize_t)off[p->owned[k]],
            count = (hsize_t)(off[p->owned[e] + 1] - off[p->owned[k]]);
    if (count > 0) H5Sselect_hyperslab(space, H5S_SELECT_OR, &start, NULL, &count, NULL);
    k = e + 1;
  }
  return space;
}

typedef struct {
  const char *name;
  hid_t       type, file_type;
  void       *buf;
} Field;

#define NFIELDS 6

/* The agent datasets: the store's arrays, and the plan packed into one word. */
static void AgentFields(Field f[NFIELDS], MSAgents *a, uint32_t *plan)
{
  const Field all[NFIELDS] = {
      {"id", H5T_NATIVE_UINT64, H5T_STD_U64LE, a->id},
      {"km", H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, a->km},
      {"plan", H5T_NATIVE_UINT32, H5T_STD_U32LE, plan},
      {"flags", H5T_NATIVE_UINT8, H5T_STD_U8LE, a->flags},
      {"r", H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, a->r},
      {"wake", H5T_NATIVE_UINT16, H5T_STD_U16LE, a->wake},
  };
  for (int k = 0; k < NFIELDS; k++) f[k] = all[k];
}

static PetscErrorCode AttrWrite(MPI_Comm comm, hid_t obj, const char *path, const char name[],
                                hid_t type, const void *v)
{
  hid_t sp = H5Screate(H5S_SCALAR), a = H5Acreate2(obj, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);

  PetscFunctionBegin;
  H5CHK(comm, a, path, "cannot write the checkpoint's attributes");
  H5CHK(comm, H5Awrite(a, type, v), path, "cannot write the checkpoint's attributes");
  H5Aclose(a), H5Sclose(sp);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AttrWriteStr(MPI_Comm comm, hid_t obj, const char *path, const char name[],
                                   const char v[])
{
  hid_t t = H5Tcopy(H5T_C_S1);

  PetscFunctionBegin;
  H5Tset_size(t, strlen(v) + 1);
  PetscCall(AttrWrite(comm, obj, path, name, t, v));
  H5Tclose(t);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AttrRead(MPI_Comm comm, hid_t obj, const char *path, const char name[],
                               hid_t type, void *v)
{
  hid_t a;

  PetscFunctionBegin;
  PetscCheck(
      H5Aexists(obj, name) > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
      "%s: field '%s': missing from the checkpoint (not a migrasim checkpoint, or truncated)", path,
      name);
  a = H5Aopen(obj, name, H5P_DEFAULT);
  H5CHK(comm, a, path, "cannot read the checkpoint's attributes (truncated or corrupted file)");
  H5CHK(comm, H5Aread(a, type, v), path,
        "cannot read the checkpoint's attributes (truncated or corrupted file)");
  H5Aclose(a);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AttrReadStr(MPI_Comm comm, hid_t obj, const char *path, const char name[],
                                  char v[], size_t len)
{
  hid_t t = H5Tcopy(H5T_C_S1);

  PetscFunctionBegin;
  H5Tset_size(t, len);
  v[0] = 0;
  PetscCall(AttrRead(comm, obj, path, name, t, v));
  v[len - 1] = 0;
  H5Tclose(t);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Global agent counts per location (each rank knows its own) and their offsets. */
static PetscErrorCode Offsets(const MSPartition *p, int nloc, const int64_t *bucket, int64_t **offp)
{
  int64_t *cnt, *off;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(nloc + 1, &cnt));
  PetscCall(PetscMalloc1(nloc + 1, &off));
  for (int k = 0; k < p->nowned; k++) cnt[p->owned[k]] = bucket[k + 1] - bucket[k];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, cnt, nloc, MPI_INT64_T, MPI_SUM, p->comm));
  off[0] = 0;
  for (int i = 0; i < nloc; i++) off[i + 1] = off[i] + cnt[i];
  PetscCall(PetscFree(cnt));
  *offp = off;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCheckpointWrite(const char path[], const MSScenario *scn, const MSGraph *g,
                                 const MSPartition *p, MSAgents *a, const MSCheckpointState *st,
                                 int nset, const char *const names[], const char *const values[],
                                 int kill_after)
{
  MPI_Comm  comm = p->comm;
  char      tmp[PETSC_MAX_PATH_LEN + 8], prev[PETSC_MAX_PATH_LEN + 8];
  int64_t  *bucket, *off = NULL, n = a->n, N;
  uint32_t *plan;
  uint64_t  sum = 0;
  hid_t     fapl, file, dxpl, grp;
  int       written = 0;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  PetscCall(PetscSNPrintf(prev, sizeof(prev), "%s.prev", path));
  PetscCall(PetscMalloc1(p->nowned + 1, &bucket));
  /* a rank's agents are all at its own locations, so the owner's index is the bucket */
  PetscCall(MSAgentsSortCanonical(a, p->ownidx, p->nowned, bucket));
  n = a->n;
  PetscCall(Offsets(p, g->nloc, bucket, &off));
  N = off[g->nloc];

  PetscCall(PetscMalloc1(n + 1, &plan));
  for (int64_t i = 0; i < n; i++) {
    plan[i] = a->path[i] < 0 ? NO_PLAN : ((uint32_t)a->path[i] << 8) | a->pos[i];
    sum += AgentHash(a->id[i], a->km[i], plan[i], a->flags[i], a->r[i], a->wake[i]);
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &sum, 1, MPI_UINT64_T, MPI_SUM, comm));
  PetscCheck(g->npaths < (1 << 24), comm, PETSC_ERR_SUP,
             "more than 2^24 paths: checkpoints cannot hold the plans");

  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  PetscCheck(file >= 0, comm, PETSC_ERR_FILE_OPEN,
             "%s: cannot create the checkpoint (directory missing or not writable?)", tmp);
  dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
  {
    int     fmt = MS_CHECKPOINT_FORMAT;
    int64_t nag = N;
    hsize_t nw  = 8;
    hid_t   sp, d;
    PetscCall(AttrWriteStr(comm, file, tmp, "format", format_name));
    PetscCall(AttrWrite(comm, file, tmp, "format_version", H5T_NATIVE_INT, &fmt));
    PetscCall(AttrWriteStr(comm, file, tmp, "code_version", MS_VERSION));
    PetscCall(AttrWriteStr(comm, file, tmp, "git_commit", MS_GIT_COMMIT));
    PetscCall(AttrWrite(comm, file, tmp, "day", H5T_NATIVE_INT, &st->day));
    PetscCall(AttrWrite(comm, file, tmp, "seed", H5T_NATIVE_UINT64, &st->seed));
    PetscCall(AttrWrite(comm, file, tmp, "scenario_hash", H5T_NATIVE_UINT64, &st->scenario_hash));
    PetscCall(AttrWrite(comm, file, tmp, "nagents", H5T_NATIVE_INT64, &nag));
    PetscCall(AttrWrite(comm, file, tmp, "checksum", H5T_NATIVE_UINT64, &sum));
    {
      uint64_t sh = StateHash(st, N);
      PetscCall(AttrWrite(comm, file, tmp, "state_checksum", H5T_NATIVE_UINT64, &sh));
    }
    PetscCall(AttrWrite(comm, file, tmp, "spawn_debt", H5T_NATIVE_INT64, &st->spawn_debt));
    PetscCall(AttrWrite(comm, file, tmp, "spawn_pending", H5T_NATIVE_INT64, &st->spawn_pending));
    PetscCall(AttrWrite(comm, file, tmp, "spawn_total", H5T_NATIVE_INT64, &st->spawn_total));
    PetscCall(AttrWrite(comm, file, tmp, "spawn_waited", H5T_NATIVE_INT64, &st->spawn_waited));
    sp = H5Screate_simple(1, &nw, NULL);
    d  = H5Acreate2(file, "warnings", H5T_NATIVE_INT64, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5CHK(comm, d, tmp, "cannot write the checkpoint's attributes");
    H5CHK(comm, H5Awrite(d, H5T_NATIVE_INT64, st->warn), tmp,
          "cannot write the checkpoint's attributes");
    H5Aclose(d), H5Sclose(sp);
    grp = H5Gcreate2(file, "settings", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (int i = 0; i < nset; i++) PetscCall(AttrWriteStr(comm, grp, tmp, names[i], values[i]));
    H5Gclose(grp);
  }
  {
    /* the index, and the metrics history: replicated, written by rank 0 */
    hsize_t nl      = (hsize_t)g->nloc,
            hist[2] = {(hsize_t)st->day, (hsize_t)(st->ncamps > 0 ? st->ncamps : 1)},
            hx[2]   = {(hsize_t)st->day, 3};
    int64_t *cnt;
    hid_t    sp, d;
    PetscCall(PetscMalloc1(g->nloc + 1, &cnt));
    for (int i = 0; i < g->nloc; i++) cnt[i] = off[i + 1] - off[i];
    struct {
      const char *name;
      int         rank;
      hsize_t    *dims;
      const void *buf;
    } rows[3] = {
        {"count", 1, &nl, cnt},
        {"history_camps", 2, hist, st->camp_sim},
        {"history_totals", 2, hx, st->extra},
    };
    for (int k = 0; k < 3; k++) {
      sp = H5Screate_simple(rows[k].rank, rows[k].dims, NULL);
      d  = H5Dcreate2(file, rows[k].name, H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      H5CHK(comm, d, tmp, "cannot create a checkpoint dataset");
      if (p->rank == 0 && (k > 0 ? st->day > 0 && (k == 2 || st->ncamps > 0) : 1))
        H5CHK(comm, H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows[k].buf), tmp,
              "cannot write a checkpoint dataset");
      H5Dclose(d), H5Sclose(sp);
    }
    PetscCall(PetscFree(cnt));
  }
  {
    Field   f[NFIELDS];
    hsize_t dim = (hsize_t)N, nmem = (hsize_t)n;
    AgentFields(f, a, plan);
    grp = H5Gcreate2(file, "agents", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (int k = 0; k < NFIELDS; k++) {
      hid_t sp = H5Screate_simple(1, &dim, NULL), d, fs, ms;
      d = H5Dcreate2(grp, f[k].name, f[k].file_type, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      H5CHK(comm, d, tmp, "cannot create a checkpoint dataset");
      fs = SelectOwned(H5Dget_space(d), p, off);
      ms = H5Screate_simple(1, nmem > 0 ? &nmem : (hsize_t[]){1}, NULL);
      if (nmem == 0) H5Sselect_none(ms);
      if (N > 0)
        H5CHK(comm, H5Dwrite(d, f[k].type, ms, fs, dxpl, f[k].buf), tmp,
              "cannot write the agents (disk full?)");
      H5Sclose(fs), H5Sclose(ms), H5Sclose(sp), H5Dclose(d);
      if (kill_after >= 0 && ++written > kill_after) {
        /* test hook: die half-way through, as a node failure or the queue would */
        H5Fflush(file, H5F_SCOPE_GLOBAL);
        MPI_Barrier(comm);
        raise(SIGKILL);
      }
    }
    H5Gclose(grp);
  }
  H5Pclose(dxpl);
  H5CHK(comm, H5Fclose(file), tmp, "cannot close the checkpoint (disk full?)");
  PetscCall(PetscFree(plan));
  PetscCall(PetscFree(bucket));
  PetscCall(PetscFree(off));
  /* durable, then atomic: the old checkpoint becomes .prev only once the new one is whole */
  if (p->rank == 0) {
    int fd = open(tmp, O_RDONLY), ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0) close(fd);
    if (ok && access(path, F_OK) == 0) ok = rename(path, prev) == 0;
    if (ok) ok = rename(tmp, path) == 0;
    written = ok ? 0 : errno ? errno : -1;
  }
  PetscCallMPI(MPI_Bcast(&written, 1, MPI_INT, 0, comm));
  PetscCheck(written == 0, comm, PETSC_ERR_FILE_WRITE, "%s: cannot put the checkpoint in place: %s",
             path, strerror(written > 0 ? written : EIO));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCheckpointRead(const char path[], const MSScenario *scn, const MSGraph *g,
                                const MSPartition *p, MSAgents *a, MSCheckpointState *st,
                                int maxdays, int nset, const char *const names[],
                                const char *const values[], PetscBool allow_changed, char changed[],
                                size_t len)
{
  MPI_Comm comm = p->comm;
  hid_t    fapl, file, dxpl, grp;
  char     s[256];
  int      fmt, day;
  int64_t *off, *cnt, nag, n = 0;
  uint64_t hash, sum, mysum = 0;

  uint32_t *plan;

  PetscFunctionBegin;
  changed[0] = 0;
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  {
    FILE *f = fopen(path, "rb");
    PetscCheck(f, comm, PETSC_ERR_FILE_OPEN, "%s: field '-restart': cannot open the checkpoint",
               path);
    fclose(f);
  }
  PetscCheck(H5Fis_hdf5(path) > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '-restart': not an HDF5 file (truncated or foreign)", path);
  fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  H5Pclose(fapl);
  PetscCheck(file >= 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '-restart': cannot open as HDF5 (truncated or corrupted file)", path);
  PetscCall(AttrReadStr(comm, file, path, "format", s, sizeof(s)));
  PetscCheck(!strcmp(s, format_name), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'format': '%s' is not a migrasim checkpoint", path, s);
  PetscCall(AttrRead(comm, file, path, "format_version", H5T_NATIVE_INT, &fmt));
  PetscCheck(fmt == MS_CHECKPOINT_FORMAT, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'format_version': %d, but this migrasim (%s) reads version %d", path, fmt,
             MS_VERSION, MS_CHECKPOINT_FORMAT);
  PetscCall(AttrRead(comm, file, path, "scenario_hash", H5T_NATIVE_UINT64, &hash));
  PetscCheck(hash == st->scenario_hash, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'scenario_hash': the checkpoint is of another scenario (or the scenario's "
             "files changed) than -scenario %s",
             path, scn->dir);
  PetscCall(AttrRead(comm, file, path, "day", H5T_NATIVE_INT, &day));
  PetscCheck(day >= 1 && day <= maxdays, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'day': checkpoint of day %d, outside 1..%d (-days)", path, day, maxdays);
  st->day = day;
  grp     = H5Gopen2(file, "settings", H5P_DEFAULT);
  H5CHK(comm, grp, path, "field 'settings': missing (not a migrasim checkpoint, or truncated)");
  for (int i = 0; i < nset; i++) {
    if (H5Aexists(grp, names[i]) <= 0) {
      PetscCheck(allow_changed, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: field 'settings/%s': missing from the checkpoint "
                 "(-restart_allow_changed_settings accepts it)",
                 path, names[i]);
      continue;
    }
    PetscCall(AttrReadStr(comm, grp, path, names[i], s, sizeof(s)));
    if (strcmp(s, values[i])) {
      PetscCheck(allow_changed, comm, PETSC_ERR_USER_INPUT,
                 "%s: field '%s': the checkpoint ran with %s, this run has %s "
                 "(-restart_allow_changed_settings accepts the change)",
                 path, names[i], s, values[i]);
      size_t o = strlen(changed);
      if (o + 1 < len)
        snprintf(changed + o, len - o, "%s%s: %s -> %s", o ? "; " : "", names[i], s, values[i]);
    }
  }
  H5Gclose(grp);
  PetscCall(AttrRead(comm, file, path, "seed", H5T_NATIVE_UINT64, &hash));
  PetscCheck(hash == st->seed || allow_changed, comm, PETSC_ERR_USER_INPUT,
             "%s: field 'seed': the checkpoint ran with seed %" PRIu64 ", this run has %" PRIu64
             " (-restart_allow_changed_settings accepts the change)",
             path, hash, st->seed);
  if (hash != st->seed) {
    size_t o = strlen(changed);
    if (o + 1 < len)
      snprintf(changed + o, len - o, "%sseed: %" PRIu64 " -> %" PRIu64, o ? "; " : "", hash,
               st->seed);
  }
  PetscCall(AttrRead(comm, file, path, "nagents", H5T_NATIVE_INT64, &nag));
  PetscCall(AttrRead(comm, file, path, "checksum", H5T_NATIVE_UINT64, &sum));
  PetscCall(AttrRead(comm, file, path, "spawn_debt", H5T_NATIVE_INT64, &st->spawn_debt));
  PetscCall(AttrRead(comm, file, path, "spawn_pending", H5T_NATIVE_INT64, &st->spawn_pending));
  PetscCall(AttrRead(comm, file, path, "spawn_total", H5T_NATIVE_INT64, &st->spawn_total));
  PetscCall(AttrRead(comm, file, path, "spawn_waited", H5T_NATIVE_INT64, &st->spawn_waited));
  {
    hid_t at;
    PetscCheck(H5Aexists(file, "warnings") > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field 'warnings': missing", path);
    at = H5Aopen(file, "warnings", H5P_DEFAULT);
    H5CHK(comm, H5Aread(at, H5T_NATIVE_INT64, st->warn), path, "field 'warnings': unreadable");
    H5Aclose(at);
  }
  /* the index and the metrics history */
  PetscCall(PetscMalloc2(g->nloc + 1, &cnt, g->nloc + 1, &off));
  {
    struct {
      const char *name;
      void       *buf;
      hsize_t     n;
    } rows[3] = {
        {"count", cnt, (hsize_t)g->nloc},
        {"history_camps", st->camp_sim, (hsize_t)day * (hsize_t)(st->ncamps > 0 ? st->ncamps : 1)},
        {"history_totals", st->extra, (hsize_t)day * 3},
    };
    for (int k = 0; k < 3; k++) {
      hid_t   d       = H5Dopen2(file, rows[k].name, H5P_DEFAULT), sp;
      hsize_t dims[2] = {0, 1};
      PetscCheck(d >= 0, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: field '%s': missing (truncated checkpoint?)", path, rows[k].name);
      sp = H5Dget_space(d);
      H5Sget_simple_extent_dims(sp, dims, NULL);
      PetscCheck((k == 0 ? dims[0] : dims[0] * dims[1]) == rows[k].n, comm,
                 PETSC_ERR_FILE_UNEXPECTED, "%s: field '%s': wrong size for this scenario", path,
                 rows[k].name);
      if (k == 0 || st->ncamps > 0 || k == 2)
        H5CHK(comm, H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows[k].buf), path,
              "cannot read the checkpoint (truncated or corrupted file)");
      H5Sclose(sp), H5Dclose(d);
    }
  }
  {
    uint64_t sh, want;
    PetscCall(AttrRead(comm, file, path, "state_checksum", H5T_NATIVE_UINT64, &want));
    sh = StateHash(st, nag);
    PetscCheck(sh == want, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field 'state_checksum': the spawn state, warnings or history do not match "
               "their checksum (corrupted checkpoint)",
               path);
    PetscCheck(st->spawn_total == nag, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field 'spawn_total': %" PRId64 " agents spawned but %" PRId64
               " stored (corrupted checkpoint)",
               path, st->spawn_total, nag);
  }
  off[0] = 0;
  for (int i = 0; i < g->nloc; i++) {
    PetscCheck(cnt[i] >= 0, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field 'count': negative count (corrupted checkpoint)", path);
    off[i + 1] = off[i] + cnt[i];
  }
  PetscCheck(off[g->nloc] == nag, comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'count': counts sum to %" PRId64 ", not nagents %" PRId64
             " (corrupted checkpoint)",
             path, off[g->nloc], nag);
  for (int k = 0; k < p->nowned; k++) n += cnt[p->owned[k]];
  PetscCall(MSAgentsReserve(a, n));
  PetscCall(PetscMalloc1(n + 1, &plan));
  dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
  grp = H5Gopen2(file, "agents", H5P_DEFAULT);
  H5CHK(comm, grp, path, "field 'agents': missing (truncated checkpoint?)");
  {
    Field   f[NFIELDS];
    hsize_t nmem = (hsize_t)n;
    AgentFields(f, a, plan);
    for (int k = 0; k < NFIELDS; k++) {
      hid_t   d = H5Dopen2(grp, f[k].name, H5P_DEFAULT), fs, ms;
      hsize_t dim;
      PetscCheck(d >= 0, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: field 'agents/%s': missing (truncated checkpoint?)", path, f[k].name);
      fs = H5Dget_space(d);
      H5Sget_simple_extent_dims(fs, &dim, NULL);
      PetscCheck((int64_t)dim == nag, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: field 'agents/%s': %llu agents, not %" PRId64 " (corrupted checkpoint)", path,
                 f[k].name, (unsigned long long)dim, nag);
      SelectOwned(fs, p, off);
      ms = H5Screate_simple(1, nmem > 0 ? &nmem : (hsize_t[]){1}, NULL);
      if (nmem == 0) H5Sselect_none(ms);
      if (nag > 0)
        H5CHK(comm, H5Dread(d, f[k].type, ms, fs, dxpl, f[k].buf), path,
              "cannot read the agents (truncated or corrupted file)");
      H5Sclose(fs), H5Sclose(ms), H5Dclose(d);
    }
  }
  H5Gclose(grp);
  H5Pclose(dxpl);
  H5Fclose(file);
  /* rebuild the in-memory form, checking every value before it is trusted */
  {
    int64_t i   = 0;
    int     bad = 0;
    for (int k = 0; k < p->nowned; k++) {
      int l = p->owned[k];
      for (int64_t j = 0; j < cnt[l]; j++, i++) {
        mysum += AgentHash(a->id[i], a->km[i], plan[i], a->flags[i], a->r[i], a->wake[i]);
        a->loc[i]  = l;
        a->path[i] = plan[i] == NO_PLAN ? -1 : (int32_t)(plan[i] >> 8);
        a->pos[i]  = plan[i] == NO_PLAN ? 0 : (uint8_t)(plan[i] & 0xff);
        if (a->path[i] >= g->npaths || (a->path[i] >= 0 && a->pos[i] >= g->p_n[a->path[i]]))
          bad = 1;
        /* a traveller is on its plan's current link, which leaves its location */
        else if ((a->flags[i] & MS_AG_TRAVEL) &&
                 (a->path[i] < 0 || g->dl_from[g->p_links[g->p_off[a->path[i]] + a->pos[i]]] != l))
          bad = 1;
      }
    }
    a->n = n;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &mysum, 1, MPI_UINT64_T, MPI_SUM, comm));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, comm));
    PetscCheck(
        mysum == sum, comm, PETSC_ERR_FILE_UNEXPECTED,
        "%s: field 'checksum': the agent data do not match their checksum (corrupted checkpoint)",
        path);
    PetscCheck(
        !bad, comm, PETSC_ERR_FILE_UNEXPECTED,
        "%s: field 'agents': a link or plan outside this scenario's graph (corrupted checkpoint)",
        path);
  }
  PetscCall(PetscFree(plan));
  PetscCall(PetscFree2(cnt, off));
  PetscFunctionReturn(PETSC_SUCCESS);
}
