/**
 * Exact ranking metrics (ROC AUC, ROC and precision-recall curves, average precision, quantile
 * calibration): every (score, label, weight) is kept in typed arrays that grow geometrically, and
 * sorted once when a metric is asked for.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { ClassIndex, checkFiniteScores, checkLength, checkMatrix, checkProbabilities, checkProbabilityRows, checkSampleWeight, type NumericArray } from './classes.js';
import { averagePrecisionFromCurve, binaryClfCurve, binaryClfCurveSorted, precisionRecallFromCurve, rocAucFromCurve, rocFromCurve, type ClfCurve, type PrCurve, type RocCurve } from './binary-curve.js';
import { calibrationEdges, calibrationFromBins, checkNBins, searchLeft, type CalibrationCurve, type CalibrationStrategy } from './calibration.js';
import { EmptyInputError, IncompatibleStateError, UndefinedMetricError } from './errors.js';
import { argsortStable, sortWithFlags } from './sort.js';
import { pairwiseSum } from './summation.js';
import { decodeTypedArray, encodeTypedArray } from './typed-json.js';

function hasNegativeZero(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === 0 && Object.is(a[i], -0)) return true;
  return false;
}

/** How scores are stored: one positive-class score per sample, or one probability per class (one-vs-rest). */
export type RankingMode = 'binary' | 'ovr';

/** Options of a {@link RankingAccumulator}. */
export interface RankingOptions {
  /**
   * `'binary'` (default for two classes): one score per sample, the score of `classes[1]`
   * (probability or decision value). `'ovr'` (default for more classes): n x K probabilities.
   */
  mode?: RankingMode;
  /** Initial capacity in samples (default 1024); storage doubles when full. */
  initialCapacity?: number;
}

/** Plain-JSON state of a {@link RankingAccumulator} (typed arrays as base64, little-endian). */
export interface RankingState {
  kind: 'ranking';
  classes: number[];
  mode: RankingMode;
  count: number;
  scores: string;
  labels: string;
  weights: string | null;
}

/**
 * Keeps every sample for exact ranking metrics. Memory: 8 bytes per score (x K in 'ovr' mode),
 * 1 byte per label (4 above 255 classes), 8 per weight once a weight was given.
 */
export class RankingAccumulator {
  readonly index: ClassIndex;
  readonly mode: RankingMode;
  private readonly columns: number;
  private n = 0;
  private scores: Float64Array;
  private labels: Uint8Array | Int32Array;
  private weights: Float64Array | null = null;
  private sorted = new Map<number, Uint32Array>();
  private curves = new Map<number, ClfCurve>();

  constructor(classes: readonly number[] = [0, 1], options: RankingOptions = {}) {
    this.index = new ClassIndex(classes);
    const k = this.index.size;
    if (k < 2) throw new InvalidParameterError('classes', 'at least two classes for ranking metrics', classes);
    this.mode = options.mode ?? (k === 2 ? 'binary' : 'ovr');
    if (this.mode !== 'binary' && this.mode !== 'ovr') throw new InvalidParameterError('mode', "'binary' or 'ovr'", this.mode);
    if (this.mode === 'binary' && k !== 2) throw new InvalidParameterError('mode', "'ovr' for more than two classes", this.mode);
    this.columns = this.mode === 'binary' ? 1 : k;
    const cap = Math.max(1, options.initialCapacity ?? 1024);
    this.scores = new Float64Array(cap * this.columns);
    this.labels = k <= 256 ? new Uint8Array(cap) : new Int32Array(cap);
  }

  get classes(): readonly number[] {
    return this.index.classes;
  }

  get count(): number {
    return this.n;
  }

  /** Bytes held by the stored samples (capacity included). */
  get byteLength(): number {
    return this.scores.byteLength + this.labels.byteLength + (this.weights?.byteLength ?? 0);
  }

  private reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.labels.length) return;
    let cap = this.labels.length;
    while (cap < need) cap *= 2;
    const s = new Float64Array(cap * this.columns);
    s.set(this.scores.subarray(0, this.n * this.columns));
    this.scores = s;
    const l = this.labels instanceof Uint8Array ? new Uint8Array(cap) : new Int32Array(cap);
    l.set(this.labels.subarray(0, this.n));
    this.labels = l;
    if (this.weights !== null) {
      const w = new Float64Array(cap);
      w.set(this.weights.subarray(0, this.n));
      this.weights = w;
    }
  }

  private ensureWeights(): Float64Array {
    if (this.weights === null) {
      this.weights = new Float64Array(this.labels.length);
      this.weights.fill(1, 0, this.n);
    }
    return this.weights;
  }

  /**
   * Adds samples. `yScore`: 'binary' mode, one score of `classes[1]` per sample (or n x 2
   * probabilities, whose second column is taken); 'ovr' mode, row-major n x K probabilities.
   */
  update(yTrue: NumericArray, yScore: NumericArray, sampleWeight?: NumericArray): this {
    const n = yTrue.length;
    const k = this.index.size;
    checkSampleWeight(sampleWeight, n);
    const idx = this.index.encode(yTrue, 'yTrue');
    if (this.mode === 'binary') {
      if (yScore.length === 2 * n && n > 0 && yScore.length !== n) {
        checkProbabilityRows('yScore', yScore, 2);
        this.updateIndices(idx, yScore, 2, 1, sampleWeight);
      } else {
        checkLength('yScore', yScore, n);
        checkFiniteScores('yScore', yScore);
        this.updateIndices(idx, yScore, 1, 0, sampleWeight);
      }
    } else {
      checkMatrix('yScore', yScore, n, k);
      checkProbabilities('yScore', yScore);
      checkProbabilityRows('yScore', yScore, k);
      this.updateIndices(idx, yScore, k, 0, sampleWeight);
    }
    return this;
  }

  /**
   * Hot path (inputs already validated). 'binary': `score[i * stride + offset]`; 'ovr': row i of a
   * row-major matrix with `stride` = K columns.
   */
  updateIndices(idx: Int32Array, score: NumericArray, stride: number, offset: number, sampleWeight?: NumericArray): void {
    const m = idx.length;
    this.reserve(m);
    this.sorted.clear();
    this.curves.clear();
    const base = this.n;
    this.labels.set(idx, base);
    if (this.mode === 'binary') {
      if (stride === 1 && offset === 0 && (score instanceof Float64Array || score instanceof Float32Array)) this.scores.set(score.subarray(0, m), base);
      else for (let i = 0; i < m; i++) this.scores[base + i] = score[i * stride + offset]!;
    } else {
      const k = this.columns;
      if (score instanceof Float64Array || score instanceof Float32Array) this.scores.set(score.subarray(0, m * k), base * k);
      else for (let i = 0; i < m * k; i++) this.scores[base * k + i] = score[i]!;
    }
    if (sampleWeight !== undefined) {
      const w = this.ensureWeights();
      for (let i = 0; i < m; i++) w[base + i] = sampleWeight[i]!;
    } else if (this.weights !== null) this.weights.fill(1, base, base + m);
    this.n += m;
  }

  merge(other: RankingAccumulator): this {
    if (!this.index.equals(other.index) || this.mode !== other.mode) throw new IncompatibleStateError(`Expected a ranking accumulator over classes [${this.classes.join(', ')}] in mode '${this.mode}' to merge but received [${other.classes.join(', ')}] in mode '${other.mode}'`);
    const m = other.n;
    const base = this.n;
    this.reserve(m);
    this.sorted.clear();
    this.curves.clear();
    this.scores.set(other.scores.subarray(0, m * this.columns), base * this.columns);
    this.labels.set(other.labels.subarray(0, m), base);
    if (other.weights !== null) this.ensureWeights().set(other.weights.subarray(0, m), base);
    else if (this.weights !== null) this.weights.fill(1, base, base + m);
    this.n += m;
    return this;
  }

  toJSON(): RankingState {
    return {
      kind: 'ranking',
      classes: [...this.classes],
      mode: this.mode,
      count: this.n,
      scores: encodeTypedArray(this.scores.subarray(0, this.n * this.columns)),
      labels: encodeTypedArray(this.labels.subarray(0, this.n)),
      weights: this.weights === null ? null : encodeTypedArray(this.weights.subarray(0, this.n)),
    };
  }

  static fromJSON(state: RankingState): RankingAccumulator {
    if (state?.kind !== 'ranking') throw new IncompatibleStateError(`Expected a ranking state but received kind ${String((state as { kind?: unknown })?.kind)}`);
    const acc = new RankingAccumulator(state.classes, { mode: state.mode, initialCapacity: Math.max(1, state.count) });
    const n = state.count;
    acc.scores = decodeTypedArray(state.scores, Float64Array, n * acc.columns, 'scores');
    acc.labels = acc.labels instanceof Uint8Array ? decodeTypedArray(state.labels, Uint8Array, n, 'labels') : decodeTypedArray(state.labels, Int32Array, n, 'labels');
    acc.weights = state.weights === null ? null : decodeTypedArray(state.weights, Float64Array, n, 'weights');
    acc.n = n;
    if (acc.scores.length === 0) acc.scores = new Float64Array(acc.columns);
    if (acc.labels.length === 0) acc.labels = acc.labels instanceof Uint8Array ? new Uint8Array(1) : new Int32Array(1);
    return acc;
  }

  // ---- metrics -------------------------------------------------------------------------------

  private requireSamples(what: string): void {
    if (this.n === 0) throw new EmptyInputError(what);
  }

  /** Scores of column `c` (a copy for 'ovr', a view for 'binary'). */
  private columnScores(c: number): Float64Array {
    if (this.mode === 'binary') return this.scores.subarray(0, this.n);
    const k = this.columns;
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.scores[i * k + c]!;
    return out;
  }

  private order(c: number, scores: Float64Array): Uint32Array {
    let o = this.sorted.get(c);
    if (o === undefined) {
      o = argsortStable(scores, this.n);
      this.sorted.set(c, o);
    }
    return o;
  }

  private positives(classIdx: number): Uint8Array {
    // binary labels are stored as 0/1 bytes already: the positive flags of class 1 (no copy)
    if (classIdx === 1 && this.mode === 'binary' && this.labels instanceof Uint8Array) return this.labels.subarray(0, this.n);
    const out = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.labels[i] === classIdx ? 1 : 0;
    return out;
  }

  private posIndex(posLabel: number | undefined): number {
    return posLabel === undefined ? 1 : this.index.indexOf(posLabel, 'posLabel');
  }

  /** The binary count curve for `posLabel` (binary mode) or class column `c` (ovr mode). */
  private curve(classIdx: number): ClfCurve {
    let c = this.curves.get(classIdx);
    if (c === undefined) {
      const column = this.mode === 'binary' ? 0 : classIdx;
      const scores = this.columnScores(column);
      const positive = this.positives(classIdx);
      if (this.weights === null && !this.sorted.has(column) && !hasNegativeZero(scores)) {
        // unweighted: sort (score, flag) pairs, no index array and no random gathers
        const s = sortWithFlags(scores, positive, this.n);
        c = binaryClfCurveSorted(s.sorted, s.flags);
      } else c = binaryClfCurve(this.order(column, scores), scores, positive, this.weights === null ? null : this.weights.subarray(0, this.n));
      this.curves.set(classIdx, c);
    }
    return c;
  }

  private classPresent(classIdx: number): boolean {
    for (let i = 0; i < this.n; i++) if (this.labels[i] === classIdx) return true;
    return false;
  }

  private binaryAuc(classIdx: number): number {
    const other = this.mode === 'binary' ? 1 - classIdx : -1;
    const present = this.classPresent(classIdx);
    const otherPresent = other >= 0 ? this.classPresent(other) : (() => {
      for (let i = 0; i < this.n; i++) if (this.labels[i] !== classIdx) return true;
      return false;
    })();
    if (!present || !otherPresent) throw new UndefinedMetricError('Only one class present in y_true. ROC AUC score is not defined in that case.', { classes: [...this.classes] });
    return rocAucFromCurve(this.curve(classIdx));
  }

  /**
   * scikit-learn's `roc_auc_score`. Binary mode: the score ranks `classes[1]` (the greater label,
   * as scikit-learn does). 'ovr' mode: one-vs-rest, `average` 'macro' (default) or 'weighted'
   * (by class support), or null for the per-class scores.
   */
  rocAuc(options: { average?: 'macro' | 'weighted' | 'micro' | null } = {}): number | number[] {
    this.requireSamples('roc_auc_score');
    if (this.mode === 'binary') return this.binaryAuc(1);
    const average = options.average === undefined ? 'macro' : options.average;
    if (average !== null && average !== 'macro' && average !== 'weighted' && average !== 'micro') throw new InvalidParameterError('average', "'macro', 'weighted', 'micro' or null for one-vs-rest ROC AUC", average);
    const k = this.columns;
    if (average === 'micro') return this.microAuc();
    const scores = Array.from({ length: k }, (_, c) => this.binaryAuc(c));
    if (average === null) return scores;
    if (average === 'macro') return pairwiseSum(scores) / k;
    const support = new Float64Array(k);
    for (let i = 0; i < this.n; i++) support[this.labels[i]!]! += this.weights === null ? 1 : this.weights[i]!;
    const total = pairwiseSum(support);
    if (Math.abs(total) <= 1e-8) return 0;
    const prod = scores.map((s, c) => (support[c] === 0 ? 0 : s) * support[c]!);
    return pairwiseSum(prod) / total;
  }

  /**
   * One-vs-rest 'micro' average (scikit-learn >= 1.2): one binary AUC over the raveled n x K
   * indicator matrix and scores (the row-major store is that ravel), weights repeated per class.
   */
  private microAuc(): number {
    const k = this.columns;
    const m = this.n * k;
    const scores = this.scores.subarray(0, m);
    const positive = new Uint8Array(m);
    for (let i = 0; i < this.n; i++) positive[i * k + this.labels[i]!] = 1;
    let weights: Float64Array | null = null;
    if (this.weights !== null) {
      weights = new Float64Array(m);
      for (let i = 0; i < this.n; i++) weights.fill(this.weights[i]!, i * k, (i + 1) * k);
    }
    const curve = binaryClfCurve(argsortStable(scores, m), scores, positive, weights);
    return rocAucFromCurve(curve);
  }

  /** scikit-learn 1.2.1's `roc_curve` (thresholds[0] = max score + 1). */
  rocCurve(options: { posLabel?: number; dropIntermediate?: boolean; classLabel?: number } = {}): RocCurve {
    this.requireSamples('roc_curve');
    return rocFromCurve(this.curve(this.curveClass(options)), options.dropIntermediate ?? true);
  }

  /** scikit-learn's `precision_recall_curve`. */
  precisionRecallCurve(options: { posLabel?: number; classLabel?: number } = {}): PrCurve {
    this.requireSamples('precision_recall_curve');
    return precisionRecallFromCurve(this.curve(this.curveClass(options)));
  }

  /** scikit-learn's `average_precision_score` (binary; in 'ovr' mode, of one class via `classLabel`). */
  averagePrecision(options: { posLabel?: number; classLabel?: number } = {}): number {
    this.requireSamples('average_precision_score');
    return averagePrecisionFromCurve(this.curve(this.curveClass(options)));
  }

  private curveClass(options: { posLabel?: number; classLabel?: number }): number {
    if (this.mode === 'binary') return this.posIndex(options.posLabel);
    if (options.classLabel === undefined) throw new InvalidParameterError('classLabel', "the class whose one-vs-rest curve to compute (required in 'ovr' mode)", undefined);
    return this.index.indexOf(options.classLabel, 'classLabel');
  }

  /**
   * scikit-learn 1.2.1's `calibration_curve` for binary mode (scores must be probabilities).
   * `nBins` default 5, `strategy` 'uniform' (default) or 'quantile'. Sample weights are ignored, as in
   * scikit-learn 1.2.1.
   */
  calibrationCurve(options: { nBins?: number; strategy?: CalibrationStrategy; posLabel?: number } = {}): CalibrationCurve {
    this.requireSamples('calibration_curve');
    if (this.mode !== 'binary') throw new UndefinedMetricError('Expected a binary ranking accumulator for calibration_curve (only binary classification is supported)');
    const nBins = checkNBins(options.nBins ?? 5);
    const strategy = options.strategy ?? 'uniform';
    if (strategy !== 'uniform' && strategy !== 'quantile') throw new InvalidParameterError('strategy', "'uniform' or 'quantile'", strategy);
    const scores = this.columnScores(0);
    checkProbabilities('yProb', scores);
    let sorted: Float64Array | undefined;
    if (strategy === 'quantile') {
      const o = this.order(0, scores);
      sorted = Float64Array.from(o, (i) => scores[i]!);
    }
    const edges = calibrationEdges(nBins, strategy, sorted);
    const pos = this.posIndex(options.posLabel);
    const m = edges.length;
    const sums = new Float64Array(m);
    const trues = new Float64Array(m);
    const totals = new Float64Array(m);
    for (let i = 0; i < this.n; i++) {
      const p = scores[i]!;
      const b = searchLeft(edges, 1, m - 1, p);
      sums[b]! += p;
      if (this.labels[i] === pos) trues[b]!++;
      totals[b]!++;
    }
    return calibrationFromBins(sums, trues, totals);
  }
}
