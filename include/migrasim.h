/* migrasim: common definitions shared by every module. */
#ifndef MIGRASIM_H
#define MIGRASIM_H

#include <petscsys.h>
#include <stdint.h>
#include "ms_version.h"

/* PETSc 3.18 (Debian 12) predates PETSC_SUCCESS */
#ifndef PETSC_SUCCESS
#  define PETSC_SUCCESS 0
#endif

/* Exit codes of the migrasim executable (documented in README.md). */
#define MS_EXIT_OK    0
#define MS_EXIT_ERROR 1

/* FNV-1a, 64 bit: the n bytes at p hashed on from h (MS_HASH_START for a new hash). The
   scenario's hash and the checkpoints' checksums are built from it. */
#define MS_HASH_START 1469598103934665603ull
static inline uint64_t MSHash(uint64_t h, const void *p, size_t n)
{
  const unsigned char *c = (const unsigned char *)p;
  for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 1099511628211ull;
  return h;
}

#endif
