// @ts-check
/**
 * The Arrow payload converter, in a module of its own because Temporal loads it twice:
 * the worker and client `require()` it (`dataConverter.payloadConverterPath`), and the workflow
 * bundler compiles it into the workflow sandbox. It is plain JavaScript (typed with JSDoc) so
 * that the same file works from the sources and from `dist`, and it imports no Node built-in.
 *
 * @module @sigmoid/arrow-store/payload-converter
 */
import {
  BinaryPayloadConverter,
  CompositePayloadConverter,
  JsonPayloadConverter,
  METADATA_ENCODING_KEY,
  UndefinedPayloadConverter,
  ValueError,
} from '@temporalio/common';
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';

/** @typedef {import('@temporalio/common').PayloadConverterWithEncoding} PayloadConverterWithEncoding */
/** @typedef {import('@temporalio/common').Payload} Payload */

/** Payload `encoding` of Arrow tables: an Arrow IPC stream (schema, dictionaries, record batches). */
export const ARROW_IPC_ENCODING = 'binary/arrow-ipc';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Converts Arrow `Table`s (and single `RecordBatch`es, which come back as one-batch tables) to and
 * from `binary/arrow-ipc` payloads. Declines every other value, so that it can sit first in a
 * composite converter.
 *
 * @implements {PayloadConverterWithEncoding}
 */
export class ArrowIpcPayloadConverter {
  encodingType = ARROW_IPC_ENCODING;

  /**
   * @param {unknown} value
   * @returns {Payload | undefined}
   */
  toPayload(value) {
    if (!(value instanceof Table)) return undefined;
    return {
      metadata: { [METADATA_ENCODING_KEY]: encoder.encode(ARROW_IPC_ENCODING) },
      data: tableToIPC(value, 'stream'),
    };
  }

  /**
   * @template T
   * @param {Payload} payload
   * @returns {T}
   */
  fromPayload(payload) {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || decoder.decode(encoding) !== ARROW_IPC_ENCODING) {
      throw new ValueError(`Expected a payload with encoding ${ARROW_IPC_ENCODING} but received ${encoding ? decoder.decode(encoding) : 'none'}`);
    }
    if (!payload.data) throw new ValueError(`Expected Arrow IPC bytes in a ${ARROW_IPC_ENCODING} payload but received no data`);
    // Copy into an 8-byte aligned buffer: typed-array views of the columns need aligned offsets,
    // and the payload bytes may sit at any offset of a protobuf buffer.
    const bytes = payload.data.byteOffset % 8 === 0 ? payload.data : payload.data.slice();
    return /** @type {T} */ (/** @type {unknown} */ (tableFromIPC(bytes)));
  }
}

/**
 * Arrow first, then Temporal's defaults (undefined, Uint8Array, JSON). The worker, the client and
 * the workflow bundler load this export through `payloadConverterPath`.
 */
export const payloadConverter = new CompositePayloadConverter(
  new ArrowIpcPayloadConverter(),
  new UndefinedPayloadConverter(),
  new BinaryPayloadConverter(),
  new JsonPayloadConverter(),
);
