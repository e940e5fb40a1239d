import { cachedGoToolPath, findGoTool, type FindGoToolOptions, type GoTool } from './go-tool.js';
import { TemporalCliNotFoundError } from './errors.js';

/** The Temporal CLI version Sigmoid builds. Tags from v1.6.0 on carry a `replace` directive that `go install` refuses. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

/** The Temporal CLI as a {@link GoTool}. */
export const TEMPORAL_CLI: GoTool = {
  name: 'Temporal CLI',
  binary: 'temporal',
  pathVariable: 'TEMPORAL_CLI_PATH',
  goPackage: 'github.com/temporalio/cli/cmd/temporal',
  version: TEMPORAL_CLI_VERSION,
  cacheFolder: 'temporal',
  buildTime: 'a few minutes',
  installHint: 'the Temporal CLI (https://docs.temporal.io/cli)',
  otherWayOut: 'set TEMPORAL_ADDRESS (host:port) to a Temporal server that is already running',
  notFound: (message) => new TemporalCliNotFoundError(message),
};

/** Where the built CLI lives in the cache. */
export function cachedCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return cachedGoToolPath(TEMPORAL_CLI, env);
}

export type FindTemporalCliOptions = FindGoToolOptions;

/**
 * Finds the Temporal CLI: `TEMPORAL_CLI_PATH`, then `temporal` on PATH, then the cache; when none is
 * found and Go is installed, builds it into the cache (this takes minutes and says so).
 * @throws TemporalCliNotFoundError listing the ways out.
 */
export function findTemporalCli(options: FindTemporalCliOptions = {}): Promise<string> {
  return findGoTool(TEMPORAL_CLI, options);
}
