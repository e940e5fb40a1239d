/**
 * Benchmarks of @sigmoid/render. Run from the repository root:
 *   npx tsx --conditions=@sigmoid/source packages/render/bench/render.ts
 * Prints: the seed-demo decision boundary (first call, which parses the fonts, and the median of
 * warm calls), a decision boundary over 1e6 rows (scatter sampled to 2000 markers), a ROC curve of
 * 1e6 points, and matplotlib's time for the seed-demo figure in the same run when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tableFromArrays } from 'apache-arrow';
import { renderDecisionBoundary, renderRocCurve } from '@sigmoid/render';
import { seedDemo } from '../src/__fixtures__/models.js';

async function time(fn: () => Promise<unknown>, runs: number): Promise<{ median: number; min: number }> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)] as number, min: t[0] as number };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const { table, model } = seedDemo();

const cold = await time(() => renderDecisionBoundary(model, table), 1);
console.log(`seed-demo boundary, 700x600, first call (parses fonts): ${ms(cold.median)}`);
await time(() => renderDecisionBoundary(model, table), 5);
const warm = await time(() => renderDecisionBoundary(model, table), 15);
console.log(`seed-demo boundary, 700x600, warm: median ${ms(warm.median)}, best ${ms(warm.min)}  (target < 150 ms)`);

const n = 1_000_000;
const x0 = new Float64Array(n);
const x1 = new Float64Array(n);
const y = new Int32Array(n);
let s = 12345;
const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
for (let i = 0; i < n; i++) {
  y[i] = i & 1;
  const r = Math.sqrt(-2 * Math.log(rnd() + 1e-12));
  const a = 2 * Math.PI * rnd();
  x0[i] = 1 + r * Math.cos(a);
  x1[i] = (y[i] ? 1 : -1.2) + 0.6 * r * Math.sin(a);
}
const big = tableFromArrays({ x0, x1, y });
await renderDecisionBoundary(model, big);
const bigT = await time(() => renderDecisionBoundary(model, big), 5);
console.log(`boundary + scatter of 1e6 rows (2000 sampled markers): median ${ms(bigT.median)}, best ${ms(bigT.min)}  (target < 1 s)`);

const fpr = new Float64Array(n);
const tpr = new Float64Array(n);
for (let i = 0; i < n; i++) {
  fpr[i] = i / (n - 1);
  tpr[i] = Math.sqrt(fpr[i] as number);
}
const rocT = await time(() => renderRocCurve({ fpr, tpr }), 5);
console.log(`ROC curve of 1e6 points: median ${ms(rocT.median)}`);

const script = fileURLToPath(new URL('../../../tools/fixtures/reference/seed-demo-boundary.py', import.meta.url));
const py = `
import time, os, tempfile, runpy
try:
    import matplotlib
except ImportError:
    print('SKIP'); raise SystemExit
os.chdir(tempfile.mkdtemp())
runpy.run_path(${JSON.stringify(script)})
t = []
for _ in range(5):
    t0 = time.perf_counter(); runpy.run_path(${JSON.stringify(script)}); t.append(time.perf_counter() - t0)
t.sort(); print('%.1f' % (t[2] * 1000))
`;
const res = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
const out = res.stdout.trim();
if (res.status !== 0 || out === '' ) console.log(`matplotlib peer: skipped (${(res.stderr || 'python3 failed').trim().split('\n').pop()})`);
else if (out === 'SKIP') console.log('matplotlib peer: skipped (matplotlib is not importable)');
else console.log(`matplotlib peer, seed-demo-boundary.py (fit + contourf + scatter + savefig), median: ${out} ms`);
