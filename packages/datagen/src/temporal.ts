/**
 * Temporal plugin entry of @sigmoid/datagen: the `generateDataset` and `splitDataset` activities
 * (datasets go to the artifact store, only small `DatasetRef`s travel through history) and a
 * `SimplePlugin` that registers them.
 *
 * @module @sigmoid/datagen/temporal
 *
 * @example
 * ```ts
 * import { Worker } from '@temporalio/worker';
 * import { LocalArtifactStore } from '@sigmoid/arrow-store';
 * import { datagenPlugin } from '@sigmoid/datagen/temporal';
 *
 * const store = new LocalArtifactStore({ root: './artifacts' });
 * const worker = await Worker.create({ taskQueue: 'sigmoid', plugins: [datagenPlugin({ store })] });
 * // in a workflow:
 * // const all = await generateDataset({ generator: 'make_classification', params: { n_samples: 300, random_state: 2 } });
 * // const { train, test } = await splitDataset(all, { test_size: 0.25, random_state: 42 });
 * ```
 */
import { Context } from '@temporalio/activity';
import { SimplePlugin } from '@temporalio/plugin';
import { RecordBatch, Schema, Table } from 'apache-arrow';
import { InvalidParameterError, LocalArtifactStore, withRecycler, type ArtifactStore, type DatasetRef } from '@sigmoid/arrow-store';
import { toApplicationFailure } from '@sigmoid/arrow-store/temporal';
import { generate, generatorName, optionsFromSklearn, splitOptionsFromSklearn, type GeneratorName } from './sklearn-params.js';
import { streamClassificationAsync } from './stream-classification.js';
import type { MakeClassificationOptions } from './make-classification.js';
import { readDataset } from './dataset-file.js';
import { trainTestSplit } from './train-test-split.js';
import { PROVENANCE_KEYS } from './dataset-table.js';

/** What `generateDataset` makes: a scikit-learn generator with its keyword arguments, or a dataset file. */
export type DatasetSource =
  | { generator: GeneratorName; params: Record<string, unknown>; streaming?: boolean; batchSize?: number }
  | { path: string; batchSize?: number };

/** Dependencies of the datagen activities. */
export interface DatagenActivityDeps {
  /** Where datasets are written (Arrow IPC, content-addressed). */
  store: ArtifactStore;
}

/** The activities, as registered on a worker (workflows import this type only). */
export interface DatagenActivities {
  /**
   * Generates a dataset (scikit-learn keyword names; `streaming: true` streams `make_classification`
   * batch by batch in bounded memory, heartbeating its progress — also while it plans) or reads a dataset file
   * (`.arrow/.arrows/.feather/.csv`), and stores it. Invalid parameters fail without retry.
   */
  generateDataset(spec: DatasetSource): Promise<DatasetRef>;
  /** scikit-learn's `train_test_split` (keyword names: test_size, train_size, random_state, shuffle, stratify). */
  splitDataset(ref: DatasetRef, options: Record<string, unknown>): Promise<{ train: DatasetRef; test: DatasetRef }>;
}

function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null; // called outside an activity (tests, scripts)
  }
}

function heartbeating(batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>): AsyncIterable<RecordBatch> {
  const context = activityContext();
  return (async function* () {
    let rows = 0;
    for await (const batch of batches) {
      rows += batch.numRows;
      context?.heartbeat({ rows });
      yield batch;
    }
  })();
}

function withMetadata(table: Table, extra: Record<string, string>): Table {
  const metadata = new Map(table.schema.metadata);
  for (const [k, v] of Object.entries(extra)) metadata.set(k, v);
  const schema = new Schema(table.schema.fields, metadata);
  return new Table(schema, table.batches.map((b) => new RecordBatch(schema, b.data)));
}

async function generateInto(store: ArtifactStore, spec: DatasetSource): Promise<DatasetRef> {
  if (spec === null || typeof spec !== 'object') throw new InvalidParameterError('spec', 'a { generator, params } or { path } object', spec);
  if ('path' in spec) {
    if (typeof spec.path !== 'string' || spec.path === '') throw new InvalidParameterError('spec.path', 'a dataset file path', spec.path);
    const batches = readDataset(spec.path, { batchSize: spec.batchSize });
    return store.writeTable(withRecycler(heartbeating(batches), batches)); // the store hands each batch back once written
  }
  const name = generatorName(spec.generator);
  const params = spec.params ?? {};
  if (spec.streaming) {
    if (name !== 'make_classification') throw new InvalidParameterError('spec.streaming', 'true only with make_classification', spec.streaming);
    const context = activityContext();
    const options = optionsFromSklearn('make_classification', params) as MakeClassificationOptions;
    // The async variant yields to the event loop while it plans, so heartbeats go out before the first batch.
    return store.writeTable(streamClassificationAsync({ ...options, batchSize: spec.batchSize, onProgress: (progress) => context?.heartbeat(progress) }));
  }
  return store.writeTable(generate(name, params));
}

/** Builds the datagen activities over an artifact store (thin wrappers over the plain API). */
export function createDatagenActivities(deps: DatagenActivityDeps): DatagenActivities {
  const { store } = deps;
  return {
    async generateDataset(spec: DatasetSource): Promise<DatasetRef> {
      try {
        return await generateInto(store, spec);
      } catch (err) {
        throw toApplicationFailure(err);
      }
    },
    async splitDataset(ref: DatasetRef, options: Record<string, unknown>): Promise<{ train: DatasetRef; test: DatasetRef }> {
      try {
        const splitOptions = splitOptionsFromSklearn(options ?? {});
        const table = await store.readTable(ref);
        const { train, test } = trainTestSplit(table, splitOptions);
        const parent = { [PROVENANCE_KEYS.parent]: ref.sha256 };
        return { train: await store.writeTable(withMetadata(train, parent)), test: await store.writeTable(withMetadata(test, parent)) };
      } catch (err) {
        throw toApplicationFailure(err);
      }
    },
  };
}

/** Options of {@link datagenPlugin}. */
export interface DatagenPluginOptions {
  /** The store, or a folder for a `LocalArtifactStore`. Default `new LocalArtifactStore()`. */
  store?: ArtifactStore | string;
  /** Plugin name. Default `"sigmoid.datagen"`. */
  name?: string;
}

/** A `SimplePlugin` registering the datagen activities on a worker. */
export function datagenPlugin(options: DatagenPluginOptions = {}): SimplePlugin {
  const store = typeof options.store === 'string' || options.store === undefined ? new LocalArtifactStore(options.store === undefined ? {} : { root: options.store }) : options.store;
  return new SimplePlugin({ name: options.name ?? 'sigmoid.datagen', activities: createDatagenActivities({ store }) });
}
