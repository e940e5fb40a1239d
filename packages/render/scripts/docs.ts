/**
 * Renders the example images of the README into packages/render/docs/ from the scikit-learn
 * seed-demo fixtures. Run: npm run -w @sigmoid/render docs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  renderBarChart,
  renderCalibrationCurve,
  renderConfusionMatrix,
  renderDecisionBoundary,
  renderLossCurve,
  renderPrecisionRecallCurve,
  renderRocCurve,
} from '@sigmoid/render';
import { curvesFromScores, LinearModel, multiclassDemo, readFixture, seedDemo, seedDemoScores, toTable } from '../src/__fixtures__/models.js';

/**
 * scikit-learn 1.2.1's LogisticRegression().fit on make_blobs.blobs-3c (printed with
 * `LogisticRegression().fit(X, y).coef_ / .intercept_`; training accuracy 0.783).
 */
const BLOBS_COEF = [
  [-0.28452058863104696, 0.15419373964812136],
  [-0.5513994837058569, 0.8595209602548176],
  [0.8359200723369157, -1.0137146999030082],
];
const BLOBS_INTERCEPT = [-0.683016765222262, -7.956398733492768, 8.639415498714776];


const out = fileURLToPath(new URL('../docs/', import.meta.url));
mkdirSync(out, { recursive: true });
const { table, model, fit } = seedDemo();
const { y, score } = seedDemoScores();
const c = curvesFromScores(y, score);
const loss = Array.from({ length: 30 }, (_, i) => 0.2127 + 0.48 * Math.exp(-i / 4));
const val = loss.map((v, i) => v + 0.012 + 0.002 * i ** 0.5);
const multi = multiclassDemo();
const blobs = readFixture<{ X: number[][]; y: number[] }>('make_blobs.blobs-3c.json');
const blobModel = new LinearModel(BLOBS_COEF, BLOBS_INTERCEPT, [0, 1, 2]);
const files: Record<string, Buffer> = {
  'seed-demo-boundary.png': await renderDecisionBoundary(model, table),
  'seed-demo-boundary-ja.png': await renderDecisionBoundary(model, table, { title: 'ロジスティック回帰の決定境界', xLabel: '特徴量 1', yLabel: '特徴量 2' }),
  'blobs-boundary.png': await renderDecisionBoundary(blobModel, toTable(blobs), { title: 'Three classes (make_blobs)' }),
  'multiclass-boundary.png': await renderDecisionBoundary(multi.model, multi.table, { axes: ['x0', 'x1'], title: 'Three classes, six features (x2..x5 at their means)' }),
  'roc.png': await renderRocCurve({ fpr: c.fpr, tpr: c.tpr, auc: fit.roc_auc }),
  'pr.png': await renderPrecisionRecallCurve({ precision: c.precision, recall: c.recall, averagePrecision: fit.average_precision, prevalence: y.filter((v) => v === 1).length / y.length }),
  'calibration.png': await renderCalibrationCurve({ probPred: fit.calibration_prob_pred, probTrue: fit.calibration_prob_true, label: 'logistic regression' }),
  'loss.png': await renderLossCurve({ loss, validationLoss: val }),
  'sweep.png': await renderBarChart([{ label: 'C=0.01', value: 0.3412 }, { label: 'C=0.1', value: 0.2298 }, { label: 'C=1', value: 0.2127 }, { label: 'C=10', value: 0.2131 }], { title: 'Sweep over C' }),
  'confusion.png': await renderConfusionMatrix({ matrix: fit.confusion_matrix, labels: ['class 0', 'class 1'] }),
};
for (const [name, png] of Object.entries(files)) {
  writeFileSync(out + name, png);
  console.log(`${name}: ${png.length} bytes`);
}
