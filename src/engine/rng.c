/* Keyed GSL streams over Philox (Random123's micro-RNG adaptor). */
#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>
#include "ms_rng.h"

GSL_MICRORNG(ms_philox, philox4x32); /* defines gsl_rng_ms_philox and ms_philox_reset() */

gsl_rng *MSRngGSLCreate(void) { return gsl_rng_alloc(gsl_rng_ms_philox); }

void MSRngGSLReset(gsl_rng *r, uint64_t seed, uint64_t subject, uint32_t day, MSRngPurpose purpose)
{
  /* the micro-RNG counts its calls in the low bits of word 3, below the purpose byte */
  philox4x32_ctr_t c = {
      {(uint32_t)subject, (uint32_t)(subject >> 32), day, (uint32_t)purpose << 24}};
  philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
  ms_philox_reset(r, c, k);
}
