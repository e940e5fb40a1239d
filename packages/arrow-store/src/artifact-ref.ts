import type { RecordBatch, Schema, Table } from 'apache-arrow';
import type { RecordBatchSource } from './dataset-spec.js';
import { InvalidArtifactKeyError } from './errors.js';

/** The schema of a stored dataset, as plain JSON (safe in Temporal payloads and workflow code). */
export interface DatasetSchemaSummary {
  /** Column names and their Arrow type rendered as a string (`Float64`, `Int32`, `Utf8`, ...). */
  fields: { name: string; type: string }[];
  /** Schema-level metadata (provenance: generator, parameters, seed, parent hash). */
  metadata: Record<string, string>;
}

/** The schema as a DatasetRef records it: field names and type names, and the schema metadata. */
export function summariseSchema(schema: Schema): DatasetSchemaSummary {
  return { fields: schema.fields.map((f) => ({ name: f.name, type: String(f.type) })), metadata: Object.fromEntries(schema.metadata) };
}

/** A dataset (Arrow IPC stream) in an {@link ArtifactStore}. Small, plain JSON. */
export interface DatasetRef {
  kind: 'dataset';
  /** Where the bytes live, e.g. `file:///data/artifacts/sha256/ab/cdef....arrow`. */
  uri: string;
  /** Hex sha256 of the stored bytes: the artifact's identity. */
  sha256: string;
  numRows: number;
  byteLength: number;
  schema: DatasetSchemaSummary;
}

/** A JSON document (a fitted model, metrics) in an {@link ArtifactStore}. */
export interface ModelRef {
  kind: 'model';
  uri: string;
  sha256: string;
  byteLength: number;
}

/** Opaque bytes (a PNG, an HTML report, an encoded Temporal payload) in an {@link ArtifactStore}. */
export interface ArtifactRef {
  kind: 'artifact';
  uri: string;
  sha256: string;
  byteLength: number;
  /** A human-readable name (`boundary.png`); not part of the identity. */
  name: string;
  mediaType: string;
}

/** Any reference an {@link ArtifactStore} hands out. */
export type AnyArtifactRef = DatasetRef | ModelRef | ArtifactRef;

/**
 * Where Sigmoid steps keep their data. Content-addressed: the same bytes always get the same
 * reference, so writing twice is idempotent. Every read verifies the sha256 of the bytes.
 */
export interface ArtifactStore {
  /** Streams the source to Arrow IPC (stream format); memory is bounded by one record batch. */
  writeTable(source: RecordBatchSource): Promise<DatasetRef>;
  /** Streams record batches back; the bytes are verified before the first batch (throws {@link ArtifactCorruptedError}). */
  readBatches(ref: DatasetRef): AsyncIterable<RecordBatch>;
  /** Reads a whole table; verified before it is returned. */
  readTable(ref: DatasetRef): Promise<Table>;
  writeJson(value: unknown): Promise<ModelRef>;
  readJson<T>(ref: ModelRef): Promise<T>;
  writeBytes(bytes: Uint8Array, meta: { name: string; mediaType: string }): Promise<ArtifactRef>;
  readBytes(ref: ArtifactRef): Promise<Uint8Array>;
}

/**
 * An {@link ArtifactStore} that can also answer questions about its contents. Every store Sigmoid
 * ships implements it; code that only reads and writes should ask for the smaller interface.
 */
export interface ManagedArtifactStore extends ArtifactStore {
  /** The uri prefix of every reference this store hands out (`file:///data/artifacts`). */
  readonly baseUri: string;
  /** True when the artifact exists (its bytes are not checked; use {@link verify}). */
  has(ref: AnyArtifactRef): Promise<boolean>;
  /** Removes the artifact; true when it existed. For fault tests and garbage collection. */
  delete(ref: AnyArtifactRef): Promise<boolean>;
  /** Re-hashes the stored bytes. @throws ArtifactNotFoundError, ArtifactCorruptedError */
  verify(ref: AnyArtifactRef): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const KEY_PATTERN = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{62})\.([a-z0-9]{1,10})$/;

/** File extension of each kind (artifacts: by media type). */
export function artifactExtension(ref: { kind: AnyArtifactRef['kind']; mediaType?: string }): string {
  if (ref.kind === 'dataset') return 'arrow';
  if (ref.kind === 'model') return 'json';
  switch (ref.mediaType) {
    case 'image/png': return 'png';
    case 'application/json': return 'json';
    case 'text/html': return 'html';
    case 'text/csv': return 'csv';
    case 'text/plain': return 'txt';
    case 'image/svg+xml': return 'svg';
    default: return 'bin';
  }
}

/** The store key of content with this hash: `sha256/ab/cdef...<62 hex>.<ext>`. */
export function artifactKey(sha256: string, extension: string): string {
  if (!SHA256_HEX.test(sha256)) throw new InvalidArtifactKeyError(sha256, 'a sha256 is 64 lowercase hex digits');
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}.${extension}`;
}

/**
 * Checks a store key character by character, so that no key can name anything outside the
 * store root. The layout is a strict whitelist; the reasons are spelled out so that the error
 * says *why* a key was refused.
 * @returns the sha256 the key encodes
 * @throws InvalidArtifactKeyError
 */
export function parseArtifactKey(key: string): { sha256: string; extension: string } {
  if (typeof key !== 'string') throw new InvalidArtifactKeyError(String(key), 'a key is a string');
  if (key.length === 0) throw new InvalidArtifactKeyError(key, 'the key is empty');
  if (key.length > 200) throw new InvalidArtifactKeyError(key, 'the key is longer than 200 characters');
  if (key.includes('\0')) throw new InvalidArtifactKeyError(key, 'the key contains a NUL character');
  if (key.startsWith('/') || key.startsWith('\\') || /^[A-Za-z]:/.test(key)) throw new InvalidArtifactKeyError(key, 'absolute paths are not keys');
  if (key.includes('\\')) throw new InvalidArtifactKeyError(key, 'backslashes are not allowed');
  if (key.includes('%')) throw new InvalidArtifactKeyError(key, 'percent-encoding is not allowed');
  const segments = key.split('/');
  if (segments.some((s) => s === '..')) throw new InvalidArtifactKeyError(key, '".." segments are not allowed');
  if (segments.some((s) => s === '.' || s === '')) throw new InvalidArtifactKeyError(key, 'empty or "." segments are not allowed');
  if (!/^[A-Za-z0-9._/-]+$/.test(key)) throw new InvalidArtifactKeyError(key, 'only letters, digits, ".", "_", "-" and "/" are allowed');
  const m = KEY_PATTERN.exec(key);
  if (!m) throw new InvalidArtifactKeyError(key, 'the key does not follow the layout');
  return { sha256: m[1]! + m[2]!, extension: m[3]! };
}

/** Same test a store applies to a reference's `sha256`. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}
