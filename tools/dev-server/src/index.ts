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
export { startDevServer, freePort, portIsTaken, killTree } from './dev-server.js';
export { superviseServer } from './server-process.js';
export type { ServerProcess, StartFailure } from './server-process.js';
export type { DevServer, StartDevServerOptions } from './dev-server.js';
export { findTemporalCli, cachedCliPath, TEMPORAL_CLI, TEMPORAL_CLI_VERSION } from './temporal-cli.js';
export { findGoTool, cachedGoToolPath, cacheRoot, isExecutable } from './go-tool.js';
export type { GoTool, FindGoToolOptions } from './go-tool.js';
export type { FindTemporalCliOptions } from './temporal-cli.js';
export { TemporalCliNotFoundError, DevServerStartError } from './errors.js';
