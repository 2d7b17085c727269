/* Agent storage: structure of arrays, grown in place; departures are filled from the end.

   Each field has its own reserved range of address space (MAP_NORESERVE), committed by the
   kernel page by page on first touch, so growing within it moves nothing while the resident
   memory stays that of the pages touched, as with malloc. A moved field (realloc's mremap)
   is costly on a paravirtualised MMU: every page of the moved mapping faults again on its
   next touch, 0.1-0.2 s on the day after a 10-million-agent store grew. */
#define _GNU_SOURCE /* mremap */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "ms_agents.h"

#if defined(__SANITIZE_ADDRESS__)
#  define MS_ASAN 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define MS_ASAN 1
#  endif
#endif
#if defined(MS_ASAN)
#  include <sanitizer/asan_interface.h>
/* AddressSanitizer knows nothing of a range's slack beyond cap: it is poisoned by hand, at
   a cost that grows with the range, so ranges stay small (and the sanitizer run takes the
   path of a growing reservation often) */
#  define MIN_RESERVE ((int64_t)1024)
#else
/* 2^25 agents are 0.9 GiB of address space a store (of 128 TiB): thousands of stores fit,
   and a rank of 10^8 agents remaps once at most on its way */
#  define MIN_RESERVE                       ((int64_t)1 << 25)
#  define ASAN_POISON_MEMORY_REGION(p, b)   ((void)(p), (void)(b))
#  define ASAN_UNPOISON_MEMORY_REGION(p, b) ((void)(p), (void)(b))
#endif

#define SIZEOF(type, name, desc)      sizeof(type),
#define PLUS_SIZEOF(type, name, desc) +sizeof(type)
#define ADDRESS(type, name, desc)     (void **)&a->name,

static const size_t elem[MS_AGENT_NFIELDS] = {MS_AGENT_FIELDS(SIZEOF)};

/* Field k of the store (MS_AGENT_F_*), in the order of elem[] and of res[] */
static void **Field(MSAgents *a, int k)
{
  void **f[MS_AGENT_NFIELDS] = {MS_AGENT_FIELDS(ADDRESS)};

  return f[k];
}

/* Whole pages holding n elements (one at least: every mapping has one) */
static size_t Span(size_t size, int64_t n)
{
  size_t page = (size_t)sysconf(_SC_PAGESIZE), b = size * (size_t)(n > 0 ? n : 1);

  return (b + page - 1) / page * page;
}

/* Under AddressSanitizer, [0, cap) addressable and the rest of the range of res not */
static void Poison(void *p, size_t size, int64_t cap, int64_t res)
{
  ASAN_UNPOISON_MEMORY_REGION(p, size * (size_t)cap);
  ASAN_POISON_MEMORY_REGION((char *)p + size * (size_t)cap, Span(size, res) - size * (size_t)cap);
}

/* A range for res elements, or p's range (of old elements) moved or extended to it; NULL when the
 * kernel refuses */
static void *Map(void *p, size_t size, int64_t old, int64_t res)
{
  void *q;

  if (p) {
    ASAN_UNPOISON_MEMORY_REGION(p, Span(size, old));
    q = mremap(p, Span(size, old), Span(size, res), MREMAP_MAYMOVE);
  } else
    q = mmap(NULL, Span(size, res), PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return q == MAP_FAILED ? NULL : q;
}

/* p's range of res elements given back to the kernel; 0 when it refuses */
static int Unmap(void *p, size_t size, int64_t res)
{
  if (!p) return 1;
  ASAN_UNPOISON_MEMORY_REGION(p, Span(size, res));
  return munmap(p, Span(size, res)) == 0;
}

/* A range for at least cap elements (p's moved there when p is set): generous, or exactly cap
   when the kernel refuses that (vm.overcommit_memory=2 counts the whole range, ulimit -v);
   0 when it refuses both */
static int Reserve(void **p, size_t size, int64_t *res, int64_t cap)
{
  int64_t want = PetscMax(4 * cap, MIN_RESERVE);
  void   *q    = Map(*p, size, *res, want);

  if (!q) q = Map(*p, size, *res, want = cap);
  if (!q) return 0;
  Poison(q, size, cap, want);
  *p = q, *res = want;
  return 1;
}

PetscErrorCode MSAgentsCreate(MSAgents **a)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every field's capacity to cap agents, in place unless cap exceeds its reservation; the
   whole pages beyond a smaller cap go back to the kernel (read as zeros if touched again) */
static PetscErrorCode Resize(MSAgents *a, int64_t cap)
{
  PetscFunctionBegin;
  for (int k = 0; k < MS_AGENT_NFIELDS; k++) {
    void **f = Field(a, k);

    if (cap > a->res[k])
      PetscCheck(Reserve(f, elem[k], &a->res[k], cap), PETSC_COMM_SELF, PETSC_ERR_MEM,
                 "out of memory growing the agent store to %" PRId64 " agents", cap);
    else if (cap < a->cap) {
      size_t keep = Span(elem[k], cap), end = Span(elem[k], a->res[k]);

      PetscCheck(keep == end || !madvise((char *)*f + keep, end - keep, MADV_DONTNEED),
                 PETSC_COMM_SELF, PETSC_ERR_SYS,
                 "cannot give back the agent store's memory beyond %" PRId64 " agents", cap);
    }
    Poison(*f, elem[k], cap, a->res[k]);
  }
  a->cap = cap;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fault in, in one call a field, the pages that agents [a->n, n) are about to be written
   to: a first touch costs about 12 us a page on this kind of VM, one by one, and 3 us when
   the kernel populates a range at once. Small appends are left to ordinary faults. Only
   what is about to be used is populated: the slack of the capacity stays unresident. */
static void Populate(MSAgents *a, int64_t n)
{
#if defined(MADV_POPULATE_WRITE)
  size_t page = (size_t)sysconf(_SC_PAGESIZE);

  for (int k = 0; k < MS_AGENT_NFIELDS; k++) {
    size_t lo = elem[k] * (size_t)a->n / page * page, hi = elem[k] * (size_t)n;
    if (hi > lo + 16 * page)
      (void)madvise((char *)*Field(a, k) + lo, hi - lo,
                    MADV_POPULATE_WRITE); /* an optimisation: failure is harmless */
  }
#else
  (void)a, (void)n;
#endif
}

PetscErrorCode MSAgentsReserve(MSAgents *a, int64_t n)
{
  int64_t cap;

  PetscFunctionBegin;
  if (n > a->cap) {
    cap = a->cap + a->cap / 8; /* slack is resident memory: grow by an eighth */
    if (cap < n) cap = n;
    if (cap < 1024) cap = 1024;
    PetscCall(Resize(a, cap));
  }
  Populate(a, n);
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
  PetscCheck(
      first + count <= ((int64_t)1 << MS_ID_INDEX_BITS) && day < (1 << MS_ID_DAY_BITS) &&
          loc < (1 << MS_ID_LOC_BITS),
      PETSC_COMM_SELF, PETSC_ERR_SUP,
      "agent ids hold at most 2^%d agents per location and day, 2^%d days and 2^%d locations",
      MS_ID_INDEX_BITS, MS_ID_DAY_BITS, MS_ID_LOC_BITS);
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
#define MOVE(type, name, desc) a->name[j] = a->name[i];
  MS_AGENT_FIELDS(MOVE)
#undef MOVE
}

PetscErrorCode MSAgentsCopy(const MSAgents *from, MSAgents *to)
{
  PetscFunctionBegin;
  to->n = 0;
  PetscCall(MSAgentsReserve(to, from->n));
#define MS_AGENT_COPY(type, name, desc) PetscCall(PetscArraycpy(to->name, from->name, from->n));
  MS_AGENT_FIELDS(MS_AGENT_COPY)
#undef MS_AGENT_COPY
  to->n = from->n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSAgentsRemove(MSAgents *a, const int64_t *hole, int64_t nhole)
{
  int64_t n = a->n - nhole, tail = a->n - 1;

  PetscFunctionBegin;
  /* holes below the new end take the survivors from above it, in one pass from each side */
  for (int64_t h = 0; h < nhole && hole[h] < n; h++) {
    if (h + MS_AHEAD < nhole) MSAgentsPrefetch(a, hole[h + MS_AHEAD]);
    while (a->loc[tail] < 0) tail--;
    MoveAgent(a, hole[h], tail--);
  }
  a->n = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Field name (of type type) rebuilt by the statement fill into dst, a fresh range, before
   the old range is unmapped */
#define REBUILD(type, name, fill)                                                                  \
  do {                                                                                             \
    type   *dst = NULL;                                                                            \
    int64_t res = 0;                                                                               \
    PetscCheck(Reserve((void **)&dst, sizeof(type), &res, a->cap), PETSC_COMM_SELF, PETSC_ERR_MEM, \
               "out of memory sorting agents");                                                    \
    fill;                                                                                          \
    PetscCheck(Unmap(a->name, sizeof(type), a->res[MS_AGENT_F_##name]), PETSC_COMM_SELF,           \
               PETSC_ERR_SYS, "cannot unmap the agent store");                                     \
    a->name = dst, a->res[MS_AGENT_F_##name] = res;                                                \
  } while (0);
#define SCATTER(type, name, desc) \
  REBUILD(type, name,             \
          for (int64_t i = 0; i < a->n; i++) if (dest[i] != UINT32_MAX) dst[dest[i]] = a->name[i])

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
  PetscCheck(a->n < (int64_t)UINT32_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP,
             "more than 2^32 agents on one rank; use more ranks");
  PetscCall(PetscMalloc1(a->n + 1, &dest));
  for (int64_t i = 0; i < a->n; i++)
    dest[i] = a->loc[i] >= 0 ? (uint32_t)fill[key[a->loc[i]]]++ : UINT32_MAX;
  MS_AGENT_FIELDS(SCATTER)
  PetscCall(PetscFree(dest));
  a->n = off[nkeys];
  PetscCall(PetscFree(fill));
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define GATHER(type, name, desc) \
  REBUILD(type, name, for (int64_t j = 0; j < n; j++) dst[j] = a->name[perm[j]])

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
  /* apart: the radix sort swaps p and q, and all but perm go before the fields are rebuilt */
  PetscCall(PetscMalloc1(n + 1, &p));
  PetscCall(PetscMalloc1(n + 1, &q));
  PetscCall(PetscMalloc1(65536 + 1, &cnt));
  PetscCall(PetscMalloc1(n + 1, &perm));
  for (int64_t i = 0, k = 0; i < a->n; i++)
    if (a->loc[i] >= 0) p[k].id = a->id[i], p[k].i = i, k++;
  /* LSD radix sort by id, 16 bits a pass; then a stable counting sort by location */
  for (int shift = 0; shift < 64; shift += 16) {
    memset(cnt, 0, sizeof(int64_t) * (65536 + 1));
    for (int64_t k = 0; k < n; k++) cnt[((p[k].id >> shift) & 0xffff) + 1]++;
    if (n == 0 || cnt[((p[0].id >> shift) & 0xffff) + 1] == n)
      continue; /* one digit value: the pass changes nothing */
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
  PetscCall(PetscFree(p));
  PetscCall(PetscFree(q));
  PetscCall(PetscFree(cnt));
  MS_AGENT_FIELDS(GATHER)
  PetscCall(PetscFree(perm));
  a->n = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int64_t MSAgentsBytes(const MSAgents *a)
{
  return a->cap * (int64_t)(0 MS_AGENT_FIELDS(PLUS_SIZEOF));
}

PetscErrorCode MSAgentsDestroy(MSAgents **ap)
{
  MSAgents *a = *ap;

  PetscFunctionBegin;
  if (!a) PetscFunctionReturn(PETSC_SUCCESS);
  for (int k = 0; k < MS_AGENT_NFIELDS; k++)
    PetscCheck(Unmap(*Field(a, k), elem[k], a->res[k]), PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot unmap the agent store");
  PetscCall(PetscFree(*ap));
  PetscFunctionReturn(PETSC_SUCCESS);
}
