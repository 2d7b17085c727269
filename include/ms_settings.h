/* ms_settings: the model's settings (MODEL.md sections 7 and 7b) and the run's options.
 *
 * Every setting is a PETSc option named after Flee's YAML layout, e.g.
 * move_rules.camp_weight is -move_rules_camp_weight; -settings FILE reads Flee's
 * simsetting.yml, and options on the command line override the file. No key is ever
 * ignored in silence: each key of the file and each settings option is applied, accepted
 * as Flee's logging (log_levels, ...), or refused with one line naming its place and the
 * nearest known key, or the Flee feature migrasim does not model. */
#ifndef MS_SETTINGS_H
#define MS_SETTINGS_H

#include "migrasim.h"

#define MS_MAX_DECAY 16

typedef enum { MS_SPAWN_CONSTANT = 0, MS_SPAWN_POISSON, MS_SPAWN_POP_RATIO } MSSpawnMode;

typedef struct {
  /* move_rules */
  double    max_move_speed, max_walk_speed, max_crossing_speed;
  double    foreign_weight, camp_weight, conflict_weight;
  double    conflict_movechance, camp_movechance, idpcamp_movechance, default_movechance;
  PetscInt  awareness_level;
  double    capacity_buffer, capacity_scaling;
  double    softening, weight_softening, distance_power, weight_power;
  PetscBool start_on_foot, avoid_short_stints, forced_redirection;
  PetscBool stay_close_to_home, use_pop_for_loc_weight;
  double    home_distance_power, pop_power_for_loc_weight;
  double    movechance_pop_base, movechance_pop_scale_factor;
  /* spawn_rules */
  PetscBool   insert_day0, sum_from_camps, conflict_driven_spawning;
  PetscBool   take_from_population, empty_camps_on_day0, conflict_zone_spawning_only;
  PetscBool   camps_are_sinks;
  PetscInt    ndecay;
  double      conflict_spawn_decay[MS_MAX_DECAY];
  PetscInt    conflict_spawn_decay_interval;
  double      displaced_per_conflict_day;
  MSSpawnMode spawn_mode;
  /* optimisations */
  PetscInt hasten;
  /* run */
  double   population_scale; /* multiplies observed series and capacities */
  PetscInt observed_until;   /* the series as known on this day (MSScenarioCutSeries); -1: all */
} MSSettings;

typedef enum {
  MS_SETTING_REAL = 0,
  MS_SETTING_INT,
  MS_SETTING_BOOL,
  MS_SETTING_CHOICE, /* one of choices[] */
  MS_SETTING_REALS   /* a comma-separated list of numbers */
} MSSettingKind;

/* What a setting is: its name ("move_rules.camp_weight"; the option is "-" + name with '_'
   for '.'), kind, bounds (numbers), choices (MS_SETTING_CHOICE, NULL-terminated) and help. */
typedef struct {
  const char        *name;
  MSSettingKind      kind;
  double             lo, hi;
  const char *const *choices;
  const char        *help;
} MSSettingInfo;

/* Fill s with the defaults of MODEL.md sections 7 and 7b. */
PetscErrorCode MSSettingsSetDefaults(MSSettings *s);

/* Read the settings: defaults, then the YAML file of -settings (if given), then the
   command line. Every key and settings option is checked (see above); nonsense values
   (negative speeds, chances outside [0,1], ...) are refused with a one-line error naming
   the file and line, or the option. */
PetscErrorCode MSSettingsSetFromOptions(MPI_Comm comm, MSSettings *s, char settings_file[],
                                        size_t len);

/* Number of settings that MSSettingsGetPair() and MSSettingsGetInfo() enumerate. */
int MSSettingsCount(void);

/* The i-th setting's description. */
const MSSettingInfo *MSSettingsGetInfo(int i);

/* Index of the setting called name ("move_rules.camp_weight" or "move_rules_camp_weight",
   any case), or -1. */
int MSSettingsFind(const char name[]);

/* The known setting name nearest to name by edit distance (for "did you mean"), or NULL
   when none is close. */
const char *MSSettingsNearest(const char name[]);

/* The i-th setting as name ("move_rules.camp_weight") and printed value, for output attributes. */
void MSSettingsGetPair(const MSSettings *s, int i, const char **name, char value[], size_t len);

/* Set the setting called name (as MSSettingsGetPair() names it) from its printed value, as
   output files record them. Returns 0 on success, 1 for an unknown name, 2 for a value that
   does not parse or is outside the setting's bounds. */
int MSSettingsSetPair(MSSettings *s, const char name[], const char value[]);

/* Options set in the global database for one run in process (a sweep's member, a
   calibration's evaluation), each name's value before its first change kept to put back. */
typedef struct {
  char      name[136];
  PetscBool had;
  char     *value; /* the value before (NULL: none, or a flag without value) */
} MSOptionSaved;
typedef struct {
  MSOptionSaved *saved;
  int            n, cap;
} MSOptionsOverride;

/* Set option name to value (NULL: remove it), remembering its value before the first change. */
PetscErrorCode MSOptionsOverrideSet(MSOptionsOverride *o, const char name[], const char value[]);

/* Put back every option changed through o as it was, and empty o. */
PetscErrorCode MSOptionsOverrideRestore(MSOptionsOverride *o);

/* Edit distance between a and b (case-insensitive), for "did you mean" suggestions (the
   settings', a variant file's names); 1000 (never near) for names of 128 characters or more. */
int MSEditDistance(const char a[], const char b[]);

#endif
