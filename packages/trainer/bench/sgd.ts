/**
 * Quick sgd-only benchmark (the inner loop of bench/train.ts): 1e6 x 20 Float64 from makeClassification,
 * 3 epochs, rows per CPU-second (process.cpuUsage) and wall, shuffled and `shuffle: false`.
 *
 *   npx tsx --conditions=@sigmoid/source packages/trainer/bench/sgd.ts [--rows 1000000] [--batch 32] [--repeat 3]
 *   (WINDOWS=4096,8192 adds fits with those shuffleBufferSize values)
 */
import { makeClassification } from '@sigmoid/datagen';
import { LogisticRegression, type LogisticRegressionParams } from '@sigmoid/trainer';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const rows = flag('--rows', 1_000_000);
const batchSize = flag('--batch', 32);
const repeat = flag('--repeat', 3);
const table = makeClassification({ nSamples: rows, nFeatures: 20, randomState: 0 });

async function measure(label: string, params: Partial<LogisticRegressionParams>): Promise<void> {
  let best = { wall: Infinity, cpu: Infinity };
  let coef = '';
  for (let r = 0; r < repeat; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const m = await new LogisticRegression({ solver: 'sgd', epochs: 3, tol: 0, batchSize, ...params }).fit(table);
    const c = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    const cpu = (c.user + c.system) / 1e6;
    if (cpu < best.cpu) best = { wall, cpu };
    coef = `${m.coef_[0]![0]!.toPrecision(8)} loss ${m.history_.loss.at(-1)!.toPrecision(10)}`;
  }
  console.log(`${label.padEnd(16)} ${((3 * rows) / best.cpu / 1e6).toFixed(2)} M rows per CPU-s, ${((3 * rows) / best.wall / 1e6).toFixed(2)} M rows/s wall (coef0 ${coef})`);
}

await measure('shuffled', {});
for (const w of (process.env.WINDOWS ?? '').split(',').filter(Boolean)) await measure(`window ${w}`, { shuffleBufferSize: Number(w) });
await measure('shuffle: false', { shuffle: false });
