/**
 * The one error type of @sigmoid/random.
 *
 * This package has no dependencies, so it does not import `@sigmoid/arrow-store`'s error classes; it
 * follows the same duck-typed protocol instead (`nonRetryable === true`, message
 * "Expected <expected> for <parameter> but received <value>"), so Temporal wrappers treat it as bad input.
 */

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${String(value)} of type ${typeof value}`;
  if (typeof value === 'string') return `${JSON.stringify(value)} of type string`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a value of type ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}`;
}

/** An argument is out of range or of the wrong type (numpy/scikit-learn raise `ValueError` there). */
export class RandomParameterError extends Error {
  /** Always true: retrying with the same argument cannot succeed. */
  readonly nonRetryable = true as const;
  readonly details: Record<string, unknown>;
  constructor(
    readonly parameter: string,
    readonly expected: string,
    readonly received: unknown,
  ) {
    super(`Expected ${expected} for ${parameter} but received ${describe(received)}`);
    this.name = 'RandomParameterError';
    this.details = { parameter, expected, received: describe(received) };
  }
}
