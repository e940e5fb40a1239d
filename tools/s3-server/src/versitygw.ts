import { cachedGoToolPath, findGoTool, type FindGoToolOptions, type GoTool } from '@sigmoid/dev-server';
import { VersityGatewayNotFoundError } from './errors.js';

/**
 * The Versity S3 Gateway version Sigmoid builds. Chosen because it is Apache-2.0 (MinIO is AGPL) and
 * `go install` accepts it (SeaweedFS's module carries `replace` directives that `go install` refuses).
 */
export const VERSITYGW_VERSION = '1.8.0';

/** The Versity S3 Gateway as a Go tool found on the machine or built into the cache. */
export const VERSITY_GATEWAY: GoTool = {
  name: 'versitygw',
  binary: 'versitygw',
  pathVariable: 'VERSITYGW_PATH',
  goPackage: 'github.com/versity/versitygw/cmd/versitygw',
  version: VERSITYGW_VERSION,
  cacheFolder: 'versitygw',
  buildTime: 'about five minutes',
  installHint: 'the Versity S3 Gateway (https://github.com/versity/versitygw)',
  otherWayOut: 'set S3_ENDPOINT (with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) to an S3-compatible server that is already running',
  notFound: (message) => new VersityGatewayNotFoundError(message),
};

/** Where the built gateway lives in the project's git-ignored cache. */
export function cachedVersityGatewayPath(env: NodeJS.ProcessEnv = process.env): string {
  return cachedGoToolPath(VERSITY_GATEWAY, env);
}

export type FindVersityGatewayOptions = FindGoToolOptions;

/**
 * Finds `versitygw`: `VERSITYGW_PATH`, then PATH, then the cache
 * (`<repo>/.cache/versitygw/<version>/versitygw`); when none is found and Go is installed, builds it
 * into the cache (about five minutes, once, and it says so).
 * @throws VersityGatewayNotFoundError listing the ways out.
 */
export function findVersityGateway(options: FindVersityGatewayOptions = {}): Promise<string> {
  return findGoTool(VERSITY_GATEWAY, options);
}
