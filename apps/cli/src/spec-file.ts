import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ApplicationFailure } from '@temporalio/common';
import { validatePipelineSpec, type PipelineSpec } from '@sigmoid/workflows';
import { UsageError } from './cli-support.js';

/** The reference demo: scikit-learn's make_classification(300, 2 informative, random_state=2) + LogisticRegression(). */
export const DEMO_SPEC: PipelineSpec = {
  data: {
    generator: 'make_classification',
    params: { n_samples: 300, n_features: 2, n_redundant: 0, n_informative: 2, random_state: 2, n_clusters_per_class: 1 },
  },
  model: {},
  render: { title: 'Logistic regression decision boundary' },
};

/** Reads a pipeline spec from .json, .yaml or .yml. @throws UsageError naming the file and the problem. */
export function readSpecFile(path: string): PipelineSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read spec file ${path}: ${(err as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  let value: unknown;
  try {
    if (ext === '.json') value = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml') value = parseYaml(text);
    else throw new UsageError(`Expected a spec file ending in .json, .yaml or .yml but received ${JSON.stringify(path)}`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`Cannot parse spec file ${path} as ${ext === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  return checkSpec(value, path);
}

/** Validates a spec with the same rules the workflow applies, as a usage error. */
export function checkSpec(value: unknown, where = 'spec'): PipelineSpec {
  try {
    validatePipelineSpec(value);
  } catch (err) {
    if (err instanceof ApplicationFailure) throw new UsageError(`Invalid ${where}: ${err.message}`);
    throw err;
  }
  return value;
}
