import type { Command } from 'commander';
import { datasetFormat, generate, generateStream, generatorName, readDatasetTable, splitOptionsFromSklearn, trainTestSplit, writeDataset } from '@sigmoid/datagen';
import { parseJsonObject, UsageError } from '../cli-support.js';

interface DatagenFlags {
  params?: string;
  out: string;
  stream?: boolean;
  batchSize?: string;
}

interface SplitFlags {
  data: string;
  params?: string;
  trainOut: string;
  testOut: string;
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`Expected a positive integer for ${flag} but received ${JSON.stringify(text)}`);
  return n;
}

async function runDatagen(generator: string, flags: DatagenFlags): Promise<void> {
  const name = generatorName(generator);
  const params = parseJsonObject('--params', flags.params);
  datasetFormat(flags.out); // reject an unknown extension before generating anything
  if (flags.stream) {
    if (name !== 'make_classification') throw new UsageError(`Expected --stream only with make-classification but received ${generator}`);
    const batchSize = flags.batchSize === undefined ? undefined : positiveInteger('--batch-size', flags.batchSize);
    const written = await writeDataset(flags.out, generateStream(params, batchSize));
    process.stdout.write(`${name} (streamed): wrote ${written.numRows} rows in ${written.numBatches} batches to ${written.path}\n`);
    return;
  }
  if (flags.batchSize !== undefined) throw new UsageError('Expected --batch-size only together with --stream');
  const table = generate(name, params);
  const written = await writeDataset(flags.out, table);
  process.stdout.write(`${name}: wrote ${written.numRows} rows x ${table.numCols - 1} features to ${written.path}\n`);
}

async function runSplit(flags: SplitFlags): Promise<void> {
  const options = splitOptionsFromSklearn(parseJsonObject('--params', flags.params));
  datasetFormat(flags.trainOut);
  datasetFormat(flags.testOut);
  const table = await readDatasetTable(flags.data);
  const { train, test } = trainTestSplit(table, options);
  await writeDataset(flags.trainOut, train);
  await writeDataset(flags.testOut, test);
  process.stdout.write(`train_test_split: ${train.numRows} train rows to ${flags.trainOut}, ${test.numRows} test rows to ${flags.testOut}\n`);
}

/**
 * Registers `sigmoid datagen <generator>` (scikit-learn's make_* generators, same numbers for the
 * same seed) and `sigmoid split` (scikit-learn's train_test_split).
 */
export function registerDatagenCommands(program: Command): void {
  program
    .command('datagen')
    .description("Generate a dataset exactly as scikit-learn does for the same keyword arguments and seed")
    .argument('<generator>', 'make-classification | make-blobs | make-moons | make-circles')
    .option('--params <json>', 'scikit-learn keyword arguments as JSON (or @file.json), e.g. \'{"n_samples":300,"random_state":2}\'')
    .requiredOption('--out <file>', 'output file: .arrow/.feather (Arrow IPC file), .arrows (Arrow IPC stream) or .csv (columns x0..,y)')
    .option('--stream', 'make-classification only: generate in bounded memory batch by batch (same rows, different order; see README)')
    .option('--batch-size <rows>', 'rows per batch with --stream (default 65536)')
    .addHelpText('after', `
Examples:
  sigmoid datagen make-classification --params '{"n_samples":300,"n_features":2,"n_redundant":0,"n_informative":2,"random_state":2,"n_clusters_per_class":1}' --out demo.arrow
  sigmoid datagen make-moons --params '{"n_samples":200,"noise":0.1,"random_state":3}' --out moons.csv
  sigmoid datagen make-classification --params '{"n_samples":100000000,"random_state":0}' --stream --out big.arrow

Invalid keyword arguments exit with status 2 and scikit-learn's ValueError reason.`)
    .action(runDatagen);

  program
    .command('split')
    .description("Split a dataset file into train and test files, rows in scikit-learn's train_test_split order")
    .requiredOption('--data <file>', 'input dataset (.arrow, .arrows, .feather or .csv)')
    .option('--params <json>', 'train_test_split keyword arguments as JSON: test_size, train_size, random_state, shuffle, stratify (true or a column name)')
    .requiredOption('--train-out <file>', 'train part (.arrow/.arrows/.feather/.csv)')
    .requiredOption('--test-out <file>', 'test part (.arrow/.arrows/.feather/.csv)')
    .addHelpText('after', `
Example:
  sigmoid split --data demo.arrow --params '{"test_size":0.25,"random_state":42}' --train-out train.arrow --test-out test.arrow`)
    .action(runSplit);
}
