/**
 * @module @sigmoid/render
 *
 * Charts for logistic-regression pipelines, rasterised to PNG with sharp: the decision boundary of a
 * model over a dataset, ROC, precision-recall, calibration and loss curves, and confusion matrices.
 * Text is drawn from fonts shipped with the package (DejaVu Sans, Noto Sans JP), so images are the
 * same on every machine; the same input always gives the same pixels.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { tableFromArrays } from 'apache-arrow';
 * import { renderDecisionBoundary } from '@sigmoid/render';
 *
 * const w = [-0.77, 3.07], b = 0.16; // any object with classes_ and predictProbaMatrix will do
 * const model = {
 *   classes_: [0, 1],
 *   predictProbaMatrix(X: Float64Array, n: number) {
 *     const P = new Float64Array(2 * n);
 *     for (let i = 0; i < n; i++) {
 *       const p = 1 / (1 + Math.exp(-(w[0]! * X[2 * i]! + w[1]! * X[2 * i + 1]! + b)));
 *       P[2 * i] = 1 - p; P[2 * i + 1] = p;
 *     }
 *     return P;
 *   },
 * };
 * const data = tableFromArrays({ x0: Float64Array.of(0, 1, 2), x1: Float64Array.of(1, -1, 0.5), y: Int32Array.of(1, 0, 1) });
 * writeFileSync('boundary.png', await renderDecisionBoundary(model, data, { title: 'Demo' }));
 * ```
 */
export { renderDecisionBoundary, renderDecisionBoundaryFigure } from './boundary.js';
export type { ProbabilisticClassifier, DecisionBoundaryOptions, DecisionBoundaryLayout } from './boundary.js';
export type { Rect } from './axes.js';
export { renderRocCurve, renderPrecisionRecallCurve, renderCalibrationCurve, renderLossCurve } from './curves.js';
export type { RocCurveInput, PrecisionRecallCurveInput, CalibrationCurveInput, LossCurveInput } from './curves.js';
export { renderConfusionMatrix } from './confusion.js';
export type { ConfusionMatrixInput, ConfusionMatrixOptions } from './confusion.js';
export { renderBarChart } from './bar-chart.js';
export type { Bar, BarChartOptions } from './bar-chart.js';
export { renderReportImages, REPORT_CHARTS } from './report.js';
export type { ReportChart, ReportModel, ReportOptions, ReportMetrics, ReportImage } from './report.js';
export type { ChartOptions } from './options.js';
export type { LegendLocation } from './legend.js';
export { ModelContractError } from './errors.js';
