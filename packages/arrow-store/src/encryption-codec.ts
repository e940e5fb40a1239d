import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import proto from '@temporalio/proto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { InvalidParameterError, PayloadDecryptionError } from './errors.js';

const PayloadProto = proto.temporal.api.common.v1.Payload;

/** `encoding` of encrypted payloads (the name Temporal's encryption samples use). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key that names the key a payload was encrypted with. */
export const ENCRYPTION_KEY_ID_KEY = 'encryption-key-id';
/** Metadata key that names the cipher. */
export const ENCRYPTION_CIPHER_KEY = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Options of {@link AesGcmPayloadCodec}. */
export interface AesGcmPayloadCodecOptions {
  /** Every key that may have encrypted a payload still in history, by id. Each key is 32 bytes. */
  keys: Record<string, Uint8Array>;
  /** The key new payloads are encrypted with. */
  activeKeyId: string;
}

/**
 * AES-256-GCM {@link PayloadCodec}: each payload (the whole `Payload` protobuf, metadata included)
 * is encrypted with the active key and a random 96-bit IV; the key id goes into the payload
 * metadata (and is authenticated as additional data), so decoding picks the key by id and
 * rotated-out keys keep old histories readable as long as they stay in `keys`.
 * Wire format of `data`: IV (12 bytes) | ciphertext | GCM tag (16 bytes).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  readonly activeKeyId: string;
  private readonly keys: Map<string, Buffer>;

  constructor(options: AesGcmPayloadCodecOptions) {
    if (typeof options !== 'object' || options === null || typeof options.keys !== 'object' || options.keys === null) {
      throw new InvalidParameterError('keys', 'an object of key id -> 32-byte key', options?.keys);
    }
    this.keys = new Map();
    for (const [id, key] of Object.entries(options.keys)) {
      checkKeyId(id, 'keys');
      if (!(key instanceof Uint8Array) || key.byteLength !== 32) {
        throw new InvalidParameterError(`keys.${id}`, 'a 32-byte key (AES-256)', key);
      }
      this.keys.set(id, Buffer.from(key));
    }
    if (typeof options.activeKeyId !== 'string' || !this.keys.has(options.activeKeyId)) {
      throw new InvalidParameterError('activeKeyId', `one of the configured key ids (${[...this.keys.keys()].join(', ') || 'none'})`, options.activeKeyId);
    }
    this.activeKeyId = options.activeKeyId;
  }

  /**
   * Keys from the environment: `SIGMOID_ENCRYPTION_KEYS=id1:<base64 key>,id2:<base64 key>` or
   * `SIGMOID_ENCRYPTION_KEYS_FILE=<path>` (same format, commas or new lines, or JSON
   * `{ "activeKeyId": "id2", "keys": { "id1": "<base64>", ... } }`), and
   * `SIGMOID_ENCRYPTION_KEY_ID` for the active key (optional when only one key is given).
   * @returns undefined when neither variable is set (encryption off)
   */
  static fromEnv(env: Record<string, string | undefined> = process.env): AesGcmPayloadCodec | undefined {
    const inline = env['SIGMOID_ENCRYPTION_KEYS'];
    const file = env['SIGMOID_ENCRYPTION_KEYS_FILE'];
    if (!inline && !file) return undefined;
    let parsed: { keys: Record<string, Uint8Array>; activeKeyId?: string };
    if (inline) {
      parsed = parseKeyList(inline, 'SIGMOID_ENCRYPTION_KEYS');
    } else {
      let text: string;
      try {
        text = readFileSync(file!, 'utf8');
      } catch (err) {
        throw new InvalidParameterError('SIGMOID_ENCRYPTION_KEYS_FILE', 'a readable key file', file);
      }
      parsed = parseKeyFile(text);
    }
    const ids = Object.keys(parsed.keys);
    const activeKeyId = env['SIGMOID_ENCRYPTION_KEY_ID'] || parsed.activeKeyId || (ids.length === 1 ? ids[0] : undefined);
    if (activeKeyId === undefined) {
      throw new InvalidParameterError('SIGMOID_ENCRYPTION_KEY_ID', `the id of the active key (one of ${ids.join(', ')}) when several keys are configured`, undefined);
    }
    return new AesGcmPayloadCodec({ keys: parsed.keys, activeKeyId });
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.activeKeyId)!;
    const aad = utf8.encode(this.activeKeyId);
    return payloads.map((payload) => {
      const plain = PayloadProto.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING),
          [ENCRYPTION_CIPHER_KEY]: utf8.encode(CIPHER),
          [ENCRYPTION_KEY_ID_KEY]: aad,
        },
        data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[ENCRYPTION_KEY_ID_KEY];
      const keyId = idBytes ? fromUtf8.decode(idBytes) : '';
      const key = this.keys.get(keyId);
      if (key === undefined) {
        throw new PayloadDecryptionError(
          `Expected the encryption key "${keyId}" of an encrypted payload among the configured keys (${[...this.keys.keys()].join(', ')}) but it is not configured`,
          keyId,
        );
      }
      const data = payload.data ?? new Uint8Array(0);
      if (data.byteLength < IV_BYTES + TAG_BYTES) {
        throw new PayloadDecryptionError(`Encrypted payload (key "${keyId}") is ${data.byteLength} bytes, shorter than IV and tag`, keyId);
      }
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAAD(utf8.encode(keyId));
        decipher.setAuthTag(data.subarray(data.byteLength - TAG_BYTES));
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.byteLength - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadDecryptionError(`Encrypted payload could not be decrypted with key "${keyId}": wrong key or altered data`, keyId);
      }
      const message = PayloadProto.decode(plain);
      const out: Payload = { metadata: { ...(message.metadata ?? {}) }, data: message.data };
      if (message.externalPayloads && message.externalPayloads.length > 0) out.externalPayloads = message.externalPayloads;
      return out;
    });
  }
}

function checkKeyId(id: string, where: string): void {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new InvalidParameterError(`${where} key id`, 'an id of 1-64 letters, digits, ".", "_" or "-"', id);
}

function decodeKey(text: string, where: string): Uint8Array {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.byteLength !== 32) throw new InvalidParameterError(where, 'a base64-encoded 32-byte key', `${trimmed.length} characters decoding to ${key.byteLength} bytes`);
  return key;
}

function parseKeyList(text: string, where: string): { keys: Record<string, Uint8Array> } {
  const keys: Record<string, Uint8Array> = {};
  for (const entry of text.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'))) {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new InvalidParameterError(where, 'entries of the form <key id>:<base64 key>', `an entry without a key id (${entry.length} characters)`);
    const id = entry.slice(0, colon).trim();
    checkKeyId(id, where);
    keys[id] = decodeKey(entry.slice(colon + 1), `${where} (key "${id}")`);
  }
  if (Object.keys(keys).length === 0) throw new InvalidParameterError(where, 'at least one <key id>:<base64 key> entry', 'none');
  return { keys };
}

function parseKeyFile(text: string): { keys: Record<string, Uint8Array>; activeKeyId?: string } {
  const where = 'SIGMOID_ENCRYPTION_KEYS_FILE';
  if (text.trimStart().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new InvalidParameterError(where, 'valid JSON { "activeKeyId": ..., "keys": { id: base64 } }', 'malformed JSON');
    }
    const obj = json as { activeKeyId?: unknown; keys?: unknown };
    if (typeof obj.keys !== 'object' || obj.keys === null) throw new InvalidParameterError(`${where} keys`, 'an object of key id -> base64 key', obj.keys);
    const keys: Record<string, Uint8Array> = {};
    for (const [id, value] of Object.entries(obj.keys as Record<string, unknown>)) {
      checkKeyId(id, where);
      if (typeof value !== 'string') throw new InvalidParameterError(`${where} keys.${id}`, 'a base64 string', value);
      keys[id] = decodeKey(value, `${where} (key "${id}")`);
    }
    if (obj.activeKeyId !== undefined && typeof obj.activeKeyId !== 'string') throw new InvalidParameterError(`${where} activeKeyId`, 'a string', obj.activeKeyId);
    return obj.activeKeyId === undefined ? { keys } : { keys, activeKeyId: obj.activeKeyId as string };
  }
  return parseKeyList(text, where);
}
