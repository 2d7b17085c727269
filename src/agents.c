/* Agent storage: structure of arrays, grown in place; departures are filled from the end. */
#include <stdlib.h>
#include <string.h>
#include "ms_agents.h"

PetscErrorCode MSAgentsCreate(MSAgents **a)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* realloc keeps the peak at one field's worth of copying, not the whole store's */
static PetscErrorCode Realloc(void **p, size_t elem, int64_t cap)
{
  void *q;

  PetscFunctionBegin;
  q = realloc(*p, elem * (size_t)(cap > 0 ? cap : 1));
  PetscCheck(q, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory growing the agent store to %" PRId64 " agents", cap);
  *p = q;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every field's allocation to cap agents. */
static PetscErrorCode Resize(MSAgents *a, int64_t cap)
{
  PetscFunctionBegin;
  PetscCall(Realloc((void **)&a->id, sizeof(*a->id), cap));
  PetscCall(Realloc((void **)&a->loc, sizeof(*a->loc), cap));
  PetscCall(Realloc((void **)&a->km, sizeof(*a->km), cap));
  PetscCall(Realloc((void **)&a->path, sizeof(*a->path), cap));
  PetscCall(Realloc((void **)&a->r, sizeof(*a->r), cap));
  PetscCall(Realloc((void **)&a->wake, sizeof(*a->wake), cap));
  PetscCall(Realloc((void **)&a->pos, sizeof(*a->pos), cap));
  PetscCall(Realloc((void **)&a->flags, sizeof(*a->flags), cap));
  a->cap = cap;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSAgentsReserve(MSAgents *a, int64_t n)
{
  int64_t cap;

  PetscFunctionBegin;
  if (n <= a->cap) PetscFunctionReturn(PETSC_SUCCESS);
  cap = a->cap + a->cap / 8; /* slack is resident memory: grow by an eighth */
  if (cap < n) cap = n;
  if (cap < 1024) cap = 1024;
  PetscCall(Resize(a, cap));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSAgentsShrink(MSAgents *a)
{
  int64_t cap = a->n + a->n / 16;

  PetscFunctionBegin;
  if (cap < 1024) cap = 1024;
  if (a->cap <= cap + cap / 8) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(Resize(a, cap));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSAgentsSpawn(MSAgents *a, int day, int loc, int64_t first, int64_t count)
{
  int64_t n0 = a->n;

  PetscFunctionBegin;
  PetscCheck(first + count <= ((int64_t)1 << MS_ID_INDEX_BITS) && day < (1 << MS_ID_DAY_BITS) && loc < (1 << MS_ID_LOC_BITS), PETSC_COMM_SELF, PETSC_ERR_SUP,
             "agent ids hold at most 2^%d agents per location and day, 2^%d days and 2^%d locations", MS_ID_INDEX_BITS, MS_ID_DAY_BITS, MS_ID_LOC_BITS);
  PetscCall(MSAgentsReserve(a, n0 + count));
  for (int64_t k = 0; k < count; k++) {
    a->id[n0 + k]    = MSAgentId(day, loc, first + k);
    a->loc[n0 + k]   = loc;
    a->wake[n0 + k]  = (uint16_t)day;
    a->km[n0 + k]    = 0.0f;
    a->path[n0 + k]  = -1;
    a->pos[n0 + k]   = 0;
    a->flags[n0 + k] = 0;
    a->r[n0 + k]     = 0.0f;
  }
  a->n = n0 + count;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Move agent i to slot j (j's agent has left). */
static inline void MoveAgent(MSAgents *a, int64_t j, int64_t i)
{
  a->id[j] = a->id[i], a->loc[j] = a->loc[i], a->km[j] = a->km[i], a->path[j] = a->path[i];
  a->r[j] = a->r[i], a->wake[j] = a->wake[i], a->pos[j] = a->pos[i], a->flags[j] = a->flags[i];
}

PetscErrorCode MSAgentsRemove(MSAgents *a, const int64_t *hole, int64_t nhole)
{
  int64_t n = a->n - nhole, tail = a->n - 1;

  PetscFunctionBegin;
  /* holes below the new end take the survivors from above it, in one pass from each side */
  for (int64_t h = 0; h < nhole && hole[h] < n; h++) {
    while (a->loc[tail] < 0) tail--;
    MoveAgent(a, hole[h], tail--);
  }
  a->n = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define SCATTER(field, type) \
  do { \
    type *dst = malloc(sizeof(type) * (size_t)(a->cap > 0 ? a->cap : 1)); \
    PetscCheck(dst, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory sorting agents"); \
    for (int64_t i = 0; i < a->n; i++) \
      if (dest[i] != UINT32_MAX) dst[dest[i]] = a->field[i]; \
    free(a->field); \
    a->field = dst; \
  } while (0)

PetscErrorCode MSAgentsSortByLocation(MSAgents *a, const int *key, int nkeys, int64_t *off)
{
  int64_t  *fill;
  uint32_t *dest; /* 4 bytes an agent: a rank holds fewer than 2^32 agents */

  PetscFunctionBegin;
  PetscCall(PetscArrayzero(off, nkeys + 1));
  for (int64_t i = 0; i < a->n; i++)
    if (a->loc[i] >= 0) off[key[a->loc[i]] + 1]++;
  for (int k = 0; k < nkeys; k++) off[k + 1] += off[k];
  /* one field at a time through a fresh array: the peak is one field, not a second store */
  PetscCall(PetscMalloc1(nkeys + 1, &fill));
  PetscCall(PetscArraycpy(fill, off, nkeys + 1));
  dest = malloc(sizeof(*dest) * (size_t)(a->n > 0 ? a->n : 1));
  PetscCheck(dest, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory sorting agents");
  PetscCheck(a->n < (int64_t)UINT32_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP, "more than 2^32 agents on one rank; use more ranks");
  for (int64_t i = 0; i < a->n; i++) dest[i] = a->loc[i] >= 0 ? (uint32_t)fill[key[a->loc[i]]]++ : UINT32_MAX;
  SCATTER(id, uint64_t);
  SCATTER(loc, int32_t);
  SCATTER(km, float);
  SCATTER(path, int32_t);
  SCATTER(r, float);
  SCATTER(wake, uint16_t);
  SCATTER(pos, uint8_t);
  SCATTER(flags, uint8_t);
  free(dest);
  a->n = off[nkeys];
  PetscCall(PetscFree(fill));
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define GATHER(field, type) \
  do { \
    type *dst = malloc(sizeof(type) * (size_t)(a->cap > 0 ? a->cap : 1)); \
    PetscCheck(dst, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory sorting agents"); \
    for (int64_t j = 0; j < n; j++) dst[j] = a->field[perm[j]]; \
    free(a->field); \
    a->field = dst; \
  } while (0)

PetscErrorCode MSAgentsSortCanonical(MSAgents *a, const int *key, int nkeys, int64_t *off)
{
  typedef struct {
    uint64_t id;
    int64_t  i;
  } Pair;
  Pair    *p, *q, *t;
  int64_t *cnt, n = 0, *perm;

  PetscFunctionBegin;
  for (int64_t i = 0; i < a->n; i++) n += a->loc[i] >= 0;
  p    = malloc(sizeof(Pair) * (size_t)(n + 1));
  q    = malloc(sizeof(Pair) * (size_t)(n + 1));
  cnt  = malloc(sizeof(int64_t) * (65536 + 1));
  perm = malloc(sizeof(int64_t) * (size_t)(n + 1));
  PetscCheck(p && q && cnt && perm, PETSC_COMM_SELF, PETSC_ERR_MEM, "out of memory sorting agents");
  for (int64_t i = 0, k = 0; i < a->n; i++)
    if (a->loc[i] >= 0) p[k].id = a->id[i], p[k].i = i, k++;
  /* LSD radix sort by id, 16 bits a pass; then a stable counting sort by location */
  for (int shift = 0; shift < 64; shift += 16) {
    memset(cnt, 0, sizeof(int64_t) * (65536 + 1));
    for (int64_t k = 0; k < n; k++) cnt[((p[k].id >> shift) & 0xffff) + 1]++;
    if (n == 0 || cnt[((p[0].id >> shift) & 0xffff) + 1] == n) continue; /* one digit value: the pass changes nothing */
    for (int d = 0; d < 65536; d++) cnt[d + 1] += cnt[d];
    for (int64_t k = 0; k < n; k++) q[cnt[(p[k].id >> shift) & 0xffff]++] = p[k];
    t = p, p = q, q = t;
  }
  PetscCall(PetscArrayzero(off, nkeys + 1));
  for (int64_t k = 0; k < n; k++) off[key[a->loc[p[k].i]] + 1]++;
  for (int b = 0; b < nkeys; b++) off[b + 1] += off[b];
  {
    int64_t *fill;
    PetscCall(PetscMalloc1(nkeys + 1, &fill));
    PetscCall(PetscArraycpy(fill, off, nkeys + 1));
    for (int64_t k = 0; k < n; k++) perm[fill[key[a->loc[p[k].i]]]++] = p[k].i;
    PetscCall(PetscFree(fill));
  }
  free(p), free(q), free(cnt);
  GATHER(id, uint64_t);
  GATHER(loc, int32_t);
  GATHER(km, float);
  GATHER(path, int32_t);
  GATHER(r, float);
  GATHER(wake, uint16_t);
  GATHER(pos, uint8_t);
  GATHER(flags, uint8_t);
  free(perm);
  a->n = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int64_t MSAgentsBytes(const MSAgents *a)
{
  return a->cap * (int64_t)(sizeof(*a->id) + sizeof(*a->loc) + sizeof(*a->km) + sizeof(*a->path) + sizeof(*a->r) + sizeof(*a->wake) + sizeof(*a->pos) + sizeof(*a->flags));
}

PetscErrorCode MSAgentsDestroy(MSAgents **ap)
{
  MSAgents *a = *ap;

  PetscFunctionBegin;
  if (!a) PetscFunctionReturn(PETSC_SUCCESS);
  free(a->id), free(a->loc), free(a->km), free(a->path), free(a->r), free(a->wake), free(a->pos), free(a->flags);
  PetscCall(PetscFree(*ap));
  PetscFunctionReturn(PETSC_SUCCESS);
}
