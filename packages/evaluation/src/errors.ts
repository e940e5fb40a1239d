/**
 * Errors of @sigmoid/evaluation. Each one subclasses the shared protocol of `@sigmoid/arrow-store`
 * (`nonRetryable === true`), so the Temporal wrappers turn it into a non-retryable failure whose
 * `type` is the class name below.
 */
import { InvalidDataError, SigmoidInputError } from '@sigmoid/arrow-store';

/** Two inputs that must describe the same samples have different lengths (`yTrue` vs `yScore`, ...). */
export class LengthMismatchError extends InvalidDataError {
  constructor(
    readonly argument: string,
    readonly expected: number,
    readonly received: number,
  ) {
    super(`Expected ${argument} to have length ${expected} (one entry per sample of yTrue) but received length ${received}`, { argument, expected, received });
  }
}

/** A label (in `yTrue`, `yPred` or a parameter such as `posLabel`) that is not one of the known classes. */
export class UnknownLabelError extends InvalidDataError {
  constructor(
    readonly argument: string,
    readonly label: unknown,
    readonly classes: readonly number[],
    readonly index?: number,
  ) {
    super(
      `Expected ${argument}${index === undefined ? '' : `[${index}]`} to be one of the classes [${classes.join(', ')}] but received ${String(label)}`,
      { argument, label: String(label), classes: [...classes], ...(index === undefined ? {} : { index }) },
    );
  }
}

/** Probabilities that are not probabilities: NaN, outside [0, 1], or rows not summing to 1. */
export class InvalidProbabilityError extends InvalidDataError {
  constructor(
    message: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(message, { index, value });
  }
}

/** A score or a sample weight that is NaN or infinite (scikit-learn's `assert_all_finite`). */
export class NonFiniteValueError extends InvalidDataError {
  constructor(
    readonly argument: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(`Expected finite numbers in ${argument} but received ${String(value)} at index ${index}`, { argument, index, value });
  }
}

/** No sample was seen: an empty stream or empty arrays. Every metric is undefined then. */
export class EmptyInputError extends InvalidDataError {
  constructor(what: string) {
    super(`Expected at least one sample for ${what} but received none (empty input or stream)`, { what });
  }
}

/**
 * The metric is not defined for this data, where scikit-learn raises a ValueError:
 * ROC AUC with one class in `yTrue`, `average: 'binary'` with more than two labels, ...
 */
export class UndefinedMetricError extends InvalidDataError {}

/** Two accumulators that cannot be merged (different classes, bins or options), or a malformed JSON state. */
export class IncompatibleStateError extends SigmoidInputError {}
