/* ms_balance: the load balance of a run, the engine's side of the decomposition.
 *
 * The partitioner (ms_partition.h) weighs locations by the loads it is given and knows
 * nothing of what they mean; this module gives them: the load expected from the scenario
 * before anything is measured, and later the modelled work of each location. */
#ifndef MS_BALANCE_H
#define MS_BALANCE_H

#include "ms_partition.h"

/* load[nloc]: the load expected of each location before any is measured (agents gather in
   camps and leave from conflict zones), for the first partition. */
void MSBalanceExpectedLoad(const MSScenario *scn, double *load);

/* Print the partition (MSPartitionView) with each region's role in the flow of people: origin
   (a conflict zone, by type or by conflicts.csv), destination (a camp or a foreign location),
   or transit. On rank 0. */
PetscErrorCode MSBalanceViewPartition(const MSPartition *part, const MSScenario *scn,
                                      const MSGraph *g);

#endif
