/**
 * Log loss and Brier score as mergeable compensated sums.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { ClassIndex, checkLength, checkMatrix, checkProbabilities, checkProbabilityRows, checkSampleWeight, type NumericArray } from './classes.js';
import { EmptyInputError, IncompatibleStateError, UndefinedMetricError } from './errors.js';
import { CompensatedSum, pairwiseSum } from './summation.js';

/** numpy's float64 machine epsilon: scikit-learn 1.2.1's `log_loss(eps='auto')` clips to [eps, 1 - eps]. */
export const FLOAT64_EPS = 2.220446049250313e-16;

/** Plain-JSON state of a {@link LogLossAccumulator}. */
export interface LogLossState {
  kind: 'log-loss';
  classes: number[];
  eps: number;
  loss: [number, number];
  weight: [number, number];
  count: number;
}

/**
 * scikit-learn's `log_loss(y_true, y_pred, labels=classes)`: probabilities clipped to
 * [eps, 1 - eps], each row renormalised by its (clipped) sum, mean of -log p(true class),
 * weighted by `sampleWeight`.
 */
export class LogLossAccumulator {
  readonly index: ClassIndex;
  readonly eps: number;
  private readonly loss = new CompensatedSum();
  private readonly weight = new CompensatedSum();
  private n = 0;

  /** `eps`: `'auto'` (default, float64 eps as in scikit-learn 1.2.1) or a number in (0, 0.5). */
  constructor(classes: readonly number[], options: { eps?: number | 'auto' } = {}) {
    this.index = new ClassIndex(classes);
    if (this.index.size < 2) throw new InvalidParameterError('classes', 'at least two classes for log loss', classes);
    const eps = options.eps ?? 'auto';
    if (eps !== 'auto' && !(typeof eps === 'number' && eps > 0 && eps < 0.5)) throw new InvalidParameterError('eps', "'auto' or a number in (0, 0.5)", eps);
    this.eps = eps === 'auto' ? FLOAT64_EPS : eps;
  }

  get count(): number {
    return this.n;
  }

  /**
   * `yProba`: row-major n x K probabilities in `classes` order, or (two classes only) n probabilities
   * of the second class.
   */
  update(yTrue: NumericArray, yProba: NumericArray, sampleWeight?: NumericArray): this {
    const n = yTrue.length;
    const k = this.index.size;
    const oneColumn = yProba.length === n && k === 2;
    if (!oneColumn) {
      checkMatrix('yProba', yProba, n, k);
      checkProbabilityRows('yProba', yProba, k);
    } else checkProbabilities('yProba', yProba);
    checkSampleWeight(sampleWeight, n);
    const idx = this.index.encode(yTrue, 'yTrue');
    this.updateIndices(idx, yProba, oneColumn ? 1 : k, sampleWeight);
    return this;
  }

  /** Hot path: labels already encoded and probabilities already validated. */
  updateIndices(idx: Int32Array, yProba: NumericArray, columns: number, sampleWeight?: NumericArray): void {
    const eps = this.eps;
    const hiClip = 1 - eps;
    const row = new Float64Array(columns);
    for (let i = 0; i < idx.length; i++) {
      let q: number;
      if (columns === 1) {
        const p = Math.min(Math.max(yProba[i]!, eps), hiClip);
        const p0 = 1 - p;
        q = (idx[i] === 1 ? p : p0) / (p0 + p);
      } else if (columns === 2) {
        // numpy's row sum of two values: (0 + p0) + p1 == p0 + p1
        const p0 = Math.min(Math.max(yProba[2 * i]!, eps), hiClip);
        const p1 = Math.min(Math.max(yProba[2 * i + 1]!, eps), hiClip);
        q = (idx[i] === 1 ? p1 : p0) / (p0 + p1);
      } else {
        const base = i * columns;
        for (let j = 0; j < columns; j++) row[j] = Math.min(Math.max(yProba[base + j]!, eps), hiClip);
        q = row[idx[i]!]! / pairwiseSum(row);
      }
      const l = -Math.log(q);
      if (sampleWeight === undefined) {
        this.loss.add(l);
        this.weight.add(1);
      } else {
        const w = sampleWeight[i]!;
        this.loss.add(l * w);
        this.weight.add(w);
      }
    }
    this.n += idx.length;
  }

  merge(other: LogLossAccumulator): this {
    if (!this.index.equals(other.index) || this.eps !== other.eps) throw new IncompatibleStateError('Expected a log-loss accumulator with the same classes and eps to merge');
    this.loss.merge(other.loss);
    this.weight.merge(other.weight);
    this.n += other.n;
    return this;
  }

  /** Mean log loss (`normalize: false` gives the weighted sum). */
  value(options: { normalize?: boolean } = {}): number {
    if (this.n === 0) throw new EmptyInputError('log_loss');
    return options.normalize === false ? this.loss.value : this.loss.value / this.weight.value;
  }

  toJSON(): LogLossState {
    return { kind: 'log-loss', classes: [...this.index.classes], eps: this.eps, loss: this.loss.toJSON(), weight: this.weight.toJSON(), count: this.n };
  }

  static fromJSON(state: LogLossState): LogLossAccumulator {
    if (state?.kind !== 'log-loss') throw new IncompatibleStateError(`Expected a log-loss state but received kind ${String((state as { kind?: unknown })?.kind)}`);
    const acc = new LogLossAccumulator(state.classes, { eps: state.eps });
    Object.assign(acc.loss, CompensatedSum.fromJSON(state.loss));
    Object.assign(acc.weight, CompensatedSum.fromJSON(state.weight));
    acc.n = state.count;
    return acc;
  }
}

/** Plain-JSON state of a {@link BrierScoreAccumulator}. */
export interface BrierScoreState {
  kind: 'brier-score';
  classes: number[];
  posLabel: number;
  loss: [number, number];
  weight: [number, number];
  count: number;
}

/**
 * scikit-learn's `brier_score_loss`: weighted mean of (1[y == posLabel] - p)^2 for a binary target.
 * `posLabel` defaults to the greater class, as scikit-learn does for numeric labels.
 */
export class BrierScoreAccumulator {
  readonly index: ClassIndex;
  readonly posLabel: number;
  private readonly loss = new CompensatedSum();
  private readonly weight = new CompensatedSum();
  private n = 0;

  constructor(classes: readonly number[] = [0, 1], options: { posLabel?: number } = {}) {
    this.index = new ClassIndex(classes);
    if (this.index.size !== 2) throw new UndefinedMetricError(`Expected a binary target (two classes) for brier_score_loss but received ${this.index.size} classes`, { classes: [...classes] });
    this.posLabel = options.posLabel ?? this.index.classes[1]!;
    this.index.indexOf(this.posLabel, 'posLabel');
  }

  get count(): number {
    return this.n;
  }

  /** `yProb`: probability of `posLabel`, one per sample. */
  update(yTrue: NumericArray, yProb: NumericArray, sampleWeight?: NumericArray): this {
    const n = yTrue.length;
    checkLength('yProb', yProb, n);
    checkProbabilities('yProb', yProb);
    checkSampleWeight(sampleWeight, n);
    const idx = this.index.encode(yTrue, 'yTrue');
    this.updateIndices(idx, yProb, 1, 0, sampleWeight);
    return this;
  }

  /** Hot path: `prob[i * stride + offset]` is the probability of `posLabel` for sample i. */
  updateIndices(idx: Int32Array, prob: NumericArray, stride: number, offset: number, sampleWeight?: NumericArray): void {
    const pos = this.index.indexOf(this.posLabel, 'posLabel');
    for (let i = 0; i < idx.length; i++) {
      const d = (idx[i] === pos ? 1 : 0) - prob[i * stride + offset]!;
      const sq = d * d;
      if (sampleWeight === undefined) {
        this.loss.add(sq);
        this.weight.add(1);
      } else {
        const w = sampleWeight[i]!;
        this.loss.add(sq * w);
        this.weight.add(w);
      }
    }
    this.n += idx.length;
  }

  merge(other: BrierScoreAccumulator): this {
    if (!this.index.equals(other.index) || this.posLabel !== other.posLabel) throw new IncompatibleStateError('Expected a Brier-score accumulator with the same classes and posLabel to merge');
    this.loss.merge(other.loss);
    this.weight.merge(other.weight);
    this.n += other.n;
    return this;
  }

  value(): number {
    if (this.n === 0) throw new EmptyInputError('brier_score_loss');
    return this.loss.value / this.weight.value;
  }

  toJSON(): BrierScoreState {
    return { kind: 'brier-score', classes: [...this.index.classes], posLabel: this.posLabel, loss: this.loss.toJSON(), weight: this.weight.toJSON(), count: this.n };
  }

  static fromJSON(state: BrierScoreState): BrierScoreAccumulator {
    if (state?.kind !== 'brier-score') throw new IncompatibleStateError(`Expected a brier-score state but received kind ${String((state as { kind?: unknown })?.kind)}`);
    const acc = new BrierScoreAccumulator(state.classes, { posLabel: state.posLabel });
    Object.assign(acc.loss, CompensatedSum.fromJSON(state.loss));
    Object.assign(acc.weight, CompensatedSum.fromJSON(state.weight));
    acc.n = state.count;
    return acc;
  }
}
