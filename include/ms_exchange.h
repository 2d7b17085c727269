/* ms_exchange: agents that end their day at another rank's location, sent to that rank
 * over a distributed-graph communicator of the ranks a day's travel can reach.
 *
 * A migrant has finished its day where it is sent (the sender stepped it all the way,
 * see ms_ghost.h), so the receiver only stores it. While a rank still steps its own
 * agents, a neighbour's queue that has grown long enough goes to it point to point
 * (MPI_Isend), and what has arrived is stored between blocks. The rest goes at the end of
 * the day in one exchange of two phases, as in SWIFT's proxies: counts first
 * (MPI_Neighbor_alltoall), then the payload (MPI_Neighbor_alltoallv), so no buffer is
 * sized by guesswork. */
#ifndef MS_EXCHANGE_H
#define MS_EXCHANGE_H

#include "ms_agents.h"
#include "ms_partition.h"

typedef struct _p_MSExchange *MSExchange;

/* A neighbour's queue goes early once it holds this many migrants (about 20 kB), unless
   MSExchangeSetEarlyMin() says otherwise: fewer and a day sends many tiny messages, more and
   the receiver waits for them (-exchange_early_min). */
#define MS_EXCHANGE_EARLY_MIN 512

/* Build the neighbourhood of this rank: the ranks owning a location where reach[nloc] is
   set (where this rank's agents can end a day), and those whose reach holds one of ours.
   Collective. */
PetscErrorCode MSExchangeCreate(const MSPartition *part, int nloc, const char *reach,
                                MSExchange *ex);

/* Queue migrant m for rank dest, which must be a neighbour. */
PetscErrorCode MSExchangePost(MSExchange ex, int dest, const MSMigrant *m);

/* Send everything queued and receive what the neighbours sent: *in (owned by ex, valid
   until the next call) gets *nin migrants. Collective over the neighbourhood. */
PetscErrorCode MSExchangeRun(MSExchange ex, const MSMigrant **in, int64_t *nin);

/* Queues of at least n migrants go early (MSExchangeSendEarly); 0: none do. */
void MSExchangeSetEarlyMin(MSExchange ex, int64_t n);

/* Send early, point to point, every neighbour's queue that has grown long enough, while
   this rank still steps its own agents: the neighbour stores them between its blocks,
   and less is left for the end of the day. Not collective. */
PetscErrorCode MSExchangeSendEarly(MSExchange ex);

/* The early messages that have arrived, without waiting: *in (owned by ex, valid until the
   next early call) gets *nin migrants. Not collective. */
PetscErrorCode MSExchangePollEarly(MSExchange ex, const MSMigrant **in, int64_t *nin);

/* End of the early sends: the early messages not yet received are waited for and returned
   as in MSExchangePollEarly(); this rank's own early sends are completed. Collective over
   the neighbourhood; call before the day's MSExchangeRun(). */
PetscErrorCode MSExchangeDrainEarly(MSExchange ex, const MSMigrant **in, int64_t *nin);

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
PetscErrorCode MSExchangeMigrate(const MSPartition *np, int nloc, MSAgents *a, MSMigration *mig,
                                 int64_t *moved);

/* Free the exchange and its communicator. */
PetscErrorCode MSExchangeDestroy(MSExchange *ex);

#endif
