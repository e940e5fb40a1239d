/**
 * Typed arrays in plain JSON: base64 of the little-endian bytes. Exact (no decimal round trip) and
 * about 30% larger than the binary data, against 2-3x for decimal number arrays.
 */
import { IncompatibleStateError } from './errors.js';

type TypedArrayCtor<T> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

export function encodeTypedArray(a: Float64Array | Int32Array | Uint8Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function decodeTypedArray<T>(text: unknown, ctor: TypedArrayCtor<T>, length: number, what: string): T {
  if (typeof text !== 'string') throw new IncompatibleStateError(`Expected a base64 string for ${what} in the accumulator state but received ${typeof text}`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== length * ctor.BYTES_PER_ELEMENT) throw new IncompatibleStateError(`Expected ${length} values for ${what} in the accumulator state but received ${bytes.byteLength / ctor.BYTES_PER_ELEMENT}`);
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new ctor(copy, 0, length);
}
