/**
 * Golden-image comparison with a pixel tolerance: a pixel differs when any channel differs by more
 * than `channelTolerance`; the images match when at most `maxDifferentShare` of the pixels differ.
 * Set RENDER_UPDATE_GOLDEN=1 to (re)write the goldens instead of comparing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const DIR = fileURLToPath(new URL('../__golden__/', import.meta.url));

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

export async function decode(png: Buffer | string): Promise<RawImage> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Share of pixels that differ by more than the tolerance. */
export function differentShare(a: RawImage, b: RawImage, channelTolerance = 24): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let diff = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs((a.data[i * 3 + c] as number) - (b.data[i * 3 + c] as number)) > channelTolerance) {
        diff++;
        break;
      }
    }
  }
  return diff / (a.width * a.height);
}

/** Compares `png` with the golden `name`; returns the share of different pixels (0 when just written). */
export async function goldenDifference(png: Buffer, name: string): Promise<number> {
  const path = DIR + name;
  if (process.env.RENDER_UPDATE_GOLDEN === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, png);
    return 0;
  }
  if (!existsSync(path)) throw new Error(`golden image ${name} is missing (run with RENDER_UPDATE_GOLDEN=1 to create it)`);
  return differentShare(await decode(png), await decode(path));
}

/** RGB at (x, y). */
export function pixel(img: RawImage, x: number, y: number): [number, number, number] {
  const o = (Math.round(y) * img.width + Math.round(x)) * img.channels;
  return [img.data[o] as number, img.data[o + 1] as number, img.data[o + 2] as number];
}

/** Pixels in a rectangle that are not (near) white. */
export function inkIn(img: RawImage, r: { x: number; y: number; width: number; height: number }, threshold = 200): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(r.y)); y < Math.min(img.height, Math.ceil(r.y + r.height)); y++) {
    for (let x = Math.max(0, Math.floor(r.x)); x < Math.min(img.width, Math.ceil(r.x + r.width)); x++) {
      const [R, G, B] = pixel(img, x, y);
      if ((R + G + B) / 3 < threshold) n++;
    }
  }
  return n;
}
