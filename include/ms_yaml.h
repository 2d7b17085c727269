/* ms_yaml: a YAML settings file as a flat list of keys with their line numbers.
 *
 * Flee's simsetting.yml is a tree of mappings (move_rules:, spawn_rules:, ...) whose leaves
 * are scalars or lists of scalars. Checking every key needs the line each came from, which
 * PETSc's YAML import drops; libyaml's event parser (the library PETSc itself uses) keeps
 * it. Every rank reads the file alike, so a bad file is the same error everywhere. */
#ifndef MS_YAML_H
#define MS_YAML_H

#include "migrasim.h"

typedef enum { MS_YAML_SCALAR = 0, MS_YAML_SEQUENCE, MS_YAML_MAPPING } MSYamlKind;

/* One key of the file: "spawn_rules.conflict_driven_spawning.spawn_mode", its line (from
   1), and its value: a scalar's text ("" for a null), a sequence's items (scalars only), or,
   for a mapping, the number of keys it holds (its keys follow as entries of their own). */
typedef struct {
  char      *key;
  int        line;
  MSYamlKind kind;
  char      *value;  /* scalars: the text as written, unquoted; NULL otherwise */
  PetscBool  null;   /* a scalar with no value (`key:` alone, `~`, `null`) */
  int        nitems; /* sequences: items; mappings: keys */
  char     **item;   /* sequences: [nitems] item texts */
} MSYamlEntry;

typedef struct {
  char        *path;
  int          n;
  MSYamlEntry *entry; /* in file order */
} MSYaml;

/* Read the YAML file path into *y. A file that cannot be read, is not valid YAML, holds
   anything but a mapping at its top, repeats a key, nests a sequence or mapping inside a
   sequence, or uses anchors and aliases is an input error "PATH:LINE: ..." on comm. */
PetscErrorCode MSYamlRead(MPI_Comm comm, const char path[], MSYaml **y);

/* The entry of key, or NULL. */
const MSYamlEntry *MSYamlFind(const MSYaml *y, const char key[]);

/* Free the entries and *y; *y may be NULL. */
PetscErrorCode MSYamlDestroy(MSYaml **y);

#endif
