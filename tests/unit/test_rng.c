/* unit.rng.words01: MSRngDrawWords01() and MSRngDrawHops01() (several Philox draws at once, in
 * vector registers) give words 0 and 1 of MSRngDraw() for every key: counts of draws that fill
 * no lane, some lanes and several vectors, ids read directly or through an index list, full
 * 64-bit ids and seeds, every purpose, steps that use all 24 bits and successive steps that
 * wrap past them. Exit 0 when every check passes. */
#include "unit.h"
#include <inttypes.h>
#include "ms_rng.h"

#define NMAX 67

/* A 64-bit mix (splitmix64) for the test's keys */
static uint64_t Mix(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15u);
  z          = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z          = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
  uint64_t state = 1, id[2 * NMAX], w[NMAX];
  int64_t  idx[NMAX];
  int64_t  bad = 0, total = 0;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  for (int trial = 0; trial < 40; trial++) {
    uint64_t     seed    = trial % 3 == 0 ? (uint64_t)trial : Mix(&state);
    uint32_t     day     = (uint32_t)Mix(&state) & 0x7fff;
    uint32_t     step    = trial % 2 ? (uint32_t)Mix(&state) & 0xffffff : (uint32_t)(trial % 5);
    MSRngPurpose purpose = (MSRngPurpose)(trial % 6);
    int          n       = trial < NMAX ? trial % NMAX : NMAX;

    for (int k = 0; k < 2 * NMAX; k++) id[k] = trial % 4 ? Mix(&state) : (uint64_t)k;
    for (int k = 0; k < NMAX; k++) idx[k] = (int64_t)(Mix(&state) % (2 * NMAX));
    for (int via = 0; via < 2; via++) {
      MSRngDrawWords01(seed, n, id, via ? idx : NULL, day, step, purpose, w);
      for (int k = 0; k < n; k++) {
        philox4x32_ctr_t v = MSRngDraw(seed, id[via ? idx[k] : k], day, step, purpose);
        bad += w[k] != (v.v[0] | (uint64_t)v.v[1] << 32);
        total++;
      }
    }
  }
  UnitCheck(bad == 0 && total > 0,
            "words01: %" PRId64 " of %" PRId64 " draws differ from MSRngDraw()", bad, total);
  bad = total = 0;
  for (int trial = 0; trial < 40; trial++) {
    uint64_t seed = Mix(&state), sid = Mix(&state);
    uint32_t day  = (uint32_t)Mix(&state) & 0x7fff;
    uint32_t step = trial % 3 ? (uint32_t)(trial % 7) : 0xfffffcu + (uint32_t)(trial % 5);
    int      n    = 1 + trial % 19;

    MSRngDrawHops01(seed, sid, day, step, n, (MSRngPurpose)(trial % 6), w);
    for (int k = 0; k < n; k++) {
      philox4x32_ctr_t v = MSRngDraw(seed, sid, day, step + (uint32_t)k, (MSRngPurpose)(trial % 6));
      bad += w[k] != (v.v[0] | (uint64_t)v.v[1] << 32);
      total++;
    }
  }
  UnitCheck(bad == 0 && total > 0,
            "hops01: %" PRId64 " of %" PRId64 " draws differ from MSRngDraw()", bad, total);
  PetscCall(PetscFinalize());
  return unit_failures ? 1 : 0;
}
