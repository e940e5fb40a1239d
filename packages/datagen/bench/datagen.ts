/**
 * Benchmark of @sigmoid/datagen (a script, not a test).
 *
 *   npx tsx --conditions=@sigmoid/source packages/datagen/bench/datagen.ts [--rows 1e8] [--rows-mem 1e6] [--features 20]
 *
 * 1. makeClassification rows/s (in memory) and scikit-learn's make_classification rows/s, same parameters.
 * 2. streamClassification rows/s (batches generated and dropped).
 * 3. Peak RSS of streaming --rows rows to an Arrow IPC file in os.tmpdir() (a child process reads its own
 *    maxRSS with process.resourceUsage(); the file is deleted afterwards).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClassification, streamClassification, writeDataset } from '@sigmoid/datagen';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 1) throw new Error(`Expected a positive number after ${name} but received ${process.argv[i + 1]}`);
  return Math.round(v);
}

const d = flag('--features', 20);
const batchSize = flag('--batch-size', 65536);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

async function child(): Promise<void> {
  const rows = flag('--rows', 1e8);
  const path = join(tmpdir(), `sigmoid-bench-${process.pid}.arrow`);
  const t0 = performance.now();
  try {
    await writeDataset(path, streamClassification({ nSamples: rows, nFeatures: d, randomState: 0, batchSize }));
    const seconds = (performance.now() - t0) / 1000;
    const bytes = statSync(path).size;
    process.stdout.write(JSON.stringify({ rows, seconds, bytes, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
  } finally {
    rmSync(path, { force: true });
  }
}

async function parent(): Promise<void> {
  const nMem = flag('--rows-mem', 1e6);
  const rows = flag('--rows', 1e8);
  console.log(`datagen benchmark: n_features=${d} (n_informative=2, n_redundant=2, defaults otherwise), batchSize=${batchSize}`);

  makeClassification({ nSamples: 10000, nFeatures: d, randomState: 1 }); // warm-up
  let t0 = performance.now();
  const table = makeClassification({ nSamples: nMem, nFeatures: d, randomState: 0 });
  let s = (performance.now() - t0) / 1000;
  console.log(`makeClassification   ${fmt(nMem)} rows in ${s.toFixed(2)} s: ${fmt(nMem / s)} rows/s (${table.numCols} columns)`);

  const py = spawnSync('python3', ['-c', `
import time
from sklearn.datasets import make_classification
make_classification(n_samples=10000, n_features=${d}, random_state=1)
t = time.perf_counter(); make_classification(n_samples=${nMem}, n_features=${d}, random_state=0); s = time.perf_counter() - t
print(s)`], { encoding: 'utf8' });
  if (py.status === 0) {
    const ps = Number(py.stdout.trim());
    console.log(`sklearn make_classification ${fmt(nMem)} rows in ${ps.toFixed(2)} s: ${fmt(nMem / ps)} rows/s (scikit-learn 1.2.1, numpy legacy RandomState)`);
  } else {
    console.log(`sklearn make_classification: skipped (python3 -c "import sklearn" failed: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()})`);
  }

  t0 = performance.now();
  let n = 0;
  for (const b of streamClassification({ nSamples: nMem, nFeatures: d, randomState: 0, batchSize })) n += b.numRows;
  s = (performance.now() - t0) / 1000;
  console.log(`streamClassification ${fmt(n)} rows in ${s.toFixed(2)} s: ${fmt(n / s)} rows/s (generation only, includes the planning pass)`);

  console.log(`streaming ${fmt(rows)} rows to an Arrow IPC file in ${tmpdir()} (child process) ...`);
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, [...process.execArgv, self, '--child', '--rows', String(rows), '--features', String(d), '--batch-size', String(batchSize)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`streaming child failed with status ${res.status}`);
  const r = JSON.parse(res.stdout.trim().split('\n').pop()!);
  const mb = r.maxRssKiB / 1024;
  console.log(`streamClassification -> .arrow: ${fmt(r.rows)} rows, ${(r.bytes / 1e9).toFixed(2)} GB in ${r.seconds.toFixed(1)} s (${fmt(r.rows / r.seconds)} rows/s), peak RSS ${mb.toFixed(0)} MB ${mb < 300 ? '(under the 300 MB target)' : '(OVER the 300 MB target)'}`);
}

if (process.argv.includes('--child')) await child();
else await parent();
