/**
 * Confusion-matrix based metrics (accuracy, balanced accuracy, precision / recall / F-beta,
 * confusion matrix) from one mergeable K x K accumulator.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { ClassIndex, checkLength, checkSampleWeight, type NumericArray } from './classes.js';
import { EmptyInputError, IncompatibleStateError, UndefinedMetricError, UnknownLabelError } from './errors.js';
import { addCompensated, pairwiseSum } from './summation.js';

/** How per-class precision / recall / F are combined (scikit-learn's `average`). */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';
/** Value returned where a ratio is 0/0. `'warn'` returns 0 and records a warning, as scikit-learn does. */
export type ZeroDivision = 'warn' | 0 | 1;
/** Confusion-matrix normalisation (scikit-learn's `normalize`). */
export type Normalize = 'true' | 'pred' | 'all';

/** Options of {@link ConfusionMatrixAccumulator.precisionRecallFscoreSupport}. */
export interface PrfOptions {
  /** Default `'binary'`. */
  average?: Average | null;
  /** Positive class for `average: 'binary'`. Default 1. */
  posLabel?: number;
  /** F-beta's beta. Default 1. */
  beta?: number;
  /** Default `'warn'` (0 plus a warning). */
  zeroDivision?: ZeroDivision;
  /** Labels to include, default: every class present in yTrue or yPred (scikit-learn's `labels=None`). */
  labels?: readonly number[];
}

/** Result of precision / recall / F with scikit-learn's warnings as strings. */
export interface PrfResult {
  precision: number | number[];
  recall: number | number[];
  fscore: number | number[];
  /** Per-label support (only when `average` is null). */
  support: number[] | null;
  /** The labels the per-label arrays refer to. */
  labels: number[];
  /** scikit-learn's UndefinedMetricWarning messages, empty when nothing was ill-defined. */
  warnings: string[];
}

/** Plain-JSON state of a {@link ConfusionMatrixAccumulator}. */
export interface ConfusionMatrixState {
  kind: 'confusion-matrix';
  classes: number[];
  /** Unweighted counts, row-major K x K (row = true class, column = predicted class). */
  counts: number[];
  /** Weighted sums and their compensation terms (Neumaier), row-major K x K. */
  weightSum: number[];
  weightComp: number[];
}

/**
 * Mergeable K x K confusion matrix (unweighted counts and compensated weighted sums). Every
 * confusion-based metric is computed from it exactly as scikit-learn does from the full arrays.
 */
export class ConfusionMatrixAccumulator {
  readonly index: ClassIndex;
  private readonly counts: Float64Array;
  private readonly wsum: Float64Array;
  private readonly wcomp: Float64Array;

  constructor(classes: readonly number[]) {
    this.index = new ClassIndex(classes);
    const k = this.index.size;
    this.counts = new Float64Array(k * k);
    this.wsum = new Float64Array(k * k);
    this.wcomp = new Float64Array(k * k);
  }

  get classes(): readonly number[] {
    return this.index.classes;
  }

  /** Number of samples seen (unweighted). */
  get count(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  /** Adds samples given as labels (values of `classes`). */
  update(yTrue: NumericArray, yPred: NumericArray, sampleWeight?: NumericArray): this {
    const n = yTrue.length;
    checkLength('yPred', yPred, n);
    checkSampleWeight(sampleWeight, n);
    const k = this.index.size;
    for (let i = 0; i < n; i++) {
      const t = this.index.indexOf(yTrue[i]!, 'yTrue', i);
      const p = this.index.indexOf(yPred[i]!, 'yPred', i);
      const cell = t * k + p;
      this.counts[cell]!++;
      addCompensated(this.wsum, this.wcomp, cell, sampleWeight === undefined ? 1 : sampleWeight[i]!);
    }
    return this;
  }

  /** Adds samples given as class indices (already validated by the caller). */
  updateIndices(trueIdx: Int32Array, predIdx: Int32Array, sampleWeight?: NumericArray): this {
    const k = this.index.size;
    for (let i = 0; i < trueIdx.length; i++) {
      const cell = trueIdx[i]! * k + predIdx[i]!;
      this.counts[cell]!++;
      addCompensated(this.wsum, this.wcomp, cell, sampleWeight === undefined ? 1 : sampleWeight[i]!);
    }
    return this;
  }

  merge(other: ConfusionMatrixAccumulator): this {
    if (!this.index.equals(other.index)) throw new IncompatibleStateError(`Expected a confusion matrix over classes [${this.classes.join(', ')}] to merge but received one over [${other.classes.join(', ')}]`);
    for (let c = 0; c < this.counts.length; c++) {
      this.counts[c]! += other.counts[c]!;
      addCompensated(this.wsum, this.wcomp, c, other.wsum[c]!);
      this.wcomp[c]! += other.wcomp[c]!;
    }
    return this;
  }

  toJSON(): ConfusionMatrixState {
    return { kind: 'confusion-matrix', classes: [...this.classes], counts: Array.from(this.counts), weightSum: Array.from(this.wsum), weightComp: Array.from(this.wcomp) };
  }

  static fromJSON(state: ConfusionMatrixState): ConfusionMatrixAccumulator {
    if (state?.kind !== 'confusion-matrix') throw new IncompatibleStateError(`Expected a confusion-matrix state but received kind ${String((state as { kind?: unknown })?.kind)}`);
    const acc = new ConfusionMatrixAccumulator(state.classes);
    const kk = acc.counts.length;
    if (state.counts.length !== kk || state.weightSum.length !== kk || state.weightComp.length !== kk) throw new IncompatibleStateError(`Expected ${kk} cells in the confusion-matrix state but received ${state.counts.length}`);
    acc.counts.set(state.counts);
    acc.wsum.set(state.weightSum);
    acc.wcomp.set(state.weightComp);
    return acc;
  }

  private cell(t: number, p: number): number {
    const c = t * this.index.size + p;
    return this.wsum[c]! + this.wcomp[c]!;
  }

  /**
   * Compensated (Neumaier) sum of the k cells `start, start + stride, ...`: a column (stride k) or a row
   * (stride 1) of the weighted matrix, each cell carrying its own compensation term.
   */
  private lineSum(start: number, stride: number): number {
    let s = 0;
    let comp = 0;
    for (let j = 0, cell = start; j < this.index.size; j++, cell += stride) {
      const v = this.wsum[cell]!;
      const u = s + v;
      comp += Math.abs(s) >= Math.abs(v) ? s - u + v : v - u + s;
      s = u;
      comp += this.wcomp[cell]!;
    }
    return s + comp;
  }

  private requireSamples(what: string): void {
    if (this.count === 0) throw new EmptyInputError(what);
  }

  /** Class indices present in yTrue or yPred (scikit-learn's `unique_labels(y_true, y_pred)`). */
  presentIndices(): number[] {
    const k = this.index.size;
    const out: number[] = [];
    for (let a = 0; a < k; a++) {
      let seen = false;
      for (let b = 0; b < k && !seen; b++) seen = this.counts[a * k + b]! > 0 || this.counts[b * k + a]! > 0;
      if (seen) out.push(a);
    }
    return out;
  }

  private labelIndices(labels: readonly number[] | undefined, parameter: string): number[] {
    if (labels === undefined) return this.presentIndices();
    if (!Array.isArray(labels) || labels.length === 0) throw new InvalidParameterError(parameter, 'a non-empty array of class labels', labels);
    return labels.map((l) => this.index.indexOf(l, parameter));
  }

  /**
   * scikit-learn's `confusion_matrix`: rows are true labels, columns predictions, over `labels`
   * (default: the classes present). Integer counts without sample weights.
   */
  confusionMatrix(options: { labels?: readonly number[]; normalize?: Normalize | null } = {}): number[][] {
    this.requireSamples('confusion_matrix');
    const idx = this.labelIndices(options.labels, 'labels');
    const cm = idx.map((t) => idx.map((p) => this.cell(t, p)));
    const normalize = options.normalize ?? null;
    if (normalize === null) return cm;
    if (normalize !== 'true' && normalize !== 'pred' && normalize !== 'all') throw new InvalidParameterError('normalize', "one of 'true', 'pred', 'all' or null", normalize);
    const m = cm.length;
    // numpy sums along an axis of a small matrix in index order; nan_to_num turns 0/0 into 0
    const fix = (v: number) => (Number.isNaN(v) ? 0 : v === Infinity ? Number.MAX_VALUE : v === -Infinity ? -Number.MAX_VALUE : v);
    if (normalize === 'true') {
      return cm.map((row) => {
        const s = pairwiseSum(row);
        return row.map((v) => fix(v / s));
      });
    }
    if (normalize === 'pred') {
      const colSums = Array.from({ length: m }, (_, j) => {
        let s = 0;
        for (let i = 0; i < m; i++) s += cm[i]![j]!;
        return s;
      });
      return cm.map((row) => row.map((v, j) => fix(v / colSums[j]!)));
    }
    const total = pairwiseSum(cm.flat());
    return cm.map((row) => row.map((v) => fix(v / total)));
  }

  /** scikit-learn's `accuracy_score` (fraction, or weighted count of correct samples with `normalize: false`). */
  accuracy(options: { normalize?: boolean } = {}): number {
    this.requireSamples('accuracy_score');
    const k = this.index.size;
    let correct = 0;
    let cc = 0;
    let total = 0;
    let tc = 0;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const c = a * k + b;
        const v = this.wsum[c]!;
        // compensated over the K^2 cells too, so the result does not depend on the class count
        let t = total + v;
        tc += Math.abs(total) >= Math.abs(v) ? total - t + v : v - t + total;
        total = t;
        tc += this.wcomp[c]!;
        if (a === b) {
          t = correct + v;
          cc += Math.abs(correct) >= Math.abs(v) ? correct - t + v : v - t + correct;
          correct = t;
          cc += this.wcomp[c]!;
        }
      }
    }
    if (options.normalize === false) return correct + cc;
    return (correct + cc) / (total + tc);
  }

  /** scikit-learn's `balanced_accuracy_score`: mean recall over the classes present in yTrue. */
  balancedAccuracy(options: { adjusted?: boolean } = {}): number {
    this.requireSamples('balanced_accuracy_score');
    const idx = this.presentIndices();
    const perClass: number[] = [];
    for (const t of idx) {
      const row = idx.map((p) => this.cell(t, p));
      const s = pairwiseSum(row);
      const v = this.cell(t, t) / s;
      if (!Number.isNaN(v)) perClass.push(v); // classes only predicted, never true: dropped (sklearn warns)
    }
    let score = pairwiseSum(perClass) / perClass.length;
    if (options.adjusted) {
      const chance = 1 / perClass.length;
      score -= chance;
      score /= 1 - chance;
    }
    return score;
  }

  /**
   * scikit-learn's `precision_recall_fscore_support`, including `zero_division` (0/0 gives the
   * `zeroDivision` value; `'warn'` gives 0 and adds scikit-learn's warning text to `warnings`).
   */
  precisionRecallFscoreSupport(options: PrfOptions = {}, warnFor: readonly ('precision' | 'recall' | 'f-score')[] = ['precision', 'recall', 'f-score']): PrfResult {
    this.requireSamples('precision_recall_fscore_support');
    const average = options.average === undefined ? 'binary' : options.average;
    const beta = options.beta ?? 1;
    const zeroDivision = options.zeroDivision ?? 'warn';
    const posLabel = options.posLabel ?? 1;
    if (average !== null && !['binary', 'micro', 'macro', 'weighted'].includes(average)) throw new InvalidParameterError('average', "one of 'binary', 'micro', 'macro', 'weighted' or null", average);
    if (zeroDivision !== 'warn' && zeroDivision !== 0 && zeroDivision !== 1) throw new InvalidParameterError('zeroDivision', "'warn', 0 or 1", zeroDivision);
    if (typeof beta !== 'number' || !(beta >= 0)) throw new InvalidParameterError('beta', 'a number >= 0', beta);
    const warnings: string[] = [];
    const present = this.presentIndices();
    let idx: number[];
    if (average === 'binary') {
      if (present.length > 2) {
        throw new UndefinedMetricError(`Expected at most two labels in yTrue and yPred for average 'binary' but received ${present.length} ([${present.map((i) => this.classes[i]).join(', ')}]); choose average 'micro', 'macro' or 'weighted'`, { present: present.map((i) => this.classes[i]) });
      }
      const posIdx = this.index.classes.indexOf(posLabel);
      if (posIdx < 0) throw new UnknownLabelError('posLabel', posLabel, this.classes);
      if (!present.includes(posIdx) && present.length >= 2) {
        throw new UnknownLabelError('posLabel', posLabel, present.map((i) => this.classes[i]!));
      }
      idx = [posIdx];
    } else {
      idx = this.labelIndices(options.labels, 'labels');
    }
    const k = this.index.size;
    // tp / pred / true sums the way multilabel_confusion_matrix builds them (pred over every true class)
    let tpSum = idx.map((c) => this.cell(c, c));
    // tp + (sum - tp): tp's own rounding is kept in the totals
    let predSum = idx.map((c, j) => tpSum[j]! + (this.lineSum(c, k) - tpSum[j]!));
    let trueSum = idx.map((c, j) => tpSum[j]! + (this.lineSum(c * k, 1) - tpSum[j]!));
    if (average === 'micro') {
      tpSum = [pairwiseSum(tpSum)];
      predSum = [pairwiseSum(predSum)];
      trueSum = [pairwiseSum(trueSum)];
    }
    const zdValue = zeroDivision === 1 ? 1 : 0;
    const divide = (num: number[], den: number[], metric: 'precision' | 'recall', modifier: string): number[] => {
      let any = false;
      const out = num.map((v, i) => {
        if (den[i] === 0) {
          any = true;
          return zdValue;
        }
        return v / den[i]!;
      });
      if (any && zeroDivision === 'warn' && warnFor.includes(metric)) {
        const title = metric === 'precision' ? 'Precision' : 'Recall';
        warnings.push(warnMessage(warnFor.includes('f-score') ? `${title} and F-score are` : `${title} is`, modifier, out.length));
      }
      return out;
    };
    const precision = divide(tpSum, predSum, 'precision', 'predicted');
    const recall = divide(tpSum, trueSum, 'recall', 'true');
    if (zeroDivision === 'warn' && warnFor.length === 1 && warnFor[0] === 'f-score' && trueSum.some((t, i) => t === 0 && predSum[i] === 0)) {
      warnings.push(warnMessage('F-score is', 'true nor predicted', trueSum.length));
    }
    const beta2 = beta * beta;
    let fscore: number[];
    if (beta === Infinity) fscore = recall.slice();
    else {
      fscore = precision.map((p, i) => {
        const r = recall[i]!;
        let denom = beta2 * p + r;
        if (denom === 0) denom = 1;
        return ((1 + beta2) * p * r) / denom;
      });
    }
    const labels = idx.map((i) => this.classes[i]!);
    if (average === null) return { precision, recall, fscore, support: trueSum, labels, warnings };
    if (average === 'weighted') {
      if (pairwiseSum(trueSum) === 0) {
        if (pairwiseSum(predSum) === 0) return { precision: zdValue, recall: zdValue, fscore: zdValue, support: null, labels, warnings };
        return { precision: 0, recall: zdValue, fscore: 0, support: null, labels, warnings };
      }
      const wsum = pairwiseSum(trueSum);
      const avg = (a: number[]) => pairwiseSum(a.map((v, i) => v * trueSum[i]!)) / wsum;
      return { precision: avg(precision), recall: avg(recall), fscore: avg(fscore), support: null, labels, warnings };
    }
    const mean = (a: number[]) => pairwiseSum(a) / a.length;
    return { precision: mean(precision), recall: mean(recall), fscore: mean(fscore), support: null, labels, warnings };
  }

  /** scikit-learn's `precision_score`. */
  precision(options: PrfOptions = {}): number | number[] {
    return this.precisionRecallFscoreSupport(options, ['precision']).precision;
  }
  /** scikit-learn's `recall_score`. */
  recall(options: PrfOptions = {}): number | number[] {
    return this.precisionRecallFscoreSupport(options, ['recall']).recall;
  }
  /** scikit-learn's `f1_score` (beta forced to 1). */
  f1(options: Omit<PrfOptions, 'beta'> = {}): number | number[] {
    return this.precisionRecallFscoreSupport({ ...options, beta: 1 }, ['f-score']).fscore;
  }
}

function warnMessage(msgStart: string, modifier: string, resultSize: number): string {
  const where = resultSize === 1 ? 'due to' : 'in labels with';
  return `${msgStart} ill-defined and being set to 0.0 ${where} no ${modifier} samples. Use \`zero_division\` parameter to control this behavior.`;
}
