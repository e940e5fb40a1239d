/**
 * Known classes and the checks every input goes through at the edge: lengths, labels, weights,
 * scores and probabilities. One place, so every metric rejects bad input with the same error.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { InvalidProbabilityError, LengthMismatchError, NonFiniteValueError, UnknownLabelError } from './errors.js';

/** Anything indexable holding numbers: typed arrays, plain arrays. */
export type NumericArray = ArrayLike<number>;

/**
 * The classes an accumulator knows, in scikit-learn's `classes_` order (strictly increasing), and the
 * map label -> column index. Labels are numbers: the Int32 class indices of the Sigmoid data contract
 * (or any other numeric labels).
 */
export class ClassIndex {
  readonly classes: readonly number[];
  /** True when classes are 0..K-1, so a label is its own index (no map lookup in the hot loop). */
  readonly identity: boolean;
  private readonly map: Map<number, number>;

  constructor(classes: readonly number[], parameter = 'classes') {
    if (!Array.isArray(classes) || classes.length < 1) throw new InvalidParameterError(parameter, 'a non-empty array of numeric class labels', classes);
    for (let i = 0; i < classes.length; i++) {
      const c = classes[i];
      if (typeof c !== 'number' || !Number.isFinite(c)) throw new InvalidParameterError(`${parameter}[${i}]`, 'a finite number', c);
      if (i > 0 && !(c > classes[i - 1]!)) throw new InvalidParameterError(parameter, 'unique labels in increasing order (like scikit-learn classes_)', classes);
    }
    this.classes = [...classes];
    this.identity = classes.every((c, i) => c === i);
    this.map = new Map(classes.map((c, i) => [c, i]));
  }

  get size(): number {
    return this.classes.length;
  }

  /** Column index of `label`; throws {@link UnknownLabelError} naming the argument and sample index. */
  indexOf(label: number, argument: string, sample?: number): number {
    if (this.identity) {
      if (Number.isInteger(label) && label >= 0 && label < this.classes.length) return label;
    } else {
      const k = this.map.get(label);
      if (k !== undefined) return k;
    }
    throw new UnknownLabelError(argument, label, this.classes, sample);
  }

  /** Encodes a whole label array into class indices. */
  encode(labels: NumericArray, argument: string): Int32Array {
    const out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) out[i] = this.indexOf(labels[i]!, argument, i);
    return out;
  }

  equals(other: ClassIndex): boolean {
    return other.classes.length === this.classes.length && other.classes.every((c, i) => c === this.classes[i]);
  }
}

/** Throws {@link LengthMismatchError} unless `array` has `expected` entries. */
export function checkLength(argument: string, array: { length: number }, expected: number): void {
  if (array.length !== expected) throw new LengthMismatchError(argument, expected, array.length);
}

/** Validates optional sample weights: same length as yTrue, finite (scikit-learn's `_check_sample_weight`). */
export function checkSampleWeight(sampleWeight: NumericArray | undefined, n: number): void {
  if (sampleWeight === undefined) return;
  checkLength('sampleWeight', sampleWeight, n);
  for (let i = 0; i < n; i++) {
    const w = sampleWeight[i]!;
    if (!Number.isFinite(w)) throw new NonFiniteValueError('sampleWeight', i, w);
  }
}

/** Scores (decision values or probabilities) must be finite (`assert_all_finite`). */
export function checkFiniteScores(argument: string, scores: NumericArray): void {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) throw new NonFiniteValueError(argument, i, s);
  }
}

/** Each value must be a probability: a number in [0, 1] (NaN rejected). */
export function checkProbabilities(argument: string, p: NumericArray): void {
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new InvalidProbabilityError(`Expected probabilities in [0, 1] in ${argument} but received ${String(v)} at index ${i}`, i, v);
    }
  }
}

/**
 * Rows of a row-major n x K probability matrix must be probabilities in [0, 1] summing to 1 within
 * numpy's `allclose` tolerance (|sum - 1| <= atol + rtol * |sum|, atol 1e-8, rtol 1e-5), the check
 * scikit-learn's multiclass ROC AUC applies.
 */
export function checkProbabilityRows(argument: string, p: NumericArray, k: number, tolerance = { rtol: 1e-5, atol: 1e-8 }): void {
  checkProbabilities(argument, p);
  const n = p.length / k;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += p[i * k + j]!;
    if (!(Math.abs(s - 1) <= tolerance.atol + tolerance.rtol * Math.abs(s))) {
      throw new InvalidProbabilityError(`Expected each row of ${argument} to sum to 1 (within rtol ${tolerance.rtol}, atol ${tolerance.atol}) but row ${i} sums to ${s}`, i, s);
    }
  }
}

/** Checks that a row-major matrix has n rows of k columns. */
export function checkMatrix(argument: string, p: NumericArray, n: number, k: number): void {
  if (p.length !== n * k) throw new LengthMismatchError(`${argument} (n x ${k} row-major)`, n * k, p.length);
}
