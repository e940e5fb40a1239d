/**
 * Errors shared by every Sigmoid package.
 *
 * The protocol between the plain libraries and their Temporal wrappers is duck-typed on purpose:
 * any error with `nonRetryable === true` is bad input (retrying cannot help) and becomes a
 * non-retryable `ApplicationFailure` whose `type` is the error's `name`. Anything else is
 * treated as transient (I/O, a killed process) and retried by Temporal.
 */

/** Formats a value for an error message: type and a short rendering. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `${JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value)} of type string`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${String(value)} of type ${typeof value}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  return `a value of type ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}`;
}

/**
 * Bad input: a parameter out of range, a missing or mistyped column, NaN in the features, ...
 * Thrown by every package for anything that a retry cannot fix. `type` is stable and documented.
 */
export class SigmoidInputError extends Error {
  /** Always true: Temporal wrappers turn this into a non-retryable `ApplicationFailure`. */
  readonly nonRetryable = true as const;
  constructor(
    message: string,
    /** Extra machine-readable facts (parameter name, column, row, expected, received). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A parameter has a wrong type or a value out of range. */
export class InvalidParameterError extends SigmoidInputError {
  constructor(
    readonly parameter: string,
    readonly expected: string,
    readonly received: unknown,
  ) {
    super(`Expected ${expected} for ${parameter} but received ${describeValue(received)}`, { parameter, expected, received: describeValue(received) });
  }
}

/** The data does not have the shape a {@link DatasetSpec} asks for. */
export class SchemaMismatchError extends SigmoidInputError {
  constructor(
    message: string,
    readonly column: string,
    readonly expected: string,
    readonly received: string,
  ) {
    super(message, { column, expected, received });
  }
}

/** Data values that cannot be used: NaN/Inf, a negative weight, an empty dataset, ... */
export class InvalidDataError extends SigmoidInputError {}

/**
 * An artifact reference points at nothing: the file was deleted, or the store is not the one that
 * wrote it. Thrown by every `read*`/`verify` of an {@link ArtifactStore}.
 *
 * Non-retryable on purpose: retrying the *consuming* activity cannot bring the bytes back. The
 * `uri` (also in `details`) lets a workflow re-run the step that produced the artifact.
 */
export class ArtifactNotFoundError extends SigmoidInputError {
  constructor(
    /** The artifact that is missing. */
    readonly uri: string,
    /** The hash the reference promised. */
    readonly sha256: string,
  ) {
    super(`Expected artifact ${uri} (sha256 ${sha256}) to exist in the artifact store but it was not found`, { uri, sha256 });
  }
}

/**
 * The bytes of an artifact do not hash to the sha256 of its reference: a flipped bit, a truncated
 * file, a file replaced by hand. Non-retryable for the consumer (same reasoning as
 * {@link ArtifactNotFoundError}); `uri` names the artifact to regenerate.
 */
export class ArtifactCorruptedError extends SigmoidInputError {
  constructor(
    readonly uri: string,
    /** The sha256 the reference promised. */
    readonly expected: string,
    /** The sha256 of the bytes found (or a description such as "truncated at 120 of 4096 bytes"). */
    readonly actual: string,
  ) {
    super(`Artifact ${uri} is corrupted: expected sha256 ${expected} but the stored bytes hash to ${actual}`, { uri, expected, actual });
  }
}

/**
 * An artifact key or uri that could escape the store root or does not follow the store's layout
 * (`..`, absolute paths, NUL or other odd characters, percent-encoding, a symlink leading outside).
 */
export class InvalidArtifactKeyError extends SigmoidInputError {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Expected an artifact key of the form sha256/<2 hex>/<62 hex>.<ext> inside the store but received ${describeValue(key)}: ${reason}`, { key, reason });
  }
}

/**
 * The store could not persist an artifact: the root is not a writable directory, the disk is full,
 * the object store refused the upload. Deliberately *retryable* (not a {@link SigmoidInputError}):
 * the input is fine and space or permissions may come back; a retry policy bounds the attempts.
 * No partial artifact is ever visible when this is thrown.
 */
export class ArtifactStoreWriteError extends Error {
  readonly nonRetryable = false as const;
  constructor(
    /** The store root or target the write aimed at. */
    readonly target: string,
    /** The system error code (`ENOSPC`, `EACCES`, `ENOTDIR`, ...) when there is one. */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? 'unknown error');
    super(`Could not write artifact to ${target}${code ? ` (${code})` : ''}: ${cause}`, options);
    this.name = 'ArtifactStoreWriteError';
  }
}

/**
 * An encrypted payload could not be decrypted: its key id is not configured here, or the key is
 * wrong / the bytes were altered (AES-GCM authentication failed). Retryable on purpose: deploying
 * the missing key to the worker fixes it, and Temporal keeps the task until then.
 */
export class PayloadDecryptionError extends Error {
  constructor(
    message: string,
    /** The key id the payload names. */
    readonly keyId: string,
  ) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}
