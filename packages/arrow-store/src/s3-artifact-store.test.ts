import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecordBatch, Table, makeData, Float64, Int32, Field, Schema, Struct, tableFromArrays } from 'apache-arrow';
import { S3Client, PutObjectCommand, GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { freePort } from '@sigmoid/dev-server';
import { startS3Server, type S3Server } from '@sigmoid/s3-server';
import {
  S3ArtifactStore,
  ArtifactStoreReadError,
  ArtifactStoreWriteError,
  ArtifactCorruptedError,
  ArtifactNotFoundError,
  InvalidArtifactKeyError,
  InvalidParameterError,
  openArtifactStore,
  type DatasetRef,
} from '@sigmoid/arrow-store';

// A real S3-compatible server (Versity S3 Gateway, posix backend) started for this file; with
// S3_ENDPOINT set, that server is used instead and the bucket is created through the API.
let s3: S3Server;
let client: S3Client;
let bucket: string;
let spoolDir: string;

beforeAll(async () => {
  s3 = await startS3Server({ bucket: 'sigmoid-store-test' });
  bucket = s3.bucket!;
  Object.assign(process.env, s3.env);
  client = new S3Client({
    endpoint: s3.endpoint, region: s3.region, forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  if (!s3.embedded) await new S3ArtifactStore({ bucket }).ensureBucket();
  spoolDir = mkdtempSync(path.join(tmpdir(), 'sigmoid-s3-spool-'));
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
});

/** A store whose client records every S3 command it sends. */
function tracedStore(prefix: string, extra: Partial<ConstructorParameters<typeof S3ArtifactStore>[0]> = {}): { store: S3ArtifactStore; commands: string[] } {
  const commands: string[] = [];
  const traced = new S3Client({
    endpoint: s3.endpoint, region: s3.region, forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  traced.middlewareStack.add((next, context) => (args) => {
    commands.push(context.commandName as string);
    return next(args);
  }, { step: 'initialize' });
  return { store: new S3ArtifactStore({ bucket, prefix, client: traced, tmpDir: spoolDir, ...extra }), commands };
}

function sampleTable(rows: number, seed = 1): Table {
  const x0 = new Float64Array(rows);
  const x1 = new Float64Array(rows);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    x0[i] = Math.sin(i * 0.37 + seed);
    x1[i] = Math.cos(i * 0.11 * seed);
    y[i] = x0[i]! + x1[i]! > 0 ? 1 : 0;
  }
  return tableFromArrays({ x0, x1, y });
}

/**
 * Flips one byte of a stored object behind the store's back: in the server's own folder when the
 * server is ours (the posix backend keeps `<root>/<bucket>/<key>`, metadata untouched), else by an
 * overwrite through the S3 API.
 */
async function flipStoredByte(store: S3ArtifactStore, ref: DatasetRef, at: number): Promise<void> {
  const key = store.objectKeyOf(ref);
  if (s3.root !== undefined) {
    const file = path.join(s3.root, bucket, ...key.split('/'));
    const bytes = readFileSync(file);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(file, bytes);
    return;
  }
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await out.Body!.transformToByteArray());
  bytes[at] = bytes[at]! ^ 0xff;
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
}

describe('S3ArtifactStore against a real S3 server', () => {
  it('round-trips a table, JSON and bytes through openArtifactStore("s3://bucket/prefix")', async () => {
    const store = await openArtifactStore(`s3://${bucket}/runs/a`);
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect(store.baseUri).toBe(`s3://${bucket}/runs/a`);
    const table = sampleTable(1000);
    const ref = await store.writeTable(table);
    expect(ref.uri).toMatch(new RegExp(`^s3://${bucket}/runs/a/sha256/[0-9a-f]{2}/[0-9a-f]{62}\\.arrow$`));
    expect(ref.uri.endsWith(`/sha256/${ref.sha256.slice(0, 2)}/${ref.sha256.slice(2)}.arrow`)).toBe(true);
    expect(ref).toMatchObject({ kind: 'dataset', numRows: 1000, schema: { fields: [{ name: 'x0', type: 'Float64' }, { name: 'x1', type: 'Float64' }, { name: 'y', type: 'Int32' }] } });
    const back = await store.readTable(ref);
    expect(back.numRows).toBe(1000);
    expect(Array.from(back.getChild('x1')!.toArray() as Float64Array)).toEqual(Array.from(table.getChild('x1')!.toArray() as Float64Array));
    let rows = 0;
    for await (const b of store.readBatches(ref)) rows += b.numRows;
    expect(rows).toBe(1000);

    const model = await store.writeJson({ coef_: [[0.5, -1.25]], intercept_: [0.1] });
    expect(model.uri).toMatch(/\.json$/);
    expect(await store.readJson(model)).toEqual({ coef_: [[0.5, -1.25]], intercept_: [0.1] });
    const png = await store.writeBytes(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3), { name: 'boundary.png', mediaType: 'image/png' });
    expect(png.uri).toMatch(/\.png$/);
    expect(Array.from(await store.readBytes(png))).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(await store.has(ref)).toBe(true);
    await store.verify(ref);
  });

  it('hashes like the local store: the same table gets the same sha256 in both', async () => {
    const local = await openArtifactStore(mkdtempSync(path.join(tmpdir(), 'sigmoid-local-')));
    const table = sampleTable(300, 7);
    const a = await local.writeTable(table);
    const b = await (await openArtifactStore(`s3://${bucket}/same`)).writeTable(table);
    expect(b.sha256).toBe(a.sha256);
    expect(b.byteLength).toBe(a.byteLength);
  });

  it('is idempotent: a second write of the same content HEADs and re-hashes it but uploads nothing', async () => {
    const { store, commands } = tracedStore('idem');
    const table = sampleTable(500, 3);
    const first = await store.writeTable(table);
    expect(commands).toContain('PutObjectCommand');
    commands.length = 0;
    const second = await store.writeTable(table);
    expect(second).toEqual(first);
    expect(commands).toEqual(['HeadObjectCommand', 'GetObjectCommand']);
    commands.length = 0;
    const j1 = await store.writeJson({ a: 1 });
    const j2 = await store.writeJson({ a: 1 });
    expect(j2).toEqual(j1);
    expect(commands.filter((c) => c === 'PutObjectCommand')).toHaveLength(1);
    expect(readdirSync(spoolDir).filter((f) => f !== 'sigmoid-s3-cache')).toEqual([]); // spool files never outlive a call
  });

  it('detects an object corrupted in place (flipped byte on the server disk) before parsing, and a rewrite repairs it', async () => {
    const { store } = tracedStore('corrupt-disk');
    const table = sampleTable(2000, 4);
    const ref = await store.writeTable(table);
    await flipStoredByte(store, ref, 120); // inside an Arrow message header
    const err = await store.readTable(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactCorruptedError);
    expect((err as ArtifactCorruptedError).uri).toBe(ref.uri);
    expect((err as Error).message).toContain(ref.uri);
    await expect(store.verify(ref)).rejects.toBeInstanceOf(ArtifactCorruptedError);
    const batches = async () => { for await (const _ of store.readBatches(ref)) { /* drain */ } };
    await expect(batches()).rejects.toBeInstanceOf(ArtifactCorruptedError);
    // Re-running the producing step repairs the object (same content address).
    expect(await store.writeTable(table)).toEqual(ref);
    expect((await store.readTable(ref)).numRows).toBe(2000);
  });

  it('detects an object overwritten through the S3 API with flipped or truncated bytes', async () => {
    const { store } = tracedStore('corrupt-api');
    const model = await store.writeJson({ coef_: [1, 2, 3] });
    const key = store.objectKeyOf(model);
    const original = Buffer.from(JSON.stringify({ coef_: [1, 2, 3] }));
    const flipped = Buffer.from(original);
    flipped[3] = flipped[3]! ^ 0x01;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: flipped }));
    const err = await store.readJson(model).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactCorruptedError);
    expect((err as ArtifactCorruptedError).uri).toBe(model.uri);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original.subarray(0, 5) }));
    await expect(store.readJson(model)).rejects.toThrow(/5 bytes instead of/);
    expect(await store.writeJson({ coef_: [1, 2, 3] })).toEqual(model); // repaired
    expect(await store.readJson(model)).toEqual({ coef_: [1, 2, 3] });
  });

  it('reports a missing object as ArtifactNotFoundError with its uri; delete and has agree', async () => {
    const { store } = tracedStore('missing');
    const ref = await store.writeTable(sampleTable(50, 5));
    expect(await store.delete(ref)).toBe(true);
    expect(await store.delete(ref)).toBe(false);
    expect(await store.has(ref)).toBe(false);
    const err = await store.readTable(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactNotFoundError);
    expect((err as ArtifactNotFoundError).uri).toBe(ref.uri);
    await expect(store.verify(ref)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    const model = await store.writeJson({ gone: true });
    await store.delete(model);
    await expect(store.readJson(model)).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('lets concurrent writers of the same key all succeed with one identical, readable object', async () => {
    const table = sampleTable(20_000, 6);
    const writers = Array.from({ length: 4 }, () => tracedStore('concurrent', { partSize: 5 * 1024 * 1024 }).store);
    const refs = await Promise.all(writers.map((w) => w.writeTable(table)));
    for (const r of refs) expect(r).toEqual(refs[0]);
    const back = await writers[0]!.readTable(refs[0]!);
    expect(back.numRows).toBe(20_000);
    await writers[1]!.verify(refs[0]!);
  });

  it('uploads a 20 MB table as a multipart upload with bounded parts, and streams it back verified', async () => {
    const rows = 600_000; // 4 Float64 + Int32 columns: about 21.6 MB of Arrow IPC
    const cols = ['x0', 'x1', 'x2', 'x3'].map((name) => new Field(name, new Float64()));
    const schema = new Schema([...cols, new Field('y', new Int32())]);
    const batchRows = 50_000;
    let expectedSum = 0;
    const batches: RecordBatch[] = [];
    for (let start = 0; start < rows; start += batchRows) {
      const children = cols.map((_, c) => {
        const v = new Float64Array(batchRows);
        for (let i = 0; i < batchRows; i++) v[i] = ((start + i) * (c + 1)) % 1000;
        return makeData({ type: new Float64(), length: batchRows, data: v });
      });
      const y = new Int32Array(batchRows);
      for (let i = 0; i < batchRows; i++) { y[i] = (start + i) % 2; expectedSum += y[i]!; }
      children.push(makeData({ type: new Int32(), length: batchRows, data: y }) as never);
      batches.push(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batchRows, children })));
    }
    const { store, commands } = tracedStore('large', { partSize: 5 * 1024 * 1024, partConcurrency: 2 });
    const ref = await store.writeTable((async function* () { yield* batches; })());
    expect(ref.byteLength).toBeGreaterThan(20_000_000);
    const parts = commands.filter((c) => c === 'UploadPartCommand').length;
    expect(parts).toBe(Math.ceil(ref.byteLength / (5 * 1024 * 1024)));
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(commands).not.toContain('PutObjectCommand');
    expect(await store.has(ref)).toBe(true);
    let n = 0;
    let sum = 0;
    for await (const b of store.readBatches(ref)) {
      n += b.numRows;
      for (const v of b.getChild('y')!.toArray() as Int32Array) sum += v;
    }
    expect(n).toBe(rows);
    expect(sum).toBe(expectedSum);
    const pending = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'large/' }));
    expect(pending.Uploads ?? []).toEqual([]);
  }, 120_000);

  it('fails writes to an unreachable endpoint with ArtifactStoreWriteError naming it, and reads with ArtifactStoreReadError', async () => {
    const port = await freePort();
    const store = new S3ArtifactStore({
      bucket, endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, tmpDir: spoolDir,
    });
    const started = Date.now();
    const err = await store.writeJson({ a: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactStoreWriteError);
    expect((err as Error).message).toContain(`http://127.0.0.1:${port}`);
    expect((err as ArtifactStoreWriteError).code).toBe('ECONNREFUSED');
    expect((err as ArtifactStoreWriteError).nonRetryable).toBe(false);
    const readErr = await store.readTable({
      kind: 'dataset', uri: `s3://${bucket}/sha256/00/${'0'.repeat(62)}.arrow`, sha256: '0'.repeat(64), numRows: 0, byteLength: 1, schema: { fields: [], metadata: {} },
    }).catch((e: unknown) => e);
    expect(readErr).toBeInstanceOf(ArtifactStoreReadError);
    expect((readErr as Error).message).toMatch(/Could not read artifact s3:\/\/.* from the S3 endpoint http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(readdirSync(spoolDir).filter((f) => f !== 'sigmoid-s3-cache')).toEqual([]); // (the dataset cache aside)
  });

  it('says to create the bucket when it does not exist, and ensureBucket() creates it', async () => {
    const name = `no-such-bucket-${process.pid}`;
    const store = new S3ArtifactStore({ bucket: name, tmpDir: spoolDir });
    const err = await store.writeJson({ a: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactStoreWriteError);
    expect((err as Error).message).toContain(`create the bucket ${name} first`);
    expect(await store.ensureBucket()).toBe(true);
    expect(await store.ensureBucket()).toBe(false);
    const ref = await store.writeJson({ a: 1 });
    expect(await store.readJson(ref)).toEqual({ a: 1 });
  });

  it('rejects bad inputs like the local store, leaving no object and no spool file behind', async () => {
    const { store, commands } = tracedStore('rejects');
    const a = sampleTable(10, 1).batches[0]!;
    const b = tableFromArrays({ z: Float64Array.of(1) }).batches[0]!;
    await expect(store.writeTable([a, 42 as unknown as RecordBatch])).rejects.toThrow(/Expected Arrow RecordBatch items in the data source but item 1 is number/);
    await expect(store.writeTable([a, b])).rejects.toThrow(/Expected every record batch to have the schema of the first but batch 1 differs/);
    await expect(store.writeJson(undefined)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(store.writeJson({ big: 1n })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(store.writeBytes('text' as unknown as Uint8Array, { name: 'a', mediaType: 'text/plain' })).rejects.toThrow(/Expected a Uint8Array for bytes/);
    await expect(store.writeBytes(Uint8Array.of(1), { name: '', mediaType: 'text/plain' })).rejects.toThrow(/meta\.name/);
    await expect(store.writeBytes(Uint8Array.of(1), { name: 'a', mediaType: 'nonsense' })).rejects.toThrow(/meta\.mediaType/);
    const model = await store.writeJson({ ok: true });
    await expect(store.readTable(model as unknown as DatasetRef)).rejects.toThrow(/Expected "dataset" for ref\.kind/);
    await expect(store.readJson({ ...model, uri: model.uri.replace(/\.json$/, '.arrow') })).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    expect(commands.filter((c) => c === 'PutObjectCommand')).toHaveLength(1); // only the valid JSON
    expect(readdirSync(spoolDir).filter((f) => f !== 'sigmoid-s3-cache')).toEqual([]); // (the dataset cache aside)
  });

  it('refuses references from another store or with an escaping key', async () => {
    const store = new S3ArtifactStore({ bucket, prefix: 'p' });
    const sha = 'a'.repeat(64);
    const foreign = { kind: 'model' as const, uri: `s3://other-bucket/p/sha256/aa/${'a'.repeat(62)}.json`, sha256: sha, byteLength: 1 };
    await expect(store.readJson(foreign)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    const escaping = { kind: 'model' as const, uri: `s3://${bucket}/p/sha256/../../etc/${'a'.repeat(58)}.json`, sha256: sha, byteLength: 1 };
    await expect(store.readJson(escaping)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(store.readJson({ ...foreign, sha256: 'nope' })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  describe('the dataset cache', () => {
    /** A store with its own spool / cache folder. */
    function cachedStore(prefix: string, datasetCacheBytes?: number) {
      const dir = mkdtempSync(path.join(tmpdir(), 'sigmoid-s3-cache-test-'));
      const traced = tracedStore(prefix, { tmpDir: dir, ...(datasetCacheBytes === undefined ? {} : { datasetCacheBytes }) });
      const cacheDir = path.join(dir, 'sigmoid-s3-cache');
      return { ...traced, dir, cacheDir, gets: () => traced.commands.filter((c) => c === 'GetObjectCommand').length };
    }
    const drain = async (batches: AsyncIterable<RecordBatch>) => {
      let n = 0;
      for await (const b of batches) n += b.numRows;
      return n;
    };

    it('downloads a dataset once: later passes read the verified local copy', async () => {
      const { store, gets, cacheDir, dir } = cachedStore('cache-once');
      const table = sampleTable(3000, 2);
      const ref = await store.writeTable(table);
      const before = gets();
      for (let pass = 0; pass < 3; pass++) expect(await drain(store.readBatches(ref))).toBe(3000);
      expect((await store.readTable(ref)).getChild('x1')!.get(2999)).toBe(table.getChild('x1')!.get(2999));
      expect(gets() - before).toBe(1);
      expect(store.downloads).toBe(1);
      expect(readdirSync(cacheDir)).toEqual([`${ref.sha256}.arrow`]);
      expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]); // no spool left behind
      rmSync(dir, { recursive: true, force: true });
    });

    it('a cached copy changed on disk is caught by its hash, dropped and downloaded again', async () => {
      const { store, gets, cacheDir, dir } = cachedStore('cache-changed');
      const ref = await store.writeTable(sampleTable(2000, 5));
      await drain(store.readBatches(ref));
      const file = path.join(cacheDir, `${ref.sha256}.arrow`);
      const bytes = readFileSync(file);
      bytes[200] = bytes[200]! ^ 0xff;
      writeFileSync(file, bytes);
      const before = gets();
      expect(await drain(store.readBatches(ref))).toBe(2000);
      expect(gets() - before).toBe(1);
      expect(readFileSync(file)[200]).toBe(bytes[200]! ^ 0xff); // the downloaded (good) byte is back in the cache
      rmSync(dir, { recursive: true, force: true });
    });

    it('datasetCacheBytes bounds it: 0 downloads every pass; the oldest download is evicted; delete drops the copy', async () => {
      const off = cachedStore('cache-off', 0);
      const ref = await off.store.writeTable(sampleTable(1000, 3));
      await drain(off.store.readBatches(ref));
      await drain(off.store.readBatches(ref));
      expect(off.store.downloads).toBe(2);
      expect(readdirSync(off.dir)).toEqual([]);

      const tables = [sampleTable(4000, 6), sampleTable(4000, 7)] as const;
      const size = (await new S3ArtifactStore({ bucket, prefix: 'cache-one', datasetCacheBytes: 0 }).writeTable(tables[0])).byteLength;
      const one = cachedStore('cache-one', size + 100); // room for one of the two
      const a = await one.store.writeTable(tables[0]);
      const b = await one.store.writeTable(tables[1]);
      expect(b.byteLength).toBe(size);
      await drain(one.store.readBatches(a));
      await new Promise((r) => setTimeout(r, 20)); // distinct mtimes
      await drain(one.store.readBatches(b));
      expect(readdirSync(one.cacheDir)).toEqual([`${b.sha256}.arrow`]);
      await drain(one.store.readBatches(b));
      expect(one.store.downloads).toBe(2);
      expect(await one.store.delete(b)).toBe(true);
      expect(readdirSync(one.cacheDir)).toEqual([]);
      await expect(drain(one.store.readBatches(b))).rejects.toBeInstanceOf(ArtifactNotFoundError);
      expect(() => new S3ArtifactStore({ bucket, datasetCacheBytes: -1 })).toThrow(/datasetCacheBytes/);
      expect(() => new S3ArtifactStore({ bucket, env: { SIGMOID_S3_DATASET_CACHE_BYTES: '2 GB' } })).toThrow(/SIGMOID_S3_DATASET_CACHE_BYTES.*2 GB/);
      const fromEnv = cachedStore('cache-env');
      const viaEnv = new S3ArtifactStore({ bucket, prefix: 'cache-env', tmpDir: fromEnv.dir, env: { ...process.env, SIGMOID_S3_DATASET_CACHE_BYTES: '0' } });
      const r = await viaEnv.writeTable(sampleTable(500, 8));
      await drain(viaEnv.readBatches(r));
      await drain(viaEnv.readBatches(r));
      expect(viaEnv.downloads).toBe(2); // the environment turned the cache off
      rmSync(fromEnv.dir, { recursive: true, force: true });
      for (const d of [off.dir, one.dir]) rmSync(d, { recursive: true, force: true });
    });
  });

  it.each([
    [{ bucket: 'A_bad_bucket' }, /bucket/],
    [{ bucket: 'ok-bucket', prefix: 'a/../b' }, /prefix/],
    [{ bucket: 'ok-bucket', partSize: 1024 }, /partSize/],
    [{ bucket: 'ok-bucket', partConcurrency: 0 }, /partConcurrency/],
    [{ bucket: 'ok-bucket', endpoint: 'ftp://host' }, /endpoint/],
  ])('rejects bad options %j with InvalidParameterError', (options, parameter) => {
    let err: unknown;
    try {
      new S3ArtifactStore(options as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as Error).message).toMatch(parameter);
  });

  it.each(['s3://', 's3://bkt-ok/prefix?x=1', 's3://user:pw@bkt-ok/p', 's3://bkt-ok:9000/p', 's3://bkt-ok/a%zz', 's3://bkt-ok/a%2F..%2Fb', 's3://bkt-ok/a b'])('rejects the uri %s', async (uri) => {
    await expect(openArtifactStore(uri)).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('reads the endpoint from SIGMOID_S3_ENDPOINT, then AWS_ENDPOINT_URL_S3', () => {
    expect(new S3ArtifactStore({ bucket, env: { SIGMOID_S3_ENDPOINT: 'http://a:1', AWS_ENDPOINT_URL_S3: 'http://b:2' } }).endpoint).toBe('http://a:1');
    expect(new S3ArtifactStore({ bucket, env: { AWS_ENDPOINT_URL_S3: 'http://b:2' } }).endpoint).toBe('http://b:2');
    expect(new S3ArtifactStore({ bucket, env: {} }).endpoint).toBe('aws');
  });
});
