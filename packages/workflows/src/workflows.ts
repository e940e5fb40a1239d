/**
 * The workflow bundle entry: every workflow a Sigmoid worker runs. Pass this file's path
 * (`workflowsPath` from '@sigmoid/workflows') to `Worker.create`.
 */
export { trainingPipeline } from './training-pipeline.js';
export { sweep } from './sweep.js';
