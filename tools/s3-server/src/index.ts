/**
 * @module @sigmoid/s3-server
 *
 * A real S3-compatible server for tests and local clusters: finds (or builds) the Versity S3 Gateway
 * (`versitygw`, Apache-2.0) and runs its posix backend on a free port as a child process. With
 * `S3_ENDPOINT` set, nothing is started and that server is used instead.
 *
 * @example
 * ```ts
 * import { startS3Server } from '@sigmoid/s3-server';
 * const s3 = await startS3Server({ bucket: 'sigmoid' });
 * console.log(s3.endpoint, s3.bucket, s3.env); // SIGMOID_S3_ENDPOINT, AWS_ACCESS_KEY_ID, ...
 * await s3.stop();
 * ```
 */
export { startS3Server } from './s3-server.js';
export type { S3Server, StartS3ServerOptions } from './s3-server.js';
export { findVersityGateway, cachedVersityGatewayPath, VERSITYGW_VERSION } from './versitygw.js';
export type { FindVersityGatewayOptions } from './versitygw.js';
export { VersityGatewayNotFoundError, S3ServerStartError } from './errors.js';
