/**
 * Line charts (ROC, precision-recall, calibration, loss) on the shared axes: each series is a
 * polyline, optionally with markers or as a step function, reduced to what the pixels can show
 * (at most four vertices per pixel column, see seriesPath), so a curve of a million points costs a
 * linear pass, not a million SVG vertices.
 */
import { drawFrame, layoutFrame, type FrameSpec } from './axes.js';
import { drawLegend, type LegendEntry, type LegendLocation } from './legend.js';
import { drawMarker, drawMarkers, type MarkerShape } from './markers.js';
import { encodePng, Raster } from './raster.js';
import { num, SvgLayer } from './svg.js';

export interface Series {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  label: string;
  color: string;
  width?: number;
  dash?: readonly number[];
  marker?: MarkerShape;
  /** 'post': hold each y until the next x (matplotlib's drawstyle="steps-post"). */
  step?: 'post';
}

export interface LineChartSpec {
  frame: FrameSpec;
  series: readonly Series[];
  legend: LegendLocation;
}

/**
 * The SVG path of a series. A series with markers keeps every point. Otherwise consecutive points that
 * fall in the same pixel column are reduced to four, in their order: the first, the lowest, the highest
 * and the last (M4 aggregation, Jugel et al., VLDB 2014). The line drawn is then the same at the
 * pixel's resolution, and a path never has more than about 4 vertices per pixel column, whatever the
 * number of points or how much they jump (a precision-recall curve of a million thresholds jumps in
 * precision at every step: thinning by distance kept most of them, and the SVG outgrew the 10 MB the
 * renderer parses).
 */
export function seriesPath(s: Series, px: (v: number) => number, py: (v: number) => number): { d: string; points: number[] } {
  const n = Math.min(s.x.length, s.y.length);
  let d = '';
  const points: number[] = [];
  let lx = NaN;
  let ly = NaN;
  const emit = (x: number, y: number): void => {
    if (d === '') {
      d = `M${num(x)} ${num(y)}`;
    } else if (s.step === 'post') {
      if (x !== lx) d += `H${num(x)}`;
      if (y !== ly) d += `V${num(y)}`;
    } else d += `L${num(x)} ${num(y)}`;
    if (s.marker) points.push(x, y);
    lx = x;
    ly = y;
  };
  if (s.marker !== undefined) {
    for (let i = 0; i < n; i++) emit(px(s.x[i] as number), py(s.y[i] as number));
    return { d, points };
  }
  // The run of points in the current pixel column: index and coordinates of its first (slot 0), lowest
  // (1), highest (2) and last (3) point. First <= lowest, highest <= last, so only the middle two can
  // come in either order.
  let col = NaN;
  const at = new Int32Array(4);
  const xs = new Float64Array(4);
  const ys = new Float64Array(4);
  let prev = -1;
  const emitSlot = (k: number): void => {
    if (at[k] === prev) return;
    emit(xs[k]!, ys[k]!);
    prev = at[k]!;
  };
  const flush = (): void => {
    if (Number.isNaN(col)) return;
    const earlier = at[1]! <= at[2]! ? 1 : 2;
    emitSlot(0);
    emitSlot(earlier);
    emitSlot(3 - earlier);
    emitSlot(3);
  };
  for (let i = 0; i < n; i++) {
    const x = px(s.x[i] as number);
    const y = py(s.y[i] as number);
    const c = Math.floor(x);
    if (c !== col) {
      flush();
      col = c;
      at.fill(i);
      xs.fill(x);
      ys.fill(y);
      continue;
    }
    if (y < ys[1]!) {
      at[1] = i;
      xs[1] = x;
      ys[1] = y;
    }
    if (y > ys[2]!) {
      at[2] = i;
      xs[2] = x;
      ys[2] = y;
    }
    at[3] = i;
    xs[3] = x;
    ys[3] = y;
  }
  flush();
  return { d, points };
}

/** Draws a line chart and encodes it. */
export async function renderLineChart(spec: LineChartSpec): Promise<Buffer> {
  const frame = layoutFrame(spec.frame);
  const raster = new Raster(spec.frame.width, spec.frame.height);
  const svg = new SvgLayer(spec.frame.width, spec.frame.height);
  const { plot } = frame;
  svg.raw(`<clipPath id="plot"><rect x="${plot.x}" y="${plot.y}" width="${plot.width}" height="${plot.height}"/></clipPath><g clip-path="url(#plot)">`);
  const avoid: number[] = [];
  for (const s of spec.series) {
    const { d, points } = seriesPath(s, frame.px, frame.py);
    svg.strokePath(d, { stroke: s.color, width: s.width ?? 2, ...(s.dash ? { dash: s.dash } : {}), linejoin: 'round', linecap: s.dash ? 'butt' : 'round' });
    if (s.marker) drawMarkers(svg, { shape: s.marker, fill: s.color }, points, 3.6);
    // Sample the drawn curve so the legend avoids it.
    const n = Math.min(s.x.length, s.y.length);
    const stride = Math.max(1, Math.floor(n / 400));
    for (let i = 0; i < n; i += stride) avoid.push(frame.px(s.x[i] as number), frame.py(s.y[i] as number));
  }
  svg.raw('</g>');
  drawFrame(svg, frame, spec.frame);
  const entries: LegendEntry[] = spec.series
    .filter((s) => s.label !== '')
    .map((s) => ({
      label: s.label,
      symbol: (l, cx, cy) => {
        l.line(cx - 12, cy, cx + 12, cy, { stroke: s.color, width: s.width ?? 2, ...(s.dash ? { dash: s.dash } : {}) });
        if (s.marker) drawMarker(l, { shape: s.marker, fill: s.color }, cx, cy, 3.6);
      },
    }));
  drawLegend(svg, plot, entries, { location: spec.legend, points: avoid });
  return encodePng(raster, svg);
}
