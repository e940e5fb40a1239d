/**
 * scikit-learn 1.2.1's `calibration_curve` ('uniform' and 'quantile' bins), and a streaming
 * accumulator for the uniform strategy (bounded memory: three sums per bin).
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { ClassIndex, checkLength, checkProbabilities, type NumericArray } from './classes.js';
import { EmptyInputError, IncompatibleStateError } from './errors.js';
import { addCompensated } from './summation.js';

/** Binning strategy of a calibration curve. */
export type CalibrationStrategy = 'uniform' | 'quantile';

/** Fraction of positives and mean predicted probability per non-empty bin. */
export interface CalibrationCurve {
  probTrue: number[];
  probPred: number[];
}

/** `np.linspace(0, 1, nBins + 1)`, operation by operation (i * step + 0, last point exactly 1). */
export function linspaceUnit(nBins: number): Float64Array {
  const out = new Float64Array(nBins + 1);
  const step = 1.0 / nBins;
  for (let i = 0; i <= nBins; i++) out[i] = i * step + 0.0;
  out[nBins] = 1.0;
  return out;
}

/** numpy's `searchsorted(edges, key, side='left')` over `edges[from..to)`. */
export function searchLeft(edges: ArrayLike<number>, from: number, to: number, key: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (edges[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

/** `np.percentile(sorted, q * 100)` (linear method) for ascending `sorted`, numpy 1.24's arithmetic. */
export function percentileSorted(sorted: ArrayLike<number>, quantile: number): number {
  const n = sorted.length;
  const q = (quantile * 100) / 100;
  const virtual = (n - 1) * q;
  let prev: number;
  let next: number;
  let gammaBase: number;
  if (virtual >= n - 1) {
    prev = n - 1;
    next = n - 1;
    gammaBase = -1;
  } else if (virtual < 0) {
    prev = 0;
    next = 0;
    gammaBase = 0;
  } else {
    prev = Math.floor(virtual);
    next = prev + 1;
    gammaBase = prev;
  }
  const gamma = virtual - gammaBase;
  const a = sorted[prev]!;
  const b = sorted[next]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Bin edges of `calibration_curve` (quantile strategy needs the probabilities sorted ascending). */
export function calibrationEdges(nBins: number, strategy: CalibrationStrategy, sortedProb?: ArrayLike<number>): Float64Array {
  const unit = linspaceUnit(nBins);
  if (strategy === 'uniform') return unit;
  return Float64Array.from(unit, (q) => percentileSorted(sortedProb!, q));
}

/** Turns per-bin sums into scikit-learn's (prob_true, prob_pred), dropping empty bins. */
export function calibrationFromBins(binSums: ArrayLike<number>, binTrue: ArrayLike<number>, binTotal: ArrayLike<number>): CalibrationCurve {
  const probTrue: number[] = [];
  const probPred: number[] = [];
  for (let b = 0; b < binTotal.length; b++) {
    const t = binTotal[b]!;
    if (t !== 0) {
      probTrue.push(binTrue[b]! / t);
      probPred.push(binSums[b]! / t);
    }
  }
  return { probTrue, probPred };
}

export function checkNBins(nBins: unknown): number {
  if (typeof nBins !== 'number' || !Number.isInteger(nBins) || nBins < 1) throw new InvalidParameterError('nBins', 'an integer >= 1', nBins);
  return nBins;
}

/** Plain-JSON state of a {@link UniformCalibrationAccumulator}. */
export interface UniformCalibrationState {
  kind: 'uniform-calibration';
  classes: number[];
  posLabel: number;
  nBins: number;
  sums: number[];
  sumComps: number[];
  trues: number[];
  totals: number[];
}

/**
 * Streaming `calibration_curve(strategy='uniform')`: per bin the sum of probabilities, the number of
 * positives and the number of samples. Sample weights are not used, as in scikit-learn 1.2.1.
 */
export class UniformCalibrationAccumulator {
  readonly index: ClassIndex;
  readonly posLabel: number;
  readonly nBins: number;
  private readonly edges: Float64Array;
  private readonly sums: Float64Array;
  private readonly comps: Float64Array;
  private readonly trues: Float64Array;
  private readonly totals: Float64Array;

  constructor(classes: readonly number[] = [0, 1], options: { nBins?: number; posLabel?: number } = {}) {
    this.index = new ClassIndex(classes);
    this.nBins = checkNBins(options.nBins ?? 5);
    this.posLabel = options.posLabel ?? this.index.classes[this.index.size - 1]!;
    this.index.indexOf(this.posLabel, 'posLabel');
    this.edges = linspaceUnit(this.nBins);
    const m = this.nBins + 1;
    this.sums = new Float64Array(m);
    this.comps = new Float64Array(m);
    this.trues = new Float64Array(m);
    this.totals = new Float64Array(m);
  }

  update(yTrue: NumericArray, yProb: NumericArray): this {
    checkLength('yProb', yProb, yTrue.length);
    checkProbabilities('yProb', yProb);
    this.updateIndices(this.index.encode(yTrue, 'yTrue'), yProb, 1, 0);
    return this;
  }

  /** `prob[i * stride + offset]` is the probability of `posLabel` for sample i. */
  updateIndices(idx: Int32Array, prob: NumericArray, stride: number, offset: number): void {
    const pos = this.index.indexOf(this.posLabel, 'posLabel');
    const inner = this.nBins - 1;
    for (let i = 0; i < idx.length; i++) {
      const p = prob[i * stride + offset]!;
      const b = searchLeft(this.edges, 1, 1 + inner, p);
      addCompensated(this.sums, this.comps, b, p);
      if (idx[i] === pos) this.trues[b]!++;
      this.totals[b]!++;
    }
  }

  merge(other: UniformCalibrationAccumulator): this {
    if (!this.index.equals(other.index) || this.nBins !== other.nBins || this.posLabel !== other.posLabel) throw new IncompatibleStateError('Expected a calibration accumulator with the same classes, posLabel and nBins to merge');
    for (let b = 0; b < this.sums.length; b++) {
      addCompensated(this.sums, this.comps, b, other.sums[b]!);
      this.comps[b]! += other.comps[b]!;
      this.trues[b]! += other.trues[b]!;
      this.totals[b]! += other.totals[b]!;
    }
    return this;
  }

  curve(): CalibrationCurve {
    if (this.totals.every((t) => t === 0)) throw new EmptyInputError('calibration_curve');
    return calibrationFromBins(
      Float64Array.from(this.sums, (s, b) => s + this.comps[b]!),
      this.trues,
      this.totals,
    );
  }

  toJSON(): UniformCalibrationState {
    return { kind: 'uniform-calibration', classes: [...this.index.classes], posLabel: this.posLabel, nBins: this.nBins, sums: Array.from(this.sums), sumComps: Array.from(this.comps), trues: Array.from(this.trues), totals: Array.from(this.totals) };
  }

  static fromJSON(state: UniformCalibrationState): UniformCalibrationAccumulator {
    if (state?.kind !== 'uniform-calibration') throw new IncompatibleStateError(`Expected a uniform-calibration state but received kind ${String((state as { kind?: unknown })?.kind)}`);
    const acc = new UniformCalibrationAccumulator(state.classes, { nBins: state.nBins, posLabel: state.posLabel });
    acc.sums.set(state.sums);
    acc.comps.set(state.sumComps);
    acc.trues.set(state.trues);
    acc.totals.set(state.totals);
    return acc;
  }
}
