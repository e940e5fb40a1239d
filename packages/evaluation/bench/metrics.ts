/**
 * Benchmark: rows/s of the full binary metric set (accuracy, log_loss, roc_auc, average_precision,
 * brier, precision, recall, f1, confusion_matrix) over 1e7 rows fed in record-batch-sized chunks,
 * scikit-learn's time for the same metrics on the same data (written to temp files that numpy
 * reads with fromfile), and the bounded-memory ROC AUC's error and memory.
 *
 *   npx tsx --conditions=@sigmoid/source packages/evaluation/bench/metrics.ts [rows]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassifierEvaluator, type BinaryMetrics } from '@sigmoid/evaluation';
import { mulberry32 } from '../src/test-support/mulberry32.js';

const n = Number(process.argv[2] ?? 1e7);
const batchRows = 65536;


// A logistic model's output: z ~ N(0, 1.5^2), y ~ Bernoulli(sigmoid(z)), p = sigmoid(0.9 z) rounded to
// 1e-6 (float32-like resolution, so that ties occur as they do in real score columns).
const rand = mulberry32(20261128);
const y = new Int32Array(n);
const proba = new Float64Array(2 * n);
for (let i = 0; i < n; i++) {
  const u1 = rand() || 1e-12;
  const u2 = rand();
  const z = 1.5 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  y[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  const p = Math.round(1e6 / (1 + Math.exp(-0.9 * z))) / 1e6;
  proba[2 * i] = 1 - p;
  proba[2 * i + 1] = p;
}

function run(ranking: 'exact' | 'histogram') {
  const ev = new ClassifierEvaluator({ classes: [0, 1], ranking });
  const t0 = performance.now();
  for (let start = 0; start < n; start += batchRows) {
    const end = Math.min(n, start + batchRows);
    ev.update(y.subarray(start, end), proba.subarray(2 * start, 2 * end));
  }
  const t1 = performance.now();
  const metrics = ev.metrics() as BinaryMetrics;
  const t2 = performance.now();
  return { ev, metrics, updateMs: t1 - t0, finishMs: t2 - t1 };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
console.log(`rows: ${n.toExponential(0)}  (batches of ${batchRows})`);

const exact = run('exact');
const totalS = (exact.updateMs + exact.finishMs) / 1000;
console.log(`\n[exact] full binary metric set: ${(n / totalS / 1e6).toFixed(2)} M rows/s  (${totalS.toFixed(2)} s: update ${(exact.updateMs / 1000).toFixed(2)} s, sort + curves ${(exact.finishMs / 1000).toFixed(2)} s)`);
console.log(`[exact] ranking store: ${mib(exact.ev.ranking!.byteLength)}`);
console.log('[exact] metrics:', JSON.stringify(exact.metrics));

const hist = run('histogram');
const hs = (hist.updateMs + hist.finishMs) / 1000;
const bound = hist.ev.rocAucErrorBound();
console.log(`\n[histogram 2^16 bins] full binary metric set: ${(n / hs / 1e6).toFixed(2)} M rows/s  (${hs.toFixed(2)} s)`);
console.log(`[histogram] ROC AUC ${hist.metrics.roc_auc}  |error| ${Math.abs(hist.metrics.roc_auc - exact.metrics.roc_auc).toExponential(2)}  bound ${bound.toExponential(2)}  memory ${mib(2 * 65536 * 8)} (constant)`);
console.log(`[histogram] average precision |error| ${Math.abs(hist.metrics.average_precision - exact.metrics.average_precision).toExponential(2)}`);

// scikit-learn on the same data
const probe = spawnSync('python3', ['-c', 'import sklearn, numpy; print(sklearn.__version__, numpy.__version__)'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.log('\n[sklearn] not importable here (python3 -c "import sklearn" failed): peer figure skipped');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'sigmoid-eval-bench-'));
  try {
    const p1 = Float64Array.from({ length: n }, (_, i) => proba[2 * i + 1]!);
    writeFileSync(join(dir, 'y.bin'), new Uint8Array(y.buffer));
    writeFileSync(join(dir, 'p.bin'), new Uint8Array(p1.buffer));
    const script = `
import json, sys, time, numpy as np
from sklearn import metrics as M
d = sys.argv[1]
y = np.fromfile(d + '/y.bin', dtype='<i4'); p1 = np.fromfile(d + '/p.bin', dtype='<f8')
P = np.column_stack([1 - p1, p1]); pred = (p1 > 1 - p1).astype(np.int32)
t = time.perf_counter()
r = dict(accuracy=M.accuracy_score(y, pred), log_loss=M.log_loss(y, P), roc_auc=M.roc_auc_score(y, p1),
         average_precision=M.average_precision_score(y, p1), brier=M.brier_score_loss(y, p1),
         precision=M.precision_score(y, pred), recall=M.recall_score(y, pred), f1=M.f1_score(y, pred))
cm = M.confusion_matrix(y, pred).tolist()
el = time.perf_counter() - t
print(json.dumps(dict(seconds=el, metrics={k: float(v) for k, v in r.items()}, confusion_matrix=cm, version=__import__('sklearn').__version__)))
`;
    const py = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (py.status !== 0) console.log('\n[sklearn] failed:', py.stderr.slice(-400));
    else {
      const out = JSON.parse(py.stdout) as { seconds: number; metrics: Record<string, number>; confusion_matrix: number[][]; version: string };
      console.log(`\n[sklearn ${out.version}] same metrics, same data: ${(n / out.seconds / 1e6).toFixed(2)} M rows/s  (${out.seconds.toFixed(2)} s, arrays already in memory)`);
      let worst = 0;
      for (const [k, v] of Object.entries(out.metrics)) worst = Math.max(worst, Math.abs(v - (exact.metrics as unknown as Record<string, number>)[k]!));
      console.log(`[sklearn] max |sigmoid - sklearn| over the 8 scalar metrics: ${worst.toExponential(2)}; confusion matrix equal: ${JSON.stringify(out.confusion_matrix) === JSON.stringify(exact.metrics.confusion_matrix)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
