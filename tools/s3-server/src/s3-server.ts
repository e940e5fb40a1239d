import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, portIsTaken, superviseServer } from '@sigmoid/dev-server';
import { findVersityGateway } from './versitygw.js';
import { S3ServerStartError } from './errors.js';

/** A running (or external) S3-compatible server. */
export interface S3Server {
  /** `http://127.0.0.1:<port>`: what `SIGMOID_S3_ENDPOINT` / `AWS_ENDPOINT_URL_S3` should hold. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** The bucket created at start (embedded), or `S3_BUCKET` (external); undefined when none was asked for. */
  bucket: string | undefined;
  /** The folder the gateway serves (`<root>/<bucket>/<key>` is an object); undefined when external. */
  root: string | undefined;
  /** True when this process started the server (false for `S3_ENDPOINT`). */
  embedded: boolean;
  pid: number | undefined;
  /** The environment a Sigmoid worker needs to reach this server (endpoint, credentials, region). */
  env: Record<string, string>;
  /** Stops the server and waits until its process has exited. A no-op for an external server. */
  stop(): Promise<void>;
}

export interface StartS3ServerOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder to serve; every sub-folder is a bucket. Default: a fresh temp folder, removed by `stop()`. */
  root?: string;
  /** Bucket to create before start (a folder under `root`). Default `sigmoid`; `null` creates none. */
  bucket?: string | null;
  /** Port; default: a free port. A taken port is an error, not a wait. */
  port?: number;
  /** Credentials; default: random per start. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** How long to wait for the server to answer (default 30 s). */
  startTimeoutMs?: number;
  /** Build versitygw with Go if missing (default true). */
  build?: boolean;
  log?: (line: string) => void;
}

async function healthAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function envOf(endpoint: string, accessKeyId: string, secretAccessKey: string, region: string): Record<string, string> {
  return { SIGMOID_S3_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: region };
}

/**
 * Starts the Versity S3 Gateway (`versitygw posix <root>`) on a free port of 127.0.0.1, creates the
 * bucket, waits until its health endpoint answers, and returns the endpoint, credentials and a
 * `stop()` that leaves no process behind. With `S3_ENDPOINT` set, nothing is started and that server
 * is used with `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` and `S3_BUCKET` (its
 * bucket must exist or be creatable by the caller).
 * @throws S3ServerStartError when the port is taken, the server crashes or does not answer in time.
 */
export async function startS3Server(options: StartS3ServerOptions = {}): Promise<S3Server> {
  const env = options.env ?? process.env;
  if (env.S3_ENDPOINT) {
    const accessKeyId = env.AWS_ACCESS_KEY_ID ?? '';
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? '';
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const bucket = env.S3_BUCKET ?? (options.bucket === null ? undefined : (options.bucket ?? 'sigmoid'));
    return {
      endpoint: env.S3_ENDPOINT, accessKeyId, secretAccessKey, region, bucket, root: undefined, embedded: false, pid: undefined,
      env: envOf(env.S3_ENDPOINT, accessKeyId, secretAccessKey, region), stop: async () => {},
    };
  }
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const gateway = await findVersityGateway({ env, build: options.build ?? true, log });
  const port = options.port ?? (await freePort());
  if (await portIsTaken(port)) {
    throw new S3ServerStartError(`Cannot start the S3 server: port ${port} on 127.0.0.1 is already in use. Choose another port, stop what holds it, or set S3_ENDPOINT to use a running server.`, '');
  }
  const ownRoot = options.root === undefined;
  const root = ownRoot ? mkdtempSync(join(tmpdir(), 'sigmoid-s3-')) : resolve(options.root!);
  if (!existsSync(root)) mkdirSync(root, { recursive: true });
  const bucket = options.bucket === null ? undefined : (options.bucket ?? 'sigmoid');
  // The posix backend maps buckets to top-level folders, so creating the folder creates the bucket.
  if (bucket !== undefined) mkdirSync(join(root, bucket), { recursive: true });
  const accessKeyId = options.accessKeyId ?? `sigmoid${randomBytes(6).toString('hex')}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(24).toString('base64url');
  const region = options.region ?? 'us-east-1';
  const args = ['--port', `127.0.0.1:${port}`, '--access', accessKeyId, '--secret', secretAccessKey, '--region', region, '--health', '/health', '--keep-alive', '--quiet', 'posix', root];
  // Credentials go in argv of a loopback-only test server. Keep-alive is off by default in versitygw; the
  // AWS SDK pools connections, so without it every request pays a new TCP connection.
  const server = superviseServer(gateway, args, env);
  const cleanup = () => {
    if (ownRoot) rmSync(root, { recursive: true, force: true });
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    await server.waitUntilReady(() => healthAnswers(`${endpoint}/health`), {
      timeoutMs,
      pollMs: 100,
      fail: (why) =>
        new S3ServerStartError(
          why.kind === 'spawn'
            ? `Cannot run versitygw at ${gateway}: ${why.error.message}`
            : why.kind === 'timeout'
              ? `The S3 server did not answer on ${endpoint} within ${timeoutMs} ms.`
              : why.portClash
                ? `The S3 server could not bind ${endpoint}: the port is already in use.`
                : `The S3 server exited during start-up (exit ${why.exit}).`,
          server.output(),
        ),
    });
  } catch (err) {
    cleanup();
    throw err;
  }
  return {
    endpoint, accessKeyId, secretAccessKey, region, bucket, root, embedded: true, pid: server.pid,
    env: envOf(endpoint, accessKeyId, secretAccessKey, region),
    stop: async () => {
      await server.stop();
      cleanup();
    },
  };
}
