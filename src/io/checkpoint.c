/* Checkpoints: the run's state in one rank-independent HDF5 file, written atomically. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "ms_checkpoint.h"
#include "ms_files.h"
#include "ms_graph.h"
#include "ms_h5.h"

#define NO_PLAN 0xffffffffu
static const char *const format_name = "migrasim-checkpoint";

/* ---------------------------------------------------------------- the agents' fields */

typedef struct {
  const char *name;
  hid_t       type; /* native: the file holds the memory's bytes */
  size_t      size;
  char       *buf; /* the store's array, or the packed plans */
} Field;

#define NFIELDS 6

/* The agent datasets: the store's arrays, and the plan packed into one word (path << 8 |
   position, NO_PLAN when none); the location is implied by the file's grouping. */
static void AgentFields(Field f[NFIELDS], MSAgents *a, uint32_t *plan)
{
  const Field all[NFIELDS] = {
      {"agents/id", H5T_NATIVE_UINT64, sizeof(uint64_t), (char *)a->id},
      {"agents/km", H5T_NATIVE_FLOAT, sizeof(float), (char *)a->km},
      {"agents/plan", H5T_NATIVE_UINT32, sizeof(uint32_t), (char *)plan},
      {"agents/flags", H5T_NATIVE_UINT8, sizeof(uint8_t), (char *)a->flags},
      {"agents/r", H5T_NATIVE_FLOAT, sizeof(float), (char *)a->r},
      {"agents/wake", H5T_NATIVE_UINT16, sizeof(uint16_t), (char *)a->wake},
  };
  for (int k = 0; k < NFIELDS; k++) f[k] = all[k];
}

/* Agent i's contribution to the checksum: a sum of per-agent hashes is independent of the
   order in which ranks add them up. */
static uint64_t AgentHash(const Field f[NFIELDS], int64_t i)
{
  uint64_t h = MS_HASH_START;
  for (int k = 0; k < NFIELDS; k++) h = MSHash(h, f[k].buf + (size_t)i * f[k].size, f[k].size);
  return h;
}

/* Checksum of everything besides the agents: the spawn state, the populations and move
   chances of the nloc locations, the warnings and the metrics history, so that a flipped byte
   there is refused like one in the agents. */
static uint64_t StateHash(const MSCheckpointState *st, int nloc, int64_t nagents)
{
  uint64_t h    = MS_HASH_START;
  int64_t  v[8] = {st->day,         nagents,          st->spawn_debt,   st->spawn_pending,
                   st->spawn_total, st->spawn_waited, st->spawn_beyond, st->removed};

  h = MSHash(h, v, sizeof(v));
  h = MSHash(h, st->population, sizeof(double) * (size_t)nloc);
  h = MSHash(h, st->chance, sizeof(double) * (size_t)nloc);
  h = MSHash(h, st->warn, sizeof(st->warn));
  if (st->ncamps > 0)
    h = MSHash(h, st->camp_sim, sizeof(int64_t) * (size_t)st->day * (size_t)st->ncamps);
  h = MSHash(h, st->extra, sizeof(int64_t) * (size_t)st->day * 3);
  return h;
}

/* The agents of this rank as the file holds them, and where each location's begin. */
typedef struct {
  int64_t  *cnt, *off; /* [nloc + 1] agents per location (all ranks) and their offsets */
  int64_t   n, N;      /* this rank's agents, everyone's */
  uint32_t *plan;      /* [n] the packed plans */
  uint64_t  sum;       /* checksum of every agent */
} Packed;

static PetscErrorCode PackedFree(Packed *pk)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(pk->cnt, pk->off));
  PetscCall(PetscFree(pk->plan));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Sort the agents as the file holds them, count them per location and pack their plans. */
static PetscErrorCode Pack(const MSCheckpointRun *run, Packed *pk)
{
  const MSPartition *p = run->part;
  MSAgents          *a = run->agents;
  int                L = run->g->nloc;
  int64_t           *bucket;
  Field              f[NFIELDS];

  PetscFunctionBegin;
  PetscCall(PetscMemzero(pk, sizeof(*pk)));
  PetscCall(PetscMalloc1(p->nowned + 1, &bucket));
  /* a rank's agents are all at its own locations, so the owner's index is the bucket */
  PetscCall(MSAgentsSortCanonical(a, p->ownidx, p->nowned, bucket));
  PetscCall(PetscCalloc2(L + 1, &pk->cnt, L + 1, &pk->off));
  for (int k = 0; k < p->nowned; k++) pk->cnt[p->owned[k]] = bucket[k + 1] - bucket[k];
  PetscCall(PetscFree(bucket));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, pk->cnt, L, MPI_INT64_T, MPI_SUM, p->comm));
  for (int i = 0; i < L; i++) pk->off[i + 1] = pk->off[i] + pk->cnt[i];
  pk->n = a->n, pk->N = pk->off[L];
  PetscCall(PetscMalloc1(pk->n + 1, &pk->plan));
  AgentFields(f, a, pk->plan);
  for (int64_t i = 0; i < pk->n; i++) {
    pk->plan[i] = a->path[i] < 0 ? NO_PLAN : ((uint32_t)a->path[i] << 8) | a->pos[i];
    pk->sum += AgentHash(f, i);
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &pk->sum, 1, MPI_UINT64_T, MPI_SUM, p->comm));
  PetscCheck(run->g->npaths < (1 << 24), p->comm, PETSC_ERR_SUP,
             "more than 2^24 paths: checkpoints cannot hold the plans");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Select, in the 1-D dataspace of the agents, the ranges of this rank's locations (runs
   merged). */
static PetscErrorCode SelectOwned(MSH5 *h, const char name[], hid_t space, const MSPartition *p,
                                  const int64_t *off)
{
  PetscFunctionBegin;
  MSH5Call(h, name, H5Sselect_none, (space));
  for (int k = 0; k < p->nowned;) {
    int e = k;
    while (e + 1 < p->nowned && p->owned[e + 1] == p->owned[e] + 1) e++;
    hsize_t start = (hsize_t)off[p->owned[k]],
            count = (hsize_t)(off[p->owned[e] + 1] - off[p->owned[k]]);
    if (count > 0)
      MSH5Call(h, name, H5Sselect_hyperslab, (space, H5S_SELECT_OR, &start, NULL, &count, NULL));
    k = e + 1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- writing */

/* The attributes of /: format, provenance, counts, checksums, the spawn state and the
   settings (in /settings). */
static PetscErrorCode WriteHeader(MSH5 *h, const MSCheckpointRun *run, const MSCheckpointState *st,
                                  const Packed *pk)
{
  int      fmt = MS_CHECKPOINT_FORMAT;
  uint64_t sh  = StateHash(st, run->g->nloc, pk->N);
  hid_t    f   = h->file, grp;
  struct {
    const char *name;
    hid_t       type;
    const void *v;
  } attr[] = {
      {"day", H5T_NATIVE_INT, &st->day},
      {"seed", H5T_NATIVE_UINT64, &st->seed},
      {"scenario_hash", H5T_NATIVE_UINT64, &st->scenario_hash},
      {"nagents", H5T_NATIVE_INT64, &pk->N},
      {"checksum", H5T_NATIVE_UINT64, &pk->sum},
      {"state_checksum", H5T_NATIVE_UINT64, &sh},
      {"spawn_debt", H5T_NATIVE_INT64, &st->spawn_debt},
      {"spawn_pending", H5T_NATIVE_INT64, &st->spawn_pending},
      {"spawn_total", H5T_NATIVE_INT64, &st->spawn_total},
      {"spawn_waited", H5T_NATIVE_INT64, &st->spawn_waited},
      {"spawn_beyond", H5T_NATIVE_INT64, &st->spawn_beyond},
      {"removed", H5T_NATIVE_INT64, &st->removed},
  };

  PetscFunctionBegin;
  PetscCall(MSH5AttributeWriteString(h, f, "format", format_name));
  PetscCall(MSH5AttributeWrite(h, f, "format_version", H5T_NATIVE_INT, 1, &fmt));
  PetscCall(MSH5AttributeWriteString(h, f, "code_version", MS_VERSION));
  PetscCall(MSH5AttributeWriteString(h, f, "git_commit", MS_GIT_COMMIT));
  for (size_t k = 0; k < sizeof(attr) / sizeof(attr[0]); k++)
    PetscCall(MSH5AttributeWrite(h, f, attr[k].name, attr[k].type, 1, attr[k].v));
  PetscCall(MSH5AttributeWrite(h, f, "warnings", H5T_NATIVE_INT64, 8, st->warn));
  PetscCall(MSH5GroupCreate(h, f, "settings", &grp));
  for (int i = 0; i < run->nset; i++)
    PetscCall(MSH5AttributeWriteString(h, grp, run->names[i], run->values[i]));
  PetscCall(MSH5Close(h, &grp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The index (agents per location), the populations and move chances, and the metrics history
   (rank 0). */
static PetscErrorCode WriteIndex(MSH5 *h, const MSCheckpointRun *run, const MSCheckpointState *st,
                                 const Packed *pk)
{
  hsize_t nl      = (hsize_t)run->g->nloc,
          hist[2] = {(hsize_t)st->day, (hsize_t)PetscMax(st->ncamps, 1)},
          hx[2]   = {(hsize_t)st->day, 3};

  PetscFunctionBegin;
  PetscCall(MSH5DatasetWrite(h, h->file, "count", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, &nl,
                             PETSC_TRUE, pk->cnt));
  PetscCall(MSH5DatasetWrite(h, h->file, "population", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &nl,
                             PETSC_TRUE, st->population));
  PetscCall(MSH5DatasetWrite(h, h->file, "movechance", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &nl,
                             PETSC_TRUE, st->chance));
  PetscCall(MSH5DatasetWrite(h, h->file, "history_camps", H5T_STD_I64LE, H5T_NATIVE_INT64, 2, hist,
                             (PetscBool)(st->ncamps > 0), st->camp_sim));
  PetscCall(MSH5DatasetWrite(h, h->file, "history_totals", H5T_STD_I64LE, H5T_NATIVE_INT64, 2, hx,
                             PETSC_TRUE, st->extra));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agent datasets, their space allocated but not written (the ranks write it): where each
   begins in the file, addr[NFIELDS]. */
static PetscErrorCode AllocateAgents(MSH5 *h, const Packed *pk, uint64_t addr[NFIELDS])
{
  Field   f[NFIELDS];
  hsize_t dim = (hsize_t)pk->N;
  hid_t   grp, dcpl;

  PetscFunctionBegin;
  AgentFields(f, &(MSAgents){0}, NULL);
  MSH5Open(h, NULL, dcpl, H5Pcreate, (H5P_DATASET_CREATE));
  MSH5Call(h, NULL, H5Pset_layout, (dcpl, H5D_CONTIGUOUS));
  MSH5Call(h, NULL, H5Pset_alloc_time, (dcpl, H5D_ALLOC_TIME_EARLY));
  MSH5Call(h, NULL, H5Pset_fill_time, (dcpl, H5D_FILL_TIME_NEVER));
  PetscCall(MSH5GroupCreate(h, h->file, "agents", &grp));
  for (int k = 0; k < NFIELDS; k++) {
    hid_t sp, d;
    MSH5Open(h, f[k].name, sp, H5Screate_simple, (1, &dim, NULL));
    MSH5Open(h, f[k].name, d, H5Dcreate2,
             (h->file, f[k].name, f[k].type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    PetscStackPushExternal("H5Dget_offset");
    addr[k] = (uint64_t)H5Dget_offset(d);
    PetscStackPop;
    if (pk->N > 0 && addr[k] == (uint64_t)HADDR_UNDEF)
      return MSH5Error(h, f[k].name, "H5Dget_offset", __LINE__, PETSC_FUNCTION_NAME, __FILE__);
    PetscCall(MSH5Close(h, &d));
    PetscCall(MSH5Close(h, &sp));
  }
  PetscCall(MSH5Close(h, &grp));
  PetscCall(MSH5Close(h, &dcpl));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0: the file with everything but the agents' values. */
static PetscErrorCode WriteMetadata(MSH5 *h, const MSCheckpointRun *run,
                                    const MSCheckpointState *st, const Packed *pk,
                                    uint64_t addr[NFIELDS])
{
  PetscFunctionBegin;
  PetscCall(MSH5FileCreate(h));
  PetscCall(WriteHeader(h, run, st, pk));
  PetscCall(WriteIndex(h, run, st, pk));
  PetscCall(AllocateAgents(h, pk, addr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Write n bytes at offset off of fd, whatever the system writes at a time. */
static int WriteAll(int fd, const char *buf, size_t n, off_t off)
{
  while (n > 0) {
    ssize_t w = pwrite(fd, buf, n, off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return w < 0 ? errno : EIO;
    buf += w, n -= (size_t)w, off += w;
  }
  return 0;
}

/* Each field's values of this rank's agents into fd, at the ranges of its locations (runs
   merged). kill_after >= 0 (tests): the process kills itself after that many fields, as a
   node failure would. */
static PetscErrorCode WriteFields(MSH5 *h, int fd, const MSCheckpointRun *run, const Packed *pk,
                                  const uint64_t addr[NFIELDS], int kill_after)
{
  const MSPartition *p = run->part;
  Field              f[NFIELDS];

  PetscFunctionBegin;
  AgentFields(f, run->agents, pk->plan);
  for (int k = 0; k < NFIELDS; k++) {
    int64_t mem = 0; /* this rank's agents before the run */
    for (int j = 0; j < p->nowned;) {
      int     e = j, err;
      int64_t n;
      while (e + 1 < p->nowned && p->owned[e + 1] == p->owned[e] + 1) e++;
      n   = pk->off[p->owned[e] + 1] - pk->off[p->owned[j]];
      err = WriteAll(fd, f[k].buf + (size_t)mem * f[k].size, (size_t)n * f[k].size,
                     (off_t)(addr[k] + (uint64_t)pk->off[p->owned[j]] * f[k].size));
      PetscCheck(!err, h->comm, PETSC_ERR_FILE_WRITE, "%s: field '%s': cannot write (%s)", h->path,
                 f[k].name, strerror(err));
      mem += n, j = e + 1;
    }
    if (kill_after >= 0 && k + 1 > kill_after) {
      (void)fsync(fd);
      PetscCallMPI(MPI_Barrier(h->comm));
      raise(SIGKILL);
    }
  }
  PetscCheck(!fsync(fd), h->comm, PETSC_ERR_FILE_WRITE, "%s: cannot write the agents (%s)", h->path,
             strerror(errno));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every rank: its agents into the space rank 0 allocated, made durable. */
static PetscErrorCode WriteAgents(MSH5 *h, const MSCheckpointRun *run, const Packed *pk,
                                  const uint64_t addr[NFIELDS], int kill_after)
{
  int            fd = open(h->path, O_WRONLY);
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCheck(fd >= 0, h->comm, PETSC_ERR_FILE_WRITE, "%s: cannot open the file (%s)", h->path,
             strerror(errno));
  ierr = WriteFields(h, fd, run, pk, addr, kill_after);
  PetscCheck(!close(fd) || ierr, h->comm, PETSC_ERR_FILE_WRITE, "%s: cannot write the agents (%s)",
             h->path, strerror(errno));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The whole file under the temporary name: rank 0 writes all but the agents' values and
   allocates their space, which every rank then fills with its own; a failure anywhere is an
   error on every rank. */
static PetscErrorCode WriteFile(MSH5 *h, const MSCheckpointRun *run, const MSCheckpointState *st,
                                const Packed *pk, int kill_after)
{
  uint64_t addr[NFIELDS];

  PetscFunctionBegin;
  MSErrorPhase(h->comm, run->part->rank == 0, MSH5End(h, WriteMetadata(h, run, st, pk, addr)));
  PetscCallMPI(MPI_Bcast(addr, NFIELDS, MPI_UINT64_T, 0, h->comm));
  MSErrorPhase(h->comm, PETSC_TRUE, WriteAgents(h, run, pk, addr, kill_after));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Make tmp the checkpoint path, durably and atomically: the old checkpoint becomes
   PATH.prev only once the new one is whole. */
static PetscErrorCode PutInPlace(const MSPartition *p, const char path[], const char tmp[])
{
  char      prev[PETSC_MAX_PATH_LEN + 8];
  PetscBool exists;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(prev, sizeof(prev), "%s.prev", path));
  PetscCall(MSFileExists(p->comm, path, &exists));
  if (exists) PetscCall(MSFileCommit(p->comm, path, prev, PETSC_TRUE));
  PetscCall(MSFileCommit(p->comm, tmp, path, PETSC_TRUE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCheckpointWrite(const char path[], const MSCheckpointRun *run,
                                 const MSCheckpointState *st, int kill_after)
{
  char           tmp[PETSC_MAX_PATH_LEN + 8];
  Packed         pk;
  MSH5           h;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  PetscCall(Pack(run, &pk));
  PetscCall(MSH5Begin(run->part->comm, tmp, " (disk full?)", &h));
  ierr = WriteFile(&h, run, st, &pk, kill_after);
  /* nothing half-written is left behind */
  if (ierr) PetscCall(MSFileRemove(run->part->comm, tmp));
  PetscCall(PackedFree(&pk));
  PetscCall(ierr);
  PetscCall(PutInPlace(run->part, path, tmp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- reading */

/* An attribute the checkpoint must have. */
static PetscErrorCode Get(MSH5 *h, hid_t obj, const char name[], hid_t type, hsize_t n, void *v)
{
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeRead(h, obj, name, type, n, v, &found));
  PetscCheck(
      found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
      "%s: field '%s': missing from the checkpoint (not a migrasim checkpoint, or truncated)",
      h->path, name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode GetString(MSH5 *h, hid_t obj, const char name[], char v[], size_t len)
{
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5AttributeReadString(h, obj, name, v, len, &found));
  PetscCheck(
      found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
      "%s: field '%s': missing from the checkpoint (not a migrasim checkpoint, or truncated)",
      h->path, name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Append "name: was -> now" to the description of the changes. */
static void NoteChange(char changed[], size_t len, const char name[], const char was[],
                       const char now[])
{
  size_t o = strlen(changed);
  if (o + 1 < len) snprintf(changed + o, len - o, "%s%s: %s -> %s", o ? "; " : "", name, was, now);
}

/* What is being read, and what the reading found. */
typedef struct {
  const MSCheckpointRun *run;
  unsigned               allow;         /* MS_CHECKPOINT_ALLOW_* */
  char                   settings[768]; /* the settings changed ("name: was -> now; ...") */
  char                   code[400];     /* the code changed ("version (commit) -> ...") */
} Reading;

/* The code that wrote the checkpoint, against this one's. */
static PetscErrorCode CheckCode(MSH5 *h, Reading *rd)
{
  char version[64], commit[64], was[160], now[160];

  PetscFunctionBegin;
  PetscCall(GetString(h, h->file, "code_version", version, sizeof(version)));
  PetscCall(GetString(h, h->file, "git_commit", commit, sizeof(commit)));
  if (!strcmp(version, MS_VERSION) && !strcmp(commit, MS_GIT_COMMIT))
    PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(rd->allow & MS_CHECKPOINT_ALLOW_VERSION, h->comm, PETSC_ERR_USER_INPUT,
             "%s: field 'git_commit': the checkpoint was written by migrasim %s (commit %s), this "
             "is %s (commit %s) (-restart_allow_version accepts it)",
             h->path, version, commit, MS_VERSION, MS_GIT_COMMIT);
  PetscCall(PetscSNPrintf(was, sizeof(was), "%s (%s)", version, commit));
  PetscCall(PetscSNPrintf(now, sizeof(now), "%s (%s)", MS_VERSION, MS_GIT_COMMIT));
  NoteChange(rd->code, sizeof(rd->code), "code", was, now);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What the checkpoint is: its format, its code, its scenario and its day. A file that is
   not a whole checkpoint fails with a PETSC_ERR_FILE_* error, one that does not fit the run
   with PETSC_ERR_USER_INPUT. */
static PetscErrorCode ReadHeader(MSH5 *h, Reading *rd, MSCheckpointState *st)
{
  const MSCheckpointRun *run = rd->run;
  char                   s[256];
  int                    fmt, day;
  uint64_t               hash;

  PetscFunctionBegin;
  PetscCall(GetString(h, h->file, "format", s, sizeof(s)));
  PetscCheck(!strcmp(s, format_name), h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'format': '%s' is not a migrasim checkpoint", h->path, s);
  PetscCall(Get(h, h->file, "format_version", H5T_NATIVE_INT, 1, &fmt));
  PetscCheck(fmt == MS_CHECKPOINT_FORMAT, h->comm, PETSC_ERR_USER_INPUT,
             "%s: field 'format_version': %d, but this migrasim (%s) reads version %d", h->path,
             fmt, MS_VERSION, MS_CHECKPOINT_FORMAT);
  PetscCall(CheckCode(h, rd));
  PetscCall(Get(h, h->file, "scenario_hash", H5T_NATIVE_UINT64, 1, &hash));
  PetscCheck(hash == st->scenario_hash, h->comm, PETSC_ERR_USER_INPUT,
             "%s: field 'scenario_hash': the checkpoint is of another scenario (or the scenario's "
             "files changed) than -scenario %s",
             h->path, run->scn->dir);
  PetscCall(Get(h, h->file, "day", H5T_NATIVE_INT, 1, &day));
  PetscCheck(day >= 1 && day <= run->days, h->comm, PETSC_ERR_USER_INPUT,
             "%s: field 'day': checkpoint of day %d, outside 1..%d (-days)", h->path, day,
             run->days);
  st->day = day;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The settings and the seed the checkpoint ran with, against the run's. */
static PetscErrorCode CheckSettings(MSH5 *h, Reading *rd, const MSCheckpointState *st)
{
  const MSCheckpointRun *run   = rd->run;
  PetscBool              allow = (PetscBool) !!(rd->allow & MS_CHECKPOINT_ALLOW_SETTINGS);
  char                   s[256], was[32], now[32];
  hid_t                  grp;
  uint64_t               seed;
  PetscBool              found;

  PetscFunctionBegin;
  PetscCall(MSH5Exists(h, h->file, "settings", &found));
  PetscCheck(found, h->comm, PETSC_ERR_FILE_READ,
             "%s: field 'settings': missing (not a migrasim checkpoint, or truncated)", h->path);
  MSH5Open(h, "settings", grp, H5Gopen2, (h->file, "settings", H5P_DEFAULT));
  for (int i = 0; i < run->nset; i++) {
    PetscCall(MSH5AttributeReadString(h, grp, run->names[i], s, sizeof(s), &found));
    PetscCheck(found || allow, h->comm, PETSC_ERR_USER_INPUT,
               "%s: field 'settings/%s': missing from the checkpoint "
               "(-restart_allow_changed_settings accepts it)",
               h->path, run->names[i]);
    if (!found || !strcmp(s, run->values[i])) continue;
    PetscCheck(allow, h->comm, PETSC_ERR_USER_INPUT,
               "%s: field '%s': the checkpoint ran with %s, this run has %s "
               "(-restart_allow_changed_settings accepts the change)",
               h->path, run->names[i], s, run->values[i]);
    NoteChange(rd->settings, sizeof(rd->settings), run->names[i], s, run->values[i]);
  }
  PetscCall(MSH5Close(h, &grp));
  PetscCall(Get(h, h->file, "seed", H5T_NATIVE_UINT64, 1, &seed));
  PetscCheck(seed == st->seed || allow, h->comm, PETSC_ERR_USER_INPUT,
             "%s: field 'seed': the checkpoint ran with seed %" PRIu64 ", this run has %" PRIu64
             " (-restart_allow_changed_settings accepts the change)",
             h->path, seed, st->seed);
  PetscCall(PetscSNPrintf(was, sizeof(was), "%" PRIu64, seed));
  PetscCall(PetscSNPrintf(now, sizeof(now), "%" PRIu64, st->seed));
  if (seed != st->seed) NoteChange(rd->settings, sizeof(rd->settings), "seed", was, now);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A replicated dataset of numbers of memory type type: count, a value per location, or a
   history of day rows of width values. */
static PetscErrorCode ReadRows(MSH5 *h, const char name[], int rank, hsize_t n, PetscBool read,
                               hid_t type, void *buf)
{
  hid_t     d;
  hsize_t   dims[2] = {0, 1};
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(MSH5Exists(h, h->file, name, &found));
  PetscCheck(found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '%s': missing (truncated checkpoint?)", h->path, name);
  PetscCall(MSH5DatasetOpen(h, h->file, name, rank, dims, &d));
  PetscCheck(dims[0] * dims[1] == n, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field '%s': wrong size for this scenario", h->path, name);
  if (read) MSH5Call(h, name, H5Dread, (d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
  PetscCall(MSH5Close(h, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Everything but the agents: the spawn state, the warnings, the index and the metrics
   history, checked against their checksum; pk->off from the index. */
static PetscErrorCode ReadState(MSH5 *h, const MSCheckpointRun *run, MSCheckpointState *st,
                                Packed *pk)
{
  int      L = run->g->nloc, day = st->day;
  uint64_t want;

  PetscFunctionBegin;
  PetscCall(Get(h, h->file, "nagents", H5T_NATIVE_INT64, 1, &pk->N));
  PetscCall(Get(h, h->file, "checksum", H5T_NATIVE_UINT64, 1, &pk->sum));
  PetscCall(Get(h, h->file, "spawn_debt", H5T_NATIVE_INT64, 1, &st->spawn_debt));
  PetscCall(Get(h, h->file, "spawn_pending", H5T_NATIVE_INT64, 1, &st->spawn_pending));
  PetscCall(Get(h, h->file, "spawn_total", H5T_NATIVE_INT64, 1, &st->spawn_total));
  PetscCall(Get(h, h->file, "spawn_waited", H5T_NATIVE_INT64, 1, &st->spawn_waited));
  PetscCall(Get(h, h->file, "spawn_beyond", H5T_NATIVE_INT64, 1, &st->spawn_beyond));
  PetscCall(Get(h, h->file, "removed", H5T_NATIVE_INT64, 1, &st->removed));
  PetscCall(Get(h, h->file, "warnings", H5T_NATIVE_INT64, 8, st->warn));
  PetscCall(ReadRows(h, "count", 1, (hsize_t)L, PETSC_TRUE, H5T_NATIVE_INT64, pk->cnt));
  PetscCall(
      ReadRows(h, "population", 1, (hsize_t)L, PETSC_TRUE, H5T_NATIVE_DOUBLE, st->population));
  PetscCall(ReadRows(h, "movechance", 1, (hsize_t)L, PETSC_TRUE, H5T_NATIVE_DOUBLE, st->chance));
  PetscCall(ReadRows(h, "history_camps", 2, (hsize_t)day * (hsize_t)PetscMax(st->ncamps, 1),
                     (PetscBool)(st->ncamps > 0), H5T_NATIVE_INT64, st->camp_sim));
  PetscCall(
      ReadRows(h, "history_totals", 2, (hsize_t)day * 3, PETSC_TRUE, H5T_NATIVE_INT64, st->extra));
  PetscCall(Get(h, h->file, "state_checksum", H5T_NATIVE_UINT64, 1, &want));
  PetscCheck(StateHash(st, L, pk->N) == want, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'state_checksum': the spawn state, populations, move chances, warnings or "
             "history do not match their checksum (corrupted checkpoint)",
             h->path);
  PetscCheck(st->spawn_total - st->removed == pk->N, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'spawn_total': %" PRId64 " agents spawned and %" PRId64
             " removed but %" PRId64 " stored (corrupted checkpoint)",
             h->path, st->spawn_total, st->removed, pk->N);
  pk->off[0] = 0;
  for (int i = 0; i < L; i++) {
    PetscCheck(pk->cnt[i] >= 0, h->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field 'count': negative count (corrupted checkpoint)", h->path);
    pk->off[i + 1] = pk->off[i] + pk->cnt[i];
  }
  PetscCheck(pk->off[L] == pk->N, h->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: field 'count': counts sum to %" PRId64 ", not nagents %" PRId64
             " (corrupted checkpoint)",
             h->path, pk->off[L], pk->N);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* This rank's agents: the ranges of its locations of every field. */
static PetscErrorCode ReadAgents(MSH5 *h, const MSCheckpointRun *run, Packed *pk)
{
  const MSPartition *p = run->part;
  Field              f[NFIELDS];
  hsize_t            nmem, one = 1;
  PetscBool          found;

  PetscFunctionBegin;
  pk->n = 0;
  for (int k = 0; k < p->nowned; k++) pk->n += pk->cnt[p->owned[k]];
  nmem = (hsize_t)pk->n;
  PetscCall(MSAgentsReserve(run->agents, pk->n));
  PetscCall(PetscFree(pk->plan));
  PetscCall(PetscMalloc1(pk->n + 1, &pk->plan));
  AgentFields(f, run->agents, pk->plan);
  PetscCall(MSH5Exists(h, h->file, "agents", &found));
  PetscCheck(found, h->comm, PETSC_ERR_FILE_READ,
             "%s: field 'agents': missing (truncated checkpoint?)", h->path);
  for (int k = 0; k < NFIELDS; k++) {
    hid_t   d, fs, ms;
    hsize_t dim;
    PetscCall(MSH5Exists(h, h->file, f[k].name, &found));
    PetscCheck(found, h->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field '%s': missing (truncated checkpoint?)", h->path, f[k].name);
    PetscCall(MSH5DatasetOpen(h, h->file, f[k].name, 1, &dim, &d));
    PetscCheck((int64_t)dim == pk->N, h->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: field '%s': %llu agents, not %" PRId64 " (corrupted checkpoint)", h->path,
               f[k].name, (unsigned long long)dim, pk->N);
    MSH5Open(h, f[k].name, fs, H5Dget_space, (d));
    PetscCall(SelectOwned(h, f[k].name, fs, p, pk->off));
    MSH5Open(h, f[k].name, ms, H5Screate_simple, (1, nmem > 0 ? &nmem : &one, NULL));
    if (nmem == 0) MSH5Call(h, f[k].name, H5Sselect_none, (ms));
    if (pk->N > 0) MSH5Call(h, f[k].name, H5Dread, (d, f[k].type, ms, fs, H5P_DEFAULT, f[k].buf));
    PetscCall(MSH5Close(h, &ms));
    PetscCall(MSH5Close(h, &fs));
    PetscCall(MSH5Close(h, &d));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every rank reads the file by itself (HDF5's default driver, read-only). */
static PetscErrorCode ReadFile(MSH5 *h, Reading *rd, MSCheckpointState *st, Packed *pk)
{
  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, 0, "-restart"));
  PetscCall(ReadHeader(h, rd, st));
  PetscCall(CheckSettings(h, rd, st));
  PetscCall(ReadState(h, rd->run, st, pk));
  PetscCall(ReadAgents(h, rd->run, pk));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The in-memory form of the agents read, every value checked before it is trusted. */
static PetscErrorCode Unpack(const char path[], const MSCheckpointRun *run, const Packed *pk)
{
  const MSPartition *p   = run->part;
  const MSGraph     *g   = run->g;
  MSAgents          *a   = run->agents;
  uint64_t           sum = 0;
  int64_t            i   = 0;
  int                bad = 0;
  Field              f[NFIELDS];

  PetscFunctionBegin;
  AgentFields(f, a, pk->plan);
  for (int k = 0; k < p->nowned; k++) {
    int l = p->owned[k];
    for (int64_t j = 0; j < pk->cnt[l]; j++, i++) {
      uint32_t plan = pk->plan[i];
      sum += AgentHash(f, i);
      a->loc[i]  = l;
      a->path[i] = plan == NO_PLAN ? -1 : (int32_t)(plan >> 8);
      a->pos[i]  = plan == NO_PLAN ? 0 : (uint8_t)(plan & 0xff);
      if (a->path[i] >= g->npaths || (a->path[i] >= 0 && a->pos[i] >= g->p_n[a->path[i]])) bad = 1;
      /* a traveller is on its plan's current link, which leaves its location */
      else if ((a->flags[i] & MS_AG_TRAVEL) &&
               (a->path[i] < 0 || g->dl_from[g->p_links[g->p_off[a->path[i]] + a->pos[i]]] != l))
        bad = 1;
    }
  }
  a->n = pk->n;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &sum, 1, MPI_UINT64_T, MPI_SUM, p->comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, p->comm));
  PetscCheck(
      sum == pk->sum, p->comm, PETSC_ERR_FILE_UNEXPECTED,
      "%s: field 'checksum': the agent data do not match their checksum (corrupted checkpoint)",
      path);
  PetscCheck(
      !bad, p->comm, PETSC_ERR_FILE_UNEXPECTED,
      "%s: field 'agents': a link or plan outside this scenario's graph (corrupted checkpoint)",
      path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Read the checkpoint path whole, or fail on every rank. */
static PetscErrorCode ReadOne(const char path[], Reading *rd, MSCheckpointState *st)
{
  const MSCheckpointRun *run = rd->run;
  Packed                 pk;
  MSH5                   h;
  PetscErrorCode         ierr;

  PetscFunctionBegin;
  rd->settings[0] = rd->code[0] = 0;
  run->agents->n                = 0;
  PetscCall(PetscMemzero(&pk, sizeof(pk)));
  PetscCall(PetscCalloc2(run->g->nloc + 1, &pk.cnt, run->g->nloc + 1, &pk.off));
  PetscCall(MSH5Begin(run->part->comm, path, " (truncated or corrupted file)", &h));
  MSErrorQuietPush();
  ierr = MSH5End(&h, ReadFile(&h, rd, st, &pk));
  MSErrorQuietPop();
  ierr = MSErrorAgree(h.comm, ierr);
  if (!ierr) ierr = Unpack(path, run, &pk);
  if (ierr) run->agents->n = 0;
  PetscCall(PackedFree(&pk));
  PetscFunctionReturn(ierr);
}

/* The day of the checkpoint path, as rank 0 reads it: -1 when it cannot, -2 when there is no
   such file. */
static PetscErrorCode PeekDay(MPI_Comm comm, const char path[], int *day)
{
  PetscMPIInt rank;
  PetscBool   exists;

  PetscFunctionBegin;
  *day = -2;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(MSFileExists(comm, path, &exists));
  if (exists && rank == 0) {
    MSH5      h;
    PetscBool found = PETSC_FALSE;
    int       d     = -1;

    MSErrorQuietPush();
    if (!MSH5Begin(PETSC_COMM_SELF, path, NULL, &h))
      (void)MSH5End(&h, MSH5FileOpen(&h, 0, NULL) ||
                            MSH5AttributeRead(&h, h.file, "day", H5T_NATIVE_INT, 1, &d, &found));
    MSErrorQuietPop();
    *day = found ? d : -1;
  }
  if (exists) PetscCallMPI(MPI_Bcast(day, 1, MPI_INT, 0, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSCheckpointRead(const char path[], const MSCheckpointRun *run, unsigned allow,
                                MSCheckpointState *st, char changed[], size_t len, char taken[],
                                size_t tlen)
{
  MPI_Comm       comm      = run->part->comm;
  const char    *suffix[3] = {"", ".tmp", ".prev"};
  char           cand[3][PETSC_MAX_PATH_LEN + 8], first[1024] = "";
  int            n = 3, day[3], order[3] = {0, 1, 2};
  PetscErrorCode ierr = PETSC_SUCCESS, code = PETSC_SUCCESS;
  Reading        rd = {run, allow, "", ""};
  size_t         l  = strlen(path);

  PetscFunctionBegin;
  changed[0] = taken[0] = 0;
  /* a file named as a copy is that file alone */
  if ((l > 4 && !strcmp(path + l - 4, ".tmp")) || (l > 5 && !strcmp(path + l - 5, ".prev"))) n = 1;
  for (int c = 0; c < n; c++) {
    PetscCall(PetscSNPrintf(cand[c], sizeof(cand[c]), "%s%s", path, suffix[c]));
    PetscCall(PeekDay(comm, cand[c], &day[c]));
  }
  /* the newest first, the one named first among equals; those without a day last */
  for (int a = 1; a < n; a++)
    for (int b = a; b > 0 && day[order[b]] > day[order[b - 1]]; b--) {
      int t    = order[b];
      order[b] = order[b - 1], order[b - 1] = t;
    }
  for (int c = 1; c < n; c++)
    if (day[c] == -1)
      PetscCall(PetscPrintf(comm, "restart: %s skipped: not a readable checkpoint\n", cand[c]));
  for (int k = 0; k < n; k++) {
    int c = order[k];
    if (c > 0 && day[c] < 0) continue; /* a copy that is not there, or not a checkpoint */
    MSErrorQuietPush();
    ierr = ReadOne(cand[c], &rd, st);
    MSErrorQuietPop();
    if (!ierr) {
      PetscCall(PetscStrncpy(taken, cand[c], tlen));
      if (c > 0 && day[0] == -1)
        PetscCall(PetscPrintf(comm, "restart: %s skipped: not a readable checkpoint\n", path));
      break;
    }
    /* a checkpoint that does not fit the run refuses the restart; a damaged one is skipped */
    if (ierr == PETSC_ERR_USER_INPUT) SETERRQ(comm, ierr, "%s", MSErrorGetLatest());
    if (!first[0] || c == 0) PetscCall(PetscStrncpy(first, MSErrorGetLatest(), sizeof(first)));
    if (!code || c == 0) code = ierr;
    PetscCall(PetscPrintf(comm, "restart: %s skipped: %s\n", cand[c], MSErrorGetLatest()));
  }
  PetscCheck(!ierr, comm, code, "%s", first);
  if (rd.settings[0])
    PetscCall(PetscSNPrintf(changed, len, "settings changed: %s%s%s%s", rd.settings,
                            rd.code[0] ? "; " : "", rd.code[0] ? "code changed: " : "", rd.code));
  else if (rd.code[0])
    PetscCall(PetscSNPrintf(changed, len, "code changed: %s", rd.code));
  PetscFunctionReturn(PETSC_SUCCESS);
}
