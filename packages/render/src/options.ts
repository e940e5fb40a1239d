/**
 * Validation of options where they enter, with one predicate per kind of value (in the manner of
 * sharp's `is.*`), each failing with `InvalidParameterError` ("Expected <what> for <option> but
 * received <value> of type <type>").
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { LEGEND_LOCATIONS, type LegendLocation } from './legend.js';
import { parseHexColor, type Rgb } from './raster.js';

/** Options every chart takes. */
export interface ChartOptions {
  /** Image width in pixels, 200..8000. Default 700. */
  width?: number;
  /** Image height in pixels, 200..8000. Default 600. */
  height?: number;
  /** Title above the plot; any script the bundled fonts cover (Latin, Greek, Cyrillic, Japanese, Chinese). Default depends on the chart; '' for none. */
  title?: string;
  /** Title of the x axis. Default depends on the chart. */
  xLabel?: string;
  /** Title of the y axis. Default depends on the chart. */
  yLabel?: string;
  /** Legend position. Default 'best' (the corner that hides the fewest points). */
  legend?: LegendLocation;
}

export interface ResolvedChartOptions {
  width: number;
  height: number;
  title: string;
  xLabel: string;
  yLabel: string;
  legend: LegendLocation;
}

export function checkObject(name: string, v: unknown): Record<string, unknown> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidParameterError(name, 'an options object', v);
  return v as Record<string, unknown>;
}

export function checkInteger(name: string, v: unknown, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new InvalidParameterError(name, `integer between ${min} and ${max}`, v);
  return v;
}

export function checkNumber(name: string, v: unknown, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new InvalidParameterError(name, `number between ${min} and ${max}`, v);
  return v;
}

export function checkString(name: string, v: unknown, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new InvalidParameterError(name, 'string', v);
  return v;
}

export function checkBoolean(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new InvalidParameterError(name, 'boolean', v);
  return v;
}

export function checkColor(name: string, v: unknown): Rgb {
  const c = typeof v === 'string' ? parseHexColor(v) : undefined;
  if (!c) throw new InvalidParameterError(name, 'colour as "#rrggbb" or "#rgb"', v);
  return c;
}

export function checkOneOf<T extends string>(name: string, v: unknown, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new InvalidParameterError(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
  return v as T;
}

/** A finite number array (plain array or typed array). */
export function checkNumbers(name: string, v: unknown, options: { min?: number; max?: number; minLength?: number } = {}): ArrayLike<number> {
  const ok = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array));
  if (!ok) throw new InvalidParameterError(name, 'an array of numbers', v);
  const arr = v as ArrayLike<unknown>;
  const minLength = options.minLength ?? 1;
  if (arr.length < minLength) throw new InvalidParameterError(name, `an array of at least ${minLength} number${minLength === 1 ? '' : 's'}`, v);
  const lo = options.min ?? -Infinity;
  const hi = options.max ?? Infinity;
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) {
      const range = Number.isFinite(lo) || Number.isFinite(hi) ? ` between ${lo} and ${hi}` : '';
      throw new InvalidParameterError(`${name}[${i}]`, `finite number${range}`, x);
    }
  }
  return arr as ArrayLike<number>;
}

/** Resolves the options every chart shares, with the chart's own defaults for the texts. */
export function resolveChartOptions(o: Record<string, unknown>, defaults: { title: string; xLabel: string; yLabel: string }): ResolvedChartOptions {
  return {
    width: checkInteger('width', o.width, 200, 8000, 700),
    height: checkInteger('height', o.height, 200, 8000, 600),
    title: checkString('title', o.title, defaults.title),
    xLabel: checkString('xLabel', o.xLabel, defaults.xLabel),
    yLabel: checkString('yLabel', o.yLabel, defaults.yLabel),
    legend: checkOneOf('legend', o.legend, LEGEND_LOCATIONS, 'best'),
  };
}

/** 1234567 -> "1,234,567" (no locale data involved, so the same everywhere). */
export function groupThousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
