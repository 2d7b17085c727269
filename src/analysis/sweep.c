/* Sweeps: many members of one design in a single MPI job (docs/sweeps.md).
 *
 * Every rank reads the design alike; world rank 0 alone touches design.csv and status.csv
 * at set-up, and each group's first rank appends its members' lines to status.csv. The
 * members are handed out by an atomic counter in an MPI window on world rank 0, so that a
 * group with fast members takes more of them, and no rank waits idle as a master. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "ms_errors.h"
#include "ms_format.h"
#include "ms_h5.h"
#include "ms_runfile.h"
#include "ms_sensitivity.h"
#include "ms_settings.h"
#include "ms_sim.h"
#include "ms_sweep.h"
#include "ms_sweepdir.h"

typedef enum { SAMPLER_SOBOL = 0, SAMPLER_LHS, SAMPLER_SALTELLI, SAMPLER_LIST } Sampler;
static const char *const samplers[] = {"sobol", "lhs", "saltelli", "list"};

#define STATUS_HEADER "member,status,seconds,message\n"

typedef struct {
  char          name[128]; /* option name without the dash, lower case: move_rules_camp_weight */
  MSSettingKind kind;      /* ranges are for numbers; the others only in list designs */
  double        lo, hi;    /* sobol, lhs, saltelli */
} Param;

struct _p_MSSweep {
  MPI_Comm    comm, gcomm;
  PetscMPIInt rank, size, grank, gsize, group, ngroups;
  /* options */
  char       design[PETSC_MAX_PATH_LEN], outdir[PETSC_MAX_PATH_LEN];
  PetscInt   rpm, kill_after;
  PetscReal  max_walltime; /* hours, for the whole sweep; 0: none */
  PetscBool  user_progress, flee_none, user_stop_file;
  char       stop_file[PETSC_MAX_PATH_LEN]; /* the members' stop file; "": none */
  PetscBool *selected; /* [nmembers] the members -sweep_members gives this job; NULL: all */
  /* the design */
  Sampler  sampler;
  PetscInt seed, npoints, nseeds, nbase; /* nbase: saltelli's base points */
  int      nparam;
  Param   *param;
  char   **value; /* [npoints * nparam]: each member's value of each parameter, as passed */
  int      nmembers;
  /* the members still to run (every rank), and the counter that hands them out */
  int      ntodo, nskipped, *todo;
  MPI_Win  win;
  int64_t *counter; /* on world rank 0: [0] next index into todo, [1] members finished, [2] stop */
  double   t0;
  /* results, on every rank after MSSweepRun */
  PetscInt  ndone, nfailed, nstopped;
  PetscBool stopped;
};

PetscErrorCode MSSweepRequested(PetscBool *flg)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-sweep", flg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepCreate(MPI_Comm comm, MSSweep *swp)
{
  MSSweep sw;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sw));
  sw->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &sw->rank));
  PetscCallMPI(MPI_Comm_size(comm, &sw->size));
  sw->gcomm      = MPI_COMM_NULL;
  sw->win        = MPI_WIN_NULL;
  sw->rpm        = 1;
  sw->kill_after = -1;
  sw->seed       = 1;
  sw->nseeds     = 1;
  sw->t0         = MPI_Wtime();
  /* the groups print at once: whole lines keep their output readable */
  setvbuf(stdout, NULL, _IOLBF, 0);
  *swp = sw;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- the design file */

/* strstr ignoring case (strcasestr is a GNU extension) */
static const char *FindNoCase(const char *h, const char *n)
{
  size_t k = strlen(n);
  for (; *h; h++)
    if (!strncasecmp(h, n, k)) return h;
  return NULL;
}

/* The first line of the design file that holds key followed by ':' (for error messages), 0 if none.
 */
static int LineOf(const char path[], const char key[])
{
  FILE  *f = fopen(path, "r");
  char   line[4096];
  int    n = 0, found = 0;
  size_t k = strlen(key);

  if (!f || !k) {
    if (f) fclose(f);
    return 0;
  }
  while (!found && fgets(line, sizeof(line), f)) {
    n++;
    for (const char *p = line; (p = FindNoCase(p, key)); p += k) {
      const char *q = p + k;
      while (*q == ' ' || *q == '\t') q++;
      if (*q == ':' && (p == line || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
        found = n;
        break;
      }
    }
  }
  fclose(f);
  return found;
}

/* Whether the setting with option name (no dash) exists, its canonical name and kind (as the
   settings' table gives it). */
static void FindSetting(const char name[], char canon[], size_t len, MSSettingKind *kind,
                        PetscBool *found)
{
  char opt[128];

  *found = PETSC_FALSE;
  for (int i = 0; i < MSSettingsCount(); i++) {
    const MSSettingInfo *info = MSSettingsGetInfo(i);
    if (strncmp(info->name, "move_rules.", 11) && strncmp(info->name, "spawn_rules.", 12) &&
        strncmp(info->name, "optimisations.", 14))
      continue;
    snprintf(opt, sizeof(opt), "%s", info->name);
    for (char *c = opt; *c; c++)
      if (*c == '.') *c = '_';
    if (strcasecmp(opt, name)) continue;
    *found = PETSC_TRUE;
    snprintf(canon, len, "%s", opt);
    *kind = info->kind;
    return;
  }
}

/* Split s at commas into trimmed items (in place); returns their number. */
static int SplitItems(char *s, char **items, int max)
{
  int n = 0;

  if (!s) return 0;
  while (*s == ' ' || *s == '\t') s++;
  if (!*s) return 0;
  for (;;) {
    char *c = strchr(s, ','), *e;
    if (c) *c = 0;
    while (*s == ' ' || *s == '\t') s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) *--e = 0;
    if (n < max) items[n] = s;
    n++;
    if (!c) break;
    s = c + 1;
  }
  return n;
}

static PetscBool ParseNumber(const char *s, double *v)
{
  char *end;

  if (!s || !*s) return PETSC_FALSE;
  errno = 0;
  *v    = strtod(s, &end);
  return (PetscBool)(!*end && errno == 0 && isfinite(*v));
}

static int CompareParams(const void *a, const void *b)
{
  return strcmp(((const Param *)a)->name, ((const Param *)b)->name);
}

/* An integer field of the design (absent: *v unchanged). */
static PetscErrorCode DesignInt(MSSweep sw, PetscOptions yo, const char field[], PetscInt *v,
                                PetscBool *set)
{
  char           opt[64];
  PetscErrorCode e;

  PetscFunctionBegin;
  snprintf(opt, sizeof(opt), "-%s", field);
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  e = PetscOptionsGetInt(yo, NULL, opt, v, set);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(!e, sw->comm, PETSC_ERR_USER_INPUT, "%s:%d: field '%s': not a whole number",
             sw->design, LineOf(sw->design, field), field);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The design's sampler, points (*npoints, -1 when not given), seeds and seed. */
static PetscErrorCode ParseHead(MSSweep sw, PetscOptions yo, PetscInt *npoints)
{
  const char *f = sw->design;
  char        buf[256];
  PetscBool   set, pset;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(yo, NULL, "-sampler", buf, sizeof(buf), &set));
  PetscCheck(set && buf[0], sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'sampler': missing (sobol, lhs, saltelli or list)", f,
             LineOf(f, "sampler"));
  for (set = PETSC_FALSE, sw->sampler = SAMPLER_SOBOL; sw->sampler <= SAMPLER_LIST; sw->sampler++)
    if (!strcasecmp(buf, samplers[sw->sampler])) {
      set = PETSC_TRUE;
      break;
    }
  PetscCheck(set, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'sampler': '%s' is not sobol, lhs, saltelli or list", f,
             LineOf(f, "sampler"), buf);
  *npoints = -1;
  PetscCall(DesignInt(sw, yo, "points", npoints, &pset));
  PetscCall(DesignInt(sw, yo, "seeds", &sw->nseeds, &set));
  PetscCall(DesignInt(sw, yo, "seed", &sw->seed, &set));
  PetscCheck(!pset || *npoints >= 1, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'points': must be 1 or more", f, LineOf(f, "points"));
  PetscCheck(sw->nseeds >= 1, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'seeds': must be 1 or more", f, LineOf(f, "seeds"));
  PetscCheck(sw->seed >= 0, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'seed': must be 0 or more", f, LineOf(f, "seed"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A key of the design that is neither of the head nor a parameter: the error names it as the
   file writes it (a nested key reads as outer_inner here). */
static PetscErrorCode UnknownKey(MSSweep sw, const char nm[])
{
  char key[256];
  int  line = 0;

  PetscFunctionBegin;
  snprintf(key, sizeof(key), "%s", nm);
  for (char *u = key + strlen(key); !(line = LineOf(sw->design, key)) && (u = strrchr(key, '_'));)
    *u = 0;
  if (!line) snprintf(key, sizeof(key), "%s", nm);
  SETERRQ(sw->comm, PETSC_ERR_USER_INPUT,
          "%s:%d: field '%s': unknown (a design has sampler, points, seeds, seed, parameters)",
          sw->design, line, key);
}

/* A range [lo, hi] (or one value) of the numeric parameter p, given as value. */
static PetscErrorCode ParseRange(MSSweep sw, const char nm[], const char value[], char *it[], int n,
                                 Param *p)
{
  const char *f  = sw->design;
  double      lo = 0, hi = 0;
  PetscBool   ok = (PetscBool)((n == 1 || n == 2) && ParseNumber(it[0], &lo) &&
                             ParseNumber(it[n - 1], &hi) && lo <= hi);

  PetscFunctionBegin;
  PetscCheck(p->kind == MS_SETTING_REAL || p->kind == MS_SETTING_INT, sw->comm,
             PETSC_ERR_USER_INPUT,
             "%s:%d: field 'parameters.%s': a %s setting takes no range; give its values with "
             "sampler: list",
             f, LineOf(f, nm), p->name,
             p->kind == MS_SETTING_BOOL     ? "true/false"
             : p->kind == MS_SETTING_CHOICE ? "choice"
                                            : "list-valued");
  if (ok && p->kind == MS_SETTING_INT) ok = (PetscBool)(lo == floor(lo) && hi == floor(hi));
  PetscCheck(ok, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'parameters.%s': a range is [lo, hi] with %snumbers lo <= hi (or "
             "one fixed value), not '%s'",
             f, LineOf(f, nm), p->name, p->kind == MS_SETTING_INT ? "whole " : "", value);
  p->lo = lo, p->hi = hi;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The list of n values (one per point) of parameter p, copied into *items. */
static PetscErrorCode ParseList(MSSweep sw, const char nm[], char *it[], int n, const Param *p,
                                int *nlist, char ***items)
{
  const char *f = sw->design;

  PetscFunctionBegin;
  PetscCheck(n >= 1 && n <= 1024, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'parameters.%s': give a list of 1 to 1024 values, one per point", f,
             LineOf(f, nm), p->name);
  PetscCheck(*nlist < 0 || n == *nlist, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'parameters.%s': %d values, but %s has %d (one per point)", f,
             LineOf(f, nm), p->name, n, sw->param[0].name, *nlist);
  for (int k = 0; k < n; k++)
    PetscCheck(it[k][0] && !strpbrk(it[k], "\"\n\r\t "), sw->comm, PETSC_ERR_USER_INPUT,
               "%s:%d: field 'parameters.%s': value %d is empty or holds quotes or spaces", f,
               LineOf(f, nm), p->name, k + 1);
  *nlist = n;
  PetscCall(PetscMalloc1(n, items));
  for (int k = 0; k < n; k++) PetscCall(PetscStrallocpy(it[k], &(*items)[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Parameter nm (the key without "parameters_") of value: a setting given once, with a range
   (sobol, lhs, saltelli) or a list of values (list: into *items, *nlist of them). */
static PetscErrorCode ParseParam(MSSweep sw, const char nm[], const char value[], Param *p,
                                 int *nlist, char ***items)
{
  const char *f = sw->design;
  PetscBool   found;
  char       *it[1024], *copy;
  int         n;

  PetscFunctionBegin;
  FindSetting(nm, p->name, sizeof(p->name), &p->kind, &found);
  if (!found) {
    /* the nearest setting that a design may vary, if it is another one */
    const char   *near     = MSSettingsNearest(nm);
    char          opt[128] = "", canon[128];
    MSSettingKind k;
    if (near) snprintf(opt, sizeof(opt), "%s", near);
    for (char *c = opt; *c; c++)
      if (*c == '.') *c = '_';
    FindSetting(opt, canon, sizeof(canon), &k, &found);
    if (!found || !strcasecmp(opt, nm)) near = NULL;
    SETERRQ(sw->comm, PETSC_ERR_USER_INPUT,
            "%s:%d: field 'parameters.%s': not a move_rules, spawn_rules or optimisations "
            "setting%s%s%s",
            f, LineOf(f, nm), nm, near ? "; did you mean " : " (MODEL.md section 7, as options: ",
            near ? opt : "move_rules_camp_weight", near ? "?" : ")");
  }
  for (int j = 0; j < sw->nparam; j++)
    PetscCheck(strcmp(sw->param[j].name, p->name), sw->comm, PETSC_ERR_USER_INPUT,
               "%s:%d: field 'parameters.%s': given twice", f, LineOf(f, nm), p->name);
  PetscCall(PetscStrallocpy(value, &copy));
  n = SplitItems(copy, it, 1024);
  if (sw->sampler != SAMPLER_LIST)
    PetscCall(ParseRange(sw, nm, value, it, n, p));
  else
    PetscCall(ParseList(sw, nm, it, n, p, nlist, items));
  PetscCall(PetscFree(copy));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The parameters: every key of yo left after the head. List designs: items[j][point]. */
static PetscErrorCode ParseParams(MSSweep sw, PetscOptions yo, char ****items, int *nlist)
{
  char   **names = NULL, **values = NULL;
  PetscInt nleft = 0;

  PetscFunctionBegin;
  *nlist = -1;
  PetscCall(PetscOptionsLeftGet(yo, &nleft, &names, &values));
  PetscCall(PetscCalloc1(nleft + 1, &sw->param));
  PetscCall(PetscCalloc1(nleft + 1, items));
  for (PetscInt i = 0; i < nleft; i++) {
    const char *value = values[i] ? values[i] : "";
    if (!strcasecmp(names[i], "parameters") && !value[0])
      continue; /* "parameters:" and nothing under it */
    if (strncasecmp(names[i], "parameters_", 11)) PetscCall(UnknownKey(sw, names[i]));
    PetscCall(
        ParseParam(sw, names[i] + 11, value, &sw->param[sw->nparam], nlist, &(*items)[sw->nparam]));
    sw->nparam++;
  }
  PetscCall(PetscOptionsLeftRestore(yo, &nleft, &names, &values));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The points (a list design: as many as its values) and the members they make. */
static PetscErrorCode CountPoints(MSSweep sw, PetscInt npoints, int nlist)
{
  const char *f = sw->design;

  PetscFunctionBegin;
  if (sw->sampler == SAMPLER_LIST && nlist > 0) {
    PetscCheck(npoints < 0 || npoints == nlist, sw->comm, PETSC_ERR_USER_INPUT,
               "%s:%d: field 'points': %" PetscInt_FMT ", but the lists of values have %d", f,
               LineOf(f, "points"), npoints, nlist);
    npoints = nlist;
  }
  PetscCheck(npoints >= 1, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'points': missing (how many points to sample)", f, LineOf(f, "points"));
  if (sw->sampler == SAMPLER_SALTELLI) {
    /* points is the number of base points, each giving nparam + 2 points */
    PetscCheck(sw->nparam >= 1 && 2 * sw->nparam <= (int)gsl_qrng_sobol->max_dimension, sw->comm,
               PETSC_ERR_USER_INPUT, "%s:%d: field 'sampler': saltelli takes 1 to %u parameters", f,
               LineOf(f, "sampler"), gsl_qrng_sobol->max_dimension / 2);
    sw->nbase = npoints;
    npoints *= sw->nparam + 2;
  }
  PetscCheck((double)npoints * (double)sw->nseeds <= MS_SWEEP_MAX_MEMBERS, sw->comm,
             PETSC_ERR_USER_INPUT,
             "%s:%d: field 'points': %" PetscInt_FMT " points times %" PetscInt_FMT
             " seeds is more than %d members",
             f, LineOf(f, "points"), npoints, sw->nseeds, MS_SWEEP_MAX_MEMBERS);
  PetscCheck(sw->sampler != SAMPLER_SOBOL || sw->nparam <= (int)gsl_qrng_sobol->max_dimension,
             sw->comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'sampler': sobol takes at most %u parameters; use lhs", f,
             LineOf(f, "sampler"), gsl_qrng_sobol->max_dimension);
  sw->npoints  = npoints;
  sw->nmembers = (int)(npoints * sw->nseeds);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Parameters in the order of their names, whatever the file's order: the columns of
   design.csv and the dimensions of the sampler. A list design's values move with them
   (stably: a sort of a few names). */
static void SortParams(MSSweep sw, char ***items)
{
  for (int a = 1; a < sw->nparam; a++)
    for (int b = a; b > 0 && CompareParams(&sw->param[b - 1], &sw->param[b]) > 0; b--) {
      Param  t     = sw->param[b];
      char **ti    = items[b];
      sw->param[b] = sw->param[b - 1], items[b] = items[b - 1];
      sw->param[b - 1] = t, items[b - 1] = ti;
    }
}

/* The points of a sobol, lhs or saltelli design in the unit cube, u[npoints * nparam]. */
static PetscErrorCode SampleUnitCube(MSSweep sw, double *u)
{
  PetscInt  np = sw->npoints;
  size_t   *perm;
  gsl_qrng *q;
  gsl_rng  *r;

  PetscFunctionBegin;
  if (sw->sampler == SAMPLER_SALTELLI) {
    PetscCall(MSSaltelliSample(sw->nparam, (int)sw->nbase, u));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (sw->sampler == SAMPLER_SOBOL) {
    q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)sw->nparam);
    PetscCheck(q, sw->comm, PETSC_ERR_MEM, "cannot allocate GSL's Sobol generator");
    for (PetscInt p = 0; p < np; p++) gsl_qrng_get(q, &u[p * sw->nparam]);
    gsl_qrng_free(q);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  /* Latin hypercube: in every dimension each of the npoints strata holds one point */
  r = gsl_rng_alloc(gsl_rng_mt19937);
  PetscCheck(r, sw->comm, PETSC_ERR_MEM, "cannot allocate a GSL generator");
  gsl_rng_set(r, (unsigned long)sw->seed);
  PetscCall(PetscMalloc1(np, &perm));
  for (int j = 0; j < sw->nparam; j++) {
    for (PetscInt p = 0; p < np; p++) perm[p] = (size_t)p;
    gsl_ran_shuffle(r, perm, (size_t)np, sizeof(size_t));
    for (PetscInt p = 0; p < np; p++)
      u[p * sw->nparam + j] = ((double)perm[p] + gsl_rng_uniform(r)) / (double)np;
  }
  gsl_rng_free(r);
  PetscCall(PetscFree(perm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The value of pr at x in the unit interval as design.csv holds it and members run with it,
   in its shortest form: a Sobol point (a dyadic fraction) as the decimal it stands for, 0.40625
   for [0.05, 1] at 3/8 (not the 0.40624999999999994 that doubles compute); a Latin hypercube's
   random place to a millionth of the range, inside its stratum. */
static void RealValue(MSSweep sw, const Param *pr, double x, char v[], size_t len)
{
  double w = pr->hi - pr->lo, y = PetscMin(pr->hi, pr->lo + x * w), tol, lo, hi;

  if (w == 0) {
    MSFormatReal(pr->lo, v, len);
    return;
  }
  if (sw->sampler == SAMPLER_LHS) {
    double k = floor(x * (double)sw->npoints);
    tol      = 1e-6 * w;
    lo       = PetscMax(y - tol, pr->lo + k / (double)sw->npoints * w);
    hi       = PetscMin(y + tol, pr->lo + (k + 1) / (double)sw->npoints * w);
  } else {
    /* the rounding of lo + x (hi - lo): a few units in the last place of the larger bound */
    tol = 4 * DBL_EPSILON * PetscMax(PetscAbsReal(pr->lo), PetscAbsReal(pr->hi));
    lo = y - tol, hi = y + tol;
  }
  MSFormatRealWithin(y, PetscMax(lo, pr->lo), PetscMin(hi, pr->hi), v, len);
}

/* Each point's values of a sobol, lhs or saltelli design, as passed to its members. */
static PetscErrorCode SampleValues(MSSweep sw)
{
  double *u;

  PetscFunctionBegin;
  if (sw->nparam == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1((size_t)sw->npoints * sw->nparam, &u));
  PetscCall(SampleUnitCube(sw, u));
  for (PetscInt p = 0; p < sw->npoints; p++)
    for (int j = 0; j < sw->nparam; j++) {
      const Param *pr = &sw->param[j];
      double       x  = u[p * sw->nparam + j];
      char         v[64];
      if (pr->kind == MS_SETTING_INT) {
        double k = pr->lo + floor(x * (pr->hi - pr->lo + 1.0));
        snprintf(v, sizeof(v), "%.0f", PetscMin(k, pr->hi));
      } else
        RealValue(sw, pr, x, v, sizeof(v));
      PetscCall(PetscStrallocpy(v, &sw->value[p * sw->nparam + j]));
    }
  PetscCall(PetscFree(u));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Read the design from the YAML layer yo (docs/sweeps.md) and sample its points. */
static PetscErrorCode ParseDesign(MSSweep sw, PetscOptions yo)
{
  PetscInt npoints;
  int      nlist;
  char  ***items; /* list designs: [nparam][npoints] */

  PetscFunctionBegin;
  PetscCall(ParseHead(sw, yo, &npoints));
  PetscCall(ParseParams(sw, yo, &items, &nlist));
  PetscCall(CountPoints(sw, npoints, nlist));
  SortParams(sw, items);
  PetscCall(PetscCalloc1((size_t)sw->npoints * sw->nparam + 1, &sw->value));
  if (sw->sampler == SAMPLER_LIST)
    for (int j = 0; j < sw->nparam; j++) {
      for (PetscInt p = 0; p < sw->npoints; p++) sw->value[p * sw->nparam + j] = items[j][p];
      PetscCall(PetscFree(items[j]));
    }
  else
    PetscCall(SampleValues(sw));
  PetscCall(PetscFree(items));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* -sweep_members LIST (PETSc's list syntax: 3; 0,5,9; 4-8 for 4 to 7): the members this job
   runs, the others being left to other jobs of the sweep (the tasks of a job array). */
static PetscErrorCode SelectMembers(MSSweep sw)
{
  PetscInt *list, n = sw->nmembers;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &list));
  PetscCall(PetscOptionsGetIntArray(NULL, NULL, "-sweep_members", list, &n, &set));
  if (set) {
    PetscCheck(n > 0, sw->comm, PETSC_ERR_USER_INPUT,
               "option -sweep_members: give the members to run (3; 0,5,9; 4-8 for 4 to 7)");
    PetscCall(PetscCalloc1(sw->nmembers, &sw->selected));
    for (PetscInt k = 0; k < n; k++) {
      PetscCheck(list[k] >= 0, sw->comm, PETSC_ERR_USER_INPUT,
                 "option -sweep_members: %" PetscInt_FMT " is not a member number", list[k]);
      /* a job array sized beyond the design: its last tasks find nothing to do */
      if (list[k] < sw->nmembers)
        sw->selected[list[k]] = PETSC_TRUE;
      else
        PetscCall(PetscPrintf(sw->comm,
                              "sweep: -sweep_members: member %" PetscInt_FMT
                              " is not in the design (0 to %d): nothing to run for it\n",
                              list[k], sw->nmembers - 1));
    }
  }
  PetscCall(PetscFree(list));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode LoadDesign(MSSweep sw);

PetscErrorCode MSSweepSetFromOptions(MSSweep sw)
{
  PetscBool set;
  char      buf[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscOptionsBegin(sw->comm, NULL, "migrasim sweep options (docs/sweeps.md)", NULL);
  PetscCall(PetscOptionsString("-sweep",
                               "design file (YAML): sampler, points, seeds, seed, parameters", NULL,
                               sw->design, sw->design, sizeof(sw->design), NULL));
  PetscCall(PetscOptionsInt("-ranks_per_member",
                            "MPI ranks of each member run (the world size must be a multiple)",
                            NULL, sw->rpm, &sw->rpm, NULL));
  PetscCall(PetscOptionsString("-sweep_output",
                               "directory of the members' files, design.csv and status.csv", NULL,
                               sw->outdir, sw->outdir, sizeof(sw->outdir), NULL));
  PetscCall(PetscOptionsInt("-sweep_test_kill_after",
                            "testing only: SIGKILL the job once this many members have finished",
                            NULL, sw->kill_after, &sw->kill_after, NULL));
  buf[0] = 0; /* listed here for -help; read as numbers by SelectMembers */
  PetscCall(PetscOptionsString("-sweep_members",
                               "the members this job runs: 3; 0,5,9; 4-8 for 4 to 7 (default: all)",
                               NULL, buf, buf, sizeof(buf), NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &set));
  if (set) PetscFunctionReturn(PETSC_SUCCESS); /* -help lists the options and checks nothing */
  PetscCheck(sw->design[0], sw->comm, PETSC_ERR_USER_INPUT,
             "option -sweep: give the design file (docs/sweeps.md)");
  PetscCheck(sw->rpm >= 1, sw->comm, PETSC_ERR_USER_INPUT,
             "option -ranks_per_member: must be 1 or more, not %" PetscInt_FMT, sw->rpm);
  PetscCheck(sw->outdir[0], sw->comm, PETSC_ERR_USER_INPUT,
             "option -sweep_output: give the directory of the sweep's files (members, design.csv, "
             "status.csv)");
  PetscCall(PetscOptionsHasName(NULL, NULL, "-output", &set));
  PetscCheck(!set, sw->comm, PETSC_ERR_USER_INPUT,
             "option -output: not with -sweep (members write SWEEPDIR/member_NNNNNN.h5; give "
             "-sweep_output)");
  PetscCall(PetscOptionsHasName(NULL, NULL, "-restart", &set));
  PetscCheck(
      !set, sw->comm, PETSC_ERR_USER_INPUT,
      "option -restart: not with -sweep (run the sweep again with the same options: it resumes)");
  /* the run options that the members' own values derive from */
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &sw->seed, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-max_walltime", &sw->max_walltime, NULL));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-progress_every", &sw->user_progress));
  buf[0] = 0;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-flee_csv", buf, sizeof(buf), NULL));
  sw->flee_none = (PetscBool)!strcmp(buf, "none");
  /* one stop file for every member: touched, it stops the whole sweep (every job of it) */
  PetscCall(PetscSNPrintf(sw->stop_file, sizeof(sw->stop_file), "%s/stop", sw->outdir));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-stop_file", sw->stop_file, sizeof(sw->stop_file),
                                  &sw->user_stop_file));
  if (!strcmp(sw->stop_file, "none")) sw->stop_file[0] = 0;
  PetscCall(LoadDesign(sw));
  PetscCall(SelectMembers(sw));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepDesignRanges(MPI_Comm comm, const char path[], int *n, char ***names,
                                   double **lo, double **hi)
{
  MSSweep sw;

  PetscFunctionBegin;
  PetscCall(MSSweepCreate(comm, &sw));
  PetscCall(PetscStrncpy(sw->design, path, sizeof(sw->design)));
  PetscCall(LoadDesign(sw));
  *n = sw->sampler == SAMPLER_LIST ? 0 : sw->nparam;
  PetscCall(PetscCalloc1(*n + 1, names));
  PetscCall(PetscMalloc2(*n + 1, lo, *n + 1, hi));
  for (int j = 0; j < *n; j++) {
    PetscCall(PetscStrallocpy(sw->param[j].name, &(*names)[j]));
    (*lo)[j] = sw->param[j].lo, (*hi)[j] = sw->param[j].hi;
  }
  PetscCall(MSSweepDestroy(&sw));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The design file sw->design read (YAML) and its points sampled. */
static PetscErrorCode LoadDesign(MSSweep sw)
{
  PetscOptions   yo = NULL;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  {
    FILE *f = fopen(sw->design, "r");
    PetscCheck(f, sw->comm, PETSC_ERR_USER_INPUT,
               "%s:0: field '-sweep': cannot open the design file", sw->design);
    fclose(f);
  }
  PetscCall(PetscOptionsCreate(&yo));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = PetscOptionsInsertFileYAML(sw->comm, yo, sw->design, PETSC_TRUE);
  PetscCall(PetscPopErrorHandler());
  if (ierr) PetscCall(PetscOptionsDestroy(&yo));
  PetscCheck(!ierr, sw->comm, PETSC_ERR_USER_INPUT,
             "%s:0: field '-sweep': not valid YAML, or a layout PETSc cannot read (docs/sweeps.md: "
             "sampler:, points:, seeds:, seed:, parameters:)",
             sw->design);
  ierr = ParseDesign(sw, yo);
  PetscCall(PetscOptionsDestroy(&yo));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- files of the sweep */

static void MemberPath(MSSweep sw, int m, const char suffix[], char path[], size_t len)
{
  MSSweepDirPath(sw->outdir, m, suffix, path, len);
}

/* design.csv as it must read: header, then one line per member. */
static PetscErrorCode DesignText(MSSweep sw, char **text)
{
  size_t cap = 256, len = 0;
  char  *t;

  PetscFunctionBegin;
  for (int j = 0; j < sw->nparam; j++) cap += strlen(sw->param[j].name) + 1;
  for (PetscInt k = 0; k < sw->npoints * sw->nparam; k++)
    cap += (size_t)sw->nseeds * (strlen(sw->value[k]) + 1);
  cap += (size_t)sw->nmembers * 64;
  PetscCall(PetscMalloc1(cap, &t));
  len += (size_t)snprintf(t + len, cap - len, "member,point,replicate,seed");
  for (int j = 0; j < sw->nparam; j++)
    len += (size_t)snprintf(t + len, cap - len, ",%s", sw->param[j].name);
  len += (size_t)snprintf(t + len, cap - len, "\n");
  for (int m = 0; m < sw->nmembers; m++) {
    int p = m / (int)sw->nseeds, r = m % (int)sw->nseeds;
    len += (size_t)snprintf(t + len, cap - len, "%d,%d,%d,%" PetscInt_FMT, m, p, r, sw->seed + r);
    for (int j = 0; j < sw->nparam; j++)
      len += (size_t)snprintf(t + len, cap - len, ",%s", sw->value[p * sw->nparam + j]);
    len += (size_t)snprintf(t + len, cap - len, "\n");
  }
  *text = t;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A whole file into memory, *text NULL when it cannot be read (free with PetscFree()). */
static PetscErrorCode ReadAll(const char path[], char **text, size_t *len)
{
  FILE *f = fopen(path, "rb");
  long  n;

  PetscFunctionBegin;
  *text = NULL, *len = 0;
  if (!f) PetscFunctionReturn(PETSC_SUCCESS);
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    PetscCall(PetscMalloc1((size_t)n + 1, text));
    *len          = fread(*text, 1, (size_t)n, f);
    (*text)[*len] = 0;
  }
  (void)fclose(f);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Create path holding text unless it exists: written to a file of this process, fsync'ed, then
   linked into place, so that no reader sees half of it and, of the jobs that create it at once
   (the tasks of a job array), one wins. 0: created; 1: it was there; -1: an error (errno). */
static int CreateOnce(const char path[], const char *text)
{
  char tmp[PETSC_MAX_PATH_LEN + 320], host[256] = "";
  int  fd, ok, r, err;

  (void)gethostname(host, sizeof(host) - 1);
  snprintf(tmp, sizeof(tmp), "%s.%s.%ld.tmp", path, host, (long)getpid());
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) return -1;
  ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text) && fsync(fd) == 0;
  ok = (close(fd) == 0) && ok;
  r  = ok ? link(tmp, path) : -1;
  /* a file system without hard links: replaced whole, as before there were job arrays */
  if (ok && r != 0 && errno != EEXIST) r = rename(tmp, path);
  err = errno;
  (void)unlink(tmp);
  errno = err;
  if (r == 0) return 0;
  return ok && err == EEXIST ? 1 : -1;
}

static void SyncDir(const char dir[])
{
  int fd = open(dir, O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

/* Append one line to path in a single write, under a lock, and fsync it. */
static int AppendLine(const char path[], const char *line)
{
  int          fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0666), ok;
  struct flock lk;

  if (fd < 0) return -1;
  memset(&lk, 0, sizeof(lk));
  lk.l_type   = F_WRLCK;
  lk.l_whence = SEEK_SET;
  fcntl(fd, F_SETLKW, &lk); /* where locks work; O_APPEND alone keeps lines whole on local disks */
  ok        = write(fd, line, strlen(line)) == (ssize_t)strlen(line) && fsync(fd) == 0;
  lk.l_type = F_UNLCK;
  fcntl(fd, F_SETLK, &lk);
  ok = (close(fd) == 0) && ok;
  return ok ? 0 : -1;
}

/* World rank 0: design.csv written, or checked against what the design gives now when it is
   there (*resume). A problem is returned as a message in msg. */
static PetscErrorCode PrepareDesign(MSSweep sw, char msg[], size_t mlen, PetscBool *resume)
{
  char   path[PETSC_MAX_PATH_LEN + 32], *text = NULL, *old = NULL;
  size_t olen;
  int    made = 1;

  PetscFunctionBegin;
  PetscCall(DesignText(sw, &text));
  snprintf(path, sizeof(path), "%s/" MS_SWEEP_DESIGN, sw->outdir);
  PetscCall(ReadAll(path, &old, &olen));
  if (!old && (made = CreateOnce(path, text)) < 0)
    snprintf(msg, mlen, "%s: cannot write (%s)", path, strerror(errno));
  if (!old && made == 0) {
    /* the design file beside design.csv: a calibration's priors are its ranges */
    char *yml = NULL;
    PetscCall(ReadAll(sw->design, &yml, &olen));
    snprintf(path, sizeof(path), "%s/" MS_SWEEP_DESIGN_FILE, sw->outdir);
    if (yml && CreateOnce(path, yml) < 0)
      snprintf(msg, mlen, "%s: cannot write (%s)", path, strerror(errno));
    PetscCall(PetscFree(yml));
    snprintf(path, sizeof(path), "%s/" MS_SWEEP_DESIGN, sw->outdir);
  }
  /* made by another job of the sweep meanwhile: read it as on a resume */
  if (!old && made == 1) PetscCall(ReadAll(path, &old, &olen));
  if (old) {
    *resume = PETSC_TRUE;
    if (strcmp(old, text)) {
      int line = 1;
      for (size_t k = 0; old[k] && old[k] == text[k]; k++)
        if (old[k] == '\n') line++;
      snprintf(msg, mlen,
               "%s:%d: field 'design': differs from the design that %s and the options (-seed) "
               "give now; resume with the same design and options, or give another -sweep_output",
               path, line, sw->design);
    }
    PetscCall(PetscFree(old));
  }
  PetscCall(PetscFree(text));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* World rank 0: status.csv read into done[nmembers] (created when it is not there). */
static PetscErrorCode PrepareStatus(MSSweep sw, char msg[], size_t mlen, PetscBool *resume,
                                    PetscBool *done)
{
  char   path[PETSC_MAX_PATH_LEN + 32], *status;
  size_t olen;

  PetscFunctionBegin;
  snprintf(path, sizeof(path), "%s/" MS_SWEEP_STATUS, sw->outdir);
  PetscCall(ReadAll(path, &status, &olen));
  if (!status || olen == 0) {
    PetscCall(PetscFree(status));
    if (CreateOnce(path, STATUS_HEADER) < 0)
      snprintf(msg, mlen, "%s: cannot write (%s)", path, strerror(errno));
    PetscCall(ReadAll(path, &status, &olen));
  } else
    *resume = PETSC_TRUE;
  if (status && olen > 0 && strncmp(status, STATUS_HEADER, strlen(STATUS_HEADER)))
    snprintf(msg, mlen, "%s:1: field 'member': not a sweep's status file (header %s)", path,
             "member,status,seconds,message");
  if (status && olen > 0 && !msg[0]) {
    /* the last line of a member says what became of it */
    for (char *line = status + strlen(STATUS_HEADER), *nl; *line; line = nl + 1) {
      char *end;
      long  m;
      nl = strchr(line, '\n');
      if (!nl) break; /* a line cut by a kill: as if absent */
      m = strtol(line, &end, 10);
      if (end == line || *end != ',' || m < 0 || m >= sw->nmembers) continue;
      done[m] = (PetscBool)!strncmp(end + 1, "done,", 5);
    }
    /* a cut last line must not glue onto the next one */
    if (status[olen - 1] != '\n' && AppendLine(path, "\n") != 0)
      snprintf(msg, mlen, "%s: cannot append (%s)", path, strerror(errno));
  }
  PetscCall(PetscFree(status));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* World rank 0: the directory, design.csv, status.csv, and the members still to run (of those
   -sweep_members selects): all but those done with a complete file. A problem is returned as a
   message in msg. */
static PetscErrorCode PrepareFiles(MSSweep sw, char msg[], size_t mlen, PetscBool *resume)
{
  char        path[PETSC_MAX_PATH_LEN + 32];
  struct stat st;
  PetscBool  *done;

  PetscFunctionBegin;
  msg[0]  = 0;
  *resume = PETSC_FALSE;
  if (mkdir(sw->outdir, 0777) != 0 && errno != EEXIST) {
    snprintf(msg, mlen, "option -sweep_output: cannot create the directory %s (%s)", sw->outdir,
             strerror(errno));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (stat(sw->outdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    snprintf(msg, mlen, "option -sweep_output: %s is not a directory", sw->outdir);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PrepareDesign(sw, msg, mlen, resume));
  if (msg[0]) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscCalloc1(sw->nmembers + 1, &done));
  PetscCall(PrepareStatus(sw, msg, mlen, resume, done));
  SyncDir(sw->outdir);
  sw->ntodo = sw->nskipped = 0;
  for (int m = 0; m < sw->nmembers && !msg[0]; m++) {
    PetscBool complete = PETSC_FALSE;
    if (sw->selected && !sw->selected[m]) continue;
    MemberPath(sw, m, ".h5", path, sizeof(path));
    if (done[m]) PetscCall(MSRunFileComplete(path, &complete));
    if (complete)
      sw->nskipped++;
    else
      sw->todo[sw->ntodo++] = m;
  }
  PetscCall(PetscFree(done));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepSetUp(MSSweep sw)
{
  char      msg[3 * PETSC_MAX_PATH_LEN];
  int       counts[2];
  PetscBool resume = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCheck(sw->size % sw->rpm == 0, sw->comm, PETSC_ERR_USER_INPUT,
             "option -ranks_per_member: %d ranks do not split into groups of %" PetscInt_FMT
             "; run on a multiple of %" PetscInt_FMT " ranks",
             sw->size, sw->rpm, sw->rpm);
  sw->ngroups = sw->size / (PetscMPIInt)sw->rpm;
  sw->group   = sw->rank / (PetscMPIInt)sw->rpm;
  PetscCallMPI(MPI_Comm_split(sw->comm, sw->group, sw->rank, &sw->gcomm));
  PetscCallMPI(MPI_Comm_rank(sw->gcomm, &sw->grank));
  PetscCallMPI(MPI_Comm_size(sw->gcomm, &sw->gsize));

  PetscCall(PetscMalloc1(sw->nmembers + 1, &sw->todo));
  msg[0] = 0;
  if (sw->rank == 0) PetscCall(PrepareFiles(sw, msg, sizeof(msg), &resume));
  PetscCallMPI(MPI_Bcast(msg, (int)sizeof(msg), MPI_CHAR, 0, sw->comm));
  PetscCheck(!msg[0], sw->comm, PETSC_ERR_USER_INPUT, "%s", msg);
  counts[0] = sw->ntodo, counts[1] = sw->nskipped;
  PetscCallMPI(MPI_Bcast(counts, 2, MPI_INT, 0, sw->comm));
  sw->ntodo = counts[0], sw->nskipped = counts[1];
  PetscCallMPI(MPI_Bcast(sw->todo, sw->ntodo, MPI_INT, 0, sw->comm));

  /* the counter: on world rank 0, read and advanced atomically by the groups' first ranks */
  PetscCallMPI(MPI_Win_allocate(sw->rank == 0 ? (MPI_Aint)(3 * sizeof(int64_t)) : 0,
                                (int)sizeof(int64_t), MPI_INFO_NULL, sw->comm, &sw->counter,
                                &sw->win));
  if (sw->rank == 0) {
    PetscCallMPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, sw->win));
    sw->counter[0] = sw->counter[1] = sw->counter[2] = 0;
    PetscCallMPI(MPI_Win_unlock(0, sw->win));
  }
  PetscCallMPI(MPI_Barrier(sw->comm));

  PetscCall(PetscPrintf(sw->comm,
                        "sweep: %s, %s sampler, %" PetscInt_FMT " points x %" PetscInt_FMT
                        " seeds = %d members, %d groups of %d ranks; %s%d to run, %d done before\n",
                        sw->design, samplers[sw->sampler], sw->npoints, sw->nseeds, sw->nmembers,
                        sw->ngroups, sw->gsize, resume ? "resuming: " : "", sw->ntodo,
                        sw->nskipped));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- running members */

static PetscErrorCode WriteMemberFile(MSH5 *h, MSSweep sw, int m)
{
  int         v[3]     = {m, m / (int)sw->nseeds, m % (int)sw->nseeds};
  const char *names[3] = {"member", "point", "replicate"};

  PetscFunctionBegin;
  PetscCall(MSH5FileOpen(h, MSH5_RDWR, NULL));
  for (int k = 0; k < 3; k++)
    PetscCall(MSH5AttributeWrite(h, h->file, names[k], H5T_NATIVE_INT, 1, &v[k]));
  PetscCall(MSH5AttributeWriteString(h, h->file, "sweep_design", sw->design));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Root attributes member, point, replicate and sweep_design of a finished member's file
   (serial HDF5, on the group's first rank); *ok is false when they cannot be written. */
static PetscErrorCode WriteMemberAttributes(MSSweep sw, int m, const char path[], PetscBool *ok)
{
  MSH5           h;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(MSH5Begin(PETSC_COMM_SELF, path, NULL, &h));
  /* the member's failure, told in status.csv, not an error of the sweep */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MSH5End(&h, WriteMemberFile(&h, sw, m));
  PetscCall(PetscPopErrorHandler());
  *ok = (PetscBool)!ierr;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The message as one CSV field: quoted where needed, on one line. */
static void CSVField(const char *s, char out[], size_t len)
{
  size_t o     = 0;
  int    quote = strpbrk(s, ",\"\n\r") != NULL;

  if (quote && o + 1 < len) out[o++] = '"';
  for (; *s && o + 3 < len; s++) {
    if (*s == '"') out[o++] = '"';
    out[o++] = (*s == '\n' || *s == '\r') ? ' ' : *s;
  }
  if (quote && o + 1 < len) out[o++] = '"';
  out[o] = 0;
}

typedef enum { MEMBER_DONE, MEMBER_FAILED, MEMBER_STOPPED } MemberResult;

/* The files a member's checkpoint may leave: the one -restart names, the one before it, and one
   being written (-restart of the first finds the newest whole one, docs/checkpoint.md). */
static const char *const checkpoint_suffix[] = {".checkpoint.h5", ".checkpoint.h5.prev",
                                                ".checkpoint.h5.tmp"};

/* Whether member m left a checkpoint to continue from (the group's first rank looks). */
static PetscErrorCode HasCheckpoint(MSSweep sw, int m, PetscBool *has)
{
  char path[PETSC_MAX_PATH_LEN + 48];
  int  found = 0;

  PetscFunctionBegin;
  for (int k = 0; k < 3 && sw->grank == 0 && !found; k++) {
    MemberPath(sw, m, checkpoint_suffix[k], path, sizeof(path));
    found = access(path, F_OK) == 0;
  }
  PetscCallMPI(MPI_Bcast(&found, 1, MPI_INT, 0, sw->gcomm));
  *has = (PetscBool)found;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void RemoveCheckpoints(MSSweep sw, int m)
{
  char path[PETSC_MAX_PATH_LEN + 48];

  for (int k = 0; k < 3; k++) {
    MemberPath(sw, m, checkpoint_suffix[k], path, sizeof(path));
    (void)unlink(path);
  }
}

/* The options of member m's run: its parameters' values and seed, its files (its checkpoint to
   continue from, when it left one: *restart), the stop file, and what is left of the sweep's
   wall time; each option's value before is kept in saved. */
static PetscErrorCode MemberOptions(MSSweep sw, int m, double walltime_hours,
                                    MSOptionsOverride *saved, PetscBool *restart)
{
  int  p = m / (int)sw->nseeds, r = m % (int)sw->nseeds;
  char path[PETSC_MAX_PATH_LEN + 32], v[64], opt[140];

  PetscFunctionBegin;
  for (int j = 0; j < sw->nparam; j++) {
    char *val;
    snprintf(opt, sizeof(opt), "-%s", sw->param[j].name);
    PetscCall(PetscStrallocpy(sw->value[p * sw->nparam + j], &val));
    for (char *c = val; *c; c++)
      if (*c == ';') *c = ','; /* list-valued settings in list designs */
    PetscCall(MSOptionsOverrideSet(saved, opt, val));
    PetscCall(PetscFree(val));
  }
  snprintf(v, sizeof(v), "%" PetscInt_FMT, sw->seed + r);
  PetscCall(MSOptionsOverrideSet(saved, "-seed", v));
  MemberPath(sw, m, ".h5", path, sizeof(path));
  PetscCall(MSOptionsOverrideSet(saved, "-output", path));
  MemberPath(sw, m, ".out.csv", path, sizeof(path));
  if (!sw->flee_none) PetscCall(MSOptionsOverrideSet(saved, "-flee_csv", path));
  MemberPath(sw, m, ".checkpoint", path, sizeof(path));
  PetscCall(MSOptionsOverrideSet(saved, "-checkpoint_prefix", path));
  PetscCall(HasCheckpoint(sw, m, restart));
  MemberPath(sw, m, ".checkpoint.h5", path, sizeof(path));
  if (*restart) PetscCall(MSOptionsOverrideSet(saved, "-restart", path));
  if (!sw->user_stop_file)
    PetscCall(MSOptionsOverrideSet(saved, "-stop_file", sw->stop_file[0] ? sw->stop_file : "none"));
  if (!sw->user_progress) PetscCall(MSOptionsOverrideSet(saved, "-progress_every", "1000000"));
  if (walltime_hours > 0) {
    snprintf(v, sizeof(v), "%.17g", walltime_hours);
    PetscCall(MSOptionsOverrideSet(saved, "-max_walltime", v));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Member m's run on the group, exactly as main() runs one: an error is the member's (*failed),
   not the sweep's. *ard is the run's ARD, NaN when it has none. */
static PetscErrorCode RunSim(MSSweep sw, int m, PetscBool *failed, PetscBool *stopped, double *ard)
{
  MSSim          sim = NULL;
  PetscErrorCode ierr;
  char           label[32];

  PetscFunctionBegin;
  *stopped = PETSC_FALSE, *ard = NAN;
  snprintf(label, sizeof(label), "member %d", m);
  MSErrorSetRunComm(sw->gcomm, label);
  MSErrorClearMessage();
  ierr = MSSimCreate(sw->gcomm, &sim);
  if (!ierr) {
    MSErrorCollectivePhase(PETSC_TRUE);
    ierr = MSSimSetFromOptions(sim);
    MSErrorCollectivePhase(PETSC_FALSE);
  }
  if (!ierr) ierr = MSSimSetUp(sim);
  if (!ierr) ierr = MSSimRun(sim);
  if (!ierr) ierr = MSSimStopped(sim, stopped);
  if (!ierr && !*stopped) {
    const MSMetricsTable *mt;
    double                ardu;
    ierr = MSSimGetMetrics(sim, &mt);
    if (!ierr && mt->ncamps > 0 && mt->ndays > 0) MSMetricsARD(mt, ard, &ardu);
  }
  *failed = (PetscBool)(MSSimDestroy(&sim) || ierr);
  MSErrorSetRunComm(MPI_COMM_NULL, NULL);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Append member m's line to status.csv (a stopped member has none: it continues). Without it
   a resume would run the member again, and the sweep's record would lie: abort. */
static PetscErrorCode AppendStatus(MSSweep sw, int m, MemberResult result, double secs,
                                   const char message[])
{
  char line[2048], field[1200], path[PETSC_MAX_PATH_LEN + 48];

  PetscFunctionBegin;
  if (result == MEMBER_STOPPED) PetscFunctionReturn(PETSC_SUCCESS);
  CSVField(result == MEMBER_DONE ? "" : message, field, sizeof(field));
  snprintf(line, sizeof(line), "%d,%s,%.3f,%s\n", m, result == MEMBER_DONE ? "done" : "failed",
           secs, field);
  snprintf(path, sizeof(path), "%s/" MS_SWEEP_STATUS, sw->outdir);
  if (AppendLine(path, line) != 0) {
    fprintf(stderr, "migrasim: error: %s: cannot append member %d (%s)\n", path, m,
            strerror(errno));
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, MS_EXIT_ERROR);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* On the group's first rank: the member's file completed with its attributes, its line in
   status.csv, its checkpoints removed once done, and one line on stdout. */
static PetscErrorCode Record(MSSweep sw, int m, double secs, double ard, PetscBool restarted,
                             MemberResult *result)
{
  int         p = m / (int)sw->nseeds, r = m % (int)sw->nseeds;
  char        params[1024], path[PETSC_MAX_PATH_LEN + 48], note[64] = "";
  const char *message = MSErrorGetMessage();
  size_t      o       = 0;
  PetscBool   written = PETSC_TRUE;

  PetscFunctionBegin;
  if (*result == MEMBER_FAILED && !message[0]) message = "failed on another rank of the member";
  MemberPath(sw, m, ".h5", path, sizeof(path));
  if (*result == MEMBER_DONE) PetscCall(WriteMemberAttributes(sw, m, path, &written));
  if (!written) {
    *result = MEMBER_FAILED;
    message = "cannot write the attributes member, point, replicate to the member's file";
  }
  params[0] = 0;
  for (int j = 0; j < sw->nparam && o + 1 < sizeof(params); j++)
    o += (size_t)snprintf(params + o, sizeof(params) - o, " %s=%s", sw->param[j].name,
                          sw->value[p * sw->nparam + j]);
  PetscCall(AppendStatus(sw, m, *result, secs, message));
  /* a member that fails from its checkpoint (refused, or of other -days) runs from its first
     day on the next resume, instead of failing again on every one */
  if (*result == MEMBER_DONE || (*result == MEMBER_FAILED && restarted)) RemoveCheckpoints(sw, m);
  if (*result == MEMBER_DONE) {
    if (isfinite(ard)) snprintf(note, sizeof(note), ", ARD %.4f", ard);
    printf("sweep: member %d (point %d, seed %" PetscInt_FMT "):%s: done, %.2f s%s\n", m, p,
           sw->seed + r, params, secs, note);
  } else if (*result == MEMBER_FAILED)
    printf("sweep: member %d (point %d, seed %" PetscInt_FMT "):%s: failed, %.2f s: %s%s\n", m, p,
           sw->seed + r, params, secs, message,
           restarted ? " (continuing from its checkpoint, now removed: a resume runs it anew)"
                     : "");
  else
    printf("sweep: member %d (point %d, seed %" PetscInt_FMT
           "):%s: stopped (signal, -max_walltime or stop file); it continues from its checkpoint "
           "on resume\n",
           m, p, sw->seed + r, params);
  fflush(stdout);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Run member m on the group; on its first rank, record and print what became of it. */
static PetscErrorCode RunMember(MSSweep sw, int m, double walltime_hours, MemberResult *result)
{
  MSOptionsOverride saved = {0};
  PetscBool         failed, stopped, restarted = PETSC_FALSE;
  double            t = MPI_Wtime(), ard;
  int               nstages, flags[2], lflags[2];

  PetscFunctionBegin;
  PetscCall(MSSimLogMark(&nstages));
  PetscCall(MemberOptions(sw, m, walltime_hours, &saved, &restarted));
  PetscCall(RunSim(sw, m, &failed, &stopped, &ard));
  PetscCall(MSSimLogRestore(nstages));
  PetscCall(MSOptionsOverrideRestore(&saved));
  /* the group agrees on the outcome */
  lflags[0] = failed, lflags[1] = stopped;
  PetscCallMPI(MPI_Allreduce(lflags, flags, 2, MPI_INT, MPI_MAX, sw->gcomm));
  *result = flags[0] ? MEMBER_FAILED : flags[1] ? MEMBER_STOPPED : MEMBER_DONE;
  if (sw->grank == 0) PetscCall(Record(sw, m, MPI_Wtime() - t, ard, restarted, result));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepRun(MSSweep sw)
{
  PetscInt counts[3] = {0, 0, 0},
           sums[3]; /* done, failed, stopped: counted on the groups' first ranks */
  double t0 = MPI_Wtime();
  char   why[PETSC_MAX_PATH_LEN + 80];

  PetscFunctionBegin;
  for (;;) {
    double next[3]   = {0, 0, 0}; /* index into todo, stop, wall-time hours left for the member */
    MemberResult res = MEMBER_FAILED;

    if (sw->grank == 0) {
      int64_t one = 1, idx = 0, stop = 0;
      PetscCallMPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, sw->win));
      PetscCallMPI(MPI_Fetch_and_op(NULL, &stop, MPI_INT64_T, 0, 2, MPI_NO_OP, sw->win));
      PetscCallMPI(MPI_Win_flush(0, sw->win));
      if (!stop) PetscCallMPI(MPI_Fetch_and_op(&one, &idx, MPI_INT64_T, 0, 0, MPI_SUM, sw->win));
      PetscCallMPI(MPI_Win_unlock(0, sw->win));
      next[0] = (double)idx, next[1] = (double)stop;
      /* the stop file: no member starts (those running stop after their day) */
      if (sw->stop_file[0] && access(sw->stop_file, F_OK) == 0) next[1] = 1;
      if (sw->max_walltime > 0) {
        /* the member gets what is left of the sweep's wall time; none is started with less than a
         * minute */
        double left = sw->max_walltime * 3600.0 - (MPI_Wtime() - sw->t0);
        if (left < 60.0) next[1] = 1;
        next[2] = left / 3600.0;
      }
    }
    PetscCallMPI(MPI_Bcast(next, 3, MPI_DOUBLE, 0, sw->gcomm));
    if (next[1] > 0 || next[0] >= sw->ntodo) break;
    PetscCall(RunMember(sw, sw->todo[(int)next[0]], next[2], &res));
    if (sw->grank == 0) counts[res]++;
    if (res == MEMBER_STOPPED) {
      /* the queue is ending the job: no group starts another member */
      if (sw->grank == 0) {
        int64_t one = 1, old;
        PetscCallMPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, sw->win));
        PetscCallMPI(MPI_Fetch_and_op(&one, &old, MPI_INT64_T, 0, 2, MPI_REPLACE, sw->win));
        PetscCallMPI(MPI_Win_unlock(0, sw->win));
      }
      break;
    }
    if (sw->grank == 0 && sw->kill_after > 0) {
      int64_t one = 1, finished = 0;
      PetscCallMPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, sw->win));
      PetscCallMPI(MPI_Fetch_and_op(&one, &finished, MPI_INT64_T, 0, 1, MPI_SUM, sw->win));
      PetscCallMPI(MPI_Win_unlock(0, sw->win));
      if (finished + 1 >= sw->kill_after) {
        fprintf(stderr, "sweep: -sweep_test_kill_after %" PetscInt_FMT ": killing the job\n",
                sw->kill_after);
        fflush(stderr);
        kill(getpid(), SIGKILL);
      }
    }
  }
  PetscCallMPI(MPI_Allreduce(counts, sums, 3, MPIU_INT, MPI_SUM, sw->comm));
  sw->ndone = sums[0], sw->nfailed = sums[1], sw->nstopped = sums[2];
  sw->stopped = (PetscBool)(sw->ndone + sw->nfailed < sw->ntodo);
  if (sw->stopped && sw->stop_file[0] && access(sw->stop_file, F_OK) == 0)
    PetscCall(PetscSNPrintf(why, sizeof(why),
                            "stopped by the stop file: remove %s, then run the same command "
                            "again to resume",
                            sw->stop_file));
  else
    PetscCall(PetscStrncpy(
        why, sw->stopped ? "stopped: run the same command again to resume" : "none", sizeof(why)));
  PetscCall(PetscPrintf(sw->comm,
                        "sweep: %d members: %" PetscInt_FMT " done, %" PetscInt_FMT
                        " failed, %d done before, %" PetscInt_FMT
                        " left (%s); %.2f s; %s/status.csv\n",
                        sw->nmembers, sw->ndone, sw->nfailed, sw->nskipped,
                        sw->ntodo - sw->ndone - sw->nfailed, why, MPI_Wtime() - t0, sw->outdir));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepGetResult(MSSweep sw, PetscInt *done, PetscInt *failed, PetscBool *stopped)
{
  PetscFunctionBegin;
  if (done) *done = sw->ndone;
  if (failed) *failed = sw->nfailed;
  if (stopped) *stopped = sw->stopped;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepDestroy(MSSweep *swp)
{
  MSSweep sw = *swp;

  PetscFunctionBegin;
  if (!sw) PetscFunctionReturn(PETSC_SUCCESS);
  if (sw->win != MPI_WIN_NULL) PetscCallMPI(MPI_Win_free(&sw->win));
  if (sw->gcomm != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&sw->gcomm));
  if (sw->value)
    for (PetscInt k = 0; k < sw->npoints * sw->nparam; k++) PetscCall(PetscFree(sw->value[k]));
  PetscCall(PetscFree(sw->value));
  PetscCall(PetscFree(sw->param));
  PetscCall(PetscFree(sw->todo));
  PetscCall(PetscFree(sw->selected));
  PetscCall(PetscFree(*swp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
