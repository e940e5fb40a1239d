import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApplicationFailure, StorageDriverClaim, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { RecordBatch, Schema, Table, Utf8, tableFromArrays, vectorFromArray, type Vector } from 'apache-arrow';
import { ArtifactCorruptedError, InvalidParameterError, LocalArtifactStore, SchemaMismatchError } from '@sigmoid/arrow-store';
import {
  AesGcmPayloadCodec,
  ArtifactStorageDriver,
  ARROW_IPC_ENCODING,
  ENCRYPTED_ENCODING,
  PayloadDecryptionError,
  arrowStorePlugin,
  payloadConverter,
  toApplicationFailure,
  withApplicationFailures,
} from '@sigmoid/arrow-store/temporal';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sigmoid-temporal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (b: Uint8Array | null | undefined) => new TextDecoder().decode(b ?? new Uint8Array());
const columns = (t: Table) => Object.fromEntries(t.schema.fields.map((f) => [f.name, [...(t.getChild(f.name) as Vector)]]));

describe('toApplicationFailure', () => {
  it('turns a SigmoidInputError into a non-retryable ApplicationFailure with its type and details', () => {
    const err = new SchemaMismatchError('Expected Float64 for feature column "x0" but received Utf8', 'x0', 'Float64', 'Utf8');
    const failure = toApplicationFailure(err) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('SchemaMismatchError');
    expect(failure.message).toBe(err.message);
    expect(failure.details).toEqual([{ column: 'x0', expected: 'Float64', received: 'Utf8' }]);
  });

  it('keeps the uri of a corrupted artifact in the details, for the workflow to re-run the producer', () => {
    const failure = toApplicationFailure(new ArtifactCorruptedError('file:///a/sha256/ab/cd.arrow', 'a'.repeat(64), 'b'.repeat(64))) as ApplicationFailure;
    expect(failure.type).toBe('ArtifactCorruptedError');
    expect(failure.nonRetryable).toBe(true);
    expect((failure.details?.[0] as { uri: string }).uri).toBe('file:///a/sha256/ab/cd.arrow');
  });

  it('passes other errors through unchanged so that Temporal retries them', () => {
    const io = Object.assign(new Error('EIO'), { code: 'EIO' });
    expect(toApplicationFailure(io)).toBe(io);
    const retryable = ApplicationFailure.retryable('again');
    expect(toApplicationFailure(retryable)).toBe(retryable);
  });

  it('wraps every activity of an object', async () => {
    const acts = withApplicationFailures({
      bad: async () => { throw new InvalidParameterError('learning_rate', 'a positive number', -1); },
      good: async (x: number) => x + 1,
    });
    await expect(acts.good(1)).resolves.toBe(2);
    const failure = await acts.bad().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('InvalidParameterError');
  });
});

describe('binary/arrow-ipc payload converter', () => {
  it('round-trips a multi-batch table with Float64/Float32/Int32/Utf8 columns and schema metadata', () => {
    const a = new Table({ x0: vectorFromArray(Float64Array.of(1.5, -2, 3)), x1: vectorFromArray(Float32Array.of(0.25, 1, 2)), y: vectorFromArray(Int32Array.of(0, 1, 0)), s: vectorFromArray(['a', 'bb', ''], new Utf8()) });
    const schema = new Schema(a.schema.fields, new Map([['seed', '42']]));
    const batch = a.batches[0]!;
    const table = new Table(schema, [new RecordBatch(schema, batch.data), new RecordBatch(schema, batch.data)]);
    const payload = payloadConverter.toPayload(table);
    expect(text(payload.metadata?.encoding)).toBe(ARROW_IPC_ENCODING);
    const back = payloadConverter.fromPayload<Table>(payload);
    expect(back).toBeInstanceOf(Table);
    expect(back.numRows).toBe(6);
    expect(back.batches.length).toBe(2);
    expect(back.schema.metadata.get('seed')).toBe('42');
    expect(columns(back)).toEqual(columns(table));
  });

  it('reads payload bytes at an unaligned offset', () => {
    const table = tableFromArrays({ x0: Float64Array.of(1, 2, 3) });
    const payload = payloadConverter.toPayload(table);
    const shifted = new Uint8Array(payload.data!.byteLength + 3);
    shifted.set(payload.data!, 3);
    const back = payloadConverter.fromPayload<Table>({ ...payload, data: shifted.subarray(3) });
    expect([...(back.getChild('x0')!.toArray() as Float64Array)]).toEqual([1, 2, 3]);
  });

  it('leaves every other value to the default converters', () => {
    expect(text(payloadConverter.toPayload({ a: 1 }).metadata?.encoding)).toBe('json/plain');
    expect(text(payloadConverter.toPayload(new Uint8Array(2)).metadata?.encoding)).toBe('binary/plain');
    expect(payloadConverter.fromPayload(defaultPayloadConverter.toPayload({ ref: 'x' }))).toEqual({ ref: 'x' });
  });
});

describe('ArtifactStorageDriver', () => {
  it('stores payloads as artifacts and returns them verified', async () => {
    const store = new LocalArtifactStore(path.join(dir, 'driver'));
    const driver = new ArtifactStorageDriver(store);
    const big: Payload = { metadata: { encoding: new TextEncoder().encode('binary/plain') }, data: randomBytes(300_000) };
    const small: Payload = payloadConverter.toPayload({ hello: 'world' });
    const claims = await driver.store({}, [big, small]);
    expect(claims).toHaveLength(2);
    expect(claims[0]!.claimData.uri!.startsWith(store.baseUri)).toBe(true);
    expect(JSON.stringify(claims[0]!.claimData).length).toBeLessThan(300);
    const [b, s] = await driver.retrieve({}, claims);
    expect(Buffer.from(b!.data!).equals(Buffer.from(big.data!))).toBe(true);
    expect(text(b!.metadata!.encoding)).toBe('binary/plain');
    expect(payloadConverter.fromPayload(s!)).toEqual({ hello: 'world' });
  });

  it('fails on a corrupted stored payload instead of decoding garbage', async () => {
    const store = new LocalArtifactStore(path.join(dir, 'driver-corrupt'));
    const driver = new ArtifactStorageDriver(store);
    const [claim] = await driver.store({}, [payloadConverter.toPayload({ v: 1 })]);
    const file = new URL(claim!.claimData.uri!).pathname;
    await writeFile(file, 'garbage');
    await expect(driver.retrieve({}, [claim!])).rejects.toBeInstanceOf(ArtifactCorruptedError);
    await expect(driver.retrieve({}, [new StorageDriverClaim({ sha256: 'x' })])).rejects.toBeInstanceOf(InvalidParameterError);
  });
});

describe('AesGcmPayloadCodec', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const secret = payloadConverter.toPayload({ patient: 'Ada Lovelace', coef: [1.25, -3.5] });

  it('round-trips payloads, and the encoded bytes do not contain the plaintext', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { k1 }, activeKeyId: 'k1' });
    const [enc] = await codec.encode([secret]);
    expect(text(enc!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(enc!.metadata!['encryption-key-id'])).toBe('k1');
    expect(Buffer.from(enc!.data!).includes('Ada Lovelace')).toBe(false);
    expect(Buffer.from(enc!.data!).includes('json/plain')).toBe(false);
    const [dec] = await codec.decode([enc!]);
    expect(payloadConverter.fromPayload(dec!)).toEqual({ patient: 'Ada Lovelace', coef: [1.25, -3.5] });
  });

  it('uses a fresh IV: the same payload encrypts differently each time', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { k1 }, activeKeyId: 'k1' });
    const [a, b] = await codec.encode([secret, secret]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('cannot decrypt without the key or with a wrong key', async () => {
    const [enc] = await new AesGcmPayloadCodec({ keys: { k1 }, activeKeyId: 'k1' }).encode([secret]);
    const missing = await new AesGcmPayloadCodec({ keys: { k2 }, activeKeyId: 'k2' }).decode([enc!]).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PayloadDecryptionError);
    expect((missing as Error).message).toMatch(/Expected the encryption key "k1".*\(k2\) but it is not configured/);
    const wrong = await new AesGcmPayloadCodec({ keys: { k1: k2 }, activeKeyId: 'k1' }).decode([enc!]).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(PayloadDecryptionError);
    expect((wrong as Error).message).toMatch(/could not be decrypted with key "k1": wrong key or altered data/);
  });

  it('detects altered ciphertext and a forged key id', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { k1, k2 }, activeKeyId: 'k1' });
    const [enc] = await codec.encode([secret]);
    const flipped = Uint8Array.from(enc!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await expect(codec.decode([{ ...enc!, data: flipped }])).rejects.toBeInstanceOf(PayloadDecryptionError);
    const forged = { ...enc!, metadata: { ...enc!.metadata, 'encryption-key-id': new TextEncoder().encode('k2') } };
    await expect(codec.decode([forged])).rejects.toBeInstanceOf(PayloadDecryptionError);
  });

  it('keeps old payloads readable after key rotation', async () => {
    const [old] = await new AesGcmPayloadCodec({ keys: { k1 }, activeKeyId: 'k1' }).encode([secret]);
    const rotated = new AesGcmPayloadCodec({ keys: { k1, k2 }, activeKeyId: 'k2' });
    const [fresh] = await rotated.encode([secret]);
    expect(text(fresh!.metadata!['encryption-key-id'])).toBe('k2');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((p) => payloadConverter.fromPayload(p))).toEqual([
      { patient: 'Ada Lovelace', coef: [1.25, -3.5] },
      { patient: 'Ada Lovelace', coef: [1.25, -3.5] },
    ]);
  });

  it('passes unencrypted payloads through decode', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { k1 }, activeKeyId: 'k1' });
    expect(await codec.decode([secret])).toEqual([secret]);
  });

  it('reads keys from the environment and from a file', async () => {
    const env = { SIGMOID_ENCRYPTION_KEYS: `old:${k1.toString('base64')},new:${k2.toString('base64')}`, SIGMOID_ENCRYPTION_KEY_ID: 'new' };
    const fromEnv = AesGcmPayloadCodec.fromEnv(env)!;
    expect(fromEnv.activeKeyId).toBe('new');
    const [enc] = await new AesGcmPayloadCodec({ keys: { old: k1 }, activeKeyId: 'old' }).encode([secret]);
    expect(payloadConverter.fromPayload((await fromEnv.decode([enc!]))[0]!)).toEqual({ patient: 'Ada Lovelace', coef: [1.25, -3.5] });
    const file = path.join(dir, 'keys.json');
    await writeFile(file, JSON.stringify({ activeKeyId: 'old', keys: { old: k1.toString('base64') } }));
    expect(AesGcmPayloadCodec.fromEnv({ SIGMOID_ENCRYPTION_KEYS_FILE: file })!.activeKeyId).toBe('old');
    const listFile = path.join(dir, 'keys.txt');
    await writeFile(listFile, `# rotated 2026-11\nold:${k1.toString('base64')}\n`);
    expect(AesGcmPayloadCodec.fromEnv({ SIGMOID_ENCRYPTION_KEYS_FILE: listFile })!.activeKeyId).toBe('old');
    expect(AesGcmPayloadCodec.fromEnv({})).toBeUndefined();
  });

  it.each([
    ['a short key', { SIGMOID_ENCRYPTION_KEYS: `k:${randomBytes(16).toString('base64')}` }, /base64-encoded 32-byte key/],
    ['an entry without id', { SIGMOID_ENCRYPTION_KEYS: randomBytes(32).toString('base64') }, /<key id>:<base64 key>/],
    ['several keys and no active id', { SIGMOID_ENCRYPTION_KEYS: `a:${k1.toString('base64')},b:${k2.toString('base64')}` }, /SIGMOID_ENCRYPTION_KEY_ID/],
    ['an active id that is not configured', { SIGMOID_ENCRYPTION_KEYS: `a:${k1.toString('base64')}`, SIGMOID_ENCRYPTION_KEY_ID: 'z' }, /one of the configured key ids \(a\) for activeKeyId/],
    ['a missing key file', { SIGMOID_ENCRYPTION_KEYS_FILE: '/nonexistent/keys' }, /a readable key file/],
  ])('rejects %s', (_label, env, message) => {
    expect(() => AesGcmPayloadCodec.fromEnv(env)).toThrowError(message);
    expect(() => AesGcmPayloadCodec.fromEnv(env)).toThrowError(InvalidParameterError);
  });

  it('never puts key material in error messages', () => {
    const key = randomBytes(31).toString('base64');
    const err = (() => { try { AesGcmPayloadCodec.fromEnv({ SIGMOID_ENCRYPTION_KEYS: `k:${key}` }); } catch (e) { return e as Error; } })();
    expect(err?.message).not.toContain(key);
  });
});

describe('arrowStorePlugin', () => {
  it('registers the converter path, the codec and external storage on worker options', () => {
    const codec = new AesGcmPayloadCodec({ keys: { k: randomBytes(32) }, activeKeyId: 'k' });
    const plugin = arrowStorePlugin({ store: path.join(dir, 'plugin'), encryption: codec, externalStorageThreshold: 1000 });
    const opts = plugin.configureWorker({ taskQueue: 'q' });
    expect(opts.dataConverter?.payloadConverterPath).toMatch(/payload-converter\.js$/);
    expect(opts.dataConverter?.payloadCodecs).toEqual([codec]);
    expect(opts.dataConverter?.externalStorage?.payloadSizeThreshold).toBe(1000);
    expect(opts.dataConverter?.externalStorage?.drivers[0]).toBeInstanceOf(ArtifactStorageDriver);
  });

  it('keeps what the user configured and appends codecs', () => {
    const mine = { encode: async (p: Payload[]) => p, decode: async (p: Payload[]) => p };
    const codec = new AesGcmPayloadCodec({ keys: { k: randomBytes(32) }, activeKeyId: 'k' });
    const plugin = arrowStorePlugin({ store: path.join(dir, 'plugin'), encryption: codec, externalStorageThreshold: false });
    const opts = plugin.configureClient({ dataConverter: { payloadConverterPath: '/mine.js', payloadCodecs: [mine] } });
    expect(opts.dataConverter?.payloadConverterPath).toBe('/mine.js');
    expect(opts.dataConverter?.payloadCodecs).toEqual([mine, codec]);
    expect(opts.dataConverter?.externalStorage).toBeUndefined();
  });

  it('rejects a bad threshold', () => {
    expect(() => arrowStorePlugin({ externalStorageThreshold: -1 })).toThrowError(/Expected a non-negative number of bytes or false for externalStorageThreshold but received -1/);
  });
});

// The store directory of the driver test holds exactly the stored payloads.
describe('driver layout', () => {
  it('writes payload artifacts under sha256/', async () => {
    const store = new LocalArtifactStore(path.join(dir, 'layout'));
    await new ArtifactStorageDriver(store).store({}, [payloadConverter.toPayload([1])]);
    expect(await readdir(path.join(dir, 'layout'))).toEqual(expect.arrayContaining(['sha256']));
  });
});


