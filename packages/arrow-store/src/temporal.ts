/**
 * Temporal entry of @sigmoid/arrow-store: the failure protocol every plugin's activities use,
 * Arrow tables as payloads, large payloads out of history, payload encryption, and one plugin
 * that registers all of it.
 *
 * @module @sigmoid/arrow-store/temporal
 *
 * @example
 * ```ts
 * import { Client, Connection } from '@temporalio/client';
 * import { Worker } from '@temporalio/worker';
 * import { LocalArtifactStore } from '@sigmoid/arrow-store';
 * import { arrowStorePlugin, toApplicationFailure } from '@sigmoid/arrow-store/temporal';
 *
 * const plugin = arrowStorePlugin({ store: new LocalArtifactStore('/data/artifacts') });
 * const client = new Client({ connection: await Connection.connect(), plugins: [plugin] });
 * const worker = await Worker.create({
 *   taskQueue: 'sigmoid', workflowsPath: require.resolve('./workflows'), plugins: [plugin],
 *   activities: {
 *     async rowCount(table: Table) { return table.numRows; }, // tables arrive as Arrow
 *     async risky() { try { return await work(); } catch (e) { throw toApplicationFailure(e); } },
 *   },
 * });
 * ```
 */
export { toApplicationFailure, withApplicationFailures } from './application-failure.js';
export { ArrowIpcPayloadConverter, payloadConverter, ARROW_IPC_ENCODING } from './payload-converter.js';
export type { ArtifactStorageDriverOptions } from './artifact-storage-driver.js';
export { ArtifactStorageDriver, TEMPORAL_PAYLOAD_MEDIA_TYPE } from './artifact-storage-driver.js';
export type { AesGcmPayloadCodecOptions } from './encryption-codec.js';
export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, ENCRYPTION_KEY_ID_KEY, ENCRYPTION_CIPHER_KEY } from './encryption-codec.js';
export { PayloadDecryptionError } from './errors.js';
export type { ArrowStorePluginOptions } from './arrow-store-plugin.js';
export { arrowStorePlugin, payloadConverterPath, DEFAULT_EXTERNAL_STORAGE_THRESHOLD } from './arrow-store-plugin.js';
