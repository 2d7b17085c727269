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

int MSStagesDepth(void) { return depth; }

PetscErrorCode MSStagesRestore(int d)
{
  PetscFunctionBegin;
  while (depth > d) PetscCall(MSStagesPop());
  PetscFunctionReturn(PETSC_SUCCESS);
}
