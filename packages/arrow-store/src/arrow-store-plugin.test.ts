import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Payload } from '@temporalio/common';
import { Table, tableFromArrays } from 'apache-arrow';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { AesGcmPayloadCodec, arrowStorePlugin, payloadConverterPath } from '@sigmoid/arrow-store/temporal';

// Arrow tables between activities through a real workflow on the dev server, with the plugin
// registered on client and worker: small tables inline as binary/arrow-ipc, large ones in the store.
Runtime.install({ logger: new DefaultLogger('WARN') });

// Provided by tools/dev-server/vitest.global-setup.ts (declared there too; repeated for this tsconfig).
declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
  }
}

const workflowsPath = fileURLToPath(new URL('./test-fixtures/arrow-workflows.ts', import.meta.url));
const namespace = inject('temporalNamespace');
let connection: Connection;
let nativeConnection: NativeConnection;
let dir: string;
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  dir = await mkdtemp(path.join(tmpdir(), 'sigmoid-plugin-'));
  // A prebuilt bundle must contain the converter itself (the plugin only sets it for workflowsPath).
  workflowBundle = await bundleWorkflowCode({ workflowsPath, payloadConverterPath, logger: new DefaultLogger('WARN') });
});
afterAll(async () => {
  await connection?.close();
  await nativeConnection?.close();
  await rm(dir, { recursive: true, force: true });
});

const activities = {
  async makeTable(rows: number): Promise<Table> {
    const x0 = new Float64Array(rows);
    for (let i = 0; i < rows; i++) x0[i] = i * 0.5;
    return tableFromArrays({ x0, y: new Int32Array(rows) });
  },
  async sumColumn(table: Table, column: string): Promise<number> {
    if (!(table instanceof Table)) throw new Error(`expected an Arrow Table, got ${typeof table}`);
    let s = 0;
    for (const v of table.getChild(column)!.toArray() as Float64Array) s += v;
    return s;
  },
};

/** Every Payload in a history, found by shape. */
function payloadsOf(history: unknown): Payload[] {
  const out: Payload[] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
    const o = v as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && 'encoding' in (o.metadata as object)) out.push(o as Payload);
    for (const x of Object.values(o)) walk(x);
  };
  walk(history);
  return out;
}
const enc = (p: Payload) => new TextDecoder().decode(p.metadata?.encoding ?? new Uint8Array());

async function run(plugin: ReturnType<typeof arrowStorePlugin>, rows: number) {
  const taskQueue = `arrow-store-${randomBytes(6).toString('hex')}`;
  const client = new Client({ connection, namespace, plugins: [plugin] });
  const worker = await Worker.create({ connection: nativeConnection, namespace, taskQueue, workflowBundle, activities, plugins: [plugin] });
  const handle = await client.workflow.start('tableRoundTrip', { taskQueue, workflowId: taskQueue, args: [rows] });
  const result = (await worker.runUntil(handle.result())) as { numRows: number; sum: number };
  const history = await handle.fetchHistory();
  return { result, payloads: payloadsOf(history), handle, taskQueue };
}

describe('arrowStorePlugin on the dev server', () => {
  it('passes tables between activities through a workflow: small ones inline, large ones via the artifact store', async () => {
    const root = path.join(dir, 'store');
    const plugin = arrowStorePlugin({ store: new LocalArtifactStore(root), encryption: false });

    const small = await run(plugin, 100);
    expect(small.result).toEqual({ numRows: 100, sum: (99 * 100) / 2 / 2 });
    expect(small.payloads.some((p) => enc(p) === 'binary/arrow-ipc')).toBe(true);

    const rows = 100_000; // 800 KB of Float64 + 400 KB of Int32: above the 256 KiB threshold
    const large = await run(plugin, rows);
    expect(large.result).toEqual({ numRows: rows, sum: ((rows - 1) * rows) / 2 / 2 });
    expect(large.payloads.some((p) => enc(p) === 'binary/arrow-ipc' && (p.data?.byteLength ?? 0) > 256 * 1024)).toBe(false);
    expect(Math.max(...large.payloads.map((p) => p.data?.byteLength ?? 0))).toBeLessThan(4096);
    expect(large.payloads.some((p) => new TextDecoder().decode(p.metadata?.messageType ?? new Uint8Array()) === 'temporal.api.sdk.v1.ExternalStorageReference')).toBe(true);
    expect((await readdir(path.join(root, 'sha256'))).length).toBeGreaterThan(0);
  });

  it('keeps history unreadable without the key when encryption is on', async () => {
    const key = randomBytes(32);
    const codec = new AesGcmPayloadCodec({ keys: { k1: key }, activeKeyId: 'k1' });
    const plugin = arrowStorePlugin({ store: path.join(dir, 'enc-store'), encryption: codec });
    const { result, payloads, taskQueue } = await run(plugin, 1000);
    expect(result.numRows).toBe(1000);
    const data = payloads.filter((p) => (p.data?.byteLength ?? 0) > 0);
    expect(data.length).toBeGreaterThan(2);
    for (const p of data) expect(enc(p)).toBe('binary/encrypted');
    // The workflow's input (1000) and result are JSON; in history they are ciphertext.
    expect(data.some((p) => Buffer.from(p.data!).includes('numRows'))).toBe(false);

    const plainClient = new Client({ connection, namespace });
    await expect(plainClient.workflow.getHandle(taskQueue).result()).rejects.toThrowError(/Unknown encoding: binary\/encrypted/);
    const wrongKey = new Client({ connection, namespace, plugins: [arrowStorePlugin({ encryption: new AesGcmPayloadCodec({ keys: { k1: randomBytes(32) }, activeKeyId: 'k1' }), externalStorageThreshold: false })] });
    await expect(wrongKey.workflow.getHandle(taskQueue).result()).rejects.toThrowError(/could not be decrypted with key "k1"/);
    const rotated = new Client({ connection, namespace, plugins: [arrowStorePlugin({ encryption: new AesGcmPayloadCodec({ keys: { k1: key, k2: randomBytes(32) }, activeKeyId: 'k2' }), externalStorageThreshold: false })] });
    expect(await rotated.workflow.getHandle(taskQueue).result()).toEqual(result);
  });
});
