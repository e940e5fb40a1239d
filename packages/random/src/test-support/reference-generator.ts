/**
 * The pure-JavaScript bulk paths of MT19937 and the polar method as they were before the WebAssembly
 * kernels (commit 7bf4957), kept as the oracle the kernels must match bit for bit. Test-only: not built.
 */
import { glibcLog } from '../glibc-log.js';
import type { RandomStateJSON } from '../random-state.js';

const N = 624;
const M = 397;

/** A numpy legacy RandomState in plain JS over a copied state: the reference for random-state.ts. */
export class ReferenceGenerator {
  readonly key: Uint32Array;
  pos: number;
  hasGauss: boolean;
  gauss: number;
  private readonly r2Scratch = new Float64Array(256);

  constructor(state: RandomStateJSON) {
    this.key = Uint32Array.from(state.key);
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.hasGauss ? state.gauss : 0;
  }

  getState(): RandomStateJSON {
    return { bitGenerator: 'MT19937', key: Array.from(this.key), pos: this.pos, hasGauss: this.hasGauss, gauss: this.hasGauss ? this.gauss : 0 };
  }

  generate(): void {
    const mt = this.key;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (mt[i]! & 0x80000000) | (mt[i + 1]! & 0x7fffffff);
      mt[i] = mt[i + M]! ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    for (; i < N - 1; i++) {
      y = (mt[i]! & 0x80000000) | (mt[i + 1]! & 0x7fffffff);
      mt[i] = mt[i + (M - N)]! ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    y = (mt[N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    this.pos = 0;
  }

  nextUint32(): number {
    if (this.pos === N) this.generate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  fillDoubles(out: Float64Array, offset = 0, length = out.length - offset): void {
    const key = this.key;
    let pos = this.pos;
    const end = offset + length;
    for (let i = offset; i < end; i++) {
      if (pos === N) {
        this.generate();
        pos = 0;
      }
      let a = key[pos++]!;
      a ^= a >>> 11;
      a ^= (a << 7) & 0x9d2c5680;
      a ^= (a << 15) & 0xefc60000;
      a ^= a >>> 18;
      if (pos === N) {
        this.generate();
        pos = 0;
      }
      let b = key[pos++]!;
      b ^= b >>> 11;
      b ^= (b << 7) & 0x9d2c5680;
      b ^= (b << 15) & 0xefc60000;
      b ^= b >>> 18;
      out[i] = ((a >>> 5) * 67108864.0 + (b >>> 6)) / 9007199254740992.0;
    }
    this.pos = pos;
  }

  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * this.nextDouble() - 1.0;
      x2 = 2.0 * this.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * glibcLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  standardNormalInto(out: Float64Array, offset = 0, length = out.length - offset): Float64Array {
    const end = offset + length;
    let i = offset;
    if (i < end && this.hasGauss) {
      out[i++] = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
    }
    const r2s = this.r2Scratch;
    while (end - i >= 2) {
      const pairs = Math.min(r2s.length, (end - i) >>> 1);
      const start = i;
      for (let p = 0; p < pairs; p++) {
        let x1: number, x2: number, r2: number;
        do {
          x1 = 2.0 * this.nextDouble() - 1.0;
          x2 = 2.0 * this.nextDouble() - 1.0;
          r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 === 0.0);
        out[i++] = x2;
        out[i++] = x1;
        r2s[p] = r2;
      }
      for (let p = 0, o = start; p < pairs; p++, o += 2) {
        const r2 = r2s[p]!;
        const f = Math.sqrt((-2.0 * glibcLog(r2)) / r2);
        out[o] = f * out[o]!;
        out[o + 1] = f * out[o + 1]!;
      }
    }
    if (i < end) out[i++] = this.standardNormal();
    return out;
  }

  skipStandardNormals(count: number): void {
    let remaining = count;
    if (remaining > 0 && this.hasGauss) {
      this.hasGauss = false;
      this.gauss = 0;
      remaining--;
    }
    let pairs = Math.floor(remaining / 2);
    while (pairs-- > 0) {
      let x1: number, x2: number, r2: number;
      do {
        x1 = 2.0 * this.nextDouble() - 1.0;
        x2 = 2.0 * this.nextDouble() - 1.0;
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1.0 || r2 === 0.0);
    }
    if (remaining % 2 === 1) this.standardNormal();
  }
}
