/**
 * Trainer benchmark: 1e6 x 20 Float64 rows from makeClassification, in memory and from an Arrow file,
 * with scikit-learn's figures on the same data in the same run (when python3 + sklearn are available).
 *
 *   npx tsx --conditions=@sigmoid/source packages/trainer/bench/train.ts [--rows 1000000] [--big-rows 10000000] [--no-big] [--no-sklearn] [--only-big]
 *
 * Prints: one loss+gradient pass (rows/s, wall and CPU) next to the measured memory-read bound; the
 * exact solvers' time to an objective within 1e-8 (relative) of the optimum against LogisticRegression();
 * sgd rows/s per epoch against SGDClassifier(loss='log_loss'); the peak RSS of a streaming fit over a
 * large Float32 Arrow file (--big-rows; 1e8 rows is an 8 GB file).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Float32, Field, Int32, RecordBatch, Schema, Struct, makeData, type Table } from 'apache-arrow';
import { recordBatches } from '@sigmoid/arrow-store';
import { makeClassification, readDataset, streamClassification, writeDataset } from '@sigmoid/datagen';
import { LogisticRegression, type LogisticRegressionParams } from '@sigmoid/trainer';
import { Problem, scan } from '../src/problem.js';
import { resolveParams } from '../src/params.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const rows = flag('--rows', 1_000_000);
const bigRows = flag('--big-rows', 10_000_000);
const runBig = !process.argv.includes('--no-big');
const runSklearn = !process.argv.includes('--no-sklearn');
const onlyBig = process.argv.includes('--only-big');
const d = 20;
const dir = mkdtempSync(join(tmpdir(), 'sigmoid-trainer-bench-'));
const fmt = (v: number, digits = 2) => (Math.abs(v) >= 1e5 ? v.toExponential(digits) : v.toFixed(digits));

/** The fastest of `runs` runs (wall and CPU each at their minimum): the steady state, after V8 has tiered up its code. */
async function bestOf<T>(runs: number, f: () => Promise<T>): Promise<{ wall: number; cpu: number }> {
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = await timed(f);
    wall = Math.min(wall, t.wall);
    cpu = Math.min(cpu, t.cpu);
  }
  return { wall, cpu };
}

function timed<T>(f: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return f().then((value) => ({ value, wall: (performance.now() - t0) / 1000, cpu: (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e6 }));
}

/**
 * Read bandwidth of a streaming sum over 800 MB (8 independent accumulators), GB/s. In a child
 * process, so its 800 MB buffer does not weigh on this process's heap and GC during the fits.
 */
function memoryReadBandwidth(): number {
  const code = `
    const a = new Float64Array(100_000_000).fill(1);
    let best = 0;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let i = 0; i < a.length; i += 8) {
        s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]; s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7];
      }
      const gbs = (a.length * 8) / ((performance.now() - t0) / 1000) / 1e9;
      if (s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 === a.length) best = Math.max(best, gbs);
    }
    console.log(best);`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

const SKLEARN = String.raw`
import json, sys, time
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.exceptions import ConvergenceWarning
import warnings; warnings.simplefilter('ignore', ConvergenceWarning)
n, d, optimum = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
X, y = make_classification(n_samples=n, n_features=d, random_state=0)
def objective(m):
    z = X @ m.coef_[0] + m.intercept_[0]
    return float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * m.coef_[0] @ m.coef_[0])
out = {}
a = np.ones(100_000_000)
best = 0
for _ in range(3):
    t = time.perf_counter(); a.sum(); best = max(best, a.nbytes / (time.perf_counter() - t) / 1e9)
out['numpy_read_gbs'] = best
del a
w = np.ones(d)
t = time.perf_counter()
for _ in range(3): z = X @ w; g = X.T @ z
out['numpy_pass_s'] = (time.perf_counter() - t) / 3
t = time.perf_counter(); c = time.process_time(); m = LogisticRegression().fit(X, y); out['lr_default_s'] = time.perf_counter() - t; out['lr_default_cpu'] = time.process_time() - c
out['lr_default_gap'] = (objective(m) - optimum) / optimum; out['lr_default_iter'] = int(m.n_iter_[0])
for tol in [1e-4, 1e-6, 1e-8, 1e-10]:
    t = time.perf_counter(); c = time.process_time(); m = LogisticRegression(tol=tol, max_iter=10000).fit(X, y); s = time.perf_counter() - t; cs = time.process_time() - c
    gap = (objective(m) - optimum) / optimum
    if gap <= 1e-8:
        out['lr_to_1e8_s'] = s; out['lr_to_1e8_cpu'] = cs; out['lr_to_1e8_tol'] = tol; out['lr_to_1e8_gap'] = gap; break
best, best_cpu = float('inf'), float('inf')
for _ in range(3):  # best of 3, as for Sigmoid
    t = time.perf_counter(); c = time.process_time(); SGDClassifier(loss='log_loss', max_iter=3, tol=None, random_state=0).fit(X, y)
    best = min(best, time.perf_counter() - t); best_cpu = min(best_cpu, time.process_time() - c)
out['sgd_rows_per_s'] = 3 * n / best; out['sgd_rows_per_cpu_s'] = 3 * n / best_cpu
print(json.dumps(out))
`;

function sklearnFigures(optimum: number): Record<string, number> | null {
  if (!runSklearn) return null;
  const probe = spawnSync('python3', ['-c', 'import sklearn'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log('note: scikit-learn is not importable (python3 -c "import sklearn" failed); skipping its figures');
    return null;
  }
  const r = spawnSync('python3', ['-c', SKLEARN, String(rows), String(d), String(optimum)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    console.log(`note: the scikit-learn run failed: ${r.stderr.slice(-500)}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

/** Time until the reported objective is within 1e-8 (relative) of `optimum`. */
async function timeToOptimum(params: Partial<LogisticRegressionParams>, source: Table | (() => AsyncIterable<RecordBatch>), optimum: number): Promise<{ seconds: number; cpu: number; iterations: number; passes: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let hit: { seconds: number; cpu: number; iterations: number; passes: number } | null = null;
  const model = new LogisticRegression(params);
  await model.fit(source, undefined, {
    onProgress: (p) => {
      if (hit === null && (p.loss - optimum) / optimum <= 1e-8) {
        const st = p.checkpoint.solver.state as { evaluations?: number };
        const c = process.cpuUsage(c0);
        hit = { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, iterations: p.iteration, passes: 1 + (st.evaluations ?? 0) };
      }
    },
    shouldStop: () => hit !== null,
  });
  return hit ?? { seconds: NaN, cpu: NaN, iterations: model.nIter_, passes: NaN };
}

async function main(): Promise<void> {
  if (onlyBig) {
    await streamingFit();
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  console.log(`# @sigmoid/trainer benchmark: ${rows} x ${d} Float64 (makeClassification, random_state=0)`);
  const gen = await timed(async () => makeClassification({ nSamples: rows, nFeatures: d, randomState: 0 }));
  const table = gen.value;
  console.log(`generated in ${fmt(gen.wall)} s`);
  const file = join(dir, 'data.arrow');
  await writeDataset(file, table.batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 65536) }, (_, i) => b.slice(i * 65536, Math.min(b.numRows, (i + 1) * 65536)))));
  const fromFile = () => readDataset(file);

  // The optimum, to machine precision (L-BFGS runs until the objective stops moving in the last bits).
  const ref = await new LogisticRegression({ solver: 'lbfgs', tol: 1e-12, maxIter: 500 }).fit(table);
  const optimum = ref.history_.loss.at(-1)!;
  console.log(`optimum objective (C * sum logloss + 0.5 ||w||^2): ${optimum}`);

  // One loss+gradient pass.
  const spec = { features: Array.from({ length: d }, (_, j) => `x${j}`), label: 'y' };
  const params = resolveParams({});
  const info = await scan(recordBatches(table), spec, params, undefined);
  const theta = Float64Array.from({ length: d + 1 }, (_, j) => 0.01 * (j - 10));
  const g = new Float64Array(d + 1);
  const mem = new Problem(info, params, () => recordBatches(table));
  const disk = new Problem(info, params, fromFile);
  await mem.evaluate(theta, g);
  let bestMem = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < 5; r++) {
    const t = await timed(() => mem.evaluate(theta, g));
    if (t.wall < bestMem.wall) bestMem = t;
  }
  const diskPass = await timed(() => disk.evaluate(theta, g));
  const bw = memoryReadBandwidth();
  const bytesPerRow = 8 * d + 4;
  console.log('\n## one loss+gradient pass (binary, 20 features, 164 bytes/row)');
  console.log(`in memory:   ${fmt(rows / bestMem.wall / 1e6)} M rows/s wall (${fmt(bestMem.wall * 1000, 0)} ms), ${fmt(rows / bestMem.cpu / 1e6)} M rows/s per CPU-second`);
  console.log(`Arrow file:  ${fmt(rows / diskPass.wall / 1e6)} M rows/s wall (read + decode + pass)`);
  console.log(`memory-read bound: ${fmt(bw)} GB/s measured in JS (8-accumulator sum) -> ${fmt((bw * 1e9) / bytesPerRow / 1e6)} M rows/s`);

  console.log('\n## exact solvers: time to an objective within 1e-8 of the optimum');
  for (const solver of ['newton', 'lbfgs'] as const) {
    const m = await timeToOptimum({ solver, tol: 1e-10, maxIter: 500 }, table, optimum);
    const f = await timeToOptimum({ solver, tol: 1e-10, maxIter: 500 }, fromFile, optimum);
    console.log(`${solver.padEnd(7)} in memory ${fmt(m.seconds)} s wall, ${fmt(m.cpu)} CPU-s (${m.iterations} iterations, ${m.passes} passes); from the Arrow file ${fmt(f.seconds)} s wall, ${fmt(f.cpu)} CPU-s`);
  }

  console.log('\n## sgd (batch_size 32, shuffle window 16384 rows): rows/s per epoch (3 epochs, scan pass included; best of 3 fits, both sides)');
  const sgd = await bestOf(3, () => new LogisticRegression({ solver: 'sgd', epochs: 3, tol: 0 }).fit(table));
  const sgdFile = await bestOf(3, () => new LogisticRegression({ solver: 'sgd', epochs: 3, tol: 0 }).fit(fromFile));
  // The fit includes its scan pass; rows/s = 3 epochs x rows / fit time.
  const sgdRate = (3 * rows) / sgd.wall;
  const sgdCpuRate = (3 * rows) / sgd.cpu;
  console.log(`in memory ${fmt(sgdRate / 1e6)} M rows/s wall, ${fmt(sgdCpuRate / 1e6)} M rows per CPU-second; from the Arrow file ${fmt((3 * rows) / sgdFile.wall / 1e6)} M rows/s wall, ${fmt((3 * rows) / sgdFile.cpu / 1e6)} M rows per CPU-second`);
  const large = await bestOf(3, () => new LogisticRegression({ solver: 'sgd', epochs: 3, tol: 0, batchSize: 1024 }).fit(table));
  console.log(`batch_size 1024: ${fmt((3 * rows) / large.wall / 1e6)} M rows/s wall, ${fmt((3 * rows) / large.cpu / 1e6)} M rows per CPU-second`);
  const ordered = await bestOf(3, () => new LogisticRegression({ solver: 'sgd', epochs: 3, tol: 0, shuffle: false }).fit(table));
  const orderedCpuRate = (3 * rows) / ordered.cpu;
  console.log(`shuffle: false (stream order): ${fmt((3 * rows) / ordered.wall / 1e6)} M rows/s wall, ${fmt(orderedCpuRate / 1e6)} M rows per CPU-second`);

  const sk = sklearnFigures(optimum);
  if (sk !== null) {
    console.log('\n## scikit-learn 1.2 on the same data (same run)');
    console.log(`numpy read bandwidth ${fmt(sk.numpy_read_gbs!)} GB/s; X @ w + X.T @ z: ${fmt(sk.numpy_pass_s! * 1000, 0)} ms (${fmt(rows / sk.numpy_pass_s! / 1e6)} M rows/s)`);
    console.log(`LogisticRegression(): ${fmt(sk.lr_default_s!)} s wall, ${fmt(sk.lr_default_cpu!)} CPU-s, ${sk.lr_default_iter} iterations, objective gap ${sk.lr_default_gap!.toExponential(1)}`);
    if (sk.lr_to_1e8_s !== undefined) console.log(`LogisticRegression(tol=${sk.lr_to_1e8_tol}) within 1e-8: ${fmt(sk.lr_to_1e8_s)} s wall, ${fmt(sk.lr_to_1e8_cpu!)} CPU-s`);
    console.log(`SGDClassifier(loss='log_loss'): ${fmt(sk.sgd_rows_per_s! / 1e6)} M rows/s wall, ${fmt(sk.sgd_rows_per_cpu_s! / 1e6)} M rows per CPU-second -> Sigmoid sgd is ${fmt(sgdRate / sk.sgd_rows_per_s!, 1)}x (wall), ${fmt(sgdCpuRate / sk.sgd_rows_per_cpu_s!, 1)}x (CPU); with shuffle: false ${fmt(orderedCpuRate / sk.sgd_rows_per_cpu_s!, 1)}x (CPU)`);
  }

  if (runBig) await streamingFit();
  rmSync(dir, { recursive: true, force: true });
}

/** Peak RSS of a streaming sgd epoch over a large Float32 Arrow file, in a child process. */
async function streamingFit(): Promise<void> {
  console.log(`\n## streaming fit over a ${bigRows}-row Float32 Arrow file (sgd, 1 epoch)`);
  const big = join(dir, 'big.arrow');
  const fields = Array.from({ length: d }, (_, j) => new Field(`x${j}`, new Float32(), false));
  const schema = new Schema([...fields, ...[new Field('y', new Int32(), false)]]);
  async function* float32Batches(): AsyncGenerator<RecordBatch> {
    for (const b of streamClassification({ nSamples: bigRows, nFeatures: d, randomState: 1, batchSize: 65536 })) {
      const children = fields.map((f) => makeData({ type: new Float32(), length: b.numRows, nullCount: 0, data: Float32Array.from(b.getChild(f.name)!.toArray() as Float64Array) }));
      children.push(b.getChild('y')!.data[0]! as never);
      yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: b.numRows, nullCount: 0, children }));
    }
  }
  const w = await timed(async () => writeDataset(big, float32Batches()));
  console.log(`wrote ${w.value.numRows} rows (${fmt((w.value.numRows * (4 * d + 4)) / 1e9)} GB of columns) in ${fmt(w.wall)} s`);
  const child = spawnSync('npx', ['tsx', '--conditions=@sigmoid/source', fileURLToPath(new URL('./streaming-fit.ts', import.meta.url)), big, '{"solver":"sgd","epochs":1}'], { encoding: 'utf8' });
  if (child.status !== 0) console.log(`streaming fit failed: ${child.stderr.slice(-800)}`);
  else {
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seconds: number; maxRssMB: number };
    console.log(`streaming sgd epoch: ${fmt(r.seconds)} s (${fmt(bigRows / r.seconds / 1e6)} M rows/s), peak RSS ${fmt(r.maxRssMB, 0)} MB`);
  }
}

await main();
