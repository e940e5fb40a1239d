/**
 * @module @sigmoid/dev-server
 *
 * The embedded default: finds (or builds) the Temporal CLI and runs its dev server as a child process.
 * With `TEMPORAL_ADDRESS` set, nothing is started and that server is used instead.
 *
 * @example
 * ```ts
 * import { startDevServer } from '@sigmoid/dev-server';
 * const server = await startDevServer({ headless: true });
 * console.log(server.address, server.uiUrl);
 * await server.stop();
 * ```
 */
export { startDevServer, freePort } from './dev-server.js';
export type { DevServer, StartDevServerOptions } from './dev-server.js';
export { findTemporalCli, cachedCliPath, cacheRoot, TEMPORAL_CLI_VERSION } from './temporal-cli.js';
export type { FindTemporalCliOptions } from './temporal-cli.js';
export { TemporalCliNotFoundError, DevServerStartError } from './errors.js';
