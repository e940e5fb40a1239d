/**
 * Horizontal bar chart of one number per item, for comparing the trials of a hyper-parameter sweep:
 * one bar per trial in the given order, the best one highlighted, its value written at the bar's end.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { drawFrame, FONT, layoutFrame, niceTicks, type FrameSpec } from './axes.js';
import { TAB10 } from './markers.js';
import { checkObject, checkOneOf, resolveChartOptions, type ChartOptions } from './options.js';
import { encodePng, Raster } from './raster.js';
import { SvgLayer } from './svg.js';

/** One bar. */
export interface Bar {
  label: string;
  value: number;
}

/** Options of {@link renderBarChart}. */
export interface BarChartOptions extends ChartOptions {
  /** Which end is best: 'lower' (a loss, the default) or 'higher' (an accuracy). The best bar is orange. */
  better?: 'lower' | 'higher';
}

function formatValue(v: number): string {
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(2) : v.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return s.replace('-', '\u2212');
}

/**
 * Renders bars. Defaults: title 'Sweep results', x 'validation log loss', y ''.
 * @throws InvalidParameterError for an empty list (or more than 200 bars), a bar without a string
 *   label or with a non-finite value
 */
export async function renderBarChart(bars: readonly Bar[], options: BarChartOptions = {}): Promise<Buffer> {
  const o = checkObject('options', options);
  const chart = resolveChartOptions(o, { title: 'Sweep results', xLabel: 'validation log loss', yLabel: '' });
  const better = checkOneOf('better', o.better, ['lower', 'higher'] as const, 'lower');
  if (!Array.isArray(bars) || bars.length === 0 || bars.length > 200) throw new InvalidParameterError('bars', 'an array of 1 to 200 { label, value } objects', bars);
  bars.forEach((b, i) => {
    checkObject(`bars[${i}]`, b);
    if (typeof b.label !== 'string') throw new InvalidParameterError(`bars[${i}].label`, 'string', b.label);
    if (typeof b.value !== 'number' || !Number.isFinite(b.value)) throw new InvalidParameterError(`bars[${i}].value`, 'finite number', b.value);
  });
  const values = bars.map((b) => b.value);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi > lo ? hi - lo : 1;
  const best = values.reduce((bi, v, i) => ((better === 'lower' ? v < (values[bi] as number) : v > (values[bi] as number)) ? i : bi), 0);
  const n = bars.length;
  const domain: [number, number] = [lo < 0 ? lo - span * 0.05 : 0, hi + span * 0.15];
  const frameSpec: FrameSpec = {
    width: chart.width,
    height: chart.height,
    title: chart.title,
    x: { domain, label: chart.xLabel, ticks: niceTicks(domain[0], domain[1], 6) },
    y: { domain: [-0.5, n - 0.5], label: chart.yLabel, ticks: bars.map((_, i) => i), tickLabels: bars.map((b) => b.label), reversed: true },
  };
  const frame = layoutFrame(frameSpec);
  const raster = new Raster(chart.width, chart.height);
  const svg = new SvgLayer(chart.width, chart.height);
  const rowH = frame.plot.height / n;
  const font = Math.min(FONT.legend, Math.max(8, rowH * 0.6));
  bars.forEach((b, i) => {
    const y0 = frame.py(i - 0.35);
    const y1 = frame.py(i + 0.35);
    const xa = frame.px(Math.min(0, b.value));
    const xb = frame.px(Math.max(0, b.value));
    svg.rect(xa, y0, Math.max(0.5, xb - xa), y1 - y0, i === best ? TAB10[1] : TAB10[0]);
    svg.text(frame.px(b.value) + (b.value < 0 ? -4 : 4), (y0 + y1) / 2, formatValue(b.value), { size: font, anchor: b.value < 0 ? 'end' : 'start', baseline: 'middle' });
  });
  if (lo < 0) svg.line(frame.px(0), frame.plot.y, frame.px(0), frame.plot.y + frame.plot.height, { stroke: '#000', width: 1 });
  drawFrame(svg, frame, frameSpec);
  return encodePng(raster, svg);
}
