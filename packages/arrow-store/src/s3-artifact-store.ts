import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import { collectTable, encodeArrowStream, openArrowStream } from './arrow-stream.js';
import { fileVersion, hashHandle } from './hash-file.js';
import { recyclable } from './ipc-messages.js';
import type { RecyclableBatches } from './recycling.js';
import {
  artifactExtension,
  artifactKey,
  isSha256Hex,
  parseArtifactKey,
  summariseSchema,
  type AnyArtifactRef,
  type ArtifactRef,
  type DatasetRef,
  type ManagedArtifactStore,
  type ModelRef,
} from './artifact-ref.js';
import type { RecordBatchSource } from './dataset-spec.js';
import {
  ArtifactCorruptedError,
  ArtifactNotFoundError,
  ArtifactStoreWriteError,
  InvalidArtifactKeyError,
  InvalidDataError,
  InvalidParameterError,
} from './errors.js';
import type { WriteTableOptions } from './local-artifact-store.js';
import { registerArtifactStoreBackend } from './open-artifact-store.js';

/** Options of {@link S3ArtifactStore}. Every default comes from the standard AWS environment. */
export interface S3ArtifactStoreOptions {
  /** Bucket name (must exist). */
  bucket: string;
  /** Key prefix, without leading or trailing `/` (default `''`: keys at the bucket root). */
  prefix?: string;
  /**
   * S3 endpoint URL. Default: `SIGMOID_S3_ENDPOINT`, else `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`,
   * else AWS itself (the SDK picks the regional endpoint).
   */
  endpoint?: string;
  /** Default: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string;
  /** Default: the SDK's provider chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Path-style addressing (`http://host/bucket/key`). Default: `SIGMOID_S3_FORCE_PATH_STYLE` when set
   * (`true`/`false`), else `true` when a custom endpoint is set (MinIO-style servers, versitygw), `false` on AWS.
   */
  forcePathStyle?: boolean;
  /** Part size of multipart uploads in bytes (default 8 MiB; S3 requires at least 5 MiB). Objects of at most one part are a single PUT. */
  partSize?: number;
  /** Parts uploaded at the same time (default 4). Memory held by an upload is about `partSize × partConcurrency`. */
  partConcurrency?: number;
  /** Folder for the local spool files of `writeTable` and dataset reads, and for the dataset cache (default `os.tmpdir()`). */
  tmpDir?: string;
  /**
   * Bytes of downloaded datasets kept in `<tmpDir>/sigmoid-s3-cache` (default 2 GiB; 0: none). The
   * solvers read a dataset once per pass; a cached dataset is downloaded (and verified) once, and read
   * from the local copy after that, re-verified only when the file changed on disk. Datasets are
   * content-addressed, so a cached copy is the dataset whatever happens to the object later (except
   * `delete` through this store, which drops it). The oldest downloads are evicted first. Default
   * also from `SIGMOID_S3_DATASET_CACHE_BYTES`.
   */
  datasetCacheBytes?: number;
  /** Environment to read the defaults from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** A ready client (tests, custom middleware); the endpoint options above are then ignored. */
  client?: S3Client;
}

/**
 * The object store could not be read: the endpoint is unreachable, the credentials are refused, the
 * bucket does not answer. Retryable (the artifact may well be there); a missing object is an
 * {@link ArtifactNotFoundError} instead.
 */
export class ArtifactStoreReadError extends Error {
  readonly nonRetryable = false as const;
  constructor(
    /** The artifact the read aimed at. */
    readonly uri: string,
    /** The endpoint that was asked. */
    readonly endpoint: string,
    /** The SDK error name or system code (`ECONNREFUSED`, `AccessDenied`, ...). */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause instanceof Error ? options.cause.message || options.cause.name : String(options?.cause ?? 'unknown error');
    super(`Could not read artifact ${uri} from the S3 endpoint ${endpoint}${code ? ` (${code})` : ''}: ${cause}`, options);
    this.name = 'ArtifactStoreReadError';
  }
}

type S3Sdk = typeof import('@aws-sdk/client-s3');
let sdkPromise: Promise<S3Sdk> | undefined;
/** Loaded on first use: importing the package (or bundling it) must not pay for the AWS SDK. */
function loadSdk(): Promise<S3Sdk> {
  sdkPromise ??= import('@aws-sdk/client-s3');
  return sdkPromise;
}

const MIB = 1 << 20;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

function mediaTypeOf(kind: AnyArtifactRef['kind'], mediaType?: string): string {
  if (kind === 'dataset') return 'application/vnd.apache.arrow.stream';
  if (kind === 'model') return 'application/json';
  return mediaType ?? 'application/octet-stream';
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; name?: unknown; Code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors)) for (const inner of e.errors) { const c = errorCode(inner); if (c) return c; } // AggregateError (happy eyeballs)
  if (e.cause !== undefined) { const c = errorCode(e.cause); if (c) return c; }
  if (typeof e.Code === 'string') return e.Code;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  return undefined;
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function isNoSuchBucket(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === 'NoSuchBucket';
}

/** A local spool file: written (and hashed) sequentially, read back by offset, removed at the end. */
class SpoolFile {
  readonly hash = createHash('sha256');
  byteLength = 0;
  private constructor(
    readonly file: string,
    readonly fh: FileHandle,
  ) {}

  static async create(dir: string, target: string): Promise<SpoolFile> {
    const file = path.join(dir, `sigmoid-s3-${process.pid}-${randomBytes(8).toString('hex')}.partial`);
    try {
      return new SpoolFile(file, await open(file, 'wx+', 0o600));
    } catch (err) {
      throw new ArtifactStoreWriteError(`${target} (local spool folder ${dir})`, errorCode(err), { cause: err });
    }
  }

  async write(chunks: Uint8Array[], target: string, hashIt = true): Promise<void> {
    for (const c of chunks) {
      if (c.byteLength === 0) continue;
      if (hashIt) this.hash.update(c);
      try {
        let done = 0;
        while (done < c.byteLength) {
          const { bytesWritten } = await this.fh.write(c, done, c.byteLength - done, this.byteLength + done);
          done += bytesWritten;
        }
      } catch (err) {
        throw new ArtifactStoreWriteError(`${target} (local spool file ${this.file})`, errorCode(err), { cause: err });
      }
      this.byteLength += c.byteLength;
    }
  }

  async readRange(from: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, done, length - done, from + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buf.subarray(0, done);
  }

  /** Closes and removes the spool file; never throws. */
  async discard(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await unlink(this.file).catch(() => undefined);
  }
}

/**
 * The S3-compatible {@link ManagedArtifactStore}: `s3://<bucket>/<prefix>` with the same key layout and
 * guarantees as {@link LocalArtifactStore} (`<prefix>/sha256/<2 hex>/<62 hex>.<ext>`).
 *
 * - `writeTable` streams the Arrow IPC bytes to a local spool file while hashing them (memory: one
 *   batch), so the content key is known *before* anything is sent: a HEAD then skips the upload when
 *   the object already exists (idempotent, memoised re-runs cost no upload), and the upload goes
 *   straight to the final key, as one PUT or a multipart upload with bounded memory. S3 makes an object
 *   visible only when its PUT or CompleteMultipartUpload succeeds, so no partial artifact is ever seen.
 * - Reads download into a local spool file while hashing, verify the whole object, and only then parse
 *   it (a corrupted Arrow header can make the reader allocate without bound; see the README).
 * - An existing object is re-hashed before a write skips it; a corrupted one is overwritten (repaired).
 */
export class S3ArtifactStore implements ManagedArtifactStore {
  readonly bucket: string;
  readonly prefix: string;
  readonly baseUri: string;
  /** The endpoint in use (`aws` when the SDK picks it). */
  readonly endpoint: string;
  private readonly partSize: number;
  private readonly partConcurrency: number;
  private readonly tmpDir: string;
  private readonly cacheBytes: number;
  /** Cached dataset files this store has verified, with their file version then. */
  private readonly cacheVerified = new Map<string, string>();
  /** Datasets downloaded from S3 (for tests and benchmarks: cached reads do not count). */
  downloads = 0;
  private clientPromise: Promise<S3Client> | undefined;
  private readonly options: S3ArtifactStoreOptions;

  constructor(options: S3ArtifactStoreOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidParameterError('options', 'an options object with a bucket', options);
    if (typeof options.bucket !== 'string' || !BUCKET_NAME.test(options.bucket) || options.bucket.includes('..')) {
      throw new InvalidParameterError('bucket', 'an S3 bucket name (3-63 lowercase letters, digits, "." and "-")', options.bucket);
    }
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (typeof options.prefix !== 'undefined' && typeof options.prefix !== 'string') throw new InvalidParameterError('prefix', 'a key prefix string', options.prefix);
    if (prefix !== '' && !prefix.split('/').every((s) => PREFIX_SEGMENT.test(s) && s !== '.' && s !== '..')) {
      throw new InvalidParameterError('prefix', 'a key prefix of "/"-separated segments of letters, digits, ".", "_" and "-" (no "." or ".." segments)', options.prefix);
    }
    const partSize = options.partSize ?? 8 * MIB;
    if (!Number.isInteger(partSize) || partSize < 5 * MIB || partSize > 5 * 1024 * MIB) {
      throw new InvalidParameterError('partSize', 'an integer number of bytes between 5 MiB and 5 GiB', options.partSize);
    }
    const partConcurrency = options.partConcurrency ?? 4;
    if (!Number.isInteger(partConcurrency) || partConcurrency < 1 || partConcurrency > 64) {
      throw new InvalidParameterError('partConcurrency', 'an integer between 1 and 64', options.partConcurrency);
    }
    const env = options.env ?? process.env;
    const endpoint = options.endpoint ?? (env['SIGMOID_S3_ENDPOINT'] || env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'] || undefined);
    if (endpoint !== undefined) {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(endpoint).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw new InvalidParameterError('endpoint', 'an http:// or https:// URL such as http://127.0.0.1:7070', endpoint);
    }
    this.options = { ...options, endpoint };
    this.bucket = options.bucket;
    this.prefix = prefix;
    this.baseUri = `s3://${this.bucket}${prefix ? `/${prefix}` : ''}`;
    this.endpoint = endpoint ?? 'aws';
    this.partSize = partSize;
    this.partConcurrency = partConcurrency;
    this.tmpDir = options.tmpDir ?? tmpdir();
    const fromEnv = env['SIGMOID_S3_DATASET_CACHE_BYTES'];
    const cacheBytes = options.datasetCacheBytes ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : 2 * 1024 * MIB);
    if (!Number.isSafeInteger(cacheBytes) || cacheBytes < 0) {
      throw new InvalidParameterError(options.datasetCacheBytes === undefined ? 'SIGMOID_S3_DATASET_CACHE_BYTES' : 'datasetCacheBytes', 'an integer number of bytes >= 0', options.datasetCacheBytes ?? fromEnv);
    }
    this.cacheBytes = cacheBytes;
  }

  /** Opens `s3://bucket/prefix` with the environment's endpoint, region and credentials. */
  static fromUri(uri: string | URL, options: Omit<S3ArtifactStoreOptions, 'bucket' | 'prefix'> = {}): S3ArtifactStore {
    let url: URL;
    try {
      url = typeof uri === 'string' ? new URL(uri) : uri;
    } catch {
      throw new InvalidParameterError('artifact store', 'an s3://bucket/prefix uri', uri);
    }
    if (url.protocol !== 's3:' || url.hostname === '' || url.search !== '' || url.hash !== '' || url.username !== '' || url.port !== '') {
      throw new InvalidParameterError('artifact store', 'an s3://bucket/prefix uri (no port, credentials, query or fragment)', String(uri));
    }
    if (url.pathname.includes('%')) throw new InvalidParameterError('artifact store', 'an s3://bucket/prefix uri without percent-encoding', String(uri));
    return new S3ArtifactStore({ ...options, bucket: url.hostname, prefix: url.pathname });
  }

  // ---------------------------------------------------------------- datasets

  async writeTable(source: RecordBatchSource, options: WriteTableOptions = {}): Promise<DatasetRef> {
    const spool = await SpoolFile.create(this.tmpDir, this.baseUri);
    try {
      const { schema, numRows } = await encodeArrowStream(source, options.schema, (chunks) => spool.write(chunks, this.baseUri), {
        notABatch: (item, index) => new InvalidDataError(`Expected Arrow RecordBatch items in the data source but item ${index} is ${item === null ? 'null' : typeof item}`),
        schemaDiffers: (_first, _other, index) => new InvalidDataError(`Expected every record batch to have the schema of the first but batch ${index} differs`, { batch: index }),
      });
      const sha256 = spool.hash.digest('hex');
      const key = artifactKey(sha256, 'arrow');
      const ref: DatasetRef = { kind: 'dataset', uri: this.uriOf(key), sha256, numRows, byteLength: spool.byteLength, schema: summariseSchema(schema) };
      if (!(await this.holds(ref))) await this.uploadSpool(spool, ref);
      return ref;
    } finally {
      await spool.discard();
    }
  }

  /** The dataset's batches, streamed; recyclable ({@link RecyclableBatches}): a consumer that recycles its batches lets their memory be reused. */
  readBatches(ref: DatasetRef): RecyclableBatches {
    return recyclable(this.scanDataset(ref, () => undefined));
  }

  readTable(ref: DatasetRef): Promise<Table> {
    return collectTable((onSchema) => this.scanDataset(ref, onSchema));
  }

  private async *scanDataset(ref: DatasetRef, onSchema: (schema: Schema) => void): AsyncGenerator<RecordBatch, void, undefined> {
    const objectKey = this.objectKeyOf(ref, 'dataset');
    const data = (await this.openCached(ref)) ?? (await this.downloadDataset(ref, objectKey));
    try {
      yield* await openArrowStream(data.fh, ref.byteLength, ref.uri, onSchema);
    } finally {
      await data.close();
    }
  }

  // ---------------------------------------------------------------- the dataset cache

  private cacheFile(ref: DatasetRef): string {
    return path.join(this.tmpDir, 'sigmoid-s3-cache', `${ref.sha256}.arrow`);
  }

  /** The cached copy of a dataset, verified (hashed when this store has not seen this version of the file); null when there is none. */
  private async openCached(ref: DatasetRef): Promise<{ fh: FileHandle; close(): Promise<void> } | null> {
    if (this.cacheBytes === 0) return null; // (the ref was validated by objectKeyOf)
    const file = this.cacheFile(ref);
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch {
      return null;
    }
    try {
      const st = await fh.stat({ bigint: true });
      const version = fileVersion(st);
      if (this.cacheVerified.get(file) !== version) {
        this.cacheVerified.delete(file);
        if (Number(st.size) !== ref.byteLength || (await hashHandle(fh, 0, createHash('sha256'))) !== ref.sha256) {
          // Changed on disk since it was cached: drop it and download the dataset again.
          await fh.close();
          await unlink(file).catch(() => undefined);
          return null;
        }
        this.cacheVerified.set(file, version);
      }
      return { fh, close: () => fh.close() };
    } catch {
      await fh.close().catch(() => undefined);
      return null;
    }
  }

  /** Downloads (and verifies) a dataset; keeps the file in the cache when it fits. */
  private async downloadDataset(ref: DatasetRef, objectKey: string): Promise<{ fh: FileHandle; close(): Promise<void> }> {
    const spool = await this.download(ref, objectKey);
    this.downloads++;
    if (ref.byteLength <= this.cacheBytes) {
      const file = this.cacheFile(ref);
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await rename(spool.file, file); // the open handle stays valid
        this.cacheVerified.set(file, fileVersion(await spool.fh.stat({ bigint: true })));
        await this.evictCache(file);
        return { fh: spool.fh, close: () => spool.fh.close() };
      } catch {
        // No cache (e.g. a read-only folder): read the spool, then remove it as without one.
      }
    }
    return { fh: spool.fh, close: () => spool.discard() };
  }

  /** Removes the oldest cached datasets until the cache holds at most cacheBytes (never `keep`). */
  private async evictCache(keep: string): Promise<void> {
    const dir = path.dirname(keep);
    const entries: { file: string; size: number; mtimeMs: number }[] = [];
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.arrow')) continue;
      const file = path.join(dir, name);
      const st = await stat(file).catch(() => null);
      if (st !== null) entries.push({ file, size: st.size, mtimeMs: st.mtimeMs });
    }
    let total = entries.reduce((a, e) => a + e.size, 0);
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const e of entries) {
      if (total <= this.cacheBytes) break;
      if (e.file === keep) continue;
      await unlink(e.file).catch(() => undefined); // readers with it open keep reading it
      this.cacheVerified.delete(e.file);
      total -= e.size;
    }
  }

  // ---------------------------------------------------------------- JSON and bytes

  async writeJson(value: unknown): Promise<ModelRef> {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      throw new InvalidParameterError('value', 'a JSON-serialisable value', value);
    }
    if (text === undefined) throw new InvalidParameterError('value', 'a JSON-serialisable value', value);
    const bytes = new TextEncoder().encode(text);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const ref: ModelRef = { kind: 'model', uri: this.uriOf(artifactKey(sha256, 'json')), sha256, byteLength: bytes.byteLength };
    await this.writeBuffer(bytes, ref);
    return ref;
  }

  async readJson<T>(ref: ModelRef): Promise<T> {
    const bytes = await this.readVerified(ref, 'model');
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as T;
    } catch (err) {
      throw new InvalidDataError(`Expected JSON at ${ref.uri} but it could not be parsed: ${(err as Error).message}`, { uri: ref.uri });
    }
  }

  async writeBytes(bytes: Uint8Array, meta: { name: string; mediaType: string }): Promise<ArtifactRef> {
    if (!(bytes instanceof Uint8Array)) throw new InvalidParameterError('bytes', 'a Uint8Array', bytes);
    if (typeof meta?.name !== 'string' || meta.name === '') throw new InvalidParameterError('meta.name', 'a non-empty string', meta?.name);
    if (typeof meta.mediaType !== 'string' || !/^[A-Za-z0-9][\w.+-]*\/[\w.+-]+$/.test(meta.mediaType)) {
      throw new InvalidParameterError('meta.mediaType', 'a media type such as "image/png"', meta.mediaType);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = artifactKey(sha256, artifactExtension({ kind: 'artifact', mediaType: meta.mediaType }));
    const ref: ArtifactRef = { kind: 'artifact', uri: this.uriOf(key), sha256, byteLength: bytes.byteLength, name: meta.name, mediaType: meta.mediaType };
    await this.writeBuffer(bytes, ref);
    return ref;
  }

  async readBytes(ref: ArtifactRef): Promise<Uint8Array> {
    const bytes = await this.readVerified(ref, 'artifact');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  // ---------------------------------------------------------------- management

  async has(ref: AnyArtifactRef): Promise<boolean> {
    const objectKey = this.objectKeyOf(ref, ref?.kind);
    return (await this.head(ref.uri, objectKey)) !== undefined;
  }

  async delete(ref: AnyArtifactRef): Promise<boolean> {
    const objectKey = this.objectKeyOf(ref, ref?.kind);
    if (ref.kind === 'dataset') {
      const file = this.cacheFile(ref);
      await unlink(file).catch(() => undefined);
      this.cacheVerified.delete(file);
    }
    if ((await this.head(ref.uri, objectKey)) === undefined) return false;
    const { client, sdk } = await this.sdk();
    try {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (err) {
      throw new ArtifactStoreWriteError(`${ref.uri} (endpoint ${this.endpoint})`, errorCode(err), { cause: err });
    }
    return true;
  }

  async verify(ref: AnyArtifactRef): Promise<void> {
    const objectKey = this.objectKeyOf(ref, ref?.kind);
    const spool = await this.download(ref, objectKey);
    await spool.discard();
  }

  /**
   * Creates the bucket when it does not exist (for set-up scripts and tests; the store itself never
   * creates buckets implicitly, so a typo in a uri fails loudly instead of scattering data).
   * @returns true when the bucket was created
   */
  async ensureBucket(): Promise<boolean> {
    const { client, sdk } = await this.sdk();
    try {
      await client.send(new sdk.HeadBucketCommand({ Bucket: this.bucket }));
      return false;
    } catch (err) {
      if (!isNotFound(err) && !isNoSuchBucket(err)) throw this.writeError(err);
    }
    try {
      await client.send(new sdk.CreateBucketCommand({ Bucket: this.bucket }));
      return true;
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return false;
      throw this.writeError(err);
    }
  }

  /** The uri of a key (`sha256/ab/....ext`) in this store. */
  uriOf(key: string): string {
    parseArtifactKey(key);
    return `${this.baseUri}/${key}`;
  }

  /**
   * The object key (with the prefix) that a reference names, after the same checks as the local
   * store: the uri lies under {@link baseUri}, follows the key layout, and its hash and extension
   * match the reference.
   */
  objectKeyOf(ref: AnyArtifactRef, kind?: AnyArtifactRef['kind']): string {
    if (typeof ref !== 'object' || ref === null) throw new InvalidParameterError('ref', 'an artifact reference object', ref);
    if (kind !== undefined && ref.kind !== kind) throw new InvalidParameterError('ref.kind', `"${kind}"`, ref.kind);
    if (!['dataset', 'model', 'artifact'].includes(ref.kind)) throw new InvalidParameterError('ref.kind', '"dataset", "model" or "artifact"', ref.kind);
    if (!isSha256Hex(ref.sha256)) throw new InvalidParameterError('ref.sha256', '64 lowercase hex digits', ref.sha256);
    if (typeof ref.uri !== 'string') throw new InvalidParameterError('ref.uri', 'a string', ref.uri);
    const base = `${this.baseUri}/`;
    if (!ref.uri.startsWith(base)) throw new InvalidArtifactKeyError(ref.uri, `the uri is not inside this store (${this.baseUri})`);
    const key = ref.uri.slice(base.length);
    const parsed = parseArtifactKey(key);
    if (parsed.sha256 !== ref.sha256) throw new InvalidArtifactKeyError(key, `the key names sha256 ${parsed.sha256} but the reference says ${ref.sha256}`);
    const ext = artifactExtension(ref as { kind: AnyArtifactRef['kind']; mediaType?: string });
    if (parsed.extension !== ext) throw new InvalidArtifactKeyError(key, `a ${ref.kind} key ends in .${ext}`);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  // ---------------------------------------------------------------- internals

  private async sdk(): Promise<{ client: S3Client; sdk: S3Sdk }> {
    const sdk = await loadSdk();
    this.clientPromise ??= Promise.resolve(this.options.client ?? this.createClient(sdk));
    return { client: await this.clientPromise, sdk };
  }

  private createClient(sdk: S3Sdk): S3Client {
    const env = this.options.env ?? process.env;
    const endpoint = this.options.endpoint;
    const pathStyleEnv = env['SIGMOID_S3_FORCE_PATH_STYLE'];
    const config: S3ClientConfig = {
      region: this.options.region ?? (env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1'),
      forcePathStyle: this.options.forcePathStyle ?? (pathStyleEnv ? pathStyleEnv === 'true' || pathStyleEnv === '1' : endpoint !== undefined),
      // Sigmoid verifies a sha256 of every object itself; the SDK's default CRC32 request checksums
      // are not understood by every S3-compatible server, so they are sent only where S3 requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Fail an unreachable endpoint within seconds (the SDK still retries 3 times with backoff).
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    };
    if (endpoint !== undefined) config.endpoint = endpoint;
    const credentials = this.options.credentials ?? (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']
      ? { accessKeyId: env['AWS_ACCESS_KEY_ID'], secretAccessKey: env['AWS_SECRET_ACCESS_KEY'], ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}) }
      : undefined);
    if (credentials !== undefined) config.credentials = credentials;
    return new sdk.S3Client(config);
  }

  /** HEAD: the object's size, or undefined when it does not exist. */
  private async head(uri: string, objectKey: string): Promise<number | undefined> {
    const { client, sdk } = await this.sdk();
    try {
      const out = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return out.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new ArtifactStoreReadError(uri, this.endpoint, errorCode(err), { cause: err });
    }
  }

  /** True when the object exists with the reference's bytes (re-hashed, so a corrupted object is rewritten). */
  private async holds(ref: AnyArtifactRef): Promise<boolean> {
    const objectKey = this.objectKeyOf(ref);
    let size: number | undefined;
    try {
      size = await this.head(ref.uri, objectKey);
    } catch (err) {
      throw new ArtifactStoreWriteError(`${this.baseUri} (endpoint ${this.endpoint})`, (err as ArtifactStoreReadError).code, { cause: (err as Error).cause ?? err });
    }
    if (size !== ref.byteLength) return false;
    try {
      await this.verify(ref);
      return true;
    } catch (err) {
      if (err instanceof ArtifactCorruptedError || err instanceof ArtifactNotFoundError) return false;
      throw new ArtifactStoreWriteError(`${this.baseUri} (endpoint ${this.endpoint})`, errorCode(err), { cause: err });
    }
  }

  private async writeBuffer(bytes: Uint8Array, ref: ModelRef | ArtifactRef): Promise<void> {
    if (await this.holds(ref)) return;
    const objectKey = this.objectKeyOf(ref);
    const { client, sdk } = await this.sdk();
    if (bytes.byteLength <= this.partSize) {
      try {
        await client.send(new sdk.PutObjectCommand({
          Bucket: this.bucket, Key: objectKey, Body: bytes, ContentLength: bytes.byteLength,
          ContentType: mediaTypeOf(ref.kind, (ref as ArtifactRef).mediaType), Metadata: { sha256: ref.sha256 },
        }));
      } catch (err) {
        throw this.writeError(err);
      }
      return;
    }
    const spool = await SpoolFile.create(this.tmpDir, this.baseUri);
    try {
      await spool.write([bytes], this.baseUri, false);
      await this.uploadSpool(spool, ref);
    } finally {
      await spool.discard();
    }
  }

  private writeError(err: unknown): Error {
    if (err instanceof ArtifactStoreWriteError) return err;
    const hint = isNoSuchBucket(err) ? ` (create the bucket ${this.bucket} first)` : '';
    return new ArtifactStoreWriteError(`${this.baseUri} (endpoint ${this.endpoint})${hint}`, errorCode(err), { cause: err });
  }

  /**
   * Uploads a spool file to the reference's final key: one PUT up to `partSize`, else a multipart
   * upload with at most `partConcurrency` parts in memory. An object appears only when the upload
   * completes; a failed multipart upload is aborted so no parts linger.
   */
  private async uploadSpool(spool: SpoolFile, ref: AnyArtifactRef): Promise<void> {
    const objectKey = this.objectKeyOf(ref);
    const { client, sdk } = await this.sdk();
    const contentType = mediaTypeOf(ref.kind, (ref as ArtifactRef).mediaType);
    if (spool.byteLength <= this.partSize) {
      try {
        const body = await spool.readRange(0, spool.byteLength);
        await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: body, ContentLength: body.byteLength, ContentType: contentType, Metadata: { sha256: ref.sha256 } }));
      } catch (err) {
        throw this.writeError(err);
      }
      return;
    }
    let uploadId: string | undefined;
    try {
      const created = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket: this.bucket, Key: objectKey, ContentType: contentType, Metadata: { sha256: ref.sha256 } }));
      uploadId = created.UploadId;
      if (!uploadId) throw new Error('CreateMultipartUpload returned no UploadId');
      const partCount = Math.ceil(spool.byteLength / this.partSize);
      const etags: string[] = new Array(partCount);
      let next = 0;
      const uploadNext = async (): Promise<void> => {
        while (next < partCount) {
          const index = next++;
          const from = index * this.partSize;
          const body = await spool.readRange(from, Math.min(this.partSize, spool.byteLength - from));
          const out = await client.send(new sdk.UploadPartCommand({ Bucket: this.bucket, Key: objectKey, UploadId: uploadId, PartNumber: index + 1, Body: body, ContentLength: body.byteLength }));
          if (!out.ETag) throw new Error(`UploadPart ${index + 1} returned no ETag`);
          etags[index] = out.ETag;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.partConcurrency, partCount) }, uploadNext));
      await client.send(new sdk.CompleteMultipartUploadCommand({
        Bucket: this.bucket, Key: objectKey, UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }));
    } catch (err) {
      if (uploadId) await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: this.bucket, Key: objectKey, UploadId: uploadId })).catch(() => undefined);
      throw this.writeError(err);
    }
  }

  /** GET into a spool file, hashing on the way; the caller must `discard()` it. @throws ArtifactNotFoundError, ArtifactCorruptedError */
  private async download(ref: AnyArtifactRef, objectKey: string): Promise<SpoolFile> {
    const { client, sdk } = await this.sdk();
    let body: AsyncIterable<Uint8Array>;
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      body = out.Body as unknown as AsyncIterable<Uint8Array>;
    } catch (err) {
      if (isNotFound(err) || isNoSuchBucket(err)) throw new ArtifactNotFoundError(ref.uri, ref.sha256);
      throw new ArtifactStoreReadError(ref.uri, this.endpoint, errorCode(err), { cause: err });
    }
    let spool: SpoolFile;
    try {
      spool = await SpoolFile.create(this.tmpDir, ref.uri);
    } catch (err) {
      (body as unknown as { destroy?: () => void }).destroy?.();
      throw err;
    }
    try {
      try {
        for await (const chunk of body) {
          await spool.write([chunk], ref.uri);
          // A far longer object than the reference is corrupt; stop reading it.
          if (spool.byteLength > ref.byteLength) break;
        }
      } catch (err) {
        if (err instanceof ArtifactStoreWriteError) throw err;
        throw new ArtifactStoreReadError(ref.uri, this.endpoint, errorCode(err), { cause: err });
      }
      const actual = spool.hash.digest('hex');
      if (spool.byteLength !== ref.byteLength) {
        throw new ArtifactCorruptedError(ref.uri, ref.sha256, `${actual} (${spool.byteLength}${spool.byteLength > ref.byteLength ? '+' : ''} bytes instead of ${ref.byteLength})`);
      }
      if (actual !== ref.sha256) throw new ArtifactCorruptedError(ref.uri, ref.sha256, actual);
      return spool;
    } catch (err) {
      (body as unknown as { destroy?: () => void }).destroy?.();
      await spool.discard();
      throw err;
    }
  }

  private async readVerified(ref: ModelRef | ArtifactRef, kind: 'model' | 'artifact'): Promise<Buffer> {
    const objectKey = this.objectKeyOf(ref, kind);
    const spool = await this.download(ref, objectKey);
    try {
      return await spool.readRange(0, spool.byteLength);
    } finally {
      await spool.discard();
    }
  }
}

registerArtifactStoreBackend('s3', (uri) => S3ArtifactStore.fromUri(uri));
