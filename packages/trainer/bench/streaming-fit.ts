/**
 * Child process of bench/train.ts: one streaming fit over a dataset file, then its peak RSS.
 * Usage: npx tsx --conditions=@sigmoid/source packages/trainer/bench/streaming-fit.ts FILE '<params JSON>'
 */
import { readDataset } from '@sigmoid/datagen';
import { LogisticRegression } from '@sigmoid/trainer';

const [file, paramsText] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: streaming-fit.ts FILE [params JSON]');
const params = JSON.parse(paramsText ?? '{"solver":"sgd","epochs":1}') as Record<string, unknown>;
const t0 = performance.now();
let rows = 0;
const model = await new LogisticRegression(params).fit(() => readDataset(file), undefined, {
  progressEvery: 1000,
  onProgress: (p) => {
    rows = p.rowsSeen;
  },
});
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  JSON.stringify({ seconds, rowsSeen: rows, nIter: model.nIter_, maxRssMB: process.resourceUsage().maxRSS / 1024, coef0: model.coef_[0]![0] }) + '\n',
);
