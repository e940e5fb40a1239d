/**
 * Fused multiply-add, `round(a * b + c)` with a single rounding, emulated with IEEE doubles
 * (JavaScript and WebAssembly have no FMA instruction). It exists so that {@link glibcLog} can repeat
 * the FMA instructions of glibc's `log` on x86-64 bit for bit.
 *
 * Method (Boldo and Melquiond, "Emulation of a FMA and correctly-rounded sums: proved algorithms
 * using rounding to odd", IEEE Trans. Computers 57(4), 2008):
 *
 *   uh + ul = a * b        exactly (Dekker's product with Veltkamp splitting)
 *   th + tl = c + uh       exactly (Knuth's two-sum)
 *   v = RO(tl + ul)        rounded to odd: if inexact, the neighbour whose last bit is 1
 *   result = RN(th + v)
 *
 * Rounding `tl + ul` to odd instead of to nearest is what prevents a double rounding: an odd `v` can
 * never make `th + v` land on a midpoint that the exact sum is not on. Valid when nothing overflows
 * (|a|, |b| < 2^995) and the products' low parts do not underflow (|a * b| >= 2^-969), which holds for
 * every call made by the logarithm (its operands are within [2^-330, 8]).
 * @module
 */

/** 2^27 + 1: multiplying by it and subtracting splits a double into two 26-bit halves (Veltkamp). */
const SPLIT = 134217729;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
/** Index of the low 32-bit word of a double in `words` (0 on little-endian machines). */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/**
 * `v` rounded to odd, given `v = RN(s)` and the exact error `e = s - v`: `v` itself when exact or
 * odd, else its neighbour towards `e` (whose last bit is then 1).
 */
export function roundToOdd(v: number, e: number): number {
  if (e === 0) return v;
  scratch[0] = v;
  const low = words[LOW]!;
  if ((low & 1) === 1) return v;
  if (v > 0 === e > 0) {
    words[LOW] = low + 1; // even, so no carry into the high word
  } else if (low !== 0) {
    words[LOW] = low - 1;
  } else {
    words[LOW] = 0xffffffff;
    words[HIGH] = words[HIGH]! - 1;
  }
  return scratch[0];
}

/** `round(a * b + c)`, one rounding to nearest even, as the FMA instruction computes it. */
export function fma(a: number, b: number, c: number): number {
  // uh + ul = a * b (Dekker)
  const uh = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = ah * bh - uh + ah * bl + al * bh + al * bl;
  // th + tl = c + uh (two-sum)
  const th = c + uh;
  let bb = th - c;
  const tl = c - (th - bb) + (uh - bb);
  // v + ve = tl + ul (two-sum), then v rounded to odd
  const v = tl + ul;
  bb = v - tl;
  const ve = tl - (v - bb) + (ul - bb);
  return th + roundToOdd(v, ve);
}
