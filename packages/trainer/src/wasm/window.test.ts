import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { compileKernelsWat, renderKernelsModule } from '../../scripts/compile-wat.js';
import { NonFiniteFeatureError } from '../errors.js';
import { MultiScratch, multinomialLossGrad } from '../test-support/multinomial-reference.js';
import { binaryReference } from '../test-support/binary-reference.js';
import { shuffledIdentity } from '../test-support/shuffle-reference.js';
import { ShuffleRng } from '../rng.js';
import { ColumnPass, firstNonFinite } from './columns.js';
import { instantiate } from './instance.js';
import { WasmWindow } from './window.js';

/** Deterministic uniform numbers in [-1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** n x d column-major data, labels 0/1, weights in (0, 2). */
function data(n: number, d: number, scale: number, seed: number) {
  const r = lcg(seed);
  const cols = Array.from({ length: d }, () => Float64Array.from({ length: n }, () => scale * r()));
  const y = Int32Array.from({ length: n }, () => (r() > 0 ? 1 : 0));
  const s = Float64Array.from({ length: n }, () => 1 + r());
  return { cols, y, s };
}

describe('kernels.wat and the embedded wasm', () => {
  it('kernels-wasm.ts is the compiled kernels.wat (run `npm run build:wasm -w @sigmoid/trainer` after editing it)', async () => {
    const wat = readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
    const generated = readFileSync(new URL('./kernels-wasm.ts', import.meta.url), 'utf8');
    expect(generated).toBe(renderKernelsModule(await compileKernelsWat(wat)));
  });
});

describe('WasmWindow', () => {
  it('permute draws the reference Fisher-Yates permutation in wasm and leaves the generator where the reference does', () => {
    // 2^21 + 3 rows cross the switch from Lemire's method to rejection + modulo at 2^21.
    for (const n of [1, 2, 7, 1000, 16384, 2 ** 21 + 3]) {
      const win = new WasmWindow(n, 1, 2);
      const rng = new ShuffleRng(n);
      const ref = rng.getState();
      win.permute(n, rng);
      const want = shuffledIdentity(ref, n);
      let firstDifference = -1;
      for (let i = 0; i < n && firstDifference < 0; i++) if (win.position[i] !== want[i]) firstDifference = i;
      expect(firstDifference).toBe(-1);
      expect(rng.getState()).toEqual(ref);
      if (n === 16384) expect([...win.position].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const win = new WasmWindow(8, 1, 2);
    win.permute(5, null);
    expect(Array.from(win.position.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
  });

  it('addRows puts the k-th kept row at position[t + k] (features, labels, weights), skipping held-out rows', () => {
    const n = 50;
    const d = 3;
    const { cols, y, s } = data(n, d, 1, 5);
    const win = new WasmWindow(64, d, d + 1);
    // A reversed permutation; rows 10..39 of the batch, every third held out.
    for (let k = 0; k < 64; k++) win.position[k] = 63 - k;
    const heldOut = (i: number) => i % 3 === 0;
    for (let k = 0; k < 30; k++) win.heldOut[k] = heldOut(10 + k) ? 1 : 0; // window rows are batch rows 10..39
    win.begin(true, true);
    const t = win.addRows({ n, cols, y, s }, 10, 40, 4, 1010, ['a', 'b', 'c']);
    win.end();
    let k = 4;
    for (let i = 10; i < 40; i++) {
      if (heldOut(i)) continue;
      const p = 63 - k++;
      for (let j = 0; j < d; j++) expect(win.X[p * d + j]).toBe(cols[j]![i]);
      expect(win.Y[p]).toBe(y[i]);
      expect(win.S[p]).toBe(s[i]);
    }
    expect(t).toBe(k);
    expect(t).toBe(4 + 20);
  });

  it('addRows rejects NaN / Infinity as it stages, naming the feature and the global row (the first one, across chunks)', () => {
    const d = 300;
    const W = 2000;
    const { cols, y } = data(W, d, 1, 4);
    const names = cols.map((_, j) => `f${j}`);
    for (const [j, i, v] of [[0, 0, NaN], [299, 1999, Infinity], [5, 218, -Infinity], [7, 1000, NaN]] as const) {
      const bad = cols.map((c) => c.slice());
      bad[j]![i] = v;
      if (i + 1 < W) bad[0]![W - 1] = NaN; // a later one is not the one reported
      const win = new WasmWindow(W, d, d + 1);
      for (let k = 0; k < W; k++) win.position[k] = k;
      win.begin(false, false);
      expect(() => win.addRows({ n: W, cols: bad, y, s: null }, 0, W, 0, 5000, names)).toThrowError(new NonFiniteFeatureError(`f${j}`, 5000 + i, v));
      const f32 = bad.map((c) => Float32Array.from(c));
      win.begin(false, false);
      expect(() => win.addRows({ n: W, cols: f32, y, s: null }, 0, W, 0, 0, names)).toThrowError(`Expected finite numbers in feature column "f${j}" but received ${v} at row ${i}`);
    }
  });

  it('addRows converts Float32 columns and fills a window over several staged chunks', () => {
    const d = 300;
    const W = 2000;
    const win = new WasmWindow(W, d, d + 1);
    expect(win.stageRows).toBe(218); // 512 KiB of Float64 staging / 300 columns
    const r = lcg(9);
    const cols = Array.from({ length: d }, () => Float32Array.from({ length: W }, () => r()));
    const y = Int32Array.from({ length: W }, (_, i) => i & 1);
    for (let k = 0; k < W; k++) win.position[k] = (k * 7) % W; // 7 is coprime with 2000
    win.begin(false, false);
    // In three slices, as three source batches would come.
    const names = cols.map((_, j) => `x${j}`);
    let t = win.addRows({ n: W, cols, y, s: null }, 0, 700, 0, 0, names);
    t = win.addRows({ n: W, cols, y, s: null }, 700, 701, t, 700, names);
    t = win.addRows({ n: W, cols, y, s: null }, 701, W, t, 701, names);
    expect(t).toBe(W);
    win.end();
    for (const i of [0, 1, 217, 218, 700, 701, W - 1]) {
      const p = (i * 7) % W;
      for (const j of [0, 1, d - 1]) expect(win.X[p * d + j]).toBe(cols[j]![i]);
      expect(win.Y[p]).toBe(i & 1);
      expect(win.S[p]).toBe(1); // unit weights are never written
    }
  });

  // d = 7 and 1 exercise the odd last column; 1501 rows the single-row tail after the 4-row blocks;
  // scale 30 puts margins far on both tails (factors 1 + e^-|z| next to 1, products renormalised).
  it.each([
    [1501, 7, 30],
    [90, 20, 1],
    [33, 3, 5],
    [6, 1, 2],
    [1, 4, 1],
  ])('binary loss and gradient, %i rows x %i features, scale %d: unit and weighted rows agree with the column kernel', (n, d, scale) => {
    const { cols, y, s } = data(n + 5, d, scale, n * 31 + d);
    const win = new WasmWindow(n + 5, d, d + 1);
    for (let k = 0; k < n + 5; k++) win.position[k] = k;
    win.begin(true, false);
    win.addRows({ n: n + 5, cols, y, s }, 0, n + 5, 0, 0, cols.map((_, j) => `x${j}`));
    win.end();
    for (let j = 0; j <= d; j++) win.theta[j] = 0.3 * Math.sin(j + 1);
    for (const weights of [null, s]) {
      const gRef = new Float64Array(d + 1);
      const ref = binaryReference(win.theta, d, cols, y, weights, 5, n, gRef);
      win.gRaw.fill(0);
      const loss = win.binary('theta', 5, n, weights === null);
      expect(Math.abs(loss - ref)).toBeLessThanOrEqual(1e-13 * Math.abs(ref));
      for (let j = 0; j <= d; j++) expect(Math.abs(win.gRaw[j]! - gRef[j]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(gRef[j]!)));
    }
    // The same through wRaw.
    win.wRaw.set(win.theta);
    win.gRaw.fill(0);
    const viaTheta = win.binary('theta', 5, n, true);
    const g1 = win.gRaw.slice();
    win.gRaw.fill(0);
    for (let j = 0; j <= d; j++) win.theta[j] = 0;
    expect(win.binary('wRaw', 5, n, true)).toBe(viaTheta);
    expect(Array.from(win.gRaw)).toEqual(Array.from(g1));
  });

  // K = 7 with scale 20 puts softmax terms far in the tails; d = 5 exercises the odd last column.
  it.each([
    [300, 5, 3, 2],
    [257, 8, 7, 20],
    [1, 1, 3, 1],
  ])('multinomial loss and gradient, %i rows x %i features, K = %i, scale %d: unit and weighted rows agree with the JS reference', (n, d, K, scale) => {
    const r = lcg(n + 31 * d + K);
    const cols = Array.from({ length: d }, () => Float64Array.from({ length: n + 3 }, () => scale * r()));
    const y = Int32Array.from({ length: n + 3 }, () => Math.min(K - 1, Math.floor(((r() + 1) / 2) * K)));
    const s = Float64Array.from({ length: n + 3 }, () => 1 + r());
    const P = K * (d + 1);
    const win = new WasmWindow(n + 3, d, P);
    for (let k = 0; k < n + 3; k++) win.position[k] = k;
    win.begin(true, false);
    win.addRows({ n: n + 3, cols, y, s }, 0, n + 3, 0, 0, null);
    win.end();
    for (let q = 0; q < P; q++) win.wRaw[q] = 0.2 * Math.cos(q);
    for (const weights of [null, s]) {
      const gRef = new Float64Array(P);
      const ref = multinomialLossGrad(win.wRaw, K, d, cols, y, weights, n, gRef, new MultiScratch(K), null, 3);
      win.gRaw.fill(0);
      const loss = win.multi('wRaw', K, 3, n, weights === null);
      expect(Math.abs(loss - ref)).toBeLessThanOrEqual(1e-13 * Math.abs(ref));
      for (let q = 0; q < P; q++) expect(Math.abs(win.gRaw[q]! - gRef[q]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(gRef[q]!)));
    }
  });

  it('a window beyond 4 GiB of WebAssembly memory is refused, naming shuffleBufferSize', () => {
    expect(() => new WasmWindow(60_000_000, 10, 11)).toThrowError(InvalidParameterError);
    expect(() => new WasmWindow(60_000_000, 10, 11)).toThrowError(/Expected at most \d+ rows with 10 features .* for shuffleBufferSize but received 60000000/);
  });
});

describe('ColumnPass (the exact solvers\' loss/gradient pass), binary', () => {
  // 700 rows with d = 1000 cross several staged chunks (524 rows each); the others exercise odd
  // row counts, odd d and far tails (scale 30).
  it.each([
    [1501, 7, 30, false],
    [90, 20, 1, true],
    [700, 100, 0.05, false],
    [1200, 1000, 0.05, false],
    [1, 1, 1, false],
  ])('%i rows x %i features, scale %d (Float32 columns: %s): unit and weighted rows agree with the row-by-row reference', (n, d, scale, f32) => {
    const raw = data(n + 3, d, scale, n + d);
    const cols = f32 ? raw.cols.map((c) => Float32Array.from(c)) : raw.cols;
    const w = Float64Array.from({ length: d + 1 }, (_, j) => 0.3 * Math.sin(j + 1));
    const pass = new ColumnPass(d, 1, true);
    for (const weights of [null, raw.s]) {
      const gRef = new Float64Array(d + 1).fill(0.5);
      const ref = binaryReference(w, d, cols, raw.y, weights, 3, n, gRef);
      const g = new Float64Array(d + 1).fill(0.5); // accumulated into, like the solvers' gRaw
      const loss = pass.run(w, cols, raw.y, weights, 3, n, g);
      expect(Math.abs(loss - ref)).toBeLessThanOrEqual(1e-13 * Math.abs(ref));
      for (let j = 0; j <= d; j++) expect(Math.abs(g[j]! - gRef[j]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(gRef[j]!)));
      expect(pass.run(w, cols, raw.y, weights, 3, n, null)).toBe(loss);
      // The Hessian sum_i s_i p_i (1 - p_i) [x_i, 1][x_i, 1]^T, accumulated into h.
      const P = d + 1;
      const c = new Float64Array(n);
      binaryReference(w, d, cols, raw.y, weights, 3, n, new Float64Array(P), c);
      const x = (i: number, j: number) => (j === d ? 1 : cols[j]![3 + i]!);
      const h = new Float64Array(P * P).fill(0.25);
      expect(pass.run(w, cols, raw.y, weights, 3, n, null, h)).toBe(loss);
      // Every entry for small d; for larger d the first, last and middle rows and columns.
      const idx = P <= 40 ? Array.from({ length: P }, (_, j) => j) : [0, 1, 2, d >> 1, (d >> 1) + 1, d - 1, d];
      for (const j of idx) {
        for (const l of idx) {
          let ref = 0.25;
          for (let i = 0; i < n; i++) ref += c[i]! * x(i, j) * x(i, l);
          expect(Math.abs(h[j * P + l]! - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)));
        }
      }
    }
  });
});

describe('the kernels\' exp (Cody-Waite reduction, degree-13 Taylor polynomial)', () => {
  it('is within 2 ulp of Math.exp on [-700, 0] (1e6 points, and the reduction boundaries k ln2 / 2)', () => {
    const { k } = instantiate(1);
    const ulp = (v: number) => {
      const b = new Float64Array([v]);
      const u = new BigInt64Array(b.buffer);
      u[0]! += 1n;
      return b[0]! - v;
    };
    let worst = 0;
    const check = (x: number) => {
      const ref = Math.exp(x);
      worst = Math.max(worst, Math.abs(k.expNeg(x) - ref) / ulp(ref));
    };
    for (let i = 0; i <= 1_000_000; i++) check(-700 * (i / 1_000_000) ** 2); // denser near 0
    for (let j = 0; j <= 2018; j++) for (const e of [-1e-12, 0, 1e-12]) check(Math.min(0, -j * 0.34657359027997264 + e)); // down to -699.4
    expect(worst).toBeLessThanOrEqual(2);
    expect(k.expNeg(0)).toBe(1);
    expect(k.expNeg(-1e-300)).toBe(1);
    expect(k.expNeg(-1000)).toBeGreaterThanOrEqual(0); // clamped at -700: ~1e-304, far below anything added to 1
    expect(k.expNeg(-1000)).toBeLessThan(1e-300);
  });
});

describe('ColumnPass, multinomial', () => {
  // 700 rows x 300 features cross several staged chunks (218 rows each), 500 x 150 two (436 rows each,
  // with the Hessian); K = 7 and scale 20 put some softmax terms far in the tails.
  it.each([
    [500, 7, 3, 1, false],
    [333, 4, 7, 20, true],
    [700, 300, 3, 0.05, false],
    [500, 150, 3, 0.1, true],
    [1, 2, 3, 1, false],
  ])('%i rows x %i features, K = %i, scale %d (Float32 columns: %s): unit and weighted rows agree with the JS kernel', (n, d, K, scale, f32) => {
    const r = lcg(n * 7 + d * 13 + K);
    const cols64 = Array.from({ length: d }, () => Float64Array.from({ length: n + 2 }, () => scale * r()));
    const cols = f32 ? cols64.map((c) => Float32Array.from(c)) : cols64;
    const y = Int32Array.from({ length: n + 2 }, () => Math.min(K - 1, Math.floor(((r() + 1) / 2) * K)));
    const sw = Float64Array.from({ length: n + 2 }, () => 1 + r());
    const w = Float64Array.from({ length: K * (d + 1) }, (_, j) => 0.3 * Math.sin(j + 1));
    const P = K * (d + 1);
    const pass = new ColumnPass(d, K, P <= 500);
    for (const weights of [null, sw]) {
      const gRef = new Float64Array(P).fill(0.5);
      const ref = multinomialLossGrad(w, K, d, cols, y, weights, n, gRef, new MultiScratch(K), null, 2);
      const g = new Float64Array(P).fill(0.5);
      const loss = pass.run(w, cols, y, weights, 2, n, g);
      expect(Math.abs(loss - ref)).toBeLessThanOrEqual(1e-13 * Math.abs(ref));
      for (let q = 0; q < g.length; q++) expect(Math.abs(g[q]! - gRef[q]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(gRef[q]!)));
      if (P > 500) continue;
      // The Hessian blocks (k, q >= k), as the JS kernel accumulates them.
      const hRef = new Float64Array(P * P).fill(0.25);
      multinomialLossGrad(w, K, d, cols, y, weights, n, new Float64Array(P), new MultiScratch(K), hRef, 2);
      const h = new Float64Array(P * P).fill(0.25);
      expect(pass.run(w, cols, y, weights, 2, n, null, h)).toBe(loss);
      for (let q = 0; q < h.length; q++) expect(Math.abs(h[q]! - hRef[q]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(hRef[q]!)));
    }
    if (P > 500) expect(() => pass.run(w, cols, y, null, 0, n, null, new Float64Array(1))).toThrowError(/made without `hessian`/);
  });
});

describe('firstNonFinite', () => {
  it('finds the first NaN / Infinity / -Infinity anywhere (SIMD pairs, odd tails, 64-value blocks, 65536-value chunks), Float64 and Float32', () => {
    for (const n of [1, 2, 63, 64, 65, 1000, 65536, 65537, 200_001]) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e300);
      expect(firstNonFinite(x)).toBe(-1);
      expect(firstNonFinite(Float32Array.from(x, (v) => v / 1e300))).toBe(-1);
      for (const at of new Set([0, n - 1, n >> 1, Math.min(n - 1, 65536), Math.min(n - 1, 127)])) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const y = x.slice();
          y[at] = bad;
          if (at + 1 < n) y[n - 1] = NaN; // a later one must not win
          expect(firstNonFinite(y)).toBe(at);
          expect(firstNonFinite(Float32Array.from(y, (v) => v / 1e300))).toBe(at);
        }
      }
    }
  });

  it('1.7976931348623157e308 and -0 are finite', () => {
    expect(firstNonFinite(new Float64Array([Number.MAX_VALUE, -Number.MAX_VALUE, -0, 5e-324]))).toBe(-1);
  });
});
