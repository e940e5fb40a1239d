/**
 * The raster layer of a chart: an RGBA pixel buffer for everything that is a field of colour
 * (probability regions, colour bars, heat maps), painted directly, then composited under the vector
 * layer and encoded as PNG by sharp. Painting is integer arithmetic on a Uint8ClampedArray, so the
 * same input always gives the same bytes.
 */
import sharp from 'sharp';
import type { SvgLayer } from './svg.js';

/** An opaque colour, 0..255 per channel. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Parses `#rgb` or `#rrggbb`. Returns undefined for anything else. */
export function parseHexColor(text: string): Rgb | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
  if (!m || m[1] === undefined) return undefined;
  let h = m[1];
  if (h.length === 3) h = h.replace(/./g, (c) => c + c);
  const v = parseInt(h, 16);
  return { r: (v >> 16) & 255, g: (v >> 8) & 255, b: v & 255 };
}

/**
 * `color` at opacity `alpha` over `under`, truncated to bytes as matplotlib's Agg backend does, so
 * alpha 0.4 over white gives the very pixels of the matplotlib reference figure.
 */
export function blend(color: Rgb, alpha: number, under: Rgb = { r: 255, g: 255, b: 255 }): Rgb {
  const mix = (c: number, u: number) => Math.floor(u + (c - u) * alpha + 1e-9);
  return { r: mix(color.r, under.r), g: mix(color.g, under.g), b: mix(color.b, under.b) };
}

/** `#rrggbb` for an Rgb. */
export function toHex(c: Rgb): string {
  return '#' + [c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** An RGBA image, initially opaque white. */
export class Raster {
  readonly pixels: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8ClampedArray(width * height * 4).fill(255);
  }

  /** Paints an opaque rectangle, clipped to the image. */
  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    const px = this.pixels;
    for (let yy = y0; yy < y1; yy++) {
      let o = (yy * this.width + x0) * 4;
      for (let xx = x0; xx < x1; xx++, o += 4) {
        px[o] = c.r;
        px[o + 1] = c.g;
        px[o + 2] = c.b;
        px[o + 3] = 255;
      }
    }
  }

  /** Sets one pixel (no bounds check: callers stay inside). */
  set(x: number, y: number, c: Rgb): void {
    const o = (y * this.width + x) * 4;
    this.pixels[o] = c.r;
    this.pixels[o + 1] = c.g;
    this.pixels[o + 2] = c.b;
    this.pixels[o + 3] = 255;
  }
}

/** Composites the vector layer over the raster layer and encodes the result as an RGB PNG. */
export async function encodePng(raster: Raster, vector: SvgLayer): Promise<Buffer> {
  const base = Buffer.from(raster.pixels.buffer, raster.pixels.byteOffset, raster.pixels.byteLength);
  return sharp(base, { raw: { width: raster.width, height: raster.height, channels: 4 } })
    .composite([{ input: Buffer.from(vector.toString()), top: 0, left: 0 }])
    .removeAlpha()
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
}
