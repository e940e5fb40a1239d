import { InvalidParameterError } from '@sigmoid/arrow-store';
import { renderCalibrationCurve, renderLossCurve, renderPrecisionRecallCurve, renderRocCurve } from '@sigmoid/render';
import { describe, expect, it } from 'vitest';
import { decode, goldenDifference, inkIn, pixel, type RawImage } from './__fixtures__/golden.js';
import { curvesFromScores, seedDemo, seedDemoScores } from './__fixtures__/models.js';
import { seriesPath } from './line-chart.js';

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

  it('draws curves of a million points, smooth or jumping at every point (a precision-recall curve), as at most 4 vertices per pixel column', async () => {
    const n = 1_000_000;
    const fpr = new Float64Array(n);
    const tpr = new Float64Array(n);
    const recall = new Float64Array(n);
    const precision = new Float64Array(n);
    let seed = 7;
    for (let i = 0; i < n; i++) {
      fpr[i] = i / (n - 1);
      tpr[i] = Math.sqrt(fpr[i]!);
      recall[i] = 1 - i / (n - 1);
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      precision[i] = 0.5 + 0.5 * (seed / 2 ** 32); // noise: every step jumps by many pixels
    }
    expect((await decode(await renderRocCurve({ fpr, tpr }))).width).toBe(700);
    const png = await renderPrecisionRecallCurve({ precision, recall });
    expect((await decode(png)).width).toBe(700);
    // The path itself: scale to a 700-px-wide plot; count its vertices.
    for (const step of [undefined, 'post'] as const) {
      const { d } = seriesPath({ x: recall, y: precision, label: '', color: '#000', ...(step ? { step } : {}) }, (v) => 40 + 620 * v, (v) => 400 - 300 * v);
      const vertices = (d.match(/[MLHV]/g) ?? []).length;
      expect(vertices).toBeLessThanOrEqual(2 * 4 * 621 + 2); // H and V count apart for steps
      expect(vertices).toBeGreaterThan(621); // every column drawn
    }
  });

  it('keeps each pixel column\'s first, lowest, highest and last point, in order', () => {
    const x = [0.1, 0.2, 0.3, 0.4, 0.5, 1.2, 1.7, 2.5];
    const y = [5, 9, 1, 7, 6, 3, 3, 4];
    const { d } = seriesPath({ x, y, label: '', color: '#000' }, (v) => v, (v) => v);
    // column 0: first (0.1, 5), highest (0.2, 9), lowest (0.3, 1), last (0.5, 6); column 1: (1.2, 3) then (1.7, 3); column 2: (2.5, 4)
    expect(d).toBe('M0.1 5L0.2 9L0.3 1L0.5 6L1.2 3L1.7 3L2.5 4');
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
