/**
 * The bad-input catalogue (fault suite item 6): each entry feeds one malformed input to the CLI, a library
 * or the workflow and names the typed error it must get. `tryBadInput` runs one entry and reports what
 * happened; tests and the summary script share the table.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, Float64, Int32, Schema, Utf8, tableFromArrays, tableToIPC } from 'apache-arrow';
import { WorkflowFailedError } from '@temporalio/client';
import { openArtifactStore, recordBatches, validateSchema, type DatasetRef } from '@sigmoid/arrow-store';
import { makeClassification, trainTestSplit } from '@sigmoid/datagen';
import { accuracyScore, logLoss } from '@sigmoid/evaluation';
import { LogisticRegression } from '@sigmoid/trainer';
import type { PipelineSpec } from '@sigmoid/workflows';
import { main } from '../../../cli/src/main.js';
import type { FaultContext } from './fault-context.js';
import { activityAttempts, within } from './pipeline-history.js';

export type Layer = 'cli' | 'library' | 'workflow';

/** What a bad input produced. */
export interface Handled {
  /** Error name (library), the `Name` of `sigmoid: <Name>: ...` (CLI) or the failure type (workflow). */
  type: string;
  message: string;
  /** CLI exit code. */
  exitCode?: number;
  /** Library: err.nonRetryable. */
  nonRetryable?: boolean;
  /** Workflow: attempts of every activity that ran (history), all must be 1. */
  attempts?: number[];
}

export interface BadInput {
  name: string;
  layer: Layer;
  /** Expected error type. */
  type: string;
  /** Expected CLI exit code (2 usage / bad parameter, 1 failed). */
  exitCode?: number;
  /** The message must match (names what was expected or received). */
  message: RegExp;
  /**
   * A known gap: the input is NOT handled as promised today (what happens instead). Such entries are tried
   * and reported by the summary script but not asserted by the tests until the owning package fixes them.
   */
  gap?: string;
  run(env: BadInputEnv): Promise<Handled>;
}

export interface BadInputEnv {
  ctx: FaultContext;
  /** Scratch folder with the fixture files (see `writeFixtures`). */
  dir: string;
  /** Runs a pipeline on a worker of the context's store (task queue chosen by the caller). */
  taskQueue: string;
}

/** Fixture files the CLI entries read. */
export function writeFixtures(dir: string): void {
  const good = makeClassification({ nSamples: 200, nFeatures: 3, nInformative: 2, nRedundant: 0, randomState: 1 });
  const bytes = tableToIPC(good, 'file');
  writeFileSync(join(dir, 'good.arrow'), bytes);
  writeFileSync(join(dir, 'truncated.arrow'), bytes.subarray(0, Math.floor(bytes.length / 2)));
  writeFileSync(join(dir, 'not-arrow.arrow'), 'x0,x1,y\n1,2,0\n');
  writeFileSync(join(dir, 'nan.csv'), 'x0,x1,y\n1,2,0\nNaN,1,1\n0.5,0.5,1\n');
  writeFileSync(join(dir, 'inf.csv'), 'x0,x1,y\n1,2,0\nInfinity,1,1\n0.5,0.5,1\n');
  writeFileSync(join(dir, 'one-class.csv'), 'x0,x1,y\n1,2,1\n3,1,1\n0.5,0.5,1\n');
  writeFileSync(join(dir, 'empty.csv'), 'x0,x1,y\n');
  writeFileSync(join(dir, 'no-label.csv'), 'x0,x1,z\n1,2,0\n3,1,1\n');
  writeFileSync(join(dir, 'text-feature.csv'), 'x0,x1,y\n1,abc,0\n3,1,1\n');
  writeFileSync(join(dir, 'malformed.yaml'), 'data:\n  generator: make_classification\n  params: {n_samples: 100\n model: [\n');
  writeFileSync(join(dir, 'malformed.json'), '{"data": {"generator": "make_classification",}');
  writeFileSync(join(dir, 'unknown-field.yaml'), 'data:\n  generator: make_classification\nmodle:\n  C: 1\n');
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ not: 'a model' }));
}

async function cli(args: string[]): Promise<Handled> {
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  let exitCode: number;
  try {
    exitCode = await main(['node', 'sigmoid', ...args]);
  } finally {
    process.stderr.write = write;
  }
  const m = /sigmoid: (\w+): ([^\n]*)/.exec(err);
  // Commander's own usage errors print "error: ..." without a type name.
  return { type: m?.[1] ?? (/^error:/m.test(err) ? 'CommanderError' : 'none'), message: m?.[2] ?? err.trim(), exitCode };
}

async function lib(fn: () => unknown): Promise<Handled> {
  try {
    await fn();
  } catch (e) {
    const err = e as Error & { nonRetryable?: boolean };
    return { type: err.name, message: err.message, nonRetryable: err.nonRetryable === true };
  }
  return { type: 'none', message: 'no error' };
}

async function workflow(env: BadInputEnv, spec: unknown): Promise<Handled> {
  const workflowId = `${env.taskQueue}-${Math.random().toString(36).slice(2, 8)}`;
  const handle = await env.ctx.client.workflow.start('trainingPipeline', { taskQueue: env.taskQueue, workflowId, args: [spec as PipelineSpec] });
  try {
    await within('a pipeline with bad input', 30_000, handle.result());
    return { type: 'none', message: 'the run succeeded' };
  } catch (e) {
    if (!(e instanceof WorkflowFailedError)) throw e;
    const cause = e.cause as { type?: string; message?: string; nonRetryable?: boolean } | undefined;
    return { type: cause?.type ?? 'none', message: cause?.message ?? '', nonRetryable: cause?.nonRetryable === true, attempts: (await activityAttempts(handle)).map((a) => a.attempt) };
  }
}

const gen = (params: Record<string, unknown>) => ({ generator: 'make_classification' as const, params: { n_samples: 200, random_state: 0, ...params } });
const table = (cols: Record<string, ArrayLike<number>>) => tableFromArrays(cols as Record<string, Float64Array>);

export const BAD_INPUTS: BadInput[] = [
  // --- CLI
  { name: 'datagen: negative n_samples', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /nSamples but received -5/, run: () => cli(['datagen', 'make-classification', '--params', '{"n_samples":-5}', '--out', '/tmp/never.arrow']) },
  { name: 'datagen: n_samples that overflows to Infinity (1e400)', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /nSamples but received Infinity/, run: () => cli(['datagen', 'make-classification', '--params', '{"n_samples":1e400}', '--out', '/tmp/never.arrow']) },
  {
    name: 'datagen: huge n_samples (1e15) without --stream',
    layer: 'cli',
    type: 'InvalidParameterError',
    exitCode: 2,
    message: /nSamples/,
    run: () => cli(['datagen', 'make-classification', '--params', '{"n_samples":1e15}', '--out', '/tmp/never.arrow']),
  },
  { name: 'datagen: n_samples of the wrong type', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /nSamples but received "many" of type string/, run: () => cli(['datagen', 'make-classification', '--params', '{"n_samples":"many"}', '--out', '/tmp/never.arrow']) },
  { name: 'datagen: unknown parameter', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /n_sample\b|n_sample"/, run: () => cli(['datagen', 'make-classification', '--params', '{"n_sample":10}', '--out', '/tmp/never.arrow']) },
  { name: 'datagen: --params is not JSON', layer: 'cli', type: 'UsageError', exitCode: 2, message: /JSON/, run: () => cli(['datagen', 'make-classification', '--params', '{n_samples: 10', '--out', '/tmp/never.arrow']) },
  { name: 'datagen: unknown generator', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /make-spirals/, run: () => cli(['datagen', 'make-spirals', '--out', '/tmp/never.arrow']) },
  { name: 'fit: truncated Arrow file', layer: 'cli', type: 'DatasetFileError', exitCode: 1, message: /truncated\.arrow/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'truncated.arrow'), '--out', join(dir, 'm1.json')]) },
  { name: 'fit: CSV bytes in an .arrow file', layer: 'cli', type: 'DatasetFileError', exitCode: 1, message: /not-arrow\.arrow/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'not-arrow.arrow'), '--out', join(dir, 'm2.json')]) },
  { name: 'fit: NaN in the features', layer: 'cli', type: 'NonFiniteFeatureError', exitCode: 1, message: /NaN/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'nan.csv'), '--out', join(dir, 'm3.json')]) },
  { name: 'fit: Infinity in the features', layer: 'cli', type: 'NonFiniteFeatureError', exitCode: 1, message: /Infinity|finite/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'inf.csv'), '--out', join(dir, 'm4.json')]) },
  { name: 'fit: one class only', layer: 'cli', type: 'SingleClassError', exitCode: 1, message: /class/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'one-class.csv'), '--out', join(dir, 'm5.json')]) },
  { name: 'fit: empty data (header only)', layer: 'cli', type: 'EmptyDatasetError', exitCode: 1, message: /empty|no rows|0 rows/i, run: ({ dir }) => cli(['fit', '--data', join(dir, 'empty.csv'), '--out', join(dir, 'm6.json')]) },
  { name: 'fit: label column missing (wrong schema)', layer: 'cli', type: 'DatasetFileError', exitCode: 1, message: /label column "y"/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'no-label.csv'), '--out', join(dir, 'm7.json')]) },
  { name: 'fit: negative C', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /C\b/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'good.arrow'), '--params', '{"C":-1}', '--out', join(dir, 'm8.json')]) },
  { name: 'fit: unknown solver', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /solver/, run: ({ dir }) => cli(['fit', '--data', join(dir, 'good.arrow'), '--params', '{"solver":"magic"}', '--out', join(dir, 'm9.json')]) },
  { name: 'run: malformed YAML spec', layer: 'cli', type: 'UsageError', exitCode: 2, message: /YAML/, run: ({ dir }) => cli(['run', '--spec', join(dir, 'malformed.yaml'), '--no-progress']) },
  { name: 'run: malformed JSON spec', layer: 'cli', type: 'UsageError', exitCode: 2, message: /JSON/, run: ({ dir }) => cli(['run', '--spec', join(dir, 'malformed.json'), '--no-progress']) },
  { name: 'run: unknown spec field', layer: 'cli', type: 'UsageError', exitCode: 2, message: /modle/, run: ({ dir }) => cli(['run', '--spec', join(dir, 'unknown-field.yaml'), '--no-progress']) },
  { name: 'evaluate: a JSON file that is not a model', layer: 'cli', type: 'InvalidParameterError', exitCode: 2, message: /model/i, run: ({ dir }) => cli(['evaluate', '--model', join(dir, 'model.json'), '--data', join(dir, 'good.arrow')]) },
  // --- libraries
  { name: 'makeClassification: nSamples 0', layer: 'library', type: 'InvalidParameterError', message: /nSamples/, run: () => lib(() => makeClassification({ nSamples: 0 })) },
  { name: 'makeClassification: nFeatures NaN', layer: 'library', type: 'InvalidParameterError', message: /nFeatures/, run: () => lib(() => makeClassification({ nFeatures: Number.NaN })) },
  { name: 'trainTestSplit: testSize 1.5', layer: 'library', type: 'InvalidParameterError', message: /test/i, run: () => lib(() => trainTestSplit(makeClassification({ nSamples: 20 }), { testSize: 1.5 })) },
  { name: 'LogisticRegression: C Infinity', layer: 'library', type: 'InvalidParameterError', message: /\bC\b/, run: () => lib(() => new LogisticRegression({ C: Number.POSITIVE_INFINITY })) },
  { name: 'LogisticRegression: unknown parameter', layer: 'library', type: 'InvalidParameterError', message: /penalti/, run: () => lib(() => new LogisticRegression({ penalti: 'l2' } as never)) },
  { name: 'LogisticRegression.fit: empty table', layer: 'library', type: 'EmptyDatasetError', message: /empty|no rows|0 rows/i, run: () => lib(() => new LogisticRegression().fit(table({ x0: new Float64Array(0), y: new Int32Array(0) }))) },
  { name: 'LogisticRegression.fit: Inf feature', layer: 'library', type: 'NonFiniteFeatureError', message: /Infinity|finite/, run: () => lib(() => new LogisticRegression().fit(table({ x0: Float64Array.of(1, Infinity, 2), y: Int32Array.of(0, 1, 0) }))) },
  { name: 'LogisticRegression.fit: not a data source', layer: 'library', type: 'InvalidDataError', message: /source|batch/i, run: () => lib(() => new LogisticRegression().fit(42 as never)) },
  { name: 'accuracyScore: lengths differ', layer: 'library', type: 'LengthMismatchError', message: /length/i, run: () => lib(() => accuracyScore([0, 1, 1], [0, 1])) },
  { name: 'logLoss: probability NaN', layer: 'library', type: 'InvalidProbabilityError', message: /NaN/, run: () => lib(() => logLoss([0, 1], [0.2, Number.NaN])) },
  { name: 'validateSchema: a feature column of type Utf8', layer: 'library', type: 'SchemaMismatchError', message: /x1/, run: () => lib(() => validateSchema(new Schema([new Field('x0', new Float64()), new Field('x1', new Utf8()), new Field('y', new Int32())]), { features: ['x0', 'x1'], label: 'y' })) },
  { name: 'recordBatches: a number', layer: 'library', type: 'InvalidDataError', message: /source|batch/i, run: () => lib(async () => { for await (const _ of recordBatches(7 as never)) void _; }) },
  {
    name: 'artifact store: path-escaping uri',
    layer: 'library',
    type: 'InvalidArtifactKeyError',
    message: /\.\./,
    run: ({ ctx }) => lib(async () => {
      const store = await openArtifactStore(ctx.artifacts);
      const ref = { kind: 'model', uri: `${store.baseUri}/sha256/../../../../etc/passwd`, sha256: 'a'.repeat(64), byteLength: 10 } as const;
      return store.readJson(ref);
    }),
  },
  {
    name: 'artifact store: uri of another root',
    layer: 'library',
    type: 'InvalidArtifactKeyError',
    message: /etc/,
    run: ({ ctx }) => lib(async () => (await openArtifactStore(ctx.artifacts)).readTable({ kind: 'dataset', uri: 'file:///etc/passwd', sha256: 'a'.repeat(64), numRows: 1, byteLength: 10, schema: { fields: [], metadata: {} } } as DatasetRef)),
  },
  // --- workflow input (real worker, real activities)
  { name: 'workflow: spec is a string', layer: 'workflow', type: 'InvalidPipelineSpec', message: /spec object/, run: (env) => workflow(env, 'make_classification') },
  { name: 'workflow: unknown spec field', layer: 'workflow', type: 'InvalidPipelineSpec', message: /modle/, run: (env) => workflow(env, { data: gen({}), modle: {} }) },
  { name: 'workflow: negative n_samples', layer: 'workflow', type: 'InvalidParameterError', message: /generating failed: .*nSamples but received -3/, run: (env) => workflow(env, { data: gen({ n_samples: -3 }) }) },
  { name: 'workflow: C of the wrong type', layer: 'workflow', type: 'InvalidParameterError', message: /\bC\b/, run: (env) => workflow(env, { data: gen({}), model: { C: 'high' }, render: false }) },
  { name: 'workflow: test_size 1.5', layer: 'workflow', type: 'InvalidParameterError', message: /splitting failed: .*test_size=1.5/, run: (env) => workflow(env, { data: gen({}), split: { test_size: 1.5 }, render: false }) },
  { name: 'workflow: data file missing', layer: 'workflow', type: 'DatasetFileError', message: /nowhere\.arrow/, run: (env) => workflow(env, { data: { path: join(env.dir, 'nowhere.arrow') }, render: false }) },
  { name: 'workflow: truncated Arrow data file', layer: 'workflow', type: 'DatasetFileError', message: /truncated\.arrow/, run: (env) => workflow(env, { data: { path: join(env.dir, 'truncated.arrow') }, render: false }) },
  { name: 'workflow: one class (weights [1, 0])', layer: 'workflow', type: 'SingleClassError', message: /class/, run: (env) => workflow(env, { data: gen({ weights: [1, 0], flip_y: 0 }), render: false }) },
];

/** Runs one catalogue entry; `ms` is its wall time. */
export async function tryBadInput(entry: BadInput, env: BadInputEnv): Promise<Handled & { ms: number }> {
  const t0 = performance.now();
  const handled = await entry.run(env);
  return { ...handled, ms: performance.now() - t0 };
}

/** Whether an outcome is what the entry promises (type, message, exit code, non-retryable, one attempt). */
export function handledAsPromised(entry: BadInput, h: Handled): boolean {
  if (h.type !== entry.type || !entry.message.test(h.message)) return false;
  if (entry.layer === 'cli' && h.exitCode !== entry.exitCode) return false;
  if (entry.layer === 'library' && h.nonRetryable !== true) return false;
  if (entry.layer === 'workflow' && (h.nonRetryable !== true || (h.attempts ?? []).some((a) => a !== 1))) return false;
  return true;
}
