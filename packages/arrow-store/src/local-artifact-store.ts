import { createHash, randomBytes, type Hash } from 'node:crypto';
import { mkdir, open, readdir, readFile, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** Options of {@link LocalArtifactStore}. */
export interface LocalArtifactStoreOptions {
  /** Folder that holds the artifacts; created on first write. Default: {@link defaultArtifactRoot}(). */
  root?: string;
  /**
   * fsync every artifact (and its directory) before it becomes visible. Default `true`; turning it
   * off keeps atomicity (rename) but a power loss may then leave an empty file under a valid key.
   */
  fsync?: boolean;
}

/** Options of {@link LocalArtifactStore.writeTable}. */
export interface WriteTableOptions {
  /** Schema to write when the source yields no batch at all (an empty async stream). */
  schema?: Schema;
}

/**
 * `SIGMOID_ARTIFACTS` when set, otherwise `<cwd>/.sigmoid/artifacts`: the embedded default.
 */
export function defaultArtifactRoot(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env['SIGMOID_ARTIFACTS'];
  return path.resolve(fromEnv !== undefined && fromEnv !== '' ? fromEnv : path.join(process.cwd(), '.sigmoid', 'artifacts'));
}

/** Dataset files whose verification a store remembers (then it forgets them all and starts again). */
const MAX_VERIFIED = 10_000;
function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
}

/** Temp file being filled: bytes are hashed on the way to disk. */
class PendingFile {
  readonly hash: Hash = createHash('sha256');
  byteLength = 0;
  private constructor(
    readonly tmpPath: string,
    private readonly fh: FileHandle,
    private readonly target: string,
  ) {}

  static async create(dir: string, target: string): Promise<PendingFile> {
    const tmpPath = path.join(dir, `.${process.pid}-${randomBytes(8).toString('hex')}.partial`);
    try {
      await ensureDir(dir);
      return new PendingFile(tmpPath, await open(tmpPath, 'wx', 0o644), target);
    } catch (err) {
      throw new ArtifactStoreWriteError(target, errorCode(err), { cause: err });
    }
  }

  async write(chunks: Uint8Array[]): Promise<void> {
    for (const c of chunks) this.hash.update(c);
    try {
      let pending = chunks.filter((c) => c.byteLength > 0);
      while (pending.length > 0) {
        const total = pending.reduce((s, c) => s + c.byteLength, 0);
        const { bytesWritten } = await this.fh.writev(pending);
        this.byteLength += bytesWritten;
        if (bytesWritten >= total) break;
        // Short write (rare on regular files): drop what went through and go on.
        let skip = bytesWritten;
        const rest: Uint8Array[] = [];
        for (const c of pending) {
          if (skip >= c.byteLength) { skip -= c.byteLength; continue; }
          rest.push(skip > 0 ? c.subarray(skip) : c);
          skip = 0;
        }
        pending = rest;
      }
    } catch (err) {
      throw new ArtifactStoreWriteError(this.target, errorCode(err), { cause: err });
    }
  }

  /** Flushes and (unless `keepOpen`) closes; the file is complete on disk afterwards (when `fsync`). Returns the hex digest. */
  async seal(fsync: boolean, keepOpen = false): Promise<string> {
    try {
      if (fsync) await this.fh.sync();
      if (!keepOpen) await this.fh.close();
    } catch (err) {
      throw new ArtifactStoreWriteError(this.target, errorCode(err), { cause: err });
    }
    return this.hash.digest('hex');
  }

  /** The stat identity of this file (fileVersion) now, from the handle kept open by `seal(…, true)`, which it then closes. */
  async identityAndClose(): Promise<string> {
    try {
      return fileVersion(await this.fh.stat({ bigint: true }));
    } finally {
      await this.fh.close().catch(() => undefined);
    }
  }

  /** Closes and removes the temp file; never throws (the original error matters more). */
  async discard(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await unlink(this.tmpPath).catch(() => undefined);
  }
}

/**
 * The local-filesystem {@link ManagedArtifactStore}: the embedded default.
 *
 * Layout: `<root>/sha256/<first 2 hex>/<other 62 hex>.<ext>` (`.arrow` datasets, `.json` models,
 * artifacts by media type), temp files `<root>/tmp/*.partial` (datasets, whose hash is known only
 * at the end) or `.<pid>-<random>.partial` beside the target. Writes go to a temp file on the same
 * file system, are fsynced and then renamed into place, so a key either does not exist or names
 * complete bytes. Reads re-hash the bytes.
 */
export class LocalArtifactStore implements ManagedArtifactStore {
  /** Absolute path of the store root. */
  readonly root: string;
  readonly baseUri: string;
  private readonly fsync: boolean;
  private realRoot: string | undefined;
  /** Dataset files this store has hash-verified or written, with their stat identity then (see scanDataset). */
  private readonly verified = new Map<string, string>();
  /** Whole-file hash verifications of datasets so far (a diagnostic: re-reads of an unchanged file do not count). */
  hashVerifications = 0;

  constructor(options: LocalArtifactStoreOptions | string = {}) {
    const opts = typeof options === 'string' ? { root: options } : options;
    if (opts.root !== undefined && (typeof opts.root !== 'string' || opts.root === '' || opts.root.includes('\0'))) {
      throw new InvalidParameterError('root', 'a non-empty folder path', opts.root);
    }
    this.root = path.resolve(opts.root ?? defaultArtifactRoot());
    this.baseUri = pathToFileURL(this.root).href.replace(/\/+$/, '');
    this.fsync = opts.fsync ?? true;
  }

  // ---------------------------------------------------------------- datasets

  async writeTable(source: RecordBatchSource, options: WriteTableOptions = {}): Promise<DatasetRef> {
    const file = await PendingFile.create(path.join(this.root, 'tmp'), this.root);
    try {
      const { schema, numRows } = await encodeArrowStream(source, options.schema, (chunks) => file.write(chunks), {
        notABatch: (item, index) => new InvalidDataError(`Expected Arrow RecordBatch items in the data source but item ${index} is ${describeItem(item)}`),
        schemaDiffers: (first, other, index) =>
          new InvalidDataError(`Expected every record batch to have the schema of the first (${schemaText(first)}) but batch ${index} has (${schemaText(other)})`, { batch: index }),
      });
      const sha256 = await file.seal(this.fsync, true);
      const key = artifactKey(sha256, 'arrow');
      const target = await this.commit(file.tmpPath, key);
      // This store hashed these bytes on their way to disk: a read of this very version of the file (same
      // inode, size, mtime and the ctime of the rename, taken from our own handle, so a file swapped in
      // under the name does not match) need not hash them again (see scanDataset).
      this.rememberVerified(target, await file.identityAndClose());
      return { kind: 'dataset', uri: this.uriOf(key), sha256, numRows, byteLength: file.byteLength, schema: summariseSchema(schema) };
    } catch (err) {
      await file.discard();
      throw err;
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
    const file = await this.locate(ref, 'dataset');
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      throw this.notFoundOr(err, ref);
    }
    try {
      const st = await fh.stat({ bigint: true });
      const size = Number(st.size);
      if (size !== ref.byteLength) {
        throw new ArtifactCorruptedError(ref.uri, ref.sha256, `${await hashHandle(fh, 0, createHash('sha256'))} (${size} bytes instead of ${ref.byteLength})`);
      }
      // Verify before parsing: a corrupted Arrow header (a flipped length or offset) can make the
      // reader allocate without bound and take the worker down instead of failing the read. Once per
      // version of the file: the solvers read a dataset once per pass, and the hash is ~40% of a pass.
      // Any write through the file system changes the ctime, so a file whose device, inode, size,
      // mtime and ctime are those it had when this store verified it has the same bytes.
      const identity = fileVersion(st);
      if (this.verified.get(file) !== identity) {
        this.verified.delete(file);
        const actual = await hashHandle(fh, 0, createHash('sha256'));
        if (actual !== ref.sha256) throw new ArtifactCorruptedError(ref.uri, ref.sha256, actual);
        this.rememberVerified(file, identity);
        this.hashVerifications++;
      }
      yield* await openArrowStream(fh, size, ref.uri, onSchema);
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  // ---------------------------------------------------------------- JSON and bytes

  async writeJson(value: unknown): Promise<ModelRef> {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (err) {
      throw new InvalidParameterError('value', 'a JSON-serialisable value', value);
    }
    if (text === undefined) throw new InvalidParameterError('value', 'a JSON-serialisable value', value);
    const bytes = new TextEncoder().encode(text);
    const { sha256, key } = await this.writeBuffer(bytes, 'json');
    return { kind: 'model', uri: this.uriOf(key), sha256, byteLength: bytes.byteLength };
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
    const { sha256, key } = await this.writeBuffer(bytes, artifactExtension({ kind: 'artifact', mediaType: meta.mediaType }));
    return { kind: 'artifact', uri: this.uriOf(key), sha256, byteLength: bytes.byteLength, name: meta.name, mediaType: meta.mediaType };
  }

  async readBytes(ref: ArtifactRef): Promise<Uint8Array> {
    const bytes = await this.readVerified(ref, 'artifact');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  // ---------------------------------------------------------------- management

  async has(ref: AnyArtifactRef): Promise<boolean> {
    const file = await this.locate(ref, ref?.kind, { allowMissing: true });
    if (file === undefined) return false;
    try {
      return (await stat(file)).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async delete(ref: AnyArtifactRef): Promise<boolean> {
    const file = await this.locate(ref, ref?.kind, { allowMissing: true });
    if (file === undefined) return false;
    try {
      await unlink(file);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async verify(ref: AnyArtifactRef): Promise<void> {
    const file = await this.locate(ref, ref?.kind);
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      throw this.notFoundOr(err, ref);
    }
    try {
      const actual = await hashHandle(fh, 0, createHash('sha256'));
      if (actual !== ref.sha256) throw new ArtifactCorruptedError(ref.uri, ref.sha256, actual);
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  /**
   * Removes temp files (`*.partial`) that writers killed mid-write left behind. They are never
   * visible as artifacts, only wasted space. Only files older than `olderThanMs` (default one
   * hour) are removed, so that writes in progress are left alone.
   * @returns how many files were removed
   */
  async removeStaleTemporaryFiles(olderThanMs = 3_600_000): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    const dirs = [path.join(this.root, 'tmp')];
    try {
      for (const a of await readdir(path.join(this.root, 'sha256'))) dirs.push(path.join(this.root, 'sha256', a));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    let removed = 0;
    for (const dir of dirs) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if (isMissing(err)) continue;
        throw err;
      }
      for (const name of names) {
        if (!name.endsWith('.partial')) continue;
        const file = path.join(dir, name);
        try {
          if ((await stat(file)).mtimeMs < cutoff) {
            await unlink(file);
            removed++;
          }
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
    }
    return removed;
  }

  /** The uri of a key in this store. */
  uriOf(key: string): string {
    parseArtifactKey(key);
    return `${this.baseUri}/${key}`;
  }

  /**
   * Absolute path of a validated key. Rejects keys that could escape the root, including through
   * a symlinked directory or file inside the store.
   */
  async resolveKey(key: string, options: { allowMissing?: boolean } = {}): Promise<string | undefined> {
    parseArtifactKey(key);
    const file = path.join(this.root, ...key.split('/'));
    const realRoot = await this.getRealRoot();
    let real: string;
    try {
      real = await realpath(file);
    } catch (err) {
      if (!isMissing(err)) throw err;
      // Missing file: the deepest existing ancestor must still be inside the root.
      let dir = path.dirname(file);
      for (;;) {
        try {
          real = path.join(await realpath(dir), path.relative(dir, file));
          break;
        } catch (e) {
          if (!isMissing(e) || dir === this.root || dir === path.dirname(dir)) {
            if (options.allowMissing) return undefined;
            return file;
          }
          dir = path.dirname(dir);
        }
      }
    }
    if (realRoot !== undefined && !real.startsWith(realRoot + path.sep)) {
      throw new InvalidArtifactKeyError(key, `it resolves to ${real}, outside the store root ${realRoot} (symlink)`);
    }
    return file;
  }

  // ---------------------------------------------------------------- internals

  private async getRealRoot(): Promise<string | undefined> {
    if (this.realRoot !== undefined) return this.realRoot;
    try {
      this.realRoot = await realpath(this.root);
      return this.realRoot;
    } catch (err) {
      if (isMissing(err)) return undefined; // nothing stored yet
      throw err;
    }
  }

  /** The key inside this store that a reference's uri names, after checking the reference. */
  keyOf(ref: AnyArtifactRef, kind?: AnyArtifactRef['kind']): string {
    if (typeof ref !== 'object' || ref === null) throw new InvalidParameterError('ref', 'an artifact reference object', ref);
    if (kind !== undefined && ref.kind !== kind) throw new InvalidParameterError('ref.kind', `"${kind}"`, ref.kind);
    if (!['dataset', 'model', 'artifact'].includes(ref.kind)) throw new InvalidParameterError('ref.kind', '"dataset", "model" or "artifact"', ref.kind);
    if (!isSha256Hex(ref.sha256)) throw new InvalidParameterError('ref.sha256', '64 lowercase hex digits', ref.sha256);
    if (typeof ref.uri !== 'string') throw new InvalidParameterError('ref.uri', 'a string', ref.uri);
    const prefix = `${this.baseUri}/`;
    if (!ref.uri.startsWith(prefix)) {
      throw new InvalidArtifactKeyError(ref.uri, `the uri is not inside this store (${this.baseUri})`);
    }
    const key = ref.uri.slice(prefix.length);
    const parsed = parseArtifactKey(key);
    if (parsed.sha256 !== ref.sha256) throw new InvalidArtifactKeyError(key, `the key names sha256 ${parsed.sha256} but the reference says ${ref.sha256}`);
    const ext = artifactExtension(ref as { kind: AnyArtifactRef['kind']; mediaType?: string });
    if (parsed.extension !== ext) throw new InvalidArtifactKeyError(key, `a ${ref.kind} key ends in .${ext}`);
    return key;
  }

  private async locate(ref: AnyArtifactRef, kind: AnyArtifactRef['kind'] | undefined, options: { allowMissing?: boolean } = {}): Promise<string> {
    const key = this.keyOf(ref, kind);
    const file = await this.resolveKey(key, options);
    return file as string;
  }

  private notFoundOr(err: unknown, ref: AnyArtifactRef): unknown {
    return isMissing(err) ? new ArtifactNotFoundError(ref.uri, ref.sha256) : err;
  }

  private async readVerified(ref: ModelRef | ArtifactRef, kind: 'model' | 'artifact'): Promise<Buffer> {
    const file = await this.locate(ref, kind);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw this.notFoundOr(err, ref);
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== ref.sha256) throw new ArtifactCorruptedError(ref.uri, ref.sha256, actual);
    return bytes;
  }

  /**
   * Content whose hash is known up front. A second write of the same bytes only re-hashes the
   * existing file (cheap, and it repairs an artifact that was corrupted in place).
   */
  private async writeBuffer(bytes: Uint8Array, extension: string): Promise<{ sha256: string; key: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = artifactKey(sha256, extension);
    const file = (await this.resolveKey(key)) as string;
    if (await this.holds(file, sha256, bytes.byteLength)) return { sha256, key };
    const pending = await PendingFile.create(path.dirname(file), this.root);
    try {
      await pending.write([bytes]);
      await pending.seal(this.fsync);
      await this.commit(pending.tmpPath, key);
    } catch (err) {
      await pending.discard();
      throw err;
    }
    return { sha256, key };
  }

  private async holds(file: string, sha256: string, byteLength: number): Promise<boolean> {
    try {
      const s = await stat(file);
      if (!s.isFile() || s.size !== byteLength) return false;
      return createHash('sha256').update(await readFile(file)).digest('hex') === sha256;
    } catch {
      return false;
    }
  }

  /** Atomically publishes a sealed temp file under `key` (rename is atomic within a file system). */
  /** Records that the bytes of `file` in the version `identity` are known to hash to their key. */
  private rememberVerified(file: string, identity: string): void {
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(file, identity);
  }

  /** Renames the temp file to its key (durably with `fsync`); returns the artifact's path. */
  private async commit(tmpPath: string, key: string): Promise<string> {
    const file = path.join(this.root, ...key.split('/'));
    const dir = path.dirname(file);
    try {
      await ensureDir(dir);
    } catch (err) {
      throw new ArtifactStoreWriteError(this.root, errorCode(err), { cause: err });
    }
    await this.resolveKey(key); // the shard folder may be a planted symlink
    try {
      // Same key = same bytes: replacing a concurrent writer's file is harmless, and replacing a
      // corrupted file repairs it.
      await rename(tmpPath, file);
    } catch (err) {
      throw new ArtifactStoreWriteError(this.root, errorCode(err), { cause: err });
    }
    if (this.fsync) {
      // Make the rename itself durable. Best effort: some file systems refuse fsync on folders.
      try {
        const d = await open(dir, 'r');
        await d.sync().catch(() => undefined);
        await d.close();
      } catch {
        /* ignore */
      }
    }
    return file;
  }
}

function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * `mkdir -p` that cannot spin: Node's recursive mkdir loops forever on ENOENT from file systems
 * that refuse new entries (/proc), which would hang a worker instead of failing the write.
 */
async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw err;
    }
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw err;
  }
  await ensureDir(path.dirname(dir));
  try {
    await mkdir(dir);
  } catch (err) {
    if (errorCode(err) === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    throw err;
  }
}

function schemaText(schema: Schema): string {
  return schema.fields.map((f) => `${f.name}: ${String(f.type)}`).join(', ') || 'no columns';
}

function describeItem(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `of type ${typeof value}`;
  return `a ${(value as object).constructor?.name ?? 'object'}`;
}
