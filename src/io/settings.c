/* Model settings: MODEL.md sections 7 and 7b as PETSc options, with Flee's YAML file as a
   base layer that is read key by key, so that none is ever ignored in silence. */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ms_scenario.h"
#include "ms_settings.h"
#include "ms_yaml.h"

static const char *const spawn_modes[] = {"constant", "poisson", "pop_ratio", NULL};

/* One row per setting. The bounds keep the rules meaningful (a chance is a probability, a
   speed is positive), so nonsense is refused before the first day rather than producing
   NaNs on day 200. */
typedef struct {
  MSSettingInfo info;
  size_t        off;
} Row;

#define ROW(name, field, kind, lo, hi, choices, help)                \
  {                                                                  \
    {name, kind, lo, hi, choices, help}, offsetof(MSSettings, field) \
  }
#define R(g, k, lo, hi, h)  ROW(g "." #k, k, MS_SETTING_REAL, lo, hi, NULL, h)
#define IN(g, k, lo, hi, h) ROW(g "." #k, k, MS_SETTING_INT, lo, hi, NULL, h)
#define B(g, k, h)          ROW(g "." #k, k, MS_SETTING_BOOL, 0, 1, NULL, h)
static const Row rows[] = {
    R("move_rules", max_move_speed, 1e-9, 1e9, "km an agent travels per day"),
    R("move_rules", max_walk_speed, 1e-9, 1e9,
      "km per day on an agent's first link with start_on_foot"),
    R("move_rules", max_crossing_speed, 0, 1e9,
      "accepted for Flee's layout; no effect (Flee uses it only in its micro model)"),
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
    B("move_rules", stay_close_to_home,
      "divide an end point's score by its distance from the agent's location to a power"),
    R("move_rules", home_distance_power, 0, 100, "power of that distance (stay_close_to_home)"),
    B("move_rules", use_pop_for_loc_weight,
      "multiply a non-camp end point's score by its population to a power"),
    R("move_rules", pop_power_for_loc_weight, 0, 100,
      "power of the population (use_pop_for_loc_weight)"),
    R("move_rules", movechance_pop_base, 1e-9, 1e300,
      "population at which the population factor of move chances is 1"),
    R("move_rules", movechance_pop_scale_factor, 0, 100,
      "power of (population / movechance_pop_base) on every move chance (0: none)"),
    B("spawn_rules", insert_day0, "put the observed day-0 camp populations in the camps"),
    B("spawn_rules", empty_camps_on_day0,
      "insert nobody on day 0; observed series count from their day-0 values"),
    B("spawn_rules", sum_from_camps,
      "daily total from the sum of the camps' series (else the total series)"),
    B("spawn_rules", take_from_population,
      "every agent spawned at a location lowers its population by 1"),
    B("spawn_rules", conflict_zone_spawning_only,
      "accepted for Flee's layout: only conflict zones spawn either way"),
    B("spawn_rules", camps_are_sinks,
      "agents resting in a camp leave the simulation with its deactivation_probability"),
    B("spawn_rules", conflict_driven_spawning,
      "spawn per conflict zone instead of from observed data"),
    ROW("spawn_rules.spawn_mode", spawn_mode, MS_SETTING_CHOICE, 0, 2, spawn_modes,
        "conflict-driven spawn count per zone: constant, poisson or pop_ratio"),
    R("spawn_rules", displaced_per_conflict_day, 0, 1e12,
      "agents per conflict zone and day (conflict-driven; default 500, 0.01 with pop_ratio)"),
    ROW("spawn_rules.conflict_spawn_decay", conflict_spawn_decay, MS_SETTING_REALS, 0, 1e300, NULL,
        "intensity factors per interval since a conflict began"),
    IN("spawn_rules", conflict_spawn_decay_interval, 1, 1000000,
       "days per entry of conflict_spawn_decay"),
    IN("optimisations", hasten, 1, 1000000000,
       "divide every population and observed series by this (Flee's shortcut)"),
    ROW("population_scale", population_scale, MS_SETTING_REAL, 1e-9, 1e6, NULL,
        "factor on observed series and capacities"),
    ROW("observed_until", observed_until, MS_SETTING_INT, -1, 1000000000, NULL,
        "read the observed series as known on this day: only observations dated on or before "
        "it (a hindcast; -1: all)"),
};
#undef R
#undef IN
#undef B
#undef ROW
#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

/* Names of Flee's layout that lead to a setting of another name. */
static const struct {
  const char *flee, *ours;
} aliases[] = {
    {"spawn_rules.conflict_driven_spawning.spawn_mode", "spawn_rules.spawn_mode"},
    {"spawn_rules.conflict_driven_spawning.displaced_per_conflict_day",
     "spawn_rules.displaced_per_conflict_day"},
    {"spawn_rules.camps_are_sicks", "spawn_rules.camps_are_sinks"}, /* Flee's own spelling */
};

/* Keys that steer only Flee's logging or its input paths: accepted, no effect. */
static const char *const ignored[] = {"number_of_steps", "conflict_input_file",
                                      "flood_level_input_file"};
static const char *const groups[]  = {"move_rules", "spawn_rules", "optimisations", "log_levels"};

/* Flee features migrasim does not model, by key (in any group): refused unless their value
   is Flee's default (false, 0 or empty; dflt where it is another number). */
static const struct {
  const char *key, *feature;
  double      dflt; /* Flee's default, accepted (0 stands for false and empty too) */
} unsupported[] = {
    {"flood_rules", "flood rules", 0},
    {"flood_zone_spawning_only", "flood rules", 0},
    {"flood_driven_spawning", "flood rules", 0},
    {"starvation_driven_spawning", "starvation rules", 0},
    {"flee_when_starving", "starvation rules", 0},
    {"avoid_food_deprived_locations", "starvation rules", 0},
    {"MatchCampEthnicity", "demographic rules", 0},
    {"MatchCampReligion", "demographic rules", 0},
    {"MatchTownEthnicity", "demographic rules", 0},
    {"MatchConflictEthnicity", "demographic rules", 0},
    {"WomenAvoidHazards", "demographic rules", 0},
    {"ChildrenAvoidHazards", "demographic rules", 0},
    {"ElderlyAvoidHazards", "demographic rules", 0},
    {"BoysTakeRisk", "demographic rules", 0},
    {"avg_religion_fraction", "demographic rules", 0},
    {"two_system_decision_making", "two-system decision making", 0},
    {"use_economic_pull", "economic pull", 0},
    {"fixed_routes", "fixed routes", 0},
    {"pruning_threshold", "route pruning", 1},
    {"read_from_agents_csv_file", "agents read from agents.csv", 0},
    {"average_social_connectivity", "social connectivity", 0},
    {"use_v1_rules", "version-1 rules", 0},
};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

PetscErrorCode MSSettingsSetDefaults(MSSettings *s)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->max_move_speed                = 360.0;
  s->max_walk_speed                = 35.0;
  s->max_crossing_speed            = 20.0;
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
  s->stay_close_to_home            = PETSC_FALSE;
  s->home_distance_power           = 0.5;
  s->use_pop_for_loc_weight        = PETSC_FALSE;
  s->pop_power_for_loc_weight      = 0.1;
  s->movechance_pop_base           = 10000.0;
  s->movechance_pop_scale_factor   = 0.0;
  s->insert_day0                   = PETSC_TRUE;
  s->empty_camps_on_day0           = PETSC_FALSE;
  s->sum_from_camps                = PETSC_TRUE;
  s->take_from_population          = PETSC_FALSE;
  s->conflict_zone_spawning_only   = PETSC_TRUE;
  s->camps_are_sinks               = PETSC_FALSE;
  s->ndecay                        = 1;
  s->conflict_spawn_decay[0]       = 1.0;
  s->conflict_spawn_decay_interval = 30;
  s->displaced_per_conflict_day    = 500.0;
  s->spawn_mode                    = MS_SPAWN_CONSTANT;
  s->hasten                        = 1;
  s->population_scale              = 1.0;
  s->observed_until                = -1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int MSSettingsCount(void) { return NROWS; }

const MSSettingInfo *MSSettingsGetInfo(int i) { return i >= 0 && i < NROWS ? &rows[i].info : NULL; }

/* name with '.' and '_' alike, any case: "move_rules.camp_weight" is "MOVE_RULES_camp_weight" */
static PetscBool SameName(const char a[], const char b[])
{
  for (; *a && *b; a++, b++) {
    char x = *a == '.' ? '_' : (char)tolower((unsigned char)*a);
    char y = *b == '.' ? '_' : (char)tolower((unsigned char)*b);
    if (x != y) return PETSC_FALSE;
  }
  return (PetscBool)(!*a && !*b);
}

int MSSettingsFind(const char name[])
{
  for (int k = 0; k < NELEM(aliases); k++)
    if (SameName(name, aliases[k].flee)) name = aliases[k].ours;
  for (int i = 0; i < NROWS; i++)
    if (SameName(name, rows[i].info.name)) return i;
  return -1;
}

int MSEditDistance(const char a[], const char b[])
{
  size_t n = strlen(a), m = strlen(b);
  int    d[128], prev;

  if (m >= sizeof(d) / sizeof(d[0]) || n >= 128) return 1000;
  for (size_t j = 0; j <= m; j++) d[j] = (int)j;
  for (size_t i = 1; i <= n; i++) {
    prev = d[0], d[0] = (int)i;
    for (size_t j = 1; j <= m; j++) {
      int sub = prev + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
      prev    = d[j];
      d[j]    = PetscMin(PetscMin(d[j] + 1, d[j - 1] + 1), sub);
    }
  }
  return d[m];
}

/* The part of a dotted name after its last '.'. */
static const char *Leaf(const char name[])
{
  const char *dot = strrchr(name, '.');
  return dot ? dot + 1 : name;
}

const char *MSSettingsNearest(const char name[])
{
  const char *best = NULL;
  int         bestd;
  char        dotted[160];

  /* option names have '_' where the file has '.': compare in the file's spelling */
  snprintf(dotted, sizeof(dotted), "%s", name);
  for (int g = 0; g < NELEM(groups); g++) {
    size_t k = strlen(groups[g]);
    if (!strncasecmp(dotted, groups[g], k) && dotted[k] == '_') dotted[k] = '.';
  }
  if (!strchr(dotted, '.'))
    for (int g = 0; g < NELEM(groups); g++)
      if (MSEditDistance(dotted, groups[g]) <= 2) return groups[g];
  /* the right key in the wrong group first */
  for (int i = 0; i < NROWS; i++)
    if (!strcasecmp(Leaf(rows[i].info.name), Leaf(dotted))) return rows[i].info.name;
  bestd = (int)PetscMax(2, strlen(dotted) / 4) + 1;
  for (int i = 0; i < NROWS; i++) {
    int d = MSEditDistance(dotted, rows[i].info.name);
    if (d < bestd) bestd = d, best = rows[i].info.name;
  }
  return best;
}

/* ---------------------------------------------------------------- values as written */

static PetscBool ParseReal(const char v[], double *x)
{
  char *end;

  if (!v || !v[0]) return PETSC_FALSE;
  *x = strtod(v, &end);
  while (*end == ' ') end++;
  return (PetscBool)(!*end && end != v);
}

/* YAML 1.1's words for true and false (Flee reads its file with PyYAML), and 1 and 0. */
static PetscBool ParseBool(const char v[], PetscBool *b)
{
  static const char *const yes[] = {"true", "yes", "on", "y", "1"}, *const no[] = {"false", "no",
                                                                                   "off", "n", "0"};

  for (int k = 0; k < NELEM(yes); k++) {
    if (!strcasecmp(v, yes[k])) return *b = PETSC_TRUE, PETSC_TRUE;
    if (!strcasecmp(v, no[k])) return *b = PETSC_FALSE, PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* Set row r of s from the text v; on failure *why says what is wrong. */
static PetscBool SetFromText(MSSettings *s, const Row *r, const char v[], char why[], size_t len)
{
  void  *p = (char *)s + r->off;
  double x;

  switch (r->info.kind) {
  case MS_SETTING_BOOL:
    if (!ParseBool(v, (PetscBool *)p))
      return snprintf(why, len, "'%s' is not true or false", v), PETSC_FALSE;
    return PETSC_TRUE;
  case MS_SETTING_CHOICE:
    for (int m = 0; r->info.choices[m]; m++)
      if (!strcasecmp(v, r->info.choices[m])) return *(MSSpawnMode *)p = (MSSpawnMode)m, PETSC_TRUE;
    snprintf(why, len, "'%s' is not one of constant, poisson, pop_ratio", v);
    return PETSC_FALSE;
  case MS_SETTING_REALS: {
    /* "1,1,0.5": the list in one string */
    double      vals[MS_MAX_DECAY];
    int         n = 0;
    const char *c = v;
    while (*c) {
      char   buf[64];
      size_t k = strcspn(c, ",");
      if (n == MS_MAX_DECAY || k == 0 || k >= sizeof(buf))
        return snprintf(why, len, "'%s' is not a list of 1 to %d numbers", v, MS_MAX_DECAY),
               PETSC_FALSE;
      memcpy(buf, c, k), buf[k] = 0;
      if (!ParseReal(buf, &vals[n]) || !isfinite(vals[n]) || vals[n] < r->info.lo ||
          vals[n] > r->info.hi)
        return snprintf(why, len, "entry %d ('%s') is not a number in [%g, %g]", n + 1, buf,
                        r->info.lo, r->info.hi),
               PETSC_FALSE;
      n++, c += k;
      if (*c == ',') c++;
    }
    if (n == 0) return snprintf(why, len, "an empty list"), PETSC_FALSE;
    s->ndecay = n;
    for (int k = 0; k < n; k++) s->conflict_spawn_decay[k] = vals[k];
    return PETSC_TRUE;
  }
  default:
    if (!ParseReal(v, &x)) return snprintf(why, len, "'%s' is not a number", v), PETSC_FALSE;
    if (!isfinite(x) || x < r->info.lo || x > r->info.hi)
      return snprintf(why, len, "%s is outside [%g, %g]", v, r->info.lo, r->info.hi), PETSC_FALSE;
    if (r->info.kind == MS_SETTING_INT) {
      if (x != floor(x)) return snprintf(why, len, "'%s' is not a whole number", v), PETSC_FALSE;
      *(PetscInt *)p = (PetscInt)x;
    } else
      *(double *)p = x;
    return PETSC_TRUE;
  }
}

void MSSettingsGetPair(const MSSettings *s, int i, const char **name, char value[], size_t len)
{
  const Row  *r = &rows[i];
  const void *p = (const char *)s + r->off;

  *name = r->info.name;
  switch (r->info.kind) {
  case MS_SETTING_REAL: snprintf(value, len, "%.17g", *(const double *)p); break;
  case MS_SETTING_INT: snprintf(value, len, "%" PetscInt_FMT, *(const PetscInt *)p); break;
  case MS_SETTING_BOOL: snprintf(value, len, "%s", *(const PetscBool *)p ? "true" : "false"); break;
  case MS_SETTING_CHOICE:
    snprintf(value, len, "%s", r->info.choices[*(const MSSpawnMode *)p]);
    break;
  case MS_SETTING_REALS: {
    size_t o = 0;
    value[0] = 0;
    for (PetscInt k = 0; k < s->ndecay && o + 1 < len; k++)
      o +=
          (size_t)snprintf(value + o, len - o, "%s%.17g", k ? "," : "", s->conflict_spawn_decay[k]);
  } break;
  }
}

int MSSettingsSetPair(MSSettings *s, const char name[], const char value[])
{
  int  i = MSSettingsFind(name);
  char why[256];

  if (i < 0) return 1;
  return SetFromText(s, &rows[i], value, why, sizeof(why)) ? 0 : 2;
}

/* ---------------------------------------------------------------- the YAML file */

/* Whether the value of a Flee feature's key is Flee's default: false, 0 (or dflt), empty. */
static PetscBool IsFleeDefault(const MSYamlEntry *e, double dflt)
{
  PetscBool b;
  double    x;

  if (e->kind != MS_YAML_SCALAR) return (PetscBool)(e->nitems == 0);
  if (e->null || !e->value[0]) return PETSC_TRUE;
  if (ParseBool(e->value, &b)) return (PetscBool)(b == (dflt != 0));
  return (PetscBool)(ParseReal(e->value, &x) && x == dflt);
}

static const char *DefaultText(double dflt) { return dflt == 0 ? "false, 0 or empty" : "1"; }

static PetscBool IsGroup(const char key[])
{
  for (int g = 0; g < NELEM(groups); g++)
    if (!strcmp(key, groups[g])) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* An entry of the file that is not a setting: a group, Flee's logging, a Flee feature at its
   default (*handled), or a Flee feature migrasim does not model (an error). */
static PetscErrorCode NotASetting(MPI_Comm comm, const MSYaml *y, const MSYamlEntry *e,
                                  PetscBool *handled)
{
  const char *leaf = Leaf(e->key);

  PetscFunctionBegin;
  *handled = PETSC_TRUE;
  if (IsGroup(e->key)) {
    PetscCheck(
        e->kind == MS_YAML_MAPPING || (e->kind == MS_YAML_SCALAR && e->null), comm, MS_ERR_INPUT,
        "%s:%d: setting '%s': must hold the group's settings (key: value lines), not a value",
        y->path, e->line, e->key);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (!strncmp(e->key, "log_levels.", 11)) PetscFunctionReturn(PETSC_SUCCESS);
  for (int k = 0; k < NELEM(ignored); k++)
    if (!strcmp(e->key, ignored[k])) PetscFunctionReturn(PETSC_SUCCESS);
  /* a key inside the mapping of a feature already refused or accepted empty: never reached */
  for (int k = 0; k < NELEM(unsupported); k++) {
    if (strcmp(leaf, unsupported[k].key) && strncmp(leaf, "flood_", 6)) continue;
    PetscCheck(IsFleeDefault(e, unsupported[k].dflt), comm, MS_ERR_INPUT,
               "%s:%d: setting '%s': Flee's %s are not modelled by migrasim (MODEL.md section 7b); "
               "remove the key or give Flee's default (%s)",
               y->path, e->line, e->key,
               strncmp(leaf, "flood_", 6) ? unsupported[k].feature : "flood rules",
               DefaultText(unsupported[k].dflt));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  *handled = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The value of entry e for setting r, applied to s. */
static PetscErrorCode ApplyEntry(MPI_Comm comm, const MSYaml *y, const MSYamlEntry *e, const Row *r,
                                 MSSettings *s)
{
  char why[256], list[1024];

  PetscFunctionBegin;
  if (r->off == offsetof(MSSettings, conflict_driven_spawning) && e->kind != MS_YAML_SCALAR) {
    /* Flee's layout: the mapping's presence turns it on; its keys are settings of their own */
    PetscCheck(e->kind == MS_YAML_MAPPING, comm, MS_ERR_INPUT,
               "%s:%d: setting '%s': a mapping (spawn_mode:, displaced_per_conflict_day:) or "
               "true/false, not a list",
               y->path, e->line, e->key);
    s->conflict_driven_spawning = PETSC_TRUE;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (r->off == offsetof(MSSettings, conflict_driven_spawning) && e->null) {
    s->conflict_driven_spawning = PETSC_FALSE; /* as Flee: an empty key is an absent one */
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (e->kind == MS_YAML_SEQUENCE && r->info.kind == MS_SETTING_REALS) {
    size_t o = 0;
    list[0]  = 0;
    for (int k = 0; k < e->nitems; k++)
      o += (size_t)snprintf(list + o, sizeof(list) - PetscMin(o, sizeof(list)), "%s%s",
                            k ? "," : "", e->item[k]);
    PetscCheck(SetFromText(s, r, list, why, sizeof(why)), comm, MS_ERR_INPUT,
               "%s:%d: setting '%s': %s", y->path, e->line, e->key, why);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(e->kind == MS_YAML_SCALAR && !e->null, comm, MS_ERR_INPUT, "%s:%d: setting '%s': %s",
             y->path, e->line, e->key,
             e->kind == MS_YAML_SCALAR ? "no value given"
                                       : "a single value, not a list or mapping");
  PetscCheck(SetFromText(s, r, e->value, why, sizeof(why)), comm, MS_ERR_INPUT,
             "%s:%d: setting '%s': %s", y->path, e->line, e->key, why);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every key of the settings file: applied to s, accepted, or refused with its line. *dpcd:
   whether displaced_per_conflict_day was given (its default depends on spawn_mode). */
static PetscErrorCode ReadFile(MPI_Comm comm, const char path[], MSSettings *s, PetscBool *dpcd)
{
  MSYaml *y;

  PetscFunctionBegin;
  PetscCall(MSYamlRead(comm, path, &y));
  for (int i = 0; i < y->n; i++) {
    const MSYamlEntry *e = &y->entry[i];
    int                k = MSSettingsFind(e->key);
    PetscBool          handled;
    if (k >= 0 && strchr(e->key, '.')) {
      PetscCall(ApplyEntry(comm, y, e, &rows[k], s));
      if (rows[k].off == offsetof(MSSettings, displaced_per_conflict_day)) *dpcd = PETSC_TRUE;
      continue;
    }
    PetscCall(NotASetting(comm, y, e, &handled));
    if (handled) continue;
    {
      const char *near = MSSettingsNearest(e->key);
      SETERRQ(comm, MS_ERR_INPUT, "%s:%d: setting '%s': unknown%s%s%s", y->path, e->line, e->key,
              near ? "; did you mean '" : " (MODEL.md section 7 lists the settings)",
              near ? near : "", near ? "'?" : "");
    }
  }
  PetscCall(MSYamlDestroy(&y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the command line */

/* The option of row r, "-move_rules_camp_weight". */
static void OptionName(const Row *r, char opt[], size_t len)
{
  snprintf(opt, len, "-%s", r->info.name);
  for (char *c = opt; *c; c++)
    if (*c == '.') *c = '_';
}

/* The Flee feature that option opt (no dash) belongs to, or -1. */
static int UnsupportedOption(const char opt[])
{
  size_t n = strlen(opt);
  for (int k = 0; k < NELEM(unsupported); k++) {
    size_t m = strlen(unsupported[k].key);
    if (n > m && opt[n - m - 1] == '_' && !strcmp(opt + n - m, unsupported[k].key)) return k;
  }
  return strstr(opt, "_flood_") ? 0 : -1;
}

/* Option tok of a settings group that names no setting: Flee's feature at its default
   (accepted), or an error naming the feature or the nearest setting. */
static PetscErrorCode UnknownOption(MPI_Comm comm, const char tok[])
{
  int         k = UnsupportedOption(tok + 1), a = MSSettingsFind(tok + 1);
  const char *near;
  char        opt[160] = "", v[256] = "";
  PetscBool   set;
  double      x;

  PetscFunctionBegin;
  if (a >= 0) {
    /* a name of Flee's file layout, not an option's */
    OptionName(&rows[a], opt, sizeof(opt));
    SETERRQ(comm, MS_ERR_INPUT, "option %s: write %s on the command line", tok, opt);
  }
  if (k >= 0) {
    PetscBool b = PETSC_FALSE;
    PetscCall(PetscOptionsGetString(NULL, NULL, tok, v, sizeof(v), &set));
    PetscCheck((ParseBool(v, &b) && b == (unsupported[k].dflt != 0)) ||
                   (ParseReal(v, &x) && x == unsupported[k].dflt),
               comm, MS_ERR_INPUT,
               "option %s: Flee's %s are not modelled by migrasim (MODEL.md section 7b); remove it "
               "or give Flee's default (%s)",
               tok, unsupported[k].feature, DefaultText(unsupported[k].dflt));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  near = MSSettingsNearest(tok + 1);
  if (near) {
    PetscCall(PetscSNPrintf(opt, sizeof(opt), "-%s", near));
    for (char *c = opt; *c; c++)
      if (*c == '.') *c = '_';
  }
  SETERRQ(comm, MS_ERR_INPUT, "option %s: unknown setting%s%s%s", tok,
          near ? "; did you mean " : "", opt,
          near ? "?" : " (MODEL.md section 7 lists the settings)");
}

/* Every option of a settings group (-move_rules_..., -spawn_rules_..., -optimisations_...)
   must name a setting: a misspelt one would otherwise leave its default in silence. */
static PetscErrorCode CheckOptionNames(MPI_Comm comm)
{
  char          *all, *tok, *next;
  PetscErrorCode ierr = PETSC_SUCCESS;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetAll(NULL, &all));
  for (tok = all; !ierr && tok && *tok; tok = next) {
    PetscBool grouped = PETSC_FALSE;
    int       i;
    for (next = tok; *next && *next != ' '; next++) {}
    if (*next) *next++ = 0;
    if (tok[0] != '-') continue;
    for (int g = 0; g < NELEM(groups); g++)
      if (!strncmp(tok + 1, groups[g], strlen(groups[g])) && tok[1 + strlen(groups[g])] == '_')
        grouped = PETSC_TRUE;
    if (!grouped || !strncmp(tok + 1, "log_levels_", 11)) continue;
    i = MSSettingsFind(tok + 1);
    if (i >= 0) {
      char opt[160];
      OptionName(&rows[i], opt, sizeof(opt));
      if (!strcasecmp(opt, tok)) continue;
    }
    ierr = UnknownOption(comm, tok);
  }
  PetscCall(PetscFree(all));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Row r from the command line (the file's value, or the default, as the starting value). */
static PetscErrorCode FromCommandLine(PetscOptionItems *PetscOptionsObject, MPI_Comm comm,
                                      const Row *r, MSSettings *s, PetscBool *set)
{
  void *p = (char *)s + r->off;
  char  opt[160];

  PetscFunctionBegin;
  OptionName(r, opt, sizeof(opt));
  switch (r->info.kind) {
  case MS_SETTING_REAL: {
    PetscReal v = *(double *)p;
    PetscCall(PetscOptionsReal(opt, r->info.help, NULL, v, &v, set));
    PetscCheck(!*set || (isfinite(v) && v >= r->info.lo && v <= r->info.hi), comm,
               PETSC_ERR_USER_INPUT, "option %s: %g is outside [%g, %g]", opt, (double)v,
               r->info.lo, r->info.hi);
    *(double *)p = v;
  } break;
  case MS_SETTING_INT: {
    PetscInt v = *(PetscInt *)p;
    PetscCall(PetscOptionsInt(opt, r->info.help, NULL, v, &v, set));
    PetscCheck(!*set || (v >= r->info.lo && v <= r->info.hi), comm, PETSC_ERR_USER_INPUT,
               "option %s: %" PetscInt_FMT " is outside [%g, %g]", opt, v, r->info.lo, r->info.hi);
    *(PetscInt *)p = v;
  } break;
  case MS_SETTING_BOOL: {
    PetscBool v = *(PetscBool *)p;
    PetscCall(PetscOptionsBool(opt, r->info.help, NULL, v, &v, set));
    *(PetscBool *)p = v;
  } break;
  case MS_SETTING_CHOICE: {
    PetscInt m = (PetscInt) * (MSSpawnMode *)p;
    PetscCall(PetscOptionsEList(opt, r->info.help, NULL, r->info.choices, 3, r->info.choices[m], &m,
                                set));
    *(MSSpawnMode *)p = (MSSpawnMode)m;
  } break;
  case MS_SETTING_REALS: {
    PetscInt  n = MS_MAX_DECAY;
    PetscReal v[MS_MAX_DECAY];
    for (PetscInt k = 0; k < s->ndecay; k++) v[k] = s->conflict_spawn_decay[k];
    PetscCall(PetscOptionsRealArray(opt, r->info.help, NULL, v, &n, set));
    if (*set) {
      PetscCheck(n > 0, comm, PETSC_ERR_USER_INPUT,
                 "option %s: give 1 to %d comma-separated factors", opt, MS_MAX_DECAY);
      for (PetscInt k = 0; k < n; k++)
        PetscCheck(isfinite(v[k]) && v[k] >= 0, comm, PETSC_ERR_USER_INPUT,
                   "option %s: entry %" PetscInt_FMT " (%g) is negative or not finite", opt, k + 1,
                   (double)v[k]);
      s->ndecay = n;
      for (PetscInt k = 0; k < n; k++) s->conflict_spawn_decay[k] = v[k];
    }
  } break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSettingsSetFromOptions(MPI_Comm comm, MSSettings *s, char settings_file[],
                                        size_t len)
{
  PetscBool have_file, dpcd = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(MSSettingsSetDefaults(s));
  settings_file[0] = 0;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-settings", settings_file, len, &have_file));
  if (have_file) PetscCall(ReadFile(comm, settings_file, s, &dpcd));
  PetscCall(CheckOptionNames(comm));
  PetscOptionsBegin(
      comm, NULL,
      "migrasim model settings (MODEL.md section 7; -settings FILE reads Flee's simsetting.yml)",
      NULL);
  PetscCall(PetscOptionsString("-settings",
                               "Flee-layout YAML settings file (move_rules:, spawn_rules:, ...)",
                               NULL, settings_file, settings_file, len, NULL));
  for (int i = 0; i < NROWS; i++) {
    PetscBool set = PETSC_FALSE;
    PetscCall(FromCommandLine(PetscOptionsObject, comm, &rows[i], s, &set));
    if (set && rows[i].off == offsetof(MSSettings, displaced_per_conflict_day)) dpcd = PETSC_TRUE;
  }
  PetscOptionsEnd();
  if (!dpcd && s->spawn_mode == MS_SPAWN_POP_RATIO) s->displaced_per_conflict_day = 0.01;
  PetscCheck(s->capacity_buffer < 1.0, comm, PETSC_ERR_USER_INPUT,
             "option -move_rules_capacity_buffer: must be below 1");
  PetscFunctionReturn(PETSC_SUCCESS);
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
