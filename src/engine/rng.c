/* Keyed GSL streams over Philox (Random123's micro-RNG adaptor). */
#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>
#include "ms_rng.h"
#if defined(__AVX2__)
#  include <immintrin.h>
#endif

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

/* Philox4x32-10 on MS_VL lanes of 64 bits, each holding a 32-bit word in its low half: the
   multiplication reads only the low halves, and the exclusive ors keep the halves apart, so the
   high halves' contents never reach a result. */
#if defined(__AVX512F__)
#  define MS_VL        8
#  define VI           __m512i
#  define VMUL(a, b)   _mm512_mul_epu32(a, b)
#  define VHI(a)       _mm512_srli_epi64(a, 32)
#  define VXOR(a, b)   _mm512_xor_si512(a, b)
#  define VSET1(x)     _mm512_set1_epi64((long long)(x))
#  define VLOAD(p)     _mm512_loadu_si512((const void *)(p))
#  define VSTORE(p, v) _mm512_storeu_si512((void *)(p), v)
#  define VPACK(lo, hi) \
    _mm512_or_si512(_mm512_and_si512(lo, VSET1(0xffffffffu)), _mm512_slli_epi64(hi, 32))
#elif defined(__AVX2__)
#  define MS_VL        4
#  define VI           __m256i
#  define VMUL(a, b)   _mm256_mul_epu32(a, b)
#  define VHI(a)       _mm256_srli_epi64(a, 32)
#  define VXOR(a, b)   _mm256_xor_si256(a, b)
#  define VSET1(x)     _mm256_set1_epi64x((long long)(x))
#  define VLOAD(p)     _mm256_loadu_si256((const __m256i *)(p))
#  define VSTORE(p, v) _mm256_storeu_si256((__m256i *)(p), v)
#  define VPACK(lo, hi) \
    _mm256_or_si256(_mm256_and_si256(lo, VSET1(0xffffffffu)), _mm256_slli_epi64(hi, 32))
#endif

#if defined(MS_VL)
/* The draws of MS_VL counters into w: the subjects' ids in c0's lanes, word 3 (step and
   purpose) in c3's */
static inline void DrawLanes(const uint32_t key[10][2], VI c0, uint32_t day, VI c3, uint64_t *w)
{
  VI       c1 = VHI(c0), c2 = VSET1(day);
  const VI m0 = VSET1(PHILOX_M4x32_0), m1 = VSET1(PHILOX_M4x32_1);

  for (int r = 0; r < 10; r++) {
    VI p0 = VMUL(c0, m0), p1 = VMUL(c2, m1);
    c0 = VXOR(VXOR(VHI(p1), c1), VSET1(key[r][0]));
    c2 = VXOR(VXOR(VHI(p0), c3), VSET1(key[r][1]));
    c1 = p1, c3 = p0;
  }
  VSTORE(w, VPACK(c0, c1));
}

/* the ten rounds' keys, bumped as philox4x32 bumps them */
static inline void Keys(uint64_t seed, uint32_t key[10][2])
{
  key[0][0] = (uint32_t)seed, key[0][1] = (uint32_t)(seed >> 32);
  for (int r = 1; r < 10; r++)
    key[r][0] = key[r - 1][0] + PHILOX_W32_0, key[r][1] = key[r - 1][1] + PHILOX_W32_1;
}
#endif

void MSRngDrawWords01(uint64_t seed, int64_t n, const uint64_t *id, const int64_t *idx,
                      uint32_t day, uint32_t step, MSRngPurpose purpose, uint64_t *w)
{
  int64_t k = 0;
#if defined(MS_VL)
  uint32_t word3 = (step & 0x00ffffffu) | ((uint32_t)purpose << 24), key[10][2];
  uint64_t lane[MS_VL], out[MS_VL];

  Keys(seed, key);
  for (; k + MS_VL <= n; k += MS_VL) {
    if (idx) {
      for (int l = 0; l < MS_VL; l++) lane[l] = id[idx[k + l]];
      DrawLanes(key, VLOAD(lane), day, VSET1(word3), w + k);
    } else
      DrawLanes(key, VLOAD(id + k), day, VSET1(word3), w + k);
  }
  if (k < n) {
    int m = (int)(n - k);
    for (int l = 0; l < MS_VL; l++) lane[l] = l < m ? id[idx ? idx[k + l] : k + l] : 0;
    DrawLanes(key, VLOAD(lane), day, VSET1(word3), out);
    for (int l = 0; l < m; l++) w[k + l] = out[l];
  }
#else
  for (; k < n; k++) {
    philox4x32_ctr_t v = MSRngDraw(seed, id[idx ? idx[k] : k], day, step, purpose);
    w[k]               = v.v[0] | (uint64_t)v.v[1] << 32;
  }
#endif
}

void MSRngDrawHops01(uint64_t seed, uint64_t id, uint32_t day, uint32_t step, int n,
                     MSRngPurpose purpose, uint64_t *w)
{
  int k = 0;
#if defined(MS_VL)
  uint32_t key[10][2];
  uint64_t word3[MS_VL], out[MS_VL];

  Keys(seed, key);
  for (; k < n; k += MS_VL) {
    for (int l = 0; l < MS_VL; l++)
      word3[l] = ((step + (uint32_t)(k + l)) & 0x00ffffffu) | ((uint32_t)purpose << 24);
    DrawLanes(key, VSET1(id), day, VLOAD(word3), out);
    for (int l = 0; l < MS_VL && k + l < n; l++) w[k + l] = out[l];
  }
#else
  for (; k < n; k++) {
    philox4x32_ctr_t v = MSRngDraw(seed, id, day, step + (uint32_t)k, purpose);
    w[k]               = v.v[0] | (uint64_t)v.v[1] << 32;
  }
#endif
}
