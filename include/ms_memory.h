/* ms_memory: pages populated at once, and lists grown in place.
 *
 * On the paravirtualised MMU of the machines this code was tuned on, the first touch of a
 * fresh page costs about 12 us when the pages fault in one by one, and under 4 us when the
 * kernel populates a range in one call. Buffers about to be written whole (a migration's,
 * a repartition's, the output's) are therefore populated before they are filled. */
#ifndef MS_MEMORY_H
#define MS_MEMORY_H

#include <sys/mman.h>
#include <unistd.h>
#include "migrasim.h"

/* Fault in the whole pages of [p, p + bytes) in one call, where there are more than 16 of
   them (fewer are left to ordinary faults). An optimisation: failure is harmless. */
static inline void MSMemoryPopulate(void *p, size_t bytes)
{
#if defined(MADV_POPULATE_WRITE)
  size_t    page = (size_t)sysconf(_SC_PAGESIZE);
  uintptr_t lo = ((uintptr_t)p + page - 1) / page * page, hi = ((uintptr_t)p + bytes) / page * page;

  if (hi > lo + 16 * page) (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
  (void)p, (void)bytes;
#endif
}

/* Room for n values of size elem in the list at *(void **)list (from the PetscMalloc family,
   or NULL), of capacity *cap: when short, the capacity doubles (to n and to 4096 at least),
   the contents kept. The list stays the caller's, to free with PetscFree(). */
static inline PetscErrorCode MSMemoryGrow(void *list, int64_t *cap, int64_t n, size_t elem)
{
  PetscFunctionBegin;
  if (n > *cap) {
    int64_t nc = PetscMax(n, *cap ? 2 * *cap : 4096);
    PetscCall(PetscRealloc(elem * (size_t)nc, (void **)list));
    *cap = nc;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

#endif
