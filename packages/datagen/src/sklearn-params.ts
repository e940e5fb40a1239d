import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { RecordBatch, Table } from 'apache-arrow';
import { makeClassification, type MakeClassificationOptions } from './make-classification.js';
import { makeBlobs, type MakeBlobsOptions } from './make-blobs.js';
import { makeCircles, makeMoons, type MakeCirclesOptions, type MakeMoonsOptions } from './make-moons.js';
import { streamClassification } from './stream-classification.js';
import type { TrainTestSplitOptions } from './train-test-split.js';

/** scikit-learn generator names this package reproduces. */
export type GeneratorName = 'make_classification' | 'make_blobs' | 'make_moons' | 'make_circles';

/** Each generator's scikit-learn keyword arguments (the accepted snake_case keys). */
export const SKLEARN_KEYWORDS: Record<GeneratorName | 'train_test_split', readonly string[]> = {
  make_classification: ['n_samples', 'n_features', 'n_informative', 'n_redundant', 'n_repeated', 'n_classes', 'n_clusters_per_class', 'weights', 'flip_y', 'class_sep', 'hypercube', 'shift', 'scale', 'shuffle', 'random_state'],
  make_blobs: ['n_samples', 'n_features', 'centers', 'cluster_std', 'center_box', 'shuffle', 'random_state'],
  make_moons: ['n_samples', 'shuffle', 'noise', 'random_state'],
  make_circles: ['n_samples', 'shuffle', 'noise', 'random_state', 'factor'],
  train_test_split: ['test_size', 'train_size', 'random_state', 'shuffle', 'stratify'],
};

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `make-classification` or `make_classification` -> `make_classification`. @throws InvalidParameterError otherwise. */
export function generatorName(name: string): GeneratorName {
  const canonical = String(name).replace(/-/g, '_');
  if (canonical in SKLEARN_KEYWORDS && canonical !== 'train_test_split') return canonical as GeneratorName;
  throw new InvalidParameterError('generator', 'one of make_classification, make_blobs, make_moons, make_circles', name);
}

/**
 * Maps scikit-learn keyword arguments (`{"n_samples": 300, "random_state": 2}`) to this package's
 * camelCase options. JSON `null` stays null (meaning scikit-learn's `None`).
 * @throws InvalidParameterError for a keyword the scikit-learn function does not have.
 */
export function optionsFromSklearn(fn: GeneratorName | 'train_test_split', params: Record<string, unknown>): Record<string, unknown> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new InvalidParameterError('params', 'an object of scikit-learn keyword arguments', params);
  const known = SKLEARN_KEYWORDS[fn];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!known.includes(key)) throw new InvalidParameterError(`params.${key}`, `a keyword argument of ${fn} (${known.join(', ')})`, value);
    out[camel(key)] = value;
  }
  return out;
}

/** Runs a generator from scikit-learn keyword arguments: `generate('make_moons', { n_samples: 200, noise: 0.1 })`. */
export function generate(generator: GeneratorName | string, params: Record<string, unknown> = {}): Table {
  const name = generatorName(generator);
  const options = optionsFromSklearn(name, params);
  switch (name) {
    case 'make_classification':
      return makeClassification(options as MakeClassificationOptions);
    case 'make_blobs':
      return makeBlobs(options as MakeBlobsOptions);
    case 'make_moons':
      return makeMoons(options as MakeMoonsOptions);
    case 'make_circles':
      return makeCircles(options as MakeCirclesOptions);
  }
}

/** `streamClassification` from scikit-learn keyword arguments plus a batch size. */
export function generateStream(params: Record<string, unknown>, batchSize?: number): Generator<RecordBatch, void, undefined> {
  return streamClassification({ ...(optionsFromSklearn('make_classification', params) as MakeClassificationOptions), batchSize });
}

/** `trainTestSplit` options from `train_test_split` keyword arguments (`stratify` may be true or a column name). */
export function splitOptionsFromSklearn(params: Record<string, unknown>): TrainTestSplitOptions {
  return optionsFromSklearn('train_test_split', params) as TrainTestSplitOptions;
}
