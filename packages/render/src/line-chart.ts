/**
 * Line charts (ROC, precision-recall, calibration, loss) on the shared axes: each series is a
 * polyline, optionally with markers or as a step function, thinned to what the pixels can show
 * (consecutive points closer than 0.35 px are merged), so a curve of a million points costs a
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

function seriesPath(s: Series, px: (v: number) => number, py: (v: number) => number): { d: string; points: number[] } {
  const n = Math.min(s.x.length, s.y.length);
  let d = '';
  const points: number[] = [];
  let lx = NaN;
  let ly = NaN;
  for (let i = 0; i < n; i++) {
    const x = px(s.x[i] as number);
    const y = py(s.y[i] as number);
    if (i === 0) {
      d += `M${num(x)} ${num(y)}`;
    } else {
      if (i < n - 1 && Math.abs(x - lx) < 0.35 && Math.abs(y - ly) < 0.35 && s.step === undefined) continue;
      if (s.step === 'post') {
        if (x !== lx) d += `H${num(x)}`;
        if (y !== ly) d += `V${num(y)}`;
      } else d += `L${num(x)} ${num(y)}`;
    }
    if (s.marker) points.push(x, y);
    lx = x;
    ly = y;
  }
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
