/**
 * Scatter markers in matplotlib's defaults (s = 36 pt^2 at 100 dpi, i.e. about 8.3 px across):
 * class 0 a C0-blue circle with a black edge, class 1 a black "x", further classes squares,
 * triangles, diamonds, ... in the next tab10 colours with black edges.
 */
import { num, type SvgLayer } from './svg.js';

export type MarkerShape = 'circle' | 'x' | 'square' | 'triangle' | 'diamond' | 'plus' | 'triangle-down';

export interface MarkerStyle {
  shape: MarkerShape;
  fill: string;
}

const SHAPES: MarkerShape[] = ['circle', 'x', 'square', 'triangle', 'diamond', 'plus', 'triangle-down'];
/** matplotlib's tab10 cycle. */
export const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;
/** The light halves of tab20: region colours, paired with {@link TAB10}. */
export const TAB20_LIGHT = ['#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#c7c7c7', '#dbdb8d', '#9edae5'] as const;

/** The marker of the class with index `k`. */
export function markerFor(k: number): MarkerStyle {
  if (k === 0) return { shape: 'circle', fill: TAB10[0] };
  if (k === 1) return { shape: 'x', fill: '#000000' };
  return { shape: SHAPES[k % SHAPES.length] as MarkerShape, fill: TAB10[k % TAB10.length] as string };
}

const R = 4.2;

/** SVG path data of one marker centred at (x, y). Line markers ('x', 'plus') are stroked, others filled. */
export function markerPath(shape: MarkerShape, x: number, y: number, r = R): string {
  switch (shape) {
    case 'circle':
      return `M${num(x - r)} ${num(y)}a${num(r)} ${num(r)} 0 1 0 ${num(2 * r)} 0a${num(r)} ${num(r)} 0 1 0 ${num(-2 * r)} 0Z`;
    case 'x':
      return `M${num(x - r)} ${num(y - r)}L${num(x + r)} ${num(y + r)}M${num(x - r)} ${num(y + r)}L${num(x + r)} ${num(y - r)}`;
    case 'plus':
      return `M${num(x - r * 1.2)} ${num(y)}L${num(x + r * 1.2)} ${num(y)}M${num(x)} ${num(y - r * 1.2)}L${num(x)} ${num(y + r * 1.2)}`;
    case 'square': {
      const s = r * 0.9;
      return `M${num(x - s)} ${num(y - s)}H${num(x + s)}V${num(y + s)}H${num(x - s)}Z`;
    }
    case 'triangle':
      return `M${num(x)} ${num(y - r * 1.2)}L${num(x + r * 1.1)} ${num(y + r * 0.8)}L${num(x - r * 1.1)} ${num(y + r * 0.8)}Z`;
    case 'triangle-down':
      return `M${num(x)} ${num(y + r * 1.2)}L${num(x + r * 1.1)} ${num(y - r * 0.8)}L${num(x - r * 1.1)} ${num(y - r * 0.8)}Z`;
    case 'diamond':
      return `M${num(x)} ${num(y - r * 1.25)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r * 1.25)}L${num(x - r)} ${num(y)}Z`;
  }
}

export function isLineMarker(shape: MarkerShape): boolean {
  return shape === 'x' || shape === 'plus';
}

/** Draws one marker. */
export function drawMarker(svg: SvgLayer, style: MarkerStyle, x: number, y: number, r = R): void {
  const d = markerPath(style.shape, x, y, r);
  if (isLineMarker(style.shape)) svg.strokePath(d, { stroke: style.fill, width: 1.7, linecap: 'butt' });
  else svg.fillPath(d, style.fill, { stroke: '#000', width: 1 });
}

/**
 * Draws many markers of one style. Filled markers are separate elements so each one's edge
 * overlaps the previous fills, as matplotlib draws them; line markers share one path.
 */
export function drawMarkers(svg: SvgLayer, style: MarkerStyle, xy: ArrayLike<number>, r = R): void {
  if (isLineMarker(style.shape)) {
    let d = '';
    for (let i = 0; i + 1 < xy.length; i += 2) d += markerPath(style.shape, xy[i] as number, xy[i + 1] as number, r);
    svg.strokePath(d, { stroke: style.fill, width: 1.7, linecap: 'butt' });
  } else {
    for (let i = 0; i + 1 < xy.length; i += 2) drawMarker(svg, style, xy[i] as number, xy[i + 1] as number, r);
  }
}
