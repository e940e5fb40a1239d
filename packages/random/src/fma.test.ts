import { describe, expect, it } from 'vitest';
import { fma, roundToOdd } from './fma.js';
import { MT19937 } from './mt19937.js';

/** A finite double as m * 2^e with integer m (exact). */
function decompose(x: number): [bigint, bigint] {
  const bits = new BigUint64Array(new Float64Array([x]).buffer)[0]!;
  const sign = bits >> 63n === 1n ? -1n : 1n;
  const biased = (bits >> 52n) & 0x7ffn;
  const frac = bits & 0xfffffffffffffn;
  return biased === 0n ? [sign * frac, -1074n] : [sign * (frac | 0x10000000000000n), biased - 1075n];
}

/** a * b + c rounded once to the nearest double (ties to even), in exact integer arithmetic: the oracle. */
function exactFma(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const ep = ea + eb;
  const e = ep < ec ? ep : ec;
  let n = ma * mb * 2n ** (ep - e) + mc * 2n ** (ec - e);
  if (n === 0n) return ma * mb === 0n ? a * b + c : 0; // signed zeros as IEEE gives them; exact cancellation is +0
  const negative = n < 0n;
  if (negative) n = -n;
  let shift = BigInt(n.toString(2).length - 53);
  if (shift < 0n) shift = 0n;
  let q = n >> shift;
  const rem = n - (q << shift);
  const half = shift > 0n ? 1n << (shift - 1n) : 0n;
  if (shift > 0n && (rem > half || (rem === half && (q & 1n) === 1n))) q += 1n;
  const value = Number(q) * 2 ** Number(e + shift); // q <= 2^53 and the scaling is a power of two: exact here
  return negative ? -value : value;
}

describe('fma', () => {
  const mt = new MT19937();
  mt.seed(3);
  const u = () => mt.nextDouble();
  const double = (lo: number, span: number) => (u() < 0.5 ? -1 : 1) * (1 + u()) * 2 ** Math.floor(lo + span * u());

  it('agrees with exact integer arithmetic on random operands and on near-cancellations', () => {
    const bad: number[][] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = double(-30, 60);
      const b = double(-30, 60);
      const p = a * b;
      const c = [double(-80, 160), -p, -p * (1 + 2 ** -52 * Math.floor(8 * u() - 4)), p * 2 ** Math.floor(100 * u() - 50)][i % 4]!;
      if (!Object.is(fma(a, b, c), exactFma(a, b, c)) && bad.length < 5) bad.push([a, b, c]);
    }
    expect(bad).toEqual([]);
  });

  it('rounds once where c + round(a b) is a tie that the low part of a b decides (double rounding)', () => {
    // a b = h (1 + d) with h = half an ulp of c and tiny d of either sign: round(c + a b) leaves the tie.
    let decided = 0;
    const bad: number[][] = [];
    for (let i = 0; i < 20_000; i++) {
      const c = double(-3, 6);
      const h = (i % 2 === 0 ? 1 : -1) * 2 ** (Math.floor(Math.log2(Math.abs(c))) - 53);
      let a = 1 + Math.floor(1 + 1e5 * u()) * 2 ** -52;
      if (u() < 0.5) a = 1 / a;
      const b = h / a;
      const got = fma(a, b, c);
      const want = exactFma(a, b, c);
      if (!Object.is(got, want) && bad.length < 5) bad.push([a, b, c]);
      if (want !== c + a * b) decided++;
    }
    expect(bad).toEqual([]);
    expect(decided).toBeGreaterThan(1000); // the naive c + a * b is wrong on these
  });

  it('is exact where the plain expression is not: (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104', () => {
    expect(fma(1 + 2 ** -52, 1 - 2 ** -52, -1)).toBe(-(2 ** -104));
    expect((1 + 2 ** -52) * (1 - 2 ** -52) - 1).toBe(0);
  });
});

describe('roundToOdd', () => {
  it('keeps exact and odd values, and moves an inexact even value one ulp towards the error', () => {
    expect(roundToOdd(1, 0)).toBe(1);
    expect(roundToOdd(1 + 2 ** -52, 2 ** -60)).toBe(1 + 2 ** -52); // odd already
    expect(roundToOdd(1, 2 ** -60)).toBe(1 + 2 ** -52);
    expect(roundToOdd(1, -(2 ** -60))).toBe(1 - 2 ** -53); // below a power of two the step halves
    expect(roundToOdd(-1, -(2 ** -60))).toBe(-1 - 2 ** -52);
    expect(roundToOdd(-1, 2 ** -60)).toBe(-1 + 2 ** -53);
    expect(roundToOdd(3, -(2 ** -60))).toBe(3 - 2 ** -51); // low word 0: the borrow reaches the high word
  });
});
