/**
 * Evaluation curves from plain numbers (so this package does not depend on how they were computed):
 * ROC, precision-recall, calibration (reliability) and training loss. Each takes one curve or an
 * array of curves (to compare models) and draws them in tab10 colours.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { niceTicks } from './axes.js';
import { renderLineChart, type Series } from './line-chart.js';
import { TAB10 } from './markers.js';
import { checkNumber, checkNumbers, checkObject, checkString, resolveChartOptions, type ChartOptions } from './options.js';

/** One ROC curve: false- and true-positive rates at decreasing thresholds (as sklearn's `roc_curve`). */
export interface RocCurveInput {
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
  /** Area under the curve, shown in the legend. */
  auc?: number;
  /** Legend text. Default `ROC curve (AUC = 0.970)` or `ROC curve`. */
  label?: string;
}

/** One precision-recall curve (as sklearn's `precision_recall_curve`). */
export interface PrecisionRecallCurveInput {
  precision: ArrayLike<number>;
  recall: ArrayLike<number>;
  /** Average precision, shown in the legend. */
  averagePrecision?: number;
  /** Share of positives; draws the chance level line when given. */
  prevalence?: number;
  /** Legend text. Default `AP = 0.963` or `precision-recall`. */
  label?: string;
}

/** One reliability curve (as sklearn's `calibration_curve`): per bin, mean prediction and fraction of positives. */
export interface CalibrationCurveInput {
  probPred: ArrayLike<number>;
  probTrue: ArrayLike<number>;
  /** Legend text. Default `model`. */
  label?: string;
}

/** Training history: one loss value per epoch (or iteration). */
export interface LossCurveInput {
  loss: ArrayLike<number>;
  /** Validation loss at the same steps. */
  validationLoss?: ArrayLike<number>;
}

const UNIT: readonly [number, number] = [-0.02, 1.02];
const UNIT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

function asList<T>(name: string, v: T | readonly T[]): T[] {
  const list = Array.isArray(v) ? [...(v as T[])] : [v as T];
  if (list.length === 0) throw new InvalidParameterError(name, 'a curve or a non-empty array of curves', v);
  list.forEach((c, i) => checkObject(list.length > 1 || Array.isArray(v) ? `${name}[${i}]` : name, c));
  return list;
}

function pairedArrays(name: string, a: [string, unknown], b: [string, unknown], range: [number, number]): [ArrayLike<number>, ArrayLike<number>] {
  const x = checkNumbers(`${name}.${a[0]}`, a[1], { min: range[0], max: range[1] });
  const y = checkNumbers(`${name}.${b[0]}`, b[1], { min: range[0], max: range[1] });
  if (x.length !== y.length) throw new InvalidParameterError(`${name}.${b[0]}`, `an array of the same length as ${a[0]} (${x.length})`, b[1]);
  return [x, y];
}

const fmt3 = (v: number) => v.toFixed(3);

/**
 * ROC curve(s) with the chance diagonal.
 * Defaults: title 'ROC curve', x 'False positive rate', y 'True positive rate', legend 'lower right'.
 * @throws InvalidParameterError for missing/mismatched arrays or rates outside [0, 1]
 */
export async function renderRocCurve(curves: RocCurveInput | readonly RocCurveInput[], options: ChartOptions = {}): Promise<Buffer> {
  const o = checkObject('options', options);
  const chart = resolveChartOptions({ legend: 'lower right', ...o }, { title: 'ROC curve', xLabel: 'False positive rate', yLabel: 'True positive rate' });
  const list = asList('curves', curves);
  const series: Series[] = [{ x: [0, 1], y: [0, 1], label: 'Chance level (AUC = 0.5)', color: '#000000', width: 1.2, dash: [5, 4] }];
  list.forEach((c, i) => {
    const name = list.length > 1 ? `curves[${i}]` : 'curve';
    const [fpr, tpr] = pairedArrays(name, ['fpr', c.fpr], ['tpr', c.tpr], [0, 1]);
    const auc = c.auc === undefined ? undefined : checkNumber(`${name}.auc`, c.auc, 0, 1, 0);
    const label = checkString(`${name}.label`, c.label, auc === undefined ? 'ROC curve' : `ROC curve (AUC = ${fmt3(auc)})`);
    series.push({ x: fpr, y: tpr, label, color: TAB10[i % TAB10.length] as string });
  });
  return renderLineChart({
    frame: { width: chart.width, height: chart.height, title: chart.title, x: { domain: UNIT, label: chart.xLabel, ticks: UNIT_TICKS }, y: { domain: UNIT, label: chart.yLabel, ticks: UNIT_TICKS } },
    series: [...series.slice(1), series[0] as Series],
    legend: chart.legend,
  });
}

/**
 * Precision-recall curve(s) as step functions, with the chance level when `prevalence` is given.
 * Defaults: title 'Precision-recall curve', x 'Recall', y 'Precision', legend 'lower left'.
 */
export async function renderPrecisionRecallCurve(curves: PrecisionRecallCurveInput | readonly PrecisionRecallCurveInput[], options: ChartOptions = {}): Promise<Buffer> {
  const o = checkObject('options', options);
  const chart = resolveChartOptions({ legend: 'lower left', ...o }, { title: 'Precision-recall curve', xLabel: 'Recall', yLabel: 'Precision' });
  const list = asList('curves', curves);
  const series: Series[] = [];
  const chance: Series[] = [];
  list.forEach((c, i) => {
    const name = list.length > 1 ? `curves[${i}]` : 'curve';
    const [recall, precision] = pairedArrays(name, ['recall', c.recall], ['precision', c.precision], [0, 1]);
    const ap = c.averagePrecision === undefined ? undefined : checkNumber(`${name}.averagePrecision`, c.averagePrecision, 0, 1, 0);
    const label = checkString(`${name}.label`, c.label, ap === undefined ? 'precision-recall' : `AP = ${fmt3(ap)}`);
    const color = TAB10[i % TAB10.length] as string;
    series.push({ x: recall, y: precision, label, color, step: 'post' });
    if (c.prevalence !== undefined) {
      const p = checkNumber(`${name}.prevalence`, c.prevalence, 0, 1, 0);
      chance.push({ x: [0, 1], y: [p, p], label: `Chance level (AP = ${p.toFixed(2)})`, color: list.length > 1 ? color : '#000000', width: 1.2, dash: [5, 4] });
    }
  });
  return renderLineChart({
    frame: { width: chart.width, height: chart.height, title: chart.title, x: { domain: UNIT, label: chart.xLabel, ticks: UNIT_TICKS }, y: { domain: UNIT, label: chart.yLabel, ticks: UNIT_TICKS } },
    series: [...series, ...chance],
    legend: chart.legend,
  });
}

/**
 * Reliability diagram: fraction of positives against mean predicted probability per bin, with the
 * diagonal of perfect calibration. Defaults: title 'Calibration curve', x 'Mean predicted probability',
 * y 'Fraction of positives', legend 'upper left'.
 */
export async function renderCalibrationCurve(curves: CalibrationCurveInput | readonly CalibrationCurveInput[], options: ChartOptions = {}): Promise<Buffer> {
  const o = checkObject('options', options);
  const chart = resolveChartOptions({ legend: 'upper left', ...o }, { title: 'Calibration curve', xLabel: 'Mean predicted probability', yLabel: 'Fraction of positives' });
  const list = asList('curves', curves);
  const series: Series[] = [{ x: [0, 1], y: [0, 1], label: 'Perfectly calibrated', color: '#000000', width: 1.2, dash: [2, 3] }];
  list.forEach((c, i) => {
    const name = list.length > 1 ? `curves[${i}]` : 'curve';
    const [probPred, probTrue] = pairedArrays(name, ['probPred', c.probPred], ['probTrue', c.probTrue], [0, 1]);
    const label = checkString(`${name}.label`, c.label, list.length > 1 ? `model ${i + 1}` : 'model');
    series.push({ x: probPred, y: probTrue, label, color: TAB10[i % TAB10.length] as string, marker: 'square' });
  });
  return renderLineChart({
    frame: { width: chart.width, height: chart.height, title: chart.title, x: { domain: UNIT, label: chart.xLabel, ticks: UNIT_TICKS }, y: { domain: UNIT, label: chart.yLabel, ticks: UNIT_TICKS } },
    series,
    legend: chart.legend,
  });
}

/**
 * Training history: loss per epoch (x = 1, 2, ...), and validation loss when given. The y range is
 * the data range plus 5 % on each side (matplotlib's default margins).
 * Defaults: title 'Training loss', x 'Epoch', y 'Loss', legend 'best'.
 */
export async function renderLossCurve(history: LossCurveInput | ArrayLike<number>, options: ChartOptions = {}): Promise<Buffer> {
  const o = checkObject('options', options);
  const chart = resolveChartOptions(o, { title: 'Training loss', xLabel: 'Epoch', yLabel: 'Loss' });
  const h = (Array.isArray(history) || ArrayBuffer.isView(history) ? { loss: history } : checkObject('history', history)) as unknown as LossCurveInput;
  const loss = checkNumbers('history.loss', h.loss);
  const val = h.validationLoss === undefined ? undefined : checkNumbers('history.validationLoss', h.validationLoss);
  const steps = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of val ? [loss, val] : [loss]) for (let i = 0; i < arr.length; i++) {
    lo = Math.min(lo, arr[i] as number);
    hi = Math.max(hi, arr[i] as number);
  }
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(hi) * 0.05, 0.05);
  const n = Math.max(loss.length, val?.length ?? 0);
  const xPad = n > 1 ? (n - 1) * 0.05 : 0.5;
  const series: Series[] = [{ x: steps(loss.length), y: loss, label: val ? 'training' : '', color: TAB10[0], ...(loss.length <= 40 ? { marker: 'circle' as const } : {}) }];
  if (val) series.push({ x: steps(val.length), y: val, label: 'validation', color: TAB10[1], ...(val.length <= 40 ? { marker: 'square' as const } : {}) });
  // Epochs are whole numbers: no tick at 2.5.
  let xTicks: number[] = [];
  for (let max = 10; max >= 2; max--) {
    xTicks = niceTicks(1, n, max);
    if (xTicks.every((t) => Number.isInteger(t))) break;
  }
  return renderLineChart({
    frame: { width: chart.width, height: chart.height, title: chart.title, x: { domain: [1 - xPad, n + xPad], label: chart.xLabel, ticks: xTicks }, y: { domain: [lo - pad, hi + pad], label: chart.yLabel } },
    series,
    legend: chart.legend,
  });
}
