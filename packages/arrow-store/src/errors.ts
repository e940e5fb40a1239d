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
