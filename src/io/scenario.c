/* Readers for a Flee-format scenario directory (ms_scenario.h, MODEL.md sections 6-7).
 *
 * Every check raises a one-line "FILE:LINE: field 'X': what" on the communicator, so a
 * user can fix the file without a debugger. Every rank runs the same code on the same
 * bytes, hence the same first error. All working state hangs off a Loader so that the
 * error path, which leaves through SETERRQ, still has one place that frees it. */
#include "ms_scenario.h"
#include "ms_csv.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const MSLocTypeNames[] = {"town",    "conflict_zone",  "camp",
                                      "idpcamp", "forwarding_hub", "marker"};

#define MS_MAX_LENGTH 1000000
/* Above the world's population: a larger count is a typo, and the bound keeps sums of
   many series far from int64 overflow. */
#define MS_MAX_COUNT \
  1e9 /* more than any displacement on record; bigger is a typo that would exhaust memory */
/* Conflict intensities weigh spawning and scores as powers: beyond this they overflow. */
#define MS_MAX_INTENSITY 1e3
/* The longest road on earth is shorter; a larger distance is a typo. */
#define MS_MAX_DISTANCE 40075.0
/* Real scenarios repeat routes by the dozen; past this many the warnings are summed up. */
#define MS_DUP_WARNINGS 5

/* ------------------------------------------------------------------ dates */

static int64_t DaysFromCivil(int64_t y, int m, int d)
{
  int64_t era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int MSDateParse(const char s[], int64_t *day)
{
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int              y = 0, m = 0, d = 0, i, n;

  if (!s) return -1;
  for (i = 0; i < 4; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    y = 10 * y + (s[i] - '0');
  }
  if (s[i++] != '-') return -1;
  for (n = 0; n < 2 && s[i] >= '0' && s[i] <= '9'; n++, i++) m = 10 * m + (s[i] - '0');
  if (!n || s[i++] != '-') return -1;
  for (n = 0; n < 2 && s[i] >= '0' && s[i] <= '9'; n++, i++) d = 10 * d + (s[i] - '0');
  if (!n || s[i]) return -1;
  if (m < 1 || m > 12 || d < 1) return -1;
  if (d > mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))) return -1;
  *day = DaysFromCivil(y, m, d);
  return 0;
}

void MSDateFormat(int64_t day, char buf[11])
{
  int64_t z = day + 719468, era, doe, yoe, y, doy, mp, d, m;

  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y   = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp  = (5 * doy + 2) / 153;
  d   = doy - (153 * mp + 2) / 5 + 1;
  m   = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 0 || y > 9999)
    (void)snprintf(buf, 11, "%s", "XXXX-XX-XX"); /* only for days no file can name */
  else
    (void)snprintf(buf, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* ------------------------------------------------------------------ name index */

typedef const char *(*KeyFn)(const void *ctx, int i);

static uint64_t HashStr(const char *s, size_t n) { return MSHash(MS_HASH_START, s, n); }

static int HashFind(const MSNameHash *h, KeyFn key, const void *ctx, const char *s, size_t n)
{
  size_t mask, i;

  if (!h->size) return -1;
  mask = (size_t)h->size - 1;
  for (i = (size_t)HashStr(s, n) & mask;; i = (i + 1) & mask) {
    int         k = h->slot[i];
    const char *t;
    if (k < 0) return -1;
    t = key(ctx, k);
    if (!strncmp(t, s, n) && !t[n]) return k;
  }
}

static void HashPut(MSNameHash *h, const char *name, int idx)
{
  size_t mask = (size_t)h->size - 1, i;
  for (i = (size_t)HashStr(name, strlen(name)) & mask; h->slot[i] >= 0; i = (i + 1) & mask) {}
  h->slot[i] = idx;
}

/* Add item idx, whose name is not yet in h; growing keeps the load below one half, so
   probes stay short and a lookup always meets an empty slot. */
static PetscErrorCode HashInsert(MSNameHash *h, KeyFn key, const void *ctx, int idx)
{
  PetscFunctionBeginUser;
  if (2 * (h->count + 1) > h->size) {
    MSNameHash g = {0, 0, NULL};
    PetscCheck(h->size < (1 << 29), PETSC_COMM_SELF, PETSC_ERR_SUP, "Too many names");
    g.size  = h->size ? 2 * h->size : 64;
    g.count = h->count;
    PetscCall(PetscMalloc1(g.size, &g.slot));
    for (int i = 0; i < g.size; i++) g.slot[i] = -1;
    for (int i = 0; i < h->size; i++)
      if (h->slot[i] >= 0) HashPut(&g, key(ctx, h->slot[i]), h->slot[i]);
    PetscCall(PetscFree(h->slot));
    *h = g;
  }
  HashPut(h, key(ctx, idx), idx);
  h->count++;
  PetscFunctionReturn(0);
}

static const char *LocKey(const void *ctx, int i) { return ((const MSScenario *)ctx)->loc[i].name; }
static const char *RegionKey(const void *ctx, int i)
{
  return ((const MSScenario *)ctx)->regions[i];
}
static const char *CountryKey(const void *ctx, int i)
{
  return ((const MSScenario *)ctx)->countries[i];
}
static const char *CampKey(const void *ctx, int i)
{
  return ((const MSScenario *)ctx)->camp[i].name;
}

static int IsSpace(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int MSScenarioFindLocation(const MSScenario *scn, const char name[])
{
  size_t n;

  if (!scn || !name) return -1;
  while (IsSpace(*name)) name++;
  n = strlen(name);
  while (n > 0 && IsSpace(name[n - 1])) n--;
  return HashFind(&scn->loc_index, LocKey, scn, name, n);
}

static int FindName(const MSNameHash *h, KeyFn key, const MSScenario *scn, const char *name)
{
  return HashFind(h, key, scn, name, strlen(name));
}

/* ------------------------------------------------------------------ loader state */

typedef struct {
  int a, b, idx; /* a < b */
} Pair;

typedef struct {
  int      series; /* camp index, or -1 for the total */
  char    *path;
  int      n;
  int64_t *day; /* days since 1970-01-01, ascending after SortSource(); a repeated date
                   keeps its first and its last line, in that order (MODEL.md section 7) */
  double *val;
  int    *line; /* of each point, for messages */
} Source;

typedef struct {
  MPI_Comm    comm;
  const char *dir;
  MSScenario *scn;
  MSCsv      *csv; /* the file being read; LoaderFree() closes it on the error path */

  int       *loc_line, *route_line, *camp_line; /* physical line of each item */
  int        loccap, routecap, closurecap, regioncap, countrycap, campcap, warncap;
  int        loclinecap, routelinecap, camplinecap, camp0cap, campncap;
  Pair      *pairs;         /* routes by (min, max) location, for link closures */
  int       *conflict_col;  /* [columns of conflicts.csv] stored column, -1 when ignored */
  char     **conflict_name; /* [columns of conflicts.csv] header names, for messages */
  int        nconflict_name;
  int       *conflict_seen; /* [nloc] header column (from 1) of each location, 0 if none */
  size_t     conflictcap;
  MSNameHash regions, countries, camps;

  Source *src;
  int     nsrc, srccap;
  int    *camp_src0, *camp_nsrc; /* [ncamps] each camp's Sources: src[camp_src0 .. +camp_nsrc) */
  int     total_src0, total_nsrc;
  int     corrcap;
} Loader;

/* Make room for need elements in *pptr, of which the first used are kept (element size
   elsize, capacity *cap). The pointer is moved with memcpy because it arrives as void*,
   whatever its element type. */
static PetscErrorCode Grow(void *pptr, size_t elsize, size_t used, size_t need, size_t *cap)
{
  void  *old, *q;
  size_t ncap;

  PetscFunctionBeginUser;
  if (need <= *cap) PetscFunctionReturn(0);
  ncap = PetscMax(PetscMax(2 * *cap, need), 16);
  PetscCheck(ncap <= ((size_t)1 << 40) / elsize, PETSC_COMM_SELF, PETSC_ERR_MEM, "Input too large");
  memcpy(&old, pptr, sizeof old);
  PetscCall(PetscMalloc(ncap * elsize, &q));
  if (used) memcpy(q, old, used * elsize);
  PetscCall(PetscFree(old));
  memcpy(pptr, &q, sizeof q);
  *cap = ncap;
  PetscFunctionReturn(0);
}

static PetscErrorCode GrowInt(void *pptr, size_t elsize, int n, int *cap)
{
  size_t c = (size_t)*cap;

  PetscFunctionBeginUser;
  PetscCheck(n < INT_MAX / 2, PETSC_COMM_SELF, PETSC_ERR_MEM, "Input too large");
  PetscCall(Grow(pptr, elsize, (size_t)n, (size_t)n + 1, &c));
  *cap = (int)c;
  PetscFunctionReturn(0);
}

/* A name as it may appear in a message: short, and on one line whatever the bytes. */
static const char *Clip(const char *s, char buf[80])
{
  size_t n = 0;

  for (; s[n] && n < 60; n++) buf[n] = (unsigned char)s[n] < 32 || s[n] == 127 ? '?' : s[n];
  if (s[n]) {
    memcpy(buf + n, "...", 3);
    n += 3;
  }
  buf[n] = 0;
  return buf;
}

static PetscErrorCode AddWarning(Loader *L, const char fmt[], ...) PETSC_ATTRIBUTE_FORMAT(2, 3);
static PetscErrorCode AddWarning(Loader *L, const char fmt[], ...)
{
  MSScenario *scn = L->scn;
  va_list     ap;
  int         n;
  char       *w;

  PetscFunctionBeginUser;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  PetscCheck(n >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "vsnprintf failed");
  PetscCall(PetscMalloc1((size_t)n + 1, &w));
  va_start(ap, fmt);
  (void)vsnprintf(w, (size_t)n + 1, fmt, ap);
  va_end(ap);
  PetscCall(GrowInt(&scn->warnings, sizeof(char *), scn->nwarnings, &L->warncap));
  scn->warnings[scn->nwarnings++] = w;
  PetscFunctionReturn(0);
}

/* Input errors of the loader L (ms_csv.h). */
#define InputError(L, path, line, field, ...) \
  MSInputError((L)->comm, path, line, field, __VA_ARGS__)
#define CsvError(L, field, ...) MSCsvError((L)->comm, (L)->csv, field, __VA_ARGS__)

static PetscErrorCode JoinPath(const char *a, const char *b, char **out)
{
  size_t n = strlen(a) + strlen(b) + 1;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(n, out));
  (void)snprintf(*out, n, "%s%s", a, b);
  PetscFunctionReturn(0);
}

static PetscErrorCode OpenFile(Loader *L, const char *sub, PetscBool optional)
{
  char *path;

  PetscFunctionBeginUser;
  PetscCall(JoinPath(L->dir, sub, &path));
  PetscCall(MSCsvOpen(L->comm, path, optional, &L->csv));
  PetscCall(PetscFree(path));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ fields and numbers */

static PetscErrorCode GetReal(Loader *L, const char *field, const char *s, double *v)
{
  char  buf[80];
  char *end;

  PetscFunctionBeginUser;
  if (!*s) CsvError(L, field, "empty; a number is required");
  errno = 0;
  *v    = strtod(s, &end);
  if (end == s || *end || strpbrk(s, "xX"))
    CsvError(L, field, "'%s' is not a number", Clip(s, buf));
  if (errno == ERANGE && isinf(*v)) CsvError(L, field, "'%s' is out of range", Clip(s, buf));
  if (isnan(*v) || isinf(*v)) CsvError(L, field, "'%s' is not a finite number", Clip(s, buf));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetInt(Loader *L, const char *field, const char *s, int *v)
{
  char  buf[80];
  char *end;
  long  x;

  PetscFunctionBeginUser;
  if (!*s) CsvError(L, field, "empty; an integer is required");
  errno = 0;
  x     = strtol(s, &end, 10);
  if (end == s || *end) CsvError(L, field, "'%s' is not an integer", Clip(s, buf));
  if (errno == ERANGE || x < INT_MIN || x > INT_MAX)
    CsvError(L, field, "'%s' is out of range", Clip(s, buf));
  *v = (int)x;
  PetscFunctionReturn(0);
}

/* A file's columns: found by header name where the header names them, else by position. */
typedef struct {
  const char *name, *alias1, *alias2;
  PetscBool   required;   /* a data line without it is an error; otherwise it reads as empty */
  PetscBool   named_only; /* an extra column: found by its header name only, else empty */
} ColSpec;

#define MS_MAX_COLUMNS 12
typedef struct {
  const ColSpec *spec;
  int            n;
  int            col[MS_MAX_COLUMNS];
  PetscBool      header_done;           /* a header was read, or data came first */
  PetscBool      named[MS_MAX_COLUMNS]; /* the header names column k */
  PetscBool      full_rows; /* a data line must have a field for every column the header names */
} Columns;

static PetscErrorCode ResolveHeader(Loader *L, Columns *C)
{
  MSCsv *csv = L->csv;
  int    named[MS_MAX_COLUMNS];

  PetscFunctionBeginUser;
  for (int k = 0; k < C->n; k++) {
    const ColSpec *s = &C->spec[k];
    named[k]         = -1;
    for (int j = 0; j < csv->nfields && named[k] < 0; j++) {
      const char *h = csv->field[j];
      if (MSCsvHeaderIs(h, s->name) || (s->alias1 && MSCsvHeaderIs(h, s->alias1)) ||
          (s->alias2 && MSCsvHeaderIs(h, s->alias2)))
        named[k] = j;
    }
  }
  for (int k = 0; k < C->n; k++) {
    C->named[k] = (PetscBool)(named[k] >= 0);
    C->col[k]   = named[k] >= 0 ? named[k] : C->spec[k].named_only ? INT_MAX : k;
    if (named[k] >= 0 || C->spec[k].named_only) continue;
    /* Falling back to the position is only safe where the header does not put another
       known column there. */
    for (int m = 0; m < C->n; m++)
      if (m != k && named[m] == k) {
        if (C->spec[k].required) CsvError(L, C->spec[k].name, "column missing from the header");
        C->col[k] = INT_MAX; /* an optional column the header leaves out: always empty */
      }
  }
  PetscFunctionReturn(0);
}

/* Next data record of L->csv. The first comment line before any data is the header. */
static PetscErrorCode NextData(Loader *L, Columns *C, PetscBool *eof)
{
  PetscFunctionBeginUser;
  for (;;) {
    PetscCall(MSCsvNext(L->comm, L->csv, eof));
    if (*eof) PetscFunctionReturn(0);
    if (L->csv->comment) {
      if (!C->header_done && C->spec) PetscCall(ResolveHeader(L, C));
      C->header_done = PETSC_TRUE;
      continue;
    }
    C->header_done = PETSC_TRUE;
    PetscFunctionReturn(0);
  }
}

static void InitColumns(Columns *C, const ColSpec *spec, int n, PetscBool full_rows)
{
  C->spec        = spec;
  C->n           = n;
  C->header_done = PETSC_FALSE;
  C->full_rows   = full_rows;
  for (int k = 0; k < n; k++)
    C->col[k] = spec[k].named_only ? INT_MAX : k, C->named[k] = PETSC_FALSE;
}

/* Field k of the current record; a missing required field is an error. */
static PetscErrorCode Field(Loader *L, const Columns *C, int k, const char **s)
{
  int j = C->col[k];

  PetscFunctionBeginUser;
  if (C->full_rows && C->named[k] && j >= L->csv->nfields)
    CsvError(L, C->spec[k].name, "missing (the line has %d field%s)", L->csv->nfields,
             L->csv->nfields == 1 ? "" : "s");
  if (j < L->csv->nfields)
    *s = L->csv->field[j];
  else if (C->spec[k].required)
    CsvError(L, C->spec[k].name, "missing (the line has %d field%s)", L->csv->nfields,
             L->csv->nfields == 1 ? "" : "s");
  else
    *s = "";
  PetscFunctionReturn(0);
}

static PetscErrorCode FindLoc(Loader *L, const char *field, const char *name, int *idx)
{
  char buf[80];

  PetscFunctionBeginUser;
  if (!*name) CsvError(L, field, "empty; a location name is required");
  *idx = MSScenarioFindLocation(L->scn, name);
  if (*idx < 0) CsvError(L, field, "unknown location '%s'", Clip(name, buf));
  PetscFunctionReturn(0);
}

static PetscBool StrIs(const char *a, const char *b) { return MSCsvHeaderIs(a, b) && a[0] != '#'; }

/* ------------------------------------------------------------------ locations.csv */

static PetscErrorCode InternName(Loader *L, const char *name, MSNameHash *h, KeyFn key,
                                 char ***names, int *n, int *cap, int *id)
{
  PetscFunctionBeginUser;
  *id = FindName(h, key, L->scn, name);
  if (*id >= 0) PetscFunctionReturn(0);
  PetscCall(GrowInt(names, sizeof(char *), *n, cap));
  PetscCall(PetscStrallocpy(name, &(*names)[*n]));
  *id = (*n)++;
  PetscCall(HashInsert(h, key, L->scn, *id));
  PetscFunctionReturn(0);
}

/* A location type as Flee reads it (MODEL.md section 7b): case-insensitively, by the first
   of these words the type contains; camps with "idp" in it are IDP camps. */
static PetscErrorCode LocationType(Loader *L, const char *type, MSLocType *t)
{
  static const struct {
    const char *word;
    MSLocType   type;
  } words[] = {{"camp", MS_LOC_CAMP},     {"conflict", MS_LOC_CONFLICT}, {"forward", MS_LOC_HUB},
               {"marker", MS_LOC_MARKER}, {"default", MS_LOC_TOWN},      {"town", MS_LOC_TOWN}};
  char lower[80], buf[80];

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(lower, type, sizeof(lower)));
  PetscCall(PetscStrtolower(lower));
  if (strstr(lower, "flood"))
    CsvError(L, "location_type",
             "'%s': Flee's flood rules are not modelled by migrasim (MODEL.md section 7b)",
             Clip(type, buf));
  for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
    if (!strstr(lower, words[k].word)) continue;
    *t = words[k].type;
    if (*t == MS_LOC_CAMP && strstr(lower, "idp")) *t = MS_LOC_IDPCAMP;
    PetscFunctionReturn(0);
  }
  CsvError(L, "location_type",
           "unknown location type '%s' (expected a type containing camp, idpcamp, conflict, "
           "forward, marker, town or default)",
           Clip(type, buf));
}

/* A count of people in field `field`: a whole, finite number from 0 to MS_MAX_COUNT. */
static PetscErrorCode GetCount(Loader *L, const char *field, const char *s, double *v)
{
  char buf[80];

  PetscFunctionBeginUser;
  PetscCall(GetReal(L, field, s, v));
  if (*v < 0) CsvError(L, field, "%s is negative", Clip(s, buf));
  if (*v > MS_MAX_COUNT) CsvError(L, field, "%s is larger than %g", Clip(s, buf), MS_MAX_COUNT);
  PetscFunctionReturn(0);
}

/* The numbers of a locations.csv line: f[3..10] of ReadLocations' columns. */
static PetscErrorCode LocationNumbers(Loader *L, const char *f[], MSLocation *loc)
{
  char buf[80];

  PetscFunctionBeginUser;
  PetscCall(GetReal(L, "latitude", f[3], &loc->lat));
  if (fabs(loc->lat) > 90) CsvError(L, "latitude", "%s is outside -90..90", Clip(f[3], buf));
  PetscCall(GetReal(L, "longitude", f[4], &loc->lon));
  if (fabs(loc->lon) > 360) CsvError(L, "longitude", "%s is outside -360..360", Clip(f[4], buf));
  if (*f[6]) {
    PetscCall(GetInt(L, "conflict_date", f[6], &loc->conflict_date));
    if (loc->conflict_date < -1)
      CsvError(L, "conflict_date", "%d is negative (a day since the start date, or empty)",
               loc->conflict_date);
  }
  if (*f[7]) PetscCall(GetCount(L, "population", f[7], &loc->population));
  if (*f[8]) PetscCall(GetCount(L, "initial_idps", f[8], &loc->initial_idps));
  loc->conflict_intensity = 1.0;
  if (*f[9]) {
    PetscCall(GetReal(L, "conflict_intensity", f[9], &loc->conflict_intensity));
    if (!(loc->conflict_intensity >= 0 && loc->conflict_intensity <= MS_MAX_INTENSITY))
      CsvError(L, "conflict_intensity", "%s is outside 0..%g", Clip(f[9], buf), MS_MAX_INTENSITY);
  }
  if (*f[10]) {
    PetscCall(GetReal(L, "deactivation_probability", f[10], &loc->deactivation_probability));
    if (!(loc->deactivation_probability >= 0 && loc->deactivation_probability <= 1))
      CsvError(L, "deactivation_probability", "%s is not a probability (0..1)", Clip(f[10], buf));
  }
  PetscFunctionReturn(0);
}

/* The columns that only a camp's line can use (MODEL.md section 7b), named where another
   location's line gives them: never ignored in silence. */
static PetscErrorCode CampColumns(Loader *L, const char name[], const MSLocation *loc)
{
  char buf[80];

  PetscFunctionBeginUser;
  if (loc->type == MS_LOC_CAMP || loc->type == MS_LOC_IDPCAMP) PetscFunctionReturn(0);
  if (loc->initial_idps > 0)
    PetscCall(AddWarning(L,
                         "%s:%d: field 'initial_idps': %.0f at '%s', a %s, not inserted (only "
                         "camps take initial_idps)",
                         L->csv->path, L->csv->line, loc->initial_idps, Clip(name, buf),
                         MSLocTypeNames[loc->type]));
  if (loc->deactivation_probability > 0)
    PetscCall(AddWarning(L,
                         "%s:%d: field 'deactivation_probability': %g at '%s', a %s, has no "
                         "effect (only camps are sinks)",
                         L->csv->path, L->csv->line, loc->deactivation_probability, Clip(name, buf),
                         MSLocTypeNames[loc->type]));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadLocations(Loader *L)
{
  static const ColSpec spec[] = {
      {"name", NULL, NULL, PETSC_TRUE, PETSC_FALSE},
      {"region", NULL, NULL, PETSC_TRUE, PETSC_FALSE},
      {"country", NULL, NULL, PETSC_TRUE, PETSC_FALSE},
      {"latitude", "lat", NULL, PETSC_TRUE, PETSC_FALSE},
      {"longitude", "lon", "lng", PETSC_TRUE, PETSC_FALSE},
      {"location_type", "type", NULL, PETSC_TRUE, PETSC_FALSE},
      {"conflict_date", NULL, NULL, PETSC_FALSE, PETSC_FALSE},
      {"population", "pop", "capacity", PETSC_FALSE, PETSC_FALSE},
      {"initial_idps", NULL, NULL, PETSC_FALSE, PETSC_TRUE},
      {"conflict_intensity", NULL, NULL, PETSC_FALSE, PETSC_TRUE},
      {"deactivation_probability", NULL, NULL, PETSC_FALSE, PETSC_TRUE},
  };
  enum { NCOL = sizeof(spec) / sizeof(spec[0]) };
  MSScenario *scn = L->scn;
  Columns     C;
  PetscBool   eof;
  char        buf[80];

  PetscFunctionBeginUser;
  PetscCall(OpenFile(L, "/input_csv/locations.csv", PETSC_FALSE));
  InitColumns(&C, spec, NCOL, PETSC_TRUE);
  for (;;) {
    const char *f[NCOL] = {NULL};
    MSLocation *loc;
    MSLocType   t = MS_LOC_TOWN;
    int         i;

    PetscCall(NextData(L, &C, &eof));
    if (eof) break;
    for (int k = 0; k < NCOL; k++) PetscCall(Field(L, &C, k, &f[k]));
    if (!*f[0]) CsvError(L, "name", "empty; a location name is required");
    i = MSScenarioFindLocation(scn, f[0]);
    if (i >= 0)
      CsvError(L, "name", "duplicate location '%s' (first on line %d)", Clip(f[0], buf),
               L->loc_line[i]);
    PetscCall(LocationType(L, f[5], &t));
    PetscCall(GrowInt(&scn->loc, sizeof(MSLocation), scn->nloc, &L->loccap));
    PetscCall(GrowInt(&L->loc_line, sizeof(int), scn->nloc, &L->loclinecap));
    loc = &scn->loc[scn->nloc];
    PetscCall(PetscMemzero(loc, sizeof(*loc)));
    loc->type          = t;
    loc->conflict_date = -1;
    PetscCall(LocationNumbers(L, f, loc));
    PetscCall(CampColumns(L, f[0], loc));
    PetscCall(InternName(L, f[1], &L->regions, RegionKey, &scn->regions, &scn->nregions,
                         &L->regioncap, &loc->region_id));
    PetscCall(InternName(L, f[2], &L->countries, CountryKey, &scn->countries, &scn->ncountries,
                         &L->countrycap, &loc->country_id));
    PetscCall(PetscStrallocpy(f[0], &loc->name));
    loc->region            = scn->regions[loc->region_id];
    loc->country           = scn->countries[loc->country_id];
    L->loc_line[scn->nloc] = L->csv->line;
    PetscCall(HashInsert(&scn->loc_index, LocKey, scn, scn->nloc));
    scn->nloc++;
  }
  if (!scn->nloc) InputError(L, L->csv->path, 1, "-", "file is empty (no locations)");
  PetscCall(MSCsvClose(&L->csv));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ routes.csv */

static int PairCmp(const void *x, const void *y)
{
  const Pair *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  if (p->b != q->b) return p->b < q->b ? -1 : 1;
  return (p->idx > q->idx) - (p->idx < q->idx);
}

static PetscErrorCode DropDuplicateRoutes(Loader *L, const char *path)
{
  MSScenario *scn = L->scn;
  Pair       *p;
  int        *keep; /* route kept in place of this one, or -1 */
  int         ndup = 0, ntot = 0, n = 0;
  char        b1[80], b2[80];

  PetscFunctionBeginUser;
  if (scn->nroutes < 2) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(scn->nroutes, &p));
  PetscCall(PetscMalloc1(scn->nroutes, &keep));
  for (int r = 0; r < scn->nroutes; r++) {
    int a = scn->route[r].a, b = scn->route[r].b;
    p[r].a   = a < b ? a : b;
    p[r].b   = a < b ? b : a;
    p[r].idx = r;
    keep[r]  = -1;
  }
  qsort(p, (size_t)scn->nroutes, sizeof(Pair), PairCmp);
  for (int i = 1, k = 0; i < scn->nroutes; i++) {
    if (p[i].a != p[k].a || p[i].b != p[k].b)
      k = i;
    else
      keep[p[i].idx] = p[k].idx; /* the first line of the pair is kept */
  }
  for (int r = 0; r < scn->nroutes; r++) ntot += keep[r] >= 0;
  for (int r = 0; r < scn->nroutes; r++) {
    const MSRoute *u, *v;
    if (keep[r] < 0) continue;
    u = &scn->route[keep[r]];
    v = &scn->route[r];
    if (ndup++ < MS_DUP_WARNINGS)
      PetscCall(AddWarning(L, "%s:%d: route '%s'-'%s' repeats line %d and is ignored%s", path,
                           L->route_line[r], Clip(scn->loc[v->a].name, b1),
                           Clip(scn->loc[v->b].name, b2), L->route_line[keep[r]],
                           u->distance != v->distance || u->forced != v->forced
                               ? " (its distance or forced_redirection differs)"
                               : ""));
    else if (ndup == MS_DUP_WARNINGS + 1)
      PetscCall(AddWarning(
          L, "%s:%d: %d more routes, from this line on, repeat earlier ones and are ignored", path,
          L->route_line[r], ntot - MS_DUP_WARNINGS));
  }
  for (int r = 0; r < scn->nroutes; r++)
    if (keep[r] < 0) {
      scn->route[n]    = scn->route[r];
      L->route_line[n] = L->route_line[r];
      n++;
    }
  scn->nroutes = n;
  PetscCall(PetscFree(p));
  PetscCall(PetscFree(keep));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadRoutes(Loader *L)
{
  static const ColSpec spec[] = {
      {"name1", NULL, NULL, PETSC_TRUE, PETSC_FALSE},
      {"name2", NULL, NULL, PETSC_TRUE, PETSC_FALSE},
      {"distance", "dist", NULL, PETSC_TRUE, PETSC_FALSE},
      {"forced_redirection", NULL, NULL, PETSC_FALSE, PETSC_FALSE},
  };
  MSScenario *scn = L->scn;
  Columns     C;
  PetscBool   eof;
  char        buf[80], path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(OpenFile(L, "/input_csv/routes.csv", PETSC_FALSE));
  InitColumns(&C, spec, 4, PETSC_FALSE);
  for (;;) {
    const char *f[4] = {NULL};
    MSRoute    *r;

    PetscCall(NextData(L, &C, &eof));
    if (eof) break;
    for (int k = 0; k < 4; k++) PetscCall(Field(L, &C, k, &f[k]));
    PetscCall(GrowInt(&scn->route, sizeof(MSRoute), scn->nroutes, &L->routecap));
    PetscCall(GrowInt(&L->route_line, sizeof(int), scn->nroutes, &L->routelinecap));
    r = &scn->route[scn->nroutes];
    PetscCall(FindLoc(L, "name1", f[0], &r->a));
    PetscCall(FindLoc(L, "name2", f[1], &r->b));
    if (r->a == r->b) CsvError(L, "name2", "route from '%s' to itself", Clip(f[0], buf));
    PetscCall(GetReal(L, "distance", f[2], &r->distance));
    if (r->distance < 0) CsvError(L, "distance", "%s is negative", Clip(f[2], buf));
    if (r->distance == 0)
      CsvError(L, "distance", "0 km: a route joins two places some way apart (give its length)");
    if (r->distance > MS_MAX_DISTANCE)
      CsvError(L, "distance", "%s km is longer than the earth's circumference", Clip(f[2], buf));
    r->forced = 0;
    if (*f[3]) {
      int v;
      if (strcmp(f[3], "0") && strcmp(f[3], "1") && strcmp(f[3], "2"))
        CsvError(L, "forced_redirection", "'%s' is not empty, 0, 1 or 2", Clip(f[3], buf));
      PetscCall(GetInt(L, "forced_redirection", f[3], &v));
      r->forced = v;
    }
    L->route_line[scn->nroutes++] = L->csv->line;
  }
  if (!scn->nroutes) InputError(L, L->csv->path, 1, "-", "file is empty (no routes)");
  PetscCall(PetscStrncpy(path, L->csv->path, sizeof(path)));
  PetscCall(MSCsvClose(&L->csv));
  PetscCall(DropDuplicateRoutes(L, path));
  PetscFunctionReturn(0);
}

/* Route index joining a and b, or -1: binary search over the (min, max) pairs. */
static int FindRoute(const Pair *p, int n, int a, int b)
{
  Pair key;
  int  lo = 0, hi = n;

  key.a   = a < b ? a : b;
  key.b   = a < b ? b : a;
  key.idx = -1;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (PairCmp(&p[mid], &key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && p[lo].a == key.a && p[lo].b == key.b ? p[lo].idx : -1;
}

/* ------------------------------------------------------------------ closures.csv */

static PetscErrorCode ReadClosures(Loader *L)
{
  static const ColSpec spec[] = {
      {"closure_type", "type", NULL, PETSC_TRUE, PETSC_FALSE},
      {"name1", NULL, NULL, PETSC_TRUE, PETSC_FALSE},
      {"name2", NULL, NULL, PETSC_TRUE, PETSC_FALSE},
      {"closure_start", "start", NULL, PETSC_TRUE, PETSC_FALSE},
      {"closure_end", "end", NULL, PETSC_TRUE, PETSC_FALSE},
  };
  static const char *const   types[] = {"country", "location", "link",
                                        "camp",    "idpcamp",  "remove_forced_redirection"};
  static const MSClosureType tmap[]  = {MS_CLOSE_COUNTRY, MS_CLOSE_LOCATION, MS_CLOSE_LINK,
                                        MS_CLOSE_CAMP,    MS_CLOSE_CAMP,     MS_CLOSE_REMOVE_FORCED};
  MSScenario                *scn     = L->scn;
  Columns                    C;
  PetscBool                  eof;
  Pair                      *p;
  char                       b1[80], b2[80];

  PetscFunctionBeginUser;
  PetscCall(OpenFile(L, "/input_csv/closures.csv", PETSC_TRUE));
  if (!L->csv) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(scn->nroutes, &L->pairs));
  p = L->pairs;
  for (int r = 0; r < scn->nroutes; r++) {
    int a = scn->route[r].a, b = scn->route[r].b;
    p[r].a   = a < b ? a : b;
    p[r].b   = a < b ? b : a;
    p[r].idx = r;
  }
  qsort(p, (size_t)scn->nroutes, sizeof(Pair), PairCmp);
  InitColumns(&C, spec, 5, PETSC_FALSE);
  for (;;) {
    const char *f[5] = {NULL};
    MSClosure  *c;
    int         t;

    PetscCall(NextData(L, &C, &eof));
    if (eof) break;
    for (int k = 0; k < 5; k++) PetscCall(Field(L, &C, k, &f[k]));
    for (t = 0; t < 6; t++)
      if (StrIs(f[0], types[t])) break;
    if (t == 6) {
      CsvError(L, "closure_type",
               "unknown closure type '%s' (expected country, location, link, camp, idpcamp or "
               "remove_forced_redirection)",
               Clip(f[0], b1));
    }
    PetscCall(GrowInt(&scn->closure, sizeof(MSClosure), scn->nclosures, &L->closurecap));
    c       = &scn->closure[scn->nclosures];
    c->type = tmap[t];
    c->b    = -1;
    switch (c->type) {
    case MS_CLOSE_COUNTRY:
      c->a = FindName(&L->countries, CountryKey, scn, f[1]);
      if (c->a < 0) {
        CsvError(L, "name1", "unknown country '%s' (no location has it)", Clip(f[1], b1));
      }
      c->b = FindName(&L->countries, CountryKey, scn, f[2]);
      if (c->b < 0) {
        CsvError(L, "name2", "unknown country '%s' (no location has it)", Clip(f[2], b1));
      }
      break;
    case MS_CLOSE_LOCATION: PetscCall(FindLoc(L, "name1", f[1], &c->a)); break;
    case MS_CLOSE_CAMP:
      PetscCall(FindLoc(L, "name1", f[1], &c->a));
      if (scn->loc[c->a].type != MS_LOC_CAMP && scn->loc[c->a].type != MS_LOC_IDPCAMP)
        PetscCall(AddWarning(L, "%s:%d: closure of type %s names '%s', a %s, not a camp",
                             L->csv->path, L->csv->line, types[t], Clip(f[1], b1),
                             MSLocTypeNames[scn->loc[c->a].type]));
      break;
    case MS_CLOSE_LINK:
    case MS_CLOSE_REMOVE_FORCED: {
      int r;
      PetscCall(FindLoc(L, "name1", f[1], &c->a));
      PetscCall(FindLoc(L, "name2", f[2], &c->b));
      r = FindRoute(p, scn->nroutes, c->a, c->b);
      if (r < 0 && c->type == MS_CLOSE_LINK) {
        CsvError(L, "name2", "no route joins '%s' and '%s'", Clip(f[1], b1), Clip(f[2], b2));
      }
      /* Tigray's file lifts redirections on roads it does not have; Flee ignores them. */
      if (r < 0)
        PetscCall(AddWarning(
            L, "%s:%d: no route joins '%s' and '%s'; this remove_forced_redirection has no effect",
            L->csv->path, L->csv->line, Clip(f[1], b1), Clip(f[2], b2)));
      else if (c->type == MS_CLOSE_REMOVE_FORCED && !scn->route[r].forced)
        PetscCall(AddWarning(L,
                             "%s:%d: the route '%s'-'%s' is not a forced redirection; this "
                             "remove_forced_redirection has no effect",
                             L->csv->path, L->csv->line, Clip(f[1], b1), Clip(f[2], b2)));
    } break;
    default: break;
    }
    PetscCall(GetInt(L, "closure_start", f[3], &c->start));
    PetscCall(GetInt(L, "closure_end", f[4], &c->end));
    scn->nclosures++;
  }
  PetscCall(MSCsvClose(&L->csv));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ conflicts.csv */

/* The location each column of conflicts.csv's header names (L->conflict_col: its column in
   scn->conflict, -1 for a name locations.csv lacks). */
static PetscErrorCode ConflictColumns(Loader *L, int ncol)
{
  MSScenario *scn = L->scn;
  MSCsv      *csv = L->csv;
  int        *col;
  char        buf[80], b2[80];

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(ncol, &L->conflict_col));
  PetscCall(PetscMalloc1(ncol, &scn->conflict_loc));
  PetscCall(PetscCalloc1(ncol, &L->conflict_name));
  PetscCall(PetscCalloc1(scn->nloc, &L->conflict_seen));
  L->nconflict_name = ncol;
  col               = L->conflict_col;
  for (int c = 0; c < ncol; c++) {
    const char *name = csv->field[c + 1];
    int         k;
    if (!*name) CsvError(L, "location", "column %d of the header is empty", c + 2);
    PetscCall(PetscStrallocpy(name, &L->conflict_name[c]));
    k      = MSScenarioFindLocation(scn, name);
    col[c] = -1;
    if (k < 0) {
      /* Venezuela's file writes 'Distrito Capital' for locations.csv's 'Distrito_Capital':
         a name that matches once spaces are underscores is that location. Burundi's heads
         columns for places locations.csv lacks ('Isale'); they are harmless while all
         their intensities are 0, and an error at the first that is not (rows below). */
      char *alt;
      PetscCall(PetscStrallocpy(name, &alt));
      for (char *q = alt; *q; q++)
        if (*q == ' ') *q = '_';
      k = MSScenarioFindLocation(scn, alt);
      PetscCall(PetscFree(alt));
      if (k >= 0)
        PetscCall(AddWarning(L, "%s:%d: column '%s' taken as location '%s'", csv->path, csv->line,
                             Clip(name, buf), Clip(scn->loc[k].name, b2)));
      else {
        PetscCall(AddWarning(L,
                             "%s:%d: column '%s' names no location of locations.csv; ignored, as "
                             "all its intensities are 0",
                             csv->path, csv->line, Clip(name, buf)));
        continue;
      }
    }
    if (L->conflict_seen[k])
      CsvError(L, "location", "'%s' heads columns %d and %d", Clip(name, buf), L->conflict_seen[k],
               c + 2);
    L->conflict_seen[k]                      = c + 2;
    col[c]                                   = scn->nconflict_cols;
    scn->conflict_loc[scn->nconflict_cols++] = k;
  }
  PetscFunctionReturn(0);
}

/* One day row of conflicts.csv, of the ncol columns its header names. */
static PetscErrorCode ConflictRow(Loader *L, int ncol)
{
  MSScenario *scn = L->scn;
  MSCsv      *csv = L->csv;
  const int  *col = L->conflict_col;
  int         day;
  size_t      nc = (size_t)scn->nconflict_cols, used = (size_t)scn->nconflict_rows * nc;
  double     *row;
  char        buf[80];

  PetscFunctionBeginUser;
  PetscCall(GetInt(L, "Day", csv->field[0], &day));
  if (day != scn->nconflict_rows)
    CsvError(L, "Day", "day %d out of order; expected day %d (one row per day from day 0)", day,
             scn->nconflict_rows);
  for (int c = ncol + 1; c < csv->nfields; c++)
    if (csv->field[c][0])
      CsvError(L, "Day", "the line has a value ('%s') beyond the header's %d locations",
               Clip(csv->field[c], buf), ncol);
  PetscCall(Grow(&scn->conflict, sizeof(double), used, used + nc, &L->conflictcap));
  row = scn->conflict + used;
  for (int c = 0; c < ncol; c++) {
    const char *field = Clip(L->conflict_name[c], buf);
    double      v;
    if (c + 1 >= csv->nfields)
      CsvError(L, field, "missing (the line has %d fields, the header names %d locations)",
               csv->nfields, ncol);
    PetscCall(GetReal(L, field, csv->field[c + 1], &v));
    if (v < 0) CsvError(L, field, "intensity %s is negative", csv->field[c + 1]);
    if (v > MS_MAX_INTENSITY)
      CsvError(L, field, "intensity %s is larger than %g", csv->field[c + 1], MS_MAX_INTENSITY);
    if (col[c] < 0 && v > 0)
      CsvError(L, field, "intensity %s for a location that locations.csv lacks", csv->field[c + 1]);
    if (col[c] >= 0) row[col[c]] = v;
  }
  scn->nconflict_rows++;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadConflicts(Loader *L)
{
  MSScenario *scn = L->scn;
  MSCsv      *csv;
  PetscBool   eof;
  int         ncol, header_line;

  PetscFunctionBeginUser;
  PetscCall(OpenFile(L, "/input_csv/conflicts.csv", PETSC_TRUE));
  if (!L->csv) PetscFunctionReturn(0);
  csv                = L->csv;
  scn->has_conflicts = PETSC_TRUE;
  PetscCall(MSCsvNext(L->comm, csv, &eof));
  if (eof)
    InputError(L, csv->path, 1, "Day", "file is empty; expected the header '#Day,<location>,...'");
  if (!csv->comment || !MSCsvHeaderIs(csv->field[0], "day"))
    CsvError(L, "Day", "expected the header '#Day,<location>,...'");
  header_line = csv->line;
  ncol        = csv->nfields - 1;
  while (ncol > 0 && !csv->field[ncol][0]) ncol--; /* real headers end with a comma */
  PetscCall(ConflictColumns(L, ncol));
  for (;;) {
    PetscCall(MSCsvNext(L->comm, csv, &eof));
    if (eof) break;
    if (!csv->comment) PetscCall(ConflictRow(L, ncol));
  }
  if (!scn->nconflict_rows)
    InputError(L, csv->path, header_line, "Day", "no day rows after the header");
  PetscCall(MSCsvClose(&L->csv));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ sim_period.csv */

static PetscErrorCode ReadSimPeriod(Loader *L)
{
  MSScenario *scn = L->scn;
  MSCsv      *csv;
  PetscBool   eof;
  int         start_line = 0, length_line = 0, ndata = 0;
  char        path[PETSC_MAX_PATH_LEN], buf[80];

  PetscFunctionBeginUser;
  PetscCall(OpenFile(L, "/input_csv/sim_period.csv", PETSC_FALSE));
  csv = L->csv;
  for (;;) {
    const char *key, *val;

    PetscCall(MSCsvNext(L->comm, csv, &eof));
    if (eof) break;
    if (csv->comment) continue;
    ndata++;
    key = csv->field[0];
    val = csv->nfields > 1 ? csv->field[1] : "";
    if (StrIs(key, "StartDate")) {
      if (start_line) CsvError(L, "StartDate", "given twice (first on line %d)", start_line);
      if (!*val) CsvError(L, "StartDate", "missing its date");
      if (MSDateParse(val, &scn->start_day))
        CsvError(L, "StartDate", "bad date '%s' (expected YYYY-MM-DD)", Clip(val, buf));
      MSDateFormat(scn->start_day, scn->start_date);
      start_line = csv->line;
    } else if (StrIs(key, "Length")) {
      if (length_line) CsvError(L, "Length", "given twice (first on line %d)", length_line);
      if (!*val) CsvError(L, "Length", "missing its number of days");
      PetscCall(GetInt(L, "Length", val, &scn->length));
      if (scn->length <= 0) CsvError(L, "Length", "%d days; it must be at least 1", scn->length);
      if (scn->length > MS_MAX_LENGTH)
        CsvError(L, "Length", "%d days; at most %d are supported", scn->length, MS_MAX_LENGTH);
      length_line = csv->line;
    } else
      PetscCall(AddWarning(L, "%s:%d: unknown setting '%s' ignored", csv->path, csv->line,
                           Clip(key, buf)));
  }
  PetscCall(PetscStrncpy(path, csv->path, sizeof(path)));
  PetscCall(MSCsvClose(&L->csv));
  if (!ndata) InputError(L, path, 1, "-", "file is empty (expected StartDate and Length)");
  if (!start_line)
    InputError(L, path, 0, "StartDate", "missing (expected a line 'StartDate,YYYY-MM-DD')");
  if (!length_line) InputError(L, path, 0, "Length", "missing (expected a line 'Length,<days>')");
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ series */

typedef struct {
  int64_t day;
  double  val;
  int     order, line;
} Point;

static int PointCmp(const void *x, const void *y)
{
  const Point *p = x, *q = y;
  if (p->day != q->day) return p->day < q->day ? -1 : 1;
  return (p->order > q->order) - (p->order < q->order);
}

/* Sort by date. Of the lines that share a date, interpolation towards it uses the first and
   from it on the last holds (as Flee reads such files); the lines between are dropped, and a
   warning names them all. */
static PetscErrorCode SortSource(Loader *L, Source *s)
{
  Point *p;
  int    n = 0;
  char   date[11];

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(s->n, &p));
  for (int i = 0; i < s->n; i++) p[i] = (Point){s->day[i], s->val[i], i, s->line[i]};
  qsort(p, (size_t)s->n, sizeof(Point), PointCmp);
  for (int i = 0, j; i < s->n; i = j) {
    for (j = i + 1; j < s->n && p[j].day == p[i].day;) j++;
    if (j - i > 1) {
      MSDateFormat(p[i].day, date);
      PetscCall(AddWarning(L,
                           "%s:%d: date %s repeated on line%s %d%s (counts %g and %g): "
                           "interpolation towards it uses line %d, from it on line %d holds",
                           s->path, p[i].line, date, j - i > 2 ? "s" : "", p[i + 1].line,
                           j - i > 2 ? " and more" : "", p[i].val, p[j - 1].val, p[i].line,
                           p[j - 1].line));
      s->day[n] = p[i].day, s->val[n] = p[i].val, s->line[n] = p[i].line, n++;
    }
    s->day[n] = p[j - 1].day, s->val[n] = p[j - 1].val, s->line[n] = p[j - 1].line, n++;
  }
  s->n = n;
  PetscCall(PetscFree(p));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadSeriesFile(Loader *L, Source *s)
{
  MSCsv    *csv;
  PetscBool eof;
  int       cap = 0, nseen = 0;
  char      buf[80];

  PetscFunctionBeginUser;
  PetscCall(MSCsvOpen(L->comm, s->path, PETSC_FALSE, &L->csv));
  csv = L->csv;
  for (;;) {
    const char *date, *count;
    int64_t     day;
    double      v;

    PetscCall(MSCsvNext(L->comm, csv, &eof));
    if (eof) break;
    if (csv->comment || !csv->field[0][0]) continue;
    date = csv->field[0];
    if (MSDateParse(date, &day)) {
      /* A first line like "Date,Refugee_numbers" is a header; a date-like field is a typo. */
      if (!nseen++ && !(date[0] >= '0' && date[0] <= '9')) continue;
      CsvError(L, "date", "bad date '%s' (expected YYYY-MM-DD)", Clip(date, buf));
    }
    nseen++;
    count = csv->nfields > 1 ? csv->field[1] : "";
    if (!*count) CsvError(L, "count", "missing (a date needs its count)");
    PetscCall(GetReal(L, "count", count, &v));
    if (v < 0) CsvError(L, "count", "%s is negative", Clip(count, buf));
    if (v > MS_MAX_COUNT)
      CsvError(L, "count", "%s is larger than %g", Clip(count, buf), MS_MAX_COUNT);
    if (s->n >= cap) {
      int c2 = cap, c3 = cap;
      PetscCall(GrowInt(&s->day, sizeof(int64_t), s->n, &cap));
      PetscCall(GrowInt(&s->val, sizeof(double), s->n, &c2));
      PetscCall(GrowInt(&s->line, sizeof(int), s->n, &c3));
    }
    s->day[s->n]  = day;
    s->val[s->n]  = v;
    s->line[s->n] = csv->line;
    s->n++;
  }
  if (!s->n) InputError(L, csv->path, 1, "date", "file has no data points");
  PetscCall(MSCsvClose(&L->csv));
  PetscCall(SortSource(L, s));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddSource(Loader *L, int series, const char *file)
{
  Source *s;
  char   *sub;

  PetscFunctionBeginUser;
  PetscCall(GrowInt(&L->src, sizeof(Source), L->nsrc, &L->srccap));
  s = &L->src[L->nsrc++];
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->series = series;
  PetscCall(JoinPath("/source_data/", file, &sub));
  PetscCall(JoinPath(L->dir, sub, &s->path));
  PetscCall(PetscFree(sub));
  PetscFunctionReturn(0);
}

/* data_layout.csv names the series; their files are read after it is closed, so that
   only one file is open at a time. */
static PetscErrorCode ReadDataLayout(Loader *L)
{
  MSScenario *scn = L->scn;
  MSCsv      *csv;
  PetscBool   eof;
  int         total_line = 0;
  char        buf[80];

  PetscFunctionBeginUser;
  PetscCall(OpenFile(L, "/source_data/data_layout.csv", PETSC_TRUE));
  if (!L->csv) PetscFunctionReturn(0);
  csv                  = L->csv;
  scn->has_source_data = PETSC_TRUE;
  for (;;) {
    const char *name;
    int         series, nfile = 0;

    PetscCall(MSCsvNext(L->comm, csv, &eof));
    if (eof) break;
    if (csv->comment) continue;
    name = csv->field[0];
    if (!*name) CsvError(L, "name", "empty; a camp name or 'total' is required");
    if (StrIs(name, "total")) {
      if (total_line) CsvError(L, "name", "'total' given twice (first on line %d)", total_line);
      total_line    = csv->line;
      series        = -1;
      L->total_src0 = L->nsrc;
    } else {
      MSSeries *c;
      int       k = FindName(&L->camps, CampKey, scn, name);
      if (k >= 0)
        CsvError(L, "name", "camp '%s' given twice (first on line %d)", Clip(name, buf),
                 L->camp_line[k]);
      PetscCall(GrowInt(&scn->camp, sizeof(MSSeries), scn->ncamps, &L->campcap));
      PetscCall(GrowInt(&L->camp_line, sizeof(int), scn->ncamps, &L->camplinecap));
      PetscCall(GrowInt(&L->camp_src0, sizeof(int), scn->ncamps, &L->camp0cap));
      PetscCall(GrowInt(&L->camp_nsrc, sizeof(int), scn->ncamps, &L->campncap));
      series = scn->ncamps;
      c      = &scn->camp[series];
      PetscCall(PetscMemzero(c, sizeof(*c)));
      PetscCall(PetscStrallocpy(name, &c->name));
      c->loc               = MSScenarioFindLocation(scn, name);
      L->camp_line[series] = csv->line;
      L->camp_src0[series] = L->nsrc;
      L->camp_nsrc[series] = 0;
      scn->ncamps++;
      PetscCall(HashInsert(&L->camps, CampKey, scn, series));
      if (c->loc < 0)
        PetscCall(AddWarning(L,
                             "%s:%d: camp '%s' is not in locations.csv; its series counts in the "
                             "spawn total but not in the metrics",
                             csv->path, csv->line, Clip(name, buf)));
      else if (scn->loc[c->loc].type != MS_LOC_CAMP && scn->loc[c->loc].type != MS_LOC_IDPCAMP)
        PetscCall(AddWarning(L,
                             "%s:%d: '%s' is a %s in locations.csv, not a camp; its series is "
                             "compared with it all the same",
                             csv->path, csv->line, Clip(name, buf),
                             MSLocTypeNames[scn->loc[c->loc].type]));
    }
    for (int j = 1; j < csv->nfields; j++) {
      if (!csv->field[j][0]) continue;
      PetscCall(AddSource(L, series, csv->field[j]));
      nfile++;
    }
    if (!nfile) CsvError(L, "file", "missing (expected '%s,<file>.csv')", Clip(name, buf));
    if (series < 0)
      L->total_nsrc = nfile;
    else
      L->camp_nsrc[series] = nfile;
  }
  if (!L->nsrc)
    InputError(L, csv->path, 1, "-",
               "file is empty (expected 'total,refugees.csv' and a line '<camp>,<file>.csv' per "
               "camp)");
  PetscCall(MSCsvClose(&L->csv));
  for (int i = 0; i < L->nsrc; i++) PetscCall(ReadSeriesFile(L, &L->src[i]));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ registration_corrections.csv
 */

enum { CORR_APPLIED = 0, CORR_NONE_BEFORE, CORR_NONE_AFTER, CORR_ZERO_BEFORE, CORR_TOO_LARGE };

/* Scale the points val[] before day by (first value on or after day) / (last value before it):
   a registration correction (MODEL.md section 6); returns CORR_APPLIED, or why it was not. */
static int CorrectPoints(int n, const int64_t *pday, double *val, int64_t day)
{
  int    lo = 0, hi  = n;
  double ratio, vmax = 0;

  while (lo < hi) { /* first point on or after day */
    int mid = lo + (hi - lo) / 2;
    if (pday[mid] < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return CORR_NONE_BEFORE;
  if (lo == n) return CORR_NONE_AFTER;
  if (val[lo - 1] <= 0) return CORR_ZERO_BEFORE;
  ratio = val[lo] / val[lo - 1];
  for (int i = 0; i < lo; i++) vmax = PetscMax(vmax, val[i]);
  if (vmax * ratio > MS_MAX_COUNT) return CORR_TOO_LARGE;
  for (int i = 0; i < lo; i++) val[i] *= ratio;
  return CORR_APPLIED;
}

static PetscErrorCode ApplyCorrection(Loader *L, const Source *s, int64_t day, const char *camp,
                                      const char *date)
{
  int  why = CorrectPoints(s->n, s->day, s->val, day);
  char b1[80];

  PetscFunctionBeginUser;
  if (why == CORR_NONE_BEFORE || why == CORR_NONE_AFTER)
    PetscCall(AddWarning(L,
                         "%s:%d: registration correction of '%s' at %s skipped for %s: it has no "
                         "data point %s that date",
                         L->csv->path, L->csv->line, Clip(camp, b1), date, s->path,
                         why == CORR_NONE_BEFORE ? "before" : "on or after"));
  else if (why == CORR_ZERO_BEFORE)
    PetscCall(AddWarning(L,
                         "%s:%d: registration correction of '%s' at %s skipped for %s: the last "
                         "value before that date is 0",
                         L->csv->path, L->csv->line, Clip(camp, b1), date, s->path));
  else if (why == CORR_TOO_LARGE)
    PetscCall(AddWarning(L,
                         "%s:%d: registration correction of '%s' at %s skipped for %s: it would "
                         "scale counts beyond %g",
                         L->csv->path, L->csv->line, Clip(camp, b1), date, s->path, MS_MAX_COUNT));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadCorrections(Loader *L)
{
  MSScenario *scn = L->scn;
  MSCsv      *csv;
  PetscBool   eof, warned = PETSC_FALSE;
  char        buf[80];

  PetscFunctionBeginUser;
  PetscCall(OpenFile(L, "/input_csv/registration_corrections.csv", PETSC_TRUE));
  if (!L->csv) PetscFunctionReturn(0);
  csv = L->csv;
  for (;;) {
    const char *name, *date;
    int64_t     day;
    int         k;

    PetscCall(MSCsvNext(L->comm, csv, &eof));
    if (eof) break;
    if (csv->comment) continue;
    name = csv->field[0];
    date = csv->nfields > 1 ? csv->field[1] : "";
    if (!*name) CsvError(L, "camp", "empty; a camp name is required");
    k = FindName(&L->camps, CampKey, scn, name);
    if (k < 0 && MSScenarioFindLocation(scn, name) < 0)
      CsvError(L, "camp", "unknown location '%s'", Clip(name, buf));
    if (!*date) CsvError(L, "date", "missing (expected '%s,YYYY-MM-DD')", Clip(name, buf));
    if (MSDateParse(date, &day))
      CsvError(L, "date", "bad date '%s' (expected YYYY-MM-DD)", Clip(date, buf));
    if (!scn->has_source_data) {
      if (!warned)
        PetscCall(AddWarning(
            L, "%s:%d: registration corrections ignored: there is no source_data/data_layout.csv",
            csv->path, csv->line));
      warned = PETSC_TRUE;
      continue;
    }
    if (k < 0) CsvError(L, "camp", "'%s' is not a camp series of data_layout.csv", Clip(name, buf));
    PetscCall(GrowInt(&scn->correction, sizeof(MSCorrection), scn->ncorrections, &L->corrcap));
    scn->correction[scn->ncorrections++] = (MSCorrection){k, day};
    for (int i = 0; i < L->camp_nsrc[k]; i++)
      PetscCall(ApplyCorrection(L, &L->src[L->camp_src0[k] + i], day, name, date));
  }
  PetscCall(MSCsvClose(&L->csv));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ interpolation */

/* Add the file's daily values (n points, days since 1970-01-01), held flat outside its dates and
   truncated to whole agents, to daily[0, length). */
static void Interpolate(int n, const int64_t *pday, const double *val, int64_t start_day,
                        int length, int64_t *daily)
{
  int j = 0;

  for (int d = 0; d < length; d++) {
    int64_t t = start_day + d;
    double  v;
    while (j + 1 < n && pday[j + 1] <= t) j++;
    if (t < pday[0])
      v = val[0];
    else if (j + 1 >= n)
      v = val[n - 1];
    else
      v = val[j] + (val[j + 1] - val[j]) * (double)(t - pday[j]) / (double)(pday[j + 1] - pday[j]);
    daily[d] += (int64_t)floor(v);
  }
}

/* Each file's points as read, before the corrections change them, kept in its series (for
   MSScenarioCutSeries()). */
static PetscErrorCode KeepPoints(Loader *L)
{
  MSScenario *scn = L->scn;

  PetscFunctionBeginUser;
  if (!scn->has_source_data) PetscFunctionReturn(0);
  for (int i = 0; i < L->nsrc; i++) {
    const Source *s  = &L->src[i];
    MSSeries     *se = s->series < 0 ? &scn->total : &scn->camp[s->series];
    MSSeriesFile *f;
    PetscCall(PetscRealloc(sizeof(MSSeriesFile) * (size_t)(se->nfiles + 1), &se->file));
    f    = &se->file[se->nfiles++];
    f->n = s->n;
    PetscCall(PetscMalloc2(s->n, &f->day, s->n, &f->val));
    PetscCall(PetscArraycpy(f->day, s->day, s->n));
    PetscCall(PetscArraycpy(f->val, s->val, s->n));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode BuildDaily(Loader *L)
{
  MSScenario *scn = L->scn;

  PetscFunctionBeginUser;
  if (!scn->has_source_data) PetscFunctionReturn(0);
  PetscCall(PetscStrallocpy("total", &scn->total.name));
  scn->total.loc = -1;
  if (L->total_nsrc) PetscCall(PetscCalloc1(scn->length, &scn->total.daily));
  for (int k = 0; k < scn->ncamps; k++) PetscCall(PetscCalloc1(scn->length, &scn->camp[k].daily));
  scn->total.first = INT_MAX, scn->total.last = INT_MIN;
  for (int k = 0; k < scn->ncamps; k++) scn->camp[k].first = INT_MAX, scn->camp[k].last = INT_MIN;
  for (int i = 0; i < L->nsrc; i++) {
    const Source *s  = &L->src[i];
    MSSeries     *se = s->series < 0 ? &scn->total : &scn->camp[s->series];
    Interpolate(s->n, s->day, s->val, scn->start_day, scn->length, se->daily);
    se->first = PetscMin(se->first, (int)(s->day[0] - scn->start_day));
    se->last  = PetscMax(se->last, (int)(s->day[s->n - 1] - scn->start_day));
  }
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ load / destroy */

static PetscErrorCode LoaderFree(Loader *L)
{
  PetscFunctionBeginUser;
  PetscCall(MSCsvClose(&L->csv));
  PetscCall(PetscFree(L->loc_line));
  PetscCall(PetscFree(L->route_line));
  PetscCall(PetscFree(L->camp_line));
  PetscCall(PetscFree(L->pairs));
  PetscCall(PetscFree(L->conflict_col));
  PetscCall(PetscFree(L->conflict_seen));
  for (int i = 0; i < L->nconflict_name; i++) PetscCall(PetscFree(L->conflict_name[i]));
  PetscCall(PetscFree(L->conflict_name));
  PetscCall(PetscFree(L->regions.slot));
  PetscCall(PetscFree(L->countries.slot));
  PetscCall(PetscFree(L->camps.slot));
  for (int i = 0; i < L->nsrc; i++) {
    PetscCall(PetscFree(L->src[i].path));
    PetscCall(PetscFree(L->src[i].day));
    PetscCall(PetscFree(L->src[i].val));
    PetscCall(PetscFree(L->src[i].line));
  }
  PetscCall(PetscFree(L->src));
  PetscCall(PetscFree(L->camp_src0));
  PetscCall(PetscFree(L->camp_nsrc));
  PetscFunctionReturn(0);
}

/* A conflict_intensity that no rule reads (MODEL.md section 7b: a conflict zone's, where
   conflicts.csv is absent), named rather than ignored in silence. */
static PetscErrorCode UnusedIntensities(Loader *L)
{
  MSScenario *scn = L->scn;
  char       *path, buf[80];

  PetscFunctionBeginUser;
  PetscCall(JoinPath(L->dir, "/input_csv/locations.csv", &path));
  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    if (l->conflict_intensity == 1 || (!scn->has_conflicts && l->type == MS_LOC_CONFLICT)) continue;
    PetscCall(AddWarning(L, "%s:%d: field 'conflict_intensity': %g at '%s' has no effect (%s)",
                         path, L->loc_line[i], l->conflict_intensity, Clip(l->name, buf),
                         scn->has_conflicts ? "conflicts.csv gives the intensities"
                                            : "not a conflict zone"));
  }
  PetscCall(PetscFree(path));
  PetscFunctionReturn(0);
}

static PetscErrorCode LoadAll(Loader *L)
{
  PetscFunctionBeginUser;
  PetscCall(ReadLocations(L));
  PetscCall(ReadRoutes(L));
  PetscCall(ReadClosures(L));
  PetscCall(ReadConflicts(L));
  PetscCall(UnusedIntensities(L));
  PetscCall(ReadSimPeriod(L));
  PetscCall(ReadDataLayout(L));
  PetscCall(KeepPoints(L));
  PetscCall(ReadCorrections(L));
  PetscCall(BuildDaily(L));
  PetscFunctionReturn(0);
}

PetscErrorCode MSScenarioLoad(MPI_Comm comm, const char dir[], MSScenario **scn)
{
  Loader         L;
  MSScenario    *s;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  *scn = NULL;
  PetscCall(PetscNew(&s));
  PetscCall(PetscStrallocpy(dir, &s->dir));
  s->total.loc = -1;
  s->hasten = 1, s->cut = -1;
  PetscCall(PetscMemzero(&L, sizeof(L)));
  L.comm = comm;
  L.dir  = dir;
  L.scn  = s;
  ierr   = LoadAll(&L);
  /* Free on both paths: the error path must not leave open files behind. */
  PetscCall(LoaderFree(&L));
  if (ierr) PetscCall(MSScenarioDestroy(&s));
  PetscCall(ierr);
  *scn = s;
  PetscFunctionReturn(0);
}

PetscErrorCode MSScenarioHasten(MSScenario *scn, int n)
{
  PetscFunctionBeginUser;
  PetscCheck(n >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "hasten %d: must be 1 or more", n);
  if (n == 1) PetscFunctionReturn(0);
  scn->hasten *= n;
  for (int i = 0; i < scn->nloc; i++) {
    scn->loc[i].population   = floor(floor(scn->loc[i].population) / n);
    scn->loc[i].initial_idps = floor(floor(scn->loc[i].initial_idps) / n);
  }
  if (scn->total.daily)
    for (int d = 0; d < scn->length; d++) scn->total.daily[d] /= n;
  for (int c = 0; c < scn->ncamps; c++)
    for (int d = 0; d < scn->length; d++) scn->camp[c].daily[d] /= n;
  if (scn->total.uncut)
    for (int d = 0; d < scn->length; d++) scn->total.uncut[d] /= n;
  for (int c = 0; c < scn->ncamps; c++)
    for (int d = 0; d < scn->length && scn->camp[c].uncut; d++) scn->camp[c].uncut[d] /= n;
  PetscFunctionReturn(0);
}

static PetscErrorCode SeriesFree(MSSeries *se)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(se->name));
  PetscCall(PetscFree(se->daily));
  PetscCall(PetscFree(se->uncut));
  for (int f = 0; f < se->nfiles; f++) PetscCall(PetscFree2(se->file[f].day, se->file[f].val));
  PetscCall(PetscFree(se->file));
  PetscFunctionReturn(0);
}

/* Series c's (-1: the total's) daily[] from the points on or before day T (MSScenarioCutSeries),
   its corrections applied where their factors are known by T. */
static PetscErrorCode CutOne(MSScenario *scn, int c, int T)
{
  MSSeries *se  = c < 0 ? &scn->total : &scn->camp[c];
  int64_t   end = scn->start_day + T;

  PetscFunctionBeginUser;
  if (!se->daily) PetscFunctionReturn(0);
  if (!se->uncut) {
    PetscCall(PetscMalloc1(scn->length, &se->uncut));
    PetscCall(PetscArraycpy(se->uncut, se->daily, scn->length));
  }
  PetscCall(PetscArrayzero(se->daily, scn->length));
  for (int f = 0; f < se->nfiles; f++) {
    const MSSeriesFile *file = &se->file[f];
    double             *val;
    int                 n = 0;
    while (n < file->n && file->day[n] <= end) n++;
    if (!n) continue; /* nothing of this file was known on day T */
    PetscCall(PetscMalloc1(n, &val));
    PetscCall(PetscArraycpy(val, file->val, n));
    /* a correction whose first point on or after its date lies after T is not known: the
       points up to T are then all of one registration method, and stay as read */
    for (int k = 0; k < scn->ncorrections && c >= 0; k++)
      if (scn->correction[k].series == c)
        (void)CorrectPoints(n, file->day, val, scn->correction[k].day);
    Interpolate(n, file->day, val, scn->start_day, scn->length, se->daily);
    PetscCall(PetscFree(val));
  }
  for (int d = 0; d < scn->length; d++) se->daily[d] /= scn->hasten;
  PetscFunctionReturn(0);
}

PetscErrorCode MSScenarioCutSeries(MSScenario *scn, int T)
{
  PetscFunctionBeginUser;
  PetscCheck(T >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "cut day %d: must be 0 or more", T);
  if (!scn->has_source_data) PetscFunctionReturn(0);
  PetscCall(CutOne(scn, -1, T));
  for (int c = 0; c < scn->ncamps; c++) PetscCall(CutOne(scn, c, T));
  scn->cut = T;
  PetscFunctionReturn(0);
}

int MSScenarioLastObserved(const MSScenario *scn, const MSSeries *se, int t)
{
  int64_t day = scn->start_day + t, last = INT64_MIN;

  for (int f = 0; f < se->nfiles; f++)
    for (int i = 0; i < se->file[f].n; i++)
      if (se->file[f].day[i] <= day && se->file[f].day[i] > last) last = se->file[f].day[i];
  return last == INT64_MIN ? INT_MIN : (int)(last - scn->start_day);
}

PetscBool MSScenarioObservedNear(const MSScenario *scn, const MSSeries *se, int t, int k)
{
  int64_t day = scn->start_day + t;

  for (int f = 0; f < se->nfiles; f++)
    for (int i = 0; i < se->file[f].n; i++)
      if (llabs(se->file[f].day[i] - day) <= k) return PETSC_TRUE;
  return PETSC_FALSE;
}

PetscErrorCode MSScenarioDestroy(MSScenario **scn)
{
  MSScenario *s;

  PetscFunctionBeginUser;
  if (!scn || !*scn) PetscFunctionReturn(0);
  s = *scn;
  for (int i = 0; i < s->nloc; i++) PetscCall(PetscFree(s->loc[i].name));
  PetscCall(PetscFree(s->loc));
  PetscCall(PetscFree(s->loc_index.slot));
  for (int i = 0; i < s->nregions; i++) PetscCall(PetscFree(s->regions[i]));
  for (int i = 0; i < s->ncountries; i++) PetscCall(PetscFree(s->countries[i]));
  PetscCall(PetscFree(s->regions));
  PetscCall(PetscFree(s->countries));
  PetscCall(PetscFree(s->route));
  PetscCall(PetscFree(s->closure));
  PetscCall(PetscFree(s->conflict_loc));
  PetscCall(PetscFree(s->conflict));
  PetscCall(SeriesFree(&s->total));
  for (int i = 0; i < s->ncamps; i++) PetscCall(SeriesFree(&s->camp[i]));
  PetscCall(PetscFree(s->camp));
  PetscCall(PetscFree(s->correction));
  for (int i = 0; i < s->nwarnings; i++) PetscCall(PetscFree(s->warnings[i]));
  PetscCall(PetscFree(s->warnings));
  PetscCall(PetscFree(s->dir));
  PetscCall(PetscFree(*scn));
  PetscFunctionReturn(0);
}

static uint64_t HashString(uint64_t h, const char *s) { return MSHash(h, s, strlen(s) + 1); }

uint64_t MSScenarioHash(const MSScenario *scn)
{
  uint64_t h = MS_HASH_START;

  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    h                   = HashString(HashString(HashString(h, l->name), l->region), l->country);
    int type            = (int)l->type;
    h = MSHash(h, &l->lat, sizeof(double)), h = MSHash(h, &l->lon, sizeof(double)),
    h = MSHash(h, &type, sizeof(type));
    h = MSHash(h, &l->conflict_date, sizeof(int)), h = MSHash(h, &l->population, sizeof(double));
  }
  /* field by field: struct padding holds no defined bytes */
  for (int r = 0; r < scn->nroutes; r++) {
    const MSRoute *rt = &scn->route[r];
    h = MSHash(h, &rt->a, sizeof(int)), h = MSHash(h, &rt->b, sizeof(int)),
    h = MSHash(h, &rt->distance, sizeof(double)), h = MSHash(h, &rt->forced, sizeof(int));
  }
  for (int c = 0; c < scn->nclosures; c++) {
    const MSClosure *cl   = &scn->closure[c];
    int              v[5] = {(int)cl->type, cl->a, cl->b, cl->start, cl->end};
    h                     = MSHash(h, v, sizeof(v));
  }
  if (scn->has_conflicts) {
    h = MSHash(h, scn->conflict_loc, sizeof(int) * (size_t)scn->nconflict_cols);
    h = MSHash(h, scn->conflict,
               sizeof(double) * (size_t)scn->nconflict_cols * (size_t)scn->nconflict_rows);
  }
  /* the extra columns of Flee 3, where a scenario has them: the hash of a scenario without
     them stays what it was before they were read */
  for (int i = 0; i < scn->nloc; i++) {
    const MSLocation *l = &scn->loc[i];
    if (l->initial_idps == 0 && l->conflict_intensity == 1 && l->deactivation_probability == 0)
      continue;
    h = MSHash(h, &i, sizeof(int)), h = MSHash(h, &l->initial_idps, sizeof(double));
    h = MSHash(h, &l->conflict_intensity, sizeof(double));
    h = MSHash(h, &l->deactivation_probability, sizeof(double));
  }
  h = MSHash(h, &scn->start_day, sizeof(int64_t)), h = MSHash(h, &scn->length, sizeof(int));
  if (scn->has_source_data) {
    /* the scenario's content: the loader's series, not a cut of them */
    const MSSeries *t = &scn->total;
    if (t->daily)
      h = MSHash(h, t->uncut ? t->uncut : t->daily, sizeof(int64_t) * (size_t)scn->length);
    for (int c = 0; c < scn->ncamps; c++) {
      const MSSeries *se = &scn->camp[c];
      h                  = MSHash(HashString(h, se->name), se->uncut ? se->uncut : se->daily,
                                  sizeof(int64_t) * (size_t)scn->length);
    }
  }
  return h;
}
