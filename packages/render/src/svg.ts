/**
 * The vector layer of a chart: an SVG document built from lines, rectangles, paths and text outlines,
 * rendered by sharp (librsvg, bundled with sharp's libvips, so the same on every machine) over the
 * raster layer. Coordinates are pixels; numbers are rounded to 1/100 px so the document, and therefore
 * the pixels, do not depend on floating-point noise.
 */
import { CAP_HEIGHT, shapeText } from './font.js';

/** Formats a pixel coordinate for SVG. */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** Horizontal anchor of a text: where `x` is on the text line. */
export type TextAnchor = 'start' | 'middle' | 'end';
/** Vertical anchor of a text: where `y` is relative to the glyphs. */
export type TextBaseline = 'alphabetic' | 'top' | 'middle' | 'bottom';

export interface TextStyle {
  size: number;
  anchor?: TextAnchor;
  baseline?: TextBaseline;
  /** Rotation in degrees, counter-clockwise (90 = reads bottom-to-top, like a y-axis title). */
  rotate?: number;
  fill?: string;
}

export interface StrokeStyle {
  stroke?: string;
  width?: number;
  dash?: readonly number[];
  opacity?: number;
  linecap?: 'butt' | 'round' | 'square';
  linejoin?: 'miter' | 'round' | 'bevel';
}

function strokeAttrs(s: StrokeStyle): string {
  let a = ` fill="none" stroke="${s.stroke ?? '#000'}" stroke-width="${num(s.width ?? 1)}"`;
  if (s.dash && s.dash.length > 0) a += ` stroke-dasharray="${s.dash.map(num).join(' ')}"`;
  if (s.opacity !== undefined) a += ` stroke-opacity="${num(s.opacity)}"`;
  if (s.linecap) a += ` stroke-linecap="${s.linecap}"`;
  if (s.linejoin) a += ` stroke-linejoin="${s.linejoin}"`;
  return a;
}

/** Collects SVG elements in paint order. */
export class SvgLayer {
  private readonly parts: string[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  raw(element: string): void {
    this.parts.push(element);
  }

  line(x1: number, y1: number, x2: number, y2: number, style: StrokeStyle = {}): void {
    this.parts.push(`<path d="M${num(x1)} ${num(y1)}L${num(x2)} ${num(y2)}"${strokeAttrs(style)}/>`);
  }

  /** A path given as SVG path data, stroked. */
  strokePath(d: string, style: StrokeStyle = {}): void {
    if (d) this.parts.push(`<path d="${d}"${strokeAttrs(style)}/>`);
  }

  /** A path given as SVG path data, filled (and optionally stroked). */
  fillPath(d: string, fill: string, stroke?: StrokeStyle, fillOpacity?: number): void {
    if (!d) return;
    const op = fillOpacity === undefined ? '' : ` fill-opacity="${num(fillOpacity)}"`;
    const st = stroke ? strokeAttrs(stroke).replace(' fill="none"', '') : '';
    this.parts.push(`<path d="${d}" fill="${fill}"${op}${st}/>`);
  }

  rect(x: number, y: number, w: number, h: number, fill: string | undefined, stroke?: StrokeStyle & { radius?: number; fillOpacity?: number }): void {
    const r = stroke?.radius ? ` rx="${num(stroke.radius)}"` : '';
    const st = stroke ? strokeAttrs(stroke).replace(' fill="none"', '') : '';
    const op = stroke?.fillOpacity === undefined ? '' : ` fill-opacity="${num(stroke.fillOpacity)}"`;
    this.parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}"${r} fill="${fill ?? 'none'}"${op}${st}/>`);
  }

  /**
   * Text drawn as glyph outlines (no font lookup by the SVG renderer).
   * @returns the text's width in pixels.
   */
  text(x: number, y: number, text: string, style: TextStyle): number {
    if (text === '') return 0;
    const shape = shapeText(text, style.size);
    const anchor = style.anchor ?? 'start';
    const dx = anchor === 'middle' ? -shape.width / 2 : anchor === 'end' ? -shape.width : 0;
    const cap = CAP_HEIGHT * style.size;
    const baseline = style.baseline ?? 'alphabetic';
    const dy = baseline === 'top' ? cap : baseline === 'middle' ? cap / 2 : baseline === 'bottom' ? -0.236 * style.size : 0;
    const rot = style.rotate ? ` rotate(${num(-style.rotate)})` : '';
    this.parts.push(
      `<path transform="translate(${num(x)} ${num(y)})${rot} translate(${num(dx)} ${num(dy)})" d="${shape.d}" fill="${esc(style.fill ?? '#000')}"/>`,
    );
    return shape.width;
  }

  toString(): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}">${this.parts.join('')}</svg>`;
  }
}
