/**
 * The picture set of a training run, from a model, its data and its metrics: decision boundary,
 * ROC, precision-recall and calibration curves (binary models with numeric classes; computed with
 * `@sigmoid/evaluation` from the model's probabilities over the data), confusion matrix (from the
 * metrics), and the loss history (from the model's `history_`).
 */
import { defaultDatasetSpec, InvalidParameterError, recordBatches, recyclerOf, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import { averagePrecisionScore, calibrationCurve, precisionRecallCurve, rocAucScore, rocCurve } from '@sigmoid/evaluation';
import type { Vector } from 'apache-arrow';
import { renderDecisionBoundary, type DecisionBoundaryOptions, type ProbabilisticClassifier } from './boundary.js';
import { renderConfusionMatrix } from './confusion.js';
import { renderCalibrationCurve, renderLossCurve, renderPrecisionRecallCurve, renderRocCurve } from './curves.js';
import { checkInteger, checkObject, type ChartOptions } from './options.js';

/** The charts of a report. */
export type ReportChart = 'boundary' | 'roc' | 'pr' | 'calibration' | 'confusion' | 'loss';
export const REPORT_CHARTS: readonly ReportChart[] = ['boundary', 'roc', 'pr', 'calibration', 'confusion', 'loss'];

/** A model as the report sees it: a classifier, maybe with feature names and a loss history (as `LogisticRegression`). */
export type ReportModel = ProbabilisticClassifier & {
  featureNames_?: readonly string[];
  history_?: { loss?: readonly number[] };
};

/** Options of {@link renderReportImages}. */
export interface ReportOptions {
  /** Charts to draw (those that the model, data and metrics allow). Default all of {@link REPORT_CHARTS}. */
  charts?: readonly ReportChart[];
  /** Options of the decision-boundary chart. */
  boundary?: DecisionBoundaryOptions;
  /** Number of bins of the calibration curve. Default 10 (sklearn's default). */
  calibrationBins?: number;
  /** Options given to every chart (size, title, axis titles, legend); `boundary` wins for the boundary. */
  common?: ChartOptions;
  /**
   * At most this many rows feed the ROC, precision-recall and calibration curves: larger data is
   * reduced to a seeded uniform sample (reservoir sampling), so memory stays bounded. A curve drawn
   * 600 px wide from 10^6 rows is indistinguishable from the full one; the AUC / AP printed on the
   * charts come from the evaluation's metrics (all rows) when given. Default 1,000,000.
   */
  curveSampleSize?: number;
}

/**
 * Metrics with scikit-learn's names, as `@sigmoid/evaluation` reports them; every key optional.
 * `roc_auc` / `average_precision` label the curves (computed from the data when absent);
 * `confusion_matrix` is needed for the confusion-matrix chart.
 */
export interface ReportMetrics {
  roc_auc?: number;
  average_precision?: number;
  confusion_matrix?: number[][];
  [key: string]: unknown;
}

export interface ReportImage {
  /** File name: `boundary.png`, `roc.png`, ... */
  name: string;
  png: Buffer;
}

/**
 * (label, P(class 1)) pairs for the curves, in typed arrays; beyond `capacity` rows a seeded reservoir
 * sample (Algorithm R with a xorshift32 stream: deterministic for the same data).
 */
async function scores(model: ReportModel, source: RecordBatchSource, spec: DatasetSpec, capacity: number): Promise<{ y: Float64Array; p: Float64Array }> {
  let ys = new Float64Array(Math.min(capacity, 65_536));
  let ps = new Float64Array(ys.length);
  let seen = 0;
  let rng = 0x9e3779b9;
  const next = () => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 4294967296;
  };
  const d = spec.features.length;
  // Rows go to the model CHUNK at a time, transposed into one reused row-major buffer that stays in
  // cache (a whole batch's matrix is ~10 MB, and its strided column-by-column fill ran at a fifth of the speed).
  const CHUNK = Math.max(1, Math.floor(65_536 / Math.max(1, d)));
  const X = new Float64Array(CHUNK * d);
  const batches = recordBatches(source);
  const recycle = recyclerOf(batches); // the sample copies its values: batches go back to a recyclable source
  for await (const batch of batches) {
    const cols = spec.features.map((f) => (batch.getChild(f) as Vector).toArray() as Float64Array | Float32Array);
    const label = (batch.getChild(spec.label) as Vector).toArray() as ArrayLike<number | bigint>;
    for (let a = 0; a < batch.numRows; a += CHUNK) {
      const n = Math.min(CHUNK, batch.numRows - a);
      for (let j = 0; j < d; j++) {
        const col = cols[j]!;
        for (let i = 0; i < n; i++) X[i * d + j] = col[a + i]!;
      }
      const P = model.predictProbaMatrix(n === CHUNK ? X : X.subarray(0, n * d), n);
      for (let i = 0; i < n; i++, seen++) {
        let slot = seen;
        if (seen >= capacity) {
          slot = Math.floor(next() * (seen + 1));
          if (slot >= capacity) continue;
        } else if (seen >= ys.length) {
          const grow = Math.min(capacity, ys.length * 2);
          const y2 = new Float64Array(grow);
          const p2 = new Float64Array(grow);
          y2.set(ys);
          p2.set(ps);
          ys = y2;
          ps = p2;
        }
        ys[slot] = Number(label[a + i]);
        ps[slot] = P[2 * i + 1] as number;
      }
    }
    recycle(batch);
  }
  const kept = Math.min(seen, capacity);
  return { y: ys.subarray(0, kept), p: ps.subarray(0, kept) };
}

/**
 * Draws the report. `openData` is called once per pass over the data (the boundary and the curves
 * each read it once), so it can hand out a fresh stream from disk each time.
 */
export async function renderReportImages(
  model: ReportModel,
  openData: () => RecordBatchSource | Promise<RecordBatchSource>,
  metrics: ReportMetrics = {},
  options: ReportOptions = {},
): Promise<ReportImage[]> {
  const o = checkObject('options', options);
  const charts = (o.charts ?? REPORT_CHARTS) as unknown;
  if (!Array.isArray(charts) || charts.some((c) => !REPORT_CHARTS.includes(c as ReportChart))) {
    throw new InvalidParameterError('options.charts', `an array of ${REPORT_CHARTS.map((c) => JSON.stringify(c)).join(', ')}`, charts);
  }
  const want = new Set(charts as ReportChart[]);
  const m = checkObject('metrics', metrics) as ReportMetrics;
  const common = checkObject('options.common', o.common) as ChartOptions;
  const bins = checkInteger('options.calibrationBins', o.calibrationBins, 1, 1000, 10);
  const curveSampleSize = checkInteger('options.curveSampleSize', o.curveSampleSize, 1000, 1e8, 1_000_000);
  const out: ReportImage[] = [];
  let spec: DatasetSpec | undefined = (o.boundary as DecisionBoundaryOptions | undefined)?.spec;
  if (!spec && model.featureNames_ && model.featureNames_.length > 0) spec = { features: [...model.featureNames_], label: 'y' };
  if (!spec) {
    for await (const batch of recordBatches(await openData())) {
      spec = defaultDatasetSpec(batch.schema);
      break;
    }
  }
  const resolved = spec ?? { features: [], label: 'y' };
  const data = async () => openData();
  if (want.has('boundary') && resolved.features.length >= 2) {
    out.push({ name: 'boundary.png', png: await renderDecisionBoundary(model, await data(), { ...common, ...(o.boundary as DecisionBoundaryOptions), spec: resolved }) });
  }
  const classes = Array.from(model.classes_, (c) => c);
  const numericBinary = classes.length === 2 && classes.every((c) => typeof c === 'number');
  if (numericBinary && (want.has('roc') || want.has('pr') || want.has('calibration'))) {
    const { y, p } = await scores(model, await data(), resolved, curveSampleSize);
    const posLabel = classes[1] as number;
    const present = new Set(y);
    if (present.size === 2) {
      if (want.has('roc')) {
        const roc = rocCurve(y, p, { posLabel });
        out.push({ name: 'roc.png', png: await renderRocCurve({ fpr: roc.fpr, tpr: roc.tpr, auc: typeof m.roc_auc === 'number' ? m.roc_auc : (rocAucScore(y, p, { classes: [classes[0] as number, posLabel] }) as number) }, common) });
      }
      if (want.has('pr')) {
        const pr = precisionRecallCurve(y, p, { posLabel });
        let positives = 0;
        for (let i = 0; i < y.length; i++) if (y[i] === posLabel) positives++;
        const prevalence = positives / y.length;
        out.push({ name: 'pr.png', png: await renderPrecisionRecallCurve({ precision: pr.precision, recall: pr.recall, prevalence, averagePrecision: typeof m.average_precision === 'number' ? m.average_precision : averagePrecisionScore(y, p, { posLabel }) }, common) });
      }
      if (want.has('calibration')) {
        const cal = calibrationCurve(y, p, { posLabel, nBins: bins });
        out.push({ name: 'calibration.png', png: await renderCalibrationCurve({ probPred: cal.probPred, probTrue: cal.probTrue }, common) });
      }
    }
  }
  if (want.has('confusion') && Array.isArray(m.confusion_matrix)) {
    out.push({ name: 'confusion.png', png: await renderConfusionMatrix({ matrix: m.confusion_matrix, labels: classes.map(String) }, common) });
  }
  const loss = model.history_?.loss;
  if (want.has('loss') && loss && loss.length > 0) {
    out.push({ name: 'loss.png', png: await renderLossCurve(Array.from(loss), common) });
  }
  return out;
}
