/* ms_exchange: agents that cross a partition boundary, sent to the rank that owns their
 * new location over a distributed-graph communicator of neighbouring ranks.
 *
 * While a rank still steps its own agents, a neighbour's queue that has grown long enough
 * goes to it point to point (MPI_Isend), and what has arrived goes on between blocks, so
 * that ranks do not wait on each other for most crossers. Then rounds until no agent has
 * distance left: two phases per round, as in SWIFT's proxies, counts first
 * (MPI_Neighbor_alltoall), then the payload (MPI_Neighbor_alltoallv), so no buffer is sized
 * by guesswork. */
#ifndef MS_EXCHANGE_H
#define MS_EXCHANGE_H

#include "ms_agents.h"
#include "ms_partition.h"

/* An agent in flight: its state plus what is left of its day. */
typedef struct {
  uint64_t id;
  double   km_left, moved; /* exact doubles: the receiving rank goes on bit-for-bit */
  int32_t  loc, path;
  float    r;
  uint16_t hop;
  uint8_t  pos, flags;
} MSMigrant;

typedef struct _p_MSExchange *MSExchange;

/* Build the neighbourhood of this rank (ranks owning a location joined to one of ours by a route). */
PetscErrorCode MSExchangeCreate(const MSPartition *part, const MSGraph *g, MSExchange *ex);

/* Queue migrant m for rank dest, which must be a neighbour. */
PetscErrorCode MSExchangePost(MSExchange ex, int dest, const MSMigrant *m);

/* Send everything queued and receive what the neighbours sent: *in (owned by ex, valid
   until the next call) gets *nin migrants. Collective over the neighbourhood. */
PetscErrorCode MSExchangeRun(MSExchange ex, const MSMigrant **in, int64_t *nin);

/* Queues of at least n migrants go early (MSExchangeSendEarly); 0: none do. */
void MSExchangeSetEarlyMin(MSExchange ex, int64_t n);

/* Send early, point to point, every neighbour's queue that has grown long enough, while
   this rank still steps its own agents: the neighbour can go on with them before the
   rounds. Not collective. */
PetscErrorCode MSExchangeSendEarly(MSExchange ex);

/* The early messages that have arrived, without waiting: *in (owned by ex, valid until the
   next early call) gets *nin migrants. Not collective. */
PetscErrorCode MSExchangePollEarly(MSExchange ex, const MSMigrant **in, int64_t *nin);

/* End of the early sends: the early messages not yet received are waited for and returned
   as in MSExchangePollEarly(); this rank's own early sends are completed. Collective over
   the neighbourhood; call before the rounds of MSExchangeRun(). */
PetscErrorCode MSExchangeDrainEarly(MSExchange ex, const MSMigrant **in, int64_t *nin);

/* Migrants queued since the last MSExchangeRun() or early send. */
int64_t MSExchangeQueued(MSExchange ex);

/* Total bytes this rank has sent (for the benchmark), and of those the bytes sent early. */
int64_t MSExchangeBytesSent(MSExchange ex);
int64_t MSExchangeBytesEarly(MSExchange ex);

/* The buffers of a run's migrations, kept from one to the next (start zeroed). */
typedef struct {
  void    *sbuf, *rbuf;
  int64_t *hole;
  int64_t  scap, rcap, hcap;
} MSMigration;

/* Free the buffers of the migrations. */
PetscErrorCode MSExchangeMigrationFree(MSMigration *mig);

/* Send every agent of a whose location (of nloc) the new partition np gives to another rank
   to that rank, and receive this rank's new agents (a rebalance), through the buffers mig.
   *moved: agents sent. */
PetscErrorCode MSExchangeMigrate(const MSPartition *np, int nloc, MSAgents *a, MSMigration *mig, int64_t *moved);

/* Free the exchange and its communicator. */
PetscErrorCode MSExchangeDestroy(MSExchange *ex);

#endif
