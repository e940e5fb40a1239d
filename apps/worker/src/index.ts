/**
 * @module @sigmoid/worker
 *
 * The Sigmoid worker: every workflow and plugin activity on one task queue. Run it as a process
 * (`node apps/worker/dist/main.js`, configured by environment) or embed it:
 *
 * @example
 * ```ts
 * import { createSigmoidWorker, workerConfigFromEnv } from '@sigmoid/worker';
 * const { worker, close } = await createSigmoidWorker(workerConfigFromEnv());
 * await worker.run();
 * await close();
 * ```
 */
export { createSigmoidWorker } from './create-worker.js';
export type { SigmoidWorker } from './create-worker.js';
export { workerConfigFromEnv, WorkerConfigError } from './config.js';
export type { WorkerConfig } from './config.js';
export { connectionOptions } from './connection-options.js';
export { createSigmoidActivities } from './activities.js';
export { createTrainingLink } from './training-link.js';
export type { TrainingLink } from './training-link.js';
