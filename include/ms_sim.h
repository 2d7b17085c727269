/* ms_sim: a simulation run, the day loop of MODEL.md section 2 over a decomposed graph.
 *
 * Life cycle as in PETSc: MSSimCreate, MSSimSetFromOptions (-scenario, -output, -seed,
 * -days, -partition, ...; -help lists them), MSSimSetUp (reads and partitions the
 * scenario, opens the output), MSSimRun, MSSimDestroy. */
#ifndef MS_SIM_H
#define MS_SIM_H

#include "migrasim.h"
#include "ms_report.h"
#include "ms_variant.h"

/* Exit status of a run that stopped early with a checkpoint (SIGTERM, SIGUSR1, -max_walltime). */
#define MS_EXIT_STOPPED 3

typedef struct _p_MSSim *MSSim;

/* Create a simulation on comm. */
PetscErrorCode MSSimCreate(MPI_Comm comm, MSSim *sim);

/* Read the run's options and the model settings from the options database. */
PetscErrorCode MSSimSetFromOptions(MSSim sim);

/* Read every option a run reads, on a run of its own that is then destroyed: the run's part of
   a program's known options (MSOptionsCheckUnknown(), ms_options.h). Collective. */
PetscErrorCode MSSimKnownOptions(MPI_Comm comm);

/* Load and check the scenario, partition it, and create the output file. */
PetscErrorCode MSSimSetUp(MSSim sim);

/* Simulate every day, writing the output as it goes; prints progress and a summary. */
PetscErrorCode MSSimRun(MSSim sim);

/* Whether the run stopped early (signal or -max_walltime) after writing a checkpoint. */
PetscErrorCode MSSimStopped(MSSim sim, PetscBool *stopped);

/* The camp series so far, simulated and observed (MODEL.md section 9), on every rank of the
   run; valid until MSSimDestroy(). For in-process calibration. */
PetscErrorCode MSSimGetMetrics(MSSim sim, const MSMetricsTable **m);

/* The engine's log stages pushed, before a run; MSSimLogRestore() pops what a run that
   failed inside one of its stages left pushed (sweeps and calibrations run many). */
PetscErrorCode MSSimLogMark(int *top);
PetscErrorCode MSSimLogRestore(int top);

/* Close the output (keeping every day already simulated) and free everything. */
PetscErrorCode MSSimDestroy(MSSim *sim);

/* ---- Runs driven day by day, as a forecast's members run (MODEL.md section 10). Such a run
   is set up as any other, then advanced with MSSimRunDays() instead of MSSimRun(); it writes
   no file, prints no progress and never repartitions, so that its state can be kept in memory
   (MSSimSnapshot()) and continued from there, with changed inflow or events, bit for bit as an
   uninterrupted run would continue. */

/* Keep the run in memory: no output file, no out.csv, no checkpoint, no repartition. Call
   before MSSimSetUp(). */
PetscErrorCode MSSimSetInMemory(MSSim sim);

/* Write the output of a run kept in memory after all (-output, -flee_csv, as a run's;
   docs/output.md): its days as they are simulated, and the change an assimilation makes as
   /daily/assimilated (its day's /daily/population is as the day ended, before it), until
   MSSimEndOutput() writes the summary and closes the file; what the run simulates after that
   (from a snapshot) is not written. A forecast's member shown as a run. Call before
   MSSimSetUp(). */
PetscErrorCode MSSimKeepOutput(MSSim sim);
PetscErrorCode MSSimEndOutput(MSSim sim);

/* Run on the scenario scn, already loaded (by a driver that runs many members of it), instead
   of reading -scenario; hash is its MSScenarioHash() as read, before hasten (what a run's
   files record). The caller keeps scn alive until MSSimDestroy(). Call before MSSimSetUp(). */
PetscErrorCode MSSimSetScenario(MSSim sim, MSScenario *scn, uint64_t hash);

/* Simulate the days from the first not yet simulated up to t_end (exclusive; at most -days);
   may be called again to go on. Collective. */
PetscErrorCode MSSimRunDays(MSSim sim, int t_end);

/* This rank's counts at the end of the last day simulated (valid until the next call that
   changes the run): the populations and the day's arrivals of its own locations. */
typedef struct {
  int            day;      /* the last day simulated */
  int            nowned;   /* the locations this rank owns */
  const int     *owned;    /* [nowned] their indices */
  const int64_t *pop;      /* [nloc] agents at each location (not travelling): owned entries */
  const int64_t *arrivals; /* [nloc] hops that ended there that day: owned entries */
  int64_t agents, spawned, assimilated; /* of every rank: agents held (as the day ended, before
                                           an assimilation), spawned so far, assimilated net */
} MSSimCounts;
PetscErrorCode MSSimGetCounts(MSSim sim, MSSimCounts *c);

/* From day first on, data-driven spawning follows totals[0 .. n) (the totals of days first,
   first + 1, ...: a forecast's inflow, ms_inflow.h), or, with totals NULL, spawning is
   conflict-driven (`conflict` inflow). Not part of a snapshot: it stays as set. */
PetscErrorCode MSSimSetInflow(MSSim sim, int first, int n, const int64_t totals[]);

/* Assimilation at the end of the last day simulated, t (MODEL.md section 10, "State at F"):
   each camp of the report's table whose last observation on or before t is at most max_age
   days old (any age where max_age < 0) gets exactly its observed number of residents, as
   known on t: what the files hold after t plays no part. Surplus residents are
   removed, the lowest keyed draws on (seed, member, agent id) first, by the camp's owner;
   missing ones are added there as if spawned on day t, with ids that no spawn gives. With
   transit, as many agents outside the camps (on links, in towns, in conflict zones) as the camps
   lack in all are removed first, the lowest keyed draws of all ranks first, so that the total is
   kept (*taken of them, fewer only where there are fewer). change[nloc] receives, on every
   rank, each location's added minus removed agents (0 where nothing changed; an agent taken
   from a link counts at the link's start); the conservation check of the day loop counts them.
   Collective. */
PetscErrorCode MSSimAssimilate(MSSim sim, PetscInt member, PetscBool transit, int max_age,
                               int64_t change[], int64_t *taken);

/* An in-memory snapshot of everything that carries the run from the last day simulated to the
   next (the state a checkpoint holds: agents, spawn state, warnings, the report's history;
   and the settings, the assimilated count). MSSimRestore() puts it back, removing a variant
   set since: the run then continues bit for bit as it would have from the snapshot. A
   snapshot belongs to the run (and ranks) it was taken of; free it with
   MSSimSnapshotDestroy(). Collective. */
typedef struct _p_MSSimState *MSSimState;
PetscErrorCode                MSSimSnapshot(MSSim sim, MSSimState *snap);
PetscErrorCode                MSSimRestore(MSSim sim, MSSimState snap);
PetscErrorCode                MSSimSnapshotDestroy(MSSimState *snap);

/* Apply the what-if variant v (read against this run's scenario, ms_variant.h) from its days
   on: its closures, reopenings, capacities, camps and conflicts through the events, its
   settings over the run's. v is kept, not copied, until MSSimRestore() removes it. */
PetscErrorCode MSSimSetVariant(MSSim sim, const MSVariant *v);

#endif
