/**
 * Validation at the edge, in the style of sharp's `is.*` predicates: each check either returns the value
 * or throws `InvalidParameterError` ("Expected <what> for <name> but received <value>").
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { RandomState, type RandomStateLike } from '@sigmoid/random';

export function integerAtLeast(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidParameterError(name, `an integer >= ${min}`, value);
  }
  return value;
}

/**
 * Largest table an in-memory generator builds: 2^31 - 1 rows (Arrow's Int32 offsets) and 2^31 values in all
 * (16 GiB of Float64). Beyond that the streaming generators (`streamClassification`, `--stream`) are the way.
 */
export const MAX_IN_MEMORY_VALUES = 2 ** 31;

/** Refuses, before allocating, a table that cannot be built in memory. */
export function inMemorySize(nSamples: number, nFeatures: number): void {
  if (nSamples > 2 ** 31 - 1 || nSamples * Math.max(1, nFeatures) > MAX_IN_MEMORY_VALUES) {
    throw new InvalidParameterError(
      'nSamples',
      `at most ${Math.floor(MAX_IN_MEMORY_VALUES / Math.max(1, nFeatures)).toLocaleString('en-US')} rows for ${nFeatures} features in memory (stream larger data with streamClassification / --stream)`,
      nSamples,
    );
  }
}

export function finiteNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidParameterError(name, 'a finite number', value);
  return value;
}

export function booleanValue(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidParameterError(name, 'a boolean', value);
  return value;
}

export function finiteNumberArray(name: string, value: unknown, length?: number): number[] {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) {
    throw new InvalidParameterError(name, length === undefined ? 'an array of finite numbers' : `an array of ${length} finite numbers`, value);
  }
  const arr = Array.from(value as ArrayLike<unknown>);
  if (length !== undefined && arr.length !== length) throw new InvalidParameterError(name, `an array of ${length} finite numbers`, value);
  arr.forEach((v, i) => finiteNumber(`${name}[${i}]`, v));
  return arr as number[];
}

/** A seed (integer or integer array) or a `RandomState`, or undefined for fresh entropy. */
export function randomStateOption(name: string, value: unknown): RandomStateLike {
  if (value === undefined || value === null || value instanceof RandomState) return (value ?? undefined) as RandomStateLike;
  const isWord = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
  if (isWord(value)) return value as number;
  if (Array.isArray(value) && value.length > 0 && value.every(isWord)) return value as number[];
  throw new InvalidParameterError(name, 'an integer between 0 and 2**32 - 1, an array of them, a RandomState or undefined', value);
}

/** What provenance records as the seed: the number/array, or null when not reproducible from metadata. */
export function seedForProvenance(randomState: RandomStateLike): number | number[] | null {
  if (typeof randomState === 'number') return randomState;
  if (randomState !== undefined && !(randomState instanceof RandomState)) return Array.from(randomState);
  return null;
}

/** Rejects option names the function does not know (typos would otherwise be silently ignored). */
export function rejectUnknownKeys(options: object, known: Set<string>, where: string): void {
  for (const key of Object.keys(options)) {
    if (!known.has(key) && (options as Record<string, unknown>)[key] !== undefined) {
      throw new InvalidParameterError(key, `one of the ${where} options (${[...known].join(', ')})`, (options as Record<string, unknown>)[key]);
    }
  }
}
