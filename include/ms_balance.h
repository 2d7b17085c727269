/* ms_balance: the load balance of a run, the engine's side of the decomposition.
 *
 * The partitioner (ms_partition.h) weighs locations by the loads it is given and knows
 * nothing of what they mean; this module gives them: the load expected from the scenario
 * before anything is measured, and then the work each location costs, measured day by day.
 * As SWIFT's engine does, a repartition is a sequence of named steps that the day loop
 * calls: MSBalanceMeasure() every day, MSBalanceTrigger() to ask whether the imbalance has
 * lasted, MSBalanceRepartition() for a new partition worth its cost, and
 * MSBalanceRedistribute() to move the output's columns and the agents to their new owners.
 * Results never change: ownership only decides who computes them. */
#ifndef MS_BALANCE_H
#define MS_BALANCE_H

#include "ms_io.h"
#include "ms_step.h"

typedef struct _p_MSBalance *MSBalance;

/* load[nloc]: the load expected of each location before any is measured (agents gather in
   camps and leave from conflict zones), for the first partition. */
void MSBalanceExpectedLoad(const MSScenario *scn, double *load);

/* Print the partition (MSPartitionView) with each region's role in the flow of people: origin
   (a conflict zone, by type or by conflicts.csv), destination (a camp or a foreign location),
   or transit. On rank 0. */
PetscErrorCode MSBalanceViewPartition(const MSPartition *part, const MSScenario *scn,
                                      const MSGraph *g);

/* A load balance on comm. */
PetscErrorCode MSBalanceCreate(MPI_Comm comm, MSBalance *b);

/* Register the -rebalance_* options within the caller's PetscOptionsBegin() block and read
   them; steal (work stealing on) sets the default threshold and the value of a repartition. */
PetscErrorCode MSBalanceSetFromOptions(MSBalance b, PetscOptionItems *PetscOptionsObject,
                                       PetscBool steal);

/* The run balanced: its scenario and graph, the step whose counts it measures (all kept alive
   by the caller), the first day the run simulates and the number of days. */
PetscErrorCode MSBalanceSetUp(MSBalance b, const MSScenario *scn, const MSGraph *g, MSStep st,
                              int start_day, int days);

/* Day t is done under partition part: its modelled work (*work, this rank's, also for
   -log_days) and, on more than one rank, its balance (the busiest rank's work over the mean)
   are folded into running averages. tday is when the day began and busy this rank's seconds
   of its own work. The step's work counts are then zeroed. Collective. */
PetscErrorCode MSBalanceMeasure(MSBalance b, const MSPartition *part, int t, double tday,
                                double busy, double *work);

/* Whether a repartition is due after day t: the imbalance has exceeded the threshold for three
   days, and the last repartition is far enough back. */
PetscErrorCode MSBalanceTrigger(MSBalance b, int t, PetscBool *due);

/* A new partition of the averaged loads, extrapolated along their trend, that should replace
   part after day t, or NULL when none gains enough over the cost of moving. Collective. */
PetscErrorCode MSBalanceRepartition(MSBalance b, const MSPartition *part, int t, MSPartition **np);

/* Move to the partition np that MSBalanceRepartition() gave: the output's columns, the agents
   (through the migration buffers kept from one to the next) and the step's counts go to their
   new owners; then rebuild(ctx, np) replaces the caller's partition by np (which it then owns)
   and rebuilds what depends on it. The costs are measured and the repartition reported.
   Collective. */
PetscErrorCode MSBalanceRedistribute(MSBalance b, int t, MSPartition *np, MSOutput out, MSAgents *a,
                                     PetscErrorCode (*rebuild)(void *, MSPartition *), void *ctx);

/* The repartitions made, the imbalance now (averaged over the last days; negative on one
   rank: none), and the sum of the days' imbalances. */
PetscErrorCode MSBalanceGetStats(MSBalance b, int *rebalances, double *imbalance,
                                 double *imbalance_sum);

/* Free the load balance. */
PetscErrorCode MSBalanceDestroy(MSBalance *b);

#endif
