/* ms_partition: which rank owns which location (MODEL.md: decomposition by region).
 *
 * The unit of partition is the region of locations.csv; regions are assigned to ranks
 * by PETSc's graph partitioner on the region graph, weighted by the loads the caller gives
 * (the engine's model of work, ms_balance.h: this layer knows nothing of what they mean)
 * and by the routes that cross regions. With more ranks than regions, single locations
 * are partitioned instead. Ownership never changes results, only who computes them. */
#ifndef MS_PARTITION_H
#define MS_PARTITION_H

#include "ms_graph.h"

typedef enum { MS_PART_REGION = 0, MS_PART_LOCATION } MSPartitionUnit;
extern const char *const MSPartitionUnits[];

typedef struct MSPartition_ {
  MPI_Comm        comm;
  int             rank, size;
  MSPartitionUnit unit;            /* what was partitioned (region may fall back to location) */
  int            *owner;           /* [nloc] owning rank of each location */
  int            *ownidx;          /* [nloc] index of the location among its owner's locations */
  int             nowned, *owned;  /* this rank's locations, ascending */
  int *route_owner, *route_ownidx; /* [nroutes] a route belongs to the owner of its name1 */
  int  nroutes_owned, *routes_owned;
  int  ncut; /* routes whose ends have different owners */
} MSPartition;

/* What a partition may take into account besides the loads: all optional (NULL or 0). */
typedef struct {
  const struct MSPartition_ *prev;    /* the partition replaced: as much as possible stays */
  const double              *keep;    /* [nloc] what each location holds (agents that would move) */
  const double              *traffic; /* [nroutes] the agents that crossed each route lately */
  const double              *speed; /* [size] each rank's work per second: faster ranks get more */
  double target; /* a diffusion from prev stops once the busiest rank is within this of its share */
} MSPartitionHints;

/* Partition the scenario over comm by unit (region or location) with PETSc's MatPartitioning
   (-mat_partitioning_type chooses the method; default ptscotch), vertices weighted by load
   ([nloc], the same on every rank; required).
   A repartition gives the partition it replaces and what each location holds (keep, [nloc]):
   the new parts are numbered so that as much as possible stays where it is; traffic
   ([nroutes], or NULL), the agents that crossed each route lately, weighs against cutting it.
   hints may be NULL (a first partition, equal ranks). */
PetscErrorCode MSPartitionCreate(MPI_Comm comm, const MSScenario *scn, const MSGraph *g,
                                 MSPartitionUnit unit, const double *load,
                                 const MSPartitionHints *hints, MSPartition **part);

/* *imb: the largest rank's load ([nloc]) over its share (speed[rank] / the sum of speed[],
   or equal shares where speed is NULL), relative to the total: 1 is perfect balance. */
PetscErrorCode MSPartitionImbalance(const MSPartition *part, int nloc, const double *load,
                                    const double *speed, double *imb);

/* Print, on rank 0, which regions (or how many locations) each rank owns and the number of cut
   routes; role[nregions] (or NULL) is a word shown beside each region. */
PetscErrorCode MSPartitionView(const MSPartition *part, const MSScenario *scn,
                               const char *const role[]);

/* The ranks other than this one that own a location where mark[nloc] is set, together with
   the ranks whose mark holds one of ours: a symmetric set (*n ranks, ascending, in *ranks, to
   free with PetscFree()). Collective. */
PetscErrorCode MSPartitionNeighbours(const MSPartition *part, int nloc, const char *mark, int *n,
                                     int **ranks);

/* Free the partition. */
PetscErrorCode MSPartitionDestroy(MSPartition **part);

#endif
