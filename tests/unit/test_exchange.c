/* unit.exchange: the migrants' exchange (ms_exchange.h) on 2 or 3 ranks, each a neighbour of
   every other. Every rank posts migrants to every other, a few at a time, sending the queues
   that have grown long enough early (MSExchangeSendEarly) and storing what has come
   (MSExchangePollEarly) as a rank does between blocks; then the early messages still on
   their way are drained (MSExchangeDrainEarly) and the rest goes at the end of the day
   (MSExchangeRun). Each migrant must arrive at its destination exactly once, every field
   intact, and both ways of sending must have been used; over two days, so that the second
   starts from a clean state. */
#include "world.h"

#define EARLY_MIN 50
#define CHUNK     40
#define LATE      10 /* migrants a rank posts to each neighbour after its last early send */

/* How many migrants src sends to dst on day. */
static int64_t Count(int src, int dst, int day) { return 300 + 97 * src + 31 * dst + 13 * day; }

/* The k-th migrant from src to dst on day: every field a function of (day, src, dst, k). */
static MSMigrant Make(int day, int src, int dst, int64_t k)
{
  MSMigrant m;

  PetscMemzero(&m, sizeof(m));
  m.id    = ((uint64_t)day << 48) | ((uint64_t)src << 40) | ((uint64_t)dst << 32) | (uint64_t)k;
  m.loc   = dst;
  m.km    = (float)(k % 1000) * 0.5f;
  m.path  = (int32_t)((k * 7) % 1000) - 1;
  m.r     = (float)k / 3.0f;
  m.wake  = (uint16_t)(k % 65535);
  m.pos   = (uint8_t)(k % 256);
  m.flags = (uint8_t)(k % 4);
  return m;
}

/* Post the k-th migrant from src to dst on day. */
static PetscErrorCode Post(MSExchange ex, int day, int src, int dst, int64_t k)
{
  MSMigrant m = Make(day, src, dst, k);

  PetscFunctionBegin;
  PetscCall(MSExchangePost(ex, dst, &m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether two migrants agree in every field. */
static PetscBool Same(const MSMigrant *a, const MSMigrant *b)
{
#define SAME_FIELD(type, name, desc) \
  if (a->name != b->name) return PETSC_FALSE;
  MS_AGENT_FIELDS(SAME_FIELD)
#undef SAME_FIELD
  return PETSC_TRUE;
}

/* Received migrants, checked one by one against what their id says, and counted. */
typedef struct {
  int      day, rank, size;
  int64_t *seen; /* [size * max count] times each (src, k) arrived */
  int64_t  stride;
} Inbox;

static void Receive(Inbox *box, const MSMigrant *in, int64_t n)
{
  for (int64_t j = 0; j < n; j++) {
    int       day = (int)(in[j].id >> 48), src = (int)((in[j].id >> 40) & 0xff);
    int       dst = (int)((in[j].id >> 32) & 0xff);
    int64_t   k   = (int64_t)(in[j].id & 0xffffffffu);
    MSMigrant m   = Make(day, src, dst, k);
    UNIT_CHECK(day == box->day && dst == box->rank && src < box->size && src != box->rank &&
                   k < Count(src, dst, day),
               "a migrant that is not this rank's today arrived (day %d, %d -> %d, #%" PRId64 ")",
               day, src, dst, k);
    if (!(day == box->day && dst == box->rank && src < box->size && k < Count(src, dst, day)))
      continue;
    UNIT_CHECK(Same(&in[j], &m), "migrant %d -> %d #%" PRId64 " arrived changed", src, dst, k);
    box->seen[src * box->stride + k]++;
  }
}

static PetscErrorCode Day(MSExchange ex, int day, int rank, int size)
{
  Inbox            box = {day, rank, size, NULL, Count(size, size, day)};
  const MSMigrant *in;
  int64_t          nin, sent_early = MSExchangeBytesEarly(ex), sent = MSExchangeBytesSent(ex);

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(size * box.stride, &box.seen));
  /* the posts of a day, a chunk for each neighbour in turn, as blocks of agents would make them;
     the last LATE of each neighbour after the last early send */
  for (int64_t k0 = 0; k0 < Count(size, size, day); k0 += CHUNK) {
    for (int dst = 0; dst < size; dst++)
      for (int64_t k = k0; dst != rank && k < PetscMin(k0 + CHUNK, Count(rank, dst, day) - LATE);
           k++)
        PetscCall(Post(ex, day, rank, dst, k));
    PetscCall(MSExchangeSendEarly(ex));
    PetscCall(MSExchangePollEarly(ex, &in, &nin));
    Receive(&box, in, nin);
  }
  for (int dst = 0; dst < size; dst++)
    for (int64_t k = Count(rank, dst, day) - LATE; dst != rank && k < Count(rank, dst, day); k++)
      PetscCall(Post(ex, day, rank, dst, k));
  PetscCall(MSExchangeDrainEarly(ex, &in, &nin));
  Receive(&box, in, nin);
  PetscCall(MSExchangeRun(ex, &in, &nin));
  Receive(&box, in, nin);
  for (int src = 0; src < size; src++)
    for (int64_t k = 0; src != rank && k < Count(src, rank, day); k++)
      UNIT_CHECK(box.seen[src * box.stride + k] == 1,
                 "day %d: migrant %d -> %d #%" PRId64 " arrived %" PRId64 " times", day, src, rank,
                 k, box.seen[src * box.stride + k]);
  UNIT_CHECK(MSExchangeBytesEarly(ex) > sent_early, "day %d: nothing was sent early", day);
  UNIT_CHECK(MSExchangeBytesSent(ex) - sent > MSExchangeBytesEarly(ex) - sent_early,
             "day %d: nothing was left for the end of the day", day);
  PetscCall(PetscFree(box.seen));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscMPIInt rank, size;
  MSPartition part;
  char       *reach;
  MSExchange  ex;
  int         status = 1;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  /* one location a rank, each within every rank's reach: all ranks are neighbours */
  PetscCall(PetscMemzero(&part, sizeof(part)));
  part.comm = PETSC_COMM_WORLD, part.rank = rank, part.size = size;
  PetscCall(PetscMalloc2(size, &part.owner, size, &reach));
  for (int i = 0; i < size; i++) part.owner[i] = i, reach[i] = 1;
  PetscCall(MSExchangeCreate(&part, size, reach, &ex));
  MSExchangeSetEarlyMin(ex, EARLY_MIN);
  for (int day = 0; day < 2; day++) PetscCall(Day(ex, day, rank, size));
  PetscCall(MSExchangeDestroy(&ex));
  PetscCall(PetscFree2(part.owner, reach));
  PetscCall(UnitFinish("unit.exchange", &status));
  PetscCall(PetscFinalize());
  return status;
}
