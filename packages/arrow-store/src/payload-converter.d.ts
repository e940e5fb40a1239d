import type { CompositePayloadConverter, Payload, PayloadConverterWithEncoding } from '@temporalio/common';

/** Payload `encoding` of Arrow tables: an Arrow IPC stream (schema, dictionaries, record batches). */
export declare const ARROW_IPC_ENCODING = 'binary/arrow-ipc';

/**
 * Converts Arrow `Table`s to and from `binary/arrow-ipc` payloads; declines every other value.
 * (Implementation: payload-converter.js, plain JavaScript so that Temporal can `require()` it.)
 */
export declare class ArrowIpcPayloadConverter implements PayloadConverterWithEncoding {
  encodingType: string;
  toPayload(value: unknown): Payload | undefined;
  fromPayload<T>(payload: Payload): T;
}

/** Arrow first, then Temporal's defaults (undefined, Uint8Array, JSON). */
export declare const payloadConverter: CompositePayloadConverter;
