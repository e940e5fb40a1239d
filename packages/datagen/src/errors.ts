/**
 * Errors of @sigmoid/datagen. Parameter problems throw `InvalidParameterError` from
 * `@sigmoid/arrow-store` (scikit-learn raises `ValueError` there); the classes below are for data files.
 */
import { InvalidDataError } from '@sigmoid/arrow-store';

/** A dataset file cannot be read: truncated or corrupt Arrow IPC, not an Arrow file at all. */
export class DatasetFileError extends InvalidDataError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message, { path });
  }
}

/** A CSV file is malformed: wrong number of fields, or a value that is not a number. Names row and column. */
export class CsvFormatError extends InvalidDataError {
  constructor(
    message: string,
    readonly path: string,
    /** 1-based line number in the file (the header is line 1). */
    readonly row: number,
    readonly column: string,
  ) {
    super(message, { path, row, column });
  }
}
