/**
 * The natural logarithm exactly as glibc computes it on x86-64 CPUs with FMA, so that the polar
 * method's normals match numpy's bit for bit (numpy's `legacy_gauss` calls the C library's `log`).
 *
 * glibc (2.28 and later; measured against Debian 12's 2.36) uses Arm's optimized-routines algorithm
 * (sysdeps/ieee754/dbl-64/e_log.c): x = 2^k z with z in [0x1.6p-1, 0x1.6p0), r = z/c - 1 for a table
 * point c, log(x) = k ln2 + log(c) + log1p(r) with a degree-6 polynomial; arguments within
 * [1 - 2^-4, 1 + 0x1.09p-4) use a degree-12 polynomial in x - 1 instead. It is not correctly rounded
 * (up to 0.52 ulp), so only the same operations give the same bits. On a CPU with FMA and AVX2, the
 * dynamic loader picks `__log_fma`, the same C compiled with -mfma -mavx2, where GCC contracts
 * a * b + c into fused multiply-adds: the order of operations and every contraction below are those
 * of the machine code of Debian's libm.so.6 (disassembled), each FMA emulated exactly ({@link fma}).
 * Products that are exact anyway (by k ln2_hi, by 2^27, by -1/2) are left as plain operations.
 * @module
 */
import { fma } from './fma.js';
import { LN2_HI, LN2_LO, POLY, POLY1, TAB } from './glibc-log-data.js';

/** A C99 hexadecimal floating-point literal (`-0x1.8p-3`) as a number, exactly. */
export function parseHexDouble(literal: string): number {
  const m = /^(-?)0x([01])(?:\.([0-9a-f]{0,13}))?p([+-]?\d+)$/.exec(literal);
  if (m === null) throw new Error(`Expected a hexadecimal double such as 0x1.8p-3 but received ${literal}`);
  const [, sign, lead, frac = '', exp] = m as unknown as [string, string, string, string | undefined, string];
  // At most 53 bits, so the integer is exact, and so is the scaling by a power of two (no subnormal here).
  const value = Number.parseInt(lead + frac, 16) * 2 ** (Number(exp) - 4 * frac.length);
  return sign === '-' ? -value : value;
}

/** 2^27 + 1: Veltkamp's splitting constant. */
const SPLIT = 134217729;

/**
 * The table as the logarithm reads it, also copied into every WebAssembly pool (kernels.wat): for each
 * of the 128 entries four doubles, invc, its Veltkamp halves invc_hi and invc_lo (for the exact product
 * z * invc), and logc.
 */
export const GLIBC_LOG_TABLE: Float64Array = (() => {
  const t = new Float64Array(4 * 128);
  for (let i = 0; i < 128; i++) {
    const invc = parseHexDouble(TAB[2 * i]!);
    const s = SPLIT * invc;
    const hi = s - (s - invc);
    t[4 * i] = invc;
    t[4 * i + 1] = hi;
    t[4 * i + 2] = invc - hi;
    t[4 * i + 3] = parseHexDouble(TAB[2 * i + 1]!);
  }
  return t;
})();

/** The polynomial coefficients, ln2_hi and ln2_lo as numbers (kernels.wat spells the same values). */
export const GLIBC_LOG_CONSTANTS = {
  ln2Hi: parseHexDouble(LN2_HI),
  ln2Lo: parseHexDouble(LN2_LO),
  poly: POLY.map(parseHexDouble),
  poly1: POLY1.map(parseHexDouble),
} as const;

/**
 * The rounding tests' bounds E on |y - y_glibc| (u = 2^-53; first-order analysis, the terms' own rounding
 * errors added up): away from 1, |y - y_glibc| <= u (3 |y| + 1.6 r^2 + 4.1 |lo| + |k| 2^-44) and the test
 * uses 2^-48 = 32u times that sum's magnitudes; near 1, |y - y_glibc| <= u (2.9 |r^3| + 2.01 |y| + |es| +
 * 2.01 |lo|) and the test uses 2^-50 = 8u times (|r^3| + |y| + |es| + |lo|) (its r^3 term makes the test
 * fail for about 2% of the arguments near 1 already, so it is kept tighter).
 */
const TEST_SCALE = 2 ** -48;
const TEST_SCALE_NEAR1 = 2 ** -50;

/**
 * Returns the exact emulation and the fast logarithm over the tables; everything they read is
 * closure-local (faster in V8 than module bindings).
 *
 * Why two: emulating all 8 (near 1: 15) FMAs costs about three times the rest of the logarithm. But
 * the FMAs only decide the last bits of y, the small term of the final sum hi + y, and the final
 * rounding absorbs them unless hi + y lies within a few ulp of y of a rounding boundary. So the fast
 * logarithm evaluates y with plain operations (within E of glibc's y, E computed from the magnitudes of
 * the terms), and returns round(hi + y) when round(hi + (y - E)) === round(hi + (y + E)): rounding is
 * monotonic, so glibc's round(hi + y_glibc), with y_glibc within E of y, is then that same double.
 * Otherwise (0.03% of the arguments away from 1, 2.5% of those near 1) it calls the exact emulation.
 */
function createGlibcLog(): { exact: (x: number) => number; fast: (x: number) => number } {
  const T = GLIBC_LOG_TABLE;
  const { ln2Hi, ln2Lo, poly, poly1 } = GLIBC_LOG_CONSTANTS;
  const [A0, A1, A2, A3, A4] = poly as unknown as [number, number, number, number, number];
  const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = poly1 as unknown as number[] as [number, number, number, number, number, number, number, number, number, number, number];
  /** POW2_NEG[k + 1023] = 2^-k for the k of normal doubles, k in [-1022, 1024]. */
  const POW2_NEG = new Float64Array(2048);
  for (let k = -1022; k <= 1024; k++) POW2_NEG[k + 1023] = 2 ** -k;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  const SCALE = TEST_SCALE;
  const SCALE_NEAR1 = TEST_SCALE_NEAR1;

  /** x in [1 - 2^-4, 1 + 0x1.09p-4): log1p(r), r = x - 1 exactly, with r^2/2 split off in double-double. */
  function exactNear1(x: number): number {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    // B[1] + r B[2] + r2 B[3] + r3 (B[4] + r B[5] + r2 B[6] + r3 (B[7] + r B[8] + r2 B[9] + r3 B[10])), as GCC contracted it
    const inner = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
    const p = fma(fma(inner, r3, fma(r2, B6, fma(r, B5, B4))), r3, fma(r2, B3, fma(r, B2, B1)));
    // rhi = r + w - w with w = r 2^27 (contracted into two FMAs whose products are exact: plain operations)
    const u = r * 134217728 + r;
    const rhi = u - r * 134217728;
    const rlo = r - rhi;
    const w = rhi * rhi * B0; // rhi has 26 bits: rhi^2 and its half are exact
    const hi = r + w;
    let lo = r - hi + w;
    lo = fma(B0 * rlo, rhi + r, lo);
    return hi + fma(p, r3, lo);
  }

  /** The same with plain operations and the rounding test; exactNear1 when the test fails. */
  function fastNear1(x: number): number {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const p = B1 + r * B2 + r2 * B3 + r3 * (B4 + r * B5 + r2 * B6 + r3 * (B7 + r * B8 + r2 * B9 + r3 * B10));
    const u = r * 134217728 + r;
    const rhi = u - r * 134217728;
    const w = rhi * rhi * B0;
    const hi = r + w;
    const es = B0 * (r - rhi) * (rhi + r);
    const lo = r - hi + w + es;
    const y = p * r3 + lo;
    // p is within 2.5u of glibc's (both ~1/3 with 3 roundings that matter each)
    const e = (Math.abs(r3) + Math.abs(y) + Math.abs(lo) + Math.abs(es)) * SCALE_NEAR1;
    const a = hi + (y - e);
    return a === hi + (y + e) ? a : exactNear1(x);
  }

  /** glibc's log with every FMA emulated, for every double. */
  function exact(x: number): number {
    if (x >= 0.9375 && x < 1.064697265625) return exactNear1(x);
    let kAdjust = 0;
    if (!(x >= 2.2250738585072014e-308 && x < Infinity)) {
      if (x === 0) return -Infinity;
      if (x === Infinity) return x;
      if (!(x > 0)) return Number.NaN; // negative or NaN
      x *= 4503599627370496; // subnormal: scale by 2^52 into the normal range, k compensates
      kAdjust = -52;
    }
    // tmp = ix - 0x3fe6000000000000 (the offset's low word is 0): i = (tmp >> 45) % 128, k = tmp >> 52
    bits[0] = x;
    const tmp = words[HIGH]! - 0x3fe60000;
    const i = 4 * ((tmp >>> 13) & 127);
    const k = tmp >> 20;
    const z = x * POW2_NEG[k + 1023]!; // = 2^-k x, exact, in [0x1.6p-1, 0x1.6p0)
    const kd = k + kAdjust;
    // r = fma(z, invc, -1): z invc = ph + pl exactly (Dekker), ph - 1 is exact (ph is within [1/2, 2]),
    // so (ph - 1) + pl is the one rounding of z invc - 1.
    const invc = T[i]!;
    const ich = T[i + 1]!;
    const icl = T[i + 2]!;
    const ph = z * invc;
    const s = SPLIT * z;
    const zh = s - (s - z);
    const zl = z - zh;
    const r = ph - 1 + (zh * ich - ph + zh * icl + zl * ich + zl * icl);
    // hi + lo = r + log(c) + k ln2
    const w = kd * ln2Hi + T[i + 3]!;
    const hi = w + r;
    const lo = fma(kd, ln2Lo, w - hi + r);
    // log(x) = lo + (log1p(r) - r) + hi, as GCC contracted lo + r2 A0 + r r2 (A1 + r A2 + r2 (A3 + r A4)) + hi
    const r2 = r * r;
    const r3 = r * r2;
    return fma(r3, fma(fma(r, A4, A3), r2, fma(r, A2, A1)), fma(r2, A0, lo)) + hi;
  }

  /** exact() with plain operations where it has FMAs, and the rounding test. */
  function fast(x: number): number {
    if (x >= 0.9375 && x < 1.064697265625) return fastNear1(x);
    if (!(x >= 2.2250738585072014e-308 && x < Infinity)) return exact(x);
    bits[0] = x;
    const tmp = words[HIGH]! - 0x3fe60000;
    const i = 4 * ((tmp >>> 13) & 127);
    const k = tmp >> 20;
    const z = x * POW2_NEG[k + 1023]!;
    const invc = T[i]!;
    const ich = T[i + 1]!;
    const icl = T[i + 2]!;
    const ph = z * invc;
    const s = SPLIT * z;
    const zh = s - (s - z);
    const zl = z - zh;
    const r = ph - 1 + (zh * ich - ph + zh * icl + zl * ich + zl * icl);
    const w = k * ln2Hi + T[i + 3]!;
    const hi = w + r;
    const lo = k * ln2Lo + (w - hi + r);
    const r2 = r * r;
    const y = r * r2 * ((r * A4 + A3) * r2 + (r * A2 + A1)) + (r2 * A0 + lo);
    // |w - hi + r| <= u |hi| is added for safety
    const e = (Math.abs(y) + r2 + Math.abs(lo) + Math.abs(k) * 5.684341886080802e-14 + Math.abs(hi) * 1.1102230246251565e-16) * SCALE;
    const a = hi + (y - e);
    return a === hi + (y + e) ? a : exact(x);
  }
  return { exact, fast };
}

const { exact, fast } = createGlibcLog();

/**
 * Natural logarithm of `x`, bit-identical to glibc's `log` on x86-64 with FMA (`__log_fma`, glibc 2.28+),
 * for every double: subnormals included; log(±0) = -Infinity, log(Infinity) = Infinity, NaN for
 * negative and NaN arguments (glibc's NaN payloads are not reproduced: JavaScript has one NaN).
 */
export const glibcLog: (x: number) => number = fast;

/**
 * The same function computed by emulating every FMA (what {@link glibcLog} falls back to near rounding
 * boundaries); exported for tests.
 */
export const glibcLogExact: (x: number) => number = exact;
