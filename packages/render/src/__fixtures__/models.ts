/**
 * Test and docs fixtures: the scikit-learn seed-demo data and model (tools/fixtures/sklearn), a tiny
 * linear model object that keeps the ProbabilisticClassifier contract, and exact ROC / PR curves
 * computed from its scores. Not part of the published package.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableFromArrays, type Table } from 'apache-arrow';
import type { ProbabilisticClassifier } from '@sigmoid/render';

const FIXTURES = fileURLToPath(new URL('../../../../tools/fixtures/sklearn/', import.meta.url));

export function readFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(FIXTURES + name, 'utf8')) as T;
}

/** Binary logistic model P(1 | x) = sigmoid(w . x + b), or multinomial softmax for several rows of coef. */
export class LinearModel implements ProbabilisticClassifier {
  readonly nFeaturesIn_: number;
  constructor(
    readonly coef_: number[][],
    readonly intercept_: number[],
    readonly classes_: number[],
  ) {
    this.nFeaturesIn_ = (coef_[0] as number[]).length;
  }

  predictProbaMatrix(X: Float64Array, nRows: number): Float64Array {
    const d = this.nFeaturesIn_;
    const K = this.classes_.length;
    const P = new Float64Array(nRows * K);
    if (this.coef_.length === 1) {
      const w = this.coef_[0] as number[];
      const b = this.intercept_[0] as number;
      for (let i = 0; i < nRows; i++) {
        let z = b;
        for (let j = 0; j < d; j++) z += (w[j] as number) * (X[i * d + j] as number);
        const p = 1 / (1 + Math.exp(-z));
        P[2 * i] = 1 - p;
        P[2 * i + 1] = p;
      }
      return P;
    }
    const z = new Float64Array(K);
    for (let i = 0; i < nRows; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const w = this.coef_[k] as number[];
        let s = this.intercept_[k] as number;
        for (let j = 0; j < d; j++) s += (w[j] as number) * (X[i * d + j] as number);
        z[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += z[k] = Math.exp((z[k] as number) - max);
      for (let k = 0; k < K; k++) P[i * K + k] = (z[k] as number) / sum;
    }
    return P;
  }
}

interface Dataset {
  X: number[][];
  y: number[];
}
interface Fit {
  coef: number[][];
  intercept: number[];
  classes: number[];
  confusion_matrix: number[][];
  calibration_prob_true: number[];
  calibration_prob_pred: number[];
  roc_auc: number;
  average_precision: number;
}

export function toTable(ds: Dataset): Table {
  const d = (ds.X[0] as number[]).length;
  const cols: Record<string, Float64Array | Int32Array> = {};
  for (let j = 0; j < d; j++) cols[`x${j}`] = Float64Array.from(ds.X, (r) => r[j] as number);
  cols.y = Int32Array.from(ds.y);
  return tableFromArrays(cols);
}

export function seedDemo(): { table: Table; model: LinearModel; fit: Fit; data: Dataset } {
  const data = readFixture<Dataset>('make_classification.seed-demo.json');
  const fit = readFixture<Fit>('logistic_regression.seed-demo.json');
  return { table: toTable(data), model: new LinearModel(fit.coef, fit.intercept, fit.classes), fit, data };
}

export function multiclassDemo(): { table: Table; model: LinearModel; fit: Fit } {
  const data = readFixture<Dataset>('make_classification.multiclass-weights.json');
  const fit = readFixture<Fit>('logistic_regression.multiclass-multinomial.json');
  return { table: toTable(data), model: new LinearModel(fit.coef, fit.intercept, fit.classes), fit };
}

/** P(class 1) of every row of the seed demo. */
export function seedDemoScores(): { y: number[]; score: number[] } {
  const { model, data } = seedDemo();
  const X = Float64Array.from(data.X.flat());
  const P = model.predictProbaMatrix(X, data.y.length);
  return { y: data.y, score: data.y.map((_, i) => P[2 * i + 1] as number) };
}

/** sklearn's roc_curve (drop_intermediate=False) and precision_recall_curve for scores without ties. */
export function curvesFromScores(y: number[], score: number[]): { fpr: number[]; tpr: number[]; precision: number[]; recall: number[] } {
  const order = score.map((_, i) => i).sort((a, b) => (score[b] as number) - (score[a] as number));
  const pos = y.filter((v) => v === 1).length;
  const neg = y.length - pos;
  const fpr = [0];
  const tpr = [0];
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  let fp = 0;
  for (const i of order) {
    if (y[i] === 1) tp++;
    else fp++;
    fpr.push(fp / neg);
    tpr.push(tp / pos);
    precision.push(tp / (tp + fp));
    recall.push(tp / pos);
  }
  // sklearn orders PR by decreasing recall and ends at (recall 0, precision 1).
  precision.reverse();
  recall.reverse();
  precision.push(1);
  recall.push(0);
  return { fpr, tpr, precision, recall };
}
