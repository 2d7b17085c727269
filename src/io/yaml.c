/* A YAML file as a flat list of dotted keys with lines, through libyaml's event parser. */
#include <stdio.h>
#include <string.h>
#include <yaml.h>
#include "ms_scenario.h"
#include "ms_yaml.h"

/* An open mapping or sequence: its entry (-1 for the document's top mapping) and, in a
   mapping, the key read last whose value is still to come. */
typedef struct {
  MSYamlKind kind;
  int        entry;
  char      *key; /* full dotted key awaiting its value, or NULL */
  int        line;
} Frame;

#define MS_YAML_MAX_DEPTH 16

typedef struct {
  MPI_Comm comm;
  MSYaml  *y;
  int      cap;
  Frame    stack[MS_YAML_MAX_DEPTH];
  int      depth;
} Reader;

static PetscErrorCode AddEntry(Reader *r, const char key[], int line, MSYamlKind kind,
                               MSYamlEntry **e)
{
  MSYaml *y = r->y;

  PetscFunctionBegin;
  for (int i = 0; i < y->n; i++)
    PetscCheck(strcmp(y->entry[i].key, key), r->comm, MS_ERR_INPUT,
               "%s:%d: setting '%s': given twice (first on line %d)", y->path, line, key,
               y->entry[i].line);
  if (y->n == r->cap) {
    MSYamlEntry *bigger;
    r->cap = r->cap ? 2 * r->cap : 32;
    PetscCall(PetscCalloc1(r->cap, &bigger));
    if (y->n) PetscCall(PetscArraycpy(bigger, y->entry, y->n));
    PetscCall(PetscFree(y->entry));
    y->entry = bigger;
  }
  *e = &y->entry[y->n++];
  PetscCall(PetscStrallocpy(key, &(*e)->key));
  (*e)->line = line, (*e)->kind = kind;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscBool IsNull(const yaml_event_t *ev)
{
  const char *v = (const char *)ev->data.scalar.value;

  if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return PETSC_FALSE;
  return (PetscBool)(!v[0] || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
                     !strcmp(v, "NULL"));
}

/* A mapping or sequence starts: the value of the key pending in the mapping around it. */
static PetscErrorCode Open(Reader *r, MSYamlKind kind, int line)
{
  Frame       *top = r->depth ? &r->stack[r->depth - 1] : NULL;
  MSYamlEntry *e   = NULL;

  PetscFunctionBegin;
  PetscCheck(r->depth < MS_YAML_MAX_DEPTH, r->comm, MS_ERR_INPUT,
             "%s:%d: nested more than %d levels deep", r->y->path, line, MS_YAML_MAX_DEPTH);
  if (!top) {
    PetscCheck(kind == MS_YAML_MAPPING, r->comm, MS_ERR_INPUT,
               "%s:%d: the settings file must be a mapping of groups (move_rules:, "
               "spawn_rules:, ...), not a list",
               r->y->path, line);
  } else {
    PetscCheck(top->kind == MS_YAML_MAPPING, r->comm, MS_ERR_INPUT,
               "%s:%d: a %s inside a list: settings lists hold numbers or words only", r->y->path,
               line, kind == MS_YAML_MAPPING ? "mapping" : "list");
    PetscCheck(top->key, r->comm, MS_ERR_INPUT, "%s:%d: a %s where a key was expected", r->y->path,
               line, kind == MS_YAML_MAPPING ? "mapping" : "list");
    PetscCall(AddEntry(r, top->key, top->line, kind, &e));
    PetscCall(PetscFree(top->key));
  }
  r->stack[r->depth++] = (Frame){kind, e ? (int)(e - r->y->entry) : -1, NULL, line};
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Scalar(Reader *r, const yaml_event_t *ev)
{
  Frame      *top  = &r->stack[r->depth - 1];
  const char *v    = (const char *)ev->data.scalar.value;
  int         line = (int)ev->start_mark.line + 1;

  PetscFunctionBegin;
  if (top->kind == MS_YAML_SEQUENCE) {
    MSYamlEntry *e = &r->y->entry[top->entry];
    char       **items;
    PetscCall(PetscMalloc1(e->nitems + 1, &items));
    if (e->nitems) PetscCall(PetscArraycpy(items, e->item, e->nitems));
    PetscCall(PetscStrallocpy(v, &items[e->nitems]));
    PetscCall(PetscFree(e->item));
    e->item = items, e->nitems++;
  } else if (!top->key) {
    /* a key: prefixed with the keys of the mappings around it */
    const char *prefix = top->entry >= 0 ? r->y->entry[top->entry].key : "";
    size_t      len    = strlen(prefix) + strlen(v) + 2;
    PetscCheck(v[0], r->comm, MS_ERR_INPUT, "%s:%d: an empty key", r->y->path, line);
    PetscCall(PetscMalloc1(len, &top->key));
    PetscCall(PetscSNPrintf(top->key, len, "%s%s%s", prefix, prefix[0] ? "." : "", v));
    top->line = line;
    if (top->entry >= 0) r->y->entry[top->entry].nitems++;
  } else {
    MSYamlEntry *e;
    PetscCall(AddEntry(r, top->key, top->line, MS_YAML_SCALAR, &e));
    PetscCall(PetscStrallocpy(v, &e->value));
    e->null = IsNull(ev);
    PetscCall(PetscFree(top->key));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One parser event; *done at the end of the first document. */
static PetscErrorCode Event(Reader *r, const yaml_event_t *ev, PetscBool *done)
{
  int line = (int)ev->start_mark.line + 1;

  PetscFunctionBegin;
  switch (ev->type) {
  case YAML_MAPPING_START_EVENT: PetscCall(Open(r, MS_YAML_MAPPING, line)); break;
  case YAML_SEQUENCE_START_EVENT: PetscCall(Open(r, MS_YAML_SEQUENCE, line)); break;
  case YAML_MAPPING_END_EVENT:
  case YAML_SEQUENCE_END_EVENT: r->depth--; break;
  case YAML_SCALAR_EVENT:
    PetscCheck(r->depth > 0, r->comm, MS_ERR_INPUT,
               "%s:%d: the settings file must be a mapping of groups (move_rules:, "
               "spawn_rules:, ...), not a single value",
               r->y->path, line);
    PetscCall(Scalar(r, ev));
    break;
  case YAML_ALIAS_EVENT:
    SETERRQ(r->comm, MS_ERR_INPUT, "%s:%d: YAML aliases (*name) are not supported here", r->y->path,
            line);
  case YAML_DOCUMENT_END_EVENT: *done = PETSC_TRUE; break;
  default: break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Parse(Reader *r, yaml_parser_t *p)
{
  PetscBool done = PETSC_FALSE;

  PetscFunctionBegin;
  while (!done) {
    yaml_event_t   ev;
    PetscErrorCode ierr;
    if (!yaml_parser_parse(p, &ev)) {
      SETERRQ(r->comm, MS_ERR_INPUT, "%s:%d: not valid YAML: %s%s%s", r->y->path,
              (int)p->problem_mark.line + 1, p->problem ? p->problem : "unreadable",
              p->context ? " " : "", p->context ? p->context : "");
    }
    if (ev.type == YAML_STREAM_END_EVENT) done = PETSC_TRUE;
    ierr = Event(r, &ev, &done);
    yaml_event_delete(&ev);
    PetscCall(ierr);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSYamlRead(MPI_Comm comm, const char path[], MSYaml **yp)
{
  FILE          *f;
  yaml_parser_t  p;
  Reader         r = {.comm = comm};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *yp = NULL;
  f   = fopen(path, "rb");
  PetscCheck(f, comm, PETSC_ERR_FILE_OPEN, "%s:0: field '-settings': cannot open the file", path);
  PetscCall(PetscNew(&r.y));
  PetscCall(PetscStrallocpy(path, &r.y->path));
  if (!yaml_parser_initialize(&p)) {
    fclose(f);
    PetscCall(MSYamlDestroy(&r.y));
    SETERRQ(comm, PETSC_ERR_MEM, "%s: out of memory for the YAML parser", path);
  }
  yaml_parser_set_input_file(&p, f);
  ierr = Parse(&r, &p);
  yaml_parser_delete(&p);
  fclose(f);
  for (int k = 0; k < r.depth; k++) (void)PetscFree(r.stack[k].key);
  if (ierr) PetscCall(MSYamlDestroy(&r.y));
  PetscCall(ierr);
  *yp = r.y;
  PetscFunctionReturn(PETSC_SUCCESS);
}

const MSYamlEntry *MSYamlFind(const MSYaml *y, const char key[])
{
  for (int i = 0; i < y->n; i++)
    if (!strcmp(y->entry[i].key, key)) return &y->entry[i];
  return NULL;
}

PetscErrorCode MSYamlDestroy(MSYaml **yp)
{
  MSYaml *y = *yp;

  PetscFunctionBegin;
  if (!y) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0; i < y->n; i++) {
    PetscCall(PetscFree(y->entry[i].key));
    PetscCall(PetscFree(y->entry[i].value));
    for (int k = 0; k < y->entry[i].nitems && y->entry[i].item; k++)
      PetscCall(PetscFree(y->entry[i].item[k]));
    PetscCall(PetscFree(y->entry[i].item));
  }
  PetscCall(PetscFree(y->entry));
  PetscCall(PetscFree(y->path));
  PetscCall(PetscFree(*yp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
