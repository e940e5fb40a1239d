import { fileURLToPath } from 'node:url';
import type { ManagedArtifactStore } from './artifact-ref.js';
import { InvalidParameterError } from './errors.js';
import { defaultArtifactRoot, LocalArtifactStore } from './local-artifact-store.js';

/** Builds a store for one uri scheme (`s3`, ...). */
export type ArtifactStoreFactory = (uri: URL) => ManagedArtifactStore | Promise<ManagedArtifactStore>;

const backends = new Map<string, ArtifactStoreFactory>();

/**
 * Plugs in a backend for a uri scheme (without the colon), e.g. `registerArtifactStoreBackend('s3', ...)`.
 * `file` is built in.
 */
export function registerArtifactStoreBackend(scheme: string, factory: ArtifactStoreFactory): void {
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme) || scheme === 'file') throw new InvalidParameterError('scheme', 'a lowercase uri scheme other than "file"', scheme);
  backends.set(scheme, factory);
}

/**
 * Opens the store that `uriOrPath` names: a folder path or `file://` uri gives a
 * {@link LocalArtifactStore}; other schemes (`s3://bucket/prefix`) need a backend registered with
 * {@link registerArtifactStoreBackend}. Without an argument: `SIGMOID_ARTIFACTS`, else
 * `<cwd>/.sigmoid/artifacts`.
 */
export async function openArtifactStore(uriOrPath?: string): Promise<ManagedArtifactStore> {
  if (uriOrPath === undefined) return new LocalArtifactStore({ root: defaultArtifactRoot() });
  if (typeof uriOrPath !== 'string' || uriOrPath === '' || uriOrPath.includes('\0')) {
    throw new InvalidParameterError('artifact store', 'a folder path or a file:// or s3:// uri', uriOrPath);
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/\//.exec(uriOrPath)?.[1]?.toLowerCase();
  if (scheme === undefined) return new LocalArtifactStore({ root: uriOrPath });
  if (scheme === 'file') {
    let root: string;
    try {
      root = fileURLToPath(uriOrPath);
    } catch {
      throw new InvalidParameterError('artifact store', 'a valid file:// uri (file:///absolute/path)', uriOrPath);
    }
    return new LocalArtifactStore({ root });
  }
  const factory = backends.get(scheme);
  if (factory === undefined) {
    const known = ['file', ...backends.keys()].join(', ');
    throw new InvalidParameterError('artifact store', `a folder path or a uri with a supported scheme (${known})`, uriOrPath);
  }
  return factory(new URL(uriOrPath));
}
