/* The CSV line reader of ms_csv.h. */
#define _POSIX_C_SOURCE 200809L /* getline(): lines of any length, no silent truncation */
#include "ms_csv.h"
#include "ms_scenario.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

PetscErrorCode MSCsvOpen(MPI_Comm comm, const char path[], PetscBool optional, MSCsv **csv)
{
  FILE *fp;

  PetscFunctionBeginUser;
  *csv = NULL;
  fp   = fopen(path, "r");
  if (!fp) {
    int err = errno;
    if (err == ENOENT && optional) PetscFunctionReturn(0);
    PetscCheck(err != ENOENT, comm, MS_ERR_INPUT, "%s:0: field '-': file not found", path);
    SETERRQ(comm, MS_ERR_INPUT, "%s:0: field '-': cannot open: %s", path, strerror(err));
  }
  PetscCall(PetscNew(csv));
  (*csv)->fp = fp;
  PetscCall(PetscStrallocpy(path, &(*csv)->path));
  PetscFunctionReturn(0);
}

PetscErrorCode MSCsvClose(MSCsv **csv)
{
  PetscFunctionBeginUser;
  if (!*csv) PetscFunctionReturn(0);
  if ((*csv)->fp) (void)fclose((*csv)->fp);
  free((*csv)->raw); /* allocated by getline(), not by PETSc */
  PetscCall(PetscFree((*csv)->text));
  PetscCall(PetscFree((*csv)->field));
  PetscCall(PetscFree((*csv)->path));
  PetscCall(PetscFree(*csv));
  PetscFunctionReturn(0);
}

static int IsSpace(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Split raw[0,len) at commas outside double quotes. Quotes are dropped wherever they
   stand, so `#"name"` and `" Adigrat"` come out as `#name` and `Adigrat`; a doubled
   quote inside quotes is a literal quote; an unclosed quote ends at the line's end. */
static PetscErrorCode Split(MPI_Comm comm, MSCsv *csv, const char *raw, size_t len)
{
  size_t ncomma = 0, o = 0, start = 0;
  int    inq = 0;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < len; i++) ncomma += raw[i] == ',';
  PetscCheck(ncomma < (size_t)INT_MAX - 1, comm, MS_ERR_INPUT, "%s:%d: field '-': too many fields",
             csv->path, csv->line);
  if (len + 1 > csv->textcap) {
    PetscCall(PetscFree(csv->text));
    csv->textcap = 2 * len + 64;
    PetscCall(PetscMalloc1(csv->textcap, &csv->text));
  }
  if ((int)ncomma + 1 > csv->fieldcap) {
    PetscCall(PetscFree(csv->field));
    csv->fieldcap = 2 * (int)ncomma + 8;
    PetscCall(PetscMalloc1(csv->fieldcap, &csv->field));
  }
  csv->nfields = 0;
  for (size_t i = 0; i <= len; i++) {
    char c = i < len ? raw[i] : ',';
    if (i < len && c == '"') {
      if (inq && i + 1 < len && raw[i + 1] == '"') {
        csv->text[o++] = '"';
        i++;
      } else
        inq = !inq;
      continue;
    }
    if (c == ',' && (!inq || i == len)) {
      char *f = csv->text + start, *e = csv->text + o;
      while (e > f && IsSpace(e[-1])) e--;
      *e = 0;
      while (IsSpace(*f)) f++;
      csv->field[csv->nfields++] = f;
      start                      = ++o;
      continue;
    }
    csv->text[o++] = c;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MSCsvNext(MPI_Comm comm, MSCsv *csv, PetscBool *eof)
{
  PetscFunctionBeginUser;
  *eof = PETSC_FALSE;
  for (;;) {
    ssize_t     n;
    const char *raw;
    PetscBool   empty = PETSC_TRUE;

    errno = 0;
    n     = getline(&csv->raw, &csv->rawcap, csv->fp);
    if (n < 0) {
      PetscCheck(!ferror(csv->fp), comm, MS_ERR_INPUT, "%s:%d: field '-': cannot be read: %s",
                 csv->path, csv->line + 1, strerror(errno ? errno : EIO));
      csv->nfields = 0;
      *eof         = PETSC_TRUE;
      PetscFunctionReturn(0);
    }
    PetscCheck(csv->line < INT_MAX - 1, comm, MS_ERR_INPUT, "%s:%d: field '-': too many lines",
               csv->path, csv->line);
    csv->line++;
    PetscCheck(!memchr(csv->raw, 0, (size_t)n), comm, MS_ERR_INPUT,
               "%s:%d: field '-': NUL byte in line (not a text file?)", csv->path, csv->line);
    raw = csv->raw;
    if (csv->line == 1 && n >= 3 &&
        !memcmp(raw, "\xEF\xBB\xBF", 3)) { /* spreadsheet exports start with a UTF-8 BOM */
      raw += 3;
      n -= 3;
    }
    PetscCall(Split(comm, csv, raw, (size_t)n));
    for (int i = 0; i < csv->nfields && empty; i++)
      empty = csv->field[i][0] ? PETSC_FALSE : PETSC_TRUE;
    if (empty) continue;
    csv->comment = csv->field[0][0] == '#' ? PETSC_TRUE : PETSC_FALSE;
    PetscFunctionReturn(0);
  }
}

PetscBool MSCsvHeaderIs(const char hdr[], const char name[])
{
  size_t n;

  while (*hdr == '#' || IsSpace(*hdr)) hdr++;
  n = strlen(hdr);
  while (n > 0 && IsSpace(hdr[n - 1])) n--;
  if (n != strlen(name)) return PETSC_FALSE;
  for (size_t i = 0; i < n; i++) {
    char a = hdr[i], b = name[i];
    if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
    if (a != b) return PETSC_FALSE;
  }
  return PETSC_TRUE;
}
