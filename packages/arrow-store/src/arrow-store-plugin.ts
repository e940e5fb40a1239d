import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExternalStorage, type DataConverter, type PayloadCodec } from '@temporalio/common';
import { SimplePlugin } from '@temporalio/plugin';
import type { ArtifactStore } from './artifact-ref.js';
import { ArtifactStorageDriver } from './artifact-storage-driver.js';
import { AesGcmPayloadCodec } from './encryption-codec.js';
import { InvalidParameterError } from './errors.js';
import { LocalArtifactStore } from './local-artifact-store.js';

/** Default size above which payloads leave history for the artifact store: 256 KiB (Temporal warns at 512 KiB). */
export const DEFAULT_EXTERNAL_STORAGE_THRESHOLD = 256 * 1024;

/**
 * Absolute path of the module that exports the Arrow-aware `payloadConverter`, for
 * `dataConverter.payloadConverterPath` and `bundleWorkflowCode({ payloadConverterPath })`.
 * Works from the sources (vitest, tsx) and from `dist`: the module is plain JavaScript.
 */
export const payloadConverterPath: string = fileURLToPath(new URL('./payload-converter.js', import.meta.url));

/** Options of {@link arrowStorePlugin}. */
export interface ArrowStorePluginOptions {
  /**
   * Where large payloads go: a store, or a folder path for a {@link LocalArtifactStore}.
   * Default: `new LocalArtifactStore()` (`SIGMOID_ARTIFACTS`, else `<cwd>/.sigmoid/artifacts`).
   */
  store?: ArtifactStore | string;
  /**
   * Payloads at least this many bytes are written to the store and replaced in history by a small
   * reference (`ExternalStorage.payloadSizeThreshold`). `false` turns external storage off.
   * Default {@link DEFAULT_EXTERNAL_STORAGE_THRESHOLD} (256 KiB).
   */
  externalStorageThreshold?: number | false;
  /**
   * Payload encryption: a codec, `false` for none, or `'env'` for {@link AesGcmPayloadCodec.fromEnv}
   * (off when no key variable is set). Default `'env'`.
   */
  encryption?: PayloadCodec | 'env' | false;
  /** Register the `binary/arrow-ipc` payload converter (tables as activity arguments/results). Default `true`. */
  arrowPayloads?: boolean;
  /** Plugin name. Default `"sigmoid.arrow-store"`. */
  name?: string;
}

/**
 * The data-converter side of Sigmoid as one `SimplePlugin` for clients and workers: the
 * `binary/arrow-ipc` payload converter, an optional AES-256-GCM codec, and Temporal's external
 * storage with an {@link ArtifactStorageDriver} so that large payloads stay out of history.
 * Settings the user already made win: an existing `payloadConverterPath` or `externalStorage`
 * is kept, codecs are appended after the existing ones.
 *
 * Register it on both sides (client and worker) so that both can read what the other wrote.
 */
export function arrowStorePlugin(options: ArrowStorePluginOptions = {}): SimplePlugin {
  const threshold = options.externalStorageThreshold ?? DEFAULT_EXTERNAL_STORAGE_THRESHOLD;
  if (threshold !== false && (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0)) {
    throw new InvalidParameterError('externalStorageThreshold', 'a non-negative number of bytes or false', threshold);
  }
  const store = typeof options.store === 'string' || options.store === undefined ? new LocalArtifactStore(options.store === undefined ? {} : { root: options.store }) : options.store;
  const encryption = options.encryption ?? 'env';
  const codec = encryption === 'env' ? AesGcmPayloadCodec.fromEnv() : encryption === false ? undefined : encryption;
  const arrowPayloads = options.arrowPayloads ?? true;
  if (arrowPayloads && !existsSync(payloadConverterPath)) {
    throw new InvalidParameterError('arrowPayloads', `false, or an installation that contains ${payloadConverterPath}`, arrowPayloads);
  }
  const externalStorage = threshold === false ? undefined : new ExternalStorage({ drivers: [new ArtifactStorageDriver(store)], payloadSizeThreshold: threshold });

  return new SimplePlugin({
    name: options.name ?? 'sigmoid.arrow-store',
    dataConverter: (existing: DataConverter | undefined): DataConverter => {
      const merged: DataConverter = { ...existing };
      if (arrowPayloads && merged.payloadConverterPath === undefined) merged.payloadConverterPath = payloadConverterPath;
      if (codec !== undefined) merged.payloadCodecs = [...(existing?.payloadCodecs ?? []), codec];
      if (externalStorage !== undefined && merged.externalStorage === undefined) merged.externalStorage = externalStorage;
      return merged;
    },
  });
}
