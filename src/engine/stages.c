/* The day loop's log stages, and the count of those pushed (ms_stages.h). */
#include "ms_stages.h"

/* Stages pushed through MSStagesPush() and not yet popped, in this process. */
static int depth = 0;

/* The stage called name: found, or registered by the first run of the process. */
static PetscErrorCode Stage(const char name[], PetscLogStage *stage)
{
  PetscFunctionBegin;
  PetscCall(PetscLogStageGetId(name, stage));
  if (*stage < 0) PetscCall(PetscLogStageRegister(name, stage));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStagesRegister(MSStages *s)
{
  PetscFunctionBegin;
  PetscCall(Stage("Spawn", &s->spawn));
  PetscCall(Stage("Decide", &s->decide));
  PetscCall(Stage("Travel", &s->travel));
  PetscCall(Stage("Steal", &s->steal));
  PetscCall(Stage("Exchange", &s->exchange));
  PetscCall(Stage("Output", &s->output));
  PetscCall(Stage("Checkpoint", &s->checkpoint));
  PetscCall(Stage("Rebalance", &s->rebalance));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStagesPush(PetscLogStage stage)
{
  PetscFunctionBegin;
  PetscCall(PetscLogStagePush(stage));
  depth++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSStagesPop(void)
{
  PetscFunctionBegin;
  PetscCall(PetscLogStagePop());
  depth--;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The events of the work counters: Decisions, Hops, LinkSteps (MSStagesLogWork()) */
static PetscLogEvent work_event[3] = {-1, -1, -1};

PetscErrorCode MSStagesLogWork(int64_t decisions, int64_t hops, int64_t link_steps)
{
  static const char *const name[3]  = {"Decisions", "Hops", "LinkSteps"};
  const int64_t            count[3] = {decisions, hops, link_steps};

  PetscFunctionBegin;
  if (work_event[0] < 0) {
    PetscClassId cid;
    PetscCall(PetscClassIdRegister("migrasim work", &cid));
    for (int k = 0; k < 3; k++) PetscCall(PetscLogEventRegister(name[k], cid, &work_event[k]));
  }
  for (int k = 0; k < 3; k++) {
    if (count[k] <= 0) continue;
    PetscCall(PetscLogEventBegin(work_event[k], 0, 0, 0, 0));
    PetscCall(PetscLogFlops((PetscLogDouble)count[k]));
    PetscCall(PetscLogEventEnd(work_event[k], 0, 0, 0, 0));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

int MSStagesDepth(void) { return depth; }

PetscErrorCode MSStagesRestore(int d)
{
  PetscFunctionBegin;
  while (depth > d) PetscCall(MSStagesPop());
  PetscFunctionReturn(PETSC_SUCCESS);
}
