import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { stopRequestedQuery, trainingProgressSignal, type TrainingProgress } from '@sigmoid/workflows';

/**
 * Connects a running fitModel activity to the workflow that scheduled it: progress goes to the
 * workflow as a signal (so its `progress` query can answer), and the workflow's `stopTraining` flag is
 * read back with a query. Both are throttled: training must not wait on the network per batch.
 */
export interface TrainingLink {
  /** Sends progress to the workflow at most once per `intervalMs`; never throws. */
  report(progress: TrainingProgress): void;
  /** Whether the workflow asked to stop; asks the server at most once per `intervalMs`. */
  shouldStop(): Promise<boolean>;
}

export function createTrainingLink(client: Client, intervalMs = 1000): TrainingLink {
  // A fit shorter than a quarter interval (the reference demo) pays for no signal and no query (each costs
  // a workflow task); a longer one reports first after a quarter interval, then once per interval, and asks
  // about stopTraining once per interval.
  let lastReport = Date.now() - intervalMs * 0.75;
  let lastAsk = Date.now();
  let stop = false;
  const handle = () => {
    const execution = Context.current().info.workflowExecution;
    return execution ? client.workflow.getHandle(execution.workflowId, execution.runId) : undefined;
  };
  return {
    report(progress) {
      const now = Date.now();
      if (now - lastReport < intervalMs) return;
      lastReport = now;
      handle()
        ?.signal(trainingProgressSignal, progress)
        .catch(() => {
          /* progress is best effort: a closed workflow or a network blip must not fail training */
        });
    },
    async shouldStop() {
      if (stop) return true;
      const now = Date.now();
      if (now - lastAsk < intervalMs) return false;
      lastAsk = now;
      try {
        stop = (await handle()?.query(stopRequestedQuery)) ?? false;
      } catch {
        stop = false;
      }
      return stop;
    },
  };
}
