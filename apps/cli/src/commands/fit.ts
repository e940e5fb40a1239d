import { createReadStream } from 'node:fs';
import { readFile, writeFile, rename } from 'node:fs/promises';
import type { Command } from 'commander';
import { Float64, Field, RecordBatch, RecordBatchReader, Schema, makeData, Struct } from 'apache-arrow';
import type { DatasetSpec } from '@sigmoid/arrow-store';
import { datasetFormat, readDataset, writeDataset } from '@sigmoid/datagen';
import { LogisticRegression, type FitProgress } from '@sigmoid/trainer';
import { parseJsonObject, UsageError } from '../cli-support.js';

interface FitFlags {
  data: string;
  params?: string;
  out: string;
  features?: string;
  label?: string;
  weight?: string;
  progress?: boolean;
}

interface PredictFlags {
  model: string;
  data: string;
  out: string;
}

/** A DatasetSpec from --features/--label/--weight, or undefined to use the file's x0..x{d-1} / y convention. */
function specFromFlags(flags: FitFlags): DatasetSpec | undefined {
  if (flags.features === undefined && flags.label === undefined && flags.weight === undefined) return undefined;
  if (flags.features === undefined) throw new UsageError('Expected --features together with --label/--weight but received no --features');
  const features = flags.features.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (features.length === 0) throw new UsageError(`Expected a comma-separated list of columns for --features but received ${JSON.stringify(flags.features)}`);
  return { features, label: flags.label ?? 'y', ...(flags.weight !== undefined ? { weight: flags.weight } : {}) };
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.partial`;
  await writeFile(temp, JSON.stringify(value, null, 2) + '\n');
  await rename(temp, path);
}

async function runFit(flags: FitFlags): Promise<void> {
  const params = parseJsonObject('--params', flags.params);
  const spec = specFromFlags(flags);
  if (!flags.out.endsWith('.json')) throw new UsageError(`Expected a .json file for --out but received ${JSON.stringify(flags.out)}`);
  const model = new LogisticRegression(params);
  // The exact solvers read the file once per iteration: hand them a function that reopens it.
  const source = () => readDataset(flags.data, spec !== undefined ? { spec } : {});
  const onProgress = flags.progress
    ? (p: FitProgress) => {
        process.stderr.write(`iteration ${p.iteration} epoch ${p.epoch} rows ${p.rowsSeen} loss ${p.loss}\n`);
      }
    : undefined;
  await model.fit(source, spec, onProgress ? { onProgress } : {});
  await writeJsonAtomically(flags.out, model.toJSON());
  const rows = model.coef_.map((r) => `[${Array.from(r, (v) => v.toFixed(6)).join(', ')}]`).join(' ');
  process.stdout.write(
    `${model.params.solver}: ${model.nIter_} iterations, objective ${model.history_.loss.at(-1)}, classes ${JSON.stringify(model.classes_)}\n` +
      `coef ${rows}\nintercept [${Array.from(model.intercept_, (v) => v.toFixed(6)).join(', ')}]\nwrote ${flags.out}\n`,
  );
}

/**
 * Batches of a dataset file that may have no label column. readDataset validates a label, so Arrow
 * files (IPC file or stream, told apart by their magic bytes) are read with apache-arrow directly;
 * CSV goes through readDataset and needs its `y` column.
 */
async function* featureBatches(path: string): AsyncGenerator<RecordBatch> {
  if (datasetFormat(path) === 'csv') {
    yield* readDataset(path);
    return;
  }
  const reader = await RecordBatchReader.from(createReadStream(path));
  for await (const batch of reader) yield batch;
}

async function runPredict(flags: PredictFlags): Promise<void> {
  datasetFormat(flags.out);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(flags.model, 'utf8'));
  } catch (err) {
    throw new UsageError(`Expected a model JSON file written by \`sigmoid fit\` for --model but could not read ${JSON.stringify(flags.model)}: ${(err as Error).message}`);
  }
  const model = LogisticRegression.fromJSON(json as Record<string, unknown>);
  const names = model.classes_.map((c) => `proba_${String(c)}`);
  const schema = new Schema(names.map((n) => new Field(n, new Float64(), false)));
  const K = names.length;
  // One batch in, one batch of probabilities out: memory stays bounded by the batch.
  async function* probabilities(): AsyncGenerator<RecordBatch> {
    for await (const batch of featureBatches(flags.data)) {
      const p = model.predictProba(batch);
      const n = batch.numRows;
      const children = names.map((_, k) => {
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) col[i] = p[i * K + k]!;
        return makeData({ type: new Float64(), length: n, nullCount: 0, data: col });
      });
      yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
    }
  }
  const written = await writeDataset(flags.out, probabilities());
  process.stdout.write(`predicted ${written.numRows} rows (${names.join(', ')}) to ${written.path}\n`);
}

/**
 * Registers `sigmoid fit` (train a logistic regression on a dataset file, write the model JSON) and
 * `sigmoid predict` (class probabilities for a dataset file).
 */
export function registerFitCommands(program: Command): void {
  program
    .command('fit')
    .description('Fit a streaming logistic regression (scikit-learn LogisticRegression objective) on a dataset file')
    .requiredOption('--data <file>', 'dataset: .arrow/.feather (Arrow IPC file), .arrows (IPC stream) or .csv')
    .option('--params <json>', "LogisticRegression parameters as JSON (scikit-learn names, e.g. '{\"C\": 0.5, \"penalty\": \"l1\"}', plus Sigmoid's: solver sgd/adam/adagrad/ftrl, standardize, batch_size, epochs, ...) or @file.json")
    .requiredOption('--out <model.json>', 'where to write the model (coef, intercept, classes, n_iter, params, history)')
    .option('--features <cols>', 'comma-separated feature columns (default: x0..x{d-1})')
    .option('--label <col>', 'label column (default: y)')
    .option('--weight <col>', 'sample-weight column (default: sample_weight when present)')
    .option('--progress', 'print loss per iteration / progress every 100 batches on stderr')
    .action(runFit);
  program
    .command('predict')
    .description('Write class probabilities (columns proba_<class>) of a fitted model for a dataset file')
    .requiredOption('--model <model.json>', 'a model written by `sigmoid fit`')
    .requiredOption('--data <file>', "dataset with the model's feature columns (.arrow/.arrows: label optional; .csv: with its y column)")
    .requiredOption('--out <file>', 'probabilities: .csv, .arrow or .arrows')
    .action(runPredict);
}
