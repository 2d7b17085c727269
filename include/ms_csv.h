/* ms_csv: the line reader behind every scenario file (MODEL.md section 7).
 *
 * Flee's files come from spreadsheets and hand edits: quoted and unquoted fields mix,
 * CRLF and LF mix, stray tabs and comment lines appear anywhere. The reader hides all
 * of that and hands out one record at a time, its fields trimmed, with the physical
 * line number that error messages quote. */
#ifndef MS_CSV_H
#define MS_CSV_H

#include <petscsys.h>
#include <stdio.h>

typedef struct {
  char     *path;    /* as opened, for messages */
  int       line;    /* physical line number (from 1) of the current record */
  int       nfields; /* fields of the current record; trailing empty ones included */
  char    **field;   /* [nfields] trimmed of spaces and double quotes, never NULL */
  PetscBool comment; /* the first field starts with '#': a header or a comment */

  /* private */
  FILE  *fp;
  char  *raw; /* getline()'s buffer, owned by the C library's malloc */
  size_t rawcap;
  char  *text; /* the fields, NUL-separated */
  size_t textcap;
  int    fieldcap;
} MSCsv;

/* Open path for reading. A missing file is an input error "PATH:0: field '-': file not
   found" unless optional, in which case *csv is set to NULL. */
PetscErrorCode MSCsvOpen(MPI_Comm comm, const char path[], PetscBool optional, MSCsv **csv);

/* Advance to the next record that has a non-empty field; *eof is set at the end of
   the file. A NUL byte or a read error is an input error on comm. */
PetscErrorCode MSCsvNext(MPI_Comm comm, MSCsv *csv, PetscBool *eof);

/* Close the file and free the reader; *csv may be NULL. */
PetscErrorCode MSCsvClose(MSCsv **csv);

/* Whether the header field hdr names column name: compared after stripping a leading
   '#' and spaces, case-insensitively. */
PetscBool MSCsvHeaderIs(const char hdr[], const char name[]);

/* Error code of every input error; its message is one line "FILE:LINE: field 'X': what". */
#define MS_ERR_INPUT PETSC_ERR_USER_INPUT

/* Return an input error on comm from the calling function: "PATH:LINE: field 'FIELD': what",
   what formatted from the remaining printf-style arguments, so that every reader's messages
   keep the one shape that users and tests match. MSCsvError() takes PATH and LINE from the
   reader's current record. */
#define MSInputError(comm, path, line, field, ...)                                               \
  do {                                                                                           \
    char what_[640];                                                                             \
    PetscCall(PetscSNPrintf(what_, sizeof(what_), __VA_ARGS__));                                 \
    SETERRQ((comm), MS_ERR_INPUT, "%s:%d: field '%s': %s", (path), (int)(line), (field), what_); \
  } while (0)
#define MSCsvError(comm, csv, field, ...) \
  MSInputError(comm, (csv)->path, (csv)->line, field, __VA_ARGS__)

#endif
