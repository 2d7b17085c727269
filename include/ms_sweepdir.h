/* ms_sweepdir: the one reader of a sweep's directory (docs/sweeps.md), for the tools that
 * look at a sweep afterwards (migrasim-validate, migrasim-calibrate).
 *
 * design.csv lists the members: the header member,point,replicate,seed,<parameters>, then one
 * line per member. status.csv says what became of them: the header
 * member,status,seconds,message, then lines appended as members finish, the last line of a
 * member counting; a status other than done or failed (a line cut short by a kill) leaves the
 * member not finished. Without status.csv, a member whose output is complete counts as done.
 * Every rank of comm reads alike; errors are one line "FILE:LINE: field 'X': what". */
#ifndef MS_SWEEPDIR_H
#define MS_SWEEPDIR_H

#include "migrasim.h"

#define MS_SWEEP_DESIGN      "design.csv"
#define MS_SWEEP_DESIGN_FILE "design.yml" /* a copy of the design file (-sweep) */
#define MS_SWEEP_STATUS      "status.csv"
#define MS_SWEEP_MAX_MEMBERS 999999 /* member_%06d.h5 */

/* What became of a member (the values calibration files record). */
typedef enum { MS_MEMBER_MISSING = 0, MS_MEMBER_FAILED, MS_MEMBER_DONE } MSMemberStatus;

typedef struct {
  int            member, point, replicate;
  int64_t        seed;
  int            line; /* of design.csv, for messages */
  MSMemberStatus status;
  char          *message; /* status.csv's message of a failed member, or NULL */
} MSSweepMember;

typedef struct {
  char          *dir;
  char           design[PETSC_MAX_PATH_LEN + 16]; /* DIR/design.csv, for messages */
  int            header_line;                     /* of design.csv */
  int            np;
  char         **param; /* [np] the parameter columns of design.csv, as written */
  int            nm;
  MSSweepMember *m;           /* [nm] in design.csv's order */
  char         **value;       /* [nm * np] the members' parameter values, as written */
  PetscBool      have_status; /* status.csv is there */
} MSSweepDir;

/* Read the sweep directory dir on comm. Free with MSSweepDirDestroy(). */
PetscErrorCode MSSweepDirRead(MPI_Comm comm, const char dir[], MSSweepDir **sd);

/* Free what MSSweepDirRead() allocated and set *sd to NULL. */
PetscErrorCode MSSweepDirDestroy(MSSweepDir **sd);

/* The path of member's file DIR/member_NNNNNN<suffix> (suffix ".h5", ".out.csv", ...). */
void MSSweepDirPath(const char dir[], int member, const char suffix[], char path[], size_t len);

#endif
