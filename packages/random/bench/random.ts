/**
 * Throughput of @sigmoid/random next to numpy's legacy RandomState on the same draws (a script, not a test).
 * Each figure is the best of `--runs` timings (the machine is shared; the best is the least disturbed).
 *
 *   npx tsx --conditions=@sigmoid/source packages/random/bench/random.ts [--n 1e7] [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { RandomState } from '@sigmoid/random';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Math.round(Number(process.argv[i + 1]));
  if (!Number.isFinite(v) || v < 1) throw new Error(`Expected a positive number after ${name} but received ${process.argv[i + 1]}`);
  return v;
}
const n = option('--n', 1e7);
const runs = option('--runs', 3);
const fmt = (x: number) => `${(x / 1e6).toFixed(1)} M/s`;

const out = new Float64Array(n);
const rng = new RandomState(0);
rng.randomSampleInto(out); // warm-up, and the output's pages are mapped before timing
const best = (f: () => void) => {
  let s = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    f();
    s = Math.min(s, (performance.now() - t) / 1000);
  }
  return s;
};
const results: [string, number][] = [
  ['random_sample', best(() => rng.randomSampleInto(out))],
  ['standard_normal', best(() => rng.standardNormalInto(out))],
  ['randint(0, 1000)', best(() => rng.randintArray(n, 0, 1000))],
  ['permutation', best(() => rng.permutation(n))],
  ['skipStandardNormals', best(() => rng.skipStandardNormals(n))],
];

const py = spawnSync('python3', ['-c', `
import time, numpy as np
r = np.random.RandomState(0); n = ${n}
for name, f in [('random_sample', lambda: r.random_sample(n)), ('standard_normal', lambda: r.standard_normal(n)), ('randint(0, 1000)', lambda: r.randint(0, 1000, n)), ('permutation', lambda: r.permutation(n))]:
    best = float('inf')
    for _ in range(${runs}):
        t = time.perf_counter(); f(); best = min(best, time.perf_counter() - t)
    print(name, best)
`], { encoding: 'utf8' });
const numpy = new Map<string, number>();
if (py.status === 0) for (const line of py.stdout.trim().split('\n')) numpy.set(line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1)));
else console.log('numpy: skipped (python3 -c "import numpy" failed)');

console.log(`@sigmoid/random vs numpy ${py.status === 0 ? '' : '(numpy unavailable) '}legacy RandomState, n = ${n.toLocaleString('en-US')}, best of ${runs}`);
for (const [name, s] of results) {
  const np = numpy.get(name);
  console.log(`${name.padEnd(20)} ${fmt(n / s).padStart(10)}   numpy ${np === undefined ? '-' : fmt(n / np)}`);
}

// Construction: datagen makes dozens of generators per dataset, the tests thousands.
const state = new RandomState(0).getState();
let last: RandomState | null = null;
const construct = best(() => {
  for (let i = 0; i < 10_000; i++) last = new RandomState(i);
});
const restore = best(() => {
  for (let i = 0; i < 10_000; i++) last = RandomState.fromState(state);
});
console.log(`new RandomState(i) ${((construct / 10_000) * 1e6).toFixed(2)} us, RandomState.fromState ${((restore / 10_000) * 1e6).toFixed(2)} us (each, 10 000 in a row)${last === null ? '?' : ''}`);
