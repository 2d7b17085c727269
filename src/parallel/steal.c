/* Work stealing between partner ranks within a day (the protocol of ms_steal.h). */
#include <limits.h>
#include "ms_memory.h"
#include "ms_steal.h"

struct _p_MSSteal {
  MPI_Comm     comm;
  int          np, *partner;
  char        *ended; /* [np] END received today */
  char        *asked; /* [np] REQ received today: that partner is done with its own agents */
  int          nended;
  int64_t      pending; /* GIVEs with agents whose RET has not come */
  double       given;   /* seconds the partners reported for our agents today */
  MSHanded    *buf;     /* the last GIVE received */
  int64_t      cap;
  MPI_Request  give; /* the last GIVE sent, until the thief has it */
  MSHanded    *ret;  /* RETs received, not yet fetched */
  int64_t      nret, retcap;
  int64_t      nout, outcap; /* RETs sent, in flight until the end of the day; their buffers */
  MSHanded   **out;          /* are kept from day to day (fresh pages would fault one by one) */
  int64_t     *outlen;
  MPI_Request *outreq;
  double wait_give, wait_end; /* seconds waited for answers and for the partners' ends, in all */
};

/* Tags on the steal communicator: control messages (REQ, END), answers (GIVE) and agents
   handed back (RET). One tag for REQ and END keeps a partner's END behind its last REQ
   (MPI's non-overtaking order). */
#define MS_TAG_CTRL  7101
#define MS_TAG_GIVE  7102
#define MS_TAG_RET   7103
#define MS_STEAL_REQ 1.0
#define MS_STEAL_END 2.0

PetscErrorCode MSStealCreate(MPI_Comm comm, int npartner, const int *partner, MSSteal *spp)
{
  MSSteal sp;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sp));
  PetscCallMPI(MPI_Comm_dup(comm, &sp->comm));
  sp->np = npartner;
  PetscCall(
      PetscMalloc3(npartner + 1, &sp->partner, npartner + 1, &sp->ended, npartner + 1, &sp->asked));
  for (int k = 0; k < npartner; k++) sp->partner[k] = partner[k], sp->ended[k] = sp->asked[k] = 0;
  sp->give = MPI_REQUEST_NULL;
  *spp     = sp;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int MSStealPartners(MSSteal sp) { return sp->np; }

PetscBool MSStealBusy(MSSteal sp, int k) { return (PetscBool)!sp->asked[k]; }

void MSStealWaited(MSSteal sp, double *give, double *end)
{
  *give = sp->wait_give, *end = sp->wait_end;
}

/* The index of rank r among the partners. */
static PetscErrorCode Slot(MSSteal sp, int r, int *k)
{
  PetscFunctionBegin;
  for (*k = 0; *k < sp->np && sp->partner[*k] != r; (*k)++) {}
  PetscCheck(*k < sp->np, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "steal message from rank %d, which is no partner", r);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Room for n more values of size elem in *buf (holding *len of *cap), contents kept. */
static PetscErrorCode Room(void **buf, int64_t *cap, int64_t len, int64_t n, size_t elem)
{
  PetscFunctionBegin;
  if (len + n > *cap) {
    int64_t nc = PetscMax(len + n, 2 * *cap);
    void   *q;
    PetscCall(PetscMalloc(elem * (size_t)nc, &q));
    MSMemoryPopulate(q, elem * (size_t)nc);
    if (len) PetscCall(PetscMemcpy(q, *buf, elem * (size_t)len));
    PetscCall(PetscFree(*buf));
    *buf = q, *cap = nc;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Receive the message that st announces, other than a GIVE: a RET is kept, an END is
   recorded, and *k gets the partner's index when it is a request (-1 otherwise). */
static PetscErrorCode Incoming(MSSteal sp, const MPI_Status *st, int *k)
{
  int j;

  PetscFunctionBegin;
  PetscCall(Slot(sp, st->MPI_SOURCE, &j));
  *k = -1;
  if (st->MPI_TAG == MS_TAG_RET) {
    int bytes;
    PetscCallMPI(MPI_Get_count(st, MPI_BYTE, &bytes));
    PetscCall(Room((void **)&sp->ret, &sp->retcap, sp->nret, bytes / (int64_t)sizeof(MSHanded),
                   sizeof(MSHanded)));
    PetscCallMPI(MPI_Recv(sp->ret + sp->nret, bytes, MPI_BYTE, st->MPI_SOURCE, MS_TAG_RET, sp->comm,
                          MPI_STATUS_IGNORE));
    sp->nret += bytes / (int64_t)sizeof(MSHanded);
    sp->pending--;
  } else {
    double msg[2];
    PetscCheck(st->MPI_TAG == MS_TAG_CTRL, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "unexpected steal message (tag %d) from rank %d", st->MPI_TAG, st->MPI_SOURCE);
    PetscCallMPI(
        MPI_Recv(msg, 2, MPI_DOUBLE, st->MPI_SOURCE, MS_TAG_CTRL, sp->comm, MPI_STATUS_IGNORE));
    if (msg[0] == MS_STEAL_REQ)
      *k = j, sp->asked[j] = 1;
    else {
      PetscCheck(!sp->ended[j], PETSC_COMM_SELF, PETSC_ERR_PLIB, "two ends of the day from rank %d",
                 st->MPI_SOURCE);
      sp->ended[j] = 1, sp->nended++, sp->given += msg[1];
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A refusal: an answer without agents (nothing to keep alive). */
static PetscErrorCode Refuse(MSSteal sp, int k)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Send(NULL, 0, MPI_BYTE, sp->partner[k], MS_TAG_GIVE, sp->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealPoll(MSSteal sp, int *k)
{
  PetscFunctionBegin;
  *k = -1;
  for (;;) {
    int        flag;
    MPI_Status st;
    /* anything but a GIVE, which comes only to a rank that waits for it */
    PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, MS_TAG_CTRL, sp->comm, &flag, &st));
    if (!flag) PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, MS_TAG_RET, sp->comm, &flag, &st));
    if (!flag) break;
    PetscCall(Incoming(sp, &st, k));
    if (*k >= 0) break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealGiveReady(MSSteal sp)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Wait(&sp->give, MPI_STATUS_IGNORE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealGive(MSSteal sp, int k, const MSHanded *h, int64_t n)
{
  PetscFunctionBegin;
  PetscCheck(n * (int64_t)sizeof(MSHanded) < INT_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP,
             "more than 2 GiB of agents to hand over at once");
  PetscCallMPI(MPI_Wait(&sp->give, MPI_STATUS_IGNORE));
  if (n == 0) PetscCall(Refuse(sp, k));
  /* not a blocking send: the thief may be busy with the agents it had, and asked ahead */
  else
    PetscCallMPI(MPI_Isend(h, (int)(n * (int64_t)sizeof(MSHanded)), MPI_BYTE, sp->partner[k],
                           MS_TAG_GIVE, sp->comm, &sp->give));
  if (n > 0) sp->pending++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealRequest(MSSteal sp, int k)
{
  double req[2] = {MS_STEAL_REQ, 0};

  PetscFunctionBegin;
  PetscCallMPI(MPI_Send(req, 2, MPI_DOUBLE, sp->partner[k], MS_TAG_CTRL, sp->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealReceive(MSSteal sp, int k, const MSHanded **h, int64_t *n)
{
  double t0 = MPI_Wtime();

  PetscFunctionBegin;
  for (;;) {
    MPI_Status st;
    int        j;
    /* everything on this communicator is ours: a blocking probe, not a spin */
    PetscCallMPI(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, sp->comm, &st));
    if (st.MPI_TAG == MS_TAG_GIVE) {
      int bytes;
      PetscCheck(st.MPI_SOURCE == sp->partner[k], PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "agents from rank %d, which was not asked", st.MPI_SOURCE);
      PetscCallMPI(MPI_Get_count(&st, MPI_BYTE, &bytes));
      *n = bytes / (int64_t)sizeof(MSHanded);
      PetscCall(Room((void **)&sp->buf, &sp->cap, 0, *n, sizeof(MSHanded)));
      PetscCallMPI(MPI_Recv(sp->buf, bytes, MPI_BYTE, st.MPI_SOURCE, MS_TAG_GIVE, sp->comm,
                            MPI_STATUS_IGNORE));
      *h = sp->buf;
      break;
    }
    PetscCall(Incoming(sp, &st, &j));
    if (j >= 0) PetscCall(Refuse(sp, j)); /* a rank that asks has nothing to give */
  }
  sp->wait_give += MPI_Wtime() - t0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealReturn(MSSteal sp, int k, const MSHanded *h, int64_t n)
{
  PetscFunctionBegin;
  PetscCheck(n * (int64_t)sizeof(MSHanded) < INT_MAX, PETSC_COMM_SELF, PETSC_ERR_SUP,
             "more than 2 GiB of agents to hand back at once");
  if (sp->nout == sp->outcap) {
    int64_t c1 = sp->outcap, c2 = sp->outcap, c3 = sp->outcap, old = sp->outcap;
    PetscCall(Room((void **)&sp->out, &c1, sp->nout, 1, sizeof(MSHanded *)));
    PetscCall(Room((void **)&sp->outlen, &c2, sp->nout, 1, sizeof(int64_t)));
    PetscCall(Room((void **)&sp->outreq, &c3, sp->nout, 1, sizeof(MPI_Request)));
    sp->outcap = c1;
    for (int64_t j = old; j < sp->outcap; j++) sp->out[j] = NULL, sp->outlen[j] = 0;
  }
  if (sp->outlen[sp->nout] < n) {
    PetscCall(PetscFree(sp->out[sp->nout]));
    sp->outlen[sp->nout] = n + n / 4;
    PetscCall(PetscMalloc1(sp->outlen[sp->nout], &sp->out[sp->nout]));
    MSMemoryPopulate(sp->out[sp->nout], sizeof(MSHanded) * (size_t)sp->outlen[sp->nout]);
  }
  PetscCall(PetscArraycpy(sp->out[sp->nout], h, n));
  PetscCallMPI(MPI_Isend(sp->out[sp->nout], (int)(n * (int64_t)sizeof(MSHanded)), MPI_BYTE,
                         sp->partner[k], MS_TAG_RET, sp->comm, &sp->outreq[sp->nout]));
  sp->nout++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealReturned(MSSteal sp, const MSHanded **h, int64_t *n)
{
  PetscFunctionBegin;
  *h = sp->ret, *n = sp->nret;
  sp->nret = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealEnd(MSSteal sp, const double *took, double *given)
{
  double t0 = MPI_Wtime();

  PetscFunctionBegin;
  for (int k = 0; k < sp->np; k++) {
    double end[2] = {MS_STEAL_END, took[k]};
    PetscCallMPI(MPI_Send(end, 2, MPI_DOUBLE, sp->partner[k], MS_TAG_CTRL, sp->comm));
  }
  while (sp->nended < sp->np || sp->pending > 0) {
    MPI_Status st;
    int        j;
    PetscCallMPI(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, sp->comm, &st));
    PetscCall(Incoming(sp, &st, &j));
    if (j >= 0) PetscCall(Refuse(sp, j));
  }
  PetscCallMPI(MPI_Wait(&sp->give, MPI_STATUS_IGNORE));
  PetscCallMPI(MPI_Waitall((int)sp->nout, sp->outreq, MPI_STATUSES_IGNORE));
  sp->nout = 0;
  *given   = sp->given;
  sp->wait_end += MPI_Wtime() - t0;
  for (int k = 0; k < sp->np; k++) sp->ended[k] = sp->asked[k] = 0;
  sp->nended = 0, sp->given = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStealDestroy(MSSteal *spp)
{
  MSSteal sp = *spp;

  PetscFunctionBegin;
  if (!sp) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree3(sp->partner, sp->ended, sp->asked));
  PetscCall(PetscFree(sp->buf));
  PetscCall(PetscFree(sp->ret));
  for (int64_t j = 0; j < sp->outcap; j++) PetscCall(PetscFree(sp->out[j]));
  PetscCall(PetscFree(sp->out));
  PetscCall(PetscFree(sp->outlen));
  PetscCall(PetscFree(sp->outreq));
  PetscCallMPI(MPI_Comm_free(&sp->comm));
  PetscCall(PetscFree(*spp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
