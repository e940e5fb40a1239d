// Child process for the "full store" test: run under `ulimit -f` with SIGXFSZ ignored, so that
// writes past the limit fail with EFBIG like they would with ENOSPC on a full disk.
import { tableFromArrays } from 'apache-arrow';
import { LocalArtifactStore } from '@sigmoid/arrow-store';

const store = new LocalArtifactStore(process.argv[2]!);
const rows = 200_000; // 2.4 MB, far beyond the limit
const outcome: Record<string, unknown> = {};
try {
  await store.writeTable(tableFromArrays({ x0: new Float64Array(rows).fill(1.5), y: new Int32Array(rows) }));
  outcome.table = 'written';
} catch (err) {
  outcome.table = { name: (err as Error).name, code: (err as { code?: string }).code, message: (err as Error).message };
}
try {
  await store.writeBytes(new Uint8Array(1_000_000).fill(7), { name: 'big.bin', mediaType: 'application/octet-stream' });
  outcome.bytes = 'written';
} catch (err) {
  outcome.bytes = { name: (err as Error).name, code: (err as { code?: string }).code };
}
outcome.small = (await store.writeJson({ fits: true })).uri;
console.log(JSON.stringify(outcome));
