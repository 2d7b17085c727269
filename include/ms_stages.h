/* ms_stages: the PETSc log stages of the day loop (-log_view gives the time of each).
 *
 * The engine pushes and pops its stages only through MSStagesPush() and MSStagesPop(), which
 * count how many it holds pushed: a run that fails inside a stage leaves it on PETSc's stack,
 * and a process that goes on with other runs (a sweep's members, a calibration's evaluations)
 * pops what the failed one left with MSStagesRestore(). */
#ifndef MS_STAGES_H
#define MS_STAGES_H

#include "migrasim.h"

typedef struct {
  PetscLogStage spawn, decide, travel, steal, exchange, output, checkpoint, rebalance;
} MSStages;

/* The day loop's stages: registered by the first run of the process, found again by later ones. */
PetscErrorCode MSStagesRegister(MSStages *stages);

/* Push stage, or pop the stage last pushed through MSStagesPush(). */
PetscErrorCode MSStagesPush(PetscLogStage stage);
PetscErrorCode MSStagesPop(void);

/* Count work in the current stage for -log_view: decisions, hops and link steps (the run's
   work counters, MSStepStats) as the "Flop" of the events Decisions, Hops and LinkSteps, so
   that each stage's lines show the work done in it beside its time. */
PetscErrorCode MSStagesLogWork(int64_t decisions, int64_t hops, int64_t link_steps);

/* How many stages the engine holds pushed now: before a run, the depth to restore after it. */
int MSStagesDepth(void);

/* Pop the engine's stages until depth remain (those a failed run left pushed). */
PetscErrorCode MSStagesRestore(int depth);

#endif
