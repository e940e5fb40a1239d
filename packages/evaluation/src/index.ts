/**
 * @module @sigmoid/evaluation
 *
 * Classification metrics that agree with scikit-learn 1.2.1 to the last digits, computed from
 * mergeable, JSON-serialisable accumulators so that evaluation can be split across record batches,
 * workers or partitions.
 *
 * @example
 * ```ts
 * import { ClassifierEvaluator, evaluateClassifier, rocAucScore } from '@sigmoid/evaluation';
 *
 * const yTrue = Int32Array.of(0, 0, 1, 1);
 * const proba = Float64Array.of(0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8); // n x 2, row-major
 * console.log(evaluateClassifier(yTrue, proba, [0, 1]).roc_auc); // 0.75
 * console.log(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])); // 0.75
 *
 * // the same, split in two and merged (e.g. two workers, state sent as JSON)
 * const a = new ClassifierEvaluator({ classes: [0, 1] }).update(yTrue.subarray(0, 2), proba.subarray(0, 4));
 * const b = new ClassifierEvaluator({ classes: [0, 1] }).update(yTrue.subarray(2), proba.subarray(4));
 * const merged = ClassifierEvaluator.fromJSON(JSON.parse(JSON.stringify(a.toJSON()))).merge(b);
 * console.log(merged.metrics().log_loss);
 * ```
 */
export {
  ClassifierEvaluator,
  evaluateClassifier,
  evaluateBatches,
  defaultPredictionSpec,
} from './classifier-evaluator.js';
export type { BinaryMetrics, MulticlassMetrics, Metrics, ClassifierEvaluatorOptions, ClassifierEvaluatorState, PredictionSpec } from './classifier-evaluator.js';
export { evaluateModelOnData, accumulateModelOnData } from './model-evaluation.js';
export type { ProbabilisticClassifier, EvaluateModelOptions } from './model-evaluation.js';
export { ConfusionMatrixAccumulator } from './confusion.js';
export type { Average, ZeroDivision, Normalize, PrfOptions, PrfResult, ConfusionMatrixState } from './confusion.js';
export { LogLossAccumulator, BrierScoreAccumulator, FLOAT64_EPS } from './probability-loss.js';
export type { LogLossState, BrierScoreState } from './probability-loss.js';
export { RankingAccumulator } from './ranking.js';
export type { RankingMode, RankingOptions, RankingState } from './ranking.js';
export { ScoreHistogramAccumulator } from './score-histogram.js';
export type { ScoreHistogramOptions, ScoreHistogramState, ApproximateAuc } from './score-histogram.js';
export { UniformCalibrationAccumulator } from './calibration.js';
export type { CalibrationCurve, CalibrationStrategy, UniformCalibrationState } from './calibration.js';
export type { RocCurve, PrCurve } from './binary-curve.js';
export { classificationReport as classificationReportFromMatrix, formatFixed } from './classification-report.js';
export type { ClassificationReport, ClassificationReportJson, ClassificationReportOptions, ReportRow } from './classification-report.js';
export {
  accuracyScore,
  balancedAccuracyScore,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  f1Score,
  fbetaScore,
  confusionMatrix,
  classificationReport,
  logLoss,
  brierScoreLoss,
  rocAucScore,
  rocCurve,
  precisionRecallCurve,
  averagePrecisionScore,
  calibrationCurve,
  uniqueLabels,
} from './metric-functions.js';
export type { LabelMetricOptions } from './metric-functions.js';
export {
  LengthMismatchError,
  UnknownLabelError,
  InvalidProbabilityError,
  NonFiniteValueError,
  EmptyInputError,
  UndefinedMetricError,
  IncompatibleStateError,
} from './errors.js';
export { argsortStable } from './sort.js';
