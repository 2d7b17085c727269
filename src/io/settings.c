/* Model settings: MODEL.md section 7 as PETSc options, with Flee's YAML file as a base layer. */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "ms_settings.h"

typedef enum { KREAL, KINT, KBOOL } Kind;

/* One row per setting: the option name is "-" + group + "_" + key. The bounds keep the
   rules meaningful (a chance is a probability, a speed is positive), so nonsense is
   refused before the first day rather than producing NaNs on day 200. */
typedef struct {
  const char *group, *key;
  Kind        kind;
  size_t      off;
  double      lo, hi;
  const char *help;
} Row;

#define R(g, k, lo, hi, h)                           \
  {                                                  \
    g, #k, KREAL, offsetof(MSSettings, k), lo, hi, h \
  }
#define IN(g, k, lo, hi, h)                         \
  {                                                 \
    g, #k, KINT, offsetof(MSSettings, k), lo, hi, h \
  }
#define B(g, k, h)                                 \
  {                                                \
    g, #k, KBOOL, offsetof(MSSettings, k), 0, 1, h \
  }
static const Row rows[] = {
    R("move_rules", max_move_speed, 1e-9, 1e9, "km an agent travels per day"),
    R("move_rules", max_walk_speed, 1e-9, 1e9,
      "km per day on an agent's first link with start_on_foot"),
    R("move_rules", foreign_weight, 0, 1e300,
      "score factor of a location outside the home country"),
    R("move_rules", camp_weight, 0, 1e300, "score factor of a camp"),
    R("move_rules", conflict_weight, 0, 1e300, "score factor per unit of conflict intensity"),
    R("move_rules", conflict_movechance, 0, 1, "move chance in a conflict zone"),
    R("move_rules", camp_movechance, 0, 1, "move chance in a camp"),
    R("move_rules", idpcamp_movechance, 0, 1, "move chance in an IDP camp"),
    R("move_rules", default_movechance, 0, 1, "move chance elsewhere"),
    IN("move_rules", awareness_level, 0, 4, "hops an agent looks ahead when choosing a route"),
    R("move_rules", capacity_buffer, 0, 1, "fraction of capacity at which a camp starts to repel"),
    R("move_rules", capacity_scaling, 0, 1e300, "factor on every camp capacity"),
    R("move_rules", softening, 0, 1e300, "km added to every path length"),
    R("move_rules", weight_softening, 0, 1e300, "added to every score"),
    R("move_rules", distance_power, 0, 100, "power of the softened path length"),
    R("move_rules", weight_power, 0, 100, "power of a path's weight"),
    B("move_rules", start_on_foot, "travel the first link at max_walk_speed"),
    B("move_rules", avoid_short_stints, "move on from towns reached with distance left"),
    B("move_rules", forced_redirection, "apply the forced_redirection column of routes.csv"),
    B("spawn_rules", insert_day0, "put the observed day-0 camp populations in the camps"),
    B("spawn_rules", sum_from_camps,
      "daily total from the sum of the camps' series (else the total series)"),
    B("spawn_rules", conflict_driven_spawning,
      "spawn per conflict zone instead of from observed data"),
    IN("spawn_rules", conflict_spawn_decay_interval, 1, 1000000,
       "days per entry of conflict_spawn_decay"),
    R("spawn_rules", displaced_per_conflict_day, 0, 1e12,
      "agents per conflict zone and day (conflict-driven)"),
    R(NULL, population_scale, 1e-9, 1e6, "factor on observed series and capacities"),
};
#undef R
#undef IN
#undef B
#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

/* "-group_key", or "-key" for run settings outside Flee's YAML groups */
static void OptionName(const Row *r, char opt[], size_t len)
{
  if (r->group)
    snprintf(opt, len, "-%s_%s", r->group, r->key);
  else
    snprintf(opt, len, "-%s", r->key);
}

static const char *const spawn_modes[] = {"constant",    "poisson",   "pop_ratio",
                                          "MSSpawnMode", "MS_SPAWN_", NULL};

PetscErrorCode MSSettingsSetDefaults(MSSettings *s)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->max_move_speed                = 360.0;
  s->max_walk_speed                = 35.0;
  s->foreign_weight                = 1.0;
  s->camp_weight                   = 1.0;
  s->conflict_weight               = 0.25;
  s->conflict_movechance           = 1.0;
  s->camp_movechance               = 0.001;
  s->idpcamp_movechance            = 0.1;
  s->default_movechance            = 0.3;
  s->awareness_level               = 1;
  s->capacity_buffer               = 0.9;
  s->capacity_scaling              = 1.0;
  s->softening                     = 10.0;
  s->weight_softening              = 0.0;
  s->distance_power                = 1.0;
  s->weight_power                  = 1.0;
  s->start_on_foot                 = PETSC_FALSE;
  s->avoid_short_stints            = PETSC_FALSE;
  s->forced_redirection            = PETSC_TRUE;
  s->insert_day0                   = PETSC_TRUE;
  s->sum_from_camps                = PETSC_TRUE;
  s->ndecay                        = 1;
  s->conflict_spawn_decay[0]       = 1.0;
  s->conflict_spawn_decay_interval = 30;
  s->displaced_per_conflict_day    = 500.0;
  s->spawn_mode                    = MS_SPAWN_CONSTANT;
  s->population_scale              = 1.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fetch a value of the YAML layer into s, as the default that the command line may override. */
static PetscErrorCode FromYAML(PetscOptions yo, const char opt[], const Row *r, MSSettings *s)
{
  PetscBool set;

  PetscFunctionBegin;
  if (r->kind == KREAL) {
    PetscReal v;
    PetscCall(PetscOptionsGetReal(yo, NULL, opt, &v, &set));
    if (set) *(double *)((char *)s + r->off) = v;
  } else if (r->kind == KINT) {
    PetscInt v;
    PetscCall(PetscOptionsGetInt(yo, NULL, opt, &v, &set));
    if (set) *(PetscInt *)((char *)s + r->off) = v;
  } else {
    PetscBool v;
    PetscCall(PetscOptionsGetBool(yo, NULL, opt, &v, &set));
    if (set) *(PetscBool *)((char *)s + r->off) = v;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The settings of the YAML file path (Flee's simsetting.yml layout) into s. */
static PetscErrorCode FromFile(MPI_Comm comm, const char path[], MSSettings *s)
{
  PetscOptions   yo = NULL;
  PetscErrorCode yerr;
  FILE          *f = fopen(path, "r");
  char           opt[128];

  PetscFunctionBegin;
  PetscCheck(f, comm, PETSC_ERR_USER_INPUT,
             "%s:0: field '-settings': cannot open the settings file", path);
  (void)fclose(f);
  PetscCall(PetscOptionsCreate(&yo));
  /* PETSc's YAML error names neither the file nor the problem's place: name the file */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  yerr = PetscOptionsInsertFileYAML(comm, yo, path, PETSC_TRUE);
  PetscCall(PetscPopErrorHandler());
  if (yerr) PetscCall(PetscOptionsDestroy(&yo));
  PetscCheck(!yerr, comm, PETSC_ERR_USER_INPUT,
             "%s:0: field '-settings': not valid YAML, or values PETSc cannot read (Flee's "
             "simsetting.yml layout: move_rules:, spawn_rules:)",
             path);
  for (int i = 0; i < NROWS; i++) {
    OptionName(&rows[i], opt, sizeof(opt));
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    yerr = FromYAML(yo, opt, &rows[i], s);
    PetscCall(PetscPopErrorHandler());
    if (yerr) PetscCall(PetscOptionsDestroy(&yo));
    PetscCheck(!yerr, comm, PETSC_ERR_USER_INPUT, "%s:0: field '%s%s%s': not a %s", path,
               rows[i].group ? rows[i].group : "", rows[i].group ? "." : "", rows[i].key,
               rows[i].kind == KREAL  ? "number"
               : rows[i].kind == KINT ? "whole number"
                                      : "true/false value");
  }
  {
    PetscInt  n = MS_MAX_DECAY, m = 0;
    PetscBool set;
    PetscReal v[MS_MAX_DECAY];
    PetscCall(PetscOptionsGetRealArray(yo, NULL, "-spawn_rules_conflict_spawn_decay", v, &n, &set));
    if (set) {
      s->ndecay = n;
      for (PetscInt k = 0; k < n; k++) s->conflict_spawn_decay[k] = v[k];
    }
    PetscCall(PetscOptionsGetEList(yo, NULL, "-spawn_rules_spawn_mode", spawn_modes, 3, &m, &set));
    if (set) s->spawn_mode = (MSSpawnMode)m;
  }
  PetscCall(PetscOptionsDestroy(&yo));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The settings of the table, from the command line over what s holds, each within its bounds;
   file names the settings file in the messages ("" for none). */
static PetscErrorCode FromRows(PetscOptionItems *PetscOptionsObject, MPI_Comm comm,
                               const char file[], MSSettings *s)
{
  char opt[128];

  PetscFunctionBegin;
  for (int i = 0; i < NROWS; i++) {
    const Row *r = &rows[i];
    void      *p = (char *)s + r->off;
    OptionName(r, opt, sizeof(opt));
    if (r->kind == KREAL) {
      PetscReal v = *(double *)p;
      PetscCall(PetscOptionsReal(opt, r->help, NULL, v, &v, NULL));
      PetscCheck(isfinite(v) && v >= r->lo && v <= r->hi, comm, PETSC_ERR_USER_INPUT,
                 "option %s: %g is outside [%g, %g]%s%s%s", opt, (double)v, r->lo, r->hi,
                 file[0] ? " (set on the command line or in " : "", file, file[0] ? ")" : "");
      *(double *)p = v;
    } else if (r->kind == KINT) {
      PetscInt v = *(PetscInt *)p;
      PetscCall(PetscOptionsInt(opt, r->help, NULL, v, &v, NULL));
      PetscCheck(v >= r->lo && v <= r->hi, comm, PETSC_ERR_USER_INPUT,
                 "option %s: %" PetscInt_FMT " is outside [%g, %g]", opt, v, r->lo, r->hi);
      *(PetscInt *)p = v;
    } else {
      PetscBool v = *(PetscBool *)p;
      PetscCall(PetscOptionsBool(opt, r->help, NULL, v, &v, NULL));
      *(PetscBool *)p = v;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The settings outside the table, from the command line: the decay factors and the spawn mode. */
static PetscErrorCode FromSpawnOptions(PetscOptionItems *PetscOptionsObject, MPI_Comm comm,
                                       MSSettings *s)
{
  PetscInt  n = MS_MAX_DECAY, m = (PetscInt)s->spawn_mode;
  PetscReal v[MS_MAX_DECAY];
  PetscBool set;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < s->ndecay; k++) v[k] = s->conflict_spawn_decay[k];
  PetscCall(PetscOptionsRealArray("-spawn_rules_conflict_spawn_decay",
                                  "intensity factors per interval since a conflict began", NULL, v,
                                  &n, &set));
  if (set) {
    PetscCheck(n > 0, comm, PETSC_ERR_USER_INPUT,
               "option -spawn_rules_conflict_spawn_decay: give 1 to %d comma-separated factors",
               MS_MAX_DECAY);
    s->ndecay = n;
    for (PetscInt k = 0; k < n; k++) s->conflict_spawn_decay[k] = v[k];
  }
  for (PetscInt k = 0; k < s->ndecay; k++)
    PetscCheck(isfinite(s->conflict_spawn_decay[k]) && s->conflict_spawn_decay[k] >= 0, comm,
               PETSC_ERR_USER_INPUT,
               "option -spawn_rules_conflict_spawn_decay: entry %" PetscInt_FMT
               " (%g) is negative or not finite",
               k, s->conflict_spawn_decay[k]);
  PetscCall(PetscOptionsEList("-spawn_rules_spawn_mode", "conflict-driven spawn count per zone",
                              NULL, spawn_modes, 3, spawn_modes[m], &m, NULL));
  s->spawn_mode = (MSSpawnMode)m;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSettingsSetFromOptions(MPI_Comm comm, MSSettings *s, char settings_file[],
                                        size_t len)
{
  PetscBool have_file;

  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(s));
  settings_file[0] = 0;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-settings", settings_file, len, &have_file));
  if (have_file) PetscCall(FromFile(comm, settings_file, s));
  PetscOptionsBegin(
      comm, NULL,
      "migrasim model settings (MODEL.md section 7; -settings FILE reads Flee's simsetting.yml)",
      NULL);
  PetscCall(PetscOptionsString("-settings",
                               "Flee-layout YAML settings file (move_rules:, spawn_rules:)", NULL,
                               settings_file, settings_file, len, NULL));
  PetscCall(FromRows(PetscOptionsObject, comm, have_file ? settings_file : "", s));
  PetscCall(FromSpawnOptions(PetscOptionsObject, comm, s));
  PetscOptionsEnd();
  PetscCheck(s->capacity_buffer < 1.0, comm, PETSC_ERR_USER_INPUT,
             "option -move_rules_capacity_buffer: must be below 1");
  PetscFunctionReturn(PETSC_SUCCESS);
}

int MSSettingsCount(void) { return NROWS + 2; }

void MSSettingsGetPair(const MSSettings *s, int i, const char **name, char value[], size_t len)
{
  static char buf[NROWS][96];
  if (i < NROWS) {
    const Row  *r = &rows[i];
    const void *p = (const char *)s + r->off;
    if (r->group)
      snprintf(buf[i], sizeof(buf[i]), "%s.%s", r->group, r->key);
    else
      snprintf(buf[i], sizeof(buf[i]), "%s", r->key);
    *name = buf[i];
    if (r->kind == KREAL)
      snprintf(value, len, "%.17g", *(const double *)p);
    else if (r->kind == KINT)
      snprintf(value, len, "%" PetscInt_FMT, *(const PetscInt *)p);
    else
      snprintf(value, len, "%s", *(const PetscBool *)p ? "true" : "false");
  } else if (i == NROWS) {
    size_t o = 0;
    *name    = "spawn_rules.conflict_spawn_decay";
    value[0] = 0;
    for (PetscInt k = 0; k < s->ndecay && o + 1 < len; k++)
      o +=
          (size_t)snprintf(value + o, len - o, "%s%.17g", k ? "," : "", s->conflict_spawn_decay[k]);
  } else {
    *name = "spawn_rules.spawn_mode";
    snprintf(value, len, "%s", spawn_modes[s->spawn_mode]);
  }
}

/* Parse one integer or real of a printed setting; the whole string must be the number. */
static int ParseNumber(const char v[], double *x)
{
  char *end;

  if (!v || !v[0]) return -1;
  *x = strtod(v, &end);
  while (*end == ' ') end++;
  return *end ? -1 : 0;
}

int MSSettingsSetPair(MSSettings *s, const char name[], const char value[])
{
  char   full[96];
  double x;

  for (int i = 0; i < NROWS; i++) {
    const Row *r = &rows[i];
    void      *p = (char *)s + r->off;
    if (r->group)
      snprintf(full, sizeof(full), "%s.%s", r->group, r->key);
    else
      snprintf(full, sizeof(full), "%s", r->key);
    if (strcmp(full, name)) continue;
    if (r->kind == KBOOL) {
      if (!strcmp(value, "true") || !strcmp(value, "1"))
        *(PetscBool *)p = PETSC_TRUE;
      else if (!strcmp(value, "false") || !strcmp(value, "0"))
        *(PetscBool *)p = PETSC_FALSE;
      else
        return 2;
      return 0;
    }
    if (ParseNumber(value, &x) || !isfinite(x) || x < r->lo || x > r->hi) return 2;
    if (r->kind == KINT) {
      if (x != floor(x)) return 2;
      *(PetscInt *)p = (PetscInt)x;
    } else
      *(double *)p = x;
    return 0;
  }
  if (!strcmp(name, "spawn_rules.conflict_spawn_decay")) {
    double      v[MS_MAX_DECAY];
    int         n = 0;
    const char *c = value;
    while (*c) {
      char   buf[64];
      size_t k = strcspn(c, ",");
      if (n == MS_MAX_DECAY || k == 0 || k >= sizeof(buf)) return 2;
      memcpy(buf, c, k), buf[k] = 0;
      if (ParseNumber(buf, &v[n]) || !isfinite(v[n]) || v[n] < 0) return 2;
      n++, c += k;
      if (*c == ',') c++;
    }
    if (n == 0) return 2;
    s->ndecay = n;
    for (int k = 0; k < n; k++) s->conflict_spawn_decay[k] = v[k];
    return 0;
  }
  if (!strcmp(name, "spawn_rules.spawn_mode")) {
    for (int m = 0; m < 3; m++)
      if (!strcmp(value, spawn_modes[m])) {
        s->spawn_mode = (MSSpawnMode)m;
        return 0;
      }
    return 2;
  }
  return 1;
}

PetscErrorCode MSOptionsOverrideSet(MSOptionsOverride *o, const char name[], const char value[])
{
  int i;

  PetscFunctionBegin;
  for (i = 0; i < o->n; i++)
    if (!strcmp(o->saved[i].name, name)) break;
  if (i == o->n) {
    const char *v;
    if (o->n == o->cap) {
      MSOptionSaved *ns;
      o->cap = o->cap ? 2 * o->cap : 32;
      PetscCall(PetscCalloc1(o->cap, &ns));
      if (o->n) PetscCall(PetscArraycpy(ns, o->saved, o->n));
      PetscCall(PetscFree(o->saved));
      o->saved = ns;
    }
    PetscCall(PetscStrncpy(o->saved[i].name, name, sizeof(o->saved[i].name)));
    PetscCall(PetscOptionsFindPair(NULL, NULL, name, &v, &o->saved[i].had));
    o->saved[i].value = NULL;
    if (o->saved[i].had && v) PetscCall(PetscStrallocpy(v, &o->saved[i].value));
    o->n++;
  }
  if (value)
    PetscCall(PetscOptionsSetValue(NULL, name, value));
  else
    PetscCall(PetscOptionsClearValue(NULL, name));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSOptionsOverrideRestore(MSOptionsOverride *o)
{
  PetscFunctionBegin;
  for (int k = o->n - 1; k >= 0; k--) {
    if (o->saved[k].had)
      PetscCall(PetscOptionsSetValue(NULL, o->saved[k].name, o->saved[k].value));
    else
      PetscCall(PetscOptionsClearValue(NULL, o->saved[k].name));
    PetscCall(PetscFree(o->saved[k].value));
  }
  PetscCall(PetscFree(o->saved));
  o->n = o->cap = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}
