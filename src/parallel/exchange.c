/* Boundary exchange of migrating agents over MPI neighbourhood collectives. */
#if defined(__AVX2__)
#  include <immintrin.h>
#endif
#include <limits.h>
#include <sys/mman.h>
#include <unistd.h>
#include "ms_exchange.h"
#include "ms_memory.h"

struct _p_MSExchange {
  MPI_Comm    gcomm;
  int         nnbr, *nbr, *slot; /* slot[rank]: index among the neighbours, -1 otherwise */
  MSMigrant **out;
  int64_t    *nout, *capout;
  int        *scount, *rcount, *sdispl, *rdispl;
  MSMigrant  *sbuf, *rbuf;
  int64_t     scap, rcap, queued, bytes_sent;
  /* early sends: queues handed over while the day's own agents are still being stepped */
  int          nflight, flight_cap, *nsent_early, *nrecv_early, *expect;
  MSMigrant  **flight;
  MPI_Request *req;
  MSMigrant   *ebuf;
  int64_t      ecap, early_min, bytes_early;
};

/* Tag of the early point-to-point messages on the neighbourhood communicator. */
#define MS_TAG_EARLY 7001

PetscErrorCode MSExchangeCreate(const MSPartition *part, int nloc, const char *reach,
                                MSExchange *exp)
{
  MSExchange ex;

  PetscFunctionBegin;
  PetscCall(PetscNew(&ex));
  /* the reach is not symmetric (a traveller a step from our border counts from its link's
     far end): the ranks whose agents may come here are neighbours too */
  PetscCall(MSPartitionNeighbours(part, nloc, reach, &ex->nnbr, &ex->nbr));
  PetscCall(PetscMalloc1(part->size, &ex->slot));
  for (int r = 0; r < part->size; r++) ex->slot[r] = -1;
  for (int k = 0; k < ex->nnbr; k++) ex->slot[ex->nbr[k]] = k;
    /* symmetric by construction: sources equal destinations */
    /* Open MPI's MPI_UNWEIGHTED is a sentinel address that GCC mistakes for an empty array */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
  PetscCallMPI(MPI_Dist_graph_create_adjacent(part->comm, ex->nnbr, ex->nbr, MPI_UNWEIGHTED,
                                              ex->nnbr, ex->nbr, MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                              &ex->gcomm));
#pragma GCC diagnostic pop
  PetscCall(PetscCalloc2(ex->nnbr + 1, &ex->out, ex->nnbr + 1, &ex->nout));
  PetscCall(PetscCalloc1(ex->nnbr + 1, &ex->capout));
  PetscCall(PetscMalloc4(ex->nnbr + 1, &ex->scount, ex->nnbr + 1, &ex->rcount, ex->nnbr + 1,
                         &ex->sdispl, ex->nnbr + 1, &ex->rdispl));
  PetscCall(PetscCalloc3(ex->nnbr + 1, &ex->nsent_early, ex->nnbr + 1, &ex->nrecv_early,
                         ex->nnbr + 1, &ex->expect));
  ex->early_min = MS_EXCHANGE_EARLY_MIN;
  *exp          = ex;
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

void MSExchangeSetEarlyMin(MSExchange ex, int64_t n) { ex->early_min = n; }

PetscErrorCode MSExchangeSendEarly(MSExchange ex)
{
  PetscFunctionBegin;
  for (int k = 0; k < ex->nnbr && ex->early_min > 0; k++) {
    if (ex->nout[k] < ex->early_min) continue;
    PetscCheck(ex->nout[k] * (int64_t)sizeof(MSMigrant) < INT_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP,
               "more than 2 GiB of migrants for one neighbour in one message");
    if (ex->nflight == ex->flight_cap) {
      int          nc = ex->flight_cap ? 2 * ex->flight_cap : 16;
      MSMigrant  **f;
      MPI_Request *r;
      PetscCall(PetscMalloc2(nc, &f, nc, &r));
      PetscCall(PetscArraycpy(f, ex->flight, ex->nflight));
      PetscCall(PetscArraycpy(r, ex->req, ex->nflight));
      PetscCall(PetscFree2(ex->flight, ex->req));
      ex->flight = f, ex->req = r, ex->flight_cap = nc;
    }
    /* the queue itself is sent: it is in flight until the end of the day's exchange */
    ex->flight[ex->nflight] = ex->out[k];
    PetscCallMPI(MPI_Isend(ex->out[k], (int)(ex->nout[k] * (int64_t)sizeof(MSMigrant)), MPI_BYTE,
                           ex->nbr[k], MS_TAG_EARLY, ex->gcomm, &ex->req[ex->nflight]));
    ex->nflight++;
    ex->bytes_sent += ex->nout[k] * (int64_t)sizeof(MSMigrant);
    ex->bytes_early += ex->nout[k] * (int64_t)sizeof(MSMigrant);
    ex->queued -= ex->nout[k];
    ex->nsent_early[k]++;
    ex->out[k] = NULL, ex->nout[k] = 0, ex->capout[k] = 0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Receive one early message from neighbour k (its size probed) at the end of ex->ebuf. */
static PetscErrorCode ReceiveEarly(MSExchange ex, int k, MPI_Status *st, int64_t *n)
{
  int bytes;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Get_count(st, MPI_BYTE, &bytes));
  if (*n + bytes / (int64_t)sizeof(MSMigrant) > ex->ecap) {
    int64_t    nc = PetscMax(2 * ex->ecap, *n + bytes / (int64_t)sizeof(MSMigrant));
    MSMigrant *b;
    PetscCall(PetscMalloc1(nc, &b));
    if (*n) PetscCall(PetscArraycpy(b, ex->ebuf, *n));
    PetscCall(PetscFree(ex->ebuf));
    ex->ebuf = b, ex->ecap = nc;
  }
  PetscCallMPI(MPI_Recv(ex->ebuf + *n, bytes, MPI_BYTE, ex->nbr[k], MS_TAG_EARLY, ex->gcomm,
                        MPI_STATUS_IGNORE));
  *n += bytes / (int64_t)sizeof(MSMigrant);
  ex->nrecv_early[k]++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSExchangePollEarly(MSExchange ex, const MSMigrant **in, int64_t *nin)
{
  int64_t n = 0;

  PetscFunctionBegin;
  for (int k = 0; k < ex->nnbr; k++) {
    for (;;) {
      int        flag;
      MPI_Status st;
      PetscCallMPI(MPI_Iprobe(ex->nbr[k], MS_TAG_EARLY, ex->gcomm, &flag, &st));
      if (!flag) break;
      PetscCall(ReceiveEarly(ex, k, &st, &n));
    }
  }
  *in = ex->ebuf, *nin = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSExchangeDrainEarly(MSExchange ex, const MSMigrant **in, int64_t *nin)
{
  int64_t n = 0;

  PetscFunctionBegin;
  /* how many early messages each neighbour sent: those not yet here are waited for */
  PetscCallMPI(
      MPI_Neighbor_alltoall(ex->nsent_early, 1, MPI_INT, ex->expect, 1, MPI_INT, ex->gcomm));
  for (int k = 0; k < ex->nnbr; k++) {
    while (ex->nrecv_early[k] < ex->expect[k]) {
      MPI_Status st;
      PetscCallMPI(MPI_Probe(ex->nbr[k], MS_TAG_EARLY, ex->gcomm, &st));
      PetscCall(ReceiveEarly(ex, k, &st, &n));
    }
    ex->nsent_early[k] = ex->nrecv_early[k] = 0;
  }
  PetscCallMPI(MPI_Waitall(ex->nflight, ex->req, MPI_STATUSES_IGNORE));
  for (int f = 0; f < ex->nflight; f++) PetscCall(PetscFree(ex->flight[f]));
  ex->nflight = 0;
  *in = ex->ebuf, *nin = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int64_t MSExchangeBytesSent(MSExchange ex) { return ex->bytes_sent; }
int64_t MSExchangeBytesEarly(MSExchange ex) { return ex->bytes_early; }

PetscErrorCode MSExchangeRun(MSExchange ex, const MSMigrant **in, int64_t *nin)
{
  const int64_t sz = (int64_t)sizeof(MSMigrant);
  int64_t       ns = 0, nr = 0;

  PetscFunctionBegin;
  for (int k = 0; k < ex->nnbr; k++) {
    PetscCheck(ex->nout[k] * sz < INT_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP,
               "more than 2 GiB of migrants for one neighbour in one round");
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
    if (ex->nout[k])
      PetscCall(PetscArraycpy(ex->sbuf + ex->sdispl[k] / sz, ex->out[k], ex->nout[k]));
  PetscCallMPI(MPI_Neighbor_alltoallv(ex->sbuf, ex->scount, ex->sdispl, MPI_BYTE, ex->rbuf,
                                      ex->rcount, ex->rdispl, MPI_BYTE, ex->gcomm));
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
  PetscCheck(ex->nflight == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "early messages still in flight");
  PetscCall(PetscFree2(ex->flight, ex->req));
  PetscCall(PetscFree3(ex->nsent_early, ex->nrecv_early, ex->expect));
  PetscCall(PetscFree(ex->ebuf));
  PetscCall(PetscFree(ex->sbuf));
  PetscCall(PetscFree(ex->rbuf));
  PetscCall(PetscFree(ex->nbr));
  PetscCall(PetscFree(ex->slot));
  PetscCallMPI(MPI_Comm_free(&ex->gcomm));
  PetscCall(PetscFree(*exp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* At most this many agents leave a rank per round of a migration: bounds its buffers. */
#define MS_MIGRATE_CHUNK (1 << 20)

/* One agent the scan found leaving: counted, and listed while the round has room. */
static inline PetscErrorCode Leaver(const MSPartition *np, const MSAgents *a, int64_t i,
                                    int *scount, MSMigration *mig, int64_t *nsend, int64_t *left)
{
  PetscFunctionBegin;
  if (*nsend < MS_MIGRATE_CHUNK) {
    if (*nsend == mig->hcap) {
      int64_t nc = PetscMin(PetscMax(2 * mig->hcap, 4096), MS_MIGRATE_CHUNK), *h;
      PetscCall(PetscMalloc1(nc, &h));
      if (*nsend) PetscCall(PetscArraycpy(h, mig->hole, *nsend));
      PetscCall(PetscFree(mig->hole));
      mig->hole = h, mig->hcap = nc;
    }
    scount[np->owner[a->loc[i]]]++, mig->hole[(*nsend)++] = i;
  }
  (*left)++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The agents whose location changes owner, found 8 at a time by a gather from the table
   leaving[] (a rebalance reads the whole store: this is most of what a small one costs). */
static PetscErrorCode ScanLeavers(const MSPartition *np, const MSAgents *a, const int32_t *leaving,
                                  int *scount, MSMigration *mig, int64_t *nsend, int64_t *left)
{
  int64_t i = 0;

  PetscFunctionBegin;
#if defined(__AVX2__)
  for (; i + 8 <= a->n; i += 8) {
    __m256i  l = _mm256_loadu_si256((const __m256i *)(a->loc + i));
    unsigned m = (unsigned)_mm256_movemask_ps(
        _mm256_castsi256_ps(_mm256_i32gather_epi32((const int *)leaving, l, 4)));
    while (m) {
      PetscCall(Leaver(np, a, i + __builtin_ctz(m), scount, mig, nsend, left));
      m &= m - 1;
    }
  }
#endif
  for (; i < a->n; i++)
    if (leaving[a->loc[i]]) PetscCall(Leaver(np, a, i, scount, mig, nsend, left));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A buffer of mig grown to hold n values of size elem (its contents are not kept). */
static PetscErrorCode Grow(void **buf, int64_t *cap, int64_t n, size_t elem)
{
  PetscFunctionBegin;
  if (n > *cap) {
    PetscCall(PetscFree(*buf));
    *cap = PetscMax(n, *cap + *cap / 2);
    PetscCall(PetscMalloc((size_t)*cap * elem, buf));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSExchangeMigrationFree(MSMigration *mig)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(mig->sbuf));
  PetscCall(PetscFree(mig->rbuf));
  PetscCall(PetscFree(mig->hole));
  mig->scap = mig->rcap = mig->hcap = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSExchangeMigrate(const MSPartition *np, int nloc, MSAgents *a, MSMigration *mig,
                                 int64_t *moved)
{
  MPI_Comm     comm = np->comm;
  int          size = np->size;
  int         *scount, *rcount, *sdispl, *rdispl, *fill;
  MSMigrant   *sbuf, *rbuf;
  int64_t     *hole, left = 0, any;
  int32_t     *leaving; /* [location] -1 where the location changes owner, else 0 */
  MPI_Datatype mt;

  PetscFunctionBegin;
  *moved = 0;
  PetscCall(PetscMalloc5(size, &scount, size, &rcount, size, &sdispl, size, &rdispl, size, &fill));
  PetscCall(PetscMalloc1(nloc + 1, &leaving));
  for (int l = 0; l < nloc; l++) leaving[l] = np->owner[l] != np->rank ? -1 : 0;
  PetscCallMPI(MPI_Type_contiguous((int)sizeof(MSMigrant), MPI_BYTE, &mt));
  PetscCallMPI(MPI_Type_commit(&mt));
  for (PetscBool first = PETSC_TRUE;; first = PETSC_FALSE) {
    int64_t nsend = 0, nrecv = 0, base;
    /* this round's leavers, the first MS_MIGRATE_CHUNK: their places are filled from the end
       of the store afterwards, so only the leavers are copied. The scan also counts those
       beyond the chunk: a migration of one round reads the store once. */
    for (int r = 0; r < size; r++) scount[r] = 0;
    left = 0;
    PetscCall(ScanLeavers(np, a, leaving, scount, mig, &nsend, &left));
    hole = mig->hole;
    if (first) {
      PetscCallMPI(MPI_Allreduce(&left, &any, 1, MPI_INT64_T, MPI_SUM, comm));
      if (!any) break;
    }
    PetscCallMPI(MPI_Alltoall(scount, 1, MPI_INT, rcount, 1, MPI_INT, comm));
    sdispl[0] = rdispl[0] = 0;
    for (int r = 1; r < size; r++)
      sdispl[r] = sdispl[r - 1] + scount[r - 1], rdispl[r] = rdispl[r - 1] + rcount[r - 1];
    for (int r = 0; r < size; r++) nrecv += rcount[r];
    PetscCheck(nrecv < INT_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP,
               "more than 2^31 agents to receive in one round");
    /* kept from one migration to the next: MPI copies between buffers it has seen at ten
       times the speed of fresh ones here (3 ms against 0.3 for 2.6 MB) */
    PetscCall(Grow(&mig->rbuf, &mig->rcap, nrecv, sizeof(MSMigrant)));
    PetscCall(Grow(&mig->sbuf, &mig->scap, nsend, sizeof(MSMigrant)));
    rbuf = mig->rbuf, sbuf = mig->sbuf;
    MSMemoryPopulate(rbuf, sizeof(MSMigrant) * (size_t)nrecv);
    MSMemoryPopulate(sbuf, sizeof(MSMigrant) * (size_t)nsend);
    PetscCall(PetscArraycpy(fill, sdispl, size));
    for (int64_t k = 0; k < nsend; k++) {
      int64_t    i = hole[k];
      MSMigrant *m;
      /* the leavers are scattered: their fields are fetched ahead, not one miss at a time */
      if (k + MS_AHEAD < nsend) MSAgentsPrefetch(a, hole[k + MS_AHEAD]);
      m = &sbuf[fill[np->owner[a->loc[i]]]++];
      MSMigrantPack(a, i, m);
      a->loc[i] = -1;
    }
    PetscCallMPI(MPI_Alltoallv(sbuf, scount, sdispl, mt, rbuf, rcount, rdispl, mt, comm));
    PetscCall(MSAgentsRemove(a, hole, nsend));
    base = a->n;
    PetscCall(MSAgentsReserve(a, base + nrecv));
    for (int64_t k = 0; k < nrecv; k++) MSMigrantUnpack(&rbuf[k], a, base + k);
    a->n = base + nrecv;
    *moved += nsend;
    left -= nsend;
    PetscCallMPI(MPI_Allreduce(&left, &any, 1, MPI_INT64_T, MPI_SUM, comm));
    if (!any) break;
  }
  PetscCallMPI(MPI_Type_free(&mt));
  PetscCall(PetscFree(leaving));
  PetscCall(PetscFree5(scount, rcount, sdispl, rdispl, fill));
  /* a rank that gave agents away keeps no slack for them */
  PetscCall(MSAgentsShrink(a));
  PetscFunctionReturn(PETSC_SUCCESS);
}
