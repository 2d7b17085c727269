/* ms_rng: counter-based random numbers (MODEL.md section 8).
 *
 * Every draw is a pure function of (seed, subject, day, step, purpose): no generator
 * state exists to carry between ranks or through a restart, which is what makes the
 * results independent of the decomposition. One Philox4x32-10 call yields four 32-bit
 * words; an agent uses one call per hop (word 0: move decision, word 1: route choice). */
#ifndef MS_RNG_H
#define MS_RNG_H

#include <stdint.h>
#include <Random123/philox.h>
#include <gsl/gsl_rng.h>

typedef enum {
  MS_RNG_AGENT         = 0,
  MS_RNG_SPAWN_SPLIT   = 1,
  MS_RNG_SPAWN_POISSON = 2,
  MS_RNG_WAKE          = 3,
  MS_RNG_INFLOW        = 4, /* forecast members' inflow paths (ms_inflow.h) */
  MS_RNG_ASSIMILATE    = 5  /* which residents a forecast's assimilation removes (words 0-1), which
                               agents outside the camps it takes (words 2-3; ms_sim.h) */
} MSRngPurpose;

/* Four words for subject (an agent id or a location index), day and step. */
static inline philox4x32_ctr_t MSRngDraw(uint64_t seed, uint64_t subject, uint32_t day,
                                         uint32_t step, MSRngPurpose purpose)
{
  philox4x32_ctr_t c = {{(uint32_t)subject, (uint32_t)(subject >> 32), day,
                         (step & 0x00ffffffu) | ((uint32_t)purpose << 24)}};
  philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
  return philox4x32(c, k);
}

/* Words 0 and 1 of MSRngDraw(seed, id[idx[k]], day, step, purpose), for k < n, as
   w[k] = v[0] | (uint64_t)v[1] << 32 (idx NULL: id[k]): the same values, several draws at once
   in vector registers where the machine has them (AVX2, AVX-512). */
void MSRngDrawWords01(uint64_t seed, int64_t n, const uint64_t *id, const int64_t *idx,
                      uint32_t day, uint32_t step, MSRngPurpose purpose, uint64_t *w);

/* Words 0 and 1 of MSRngDraw(seed, id, day, step + k, purpose), for k < n, into w[k] as
   MSRngDrawWords01() gives them: one subject's successive steps at once. */
void MSRngDrawHops01(uint64_t seed, uint64_t id, uint32_t day, uint32_t step, int n,
                     MSRngPurpose purpose, uint64_t *w);

/* A uniform double in (0, 1) from one 32-bit word. */
static inline double MSRngU01(uint32_t w) { return ((double)w + 0.5) * (1.0 / 4294967296.0); }

/* A GSL generator whose stream is keyed like MSRngDraw(): use it for GSL's distributions
   (binomial, Poisson), which consume a data-dependent number of uniforms. */
gsl_rng *MSRngGSLCreate(void);

/* Restart r on the stream of (seed, subject, day, purpose). */
void MSRngGSLReset(gsl_rng *r, uint64_t seed, uint64_t subject, uint32_t day, MSRngPurpose purpose);

#endif
