/**
 * The metric set of a probabilistic classifier in one mergeable accumulator: the one the CLI,
 * the Temporal activity and `evaluateClassifier` report.
 */
import { DataType, type RecordBatch, type Vector } from 'apache-arrow';
import { InvalidDataError, InvalidParameterError, SchemaMismatchError, recordBatches, type RecordBatchSource } from '@sigmoid/arrow-store';
import { ClassIndex, checkMatrix, checkProbabilityRows, checkSampleWeight, type NumericArray } from './classes.js';
import { classificationReport, type ClassificationReport, type ClassificationReportOptions } from './classification-report.js';
import { ConfusionMatrixAccumulator, type ConfusionMatrixState } from './confusion.js';
import { EmptyInputError, IncompatibleStateError } from './errors.js';
import { BrierScoreAccumulator, LogLossAccumulator, type BrierScoreState, type LogLossState } from './probability-loss.js';
import { RankingAccumulator, type RankingState } from './ranking.js';
import { ScoreHistogramAccumulator, type ScoreHistogramState } from './score-histogram.js';

/** Binary metric set (scikit-learn names; `brier` is `brier_score_loss`, positive class `classes[1]`). */
export interface BinaryMetrics {
  accuracy: number;
  log_loss: number;
  roc_auc: number;
  average_precision: number;
  brier: number;
  precision: number;
  recall: number;
  f1: number;
  confusion_matrix: number[][];
}

/** Multiclass metric set (scikit-learn names). */
export interface MulticlassMetrics {
  accuracy: number;
  log_loss: number;
  f1_macro: number;
  roc_auc_ovr_macro: number;
  confusion_matrix: number[][];
}

/** What {@link evaluateClassifier} returns: binary keys for two classes, multiclass keys otherwise. */
export type Metrics = BinaryMetrics | MulticlassMetrics;

/** Options of a {@link ClassifierEvaluator}. */
export interface ClassifierEvaluatorOptions {
  /** The model's classes (`classes_`), in the column order of the probabilities. Required. */
  classes: readonly number[];
  /**
   * `'exact'` (default): keep every score, exact ROC AUC / average precision.
   * `'histogram'` (binary only): bounded memory, ROC AUC within a computed error bound,
   * average precision approximated at the same resolution.
   */
  ranking?: 'exact' | 'histogram';
  /** Bins of the histogram mode. Default 65536 (2^16) over [0, 1]. */
  histogramBins?: number;
  /** Log-loss clipping: `'auto'` (default, float64 eps as scikit-learn 1.2.1) or a number. */
  eps?: number | 'auto';
  /** Tolerance on probability row sums. Default numpy's allclose: rtol 1e-5, atol 1e-8. */
  rowSumTolerance?: { rtol: number; atol: number };
}

/** Columns of a predictions record batch. */
export interface PredictionSpec {
  /** True label column (integer class labels). */
  label: string;
  /** One probability column per class, in `classes` order. */
  proba: string[];
  /** Optional sample-weight column. */
  weight?: string;
}

/** The Sigmoid naming of prediction columns: label `y`, probabilities `proba_<class>`. */
export function defaultPredictionSpec(classes: readonly number[]): PredictionSpec {
  return { label: 'y', proba: classes.map((c) => `proba_${c}`) };
}

/** Plain-JSON state of a {@link ClassifierEvaluator}. */
export interface ClassifierEvaluatorState {
  kind: 'classifier-evaluator';
  classes: number[];
  ranking: 'exact' | 'histogram';
  weighted: boolean;
  confusion: ConfusionMatrixState;
  logLoss: LogLossState;
  brier: BrierScoreState | null;
  exact: RankingState | null;
  histogram: ScoreHistogramState | null;
}

/**
 * Accumulates (yTrue, probabilities, sampleWeight?) batch by batch; `merge` combines evaluators
 * built on other batches or workers; `toJSON`/`fromJSON` carry the state between processes.
 */
export class ClassifierEvaluator {
  readonly index: ClassIndex;
  readonly rankingMode: 'exact' | 'histogram';
  private readonly tolerance: { rtol: number; atol: number };
  private weighted = false;
  private confusion: ConfusionMatrixAccumulator;
  private logLoss: LogLossAccumulator;
  private brier: BrierScoreAccumulator | null;
  private exact: RankingAccumulator | null;
  private histogram: ScoreHistogramAccumulator | null;

  constructor(options: ClassifierEvaluatorOptions) {
    if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', 'an object with classes', options);
    this.index = new ClassIndex(options.classes);
    const k = this.index.size;
    if (k < 2) throw new InvalidParameterError('classes', 'at least two classes', options.classes);
    this.rankingMode = options.ranking ?? 'exact';
    if (this.rankingMode !== 'exact' && this.rankingMode !== 'histogram') throw new InvalidParameterError('ranking', "'exact' or 'histogram'", this.rankingMode);
    if (this.rankingMode === 'histogram' && k !== 2) throw new InvalidParameterError('ranking', "'exact' for more than two classes (the histogram mode is binary)", this.rankingMode);
    this.tolerance = options.rowSumTolerance ?? { rtol: 1e-5, atol: 1e-8 };
    const classes = this.index.classes;
    this.confusion = new ConfusionMatrixAccumulator(classes);
    this.logLoss = new LogLossAccumulator(classes, { eps: options.eps ?? 'auto' });
    this.brier = k === 2 ? new BrierScoreAccumulator(classes) : null;
    this.exact = this.rankingMode === 'exact' ? new RankingAccumulator(classes) : null;
    this.histogram = this.rankingMode === 'histogram' ? new ScoreHistogramAccumulator(classes, { bins: options.histogramBins ?? 65536 }) : null;
  }

  get classes(): readonly number[] {
    return this.index.classes;
  }

  /** Samples seen. */
  get count(): number {
    return this.logLoss.count;
  }

  /** `yProba`: row-major n x K probabilities in `classes` order (what `predictProba` returns). */
  update(yTrue: NumericArray, yProba: NumericArray, sampleWeight?: NumericArray): this {
    const n = yTrue.length;
    const k = this.index.size;
    checkMatrix('yProba', yProba, n, k);
    checkProbabilityRows('yProba', yProba, k, this.tolerance);
    checkSampleWeight(sampleWeight, n);
    const idx = this.index.encode(yTrue, 'yTrue');
    // prediction = first column of maximal probability (numpy argmax)
    const pred = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const base = i * k;
      let best = 0;
      let bestP = yProba[base]!;
      for (let j = 1; j < k; j++) {
        const p = yProba[base + j]!;
        if (p > bestP) {
          bestP = p;
          best = j;
        }
      }
      pred[i] = best;
    }
    if (sampleWeight !== undefined) this.weighted = true;
    this.confusion.updateIndices(idx, pred, sampleWeight);
    this.logLoss.updateIndices(idx, yProba, k, sampleWeight);
    this.brier?.updateIndices(idx, yProba, 2, 1, sampleWeight);
    if (k === 2) {
      this.exact?.updateIndices(idx, yProba, 2, 1, sampleWeight);
      this.histogram?.updateIndices(idx, yProba, 2, 1, sampleWeight);
    } else this.exact?.updateIndices(idx, yProba, k, 0, sampleWeight);
    return this;
  }

  /** Reads one predictions record batch (columns named by `spec`). */
  updateBatch(batch: RecordBatch, spec: PredictionSpec = defaultPredictionSpec(this.classes)): this {
    const n = batch.numRows;
    const k = this.index.size;
    if (spec.proba.length !== k) throw new InvalidParameterError('spec.proba', `${k} probability columns (one per class)`, spec.proba);
    const yTrue = numericColumn(batch, spec.label, 'label');
    const proba = new Float64Array(n * k);
    spec.proba.forEach((name, j) => {
      const col = numericColumn(batch, name, 'probability');
      for (let i = 0; i < n; i++) proba[i * k + j] = col[i]!;
    });
    const weight = spec.weight === undefined ? undefined : numericColumn(batch, spec.weight, 'weight');
    return this.update(yTrue, proba, weight);
  }

  merge(other: ClassifierEvaluator): this {
    if (!this.index.equals(other.index) || this.rankingMode !== other.rankingMode) throw new IncompatibleStateError(`Expected an evaluator over classes [${this.classes.join(', ')}] with ranking '${this.rankingMode}' to merge but received [${other.classes.join(', ')}] with '${other.rankingMode}'`);
    this.confusion.merge(other.confusion);
    this.logLoss.merge(other.logLoss);
    if (this.brier && other.brier) this.brier.merge(other.brier);
    if (this.exact && other.exact) this.exact.merge(other.exact);
    if (this.histogram && other.histogram) this.histogram.merge(other.histogram);
    this.weighted ||= other.weighted;
    return this;
  }

  /** The CLI's metric set. @throws EmptyInputError when nothing was seen; UndefinedMetricError for one class in yTrue. */
  metrics(): Metrics {
    if (this.count === 0) throw new EmptyInputError('the classifier metrics');
    const accuracy = this.confusion.accuracy();
    const log_loss = this.logLoss.value();
    const confusion_matrix = this.confusion.confusionMatrix();
    if (this.index.size === 2) {
      const posLabel = this.classes[1]!;
      const prf = this.confusion.precisionRecallFscoreSupport({ average: 'binary', posLabel });
      const roc_auc = this.exact ? (this.exact.rocAuc() as number) : this.histogram!.rocAuc().auc;
      const average_precision = this.exact ? this.exact.averagePrecision() : this.histogram!.averagePrecision();
      return {
        accuracy,
        log_loss,
        roc_auc,
        average_precision,
        brier: this.brier!.value(),
        precision: prf.precision as number,
        recall: prf.recall as number,
        f1: prf.fscore as number,
        confusion_matrix,
      };
    }
    return {
      accuracy,
      log_loss,
      f1_macro: this.confusion.f1({ average: 'macro' }) as number,
      roc_auc_ovr_macro: this.exact!.rocAuc({ average: 'macro' }) as number,
      confusion_matrix,
    };
  }

  /** The bound on |roc_auc - exact| in histogram mode (0 in exact mode). */
  rocAucErrorBound(): number {
    return this.histogram ? this.histogram.rocAuc().errorBound : 0;
  }

  /** scikit-learn's classification report of the argmax predictions. */
  classificationReport(options: ClassificationReportOptions = {}): ClassificationReport {
    return classificationReport(this.confusion, options, this.weighted);
  }

  /** The confusion-matrix accumulator (accuracy, balanced accuracy, per-class precision/recall, ...). */
  get confusionMatrix(): ConfusionMatrixAccumulator {
    return this.confusion;
  }

  /** The exact ranking accumulator (curves, per-class AUC, calibration), null in histogram mode. */
  get ranking(): RankingAccumulator | null {
    return this.exact;
  }

  toJSON(): ClassifierEvaluatorState {
    return {
      kind: 'classifier-evaluator',
      classes: [...this.classes],
      ranking: this.rankingMode,
      weighted: this.weighted,
      confusion: this.confusion.toJSON(),
      logLoss: this.logLoss.toJSON(),
      brier: this.brier?.toJSON() ?? null,
      exact: this.exact?.toJSON() ?? null,
      histogram: this.histogram?.toJSON() ?? null,
    };
  }

  static fromJSON(state: ClassifierEvaluatorState): ClassifierEvaluator {
    if (state?.kind !== 'classifier-evaluator') throw new IncompatibleStateError(`Expected a classifier-evaluator state but received kind ${String((state as { kind?: unknown })?.kind)}`);
    const ev = new ClassifierEvaluator({ classes: state.classes, ranking: state.ranking, ...(state.histogram ? { histogramBins: state.histogram.bins } : {}), eps: state.logLoss.eps });
    ev.weighted = state.weighted;
    ev.confusion = ConfusionMatrixAccumulator.fromJSON(state.confusion);
    ev.logLoss = LogLossAccumulator.fromJSON(state.logLoss);
    ev.brier = state.brier ? BrierScoreAccumulator.fromJSON(state.brier) : null;
    ev.exact = state.exact ? RankingAccumulator.fromJSON(state.exact) : null;
    ev.histogram = state.histogram ? ScoreHistogramAccumulator.fromJSON(state.histogram) : null;
    return ev;
  }
}

function numericColumn(batch: RecordBatch, name: string, role: string): NumericArray {
  const vector = batch.getChild(name) as Vector | null;
  if (!vector) {
    const present = batch.schema.fields.map((f) => f.name).join(', ') || '(none)';
    throw new SchemaMismatchError(`Expected ${role} column "${name}" but the data has no such column; columns present: ${present}`, name, 'a numeric column', 'missing');
  }
  if (!DataType.isInt(vector.type) && !DataType.isFloat(vector.type)) {
    throw new SchemaMismatchError(`Expected a numeric (integer or float) type for ${role} column "${name}" but received ${String(vector.type)}`, name, 'integer or float', String(vector.type));
  }
  if (vector.nullCount > 0) {
    throw new InvalidDataError(`Expected no null values in ${role} column "${name}" but received ${vector.nullCount}`, { column: name, nullCount: vector.nullCount });
  }
  const values = vector.toArray() as ArrayLike<number | bigint>;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float64Array.from(values, (v) => Number(v));
  return values as NumericArray;
}

/**
 * The CLI's metric set for true labels and predicted probabilities (row-major n x K in `classes`
 * order): binary `accuracy, log_loss, roc_auc, average_precision, brier, precision, recall, f1,
 * confusion_matrix`, multiclass `accuracy, log_loss, f1_macro, roc_auc_ovr_macro, confusion_matrix`.
 */
export function evaluateClassifier(
  yTrue: NumericArray,
  yProba: NumericArray,
  classes: readonly number[],
  options: Omit<ClassifierEvaluatorOptions, 'classes'> & { sampleWeight?: NumericArray } = {},
): Metrics {
  const { sampleWeight, ...rest } = options;
  return new ClassifierEvaluator({ ...rest, classes }).update(yTrue, yProba, sampleWeight).metrics();
}

/** {@link evaluateClassifier} over a stream of prediction record batches. */
export async function evaluateBatches(source: RecordBatchSource, spec: PredictionSpec, options: ClassifierEvaluatorOptions): Promise<Metrics> {
  const ev = new ClassifierEvaluator(options);
  for await (const batch of recordBatches(source)) ev.updateBatch(batch, spec);
  return ev.metrics();
}
