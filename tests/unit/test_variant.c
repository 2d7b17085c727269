/* unit.variant.*: the variant reader of ms_variant.h against the fixture scenario
 * tests/unit/fixtures/variant (start 2012-02-27, 60 days), forecast day F = 10 (2012-03-08).
 *
 *   test_variant FIXTURE valid   a file with a change of every kind, parsed field by field
 *   test_variant FIXTURE CASE    one bad file per error; its message must start with
 *                                "FILE:LINE: field 'X': " and contain the case's words
 * Exit 0 when every check passes. */
#include "unit.h"
#include "ms_variant.h"

#define F 10 /* 2012-03-08 */

static const char header[] = "#what,name1,name2,value,from,until\n";

/* Location indices of the fixture, in locations.csv order. */
enum { ALPHA, BETA, GAMMA, DELTA, ECHO, HUB, MARK, FOX };

static const char valid[] = "# every kind of change, with a comment line between\n"
                            "country,Homeland,Neighbour,,+1,+10\n"
                            "location,Fox,,,2012-03-20,\n"
                            "link,Beta,Gamma,,,+5\n"
                            "camp,Delta Camp,,,+3,+4\n"
                            "IDPCAMP,Echo,,,,\n"
                            "remove_forced_redirection,Gamma,Delta Camp,,,\n"
                            "reopen,Gamma,Echo,,+6,\n"
                            "reopen,Gamma,Beta,,+2,+30\n"
                            "reopen,Delta Camp,,,,\n"
                            "capacity,Delta Camp,,5000,,\n"
                            "open_camp,Gamma,,1500,+7,\n"
                            "\n"
                            "capacity,Gamma,,2000,2012-03-28,2012-04-07\n"
                            "camp,Gamma,,,+30,\n"
                            "conflict,Beta,,2.5,+1,\n"
                            "setting,move_rules.camp_weight,,2,+1,\n"
                            "setting,spawn_rules_conflict_driven_spawning,,true,,\n";

typedef struct {
  MSVariantKind kind;
  int           type; /* closure type for CLOSE */
  int           a, b;
  double        value;
  int           from, until;
  const char   *setting, *text;
  int           line;
} Want;

static const Want want[] = {
    {MS_VARIANT_CLOSE, MS_CLOSE_COUNTRY, 0, 1, 0, 11, 20, "", "", 3},
    {MS_VARIANT_CLOSE, MS_CLOSE_LOCATION, FOX, -1, 0, 22, MS_VARIANT_FOREVER, "", "", 4},
    {MS_VARIANT_CLOSE, MS_CLOSE_LINK, BETA, GAMMA, 0, 11, 15, "", "", 5},
    {MS_VARIANT_CLOSE, MS_CLOSE_CAMP, DELTA, -1, 0, 13, 14, "", "", 6},
    {MS_VARIANT_CLOSE, MS_CLOSE_CAMP, ECHO, -1, 0, 11, MS_VARIANT_FOREVER, "", "", 7},
    {MS_VARIANT_CLOSE, MS_CLOSE_REMOVE_FORCED, GAMMA, DELTA, 0, 11, MS_VARIANT_FOREVER, "", "", 8},
    {MS_VARIANT_REOPEN, 0, GAMMA, ECHO, 0, 16, MS_VARIANT_FOREVER, "", "", 9},
    {MS_VARIANT_REOPEN, 0, GAMMA, BETA, 0, 12, 40, "", "", 10},
    {MS_VARIANT_REOPEN, 0, DELTA, -1, 0, 11, MS_VARIANT_FOREVER, "", "", 11},
    {MS_VARIANT_CAPACITY, 0, DELTA, -1, 5000, 11, MS_VARIANT_FOREVER, "", "", 12},
    {MS_VARIANT_OPEN_CAMP, 0, GAMMA, -1, 1500, 17, MS_VARIANT_FOREVER, "", "", 13},
    {MS_VARIANT_CAPACITY, 0, GAMMA, -1, 2000, 30, 40, "", "", 15},
    {MS_VARIANT_CLOSE, MS_CLOSE_CAMP, GAMMA, -1, 0, 40, MS_VARIANT_FOREVER, "", "", 16},
    {MS_VARIANT_CONFLICT, 0, BETA, -1, 2.5, 11, MS_VARIANT_FOREVER, "", "", 17},
    {MS_VARIANT_SETTING, 0, 0, -1, 0, 11, MS_VARIANT_FOREVER, "move_rules.camp_weight", "2", 18},
    {MS_VARIANT_SETTING, 0, 0, -1, 0, 11, MS_VARIANT_FOREVER,
     "spawn_rules.conflict_driven_spawning", "true", 19},
};

static PetscErrorCode Valid(const MSScenario *scn)
{
  MSVariant *v;
  char       path[PETSC_MAX_PATH_LEN], text[4096];
  int        n = (int)(sizeof(want) / sizeof(want[0]));

  PetscFunctionBegin;
  (void)snprintf(text, sizeof(text), "%s%s", header, valid);
  PetscCall(UnitWriteFile("new_camp.csv", text, path));
  PetscCall(MSVariantLoad(PETSC_COMM_WORLD, path, scn, F, &v));
  UnitCheck(!strcmp(v->name, "new_camp"), "name '%s' (the file's, without .csv)", v->name);
  UnitCheck(!strcmp(v->path, path), "path kept");
  UnitCheck(v->nchanges == n, "%d changes (want %d)", v->nchanges, n);
  for (int i = 0; i < n && i < v->nchanges; i++) {
    const MSVariantChange *c = &v->change[i];
    const Want            *w = &want[i];
    int ok = c->kind == w->kind && (c->kind != MS_VARIANT_CLOSE || (int)c->closure == w->type) &&
             c->a == w->a && c->b == w->b && c->value == w->value && c->from == w->from &&
             c->until == w->until && !strcmp(c->setting, w->setting) && !strcmp(c->text, w->text) &&
             c->line == w->line;
    UnitCheck(ok,
              "change %d: kind %d type %d a %d b %d value %g from %d until %d setting '%s' '%s' "
              "line %d",
              i, (int)c->kind, (int)c->closure, c->a, c->b, c->value, c->from, c->until, c->setting,
              c->text, c->line);
  }
  PetscCall(MSVariantDestroy(&v));
  UnitCheck(!v, "MSVariantDestroy() clears the pointer");
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One bad file per error: its lines after the header, the line and field the message must
   name, and words it must contain. */
typedef struct {
  const char *name, *lines;
  int         line;
  const char *field, *sub;
} Bad;

static const Bad bad[] = {
    {"unknown_what", "capacty,Delta Camp,,100,,\n", 2, "what", "did you mean 'capacity'?"},
    {"unknown_what_far", "shutdown,Beta,,,,\n", 2, "what", "expected country, location"},
    {"unknown_location_near", "link,Gamam,Echo,,,\n", 2, "name1", "did you mean 'Gamma'?"},
    {"unknown_location_far", "location,Zanzibar,,,,\n", 2, "name1", "unknown location 'Zanzibar'"},
    {"unknown_location_name2", "link,Gamma,Ecco,,,\n", 2, "name2", "did you mean 'Echo'?"},
    {"empty_location", "conflict,,,1,,\n", 2, "name1", "empty"},
    {"unknown_country", "country,Homland,Neighbour,,,\n", 2, "name1", "did you mean 'Homeland'?"},
    {"no_route", "link,Alpha,Echo,,,\n", 2, "name2", "no route of routes.csv joins"},
    {"reopen_no_route", "reopen,Alpha,Echo,,,\n", 2, "name2", "no route of routes.csv joins"},
    {"not_forced", "remove_forced_redirection,Alpha,Beta,,,\n", 2, "name2",
     "not a forced redirection"},
    {"camp_not_camp", "camp,Beta,,,,\n", 2, "name1", "(type town) is not a camp"},
    {"location_with_name2", "location,Beta,Gamma,,,\n", 2, "name2", "write 'link'"},
    {"closure_with_value", "link,Gamma,Echo,5,,\n", 2, "value", "takes none"},
    {"capacity_not_camp", "capacity,Beta,,100,,\n", 2, "name1", "takes no capacity"},
    {"capacity_below_one", "capacity,Delta Camp,,0.5,,\n", 2, "value",
     "0.5 is below 1: a camp below capacity 1 has no limit"},
    {"capacity_not_number", "capacity,Delta Camp,,lots,,\n", 2, "value", "not a finite number"},
    {"capacity_empty", "capacity,Delta Camp,,,,\n", 2, "value", "empty"},
    {"capacity_with_name2", "capacity,Delta Camp,Echo,100,,\n", 2, "name2", "takes none"},
    {"open_camp_at_camp", "open_camp,Echo,,100,,\n", 2, "name1",
     "(type idpcamp) is neither a town nor a conflict zone"},
    {"conflict_negative", "conflict,Beta,,-1,,\n", 2, "value", "-1 is below 0 (an intensity)"},
    {"setting_fixed", "setting,move_rules.awareness_level,,2,,\n", 2, "name1",
     "cannot change during a run: the route table"},
    {"setting_fixed_hasten", "setting,optimisations.hasten,,2,,\n", 2, "name1",
     "cannot change during a run"},
    {"setting_fixed_option_name", "setting,spawn_rules_sum_from_camps,,false,,\n", 2, "name1",
     "cannot change during a run"},
    {"setting_unknown", "setting,move_rules.camp_wieght,,2,,\n", 2, "name1",
     "did you mean 'move_rules.camp_weight'?"},
    {"setting_bad_value", "setting,move_rules.camp_movechance,,1.5,,\n", 2, "value",
     "not a value of move_rules.camp_movechance"},
    {"setting_no_value", "setting,move_rules.camp_weight,,,,\n", 2, "value", "empty"},
    {"from_past", "conflict,Beta,,1,2012-03-01,\n", 2, "from", "may not change the past"},
    {"from_forecast_day", "conflict,Beta,,1,+0,\n", 2, "from", "(day 10) is not after"},
    {"from_bad", "conflict,Beta,,1,next week,\n", 2, "from", "neither a date YYYY-MM-DD nor +N"},
    {"from_bad_date", "conflict,Beta,,1,2012-13-01,\n", 2, "from", "neither a date"},
    {"until_before_from", "conflict,Beta,,1,+5,+5\n", 2, "until",
     "2012-03-13 (day 15) is not after from, 2012-03-13 (day 15)"},
    {"until_past", "conflict,Beta,,1,,2012-03-01\n", 2, "until",
     "2012-03-01 (day 3) is not after from, 2012-03-09 (day 11)"},
    {"reopen_nothing", "reopen,Alpha,Beta,,,\n", 2, "name2",
     "nothing to reopen: neither closures.csv nor an earlier line closes the link 'Alpha'-'Beta'"},
    {"reopen_nothing_location", "reopen,Beta,,,,\n", 2, "name1", "nothing to reopen"},
    {"third_line", "# a comment\nconflict,Beta,,1,,\nconflict,Beta,,x,,\n", 4, "value",
     "not a finite number"},
    {"no_changes", "# nothing but comments\n", 1, "what", "no changes"},
};

static PetscErrorCode Bad1(const MSScenario *scn, const Bad *b)
{
  static MSVariant sentinel;
  MSVariant       *v = &sentinel; /* must come back NULL */
  char             path[PETSC_MAX_PATH_LEN], text[1024], prefix[PETSC_MAX_PATH_LEN + 64];
  PetscErrorCode   ierr;

  PetscFunctionBegin;
  (void)snprintf(text, sizeof(text), "%s%s", header, b->lines);
  PetscCall(UnitWriteFile("bad.csv", text, path));
  (void)snprintf(prefix, sizeof(prefix), "%s:%d: field '%s': ", path, b->line, b->field);
  PetscCall(PetscPushErrorHandler(UnitCapture, NULL));
  ierr = MSVariantLoad(PETSC_COMM_WORLD, path, scn, F, &v);
  PetscCall(PetscPopErrorHandler());
  UnitCheckError(ierr, b->name, prefix, b->sub);
  UnitCheck(!v, "%s: no variant comes back", b->name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Missing(const MSScenario *scn)
{
  MSVariant     *v;
  char           path[PETSC_MAX_PATH_LEN], prefix[PETSC_MAX_PATH_LEN + 64];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCheck(snprintf(path, sizeof(path), "%s/absent.csv", unit_dir) < (int)sizeof(path),
             PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "path too long: %s", unit_dir);
  (void)snprintf(prefix, sizeof(prefix), "%s:0: field '-': file not found", path);
  PetscCall(PetscPushErrorHandler(UnitCapture, NULL));
  ierr = MSVariantLoad(PETSC_COMM_WORLD, path, scn, F, &v);
  PetscCall(PetscPopErrorHandler());
  UnitCheckError(ierr, "missing_file", prefix, NULL);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MSScenario *scn;
  int         found = 0;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc == 3, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "usage: test_variant FIXTURE CASE");
  PetscCall(UnitMakeDir());
  PetscCall(MSScenarioLoad(PETSC_COMM_WORLD, argv[1], &scn));
  if (!strcmp(argv[2], "valid")) {
    PetscCall(Valid(scn));
    found = 1;
  } else if (!strcmp(argv[2], "missing_file")) {
    PetscCall(Missing(scn));
    found = 1;
  }
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    if (!strcmp(argv[2], bad[i].name)) {
      PetscCall(Bad1(scn, &bad[i]));
      found = 1;
    }
  PetscCheck(found, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "unknown case %s", argv[2]);
  PetscCall(MSScenarioDestroy(&scn));
  PetscCall(PetscFinalize());
  return unit_failures ? 1 : 0;
}
