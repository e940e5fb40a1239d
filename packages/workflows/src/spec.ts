import { ApplicationFailure } from '@temporalio/workflow';
import type { PipelineSpec, SweepSpec } from './shared.js';

/** Error type of a malformed pipeline or sweep spec (non-retryable). */
export const INVALID_SPEC = 'InvalidPipelineSpec';

const GENERATORS = ['make_classification', 'make_blobs', 'make_moons', 'make_circles'];
const SPEC_KEYS = ['data', 'split', 'model', 'render', 'retry', 'timeouts'];

function fail(message: string): never {
  throw ApplicationFailure.create({ message, type: INVALID_SPEC, nonRetryable: true });
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the shape of a pipeline spec before any step runs, so a typo fails the run at once with a
 * message naming the field, instead of after minutes of work. Deep parameter checks stay in the plugins.
 */
export function validatePipelineSpec(spec: unknown): asserts spec is PipelineSpec {
  if (!isObject(spec)) fail(`Expected a pipeline spec object but received ${typeOf(spec)}`);
  for (const key of Object.keys(spec)) if (!SPEC_KEYS.includes(key)) fail(`Unknown pipeline spec field "${key}"; expected one of ${SPEC_KEYS.join(', ')}`);
  const data = spec.data;
  if (!isObject(data)) fail(`Expected spec.data to be {generator, params} or {path} but received ${typeOf(data)}`);
  if ('path' in data) {
    if (typeof data.path !== 'string' || data.path === '') fail(`Expected a non-empty string for spec.data.path but received ${typeOf(data.path)}`);
  } else {
    if (typeof data.generator !== 'string' || !GENERATORS.includes(data.generator)) fail(`Expected spec.data.generator to be one of ${GENERATORS.join(', ')} but received ${JSON.stringify(data.generator)}`);
    if (data.params !== undefined && !isObject(data.params)) fail(`Expected an object for spec.data.params but received ${typeOf(data.params)}`);
  }
  for (const key of ['split', 'model'] as const) {
    const v = spec[key];
    if (v !== undefined && v !== null && !isObject(v)) fail(`Expected an object for spec.${key} but received ${typeOf(v)}`);
  }
  if (spec.render !== undefined && spec.render !== false && !isObject(spec.render)) fail(`Expected an object or false for spec.render but received ${typeOf(spec.render)}`);
  if (spec.retry !== undefined) {
    if (!isObject(spec.retry)) fail(`Expected an object for spec.retry but received ${typeOf(spec.retry)}`);
    const m = spec.retry.maximumAttempts;
    if (m !== undefined && !(Number.isInteger(m) && (m as number) >= 1)) fail(`Expected an integer >= 1 for spec.retry.maximumAttempts but received ${JSON.stringify(m)}`);
  }
  if (spec.timeouts !== undefined) {
    if (!isObject(spec.timeouts)) fail(`Expected an object for spec.timeouts but received ${typeOf(spec.timeouts)}`);
    for (const key of Object.keys(spec.timeouts)) if (key !== 'fitHeartbeat') fail(`Unknown spec.timeouts field "${key}"; expected fitHeartbeat`);
    const h = spec.timeouts.fitHeartbeat;
    if (h !== undefined && !((typeof h === 'number' && Number.isFinite(h) && h >= 1000) || (typeof h === 'string' && /^\d+(\.\d+)?\s*(ms|s|seconds?|m|minutes?)$/.test(h.trim())))) {
      fail(`Expected a duration of at least 1000 ms (number of ms or a string such as "3 seconds") for spec.timeouts.fitHeartbeat but received ${JSON.stringify(h)}`);
    }
  }
}

export function validateSweepSpec(spec: unknown): asserts spec is SweepSpec {
  if (!isObject(spec)) fail(`Expected a sweep spec object but received ${typeOf(spec)}`);
  validatePipelineSpec(spec.base);
  if (!isObject(spec.grid) || Object.keys(spec.grid).length === 0) fail(`Expected spec.grid to be a non-empty object of parameter -> values but received ${typeOf(spec.grid)}`);
  for (const [k, values] of Object.entries(spec.grid)) {
    if (!Array.isArray(values) || values.length === 0) fail(`Expected a non-empty array of values for grid parameter "${k}" but received ${typeOf(values)}`);
  }
  const c = spec.maxConcurrency;
  if (c !== undefined && !(Number.isInteger(c) && (c as number) >= 1)) fail(`Expected an integer >= 1 for maxConcurrency but received ${JSON.stringify(c)}`);
}
