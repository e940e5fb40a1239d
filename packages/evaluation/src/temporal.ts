/**
 * Temporal plugin entry of @sigmoid/evaluation: the `evaluateModel` activity (a model and a dataset
 * from the artifact store in, the metric set out) and a `SimplePlugin` that registers it.
 *
 * @module @sigmoid/evaluation/temporal
 *
 * @example
 * ```ts
 * import { Worker } from '@temporalio/worker';
 * import { LocalArtifactStore } from '@sigmoid/arrow-store';
 * import { evaluationPlugin } from '@sigmoid/evaluation/temporal';
 *
 * const store = new LocalArtifactStore({ root: './artifacts' });
 * const worker = await Worker.create({ taskQueue: 'sigmoid', plugins: [evaluationPlugin({ store })] });
 * // in a workflow: const metrics = await evaluateModel(modelRef, testRef);
 * ```
 */
import { SimplePlugin } from '@temporalio/plugin';
import { LocalArtifactStore, type ArtifactStore, type DatasetRef, type ModelRef } from '@sigmoid/arrow-store';
import { toApplicationFailure } from '@sigmoid/arrow-store/temporal';
import { LogisticRegression } from '@sigmoid/trainer';
import type { Metrics } from './classifier-evaluator.js';
import { evaluateModelOnData, type EvaluateModelOptions } from './model-evaluation.js';

/** Dependencies of the evaluation activities. */
export interface EvaluationActivityDeps {
  /** Where models (JSON) and datasets (Arrow IPC) are read from. */
  store: ArtifactStore;
}

/** The activities, as registered on a worker (workflows import this type only). */
export interface EvaluationActivities {
  /**
   * Loads the model (`LogisticRegression.toJSON()` output) and streams the dataset through it; returns
   * binary `accuracy, log_loss, roc_auc, average_precision, brier, precision, recall, f1,
   * confusion_matrix` or multiclass `accuracy, log_loss, f1_macro, roc_auc_ovr_macro, confusion_matrix`.
   * Bad input (unknown label, one class, schema mismatch, bad model) fails without retry.
   */
  evaluateModel(modelRef: ModelRef, datasetRef: DatasetRef, options?: EvaluateModelOptions): Promise<Metrics>;
}

/** Builds the evaluation activities over an artifact store (thin wrappers over {@link evaluateModelOnData}). */
export function createEvaluationActivities(deps: EvaluationActivityDeps): EvaluationActivities {
  const { store } = deps;
  return {
    async evaluateModel(modelRef: ModelRef, datasetRef: DatasetRef, options: EvaluateModelOptions = {}): Promise<Metrics> {
      try {
        const model = LogisticRegression.fromJSON(await store.readJson<Record<string, unknown>>(modelRef));
        return await evaluateModelOnData(model, store.readBatches(datasetRef), options);
      } catch (err) {
        throw toApplicationFailure(err);
      }
    },
  };
}

/** Options of {@link evaluationPlugin}. */
export interface EvaluationPluginOptions {
  /** The store, or a folder for a `LocalArtifactStore`. Default `new LocalArtifactStore()`. */
  store?: ArtifactStore | string;
  /** Plugin name. Default `"sigmoid.evaluation"`. */
  name?: string;
}

/** A `SimplePlugin` registering the evaluation activities on a worker. */
export function evaluationPlugin(options: EvaluationPluginOptions = {}): SimplePlugin {
  const store = typeof options.store === 'string' || options.store === undefined ? new LocalArtifactStore(options.store === undefined ? {} : { root: options.store }) : options.store;
  return new SimplePlugin({
    name: options.name ?? 'sigmoid.evaluation',
    activities: createEvaluationActivities({ store }),
  });
}
