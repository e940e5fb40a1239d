/**
 * Confusion matrix as a heat map in matplotlib's "Blues", with the count (or share) in every cell,
 * white on dark cells, as scikit-learn's `ConfusionMatrixDisplay` draws it.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { drawFrame, FONT, layoutFrame, niceTicks, type FrameSpec } from './axes.js';
import { checkObject, checkOneOf, resolveChartOptions, type ChartOptions } from './options.js';
import { encodePng, parseHexColor, Raster, type Rgb } from './raster.js';
import { SvgLayer } from './svg.js';

/** Anchors of matplotlib's "Blues" colour map (ColorBrewer), evenly spaced from 0 to 1. */
const BLUES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'].map((h) => parseHexColor(h) as Rgb);

/** The Blues colour at t in [0, 1], linearly interpolated between anchors. */
export function blues(t: number): Rgb {
  const u = Math.min(1, Math.max(0, t)) * (BLUES.length - 1);
  const i = Math.min(BLUES.length - 2, Math.floor(u));
  const f = u - i;
  const a = BLUES[i] as Rgb;
  const b = BLUES[i + 1] as Rgb;
  return { r: Math.round(a.r + (b.r - a.r) * f), g: Math.round(a.g + (b.g - a.g) * f), b: Math.round(a.b + (b.b - a.b) * f) };
}

/** A confusion matrix: `matrix[i][j]` = samples of true class i predicted as class j. */
export interface ConfusionMatrixInput {
  matrix: readonly (readonly number[])[];
  /** Class names for the ticks. Default `0, 1, ...`. */
  labels?: readonly string[];
}

/** Options of {@link renderConfusionMatrix}. */
export interface ConfusionMatrixOptions extends ChartOptions {
  /** Show shares instead of counts: 'true' (rows sum to 1), 'pred' (columns), 'all'. Default 'none'. */
  normalize?: 'none' | 'true' | 'pred' | 'all';
}

function cellText(v: number, normalized: boolean): string {
  if (!normalized) return String(v);
  return v.toFixed(2);
}

/**
 * Renders a confusion matrix. Defaults: title 'Confusion matrix', x 'Predicted label', y 'True label'.
 * @throws InvalidParameterError for a matrix that is not square, empty, or has negative or non-integer counts
 */
export async function renderConfusionMatrix(input: ConfusionMatrixInput, options: ConfusionMatrixOptions = {}): Promise<Buffer> {
  const o = checkObject('options', options);
  const chart = resolveChartOptions(o, { title: 'Confusion matrix', xLabel: 'Predicted label', yLabel: 'True label' });
  const normalize = checkOneOf('normalize', o.normalize, ['none', 'true', 'pred', 'all'] as const, 'none');
  checkObject('input', input);
  const m = input.matrix as unknown;
  if (!Array.isArray(m) || m.length === 0 || m.length > 50) throw new InvalidParameterError('input.matrix', 'a square array of 1 to 50 rows of counts', m);
  const K = m.length;
  const counts: number[][] = m.map((row: unknown, i: number) => {
    if (!Array.isArray(row) || row.length !== K) throw new InvalidParameterError(`input.matrix[${i}]`, `a row of ${K} counts (the matrix must be square)`, row);
    return row.map((v: unknown, j: number) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InvalidParameterError(`input.matrix[${i}][${j}]`, 'a non-negative integer count', v);
      return v;
    });
  });
  const labels = input.labels === undefined ? counts.map((_, i) => String(i)) : input.labels;
  if (!Array.isArray(labels) || labels.length !== K || labels.some((l) => typeof l !== 'string')) throw new InvalidParameterError('input.labels', `an array of ${K} strings`, input.labels);

  const total = counts.flat().reduce((a, b) => a + b, 0);
  const values = counts.map((row, i) =>
    row.map((v, j) => {
      if (normalize === 'none') return v;
      const denom = normalize === 'true' ? row.reduce((a, b) => a + b, 0) : normalize === 'pred' ? counts.reduce((a, r) => a + (r[j] as number), 0) : total;
      return denom === 0 ? 0 : v / denom;
    }),
  );
  const vmax = Math.max(...values.flat());
  const vmin = Math.min(...values.flat());
  const span = vmax > vmin ? vmax - vmin : 1;
  const ticks = Array.from({ length: K }, (_, i) => i);
  const frameSpec: FrameSpec = {
    width: chart.width,
    height: chart.height,
    title: chart.title,
    x: { domain: [-0.5, K - 0.5], label: chart.xLabel, ticks, tickLabels: labels },
    y: { domain: [-0.5, K - 0.5], label: chart.yLabel, ticks, tickLabels: labels, reversed: true },
    colorbar: { label: '', domain: [vmin, vmin + span], ticks: niceTicks(vmin, vmin + span, 6) },
    aspect: 'equal',
  };
  const frame = layoutFrame(frameSpec);
  const raster = new Raster(chart.width, chart.height);
  const svg = new SvgLayer(chart.width, chart.height);
  const { plot } = frame;
  const cellFont = Math.max(9, Math.min(FONT.label * 1.2, (plot.width / K) * 0.28));
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = (values[i] as number[])[j] as number;
      const t = (v - vmin) / span;
      const x0 = Math.round(frame.px(j - 0.5));
      const x1 = Math.round(frame.px(j + 0.5));
      const y0 = Math.round(frame.py(i - 0.5));
      const y1 = Math.round(frame.py(i + 0.5));
      raster.fillRect(x0, y0, x1 - x0, y1 - y0, blues(t));
      svg.text((x0 + x1) / 2, (y0 + y1) / 2, cellText(v, normalize !== 'none'), { size: cellFont, anchor: 'middle', baseline: 'middle', fill: t > 0.5 ? '#ffffff' : '#08306b' });
    }
  }
  const cb = frame.colorbar;
  if (cb) {
    for (let y = 0; y < cb.height; y++) raster.fillRect(cb.x, cb.y + y, cb.width, 1, blues(1 - (y + 0.5) / cb.height));
  }
  drawFrame(svg, frame, frameSpec);
  return encodePng(raster, svg);
}
