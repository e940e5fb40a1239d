/**
 * One-call functions with scikit-learn's names and semantics over whole arrays. Each builds the
 * matching accumulator, feeds it once and reads the metric, so they share one implementation
 * with the streaming path. Classes default to the sorted labels present, as scikit-learn's do.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { NumericArray } from './classes.js';
import { classificationReport as reportFromMatrix, type ClassificationReport, type ClassificationReportOptions } from './classification-report.js';
import { ConfusionMatrixAccumulator, type Average, type Normalize, type PrfOptions, type PrfResult, type ZeroDivision } from './confusion.js';
import type { CalibrationCurve, CalibrationStrategy } from './calibration.js';
import type { PrCurve, RocCurve } from './binary-curve.js';
import { EmptyInputError, UndefinedMetricError } from './errors.js';
import { BrierScoreAccumulator, LogLossAccumulator } from './probability-loss.js';
import { RankingAccumulator } from './ranking.js';

/** Sorted distinct labels of the given arrays (scikit-learn's `unique_labels`). */
export function uniqueLabels(...arrays: NumericArray[]): number[] {
  const set = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) set.add(a[i]!);
  return [...set].sort((x, y) => x - y);
}

function nonEmpty(what: string, yTrue: NumericArray): void {
  if (yTrue.length === 0) throw new EmptyInputError(what);
}

function confusion(what: string, yTrue: NumericArray, yPred: NumericArray, sampleWeight: NumericArray | undefined, classes?: readonly number[]): ConfusionMatrixAccumulator {
  nonEmpty(what, yTrue);
  return new ConfusionMatrixAccumulator(classes ?? uniqueLabels(yTrue, yPred)).update(yTrue, yPred, sampleWeight);
}

/** Options shared by the label-based functions. */
export interface LabelMetricOptions {
  sampleWeight?: NumericArray;
  /** Known classes (default: the labels present in yTrue and yPred). */
  classes?: readonly number[];
}

/** `accuracy_score`. */
export function accuracyScore(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & { normalize?: boolean } = {}): number {
  return confusion('accuracy_score', yTrue, yPred, options.sampleWeight, options.classes).accuracy({ normalize: options.normalize ?? true });
}

/** `balanced_accuracy_score`. */
export function balancedAccuracyScore(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & { adjusted?: boolean } = {}): number {
  return confusion('balanced_accuracy_score', yTrue, yPred, options.sampleWeight, options.classes).balancedAccuracy({ adjusted: options.adjusted ?? false });
}

/** `precision_recall_fscore_support` (average default 'binary', posLabel 1, beta 1, zeroDivision 'warn'). */
export function precisionRecallFscoreSupport(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & PrfOptions = {}): PrfResult {
  return confusion('precision_recall_fscore_support', yTrue, yPred, options.sampleWeight, options.classes ?? uniqueLabels(yTrue, yPred, [options.posLabel ?? 1], options.labels ?? [])).precisionRecallFscoreSupport(options);
}

/** `precision_score`. */
export function precisionScore(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & PrfOptions = {}): number | number[] {
  return confusion('precision_score', yTrue, yPred, options.sampleWeight, options.classes ?? uniqueLabels(yTrue, yPred, [options.posLabel ?? 1], options.labels ?? [])).precision(options);
}

/** `recall_score`. */
export function recallScore(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & PrfOptions = {}): number | number[] {
  return confusion('recall_score', yTrue, yPred, options.sampleWeight, options.classes ?? uniqueLabels(yTrue, yPred, [options.posLabel ?? 1], options.labels ?? [])).recall(options);
}

/** `f1_score`. */
export function f1Score(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & Omit<PrfOptions, 'beta'> = {}): number | number[] {
  return confusion('f1_score', yTrue, yPred, options.sampleWeight, options.classes ?? uniqueLabels(yTrue, yPred, [options.posLabel ?? 1], options.labels ?? [])).f1(options);
}

/** `fbeta_score`. */
export function fbetaScore(yTrue: NumericArray, yPred: NumericArray, beta: number, options: LabelMetricOptions & Omit<PrfOptions, 'beta'> = {}): number | number[] {
  return precisionRecallFscoreSupport(yTrue, yPred, { ...options, beta }).fscore;
}

/** `confusion_matrix`. */
export function confusionMatrix(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & { labels?: readonly number[]; normalize?: Normalize | null } = {}): number[][] {
  return confusion('confusion_matrix', yTrue, yPred, options.sampleWeight, options.classes ?? uniqueLabels(yTrue, yPred, options.labels ?? [])).confusionMatrix(options);
}

/** `classification_report` (JSON and text). */
export function classificationReport(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions & ClassificationReportOptions = {}): ClassificationReport {
  const cm = confusion('classification_report', yTrue, yPred, options.sampleWeight, options.classes ?? uniqueLabels(yTrue, yPred, options.labels ?? []));
  return reportFromMatrix(cm, options, options.sampleWeight !== undefined);
}

/**
 * `log_loss`. `yProba`: row-major n x K in `classes` order, or n probabilities of the greater class.
 * `classes` default: the labels in yTrue (scikit-learn's `labels=None`).
 */
export function logLoss(yTrue: NumericArray, yProba: NumericArray, options: { sampleWeight?: NumericArray; classes?: readonly number[]; eps?: number | 'auto'; normalize?: boolean } = {}): number {
  nonEmpty('log_loss', yTrue);
  const classes = options.classes ?? uniqueLabels(yTrue);
  if (classes.length < 2) throw new UndefinedMetricError(`y_true contains only one label (${classes[0]}). Please provide the true labels explicitly through the classes option.`);
  return new LogLossAccumulator(classes, { eps: options.eps ?? 'auto' }).update(yTrue, yProba, options.sampleWeight).value({ normalize: options.normalize ?? true });
}

/** `brier_score_loss` (binary). */
export function brierScoreLoss(yTrue: NumericArray, yProb: NumericArray, options: { sampleWeight?: NumericArray; posLabel?: number; classes?: readonly number[] } = {}): number {
  nonEmpty('brier_score_loss', yTrue);
  const classes = options.classes ?? binaryClasses(yTrue, options.posLabel);
  return new BrierScoreAccumulator(classes, options.posLabel === undefined ? {} : { posLabel: options.posLabel }).update(yTrue, yProb, options.sampleWeight).value();
}

/** Two classes for a binary curve: the labels present plus the positive label (default 1). */
function binaryClasses(yTrue: NumericArray, posLabel: number | undefined): number[] {
  const labels = uniqueLabels(yTrue, [posLabel ?? uniqueLabels(yTrue).at(-1)!]);
  if (labels.length > 2) throw new UndefinedMetricError(`Expected a binary target for this metric but yTrue holds ${labels.length} labels ([${labels.join(', ')}])`);
  if (labels.length === 1) return labels[0] === (posLabel ?? 1) ? [labels[0]! - 1, labels[0]!] : [labels[0]!, labels[0]! + 1];
  return labels;
}

function ranking(what: string, yTrue: NumericArray, yScore: NumericArray, sampleWeight: NumericArray | undefined, classes: readonly number[]): RankingAccumulator {
  nonEmpty(what, yTrue);
  return new RankingAccumulator(classes).update(yTrue, yScore, sampleWeight);
}

/**
 * `roc_auc_score`. Binary: `yScore` is one score per sample (of the greater class). Multiclass:
 * row-major n x K probabilities, one-vs-rest, `average` 'macro' (default), 'weighted', 'micro' or null.
 */
export function rocAucScore(yTrue: NumericArray, yScore: NumericArray, options: { sampleWeight?: NumericArray; classes?: readonly number[]; average?: 'macro' | 'weighted' | 'micro' | null } = {}): number | number[] {
  const classes = options.classes ?? uniqueLabels(yTrue);
  if (classes.length < 2) throw new UndefinedMetricError('Only one class present in y_true. ROC AUC score is not defined in that case.');
  const acc = ranking('roc_auc_score', yTrue, yScore, options.sampleWeight, classes);
  return acc.rocAuc(options.average === undefined ? {} : { average: options.average });
}

/** `roc_curve` of scikit-learn 1.2.1 (posLabel default 1, dropIntermediate default true). */
export function rocCurve(yTrue: NumericArray, yScore: NumericArray, options: { sampleWeight?: NumericArray; posLabel?: number; dropIntermediate?: boolean } = {}): RocCurve {
  const classes = binaryClasses(yTrue, options.posLabel ?? 1);
  return ranking('roc_curve', yTrue, yScore, options.sampleWeight, classes).rocCurve({ posLabel: options.posLabel ?? 1, dropIntermediate: options.dropIntermediate ?? true });
}

/** `precision_recall_curve` (posLabel default 1). */
export function precisionRecallCurve(yTrue: NumericArray, yScore: NumericArray, options: { sampleWeight?: NumericArray; posLabel?: number } = {}): PrCurve {
  const classes = binaryClasses(yTrue, options.posLabel ?? 1);
  return ranking('precision_recall_curve', yTrue, yScore, options.sampleWeight, classes).precisionRecallCurve({ posLabel: options.posLabel ?? 1 });
}

/** `average_precision_score` (binary, posLabel default 1). */
export function averagePrecisionScore(yTrue: NumericArray, yScore: NumericArray, options: { sampleWeight?: NumericArray; posLabel?: number } = {}): number {
  const posLabel = options.posLabel ?? 1;
  const present = uniqueLabels(yTrue);
  if (present.length === 2 && !present.includes(posLabel)) throw new InvalidParameterError('posLabel', `one of [${present.join(', ')}]`, posLabel);
  const classes = binaryClasses(yTrue, posLabel);
  return ranking('average_precision_score', yTrue, yScore, options.sampleWeight, classes).averagePrecision({ posLabel });
}

/** `calibration_curve` (nBins default 5, strategy 'uniform'). */
export function calibrationCurve(yTrue: NumericArray, yProb: NumericArray, options: { nBins?: number; strategy?: CalibrationStrategy; posLabel?: number } = {}): CalibrationCurve {
  const classes = binaryClasses(yTrue, options.posLabel ?? 1);
  return ranking('calibration_curve', yTrue, yProb, undefined, classes).calibrationCurve({ ...options, posLabel: options.posLabel ?? 1 });
}

export type { Average, ZeroDivision };
