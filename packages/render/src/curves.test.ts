import { InvalidParameterError } from '@sigmoid/arrow-store';
import { renderCalibrationCurve, renderLossCurve, renderPrecisionRecallCurve, renderRocCurve } from '@sigmoid/render';
import { describe, expect, it } from 'vitest';
import { decode, goldenDifference, inkIn, pixel, type RawImage } from './__fixtures__/golden.js';
import { curvesFromScores, seedDemo, seedDemoScores } from './__fixtures__/models.js';

const { fit } = seedDemo();
const { y, score } = seedDemoScores();
const c = curvesFromScores(y, score);
const prevalence = y.filter((v) => v === 1).length / y.length;
const loss = Array.from({ length: 30 }, (_, i) => 0.2127 + 0.48 * Math.exp(-i / 4));

/** Rows whose pixels differ between two images. */
function differingRows(a: RawImage, b: RawImage): number[] {
  const rows: number[] = [];
  for (let yy = 0; yy < a.height; yy++) {
    for (let x = 0; x < a.width; x++) {
      const p = pixel(a, x, yy);
      const q = pixel(b, x, yy);
      if (p.some((v, i) => Math.abs(v - (q[i] as number)) > 24)) {
        rows.push(yy);
        break;
      }
    }
  }
  return rows;
}

describe('evaluation curves: goldens', () => {
  it('ROC curve of the seed demo', async () => {
    expect(await goldenDifference(await renderRocCurve({ fpr: c.fpr, tpr: c.tpr, auc: fit.roc_auc }), 'roc.png')).toBeLessThan(0.005);
  });
  it('precision-recall curve of the seed demo', async () => {
    const png = await renderPrecisionRecallCurve({ precision: c.precision, recall: c.recall, averagePrecision: fit.average_precision, prevalence });
    expect(await goldenDifference(png, 'pr.png')).toBeLessThan(0.005);
  });
  it('calibration curve of the seed demo (sklearn calibration_curve values)', async () => {
    const png = await renderCalibrationCurve({ probPred: fit.calibration_prob_pred, probTrue: fit.calibration_prob_true });
    expect(await goldenDifference(png, 'calibration.png')).toBeLessThan(0.005);
  });
  it('loss curve with validation loss', async () => {
    const png = await renderLossCurve({ loss, validationLoss: loss.map((v) => v + 0.02) });
    expect(await goldenDifference(png, 'loss.png')).toBeLessThan(0.005);
  });
});

describe('evaluation curves: behaviour', () => {
  it('renders the same bytes twice', async () => {
    const a = await renderRocCurve({ fpr: c.fpr, tpr: c.tpr });
    const b = await renderRocCurve({ fpr: c.fpr, tpr: c.tpr });
    expect(a.equals(b)).toBe(true);
  });

  it('changes only the title band when the title changes', async () => {
    const a = await decode(await renderRocCurve({ fpr: c.fpr, tpr: c.tpr }, { title: 'ROC' }));
    const b = await decode(await renderRocCurve({ fpr: c.fpr, tpr: c.tpr }, { title: '' }));
    const rows = differingRows(a, b);
    expect(rows.length).toBeGreaterThan(5);
    expect(Math.max(...rows)).toBeLessThan(40);
    expect(inkIn(b, { x: 0, y: 0, width: 700, height: 30 })).toBe(0);
  });

  it('changes only the bottom band when the x-axis title changes', async () => {
    const a = await decode(await renderLossCurve(loss, { xLabel: 'Iteration' }));
    const b = await decode(await renderLossCurve(loss, { xLabel: '' }));
    const rows = differingRows(a, b);
    expect(rows.length).toBeGreaterThan(5);
    expect(Math.min(...rows)).toBeGreaterThan(560);
  });

  it('draws the curve in C0 blue through the points it is given', async () => {
    // A curve that is a straight line from (0, 0.5) to (1, 0.5): blue ink along the image row of y = 0.5.
    const img = await decode(await renderRocCurve({ fpr: [0, 1], tpr: [0.5, 0.5] }, { legend: 'lower right' }));
    let blue = 0;
    for (let yy = 0; yy < img.height; yy++) {
      const p = pixel(img, 300, yy);
      if (Math.abs(p[0] - 0x1f) < 30 && Math.abs(p[1] - 0x77) < 30 && Math.abs(p[2] - 0xb4) < 30) blue++;
    }
    expect(blue).toBeGreaterThan(0);
    expect(blue).toBeLessThan(5);
  });

  it('draws several curves in distinct colours', async () => {
    const img = await decode(await renderRocCurve([{ fpr: [0, 0.2, 1], tpr: [0, 0.8, 1], label: 'a' }, { fpr: [0, 0.5, 1], tpr: [0, 0.6, 1], label: 'b' }]));
    let orange = 0;
    for (let i = 0; i < img.width * img.height; i++) {
      const p = [img.data[i * 3], img.data[i * 3 + 1], img.data[i * 3 + 2]] as number[];
      if (Math.abs(p[0]! - 0xff) < 10 && Math.abs(p[1]! - 0x7f) < 20 && p[2]! < 40) orange++;
    }
    expect(orange).toBeGreaterThan(100);
  });

  it('thins a curve of a million points and stays fast', async () => {
    const n = 1_000_000;
    const fpr = new Float64Array(n);
    const tpr = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      fpr[i] = i / (n - 1);
      tpr[i] = Math.sqrt(fpr[i]!);
    }
    const t0 = performance.now();
    const png = await renderRocCurve({ fpr, tpr });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect((await decode(png)).width).toBe(700);
  });

  it('accepts a plain array as the loss history', async () => {
    const a = await renderLossCurve(loss);
    const b = await renderLossCurve({ loss });
    expect(a.equals(b)).toBe(true);
  });
});

describe('evaluation curves: rejected input', () => {
  it.each([
    ['empty list', () => renderRocCurve([])],
    ['mismatched lengths', () => renderRocCurve({ fpr: [0, 1], tpr: [0] })],
    ['rate above 1', () => renderRocCurve({ fpr: [0, 1.5], tpr: [0, 1] })],
    ['NaN rate', () => renderRocCurve({ fpr: [0, NaN], tpr: [0, 1] })],
    ['missing tpr', () => renderRocCurve({ fpr: [0, 1] } as never)],
    ['auc out of range', () => renderRocCurve({ fpr: [0, 1], tpr: [0, 1], auc: 2 })],
    ['precision of wrong length', () => renderPrecisionRecallCurve({ precision: [1], recall: [0, 1] })],
    ['prevalence out of range', () => renderPrecisionRecallCurve({ precision: [1, 0.5], recall: [0, 1], prevalence: -0.1 })],
    ['calibration probabilities out of range', () => renderCalibrationCurve({ probPred: [0.5], probTrue: [1.2] })],
    ['empty loss', () => renderLossCurve([])],
    ['infinite loss', () => renderLossCurve([1, Infinity])],
    ['string label', () => renderRocCurve({ fpr: [0, 1], tpr: [0, 1], label: 3 as never })],
    ['bad width', () => renderLossCurve([1, 0.5], { width: 100000 })],
  ])('rejects %s', async (_name, call) => {
    await expect(call()).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('names the array, the position and the value', async () => {
    await expect(renderRocCurve({ fpr: [0, 1.5], tpr: [0, 1] })).rejects.toThrow('Expected finite number between 0 and 1 for curve.fpr[1] but received 1.5 of type number');
    await expect(renderRocCurve({ fpr: [0, 1], tpr: [0] })).rejects.toThrow('Expected an array of the same length as fpr (2) for curve.tpr but received an array of length 1');
  });
});
