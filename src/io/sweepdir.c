/* The reader of a sweep's directory of ms_sweepdir.h. */
#include <limits.h>
#include <stdlib.h>
#include "ms_csv.h"
#include "ms_runfile.h"
#include "ms_sweepdir.h"

void MSSweepDirPath(const char dir[], int member, const char suffix[], char path[], size_t len)
{
  snprintf(path, len, "%s/member_%06d%s", dir, member, suffix);
}

/* Field k of the current record, a whole number in lo..hi. */
static PetscErrorCode Whole(MPI_Comm comm, const MSCsv *csv, int k, const char what[], int64_t lo,
                            int64_t hi, int64_t *v)
{
  char     *end;
  long long x;

  PetscFunctionBegin;
  x = strtoll(csv->field[k], &end, 10);
  PetscCheck(end != csv->field[k] && !*end, comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field '%s': '%s' is not a whole number", csv->path, csv->line, what,
             csv->field[k]);
  PetscCheck(x >= lo && x <= hi, comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field '%s': %lld is outside %lld..%lld", csv->path, csv->line, what, x,
             (long long)lo, (long long)hi);
  *v = (int64_t)x;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The header of design.csv: member,point,replicate,seed, then the parameters. */
static PetscErrorCode ReadDesignHeader(MPI_Comm comm, MSCsv *csv, MSSweepDir *sd)
{
  const char *fixed[] = {"member", "point", "replicate", "seed"};
  PetscBool   eof;

  PetscFunctionBegin;
  PetscCall(MSCsvNext(comm, csv, &eof));
  PetscCheck(!eof, comm, PETSC_ERR_USER_INPUT,
             "%s:1: field 'member': empty file (want member,point,replicate,seed,<parameters>)",
             csv->path);
  for (int k = 0; k < 4; k++)
    PetscCheck(k < csv->nfields && MSCsvHeaderIs(csv->field[k], fixed[k]), comm,
               PETSC_ERR_USER_INPUT,
               "%s:%d: field '%s': column %d of the header must be '%s' "
               "(member,point,replicate,seed,<parameters>)",
               csv->path, csv->line, fixed[k], k + 1, fixed[k]);
  sd->header_line = csv->line;
  sd->np          = csv->nfields - 4;
  PetscCall(PetscCalloc1(sd->np + 1, &sd->param));
  for (int j = 0; j < sd->np; j++) PetscCall(PetscStrallocpy(csv->field[4 + j], &sd->param[j]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Room for one more member. */
static PetscErrorCode Grow(MSSweepDir *sd, int *cap)
{
  MSSweepMember *m;
  char         **v;

  PetscFunctionBegin;
  if (sd->nm < *cap) PetscFunctionReturn(PETSC_SUCCESS);
  *cap = *cap ? 2 * *cap : 64;
  PetscCall(PetscCalloc1(*cap, &m));
  PetscCall(PetscCalloc1((size_t)*cap * sd->np + 1, &v));
  PetscCall(PetscArraycpy(m, sd->m, sd->nm));
  PetscCall(PetscArraycpy(v, sd->value, (size_t)sd->nm * sd->np));
  PetscCall(PetscFree(sd->m));
  PetscCall(PetscFree(sd->value));
  sd->m = m, sd->value = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The members of design.csv, each listed once; *at receives, for every member number up to the
   largest, its index in sd->m or -1. */
static PetscErrorCode ReadDesign(MPI_Comm comm, MSSweepDir *sd, int **at)
{
  MSCsv    *csv;
  PetscBool eof;
  int       cap = 0, max = -1;

  PetscFunctionBegin;
  PetscCall(MSCsvOpen(comm, sd->design, PETSC_FALSE, &csv));
  PetscCall(ReadDesignHeader(comm, csv, sd));
  for (;;) {
    MSSweepMember *mb;
    int64_t        v;
    PetscCall(MSCsvNext(comm, csv, &eof));
    if (eof) break;
    PetscCheck(csv->nfields == 4 + sd->np, comm, PETSC_ERR_USER_INPUT,
               "%s:%d: field 'member': %d fields, the header has %d", csv->path, csv->line,
               csv->nfields, 4 + sd->np);
    PetscCall(Grow(sd, &cap));
    mb       = &sd->m[sd->nm];
    mb->line = csv->line;
    PetscCall(Whole(comm, csv, 0, "member", 0, MS_SWEEP_MAX_MEMBERS, &v));
    mb->member = (int)v, max = PetscMax(max, mb->member);
    PetscCall(Whole(comm, csv, 1, "point", 0, INT_MAX, &v));
    mb->point = (int)v;
    PetscCall(Whole(comm, csv, 2, "replicate", 0, INT_MAX, &v));
    mb->replicate = (int)v;
    PetscCall(Whole(comm, csv, 3, "seed", 0, INT64_MAX, &mb->seed));
    for (int j = 0; j < sd->np; j++)
      PetscCall(PetscStrallocpy(csv->field[4 + j], &sd->value[(size_t)sd->nm * sd->np + j]));
    sd->nm++;
  }
  PetscCall(MSCsvClose(&csv));
  PetscCheck(sd->nm > 0, comm, PETSC_ERR_USER_INPUT, "%s:0: field 'member': no members",
             sd->design);
  PetscCall(PetscMalloc1(max + 1, at));
  for (int k = 0; k <= max; k++) (*at)[k] = -1;
  for (int i = 0; i < sd->nm; i++) {
    PetscCheck((*at)[sd->m[i].member] < 0, comm, PETSC_ERR_USER_INPUT,
               "%s:%d: field 'member': member %d appears twice", sd->design, sd->m[i].line,
               sd->m[i].member);
    (*at)[sd->m[i].member] = i;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Without status.csv: a member whose output is complete counts as done. */
static PetscErrorCode StatusFromFiles(MPI_Comm comm, MSSweepDir *sd)
{
  char      path[PETSC_MAX_PATH_LEN + 32];
  PetscBool complete;

  PetscFunctionBegin;
  for (int i = 0; i < sd->nm; i++) {
    MSSweepDirPath(sd->dir, sd->m[i].member, ".h5", path, sizeof(path));
    PetscCall(MSRunFileComplete(path, &complete));
    sd->m[i].status = complete ? MS_MEMBER_DONE : MS_MEMBER_MISSING;
  }
  PetscCall(PetscPrintf(comm, "%s: no %s: members with a complete output file count as done\n",
                        sd->dir, MS_SWEEP_STATUS));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* status.csv: the last line of a member says what became of it. */
static PetscErrorCode ReadStatus(MPI_Comm comm, MSSweepDir *sd, const int *at, int max)
{
  char      path[PETSC_MAX_PATH_LEN + 16];
  MSCsv    *csv;
  PetscBool eof;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", sd->dir, MS_SWEEP_STATUS));
  PetscCall(MSCsvOpen(comm, path, PETSC_TRUE, &csv));
  sd->have_status = (PetscBool)(csv != NULL);
  if (!csv) PetscCall(StatusFromFiles(comm, sd));
  if (!csv) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(MSCsvNext(comm, csv, &eof));
  PetscCheck(!eof, comm, PETSC_ERR_USER_INPUT,
             "%s:1: field 'member': empty file (want member,status,seconds,message)", path);
  PetscCheck(csv->nfields >= 2 && MSCsvHeaderIs(csv->field[0], "member") &&
                 MSCsvHeaderIs(csv->field[1], "status"),
             comm, PETSC_ERR_USER_INPUT,
             "%s:%d: field 'member': the header must be member,status,seconds,message", path,
             csv->line);
  for (;;) {
    MSSweepMember *mb;
    const char    *st;
    int64_t        v;
    PetscCall(MSCsvNext(comm, csv, &eof));
    if (eof) break;
    PetscCall(Whole(comm, csv, 0, "member", 0, INT_MAX, &v));
    PetscCheck(v <= max && at[v] >= 0, comm, PETSC_ERR_USER_INPUT,
               "%s:%d: field 'member': member %lld is not in design.csv", path, csv->line,
               (long long)v);
    mb         = &sd->m[at[v]];
    st         = csv->nfields > 1 ? csv->field[1] : "";
    mb->status = !strcmp(st, "done")     ? MS_MEMBER_DONE
                 : !strcmp(st, "failed") ? MS_MEMBER_FAILED
                                         : MS_MEMBER_MISSING;
    PetscCall(PetscFree(mb->message));
    if (mb->status == MS_MEMBER_FAILED && csv->nfields >= 4)
      PetscCall(PetscStrallocpy(csv->field[3], &mb->message));
  }
  PetscCall(MSCsvClose(&csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepDirRead(MPI_Comm comm, const char dir[], MSSweepDir **sdp)
{
  MSSweepDir    *sd;
  int           *at = NULL, max = -1;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sd));
  PetscCall(PetscStrallocpy(dir, &sd->dir));
  PetscCall(PetscSNPrintf(sd->design, sizeof(sd->design), "%s/%s", dir, MS_SWEEP_DESIGN));
  ierr = ReadDesign(comm, sd, &at);
  for (int i = 0; !ierr && i < sd->nm; i++) max = PetscMax(max, sd->m[i].member);
  if (!ierr) ierr = ReadStatus(comm, sd, at, max);
  PetscCall(PetscFree(at));
  if (ierr) PetscCall(MSSweepDirDestroy(&sd));
  PetscCall(ierr);
  *sdp = sd;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSSweepDirDestroy(MSSweepDir **sdp)
{
  MSSweepDir *sd = *sdp;

  PetscFunctionBegin;
  if (!sd) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0; i < sd->nm; i++) PetscCall(PetscFree(sd->m[i].message));
  for (size_t k = 0; sd->value && k < (size_t)sd->nm * sd->np; k++)
    PetscCall(PetscFree(sd->value[k]));
  for (int j = 0; sd->param && j < sd->np; j++) PetscCall(PetscFree(sd->param[j]));
  PetscCall(PetscFree(sd->param));
  PetscCall(PetscFree(sd->value));
  PetscCall(PetscFree(sd->m));
  PetscCall(PetscFree(sd->dir));
  PetscCall(PetscFree(*sdp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
