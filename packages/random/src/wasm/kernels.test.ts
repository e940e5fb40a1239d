import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernelsWat, renderKernelsModule } from '../../scripts/compile-wat.js';
import { glibcLogExact } from '../glibc-log.js';
import { bitsHex, fixtureArguments, fixtureSha256, formerMismatchPairs, sha256 } from '../test-support/glibc-log-reference.js';
import { MT19937, stateSlotOf } from '../mt19937.js';
import { ReferenceGenerator } from '../test-support/reference-generator.js';

describe('kernels.wat', () => {
  it('kernels-wasm.ts is the compiled kernels.wat (run `npm run build:wasm -w @sigmoid/random` after editing it)', async () => {
    const wat = readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
    const generated = readFileSync(new URL('./kernels-wasm.ts', import.meta.url), 'utf8');
    expect(generated).toBe(renderKernelsModule(await compileKernelsWat(wat)));
  });
});

describe.each(['log', 'logExact'] as const)('%s (the WebAssembly glibc logarithm)', (name) => {
  const log = stateSlotOf(new MT19937()).kernels[name];
  const inDomain = (x: number) => x >= 2 ** -1022 && x < Infinity;

  it.each(['polar', 'unit'] as const)("equals glibc bit for bit on the fixture's %s arguments", (kind) => {
    const xs = fixtureArguments().get(kind)!;
    expect(xs.every(inDomain)).toBe(true);
    expect(sha256(xs.map(log))).toBe(fixtureSha256(kind));
  });

  it('equals glibcLogExact (itself checked against glibc) on every fixture argument in its domain [2^-1022, 2^1024)', () => {
    let n = 0;
    const bad: string[][] = [];
    for (const xs of fixtureArguments().values()) {
      for (const x of xs.filter(inDomain)) {
        n++;
        if (!Object.is(log(x), glibcLogExact(x)) && bad.length < 5) bad.push([bitsHex(x), bitsHex(log(x)), bitsHex(glibcLogExact(x))]);
      }
    }
    expect(n).toBeGreaterThan(150_000);
    expect(bad).toEqual([]);
  });

  it('equals glibc on every argument behind a former mismatch of the normals', () => {
    const bad = formerMismatchPairs().filter(([x, y]) => !Object.is(log(x), y)).map(([x, y]) => [bitsHex(x), bitsHex(log(x)), bitsHex(y)]);
    expect(bad.slice(0, 5)).toEqual([]);
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
