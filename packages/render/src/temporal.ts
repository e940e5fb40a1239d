/**
 * Temporal plugin entry of @sigmoid/render: activities that read a model and a dataset from the
 * artifact store, draw the report's PNGs and write them back, returning small `ArtifactRef`s.
 *
 * @example
 * ```ts
 * import { Worker } from '@temporalio/worker';
 * import { LocalArtifactStore } from '@sigmoid/arrow-store';
 * import { renderPlugin } from '@sigmoid/render/temporal';
 * const store = new LocalArtifactStore({ root: '/data/artifacts' });
 * const worker = await Worker.create({ taskQueue: 'sigmoid', plugins: [renderPlugin({ store })] });
 * ```
 * @module @sigmoid/render/temporal
 */
import type { ArtifactRef, ArtifactStore, DatasetRef, ModelRef } from '@sigmoid/arrow-store';
import { toApplicationFailure } from '@sigmoid/arrow-store/temporal';
import { LogisticRegression } from '@sigmoid/trainer';
import { SimplePlugin } from '@temporalio/plugin';
import { renderBarChart, type Bar, type BarChartOptions } from './bar-chart.js';
import { renderReportImages, type ReportMetrics, type ReportModel, type ReportOptions } from './report.js';

/** What the render activities need. */
export interface RenderActivityDeps {
  /** Where models and datasets are read and PNGs written. */
  store: ArtifactStore;
  /** Turns stored model JSON into a classifier. Default: `LogisticRegression.fromJSON` of `@sigmoid/trainer`. */
  loadModel?: (json: unknown) => ReportModel;
}

function nonRetryable<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      throw toApplicationFailure(err);
    }
  };
}

/**
 * The render activities. Bad input (an invalid model, data or option) fails non-retryably with the
 * error's name as `type`; store I/O errors are retried by Temporal.
 */
export function createRenderActivities(deps: RenderActivityDeps) {
  const { store } = deps;
  const loadModel = deps.loadModel ?? ((json: unknown) => LogisticRegression.fromJSON(json as Record<string, unknown>) as unknown as ReportModel);
  return {
    /**
     * Draws the report of a trained model (boundary, ROC, PR, calibration, confusion matrix, loss:
     * whichever apply) and stores each PNG. `metrics` are the evaluation's (sklearn names).
     */
    renderReport: nonRetryable(async (modelRef: ModelRef, datasetRef: DatasetRef, metrics: ReportMetrics = {}, options: ReportOptions = {}): Promise<ArtifactRef[]> => {
      const model = loadModel(await store.readJson<unknown>(modelRef));
      const images = await renderReportImages(model, () => store.readBatches(datasetRef), metrics, options);
      const refs: ArtifactRef[] = [];
      for (const img of images) refs.push(await store.writeBytes(img.png, { name: img.name, mediaType: 'image/png' }));
      return refs;
    }),
    /** Draws the comparison chart of a sweep (one bar per trial, the best highlighted) and stores it. */
    renderSweepChart: nonRetryable(async (trials: Bar[], options: BarChartOptions = {}): Promise<ArtifactRef> => {
      const png = await renderBarChart(trials, { title: 'Sweep: validation log loss', ...options });
      return store.writeBytes(png, { name: 'sweep.png', mediaType: 'image/png' });
    }),
  };
}

/** The activities of {@link createRenderActivities}, as a type for workflows' `proxyActivities`. */
export type RenderActivities = ReturnType<typeof createRenderActivities>;

/** A worker plugin that registers the render activities (`renderReport`, `renderSweepChart`). */
export function renderPlugin(deps: RenderActivityDeps): SimplePlugin {
  return new SimplePlugin({ name: 'sigmoid.render', activities: createRenderActivities(deps) });
}
