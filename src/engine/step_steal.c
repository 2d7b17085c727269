/* Work stealing within the day (the protocol of ms_steal.h): the partner serves thieves
   between its blocks (MSStepServe_Private, from MSStepDecideTravel), the thief steps what it
   is handed in a small store of its own (MSStepSteal), and each side writes back what
   became of the agents. Who steps an agent never changes where it ends or its state. */
#include "ms_memory.h"
#include "step_impl.h"

/* Agent i, awake today, is handed to a thief: listed in st->give with its place, which stays
   its own until it comes back (MSStealReturned). Its start-of-day work is counted where it
   is, as if stepped here (the load balance). One that leaves the simulation today leaves
   here instead: it has nothing to step. */
static inline PetscErrorCode Hand(MSStep st, MSAgents *a, int64_t i)
{
  PetscFunctionBegin;
  st->work[a->loc[i]]++;
  if (a->flags[i] & MS_AG_LEAVE) {
    st->woken++;
    PetscCall(MSStepDepart_Private(st, a, i));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(MSMemoryGrow(&st->give, &st->give_cap, st->ngive + 1, sizeof(MSHanded)));
  MSMigrantPack(a, i, &st->give[st->ngive].m);
  st->give[st->ngive++].slot = i;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What became of the agents handed over: their new state written into their places (in
   cache still, most of them), or the place freed where they went elsewhere. */
static PetscErrorCode Returned(MSStep st, MSAgents *a, MSSteal sp)
{
  const MSHanded *h;
  int64_t         n;

  PetscFunctionBegin;
  PetscCall(MSStealReturned(sp, &h, &n));
  for (int64_t k = 0; k < n; k++) {
    if (k + MS_AHEAD < n) MSAgentsPrefetch(a, h[k + MS_AHEAD].slot);
    if (h[k].m.loc >= 0)
      MSMigrantUnpack(&h[k].m, a, h[k].slot);
    else
      PetscCall(MSStepVacate_Private(st, a, h[k].slot));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Requests of thieves, between two blocks of this rank's own: each gets the awake agents of
   the last agents [next, *end) not yet stepped, a block of them or half of what is left if
   that is less, while that half is worth a message (st->steal_min agents). The thief asks
   again while it steps them, so a block a time keeps it busy and lets neither side wait
   long for the other at the end of the day. */
static PetscErrorCode Serve(MSStep st, MSAgents *a, MSSteal sp, int64_t next, int64_t *end,
                            PetscBool *asked)
{
  int k;

  PetscFunctionBegin;
  PetscCall(MSStealPoll(sp, &k));
  *asked = (PetscBool)(k >= 0);
  while (k >= 0) {
    /* a rank that has asked for work itself is about done: it gives none */
    int64_t take = st->asked_ahead >= 0 ? 0 : PetscMin((*end - next) / 2, st->block);
    PetscCall(MSStealGiveReady(sp));
    st->ngive = 0;
    if (take >= st->steal_min && take > 0) {
      int64_t from = *end - take, n;
      PetscCall(MSStepListAwake_Private(st, a, from, *end, &n));
      for (int64_t j = 0; j < n; j++) {
        if (j + MS_AHEAD_STEP < n) MSAgentsPrefetch(a, st->awake[j + MS_AHEAD_STEP]);
        PetscCall(Hand(st, a, st->awake[j]));
      }
      *end = from;
      st->given++;
    }
    PetscCall(MSStealGive(sp, k, st->give, st->ngive));
    PetscCall(MSStealPoll(sp, &k));
  }
  PetscCall(Returned(st, a, sp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepServe_Private(MSStep st, MSAgents *a, MSSteal sp, int64_t next, int64_t *end,
                                   int64_t *bs)
{
  PetscBool asked = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(Serve(st, a, sp, next, end, &asked));
  if (asked) *bs = PetscMax(1, st->block / 8);
  /* one block left: ask a partner now, so that its answer is here when this rank is done */
  if (st->asked_ahead < 0 && *end - next <= st->block && MSStealPartners(sp) > 0 &&
      MSStealBusy(sp, st->day % MSStealPartners(sp))) {
    st->asked_ahead = st->day % MSStealPartners(sp);
    PetscCall(MSStealRequest(sp, st->asked_ahead));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The thief's small store: room for n agents (its arrays are plain memory, in cache). */
static PetscErrorCode ThiefStore(MSStep st, int64_t n)
{
  MSAgents *t = &st->thief;

  PetscFunctionBegin;
  if (n > t->cap) {
    t->cap = PetscMax(n, 2 * t->cap);
#define MS_THIEF_FIELD(type, name, desc) \
  PetscCall(PetscFree(t->name));         \
  PetscCall(PetscMalloc1(t->cap, &t->name));
    MS_AGENT_FIELDS(MS_THIEF_FIELD)
#undef MS_THIEF_FIELD
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The n agents h, handed over by partner k and awake today, stepped through their day in
   the thief's store (their locations are ghosts); then each goes back to k (its new state,
   or that it went elsewhere), is kept here (where it ends at one of this rank's
   locations), or is sent to the owner of where it ends. */
static PetscErrorCode Stolen(MSStep st, MSAgents *a, MSSteal sp, int k, const MSHanded *h,
                             int64_t n, MSExchange ex)
{
  const MSPartition *pt = st->part;
  MSAgents          *t  = &st->thief;
  int                victim;

  PetscFunctionBegin;
  PetscCall(ThiefStore(st, n));
  for (int64_t i = 0; i < n; i++) MSMigrantUnpack(&h[i].m, t, i);
  t->n = n;
  /* a hand-over is a bare copy of the partner's store: one that is not all at the partner's
     own locations is a broken protocol, to stop at, not to step */
  PetscCheck(t->loc[0] >= 0 && t->loc[0] < st->g->nloc, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "agents handed over at location %d, of %d", t->loc[0], st->g->nloc);
  victim = pt->owner[t->loc[0]];
  for (int64_t i = 1; i < n; i++)
    PetscCheck(t->loc[i] >= 0 && t->loc[i] < st->g->nloc && pt->owner[t->loc[i]] == victim,
               PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "agents handed over at locations of more than one rank, or none");
  /* the next answer travels while these are stepped (h is read above, before it is reused) */
  PetscCall(MSStealRequest(sp, k));
  PetscCall(MSStepThiefDay_Private(st, t, n, ex));
  /* where each ended, in a list of its own: the give list may still be on its way to a
     third rank that this one served before it ran out of work */
  PetscCall(MSMemoryGrow(&st->back, &st->back_cap, n, sizeof(MSHanded)));
  {
    int64_t keep = 0;
    for (int64_t i = 0; i < n; i++) keep += pt->owner[t->loc[i]] == pt->rank;
    PetscCall(MSAgentsReserve(a, a->n + keep));
  }
  for (int64_t i = 0; i < n; i++) {
    int owner        = pt->owner[t->loc[i]];
    st->back[i].slot = h[i].slot;
    if (owner == victim)
      MSMigrantPack(t, i, &st->back[i].m);
    else {
      MSMigrant m;
      MSMigrantPack(t, i, &m);
      if (owner == pt->rank)
        MSMigrantUnpack(&m, a, a->n++);
      else
        PetscCall(MSExchangePost(ex, owner, &m));
      st->back[i].m.loc = -1;
    }
  }
  PetscCall(MSStealReturn(sp, k, st->back, n));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepSteal(MSStep st, MSAgents *a, MSExchange ex, MSSteal sp)
{
  int     np = MSStealPartners(sp);
  double *took;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(np + 1, &took));
  for (int j = 0; j < np; j++) {
    /* the partner asked ahead first, its request already open */
    int k = st->asked_ahead >= 0 ? (st->asked_ahead + j) % np : j;
    if (!(j == 0 && st->asked_ahead >= 0)) {
      /* a partner that asked this rank for work has none of its own left */
      if (!MSStealBusy(sp, k)) continue;
      PetscCall(MSStealRequest(sp, k));
    }
    for (;;) {
      const MSHanded *h;
      int64_t         n;
      double          t0;
      PetscCall(MSStealReceive(sp, k, &h, &n));
      if (n == 0) break;
      t0 = MPI_Wtime();
      PetscCall(Stolen(st, a, sp, k, h, n, ex));
      PetscCall(MSExchangeSendEarly(ex));
      took[k] += MPI_Wtime() - t0;
      st->stolen += n;
    }
  }
  PetscCall(MSStealEnd(sp, took, &st->busy_given));
  PetscCall(Returned(st, a, sp));
  st->asked_ahead = -1;
  PetscCall(PetscFree(took));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStepStealFree_Private(MSStep st)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(st->give));
  PetscCall(PetscFree(st->back));
#define MS_THIEF_FREE(type, name, desc) PetscCall(PetscFree(st->thief.name));
  MS_AGENT_FIELDS(MS_THIEF_FREE)
#undef MS_THIEF_FREE
  PetscFunctionReturn(PETSC_SUCCESS);
}
