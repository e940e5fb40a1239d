/**
 * Artifact store figures: streaming write and verified read of an Arrow dataset, idempotent
 * re-write, small JSON artifacts, the payload converter and the encryption codec.
 *
 *   npx tsx --conditions=@sigmoid/source packages/arrow-store/bench/artifact-store.ts [rows=2000000]
 *
 * Peer: Python writing the same number of bytes to a file while hashing them with sha256
 * (the floor any content-addressed store pays), when python3 is available.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { type RecordBatch, Table } from 'apache-arrow';
import { benchSchema, makeBenchBatch } from './bench-data.js';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { AesGcmPayloadCodec, payloadConverter } from '@sigmoid/arrow-store/temporal';

const rows = Number(process.argv[2] ?? 2_000_000);
const batchRows = 65_536;
const features = 4;
const schema = benchSchema(features);

const makeBatch = (offset: number, n: number): RecordBatch => makeBenchBatch(schema, offset, n);

async function* batches(): AsyncGenerator<RecordBatch> {
  for (let off = 0; off < rows; off += batchRows) yield makeBatch(off, Math.min(batchRows, rows - off));
}

function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMiB: number; ms: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const t0 = performance.now();
  return fn().then((value) => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMiB: peak / 2 ** 20, ms: performance.now() - t0 };
  });
}

const mbps = (bytes: number, ms: number) => `${(bytes / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`;

const dir = await mkdtemp(path.join(tmpdir(), 'sigmoid-bench-'));
try {
  const store = new LocalArtifactStore(path.join(dir, 'store'));
  console.log(`dataset: ${rows.toLocaleString()} rows x (${features} Float64 + Int32), batches of ${batchRows}`);
  const rss0 = process.memoryUsage().rss / 2 ** 20;
  const w = await peakRss(() => store.writeTable(batches()));
  const ref = w.value;
  console.log(`writeTable, batches generated on the fly:     ${w.ms.toFixed(0)} ms, ${(ref.byteLength / 2 ** 20).toFixed(1)} MiB, peak RSS ${w.peakMiB.toFixed(0)} MiB (start ${rss0.toFixed(0)} MiB)`);
  if (rows <= 4_000_000) {
    // Store cost alone: the same batches generated beforehand (held in memory for this measurement only).
    const held: RecordBatch[] = [];
    for await (const b of batches()) held.push(b);
    await rm(path.join(dir, 'store'), { recursive: true, force: true });
    const t = performance.now();
    const again = await store.writeTable(held);
    const ms = performance.now() - t;
    console.log(`writeTable, store cost only (sha256, fsync):  ${ms.toFixed(0)} ms, ${mbps(again.byteLength, ms)}`);
  }
  const r = await peakRss(async () => {
    let n = 0;
    for await (const b of store.readBatches(ref)) n += b.numRows;
    return n;
  });
  console.log(`readBatches (streamed, verified):             ${r.ms.toFixed(0)} ms, ${mbps(ref.byteLength, r.ms)}, ${r.value.toLocaleString()} rows, peak RSS ${r.peakMiB.toFixed(0)} MiB`);

  const again = await peakRss(() => store.writeTable(batches()));
  console.log(`writeTable again (same key, idempotent):      same ref: ${again.value.sha256 === ref.sha256}`);

  const v = await peakRss(() => store.verify(ref));
  console.log(`verify (re-hash):                             ${v.ms.toFixed(0)} ms, ${mbps(ref.byteLength, v.ms)}`);

  const jsonN = 500;
  const j = await peakRss(async () => {
    for (let i = 0; i < jsonN; i++) await store.writeJson({ coef_: [[i, -i]], intercept_: [i / 3] });
  });
  console.log(`writeJson (small, fsync each):                ${(j.ms / jsonN).toFixed(2)} ms per artifact`);

  // Small operations: median of 7 runs (the first runs pay JIT and OpenSSL warm-up).
  const median = async (fn: () => unknown): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[3]!;
  };
  const small = new Table(makeBatch(0, 100_000));
  const payload = payloadConverter.toPayload(small);
  const size = payload.data!.byteLength;
  const toMs = await median(() => payloadConverter.toPayload(small));
  const fromMs = await median(() => payloadConverter.fromPayload<Table>(payload));
  console.log(`payload converter, 100k-row table (${(size / 2 ** 20).toFixed(1)} MiB): toPayload ${toMs.toFixed(1)} ms, fromPayload ${fromMs.toFixed(1)} ms`);

  const codec = new AesGcmPayloadCodec({ keys: { k: randomBytes(32) }, activeKeyId: 'k' });
  const [encd] = await codec.encode([payload]);
  const encMs = await median(() => codec.encode([payload]));
  const decMs = await median(() => codec.decode([encd!]));
  console.log(`AES-256-GCM codec, same payload: encode ${encMs.toFixed(1)} ms (${mbps(size, encMs)}), decode ${decMs.toFixed(1)} ms (${mbps(size, decMs)})`);

  const py = spawnSync('python3', ['-c', `
import hashlib, os, time, sys
n = ${ref.byteLength}
chunk = os.urandom(1 << 20)
p = sys.argv[1]
t = time.perf_counter()
h = hashlib.sha256()
with open(p, 'wb') as f:
    left = n
    while left > 0:
        c = chunk[:min(left, len(chunk))]
        h.update(c); f.write(c); left -= len(c)
    f.flush(); os.fsync(f.fileno())
dt = time.perf_counter() - t
print(f"peer: python write+sha256+fsync of the same {n/2**20:.1f} MiB: {dt*1000:.0f} ms, {n/2**20/dt:.0f} MiB/s")
`, path.join(dir, 'peer.bin')], { encoding: 'utf8' });
  if (py.status === 0) process.stdout.write(py.stdout);
  else console.log(`peer skipped: python3 not usable (${py.error?.message ?? py.stderr.trim().split('\n').pop()})`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
