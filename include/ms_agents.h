/* ms_agents: the agents a rank owns, as a structure of arrays.
 *
 * 28 bytes an agent. An agent's home location and day of displacement are encoded in
 * its 64-bit id (MSAgentId), which is assigned at spawn from (day, location, index) and
 * so never depends on which rank created it. The link a traveller is on is not stored:
 * it is the plan's current link (every trip follows a path of the graph's path table).
 * wake is the next day on which the agent acts; the loop of a day touches only the
 * agents whose wake is that day (see ms_step.h).
 *
 * Each field sits in its own reserved range of address space, of res[k] agents, which
 * costs no memory until touched: growing within it never moves the field (see agents.c). */
#ifndef MS_AGENTS_H
#define MS_AGENTS_H

#include "migrasim.h"

#define MS_AG_WALKED 0x1u /* has completed at least one link (start_on_foot) */
#define MS_AG_TRAVEL 0x2u /* on the link path[pos] of its plan, km along it */

#define MS_WAKE_NEVER 0xffffu /* beyond any day a run can have (days < 2^MS_ID_DAY_BITS) */

#define MS_ID_DAY_BITS   15
#define MS_ID_LOC_BITS   20
#define MS_ID_INDEX_BITS 29

typedef struct {
  int64_t   n, cap;
  uint64_t *id;
  int32_t  *loc;  /* location, or the start of the link the agent travels on; -1: left the rank */
  float    *km;   /* km covered on the link */
  int32_t  *path; /* planned path (MSGraph path id), -1 when none */
  float    *r;    /* recent-travel average (avoid_short_stints), as of the start of day wake */
  uint16_t *
      wake; /* next day the agent acts (MS_WAKE_NEVER: not while its location's move chance is 0) */
  uint8_t *pos;   /* next link of the plan (the current one while travelling) */
  uint8_t *flags; /* MS_AG_* */
  int64_t
      res[8]; /* agents each field's range holds, in the order above (address space, not memory) */
} MSAgents;

/* Id of the index-th agent spawned at location loc on day day. */
static inline uint64_t MSAgentId(int day, int loc, int64_t index)
{
  return ((uint64_t)day << (MS_ID_LOC_BITS + MS_ID_INDEX_BITS)) |
         ((uint64_t)loc << MS_ID_INDEX_BITS) | (uint64_t)index;
}
static inline int MSAgentIdDay(uint64_t id)
{
  return (int)(id >> (MS_ID_LOC_BITS + MS_ID_INDEX_BITS));
}
static inline int MSAgentIdHome(uint64_t id)
{
  return (int)((id >> MS_ID_INDEX_BITS) & ((1u << MS_ID_LOC_BITS) - 1));
}

/* Create an empty store. */
PetscErrorCode MSAgentsCreate(MSAgents **a);

/* Make room for at least n agents in total (grows by an eighth at least, to bound the
   slack); in place unless n exceeds the reservation, which then moves to one of 4n or more. */
PetscErrorCode MSAgentsReserve(MSAgents *a, int64_t n);

/* Give back the memory beyond n plus a sixteenth, in place (after agents left for other ranks). */
PetscErrorCode MSAgentsShrink(MSAgents *a);

/* Append count new agents at location loc with ids MSAgentId(day, loc, first .. first+count-1),
   waking on day (the caller schedules them: MSStepScheduleNew). */
PetscErrorCode MSAgentsSpawn(MSAgents *a, int day, int loc, int64_t first, int64_t count);

/* Start fetching the cache line of p. GCC 12 drops __builtin_prefetch() calls whose
   addresses come from a structure's fields (every prefetch of the functions below vanished
   at -O1 and above), so on x86-64 the instruction is written out, where the compiler keeps it. */
static inline void MSPrefetch(const void *p)
{
#if defined(__x86_64__) && defined(__GNUC__)
  __asm__ volatile("prefetcht0 %0" : : "m"(*(const char *)p));
#else
  __builtin_prefetch(p);
#endif
}

/* Agents handled in scattered order are prefetched this many ahead. */
#define MS_AHEAD 16

/* Start fetching every field of agent i into the cache: a pass over scattered agents then
   overlaps their misses instead of taking them one by one. */
static inline void MSAgentsPrefetch(const MSAgents *a, int64_t i)
{
  MSPrefetch(a->id + i), MSPrefetch(a->loc + i), MSPrefetch(a->km + i), MSPrefetch(a->path + i);
  MSPrefetch(a->r + i), MSPrefetch(a->wake + i), MSPrefetch(a->pos + i), MSPrefetch(a->flags + i);
}

/* Remove the agents at the ascending indices hole[0..nhole) (they left the rank) by moving
   agents from the end into their places: the cost is that of the departures. */
PetscErrorCode MSAgentsRemove(MSAgents *a, const int64_t *hole, int64_t nhole);

/* Drop the agents whose loc is negative (they left the rank) and reorder the rest by key[loc] (a
   dense key in [0, nkeys)) with a stable counting sort; off[nkeys+1] receives the bucket offsets.
 */
PetscErrorCode MSAgentsSortByLocation(MSAgents *a, const int *key, int nkeys, int64_t *off);

/* Drop agents whose loc is negative and order the rest by (key[loc], id): the canonical
   order of checkpoints, the same on any number of ranks. off[nkeys+1] gets the buckets. */
PetscErrorCode MSAgentsSortCanonical(MSAgents *a, const int *key, int nkeys, int64_t *off);

/* Bytes of agent storage the capacity commits, cap x 28 (for the benchmark; the reserved
   address space beyond is not counted). */
int64_t MSAgentsBytes(const MSAgents *a);

/* Unmap the fields and free the store. */
PetscErrorCode MSAgentsDestroy(MSAgents **a);

#endif
