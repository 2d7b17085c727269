/* The variant reader of ms_variant.h (MODEL.md section 10, "Variants").
 *
 * A variant is typed by hand by a planner who knows the places but not our files, so every
 * message names the line, the field and, where a name is close to one we know, that name. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ms_csv.h"
#include "ms_settings.h"
#include "ms_variant.h"

enum { WHAT, NAME1, NAME2, VALUE, FROM, UNTIL, NFIELDS };
static const char *const field_names[NFIELDS] = {"what",  "name1", "name2",
                                                 "value", "from",  "until"};

/* The words of `what`: the closure types of closures.csv, then the variant's own changes. */
static const char *const whats[] = {
    "country", "location", "link",      "camp",     "idpcamp", "remove_forced_redirection",
    "reopen",  "capacity", "open_camp", "conflict", "setting"};
#define NWHATS   ((int)(sizeof(whats) / sizeof(whats[0])))
#define NCLOSURE 6
static const MSClosureType closure_of[NCLOSURE]       = {MS_CLOSE_COUNTRY, MS_CLOSE_LOCATION,
                                                         MS_CLOSE_LINK,    MS_CLOSE_CAMP,
                                                         MS_CLOSE_CAMP,    MS_CLOSE_REMOVE_FORCED};
static const MSVariantKind kind_of[NWHATS - NCLOSURE] = {MS_VARIANT_REOPEN, MS_VARIANT_CAPACITY,
                                                         MS_VARIANT_OPEN_CAMP, MS_VARIANT_CONFLICT,
                                                         MS_VARIANT_SETTING};

/* Settings that a run fixes before day 0, and why a variant cannot change them. */
static const struct {
  const char *key, *why;
} fixed_settings[] = {
    {"awareness_level", "the route table is built once, for the run's awareness level"},
    {"population_scale", "it scales the observed series and capacities as the scenario is read"},
    {"hasten", "it divides populations and observed series as the scenario is read"},
    {"observed_until", "it cuts the observed series as the scenario is read"},
    {"insert_day0", "it acts on day 0, which the forecast has passed"},
    {"empty_camps_on_day0", "it acts on day 0, which the forecast has passed"},
    {"sum_from_camps", "it chooses the observed total that the inflow after F continues"},
    {"take_from_population",
     "the populations spent by spawning up to F would not match the rule after it"},
};

typedef struct {
  MPI_Comm          comm;
  const MSScenario *scn;
  int               F;
  MSCsv            *csv;
  MSVariant        *v;
  int               cap;
  PetscBool        *opened; /* [nloc] made a camp by an earlier open_camp line */
} Reader;

#define LineError(R, field, ...) MSCsvError((R)->comm, (R)->csv, field_names[field], __VA_ARGS__)

/* ------------------------------------------------------------------ nearest names */

typedef const char *(*NameFn)(const void *ctx, int i);

/* "; did you mean 'X'?" for the nearest of n names within a quarter of name's length (at
   least 2 edits), else "". */
static const char *Hint(const char name[], int n, NameFn key, const void *ctx, char buf[160])
{
  const char *best  = NULL;
  int         bestd = (int)PetscMax(2, strlen(name) / 4) + 1;

  for (int i = 0; i < n; i++) {
    int d = MSEditDistance(name, key(ctx, i));
    if (d < bestd) bestd = d, best = key(ctx, i);
  }
  buf[0] = 0;
  if (best) (void)snprintf(buf, 160, "; did you mean '%.120s'?", best);
  return buf;
}

static const char *LocName(const void *ctx, int i)
{
  return ((const MSScenario *)ctx)->loc[i].name;
}
static const char *CountryName(const void *ctx, int i)
{
  return ((const MSScenario *)ctx)->countries[i];
}
static const char *WhatName(const void *ctx, int i) { return whats[i]; }
static const char *SettingName(const void *ctx, int i)
{
  static char value[256];
  const char *name;

  MSSettingsGetPair((const MSSettings *)ctx, i, &name, value, sizeof(value));
  return name;
}

/* ------------------------------------------------------------------ fields */

static PetscErrorCode FindLocation(Reader *R, int field, const char name[], int *idx)
{
  char hint[160];

  PetscFunctionBegin;
  if (!*name) LineError(R, field, "empty; a location name is required");
  *idx = MSScenarioFindLocation(R->scn, name);
  if (*idx < 0)
    LineError(R, field, "unknown location '%.80s'%s", name,
              Hint(name, R->scn->nloc, LocName, R->scn, hint));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode FindCountry(Reader *R, int field, const char name[], int *id)
{
  char hint[160];

  PetscFunctionBegin;
  if (!*name) LineError(R, field, "empty; a country name is required");
  for (*id = 0; *id < R->scn->ncountries; (*id)++)
    if (!strcmp(R->scn->countries[*id], name)) PetscFunctionReturn(PETSC_SUCCESS);
  LineError(R, field, "unknown country '%.80s' (no location has it)%s", name,
            Hint(name, R->scn->ncountries, CountryName, R->scn, hint));
}

/* Route index joining a and b in either direction, or -1. */
static int FindRoute(const MSScenario *scn, int a, int b)
{
  for (int r = 0; r < scn->nroutes; r++)
    if ((scn->route[r].a == a && scn->route[r].b == b) ||
        (scn->route[r].a == b && scn->route[r].b == a))
      return r;
  return -1;
}

static PetscErrorCode RequireEmpty(Reader *R, int field, const char s[], const char what[])
{
  PetscFunctionBegin;
  if (*s) LineError(R, field, "'%.60s' given, but a '%s' change takes none", s, what);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode GetValue(Reader *R, const char s[], int lo, const char why[], double *v)
{
  char *end;

  PetscFunctionBegin;
  if (!*s) LineError(R, VALUE, "empty; a number is required");
  errno = 0;
  *v    = strtod(s, &end);
  if (end == s || *end || strpbrk(s, "xX") || !isfinite(*v))
    LineError(R, VALUE, "'%.60s' is not a finite number", s);
  if (*v < lo) LineError(R, VALUE, "%.60s is below %d%s", s, lo, why);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A simulation day from YYYY-MM-DD or +N (days after F); empty gives dflt. */
static PetscErrorCode GetDay(Reader *R, int field, const char s[], int dflt, int *day)
{
  int64_t d;

  PetscFunctionBegin;
  if (!*s) {
    *day = dflt;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (s[0] == '+') {
    char *end;
    long  n;
    errno = 0;
    n     = strtol(s + 1, &end, 10);
    if (!isdigit((unsigned char)s[1]) || *end || errno || n > 10000000)
      LineError(R, field, "'%.60s' is neither a date YYYY-MM-DD nor +N (days after F)", s);
    d = (int64_t)R->F + n;
  } else {
    if (MSDateParse(s, &d))
      LineError(R, field, "'%.60s' is neither a date YYYY-MM-DD nor +N (days after F)", s);
    d -= R->scn->start_day;
    if (d < -10000000 || d > 10000000) LineError(R, field, "%s is too far from the start date", s);
  }
  *day = (int)d;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscBool IsCamp(const Reader *R, int i)
{
  MSLocType t = R->scn->loc[i].type;
  return (PetscBool)(t == MS_LOC_CAMP || t == MS_LOC_IDPCAMP || R->opened[i]);
}

static PetscErrorCode RequireCamp(Reader *R, int i, const char what[])
{
  PetscFunctionBegin;
  if (!IsCamp(R, i))
    LineError(R, NAME1,
              "'%.80s' (type %s) is not a camp, so it takes no %s (an earlier open_camp line can "
              "make it one)",
              R->scn->loc[i].name, MSLocTypeNames[R->scn->loc[i].type], what);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ one change */

static PetscErrorCode ReadClosure(Reader *R, int w, const char *f[], MSVariantChange *c)
{
  char b1[80], b2[80];

  PetscFunctionBegin;
  c->kind    = MS_VARIANT_CLOSE;
  c->closure = closure_of[w];
  PetscCall(RequireEmpty(R, VALUE, f[VALUE], whats[w]));
  if (c->closure == MS_CLOSE_COUNTRY) {
    PetscCall(FindCountry(R, NAME1, f[NAME1], &c->a));
    PetscCall(FindCountry(R, NAME2, f[NAME2], &c->b));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(FindLocation(R, NAME1, f[NAME1], &c->a));
  if (c->closure == MS_CLOSE_LOCATION || c->closure == MS_CLOSE_CAMP) {
    if (*f[NAME2])
      LineError(R, NAME2, "'%.60s' given, but a '%s' change closes location name1 alone%s",
                f[NAME2], whats[w],
                c->closure == MS_CLOSE_LOCATION ? " (for one road write 'link')" : "");
    if (c->closure == MS_CLOSE_CAMP) PetscCall(RequireCamp(R, c->a, "camp closure"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(FindLocation(R, NAME2, f[NAME2], &c->b));
  {
    int r = FindRoute(R->scn, c->a, c->b);
    (void)snprintf(b1, sizeof(b1), "%.60s", f[NAME1]);
    (void)snprintf(b2, sizeof(b2), "%.60s", f[NAME2]);
    if (r < 0) LineError(R, NAME2, "no route of routes.csv joins '%s' and '%s'", b1, b2);
    if (c->closure == MS_CLOSE_REMOVE_FORCED && !R->scn->route[r].forced)
      LineError(R, NAME2, "the route '%s'-'%s' is not a forced redirection", b1, b2);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool MSVariantLifts(const MSVariantChange *reopen, MSClosureType t, int ca, int cb)
{
  int a = reopen->a, b = reopen->b;

  if (b < 0) return (PetscBool)((t == MS_CLOSE_LOCATION || t == MS_CLOSE_CAMP) && ca == a);
  return (PetscBool)(t == MS_CLOSE_LINK && ((ca == a && cb == b) || (ca == b && cb == a)));
}

static PetscErrorCode ReadReopen(Reader *R, const char *f[], MSVariantChange *c)
{
  const MSScenario *scn   = R->scn;
  PetscBool         found = PETSC_FALSE;

  PetscFunctionBegin;
  c->kind = MS_VARIANT_REOPEN;
  PetscCall(RequireEmpty(R, VALUE, f[VALUE], "reopen"));
  PetscCall(FindLocation(R, NAME1, f[NAME1], &c->a));
  if (*f[NAME2]) {
    PetscCall(FindLocation(R, NAME2, f[NAME2], &c->b));
    if (FindRoute(scn, c->a, c->b) < 0)
      LineError(R, NAME2, "no route of routes.csv joins '%.60s' and '%.60s'", f[NAME1], f[NAME2]);
  }
  for (int k = 0; k < scn->nclosures && !found; k++)
    found = MSVariantLifts(c, scn->closure[k].type, scn->closure[k].a, scn->closure[k].b);
  for (int k = 0; k < R->v->nchanges && !found; k++) {
    const MSVariantChange *e = &R->v->change[k];
    found = (PetscBool)(e->kind == MS_VARIANT_CLOSE && MSVariantLifts(c, e->closure, e->a, e->b));
  }
  if (!found && c->b < 0)
    LineError(R, NAME1,
              "nothing to reopen: neither closures.csv nor an earlier line closes location "
              "'%.60s' (a location or camp closure)",
              f[NAME1]);
  if (!found)
    LineError(R, NAME2,
              "nothing to reopen: neither closures.csv nor an earlier line closes the link "
              "'%.60s'-'%.60s'",
              f[NAME1], f[NAME2]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether the last m characters of name are key (m = strlen(key)) and start name or follow a
   separator, comparing case-insensitively with '.' and '_' alike (option names write '_'). */
static PetscBool SettingIs(const char name[], const char key[], PetscBool whole)
{
  size_t n = strlen(name), m = strlen(key);

  if (m > n || (whole && m != n) || (m < n && name[n - m - 1] != '.' && name[n - m - 1] != '_'))
    return PETSC_FALSE;
  for (size_t k = 0; k < m; k++) {
    char x = name[n - m + k] == '.' ? '_' : (char)tolower((unsigned char)name[n - m + k]);
    char y = key[k] == '.' ? '_' : (char)tolower((unsigned char)key[k]);
    if (x != y) return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

static PetscErrorCode ReadSetting(Reader *R, const char *f[], MSVariantChange *c)
{
  MSSettings  s;
  const char *name = NULL;
  char        value[256], hint[160];
  int         i;

  PetscFunctionBegin;
  c->kind = MS_VARIANT_SETTING;
  PetscCall(MSSettingsSetDefaults(&s));
  if (!*f[NAME1]) LineError(R, NAME1, "empty; a setting 'group.key' is required");
  for (size_t k = 0; k < sizeof(fixed_settings) / sizeof(fixed_settings[0]); k++)
    if (SettingIs(f[NAME1], fixed_settings[k].key, PETSC_FALSE))
      LineError(R, NAME1, "setting '%.60s' cannot change during a run: %s", f[NAME1],
                fixed_settings[k].why);
  for (i = 0; i < MSSettingsCount(); i++) {
    MSSettingsGetPair(&s, i, &name, value, sizeof(value));
    if (SettingIs(f[NAME1], name, PETSC_TRUE)) break;
  }
  if (i == MSSettingsCount())
    LineError(R, NAME1, "unknown setting '%.60s'%s", f[NAME1],
              Hint(f[NAME1], MSSettingsCount(), SettingName, &s, hint));
  PetscCall(RequireEmpty(R, NAME2, f[NAME2], "setting"));
  if (!*f[VALUE]) LineError(R, VALUE, "empty; the setting's new value is required");
  if (strlen(f[VALUE]) >= sizeof(c->text) || MSSettingsSetPair(&s, name, f[VALUE]))
    LineError(R, VALUE, "'%.60s' is not a value of %s (or is outside its bounds)", f[VALUE], name);
  PetscCall(PetscStrncpy(c->setting, name, sizeof(c->setting)));
  PetscCall(PetscStrncpy(c->text, f[VALUE], sizeof(c->text)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* capacity, open_camp, conflict: one location and a number. */
static PetscErrorCode ReadLocationValue(Reader *R, int w, const char *f[], MSVariantChange *c)
{
  const MSScenario *scn = R->scn;

  PetscFunctionBegin;
  c->kind = kind_of[w - NCLOSURE];
  PetscCall(FindLocation(R, NAME1, f[NAME1], &c->a));
  PetscCall(RequireEmpty(R, NAME2, f[NAME2], whats[w]));
  if (c->kind == MS_VARIANT_CONFLICT) {
    PetscCall(GetValue(R, f[VALUE], 0, " (an intensity)", &c->value));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(GetValue(R, f[VALUE], 1,
                     ": a camp below capacity 1 has no limit (MODEL.md section 3); to shut it, "
                     "write a 'camp' closure",
                     &c->value));
  if (c->kind == MS_VARIANT_CAPACITY)
    PetscCall(RequireCamp(R, c->a, "capacity"));
  else {
    MSLocType t = scn->loc[c->a].type;
    if (t != MS_LOC_TOWN && t != MS_LOC_CONFLICT)
      LineError(
          R, NAME1,
          "'%.80s' (type %s) is neither a town nor a conflict zone, where open_camp opens camps",
          scn->loc[c->a].name, MSLocTypeNames[t]);
    R->opened[c->a] = PETSC_TRUE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadChange(Reader *R, MSVariantChange *c)
{
  const char *f[NFIELDS];
  char        hint[160], day[2][11];
  int         w;

  PetscFunctionBegin;
  for (int k = 0; k < NFIELDS; k++) f[k] = k < R->csv->nfields ? R->csv->field[k] : "";
  PetscCall(PetscMemzero(c, sizeof(*c)));
  c->b    = -1;
  c->line = R->csv->line;
  for (w = 0; w < NWHATS; w++)
    if (MSCsvHeaderIs(f[WHAT], whats[w])) break;
  if (w == NWHATS)
    LineError(R, WHAT,
              "unknown change '%.60s' (expected country, location, link, camp, idpcamp, "
              "remove_forced_redirection, reopen, capacity, open_camp, conflict or setting)%s",
              f[WHAT], Hint(f[WHAT], NWHATS, WhatName, NULL, hint));
  if (w < NCLOSURE)
    PetscCall(ReadClosure(R, w, f, c));
  else if (kind_of[w - NCLOSURE] == MS_VARIANT_REOPEN)
    PetscCall(ReadReopen(R, f, c));
  else if (kind_of[w - NCLOSURE] == MS_VARIANT_SETTING)
    PetscCall(ReadSetting(R, f, c));
  else
    PetscCall(ReadLocationValue(R, w, f, c));
  PetscCall(GetDay(R, FROM, f[FROM], R->F + 1, &c->from));
  PetscCall(GetDay(R, UNTIL, f[UNTIL], MS_VARIANT_FOREVER, &c->until));
  MSDateFormat(R->scn->start_day + c->from, day[0]);
  MSDateFormat(R->scn->start_day + R->F, day[1]);
  if (c->from <= R->F)
    LineError(R, FROM,
              "%s (day %d) is not after the forecast day %s (day %d): a variant may not "
              "change the past",
              day[0], c->from, day[1], R->F);
  MSDateFormat(R->scn->start_day + c->until, day[1]);
  if (c->until <= c->from)
    LineError(R, UNTIL, "%s (day %d) is not after from, %s (day %d)", day[1], c->until, day[0],
              c->from);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ the file */

static PetscErrorCode ReadAll(Reader *R)
{
  MSVariant *v = R->v;
  PetscBool  eof;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(R->scn->nloc, &R->opened));
  PetscCall(MSCsvOpen(R->comm, v->path, PETSC_FALSE, &R->csv));
  for (;;) {
    PetscCall(MSCsvNext(R->comm, R->csv, &eof));
    if (eof) break;
    if (R->csv->comment) continue;
    if (v->nchanges == R->cap) {
      R->cap = R->cap ? 2 * R->cap : 16;
      PetscCall(PetscRealloc(sizeof(MSVariantChange) * (size_t)R->cap, &v->change));
    }
    PetscCall(ReadChange(R, &v->change[v->nchanges]));
    v->nchanges++;
  }
  PetscCheck(v->nchanges, R->comm, MS_ERR_INPUT,
             "%s:1: field 'what': no changes (a variant lists one change a line: "
             "what,name1,name2,value,from,until)",
             v->path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSVariantLoad(MPI_Comm comm, const char path[], const MSScenario *scn, int F,
                             MSVariant **vp)
{
  Reader         R;
  MSVariant     *v;
  const char    *base = strrchr(path, '/');
  size_t         n;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *vp = NULL;
  PetscCall(PetscNew(&v));
  PetscCall(PetscStrallocpy(path, &v->path));
  PetscCall(PetscStrallocpy(base ? base + 1 : path, &v->name));
  n = strlen(v->name);
  if (n > 4 && !strcmp(v->name + n - 4, ".csv")) v->name[n - 4] = 0;
  PetscCall(PetscMemzero(&R, sizeof(R)));
  R.comm = comm;
  R.scn  = scn;
  R.F    = F;
  R.v    = v;
  ierr   = ReadAll(&R);
  /* free on both paths: a driver may report a bad variant and go on with the others */
  PetscCall(MSCsvClose(&R.csv));
  PetscCall(PetscFree(R.opened));
  if (ierr) PetscCall(MSVariantDestroy(&v));
  PetscCall(ierr);
  *vp = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSVariantDestroy(MSVariant **v)
{
  PetscFunctionBegin;
  if (!*v) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree((*v)->name));
  PetscCall(PetscFree((*v)->path));
  PetscCall(PetscFree((*v)->change));
  PetscCall(PetscFree(*v));
  PetscFunctionReturn(PETSC_SUCCESS);
}
