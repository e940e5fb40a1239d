/**
 * Bounded-memory ROC AUC: a fixed-resolution histogram of scores per class.
 *
 * Scores are put into `bins` equal-width bins over `range` (values outside go to the end bins).
 * Within a bin every score is treated as tied, so a (positive, negative) pair counts 1/2 instead of
 * 0 or 1 only when both fall in the same bin and their scores differ. Hence
 *
 *   |AUC_histogram - AUC_exact| <= errorBound = sum_b P_b * N_b / (2 * P * N)
 *
 * with P_b, N_b the positive and negative weight in bin b and P, N the totals. The bound is
 * computed from the histogram itself and returned with the estimate; it is 0 when no bin holds both
 * classes (then the estimate is exact). With 2^16 bins over [0, 1] and smooth score densities it is
 * of order 1 / bins. Memory: 2 * bins float64 values (1 MiB at 2^16), whatever the number of rows.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { ClassIndex, checkFiniteScores, checkLength, checkSampleWeight, type NumericArray } from './classes.js';
import { EmptyInputError, IncompatibleStateError, UndefinedMetricError } from './errors.js';
import { CompensatedSum } from './summation.js';
import { decodeTypedArray, encodeTypedArray } from './typed-json.js';

/** Options of a {@link ScoreHistogramAccumulator}. */
export interface ScoreHistogramOptions {
  /** Number of equal-width bins. Default 65536 (2^16). */
  bins?: number;
  /** Score range covered by the bins. Default [0, 1] (probabilities). */
  range?: readonly [number, number];
  /** Positive class. Default `classes[1]`. */
  posLabel?: number;
}

/** ROC AUC from the histogram and its guaranteed error bound. */
export interface ApproximateAuc {
  auc: number;
  /** |auc - exact ROC AUC| <= errorBound. */
  errorBound: number;
}

/** Plain-JSON state of a {@link ScoreHistogramAccumulator}. */
export interface ScoreHistogramState {
  kind: 'score-histogram';
  classes: number[];
  posLabel: number;
  bins: number;
  range: [number, number];
  count: number;
  positive: string;
  negative: string;
}

export class ScoreHistogramAccumulator {
  readonly index: ClassIndex;
  readonly posLabel: number;
  readonly bins: number;
  readonly range: readonly [number, number];
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  private n = 0;

  constructor(classes: readonly number[] = [0, 1], options: ScoreHistogramOptions = {}) {
    this.index = new ClassIndex(classes);
    if (this.index.size !== 2) throw new InvalidParameterError('classes', 'exactly two classes for the score histogram', classes);
    const bins = options.bins ?? 65536;
    if (!Number.isInteger(bins) || bins < 1 || bins > 2 ** 26) throw new InvalidParameterError('bins', 'an integer between 1 and 2^26', bins);
    const range = options.range ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[1] > range[0])) throw new InvalidParameterError('range', '[low, high] with finite low < high', range);
    this.posLabel = options.posLabel ?? this.index.classes[1]!;
    this.index.indexOf(this.posLabel, 'posLabel');
    this.bins = bins;
    this.range = [range[0], range[1]];
    this.pos = new Float64Array(bins);
    this.neg = new Float64Array(bins);
  }

  get count(): number {
    return this.n;
  }

  /** Bytes held by the histogram: constant, whatever the number of samples. */
  get byteLength(): number {
    return this.pos.byteLength + this.neg.byteLength;
  }

  update(yTrue: NumericArray, yScore: NumericArray, sampleWeight?: NumericArray): this {
    const n = yTrue.length;
    checkLength('yScore', yScore, n);
    checkFiniteScores('yScore', yScore);
    checkSampleWeight(sampleWeight, n);
    this.updateIndices(this.index.encode(yTrue, 'yTrue'), yScore, 1, 0, sampleWeight);
    return this;
  }

  /** `score[i * stride + offset]` is the score of sample i. */
  updateIndices(idx: Int32Array, score: NumericArray, stride: number, offset: number, sampleWeight?: NumericArray): void {
    const pos = this.index.indexOf(this.posLabel, 'posLabel');
    const lo = this.range[0];
    const scale = this.bins / (this.range[1] - lo);
    const last = this.bins - 1;
    for (let i = 0; i < idx.length; i++) {
      let b = Math.floor((score[i * stride + offset]! - lo) * scale);
      b = b < 0 ? 0 : b > last ? last : b;
      const w = sampleWeight === undefined ? 1 : sampleWeight[i]!;
      if (idx[i] === pos) this.pos[b]! += w;
      else this.neg[b]! += w;
    }
    this.n += idx.length;
  }

  merge(other: ScoreHistogramAccumulator): this {
    if (!this.index.equals(other.index) || this.bins !== other.bins || this.range[0] !== other.range[0] || this.range[1] !== other.range[1] || this.posLabel !== other.posLabel) {
      throw new IncompatibleStateError(`Expected a score histogram with ${this.bins} bins over [${this.range.join(', ')}] to merge but received ${other.bins} bins over [${other.range.join(', ')}]`);
    }
    for (let b = 0; b < this.bins; b++) {
      this.pos[b]! += other.pos[b]!;
      this.neg[b]! += other.neg[b]!;
    }
    this.n += other.n;
    return this;
  }

  /** ROC AUC with ties inside a bin, and the bound on its distance to the exact value. */
  rocAuc(): ApproximateAuc {
    if (this.n === 0) throw new EmptyInputError('roc_auc_score');
    const totalP = new CompensatedSum();
    const totalN = new CompensatedSum();
    for (let b = 0; b < this.bins; b++) {
      totalP.add(this.pos[b]!);
      totalN.add(this.neg[b]!);
    }
    const P = totalP.value;
    const N = totalN.value;
    if (!(P > 0) || !(N > 0)) throw new UndefinedMetricError('Only one class present in y_true. ROC AUC score is not defined in that case.');
    // pairs (positive above negative) + half the pairs tied in a bin, bins walked from the top
    const area = new CompensatedSum();
    const sameBin = new CompensatedSum();
    let posAbove = 0;
    for (let b = this.bins - 1; b >= 0; b--) {
      const p = this.pos[b]!;
      const q = this.neg[b]!;
      if (q !== 0) area.add(q * (posAbove + 0.5 * p));
      if (p !== 0 && q !== 0) sameBin.add(p * q);
      posAbove += p;
    }
    const pn = P * N;
    return { auc: area.value / pn, errorBound: (0.5 * sameBin.value) / pn };
  }

  /**
   * Average precision with scikit-learn's step formula, every bin one threshold (ties inside a bin).
   * An approximation without a guaranteed bound; its error is measured in the benchmark.
   */
  averagePrecision(): number {
    if (this.n === 0) throw new EmptyInputError('average_precision_score');
    let P = 0;
    for (let b = 0; b < this.bins; b++) P += this.pos[b]!;
    if (!(P > 0)) return -0; // scikit-learn: recall set to 1 everywhere, the step sum is -0
    const ap = new CompensatedSum();
    let tp = 0;
    let fp = 0;
    for (let b = this.bins - 1; b >= 0; b--) {
      const p = this.pos[b]!;
      const q = this.neg[b]!;
      if (p === 0 && q === 0) continue;
      tp += p;
      fp += q;
      if (p !== 0) ap.add((p / P) * (tp / (tp + fp)));
    }
    return ap.value;
  }

  toJSON(): ScoreHistogramState {
    return { kind: 'score-histogram', classes: [...this.index.classes], posLabel: this.posLabel, bins: this.bins, range: [this.range[0], this.range[1]], count: this.n, positive: encodeTypedArray(this.pos), negative: encodeTypedArray(this.neg) };
  }

  static fromJSON(state: ScoreHistogramState): ScoreHistogramAccumulator {
    if (state?.kind !== 'score-histogram') throw new IncompatibleStateError(`Expected a score-histogram state but received kind ${String((state as { kind?: unknown })?.kind)}`);
    const acc = new ScoreHistogramAccumulator(state.classes, { bins: state.bins, range: state.range, posLabel: state.posLabel });
    acc.pos.set(decodeTypedArray(state.positive, Float64Array, state.bins, 'positive'));
    acc.neg.set(decodeTypedArray(state.negative, Float64Array, state.bins, 'negative'));
    acc.n = state.count;
    return acc;
  }
}
