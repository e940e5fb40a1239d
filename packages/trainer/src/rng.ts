/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) with plain-number state, so the
 * shuffling of the mini-batch solvers can be checkpointed and resumed bit-exactly. Kept inside the
 * trainer: the stream only has to be reproducible here, not numpy-compatible.
 */
export class ShuffleRng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * Uniform integer in [0, n), unbiased, n <= 2^32. For n <= 2^21 Lemire's multiply-shift method
   * (x * n is exact in a double; the high 32 bits are the draw, rejection only when the low bits
   * fall under 2^32 mod n, which needs a modulo with probability n / 2^32); larger n: rejection
   * with a modulo per draw.
   */
  nextInt(n: number): number {
    if (n <= LEMIRE_MAX) {
      for (;;) {
        const m = this.nextUint32() * n;
        const hi = (m / TWO32) >>> 0;
        const lo = m - hi * TWO32;
        if (lo >= n || lo >= TWO32 % n) return hi;
      }
    }
    const limit = TWO32 - (TWO32 % n);
    for (;;) {
      const v = this.nextUint32();
      if (v < limit) return v % n;
    }
  }

  /**
   * Fisher-Yates shuffle of `a` in place: for i = len-1 .. 1, swap a[i] with a[nextInt(i + 1)].
   * The same draws as calling nextInt, with the generator state held in locals (the hot path of
   * every shuffle window).
   */
  shuffle(a: Int32Array): void {
    if (a.length > LEMIRE_MAX) {
      for (let i = a.length - 1; i > 0; i--) {
        const j = this.nextInt(i + 1);
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
      }
      return;
    }
    let s0 = this.s0 | 0;
    let s1 = this.s1 | 0;
    let s2 = this.s2 | 0;
    let s3 = this.s3 | 0;
    for (let i = a.length - 1; i > 0; i--) {
      const n = i + 1;
      let j = 0;
      for (;;) {
        // xoshiro128** on int32 locals (the same bits as nextUint32).
        const r = Math.imul(s1, 5);
        const x = (Math.imul((r << 7) | (r >>> 25), 9) >>> 0);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const m = x * n;
        const hi = (m / TWO32) >>> 0;
        const lo = m - hi * TWO32;
        if (lo >= n || lo >= TWO32 % n) {
          j = hi;
          break;
        }
      }
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: number[]): void {
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0) as [number, number, number, number];
  }
}

const TWO32 = 0x100000000;
const LEMIRE_MAX = 0x200000;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Stateless per-row coin for the validation hold-out: uniform in [0, 1) from (seed, row). */
export function rowUniform(seed: number, row: number): number {
  let z = (Math.imul(row >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(row / 0x100000000) + 1, 0x85ebca77) ^ (seed >>> 0)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return z / 0x100000000;
}
