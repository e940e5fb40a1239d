/**
 * The activity contract the workflows call. Each plugin's `./temporal` entry implements its part;
 * workflows import this file for types only, so no plugin code enters the workflow sandbox.
 */
import type { ArtifactRef, DatasetRef, ModelRef } from '@sigmoid/arrow-store';
import type { DataSource, Metrics, ModelSummary } from './shared.js';

export interface SigmoidActivities {
  /** @sigmoid/datagen: generate (or read) a dataset into the artifact store. */
  generateDataset(spec: DataSource): Promise<DatasetRef>;
  /** @sigmoid/datagen: scikit-learn's train_test_split. */
  splitDataset(ref: DatasetRef, options: Record<string, unknown>): Promise<{ train: DatasetRef; test: DatasetRef }>;
  /** @sigmoid/trainer: fit; heartbeats its checkpoint and resumes from it on retry. */
  fitModel(ref: DatasetRef, params: Record<string, unknown>): Promise<{ model: ModelRef; summary: ModelSummary; stoppedEarly?: boolean }>;
  /** @sigmoid/evaluation: the metric set of `sigmoid evaluate`. */
  evaluateModel(model: ModelRef, data: DatasetRef): Promise<Metrics>;
  /** @sigmoid/render: the report's PNGs. */
  renderReport(model: ModelRef, data: DatasetRef, metrics: Metrics, options?: Record<string, unknown>): Promise<ArtifactRef[]>;
  /** @sigmoid/render: the sweep comparison chart. */
  renderSweepChart(trials: { label: string; value: number }[], options?: Record<string, unknown>): Promise<ArtifactRef>;
}
