import { ApplicationFailure } from '@temporalio/common';

/**
 * Turns bad input into a failure Temporal will not retry. Errors with `nonRetryable === true`
 * (every `SigmoidInputError`) become
 * `ApplicationFailure.create({ message, type: err.name, nonRetryable: true, details: [err.details] })`;
 * anything else is returned unchanged, so Temporal retries it under the activity's retry policy.
 *
 * @example
 * ```ts
 * async function fitModel(input: FitInput) {
 *   try { return await fit(input); } catch (err) { throw toApplicationFailure(err); }
 * }
 * ```
 */
export function toApplicationFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (typeof err === 'object' && err !== null && (err as { nonRetryable?: unknown }).nonRetryable === true) {
    const e = err as Error & { details?: unknown };
    return ApplicationFailure.create({
      message: e.message,
      type: e.name,
      nonRetryable: true,
      details: [e.details ?? {}],
    });
  }
  return err;
}

/**
 * Wraps every function of an activities object so that whatever it throws goes through
 * {@link toApplicationFailure}. Keeps the names (Temporal registers activities by key).
 */
export function withApplicationFailures<T extends object>(activities: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    if (typeof fn !== 'function') {
      out[name] = fn;
      continue;
    }
    out[name] = async function (this: unknown, ...args: unknown[]) {
      try {
        return await (fn as (...a: unknown[]) => unknown).apply(this, args);
      } catch (err) {
        throw toApplicationFailure(err);
      }
    };
  }
  return out as T;
}
