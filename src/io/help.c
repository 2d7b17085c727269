/* -help as a tool's own options (ms_help.h): PETSc's help text of the option blocks is
   collected through PetscHelpPrintf, then parsed and printed grouped. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ms_help.h"

typedef struct {
  char name[128], def[256], meaning[1024];
} Option;

static char  *text; /* what the option blocks printed */
static size_t ntext, captext;
static PetscErrorCode (*saved)(MPI_Comm, const char[], ...);
static PetscOptions db; /* holds -help alone while the blocks list their options */

static PetscErrorCode Collect(MPI_Comm comm, const char fmt[], ...)
{
  va_list ap;
  char    buf[4096];
  size_t  n;

  PetscFunctionBegin;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  n = strlen(buf);
  if (ntext + n + 1 > captext) {
    captext = 2 * (ntext + n + 1024);
    PetscCall(PetscRealloc(captext, &text));
  }
  memcpy(text + ntext, buf, n + 1);
  ntext += n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool MSHelpArgs(int *argc, char **argv)
{
  PetscBool asked = PETSC_FALSE;
  int       k     = 1;

  for (int i = 1; i < *argc; i++) {
    if (!strcmp(argv[i], "-help") || !strcmp(argv[i], "-h")) {
      asked = PETSC_TRUE;
      continue;
    }
    if (!strcmp(argv[i], "-help_petsc")) argv[i] = (char *)"-help";
    argv[k++] = argv[i];
  }
  for (int i = k; i < *argc; i++) argv[i] = NULL;
  *argc = k;
  return asked;
}

PetscErrorCode MSHelpBegin(void)
{
  PetscFunctionBegin;
  /* an empty database: the defaults shown are the code's, whatever the command line says, and
     no option given (-sweep, -restart, ...) reaches an object */
  PetscCall(PetscOptionsCreate(&db));
  PetscCall(PetscOptionsSetValue(db, "-help", NULL));
  PetscCall(PetscOptionsPush(db));
  saved           = PetscHelpPrintf;
  PetscHelpPrintf = Collect;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The default: PETSc's "now X : formerly Y" is the value after the command line and the
   code's own; booleans in lower case. */
static void ParseDefault(const char *in, size_t n, char def[], size_t len)
{
  char        v[256];
  const char *s;

  snprintf(v, sizeof(v), "%.*s", (int)PetscMin(n, sizeof(v) - 1), in);
  if (!strncmp(v, "now ", 4) && (s = strstr(v, " : formerly ")))
    s += 12;
  else if ((s = strstr(v, " : ")))
    s += 3;
  else
    s = v;
  snprintf(def, len, "%s", s);
  if (!strcmp(def, "TRUE") || !strcmp(def, "FALSE"))
    for (char *c = def; *c; c++) *c = (char)tolower((unsigned char)*c);
}

/* The meaning without PETSc's manual page "(None)", a choice's values as "(one of: a, b)". */
static void ParseMeaning(const char *in, char out[], size_t len)
{
  char *c, *e;

  snprintf(out, len, "%s", in);
  e = out + strlen(out);
  while (e > out && isspace((unsigned char)e[-1])) *--e = 0;
  if (e > out && e[-1] == ')' && (c = strrchr(out, '(')) && !strchr(c, ' '))
    for (*c = 0; c > out && c[-1] == ' ';) *--c = 0;
  if ((c = strstr(out, " (choose one of) "))) {
    char vals[512], *o = vals, *tok, *save = NULL;
    int  k = 0;
    for (tok = strtok_r(c + 17, " ", &save); tok && o < vals + sizeof(vals) - 64;
         tok = strtok_r(NULL, " ", &save))
      o += snprintf(o, (size_t)(vals + sizeof(vals) - o), "%s%s", k++ ? ", " : "", tok);
    snprintf(c, len - (size_t)(c - out), " (one of: %s)", vals);
  }
}

/* The default the meaning gives, "default: X" (up to ')' or ';'), is the real one; so is
   "default X" where the value is a placeholder (-1, empty, PETSc's "string1,string2,..."). */
static void RealDefault(Option *o)
{
  const char *s = strstr(o->meaning, "default");
  size_t      n = 0;

  if (s) {
    PetscBool placeholder =
        (PetscBool)(!o->def[0] || !strcmp(o->def, "-1") || strstr(o->def, "string1,"));
    s += 7;
    if (*s == ':' || placeholder) {
      if (*s == ':') s++;
      while (*s == ' ') s++;
      n = strcspn(s, ");");
    }
  }
  if (n > 0)
    snprintf(o->def, sizeof(o->def), "%.*s", (int)n, s);
  else if (!o->def[0])
    snprintf(o->def, sizeof(o->def), "none");
}

/* One line "  -name <...>: meaning (manpage)" of PETSc's help; PETSC_FALSE for other lines. */
static PetscBool ParseLine(const char *line, Option *o)
{
  const char *p = line + 3, *lt, *gt;
  size_t      n;

  if (strncmp(line, "  -", 3)) return PETSC_FALSE;
  n = strcspn(p, " :<");
  snprintf(o->name, sizeof(o->name), "-%.*s", (int)n, p);
  p += n;
  lt = strchr(p, '<');
  gt = lt ? strchr(lt, '>') : NULL;
  if (!gt) return PETSC_FALSE;
  ParseDefault(lt + 1, (size_t)(gt - lt - 1), o->def, sizeof(o->def));
  for (p = gt + 1; *p == ':' || *p == ' ';) p++;
  ParseMeaning(p, o->meaning, sizeof(o->meaning));
  RealDefault(o);
  return PETSC_TRUE;
}

/* The group of option name: that of its longest prefix, else the first. */
static int GroupOf(const char name[], const MSHelpGroup groups[], int ngroups)
{
  int    g    = 0;
  size_t best = 0;

  for (int k = 0; k < ngroups; k++)
    for (const char *const *p = groups[k].prefix; p && *p; p++) {
      size_t n = strlen(*p);
      if (n > best && !strncmp(name, *p, n)) best = n, g = k;
    }
  return g;
}

/* The options collected, each once, in the order first printed. */
static PetscErrorCode ParseText(Option **opts, int *nopt)
{
  char *save = NULL;
  int   cap  = 64;

  PetscFunctionBegin;
  *nopt = 0;
  PetscCall(PetscMalloc1(cap, opts));
  for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
       line       = strtok_r(NULL, "\n", &save)) {
    Option    o;
    PetscBool dup = PETSC_FALSE;
    if (!ParseLine(line, &o)) continue;
    for (int i = 0; i < *nopt; i++) dup = (PetscBool)(dup || !strcmp((*opts)[i].name, o.name));
    if (dup) continue;
    if (*nopt == cap) {
      cap *= 2;
      PetscCall(PetscRealloc(sizeof(Option) * cap, opts));
    }
    (*opts)[(*nopt)++] = o;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSHelpEnd(MPI_Comm comm, const char usage[], const MSHelpGroup groups[], int ngroups)
{
  static const MSHelpGroup all = {"options", NULL};
  Option                  *opts;
  int                      nopt;

  PetscFunctionBegin;
  PetscHelpPrintf = saved;
  PetscCall(PetscOptionsPop());
  PetscCall(PetscOptionsDestroy(&db));
  PetscCall(ParseText(&opts, &nopt));
  if (ngroups == 0) groups = &all, ngroups = 1;
  PetscCall(PetscPrintf(comm, "%s", usage));
  for (int g = 0, shown = 0; g < ngroups; g++) {
    PetscBool any = PETSC_FALSE;
    for (int i = 0; i < nopt; i++) {
      if (GroupOf(opts[i].name, groups, ngroups) != g) continue;
      if (!any) PetscCall(PetscPrintf(comm, "%s%s:\n", shown++ ? "\n" : "", groups[g].title));
      any = PETSC_TRUE;
      PetscCall(
          PetscPrintf(comm, "  %-42s %-18s  %s\n", opts[i].name, opts[i].def, opts[i].meaning));
    }
  }
  PetscCall(PetscPrintf(comm, "\n(option, default, meaning; PETSc's own options: -help_petsc)\n"));
  PetscCall(PetscFree(opts));
  PetscCall(PetscFree(text));
  ntext = captext = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}
