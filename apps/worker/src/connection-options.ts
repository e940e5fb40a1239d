import { readFileSync } from 'node:fs';
import type { WorkerConfig } from './config.js';

/** TLS / API-key connection options shared by the worker's NativeConnection and the CLI's Connection. */
export function connectionOptions(config: Pick<WorkerConfig, 'address' | 'apiKey' | 'tls'>) {
  const tls = config.tls
    ? {
        ...(config.tls.serverName ? { serverNameOverride: config.tls.serverName } : {}),
        ...(config.tls.caPath ? { serverRootCACertificate: readFileSync(config.tls.caPath) } : {}),
        ...(config.tls.certPath && config.tls.keyPath ? { clientCertPair: { crt: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) } } : {}),
      }
    : config.apiKey
      ? true
      : undefined;
  return {
    address: config.address,
    ...(tls !== undefined ? { tls } : {}),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
}
