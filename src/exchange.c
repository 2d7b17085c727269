/* Boundary exchange of migrating agents over MPI neighbourhood collectives. */
#include <limits.h>
#include "ms_exchange.h"

struct _p_MSExchange {
  MPI_Comm   gcomm;
  int        nnbr, *nbr, *slot; /* slot[rank]: index among the neighbours, -1 otherwise */
  MSMigrant **out;
  int64_t   *nout, *capout;
  int       *scount, *rcount, *sdispl, *rdispl;
  MSMigrant *sbuf, *rbuf;
  int64_t    scap, rcap, queued, bytes_sent;
};

PetscErrorCode MSExchangeCreate(const MSPartition *part, const MSGraph *g, MSExchange *exp)
{
  MSExchange ex;
  int       *mark;

  PetscFunctionBegin;
  PetscCall(PetscNew(&ex));
  PetscCall(PetscCalloc1(part->size, &mark));
  for (int d = 0; d < g->ndl; d++) {
    int a = part->owner[g->dl_from[d]], b = part->owner[g->dl_to[d]];
    if (a == part->rank && b != part->rank) mark[b] = 1;
  }
  PetscCall(PetscMalloc1(part->size, &ex->slot));
  for (int r = 0; r < part->size; r++) ex->slot[r] = mark[r] ? ex->nnbr++ : -1;
  PetscCall(PetscMalloc1(ex->nnbr + 1, &ex->nbr));
  for (int r = 0; r < part->size; r++)
    if (mark[r]) ex->nbr[ex->slot[r]] = r;
  PetscCall(PetscFree(mark));
  /* routes are undirected, so the neighbourhood is symmetric: sources equal destinations */
  /* Open MPI's MPI_UNWEIGHTED is a sentinel address that GCC mistakes for an empty array */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
  PetscCallMPI(MPI_Dist_graph_create_adjacent(part->comm, ex->nnbr, ex->nbr, MPI_UNWEIGHTED, ex->nnbr, ex->nbr, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &ex->gcomm));
#pragma GCC diagnostic pop
  PetscCall(PetscCalloc2(ex->nnbr + 1, &ex->out, ex->nnbr + 1, &ex->nout));
  PetscCall(PetscCalloc1(ex->nnbr + 1, &ex->capout));
  PetscCall(PetscMalloc4(ex->nnbr + 1, &ex->scount, ex->nnbr + 1, &ex->rcount, ex->nnbr + 1, &ex->sdispl, ex->nnbr + 1, &ex->rdispl));
  *exp = ex;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSExchangePost(MSExchange ex, int dest, const MSMigrant *m)
{
  int s = ex->slot[dest];

  PetscFunctionBegin;
  PetscCheck(s >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "rank %d is not a neighbour", dest);
  if (ex->nout[s] == ex->capout[s]) {
    int64_t    ncap = ex->capout[s] ? 2 * ex->capout[s] : 256;
    MSMigrant *n;
    PetscCall(PetscMalloc1(ncap, &n));
    if (ex->nout[s]) PetscCall(PetscArraycpy(n, ex->out[s], ex->nout[s]));
    PetscCall(PetscFree(ex->out[s]));
    ex->out[s] = n, ex->capout[s] = ncap;
  }
  ex->out[s][ex->nout[s]++] = *m;
  ex->queued++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int64_t MSExchangeQueued(MSExchange ex) { return ex->queued; }
int64_t MSExchangeBytesSent(MSExchange ex) { return ex->bytes_sent; }

PetscErrorCode MSExchangeRun(MSExchange ex, const MSMigrant **in, int64_t *nin)
{
  const int64_t sz = (int64_t)sizeof(MSMigrant);
  int64_t       ns = 0, nr = 0;

  PetscFunctionBegin;
  for (int k = 0; k < ex->nnbr; k++) {
    PetscCheck(ex->nout[k] * sz < INT_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP, "more than 2 GiB of migrants for one neighbour in one round");
    ex->scount[k] = (int)(ex->nout[k] * sz);
    ex->sdispl[k] = (int)(ns * sz);
    ns += ex->nout[k];
  }
  PetscCallMPI(MPI_Neighbor_alltoall(ex->scount, 1, MPI_INT, ex->rcount, 1, MPI_INT, ex->gcomm));
  for (int k = 0; k < ex->nnbr; k++) {
    ex->rdispl[k] = (int)(nr * sz);
    nr += ex->rcount[k] / sz;
  }
  if (ns > ex->scap) {
    PetscCall(PetscFree(ex->sbuf));
    PetscCall(PetscMalloc1(ns, &ex->sbuf));
    ex->scap = ns;
  }
  if (nr > ex->rcap) {
    PetscCall(PetscFree(ex->rbuf));
    PetscCall(PetscMalloc1(nr, &ex->rbuf));
    ex->rcap = nr;
  }
  for (int k = 0; k < ex->nnbr; k++)
    if (ex->nout[k]) PetscCall(PetscArraycpy(ex->sbuf + ex->sdispl[k] / sz, ex->out[k], ex->nout[k]));
  PetscCallMPI(MPI_Neighbor_alltoallv(ex->sbuf, ex->scount, ex->sdispl, MPI_BYTE, ex->rbuf, ex->rcount, ex->rdispl, MPI_BYTE, ex->gcomm));
  for (int k = 0; k < ex->nnbr; k++) ex->nout[k] = 0;
  ex->bytes_sent += ns * sz;
  ex->queued = 0;
  *in        = ex->rbuf;
  *nin       = nr;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSExchangeDestroy(MSExchange *exp)
{
  MSExchange ex = *exp;

  PetscFunctionBegin;
  if (!ex) PetscFunctionReturn(PETSC_SUCCESS);
  for (int k = 0; k < ex->nnbr; k++) PetscCall(PetscFree(ex->out[k]));
  PetscCall(PetscFree2(ex->out, ex->nout));
  PetscCall(PetscFree(ex->capout));
  PetscCall(PetscFree4(ex->scount, ex->rcount, ex->sdispl, ex->rdispl));
  PetscCall(PetscFree(ex->sbuf));
  PetscCall(PetscFree(ex->rbuf));
  PetscCall(PetscFree(ex->nbr));
  PetscCall(PetscFree(ex->slot));
  PetscCallMPI(MPI_Comm_free(&ex->gcomm));
  PetscCall(PetscFree(*exp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
