import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile, mkdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Field, Float32, Float64, Int32, RecordBatch, Schema, Table, Utf8, tableFromArrays, vectorFromArray, type Vector } from 'apache-arrow';
import {
  ArtifactCorruptedError,
  ArtifactNotFoundError,
  ArtifactStoreWriteError,
  InvalidArtifactKeyError,
  InvalidDataError,
  InvalidParameterError,
  LocalArtifactStore,
  openArtifactStore,
  registerArtifactStoreBackend,
  defaultArtifactRoot,
  type DatasetRef,
} from '@sigmoid/arrow-store';

const execFileP = promisify(execFile);
let dir: string;
let store: LocalArtifactStore;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sigmoid-store-'));
  store = new LocalArtifactStore({ root: path.join(dir, 'store') });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sampleTable(rows: number, offset = 0): Table {
  const x0 = new Float64Array(rows);
  const x1 = new Float32Array(rows);
  const y = new Int32Array(rows);
  const name: string[] = [];
  for (let i = 0; i < rows; i++) {
    x0[i] = Math.sin(i + offset) * 1e3;
    x1[i] = (i + offset) / 7;
    y[i] = (i + offset) % 2;
    name.push(`row-${i + offset}`);
  }
  const t = new Table({ x0: vectorFromArray(x0), x1: vectorFromArray(x1), y: vectorFromArray(y), name: vectorFromArray(name, new Utf8()) });
  const schema = new Schema(t.schema.fields, new Map([['generator', 'test'], ['params', '{"rows":' + rows + '}']]));
  return new Table(schema, t.batches.map((b) => new RecordBatch(schema, b.data)));
}

function columns(t: Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const f of t.schema.fields) out[f.name] = [...(t.getChild(f.name) as Vector)];
  return out;
}

async function* asyncBatches(batches: RecordBatch[]): AsyncGenerator<RecordBatch> {
  for (const b of batches) {
    await new Promise((r) => setImmediate(r));
    yield b;
  }
}

function fileOf(ref: { uri: string }): string {
  return fileURLToPath(ref.uri);
}

describe('LocalArtifactStore datasets', () => {
  it('round-trips Float64/Float32/Int32/Utf8 columns with schema metadata', async () => {
    const table = sampleTable(1000);
    const ref = await store.writeTable(table);
    expect(ref.kind).toBe('dataset');
    expect(ref.numRows).toBe(1000);
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ref.uri).toBe(`${store.baseUri}/sha256/${ref.sha256.slice(0, 2)}/${ref.sha256.slice(2)}.arrow`);
    expect(ref.schema.fields).toEqual([
      { name: 'x0', type: 'Float64' },
      { name: 'x1', type: 'Float32' },
      { name: 'y', type: 'Int32' },
      { name: 'name', type: 'Utf8' },
    ]);
    expect(ref.schema.metadata).toEqual({ generator: 'test', params: '{"rows":1000}' });
    expect((await readFile(fileOf(ref))).byteLength).toBe(ref.byteLength);
    const back = await store.readTable(ref);
    expect(back.numRows).toBe(1000);
    expect(back.schema.metadata.get('generator')).toBe('test');
    expect(String(back.schema.fields[1]!.type)).toBe('Float32');
    expect(columns(back)).toEqual(columns(table));
  });

  it('streams multiple batches from an async iterable and reads them back batch by batch', async () => {
    const parts = [sampleTable(5000, 0), sampleTable(3000, 5000), sampleTable(1, 8000)];
    const schema = parts[0]!.schema;
    const batches = parts.flatMap((t) => t.batches.map((b) => new RecordBatch(schema, b.data)));
    const ref = await store.writeTable(asyncBatches(batches));
    expect(ref.numRows).toBe(8001);
    const sizes: number[] = [];
    const x0: number[] = [];
    for await (const b of store.readBatches(ref)) {
      sizes.push(b.numRows);
      x0.push(...(b.getChild('x0')!.toArray() as Float64Array));
    }
    expect(sizes).toEqual([5000, 3000, 1]);
    expect(x0).toEqual(batches.flatMap((b) => [...(b.getChild('x0')!.toArray() as Float64Array)]));
  });

  it('round-trips an empty table and keeps its schema', async () => {
    const empty = new Table(new Schema([new Field('x0', new Float64()), new Field('y', new Int32())]));
    const ref = await store.writeTable(empty);
    expect(ref.numRows).toBe(0);
    expect(ref.schema.fields).toEqual([{ name: 'x0', type: 'Float64' }, { name: 'y', type: 'Int32' }]);
    const back = await store.readTable(ref);
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((f) => f.name)).toEqual(['x0', 'y']);
  });

  it('writes an empty async stream with the schema passed in options', async () => {
    const schema = new Schema([new Field('x0', new Float32())]);
    const ref = await store.writeTable(asyncBatches([]), { schema });
    expect(ref.schema.fields).toEqual([{ name: 'x0', type: 'Float32' }]);
    expect((await store.readTable(ref)).schema.fields[0]!.name).toBe('x0');
  });

  it('gives the same content the same reference', async () => {
    const a = await store.writeTable(sampleTable(100));
    const b = await store.writeTable(sampleTable(100).batches);
    expect(b).toEqual(a);
    const c = await store.writeTable(sampleTable(101));
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('rejects batches whose schema differs from the first one', async () => {
    const a = tableFromArrays({ x0: Float64Array.of(1) }).batches[0]!;
    const b = tableFromArrays({ x0: Int32Array.of(1) }).batches[0]!;
    await expect(store.writeTable([a, b])).rejects.toThrowError(/Expected every record batch to have the schema of the first \(x0: Float64\) but batch 1 has \(x0: Int32\)/);
    await expect(store.writeTable([a, b])).rejects.toBeInstanceOf(InvalidDataError);
  });

  it('rejects a source that is not batches', async () => {
    await expect(store.writeTable([1, 2] as unknown as RecordBatch[])).rejects.toThrowError(/Expected Arrow RecordBatch items.*item 0 is of type number/);
    await expect(store.writeTable(42 as unknown as RecordBatch[])).rejects.toBeInstanceOf(InvalidDataError);
  });

  it('repairs a corrupted dataset when the producing step writes it again', async () => {
    const table = sampleTable(500, 4242);
    const ref = await store.writeTable(table);
    const bytes = await readFile(fileOf(ref));
    bytes[bytes.byteLength - 100] = bytes[bytes.byteLength - 100]! ^ 0x01;
    await writeFile(fileOf(ref), bytes);
    await expect(store.readTable(ref)).rejects.toBeInstanceOf(ArtifactCorruptedError);
    expect(await store.writeTable(table)).toEqual(ref);
    expect(columns(await store.readTable(ref))).toEqual(columns(table));
  });

  it('removes stale temp files of killed writers, and only those', async () => {
    const root = path.join(dir, 'stale');
    const s = new LocalArtifactStore(root);
    const ref = await s.writeJson({ keep: true });
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    const old = path.join(root, 'tmp', '.1-dead.partial');
    const shardOld = path.join(path.dirname(fileOf(ref)), '.2-dead.partial');
    const fresh = path.join(root, 'tmp', '.3-alive.partial');
    for (const f of [old, shardOld, fresh]) await writeFile(f, 'x');
    const past = new Date(Date.now() - 2 * 3_600_000);
    await utimes(old, past, past);
    await utimes(shardOld, past, past);
    expect(await s.removeStaleTemporaryFiles()).toBe(2);
    expect(await readdir(path.join(root, 'tmp'))).toEqual(['.3-alive.partial']);
    expect(await s.readJson(ref)).toEqual({ keep: true });
  });

  it('leaves no temp file behind when the source fails half-way', async () => {
    async function* failing(): AsyncGenerator<RecordBatch> {
      yield sampleTable(10).batches[0]!;
      throw new Error('source broke');
    }
    const root = path.join(dir, 'failing');
    const s = new LocalArtifactStore(root);
    await expect(s.writeTable(failing())).rejects.toThrowError('source broke');
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });
});

describe('LocalArtifactStore JSON and bytes', () => {
  it('round-trips JSON', async () => {
    const model = { coef_: [[-0.772, 3.075]], intercept_: [0.162], classes_: [0, 1] };
    const ref = await store.writeJson(model);
    expect(ref.kind).toBe('model');
    expect(ref.uri.endsWith('.json')).toBe(true);
    expect(await store.readJson(ref)).toEqual(model);
  });

  it('round-trips bytes with a media-type extension', async () => {
    const bytes = Uint8Array.from([137, 80, 78, 71, 1, 2, 3]);
    const ref = await store.writeBytes(bytes, { name: 'boundary.png', mediaType: 'image/png' });
    expect(ref).toMatchObject({ kind: 'artifact', name: 'boundary.png', mediaType: 'image/png', byteLength: 7 });
    expect(ref.uri.endsWith('.png')).toBe(true);
    expect([...(await store.readBytes(ref))]).toEqual([...bytes]);
  });

  it('rejects values that are not JSON and bad metadata', async () => {
    await expect(store.writeJson(undefined)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(store.writeJson(10n)).rejects.toThrowError(/Expected a JSON-serialisable value for value but received 10 of type bigint/);
    await expect(store.writeBytes('abc' as unknown as Uint8Array, { name: 'a', mediaType: 'text/plain' })).rejects.toThrowError(/Expected a Uint8Array for bytes/);
    await expect(store.writeBytes(new Uint8Array(1), { name: '', mediaType: 'text/plain' })).rejects.toThrowError(/meta.name/);
    await expect(store.writeBytes(new Uint8Array(1), { name: 'a', mediaType: 'png' })).rejects.toThrowError(/meta.mediaType/);
  });

  it('heals a corrupted artifact when the same bytes are written again', async () => {
    const ref = await store.writeJson({ heal: true });
    await writeFile(fileOf(ref), '{"heal":false}');
    await expect(store.readJson(ref)).rejects.toBeInstanceOf(ArtifactCorruptedError);
    expect(await store.writeJson({ heal: true })).toEqual(ref);
    expect(await store.readJson(ref)).toEqual({ heal: true });
  });
});

describe('LocalArtifactStore verification', () => {
  async function flipByte(file: string, at: number): Promise<void> {
    const bytes = await readFile(file);
    bytes[at] = bytes[at]! ^ 0xff;
    await writeFile(file, bytes);
  }

  it('detects one flipped byte in a dataset body and names the uri and both hashes', async () => {
    const ref = await store.writeTable(sampleTable(300, 17));
    await flipByte(fileOf(ref), ref.byteLength - 200);
    const err = await store.readTable(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactCorruptedError);
    const c = err as ArtifactCorruptedError;
    expect(c.uri).toBe(ref.uri);
    expect(c.expected).toBe(ref.sha256);
    expect(c.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(c.actual).not.toBe(ref.sha256);
    expect(c.message).toContain(ref.uri);
    expect(c.nonRetryable).toBe(true);
    expect(c.name).toBe('ArtifactCorruptedError');
    await expect(store.verify(ref)).rejects.toBeInstanceOf(ArtifactCorruptedError);
  });

  it('detects a flipped byte in the schema header while streaming', async () => {
    const ref = await store.writeTable(sampleTable(50, 99));
    await flipByte(fileOf(ref), 12);
    const read = async () => {
      for await (const _ of store.readBatches(ref)) { /* drain */ }
    };
    await expect(read()).rejects.toBeInstanceOf(ArtifactCorruptedError);
  });

  it('reports every flipped byte as corruption, never crashes or hangs the reader', async () => {
    // Regression: parsing before verifying let a flipped length in an Arrow header allocate
    // gigabytes and kill the process. Every position of the schema header and the first batch
    // header, and a sample of the rest.
    const t = new Table({ x0: vectorFromArray(Float64Array.from({ length: 50 }, (_, i) => i)), s: vectorFromArray(Array.from({ length: 50 }, (_, i) => `v${i}`), new Utf8()) });
    const ref = await store.writeTable([...t.batches, ...t.batches]);
    const file = fileOf(ref);
    const original = await readFile(file);
    const positions = Array.from({ length: original.byteLength }, (_, i) => i).filter((i) => i < 320 || i % 17 === 0);
    const outcomes = new Map<string, number>();
    for (const pos of positions) {
      for (const mask of [0xff]) {
        const bytes = Buffer.from(original);
        bytes[pos] = bytes[pos]! ^ mask;
        await writeFile(file, bytes);
        const outcome = await store.readTable(ref).then(() => 'read', (e: unknown) => (e instanceof ArtifactCorruptedError ? 'corrupted' : String(e)));
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    await writeFile(file, original);
    expect([...outcomes.keys()]).toEqual(['corrupted']);
    expect(columns(await store.readTable(ref))).toEqual(columns(new Table([...t.batches, ...t.batches])));
  });

  it('hashes a dataset once per version of its file (none for the version it wrote itself): re-reads of the unchanged file skip it, any write is caught', async () => {
    const ref = await store.writeTable(sampleTable(40, 5));
    const before = store.hashVerifications;
    const drain = async () => {
      let rows = 0;
      for await (const b of store.readBatches(ref)) rows += b.numRows;
      return rows;
    };
    expect(await drain()).toBe(40);
    expect(await drain()).toBe(40);
    expect(await drain()).toBe(40);
    expect(store.hashVerifications).toBe(before); // hashed on its way to disk by this store
    const reader = new LocalArtifactStore({ root: store.root });
    for await (const _ of reader.readBatches(ref)) { /* drain */ }
    for await (const _ of reader.readBatches(ref)) { /* drain */ }
    expect(reader.hashVerifications).toBe(1); // another store hashes it once
    // Flipped and restored at once (same size, same millisecond): each write changes the ctime.
    const file = fileOf(ref);
    await flipByte(file, 200);
    await expect(drain()).rejects.toBeInstanceOf(ArtifactCorruptedError);
    await flipByte(file, 200);
    expect(await drain()).toBe(40);
    expect(store.hashVerifications).toBe(before + 1); // the restored version, hashed once
    await flipByte(file, 200);
    await expect(drain()).rejects.toBeInstanceOf(ArtifactCorruptedError);
    // Another store (another worker) verifies for itself.
    const other = new LocalArtifactStore({ root: store.root });
    await expect((async () => { for await (const _ of other.readBatches(ref)) { /* drain */ } })()).rejects.toBeInstanceOf(ArtifactCorruptedError);
  });

  it('detects a truncated dataset', async () => {
    const ref = await store.writeTable(sampleTable(64, 3));
    const bytes = await readFile(fileOf(ref));
    await writeFile(fileOf(ref), bytes.subarray(0, bytes.byteLength - 10));
    await expect(store.readTable(ref)).rejects.toThrowError(new RegExp(`Artifact ${ref.uri} is corrupted: expected sha256 ${ref.sha256} but the stored bytes hash to [0-9a-f]{64} \\(${ref.byteLength - 10} bytes instead of ${ref.byteLength}\\)`));
  });

  it('detects corrupted bytes and JSON', async () => {
    const b = await store.writeBytes(Uint8Array.from([1, 2, 3, 4]), { name: 'x', mediaType: 'application/octet-stream' });
    await flipByte(fileOf(b), 0);
    await expect(store.readBytes(b)).rejects.toBeInstanceOf(ArtifactCorruptedError);
    const j = await store.writeJson({ a: 1 });
    await flipByte(fileOf(j), 3);
    await expect(store.readJson(j)).rejects.toThrowError(/is corrupted/);
  });

  it('names a missing artifact', async () => {
    const ref = await store.writeTable(sampleTable(7, 1234));
    expect(await store.has(ref)).toBe(true);
    expect(await store.delete(ref)).toBe(true);
    expect(await store.has(ref)).toBe(false);
    expect(await store.delete(ref)).toBe(false);
    const err = await store.readTable(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactNotFoundError);
    expect((err as ArtifactNotFoundError).uri).toBe(ref.uri);
    expect((err as Error).message).toContain(ref.uri);
    await expect(store.verify(ref)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    const j = await store.writeJson({ gone: 1 });
    await store.delete(j);
    await expect(store.readJson(j)).rejects.toThrowError(/Expected artifact .* to exist in the artifact store but it was not found/);
  });

  it('reports missing artifacts in a store that was never written to', async () => {
    const s = new LocalArtifactStore(path.join(dir, 'never'));
    const ref = await store.writeJson({ elsewhere: 1 });
    const moved = { ...ref, uri: ref.uri.replace(store.baseUri, s.baseUri) };
    await expect(s.readJson(moved)).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });
});

describe('LocalArtifactStore concurrency', () => {
  it('lets 8 concurrent writers of the same table share one valid file', async () => {
    const root = path.join(dir, 'concurrent');
    const s = new LocalArtifactStore(root);
    const table = sampleTable(20_000, 5);
    const refs = await Promise.all(Array.from({ length: 8 }, () => s.writeTable(table)));
    for (const r of refs) expect(r).toEqual(refs[0]);
    const shard = path.dirname(fileOf(refs[0]!));
    expect(await readdir(shard)).toEqual([path.basename(fileOf(refs[0]!))]);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    await s.verify(refs[0]!);
    expect((await s.readTable(refs[0]!)).numRows).toBe(20_000);
  });

  it('lets 8 concurrent writers of the same bytes share one file', async () => {
    const root = path.join(dir, 'concurrent-bytes');
    const s = new LocalArtifactStore(root);
    const bytes = new Uint8Array(300_000).map((_, i) => i * 31);
    const refs = await Promise.all(Array.from({ length: 8 }, () => s.writeBytes(bytes, { name: 'b', mediaType: 'application/octet-stream' })));
    for (const r of refs) expect(r).toEqual(refs[0]);
    expect(await readdir(path.dirname(fileOf(refs[0]!)))).toEqual([path.basename(fileOf(refs[0]!))]);
    await s.verify(refs[0]!);
  });
});

describe('LocalArtifactStore keys', () => {
  let ref: DatasetRef;
  beforeAll(async () => {
    ref = await store.writeTable(sampleTable(3, 77));
  });
  const bad = (uri: string): DatasetRef => ({ ...ref, uri });
  const key = () => ref.uri.slice(store.baseUri.length + 1);

  it.each([
    ['a ".." segment', () => `${store.baseUri}/sha256/../../../etc/passwd`],
    ['an absolute path after the root', () => `${store.baseUri}//etc/passwd`],
    ['a uri outside the store', () => `file:///etc/${key()}`],
    ['a NUL character', () => `${store.baseUri}/${key()}\0.png`],
    ['percent-encoded dots', () => `${store.baseUri}/sha256/%2e%2e/%2e%2e/${key()}`],
    ['a backslash', () => `${store.baseUri}/sha256\\..\\..\\x`],
    ['a "." segment', () => `${store.baseUri}/./${key()}`],
    ['odd characters', () => `${store.baseUri}/sha256/ab/$(rm -rf).arrow`],
    ['a key for another hash', () => `${store.baseUri}/sha256/00/${'0'.repeat(62)}.arrow`],
    ['a wrong extension for the kind', () => `${store.baseUri}/${key().replace(/\.arrow$/, '.json')}`],
  ])('rejects %s', async (_label, uri) => {
    await expect(store.readTable(bad(uri()))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(store.has(bad(uri()))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(store.delete(bad(uri()))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
  });

  it('rejects a symlinked shard folder that leads outside the root', async () => {
    const root = path.join(dir, 'symlinked');
    const outside = path.join(dir, 'outside');
    const s = new LocalArtifactStore(root);
    const r = await s.writeJson({ inside: true });
    const shard = path.dirname(fileOf(r));
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, path.basename(fileOf(r))), await readFile(fileOf(r)));
    await rm(shard, { recursive: true });
    await symlink(outside, shard);
    const err = await s.readJson(r).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArtifactKeyError);
    expect((err as Error).message).toMatch(/outside the store root/);
    await expect(s.writeJson({ inside: true })).rejects.toBeInstanceOf(InvalidArtifactKeyError);
  });

  it('rejects malformed references', async () => {
    await expect(store.readTable({ ...ref, sha256: 'abc' })).rejects.toThrowError(/Expected 64 lowercase hex digits for ref.sha256/);
    await expect(store.readTable({ ...ref, kind: 'model' } as unknown as DatasetRef)).rejects.toThrowError(/Expected "dataset" for ref.kind/);
    await expect(store.readTable(null as unknown as DatasetRef)).rejects.toBeInstanceOf(InvalidParameterError);
  });
});

describe('unwritable store', () => {
  it('fails with ArtifactStoreWriteError when the root is a regular file, and stores nothing', async () => {
    const root = path.join(dir, 'a-file');
    await writeFile(root, 'not a folder');
    const s = new LocalArtifactStore(root);
    const err = await s.writeTable(sampleTable(10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactStoreWriteError);
    expect((err as ArtifactStoreWriteError).code).toBe('ENOTDIR');
    expect((err as Error).message).toContain(root);
    await expect(s.writeJson({ a: 1 })).rejects.toBeInstanceOf(ArtifactStoreWriteError);
    await expect(s.writeBytes(new Uint8Array(3), { name: 'a', mediaType: 'text/plain' })).rejects.toBeInstanceOf(ArtifactStoreWriteError);
    expect(await readFile(root, 'utf8')).toBe('not a folder');
  });

  it('fails cleanly when the disk fills up mid-write, and no partial artifact becomes visible', async () => {
    // A child process under `ulimit -f` (SIGXFSZ ignored): writes past 256 KiB fail with EFBIG,
    // the same code path as ENOSPC on a full disk, without needing a privileged mount.
    const root = path.join(dir, 'full');
    const script = fileURLToPath(new URL('./test-fixtures/write-beyond-file-size-limit.ts', import.meta.url));
    const { stdout } = await execFileP('bash', ['-c', `trap '' XFSZ; ulimit -f 256; exec "${process.execPath}" --import tsx --conditions=@sigmoid/source "${script}" "${root}"`], { cwd: process.cwd() });
    const outcome = JSON.parse(stdout) as { table: { name: string; code: string; message: string }; bytes: { name: string; code: string }; small: string };
    expect(outcome.table).toMatchObject({ name: 'ArtifactStoreWriteError', code: 'EFBIG' });
    expect(outcome.table.message).toContain(root);
    expect(outcome.bytes).toMatchObject({ name: 'ArtifactStoreWriteError', code: 'EFBIG' });
    const files = (await readdir(root, { recursive: true })).filter((f) => !f.endsWith('sha256') && /\.[a-z]+$/.test(f));
    expect(files).toEqual([path.relative(root, fileURLToPath(outcome.small))]);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('fails with ArtifactStoreWriteError under /proc', async () => {
    const s = new LocalArtifactStore('/proc/sigmoid-artifacts');
    await expect(s.writeJson({ a: 1 })).rejects.toBeInstanceOf(ArtifactStoreWriteError);
  });
});

describe('openArtifactStore', () => {
  it('opens folders and file:// uris', async () => {
    const a = await openArtifactStore(path.join(dir, 'opened'));
    const b = await openArtifactStore(`file://${path.join(dir, 'opened')}`);
    expect(a).toBeInstanceOf(LocalArtifactStore);
    expect(a.baseUri).toBe(b.baseUri);
    const ref = await a.writeJson([1, 2]);
    expect(await b.readJson(ref)).toEqual([1, 2]);
  });

  it('defaults to SIGMOID_ARTIFACTS, then <cwd>/.sigmoid/artifacts', () => {
    expect(defaultArtifactRoot({ SIGMOID_ARTIFACTS: '/data/a' })).toBe('/data/a');
    expect(defaultArtifactRoot({})).toBe(path.join(process.cwd(), '.sigmoid', 'artifacts'));
  });

  it('opens other schemes through a registered backend', async () => {
    const seen: string[] = [];
    registerArtifactStoreBackend('memtest', (url) => {
      seen.push(`${url.host}${url.pathname}`);
      return new LocalArtifactStore(path.join(dir, 'memtest'));
    });
    const s = await openArtifactStore('memtest://bucket/prefix');
    expect(seen).toEqual(['bucket/prefix']);
    expect(await s.readJson(await s.writeJson({ ok: 1 }))).toEqual({ ok: 1 });
    expect(() => registerArtifactStoreBackend('file', () => s)).toThrowError(/Expected a lowercase uri scheme other than "file" for scheme/);
    expect(() => registerArtifactStoreBackend('S3!', () => s)).toThrowError(InvalidParameterError);
  });

  it('rejects unknown schemes and empty input', async () => {
    // s3 is built in (S3ArtifactStore); other schemes need a registered backend.
    await expect(openArtifactStore('gs://bucket/prefix')).rejects.toThrowError(/supported scheme \(file, s3(, [a-z]+)*\).*"gs:\/\/bucket\/prefix"/);
    await expect(openArtifactStore('')).rejects.toBeInstanceOf(InvalidParameterError);
  });
});
