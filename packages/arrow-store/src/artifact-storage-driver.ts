import proto from '@temporalio/proto';
import { StorageDriverClaim, type Payload, type StorageDriver, type StorageDriverRetrieveContext, type StorageDriverStoreContext } from '@temporalio/common';
import type { ArtifactRef, ArtifactStore } from './artifact-ref.js';
import { InvalidParameterError } from './errors.js';

const PayloadProto = proto.temporal.api.common.v1.Payload;

/** Media type of a Temporal `Payload` protobuf message stored as an artifact. */
export const TEMPORAL_PAYLOAD_MEDIA_TYPE = 'application/vnd.temporal.payload+protobuf';

/** Options of {@link ArtifactStorageDriver}. */
export interface ArtifactStorageDriverOptions {
  /**
   * Routing key written into every reference payload; the reading side must register a driver
   * of the same name. Default `"sigmoid-artifact-store"`.
   */
  name?: string;
}

/**
 * A Temporal external-storage driver (`@temporalio/common` 1.24 `StorageDriver`, experimental)
 * backed by an {@link ArtifactStore}: payloads above the `ExternalStorage` threshold are written
 * as content-addressed artifacts (the serialized `Payload` protobuf, after codecs such as
 * encryption ran) and history only keeps a claim `{ uri, sha256, byteLength, mediaType }`.
 * Retrieval re-hashes the bytes, so a corrupted payload fails loudly instead of decoding garbage.
 */
export class ArtifactStorageDriver implements StorageDriver {
  readonly name: string;
  readonly type = 'sigmoid.artifact-store';

  constructor(
    readonly artifactStore: ArtifactStore,
    options: ArtifactStorageDriverOptions = {},
  ) {
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      throw new InvalidParameterError('name', 'a non-empty string', options.name);
    }
    this.name = options.name ?? 'sigmoid-artifact-store';
  }

  async store(_context: StorageDriverStoreContext, payloads: Payload[]): Promise<StorageDriverClaim[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const bytes = PayloadProto.encode(payload).finish();
        const ref = await this.artifactStore.writeBytes(bytes, { name: 'temporal-payload', mediaType: TEMPORAL_PAYLOAD_MEDIA_TYPE });
        return new StorageDriverClaim({ uri: ref.uri, sha256: ref.sha256, byteLength: String(ref.byteLength), mediaType: ref.mediaType });
      }),
    );
  }

  async retrieve(_context: StorageDriverRetrieveContext, claims: StorageDriverClaim[]): Promise<Payload[]> {
    return Promise.all(
      claims.map(async (claim) => {
        const bytes = await this.artifactStore.readBytes(claimToRef(claim));
        const message = PayloadProto.decode(bytes);
        const payload: Payload = { metadata: { ...(message.metadata ?? {}) }, data: message.data };
        if (message.externalPayloads && message.externalPayloads.length > 0) payload.externalPayloads = message.externalPayloads;
        return payload;
      }),
    );
  }
}

function claimToRef(claim: StorageDriverClaim): ArtifactRef {
  const { uri, sha256, byteLength, mediaType } = claim.claimData;
  if (typeof uri !== 'string' || typeof sha256 !== 'string') {
    throw new InvalidParameterError('claim', 'an artifact claim with uri and sha256', claim.claimData);
  }
  return { kind: 'artifact', uri, sha256, byteLength: Number(byteLength), name: 'temporal-payload', mediaType: mediaType ?? TEMPORAL_PAYLOAD_MEDIA_TYPE };
}
