import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernelsWat, renderKernelsModule } from '../../scripts/compile-wat.js';
import { logCorrectlyRounded } from '../log.js';
import { MT19937, stateSlotOf } from '../mt19937.js';
import { ReferenceGenerator } from '../test-support/reference-generator.js';

describe('kernels.wat', () => {
  it('kernels-wasm.ts is the compiled kernels.wat (run `npm run build:wasm -w @sigmoid/random` after editing it)', async () => {
    const wat = readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
    const generated = readFileSync(new URL('./kernels-wasm.ts', import.meta.url), 'utf8');
    expect(generated).toBe(renderKernelsModule(await compileKernelsWat(wat)));
  });
});

describe('logUnit (the WebAssembly port of log.ts)', () => {
  const { logUnit } = stateSlotOf(new MT19937()).kernels;
  /** Arguments where logUnit and logCorrectlyRounded differ, at most 5 of them. */
  const mismatches = (xs: Iterable<number>) => {
    const bad: [number, number, number][] = [];
    for (const x of xs) {
      const got = logUnit(x);
      const want = logCorrectlyRounded(x);
      if (!Object.is(got, want) && bad.length < 5) bad.push([x, got, want]);
    }
    return bad;
  };

  it('equals logCorrectlyRounded bit for bit on 200 000 polar-method arguments', () => {
    const rng = new ReferenceGenerator(new MT19937Seeded(5).state());
    function* args() {
      for (let i = 0; i < 200_000; i++) {
        const x1 = 2 * rng.nextDouble() - 1;
        const x2 = 2 * rng.nextDouble() - 1;
        const r2 = x1 * x1 + x2 * x2;
        if (r2 < 1 && r2 !== 0) yield r2;
      }
    }
    expect(mismatches(args())).toEqual([]);
  });

  it('equals it at the edges: next to 1, at and around every table point, on both sides of the halving, tiny arguments', () => {
    const xs: number[] = [2 ** -1022, 2 ** -104, 2 ** -53, 0.5, 0.75, 1 - 2 ** -53, 1 - 2 ** -52, 0.9999999];
    for (let k = 1; k < 2000; k++) xs.push(1 - k * 2 ** -53, 1 - k * 2 ** -40);
    for (let j = 0; j <= 512; j++) {
      for (const e of [-1, -2, -30]) {
        const c = (1 + j / 512) * 2 ** e; // table point, its neighbours and the midpoints between points
        xs.push(c, c * (1 + 2 ** -52), c * (1 - 2 ** -53), (1 + (j + 0.5) / 512) * 2 ** e);
      }
    }
    const inDomain = xs.filter((x) => x >= 2 ** -1022 && x < 1);
    expect(inDomain.length).toBeGreaterThan(9000);
    expect(mismatches(inDomain)).toEqual([]);
  });
});

/** A seeded MT19937 with its state as RandomStateJSON (for the reference). */
class MT19937Seeded extends MT19937 {
  constructor(seed: number) {
    super();
    this.seed(seed);
  }
  state() {
    return { bitGenerator: 'MT19937' as const, key: Array.from(this.key), pos: this.pos, hasGauss: false, gauss: 0 };
  }
}

describe('twist', () => {
  it('regenerates the 624 words as the JavaScript twist does, block after block', () => {
    for (const seed of [0, 1, 5489, 2 ** 32 - 1]) {
      const mt = new MT19937Seeded(seed);
      const ref = new ReferenceGenerator(mt.state());
      for (let block = 0; block < 20; block++) {
        mt.generate();
        ref.generate();
        expect(mt.pos).toBe(0);
        expect(Array.from(mt.key)).toEqual(Array.from(ref.key));
      }
    }
  });
});
