/**
 * Errors thrown by @sigmoid/trainer. All extend the shared protocol of `@sigmoid/arrow-store`, so
 * `nonRetryable === true` marks bad input and Temporal wrappers turn it into a non-retryable failure.
 */
import { InvalidDataError, SigmoidInputError, describeValue } from '@sigmoid/arrow-store';

/** A feature value is NaN or +-Infinity (or null). Names the column and the 0-based row. */
export class NonFiniteFeatureError extends InvalidDataError {
  constructor(
    readonly column: string,
    readonly row: number,
    readonly value: number | null,
  ) {
    super(`Expected finite numbers in feature column "${column}" but received ${value === null ? 'null' : String(value)} at row ${row}`, {
      column,
      row,
      expected: 'a finite number',
      received: value === null ? 'null' : String(value),
    });
  }
}

/** A sample weight is negative, NaN or infinite. */
export class InvalidWeightError extends InvalidDataError {
  constructor(
    readonly column: string,
    readonly row: number,
    readonly value: number | null,
  ) {
    super(`Expected finite non-negative sample weights in column "${column}" but received ${value === null ? 'null' : String(value)} at row ${row}`, {
      column,
      row,
      expected: 'a finite number >= 0',
      received: value === null ? 'null' : String(value),
    });
  }
}

/** A label is null, or not one of the classes given to `partialFit` / learned by the model. */
export class InvalidLabelError extends InvalidDataError {
  constructor(
    readonly column: string,
    readonly row: number,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`Expected ${expected} in label column "${column}" but received ${describeValue(value)} at row ${row}`, {
      column,
      row,
      expected,
      received: describeValue(value),
    });
  }
}

/** The data has fewer than two classes and no `classes` were given. */
export class SingleClassError extends InvalidDataError {
  constructor(
    readonly column: string,
    readonly classes: (number | string)[],
  ) {
    super(`Expected at least 2 classes in label column "${column}" but received ${classes.length} (${classes.map((c) => JSON.stringify(c)).join(', ') || 'none'}); pass classes to partialFit to train on one class`, {
      column,
      expected: 'at least 2 classes',
      received: classes,
    });
  }
}

/** The data source has no rows (or none with positive weight). */
export class EmptyDatasetError extends InvalidDataError {
  constructor(what = 'the data source') {
    super(`Expected at least one row in ${what} but received 0 rows`, { expected: 'at least 1 row', received: 0 });
  }
}

/** A prediction or checkpoint call on a model that has not been fitted. */
export class NotFittedError extends SigmoidInputError {
  constructor(method: string) {
    super(`Expected a fitted model for ${method}() but this LogisticRegression has not been fitted; call fit() or partialFit() first`, {
      expected: 'a fitted model',
      received: 'an unfitted model',
    });
  }
}
