/**
 * Axes in matplotlib's visual language: a black frame, outward ticks with "nice" values
 * (steps of 1, 2, 2.5 or 5 times a power of ten, like matplotlib's MaxNLocator), tick labels with a
 * true minus sign, axis titles, a title above, and an optional colour bar on the right.
 *
 * Margins for the title and the axis titles are reserved whether or not a text is given, so removing
 * a label never moves the plot; the left margin grows with the widest y tick label (a "tight" layout).
 */
import { measureText } from './font.js';
import type { SvgLayer } from './svg.js';

/** A rectangle in pixels; `x`, `y` is the top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Font sizes in pixels: matplotlib's 10 pt / 12 pt at 100 dpi. */
export const FONT = { tick: 13.9, label: 13.9, title: 16.7, legend: 13.9, note: 11.5 } as const;
const TICK_LENGTH = 5;
const TICK_PAD = 5;

/**
 * Up to about `maxTicks` round values covering [lo, hi]: the smallest step from
 * {1, 2, 2.5, 5} x 10^k that needs no more than `maxTicks` ticks.
 */
export function niceTicks(lo: number, hi: number, maxTicks: number): number[] {
  if (!(hi > lo)) return [lo];
  const span = hi - lo;
  const base = Math.pow(10, Math.floor(Math.log10(span / Math.max(1, maxTicks))) - 1);
  for (let e = 0; e < 4; e++) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * base * Math.pow(10, e);
      const first = Math.ceil(lo / step - 1e-9);
      const last = Math.floor(hi / step + 1e-9);
      if (last - first + 1 <= maxTicks) {
        const ticks: number[] = [];
        for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
        return ticks;
      }
    }
  }
  return [lo, hi];
}

/** Formats tick values with the decimals their spacing needs, and U+2212 for minus (as matplotlib). */
export function formatTicks(ticks: readonly number[]): string[] {
  let decimals = 0;
  for (const t of ticks) {
    while (decimals < 6 && Math.abs(Number(t.toFixed(decimals)) - t) > 1e-9 * Math.max(1, Math.abs(t))) decimals++;
  }
  return ticks.map((t) => {
    const s = t.toFixed(decimals);
    return Number(s) === 0 ? s.replace('-', '') : s.replace('-', '\u2212');
  });
}

/** One axis: a data interval, where ticks go and what they say. */
export interface AxisSpec {
  domain: readonly [number, number];
  label: string;
  /** Tick positions in data units; default {@link niceTicks}. */
  ticks?: readonly number[];
  /** Tick texts; default {@link formatTicks}. */
  tickLabels?: readonly string[];
  /** Data value at the top (y) or right (x) is the domain's first value (heat maps). */
  reversed?: boolean;
}

export interface ColorbarSpec {
  label: string;
  domain: readonly [number, number];
  ticks?: readonly number[];
}

export interface FrameSpec {
  width: number;
  height: number;
  title: string;
  x: AxisSpec;
  y: AxisSpec;
  colorbar?: ColorbarSpec;
  /** 'equal': one data unit is as long on both axes (heat maps). Default: fill the space. */
  aspect?: 'auto' | 'equal';
}

/** Where everything of a chart goes, in pixels. */
export interface Frame {
  width: number;
  height: number;
  /** The plotting area (inside the black frame). */
  plot: Rect;
  colorbar?: Rect;
  /** Areas reserved for the texts. */
  titleBox: Rect;
  xLabelBox: Rect;
  yLabelBox: Rect;
  colorbarLabelBox?: Rect;
  xTicks: number[];
  yTicks: number[];
  xTickLabels: string[];
  yTickLabels: string[];
  colorbarTicks: number[];
  colorbarTickLabels: string[];
  /** Data -> pixel (continuous, not rounded). */
  px(x: number): number;
  py(y: number): number;
  /** Colour-bar value -> pixel row. */
  cy(v: number): number;
}

function axisTicks(a: AxisSpec, lengthPx: number): { ticks: number[]; labels: string[] } {
  const ticks = a.ticks ? [...a.ticks] : niceTicks(Math.min(a.domain[0], a.domain[1]), Math.max(a.domain[0], a.domain[1]), Math.max(3, Math.min(10, Math.floor(lengthPx / 70))));
  const labels = a.tickLabels ? [...a.tickLabels] : formatTicks(ticks);
  return { ticks, labels };
}

/** Computes the layout of a chart. */
export function layoutFrame(spec: FrameSpec): Frame {
  const titleH = Math.ceil(FONT.title * 1.25);
  const labelH = Math.ceil(FONT.label * 1.25);
  const top = 8 + titleH + 10;
  const bottom = TICK_LENGTH + TICK_PAD + Math.ceil(FONT.tick) + 6 + labelH + 8;
  // Estimate y ticks with a provisional height to size the left margin.
  const provisional = axisTicks(spec.y, spec.height - top - bottom);
  const yTickW = Math.max(0, ...provisional.labels.map((l) => measureText(l, FONT.tick)));
  const left = Math.ceil(10 + labelH + 6 + yTickW + TICK_PAD + TICK_LENGTH);
  let right = 24;
  let cbWidth = 0;
  let cbTicks: number[] = [];
  let cbLabels: string[] = [];
  if (spec.colorbar) {
    cbTicks = spec.colorbar.ticks ? [...spec.colorbar.ticks] : niceTicks(spec.colorbar.domain[0], spec.colorbar.domain[1], 6);
    cbLabels = formatTicks(cbTicks);
    const cbTickW = Math.max(0, ...cbLabels.map((l) => measureText(l, FONT.tick)));
    cbWidth = 24;
    right = Math.ceil(30 + cbWidth + TICK_LENGTH + TICK_PAD + cbTickW + 8 + labelH + 10);
  }
  const plot: Rect = { x: left, y: top, width: Math.max(10, spec.width - left - right), height: Math.max(10, spec.height - top - bottom) };
  if (spec.aspect === 'equal') {
    const ux = Math.abs(spec.x.domain[1] - spec.x.domain[0]);
    const uy = Math.abs(spec.y.domain[1] - spec.y.domain[0]);
    const unit = Math.min(plot.width / ux, plot.height / uy);
    const w = Math.round(unit * ux);
    const h = Math.round(unit * uy);
    plot.x += Math.round((plot.width - w) / 2);
    plot.y += Math.round((plot.height - h) / 2);
    plot.width = w;
    plot.height = h;
  }
  const xt = axisTicks(spec.x, plot.width);
  const yt = spec.y.ticks ? axisTicks(spec.y, plot.height) : axisTicks(spec.y, plot.height);
  const [x0, x1] = spec.x.domain;
  const [y0, y1] = spec.y.domain;
  const px = spec.x.reversed ? (x: number) => plot.x + ((x1 - x) / (x1 - x0)) * plot.width : (x: number) => plot.x + ((x - x0) / (x1 - x0)) * plot.width;
  const py = spec.y.reversed ? (y: number) => plot.y + ((y - y0) / (y1 - y0)) * plot.height : (y: number) => plot.y + plot.height - ((y - y0) / (y1 - y0)) * plot.height;
  const frame: Frame = {
    width: spec.width,
    height: spec.height,
    plot,
    titleBox: { x: plot.x, y: plot.y - top + 4, width: plot.width, height: top - 6 },
    xLabelBox: { x: plot.x, y: plot.y + plot.height + bottom - 8 - labelH, width: plot.width, height: labelH },
    yLabelBox: { x: plot.x - left + 6, y: plot.y, width: labelH + 2, height: plot.height },
    xTicks: xt.ticks,
    yTicks: yt.ticks,
    xTickLabels: xt.labels,
    yTickLabels: yt.labels,
    colorbarTicks: cbTicks,
    colorbarTickLabels: cbLabels,
    px,
    py,
    cy: () => 0,
  };
  if (spec.colorbar) {
    const cb: Rect = { x: plot.x + plot.width + 30, y: plot.y, width: cbWidth, height: plot.height };
    const [c0, c1] = spec.colorbar.domain;
    frame.colorbar = cb;
    frame.cy = (v: number) => cb.y + cb.height - ((v - c0) / (c1 - c0)) * cb.height;
    frame.colorbarLabelBox = { x: spec.width - 10 - labelH, y: plot.y, width: labelH + 4, height: plot.height };
  }
  return frame;
}

const crisp = (v: number) => Math.round(v - 0.5) + 0.5;

/** Draws the frame, ticks, tick labels, axis titles, title and the colour bar's frame and ticks. */
export function drawFrame(svg: SvgLayer, f: Frame, spec: FrameSpec): void {
  const { plot } = f;
  const tickStyle = { stroke: '#000', width: 1 };
  for (let i = 0; i < f.xTicks.length; i++) {
    const t = f.xTicks[i] as number;
    const x = crisp(f.px(t));
    if (x < plot.x - 1 || x > plot.x + plot.width + 1) continue;
    svg.line(x, plot.y + plot.height, x, plot.y + plot.height + TICK_LENGTH, tickStyle);
    svg.text(x, plot.y + plot.height + TICK_LENGTH + TICK_PAD, f.xTickLabels[i] ?? '', { size: FONT.tick, anchor: 'middle', baseline: 'top' });
  }
  for (let i = 0; i < f.yTicks.length; i++) {
    const t = f.yTicks[i] as number;
    const y = crisp(f.py(t));
    if (y < plot.y - 1 || y > plot.y + plot.height + 1) continue;
    svg.line(plot.x - TICK_LENGTH, y, plot.x, y, tickStyle);
    svg.text(plot.x - TICK_LENGTH - TICK_PAD, y, f.yTickLabels[i] ?? '', { size: FONT.tick, anchor: 'end', baseline: 'middle' });
  }
  svg.rect(plot.x - 0.5, plot.y - 0.5, plot.width + 1, plot.height + 1, undefined, { stroke: '#000', width: 1 });
  svg.text(plot.x + plot.width / 2, f.titleBox.y + f.titleBox.height / 2 + 2, spec.title, { size: FONT.title, anchor: 'middle', baseline: 'middle' });
  svg.text(plot.x + plot.width / 2, f.xLabelBox.y + f.xLabelBox.height - 4, spec.x.label, { size: FONT.label, anchor: 'middle', baseline: 'alphabetic' });
  svg.text(f.yLabelBox.x + f.yLabelBox.width - 4, plot.y + plot.height / 2, spec.y.label, { size: FONT.label, anchor: 'middle', baseline: 'alphabetic', rotate: 90 });
  if (f.colorbar && spec.colorbar) {
    const cb = f.colorbar;
    svg.rect(cb.x - 0.5, cb.y - 0.5, cb.width + 1, cb.height + 1, undefined, { stroke: '#000', width: 1 });
    for (let i = 0; i < f.colorbarTicks.length; i++) {
      const y = crisp(f.cy(f.colorbarTicks[i] as number));
      svg.line(cb.x + cb.width, y, cb.x + cb.width + TICK_LENGTH, y, tickStyle);
      svg.text(cb.x + cb.width + TICK_LENGTH + TICK_PAD, y, f.colorbarTickLabels[i] ?? '', { size: FONT.tick, anchor: 'start', baseline: 'middle' });
    }
    const lb = f.colorbarLabelBox as Rect;
    svg.text(lb.x + lb.width - 4, cb.y + cb.height / 2, spec.colorbar.label, { size: FONT.label, anchor: 'middle', baseline: 'alphabetic', rotate: 90 });
  }
}
