/**
 * A correctly rounded natural logarithm (up to a misrounding probability of at most ~2^-21 per call),
 * used by the polar method so that normals match numpy, whose `log` is glibc's (max error 0.52 ulp,
 * i.e. correctly rounded for all but about 0.08% of arguments). V8's `Math.log` (fdlibm, < 1 ulp)
 * disagrees with it in the last bit for about 3% of arguments.
 *
 * Method: x = 2^k * m with m in [0.748, 1.496); c = the nearest multiple of 1/512 (1/1024 after
 * halving) to m, with log(c) precomputed in double-double at load time (513 entries); f = (m - c) /
 * (m + c) in double-double (|f| <= 2^-11), log(m / c) = 2 atanh(f) = 2f + 2f^3/3 + 2f^5/5 + 2f^7/7;
 * k ln2 + log c + 2f is summed in double-double and rounded once at the end. The relative error of the
 * unrounded sum is below ~2^-75 (the plain-double cubic term near x = 1), so a misrounding needs an
 * argument within 2^-22 ulp of a rounding boundary; none was seen in 3 * 10^5 test arguments.
 * JS has no FMA, so products are made exact with Veltkamp splitting (Dekker's two-product).
 * @module
 */

const SPLIT = 134217729; // 2^27 + 1
// ln 2 = LN2_HI + LN2_LO with LN2_HI on 42 bits, so k * LN2_HI is exact for |k| < 2^11.
const LN2_HI = 0.6931471805598903;
const LN2_LO = 5.497923018708371e-14;

/** Slow double-double log for the table: [hi, lo] of log(c), c in [0.75, 1.5], by the atanh series. */
function logDoubleDouble(c: number): [number, number] {
  // f = (c - 1) / (c + 1) in double-double (c - 1 and c + 1 are exact for the table's c).
  const d = c - 1;
  const s = c + 1;
  const q = d / s;
  const [ph, pl] = twoProd(q, s);
  const fl = (d - ph - pl) / s;
  // t = f^2 in double-double
  let [th, tl] = twoProd(q, q);
  tl += 2 * q * fl;
  [th, tl] = fastTwoSum(th, tl);
  // Horner in double-double: S = sum_{n>=0} t^n / (2n + 1), 30 terms (t <= 0.04).
  let sh = 0;
  let sl = 0;
  for (let n = 30; n >= 0; n--) {
    // S = 1/(2n+1) + t * S
    const [mh, ml0] = twoProd(th, sh);
    const ml = ml0 + th * sl + tl * sh;
    const ch = 1 / (2 * n + 1);
    const [chh, chl0] = twoProd(ch, 2 * n + 1);
    const cl = (1 - chh - chl0) / (2 * n + 1); // 1/(2n+1) - ch
    const [ah, al0] = twoSum(ch, mh);
    [sh, sl] = fastTwoSum(ah, al0 + ml + cl);
  }
  // log c = 2 f S
  const [rh, rl0] = twoProd(q, sh);
  const rl = rl0 + q * sl + fl * sh;
  const [h, l] = fastTwoSum(rh, rl);
  return [2 * h, 2 * l];
}

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function fastTwoSum(a: number, b: number): [number, number] {
  const s = a + b;
  return [s, b - (s - a)];
}
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

const TABLE_BITS = 9;
const TABLE_SIZE = 1 << TABLE_BITS;

/** The table of the reduction, shared with the WebAssembly logarithm (kernels.wat). */
export interface LogTable {
  /** c_j, 513 entries. */
  c: Float64Array;
  /** log(c_j) = hi + lo in double-double. */
  hi: Float64Array;
  lo: Float64Array;
}

/**
 * Table over j = round((m - 1) * 512), m in [1, 2): c_j = 1 + j/512; for j >= 256 the reduction halves m,
 * so the entry holds c_j / 2 and log(c_j / 2) (c_512 / 2 = 1 has log 0: arguments near 1 keep full precision).
 */
function buildLogTable(): LogTable {
  const c = new Float64Array(TABLE_SIZE + 1);
  const hi = new Float64Array(TABLE_SIZE + 1);
  const lo = new Float64Array(TABLE_SIZE + 1);
  for (let j = 0; j <= TABLE_SIZE; j++) {
    const cj = 2 * j >= TABLE_SIZE ? (1 + j / TABLE_SIZE) / 2 : 1 + j / TABLE_SIZE;
    c[j] = cj;
    const [h, l] = cj === 1 ? [0, 0] : logDoubleDouble(cj);
    hi[j] = h;
    lo[j] = l;
  }
  return { c, hi, lo };
}

/** The table, built once at load (about 0.5 ms) for this module and for every WebAssembly pool. */
export const LOG_TABLE: LogTable = buildLogTable();

/** Returns the function over `table`; everything it uses is closure-local (V8 reads those faster than module bindings). */
function createLogCorrectlyRounded(table: LogTable): (x: number) => number {
  const SPLIT = 134217729;
  const LN2_HI = 0.6931471805598903;
  const LN2_LO = 5.497923018708371e-14;
  const TABLE_BITS = 9;
  const TABLE_SIZE = 1 << TABLE_BITS;
  const TABLE_C = table.c;
  const TABLE_LOG_HI = table.hi;
  const TABLE_LOG_LO = table.lo;

  /** POW2_NEG[k + 1023] = 2^-k for the exponents of normal doubles, k in [-1022, 1023]. */
  const POW2_NEG = new Float64Array(2047);
  for (let k = -1022; k <= 1023; k++) POW2_NEG[k + 1023] = 2 ** -k;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

  function logCorrectlyRounded(x: number): number {
    if (!(x >= 2.2250738585072014e-308 && x <= 1.7976931348623157e308)) return Math.log(x);
    if (x === 1) return 0;
    bits[0] = x;
    const hw = words[HIGH]!;
    let k = (hw >>> 20) - 1023;
    const j = (((hw >>> (19 - TABLE_BITS)) & (2 * TABLE_SIZE - 1)) + 1) >>> 1;
    let m = x * POW2_NEG[k + 1023]!; // exact; avoids a store-forwarding stall of rewriting the exponent bits
    if (2 * j >= TABLE_SIZE) {
      m *= 0.5;
      k += 1;
    }
    const c = TABLE_C[j]!;
    // f = (m - c) / (m + c) as q + fl (|f| <= 2^-11); m - c is exact, and m + c = sh + sl exactly.
    const d = m - c;
    const sh = m + c;
    const sl = m - (sh - c);
    const q = d / sh;
    let t = SPLIT * q;
    const qh = t - (t - q);
    const ql = q - qh;
    t = SPLIT * sh;
    const shh = t - (t - sh);
    const shl = sh - shh;
    const ph = q * sh;
    const pl = qh * shh - ph + qh * shl + ql * shh + ql * shl;
    const fl = (d - ph - pl - q * sl) / sh;
    // log(m / c) = 2 atanh(f) = 2q + 2fl + 2q^3 (1/3 + q^2/5 + q^4/7) + 2 q^2 fl, the rest is below 2^-90
    // relative; the cubic part is below 2^-23.6 relative, so plain doubles suffice for it (error ~2^-75).
    const t2 = q * q;
    const small = 2 * fl + (2 * q * t2 * (1 / 3 + t2 * (0.2 + t2 * (1 / 7))) + 2 * t2 * fl);
    // k ln2 + log c + 2q in double-double (two two-sums), then one rounding of hi + lo.
    const a0 = k * LN2_HI;
    const b0 = TABLE_LOG_HI[j]!;
    const a = a0 + b0;
    let bb = a - a0;
    const ea = a0 - (a - bb) + (b0 - bb);
    const q2 = 2 * q;
    const b = a + q2;
    bb = b - a;
    const eb = a - (b - bb) + (q2 - bb);
    return b + (ea + eb + small + (k * LN2_LO + TABLE_LOG_LO[j]!));
  }
  return logCorrectlyRounded;
}

/**
 * Natural logarithm of `x`, correctly rounded to nearest (up to a vanishing misrounding probability).
 * Zero, negative, subnormal, infinite and NaN arguments are passed to `Math.log` (exact there, or not
 * reached by the polar method, whose argument is a normal double in (0, 1)).
 */
export const logCorrectlyRounded: (x: number) => number = createLogCorrectlyRounded(LOG_TABLE);
