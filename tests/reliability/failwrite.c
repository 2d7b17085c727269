/* failwrite: an LD_PRELOAD shim that makes the writes of one process to some files fail after a
   number of bytes, as a full disk, an I/O error or an exhausted quota would, or kills the
   process there, as a node failure would (tests/reliability). Environment:

     MS_FAILWRITE_PATH   only regular files whose path starts with this (required: without it
                         the shim does nothing)
     MS_FAILWRITE_AFTER  bytes written to those files (by this process, in all) that succeed;
                         the write that would cross the limit writes what fits and the next
                         one fails (default 0)
     MS_FAILWRITE_ERRNO  ENOSPC (default), EIO or EDQUOT
     MS_FAILWRITE_RANK   only in the process of this MPI rank (OMPI_COMM_WORLD_RANK or
                         PMIX_RANK; default: every process)
     MS_FAILWRITE_KILL   1: the process kills itself (SIGKILL) at that write instead, before
                         writing any of it

   write, pwrite, writev and pwritev and their 64-bit forms are replaced (MPI-IO and HDF5 call
   them); a stream opened by fopen for writing is given the same counted write through
   fopencookie, since glibc's stdio writes without going through the replaceable symbols. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *prefix;
static long long   budget;
static int         fail_errno = ENOSPC, kill_instead, active = -1;

static void Setup(void)
{
  const char *p = getenv("MS_FAILWRITE_PATH"), *r = getenv("MS_FAILWRITE_RANK"), *e;

  if (active >= 0) return;
  active = 0;
  if (!p || !p[0]) return;
  if (r && r[0]) {
    const char *me = getenv("OMPI_COMM_WORLD_RANK");
    if (!me) me = getenv("PMIX_RANK");
    if (!me || atoi(me) != atoi(r)) return;
  }
  prefix = p;
  budget = (e = getenv("MS_FAILWRITE_AFTER")) ? atoll(e) : 0;
  if ((e = getenv("MS_FAILWRITE_ERRNO"))) {
    if (!strcmp(e, "EIO"))
      fail_errno = EIO;
    else if (!strcmp(e, "EDQUOT"))
      fail_errno = EDQUOT;
  }
  kill_instead = (e = getenv("MS_FAILWRITE_KILL")) && atoi(e) == 1;
  active       = 1;
}

/* Whether fd is a regular file under the prefix. */
static int Watched(int fd)
{
  char        link[64], path[PATH_MAX];
  struct stat st;
  ssize_t     n;

  Setup();
  if (active != 1 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  n = readlink(link, path, sizeof(path) - 1);
  if (n <= 0) return 0;
  path[n] = 0;
  return !strncmp(path, prefix, strlen(prefix));
}

/* How many of len bytes to fd may be written: len, fewer at the limit, or -1 (errno set). */
static ssize_t Allow(int fd, size_t len)
{
  if (len == 0 || !Watched(fd)) return (ssize_t)len;
  if (budget <= 0) {
    if (kill_instead) raise(SIGKILL);
    errno = fail_errno;
    return -1;
  }
  if ((long long)len > budget) {
    if (kill_instead) raise(SIGKILL);
    len = (size_t)budget;
  }
  budget -= (long long)len;
  return (ssize_t)len;
}

#define REAL(ret, name, args)                                \
  static ret(*real_##name) args;                             \
  static void Find_##name(void)                              \
  {                                                          \
    if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name); \
  }

REAL(ssize_t, write, (int, const void *, size_t))
REAL(ssize_t, pwrite, (int, const void *, size_t, off_t))
REAL(ssize_t, pwrite64, (int, const void *, size_t, off64_t))
REAL(ssize_t, writev, (int, const struct iovec *, int))
REAL(ssize_t, pwritev, (int, const struct iovec *, int, off_t))
REAL(ssize_t, pwritev64, (int, const struct iovec *, int, off64_t))
REAL(FILE *, fopen, (const char *, const char *))
REAL(FILE *, fopen64, (const char *, const char *))

ssize_t write(int fd, const void *buf, size_t len)
{
  ssize_t n = Allow(fd, len);
  Find_write();
  return n < 0 ? -1 : real_write(fd, buf, (size_t)n);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
  ssize_t n = Allow(fd, len);
  Find_pwrite();
  return n < 0 ? -1 : real_pwrite(fd, buf, (size_t)n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
  ssize_t n = Allow(fd, len);
  Find_pwrite64();
  return n < 0 ? -1 : real_pwrite64(fd, buf, (size_t)n, off);
}

/* The first iovecs of iov[cnt] that hold n bytes (the last one cut): their count, in cut[]. */
static int Cut(const struct iovec *iov, int cnt, size_t n, struct iovec *cut)
{
  int k = 0;
  for (; k < cnt && n > 0; k++) {
    cut[k] = iov[k];
    if (cut[k].iov_len > n) cut[k].iov_len = n;
    n -= cut[k].iov_len;
  }
  return k;
}

static size_t Total(const struct iovec *iov, int cnt)
{
  size_t s = 0;
  for (int k = 0; k < cnt; k++) s += iov[k].iov_len;
  return s;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
  struct iovec cut[IOV_MAX];
  size_t       len = Total(iov, cnt);
  ssize_t      n   = Allow(fd, len);
  Find_writev();
  if (n < 0) return -1;
  if ((size_t)n == len || cnt > IOV_MAX) return real_writev(fd, iov, cnt);
  return real_writev(fd, cut, Cut(iov, cnt, (size_t)n, cut));
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
  struct iovec cut[IOV_MAX];
  size_t       len = Total(iov, cnt);
  ssize_t      n   = Allow(fd, len);
  Find_pwritev();
  if (n < 0) return -1;
  if ((size_t)n == len || cnt > IOV_MAX) return real_pwritev(fd, iov, cnt, off);
  return real_pwritev(fd, cut, Cut(iov, cnt, (size_t)n, cut), off);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off)
{
  struct iovec cut[IOV_MAX];
  size_t       len = Total(iov, cnt);
  ssize_t      n   = Allow(fd, len);
  Find_pwritev64();
  if (n < 0) return -1;
  if ((size_t)n == len || cnt > IOV_MAX) return real_pwritev64(fd, iov, cnt, off);
  return real_pwritev64(fd, cut, Cut(iov, cnt, (size_t)n, cut), off);
}

/* A stream's writes, through the counted write() above. */
static ssize_t CookieWrite(void *c, const char *buf, size_t len)
{
  ssize_t n = write((int)(intptr_t)c, buf, len);
  return n < 0 ? 0 : n; /* fopencookie: 0 is the error, with errno set */
}
static int CookieClose(void *c) { return close((int)(intptr_t)c); }

/* A stream for writing path (mode "w" or "a") whose writes are counted, or NULL to let the real
   fopen open it. */
static FILE *Counted(const char *path, const char *mode)
{
  cookie_io_functions_t io = {NULL, CookieWrite, NULL, CookieClose};
  int                   fd, flags;
  FILE                 *f;

  char full[PATH_MAX];

  Setup();
  if (active != 1 || strchr(mode, '+') || !(mode[0] == 'w' || mode[0] == 'a')) return NULL;
  /* a relative path, as the prefix is: from the current directory */
  if (path[0] != '/' && getcwd(full, sizeof(full)) && strlen(full) + strlen(path) + 2 < PATH_MAX)
    strcat(strcat(full, "/"), path);
  else
    snprintf(full, sizeof(full), "%s", path);
  if (strncmp(full, prefix, strlen(prefix))) return NULL;
  flags = O_WRONLY | O_CREAT | (mode[0] == 'w' ? O_TRUNC : O_APPEND);
  fd    = open(path, flags, 0666);
  if (fd < 0) return (FILE *)-1;
  f = fopencookie((void *)(intptr_t)fd, mode, io);
  if (!f) close(fd);
  return f ? f : (FILE *)-1;
}

FILE *fopen(const char *path, const char *mode)
{
  FILE *f = Counted(path, mode);
  Find_fopen();
  if (f == (FILE *)-1) return NULL;
  return f ? f : real_fopen(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
  FILE *f = Counted(path, mode);
  Find_fopen64();
  if (f == (FILE *)-1) return NULL;
  return f ? f : real_fopen64(path, mode);
}
