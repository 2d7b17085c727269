/* ms_steal: work stealing within a day between neighbouring ranks.
 *
 * A day lasts as long as its slowest rank, and on a shared machine a core's speed drifts
 * by several per cent from one tenth of a second to the next: a partition balanced on
 * yesterday's times is not balanced today. Every decision of a day reads the state frozen
 * at its start, so any rank that ghosts a location can step the agents there (ms_ghost.h).
 * A rank that has stepped all its own agents therefore asks a partner (a rank whose
 * locations it ghosts) for work; the partner, between two blocks of its own, hands over
 * the awake agents of the last agents it has not reached, each with its place in the
 * partner's store. The thief steps them through their day in a small store of its own
 * (in cache) and sends back what became of each: its new state, to be written into the
 * same place (still in the partner's cache, as it was read just before), or that it went
 * elsewhere (kept by the thief where it ends on one of the thief's locations, sent to the
 * owner through ms_exchange otherwise). Results do not change: who steps an agent never
 * does, and the counts the thief changes reach their owners with the ghosts' (ms_ghost.h).
 *
 * The protocol, per pair and day, on a communicator of its own: the thief sends REQ and
 * waits for GIVE (agents, or none when the partner has too few left), and asks again as
 * soon as it has stored what came, before stepping it, so that the next answer is on its
 * way meanwhile; after stepping, it sends RET. A rank waiting for anything answers every
 * REQ it receives with an empty GIVE. A rank that asks no more sends END (with the seconds
 * it spent on that partner's agents, for the load balance) to every partner, and the day
 * goes on once END has come from all of them and every RET for its own GIVEs. */
#ifndef MS_STEAL_H
#define MS_STEAL_H

#include "ms_exchange.h"

/* An agent handed to a thief, or handed back: its state and its place in the giver's
   store. Handed back with loc -1, it went elsewhere: the place is free. */
typedef struct {
  MSMigrant m;
  int64_t   slot;
} MSHanded;

typedef struct _p_MSSteal *MSSteal;

/* Partners are the npartner ranks of partner[] (symmetric: each lists the other). Collective
   over comm. */
PetscErrorCode MSStealCreate(MPI_Comm comm, int npartner, const int *partner, MSSteal *sp);

/* A partner's request, if one has come: *k its index (-1: none). Answers (RET) that came
   meanwhile are kept for MSStealReturned(). Not collective. */
PetscErrorCode MSStealPoll(MSSteal sp, int *k);

/* Wait until the last answer's buffer may be written again (before filling it). */
PetscErrorCode MSStealGiveReady(MSSteal sp);

/* Answer partner k's request with n agents h (n = 0: a refusal); h must stay untouched
   until MSStealGiveReady() or the next MSStealGive(). */
PetscErrorCode MSStealGive(MSSteal sp, int k, const MSHanded *h, int64_t n);

/* Ask partner k for work (at most one request to a partner is open at a time). */
PetscErrorCode MSStealRequest(MSSteal sp, int k);

/* Wait for partner k's answer to the open request, answering the requests of others with
   refusals meanwhile: *h (owned by sp, valid until the next call) gets *n agents, 0 when
   k has none to give. */
PetscErrorCode MSStealReceive(MSSteal sp, int k, const MSHanded **h, int64_t *n);

/* Hand the n agents h back to partner k, what became of those it gave (copied: h may be
   reused at once). */
PetscErrorCode MSStealReturn(MSSteal sp, int k, const MSHanded *h, int64_t n);

/* The agents handed back since the last call: *h (owned by sp, valid until the next call
   to any MSSteal function) gets *n of them. */
PetscErrorCode MSStealReturned(MSSteal sp, const MSHanded **h, int64_t *n);

/* The end of this rank's stealing for the day: took[k] (seconds spent on partner k's
   agents) goes to every partner, and the partners' ends and the return of every agent
   handed over are awaited (refusing requests meanwhile; fetch the returns with
   MSStealReturned() afterwards). *given: seconds the partners spent on this rank's agents. */
PetscErrorCode MSStealEnd(MSSteal sp, const double *took, double *given);

/* Seconds waited, in all, for answers (*give) and for the partners' ends (*end). */
void MSStealWaited(MSSteal sp, double *give, double *end);

/* Whether partner k may still have agents of its own to give: not if it has asked for work
   today (a thief is done with its own). */
PetscBool MSStealBusy(MSSteal sp, int k);

/* The number of partners. */
int MSStealPartners(MSSteal sp);

/* Free the object and its communicator. */
PetscErrorCode MSStealDestroy(MSSteal *sp);

#endif
