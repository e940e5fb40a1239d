/**
 * Throughput of @sigmoid/random next to numpy's legacy RandomState on the same draws (a script, not a test).
 *
 *   npx tsx --conditions=@sigmoid/source packages/random/bench/random.ts [--n 1e7]
 */
import { spawnSync } from 'node:child_process';
import { RandomState } from '@sigmoid/random';

const i = process.argv.indexOf('--n');
const n = i >= 0 ? Math.round(Number(process.argv[i + 1])) : 1e7;
if (!Number.isFinite(n) || n < 1) throw new Error(`Expected a positive number after --n but received ${process.argv[i + 1]}`);
const fmt = (x: number) => `${(x / 1e6).toFixed(1)} M/s`;

const out = new Float64Array(n);
const rng = new RandomState(0);
rng.randomSampleInto(out.subarray(0, 1e5)); // warm-up
const time = (f: () => void) => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};
const results: [string, number][] = [
  ['random_sample', time(() => rng.randomSampleInto(out))],
  ['standard_normal', time(() => rng.standardNormalInto(out))],
  ['randint(0, 1000)', time(() => rng.randintArray(n, 0, 1000))],
  ['permutation', time(() => rng.permutation(n))],
];

const py = spawnSync('python3', ['-c', `
import time, numpy as np
r = np.random.RandomState(0); n = ${n}
for name, f in [('random_sample', lambda: r.random_sample(n)), ('standard_normal', lambda: r.standard_normal(n)), ('randint(0, 1000)', lambda: r.randint(0, 1000, n)), ('permutation', lambda: r.permutation(n))]:
    t = time.perf_counter(); f(); print(name, time.perf_counter() - t)
`], { encoding: 'utf8' });
const numpy = new Map<string, number>();
if (py.status === 0) for (const line of py.stdout.trim().split('\n')) numpy.set(line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1)));
else console.log('numpy: skipped (python3 -c "import numpy" failed)');

console.log(`@sigmoid/random vs numpy ${py.status === 0 ? '' : '(numpy unavailable) '}legacy RandomState, n = ${n.toLocaleString('en-US')}`);
for (const [name, s] of results) {
  const np = numpy.get(name);
  console.log(`${name.padEnd(18)} ${fmt(n / s).padStart(10)}   numpy ${np === undefined ? '-' : fmt(n / np)}`);
}
