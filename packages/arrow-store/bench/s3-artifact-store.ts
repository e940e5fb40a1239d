/**
 * S3 artifact store figures against a real S3-compatible server (versitygw started by
 * @sigmoid/s3-server on 127.0.0.1, or S3_ENDPOINT): streaming write (spool + sha256 + multipart
 * upload), the idempotent re-write (HEAD + verifying GET, no upload), verified streaming read, and
 * peak RSS, with the local store on the same data for comparison.
 *
 *   npx tsx --conditions=@sigmoid/source packages/arrow-store/bench/s3-artifact-store.ts [rows=2000000]
 *
 * Peer: a plain PutObject / multipart upload of the same bytes with the AWS SDK and no hashing
 * (what any S3 client pays), so the table shows what content addressing and verification add.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { benchSchema, makeBenchBatch } from './bench-data.js';
import { S3Client, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { LocalArtifactStore, S3ArtifactStore } from '@sigmoid/arrow-store';
import { startS3Server } from '@sigmoid/s3-server';

const rows = Number(process.argv[2] ?? 2_000_000);
const batchRows = 65_536;
const features = 4;
const schema = benchSchema(features);

const makeBatch = (offset: number, n: number): RecordBatch => makeBenchBatch(schema, offset, n);
// Pre-built batches: the figures measure the store, not the generator.
const prebuilt: RecordBatch[] = [];
for (let off = 0; off < rows; off += batchRows) prebuilt.push(makeBatch(off, Math.min(batchRows, rows - off)));
async function* batches(): AsyncGenerator<RecordBatch> {
  yield* prebuilt;
}

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; peakMiB: number; ms: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const t0 = performance.now();
  const value = await fn();
  clearInterval(timer);
  return { value, peakMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20, ms: performance.now() - t0 };
}
const rate = (bytes: number, ms: number) => `${(bytes / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`;
const line = (what: string, r: { ms: number; peakMiB: number }, bytes: number) =>
  console.log(`${what.padEnd(44)} ${r.ms.toFixed(0).padStart(6)} ms  ${rate(bytes, r.ms).padStart(10)}  peak RSS ${r.peakMiB.toFixed(0)} MiB`);

const s3 = await startS3Server({ bucket: 'bench' });
const dir = await mkdtemp(path.join(tmpdir(), 'sigmoid-s3-bench-'));
try {
  const store = new S3ArtifactStore({
    bucket: s3.bucket!, prefix: 'bench', endpoint: s3.endpoint, region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  if (!s3.embedded) await store.ensureBucket();
  const local = new LocalArtifactStore(path.join(dir, 'local'));
  console.log(`dataset: ${rows.toLocaleString()} rows x (${features} Float64 + Int32); S3 endpoint ${s3.endpoint}${s3.embedded ? ' (versitygw, posix backend, same machine)' : ''}`);
  console.log(`start RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (batches pre-built)`);

  const lw = await measure(() => local.writeTable(batches()));
  const bytes = lw.value.byteLength;
  console.log(`Arrow IPC size: ${(bytes / 2 ** 20).toFixed(1)} MiB`);
  line('local writeTable', lw, bytes);
  const w = await measure(() => store.writeTable(batches()));
  line('S3 writeTable (spool+sha256, multipart 8 MiB)', w, bytes);
  const again = await measure(() => store.writeTable(batches()));
  line('S3 writeTable again (HEAD + verify, no upload)', again, bytes);
  const r = await measure(async () => { let n = 0; for await (const b of store.readBatches(w.value)) n += b.numRows; return n; });
  if (r.value !== rows) throw new Error(`read ${r.value} rows, expected ${rows}`);
  line('S3 readBatches (GET+sha256 to spool, parse)', r, bytes);
  const lr = await measure(async () => { let n = 0; for await (const b of local.readBatches(lw.value)) n += b.numRows; return n; });
  line('local readBatches', lr, bytes);
  const v = await measure(() => store.verify(w.value));
  line('S3 verify', v, bytes);
  const small = await measure(async () => { for (let i = 0; i < 50; i++) await store.writeJson({ i, coef_: [[i, -i]] }); });
  console.log(`${'S3 writeJson, small, 50 distinct'.padEnd(44)} ${(small.ms / 50).toFixed(1).padStart(6)} ms per artifact`);

  // Peer: the same bytes through a plain SDK client, no hashing, no spool.
  const raw = await readFile(path.join(local.root, ...local.keyOf(lw.value).split('/')));
  const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const put = await measure(() => client.send(new PutObjectCommand({ Bucket: s3.bucket!, Key: 'peer/raw.arrow', Body: raw })));
  line('peer: one plain PutObject of the bytes (in RAM)', put, bytes);
  const get = await measure(async () => { const o = await client.send(new GetObjectCommand({ Bucket: s3.bucket!, Key: 'peer/raw.arrow' })); return (await o.Body!.transformToByteArray()).byteLength; });
  line('peer: one plain GetObject into RAM', get, bytes);
  client.destroy();
} finally {
  await rm(dir, { recursive: true, force: true });
  await s3.stop();
}
