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
#define MS_AG_LEAVE  0x4u /* leaves the simulation on day wake (camps_are_sinks, ms_step.h) */

#define MS_WAKE_NEVER 0xffffu /* beyond any day a run can have (days < 2^MS_ID_DAY_BITS) */

#define MS_ID_DAY_BITS   15
#define MS_ID_LOC_BITS   20
#define MS_ID_INDEX_BITS 29

/* Every field of an agent, listed once: X(type, name, description). The store (MSAgents)
   holds an array of each, a migrant (MSMigrant) a value of each, and every loop over the
   fields (agents.c, the migrants' pack and unpack, the thief's store of step_steal.c)
   follows this list: a new field is a line here, plus its value at spawn (MSAgentsSpawn) and
   its use. Checkpoints encode the agents their own way (checkpoint.c). */
#define MS_AGENT_FIELDS(X)                                                                      \
  X(uint64_t, id, "global id, holding the home location and day of displacement (MSAgentId)")   \
  X(int32_t, loc, "location, or the start of the link the agent travels on; -1: left the rank") \
  X(float, km, "km covered on the link")                                                        \
  X(int32_t, path, "planned path (MSGraph path id), -1 when none")                              \
  X(float, r, "recent-travel average (avoid_short_stints), as of the start of day wake")        \
  X(uint16_t, wake, "next day the agent acts (MS_WAKE_NEVER: not while its move chance is 0)")  \
  X(uint8_t, pos, "next link of the plan (the current one while travelling)")                   \
  X(uint8_t, flags, "MS_AG_*")

/* The fields' indices in the list: MS_AGENT_F_id, ...; and their number. */
#define MS_AGENT_INDEX(type, name, desc) MS_AGENT_F_##name,
enum { MS_AGENT_FIELDS(MS_AGENT_INDEX) MS_AGENT_NFIELDS };
#undef MS_AGENT_INDEX

#define MS_AGENT_ARRAY(type, name, desc) type *name;
typedef struct {
  int64_t n, cap;
  MS_AGENT_FIELDS(MS_AGENT_ARRAY)
  int64_t res[MS_AGENT_NFIELDS]; /* agents each field's range holds (address space, not memory) */
} MSAgents;
#undef MS_AGENT_ARRAY

/* An agent as a value: in flight to another rank, or handed to a thief. */
#define MS_AGENT_VALUE(type, name, desc) type name;
typedef struct {
  MS_AGENT_FIELDS(MS_AGENT_VALUE)
} MSMigrant;
#undef MS_AGENT_VALUE

/* Agent i of a as a migrant. */
static inline void MSMigrantPack(const MSAgents *a, int64_t i, MSMigrant *m)
{
#define MS_AGENT_PACK(type, name, desc) m->name = a->name[i];
  MS_AGENT_FIELDS(MS_AGENT_PACK)
#undef MS_AGENT_PACK
}

/* Migrant m stored as agent i of a. */
static inline void MSMigrantUnpack(const MSMigrant *m, MSAgents *a, int64_t i)
{
#define MS_AGENT_UNPACK(type, name, desc) a->name[i] = m->name;
  MS_AGENT_FIELDS(MS_AGENT_UNPACK)
#undef MS_AGENT_UNPACK
}

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
#define MS_AGENT_PREFETCH(type, name, desc) MSPrefetch(a->name + i);
  MS_AGENT_FIELDS(MS_AGENT_PREFETCH)
#undef MS_AGENT_PREFETCH
}

/* Make to hold the same agents as from, in the same order (to's earlier agents are dropped). */
PetscErrorCode MSAgentsCopy(const MSAgents *from, MSAgents *to);

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

/* Bytes of agent storage the capacity commits, cap x 28 (the fields' sizes; for the benchmark; the
   reserved address space beyond is not counted). */
int64_t MSAgentsBytes(const MSAgents *a);

/* Unmap the fields and free the store. */
PetscErrorCode MSAgentsDestroy(MSAgents **a);

#endif
