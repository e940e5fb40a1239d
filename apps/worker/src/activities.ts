import type { Client } from '@temporalio/client';
import type { ArtifactStore } from '@sigmoid/arrow-store';
import type { SigmoidActivities } from '@sigmoid/workflows';
import { createDatagenActivities } from '@sigmoid/datagen/temporal';
import { createTrainerActivities } from '@sigmoid/trainer/temporal';
import { createEvaluationActivities } from '@sigmoid/evaluation/temporal';
import { createRenderActivities } from '@sigmoid/render/temporal';
import { createTrainingLink } from './training-link.js';

/** Every plugin's activities over one artifact store, checked against the workflows' contract. */
export function createSigmoidActivities(deps: { store: ArtifactStore; client: Client }): SigmoidActivities {
  const { store, client } = deps;
  return {
    ...createDatagenActivities({ store }),
    ...createTrainerActivities({ store, link: () => createTrainingLink(client) }),
    ...createEvaluationActivities({ store }),
    ...createRenderActivities({ store }),
  } satisfies SigmoidActivities;
}
