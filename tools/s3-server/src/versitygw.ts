import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { cacheRoot } from '@sigmoid/dev-server';
import { VersityGatewayNotFoundError } from './errors.js';

/**
 * The Versity S3 Gateway version Sigmoid builds. Chosen because it is Apache-2.0 (MinIO is AGPL) and
 * `go install` accepts it (SeaweedFS's module carries `replace` directives that `go install` refuses).
 */
export const VERSITYGW_VERSION = '1.8.0';

/** Where the built gateway lives in the project's git-ignored cache. */
export function cachedVersityGatewayPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'versitygw', VERSITYGW_VERSION, process.platform === 'win32' ? 'versitygw.exe' : 'versitygw');
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

const WAYS_OUT = [
  '  - install the Versity S3 Gateway (https://github.com/versity/versitygw) so that `versitygw` is on PATH,',
  '  - set VERSITYGW_PATH to the path of a `versitygw` binary,',
  `  - install Go so Sigmoid can build it (CGO_ENABLED=0 go install github.com/versity/versitygw/cmd/versitygw@v${VERSITYGW_VERSION}),`,
  '  - or set S3_ENDPOINT (with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) to an S3-compatible server that is already running.',
].join('\n');

export interface FindVersityGatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** Build with `go install` when no binary is found (default true). */
  build?: boolean;
  /** Progress lines while building (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Finds `versitygw`: `VERSITYGW_PATH`, then PATH, then the cache
 * (`<repo>/.cache/versitygw/<version>/versitygw`); when none is found and Go is installed, builds it
 * into the cache (about five minutes, once, and it says so).
 * @throws VersityGatewayNotFoundError listing the ways out.
 */
export async function findVersityGateway(options: FindVersityGatewayOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (env.VERSITYGW_PATH) {
    const p = resolve(env.VERSITYGW_PATH);
    if (isExecutable(p)) return p;
    throw new VersityGatewayNotFoundError(
      `VERSITYGW_PATH is set to ${JSON.stringify(env.VERSITYGW_PATH)}, but ${existsSync(p) ? 'that file is not executable' : 'no file exists there'}.\nExpected the path of an executable versitygw. Ways out:\n${WAYS_OUT}`,
    );
  }
  const fromPath = onPath(process.platform === 'win32' ? 'versitygw.exe' : 'versitygw', env);
  if (fromPath) return fromPath;
  const cached = cachedVersityGatewayPath(env);
  if (isExecutable(cached)) return cached;
  if (options.build === false) {
    throw new VersityGatewayNotFoundError(`No versitygw found (looked at VERSITYGW_PATH, PATH and ${cached}). Ways out:\n${WAYS_OUT}`);
  }
  const go = onPath('go', env);
  if (!go) {
    throw new VersityGatewayNotFoundError(`No versitygw found (looked at VERSITYGW_PATH, PATH and ${cached}) and Go is not installed to build one. Ways out:\n${WAYS_OUT}`);
  }
  await buildVersityGateway(go, dirname(cached), env, log);
  if (!isExecutable(cached)) throw new VersityGatewayNotFoundError(`go install finished but ${cached} is missing. Ways out:\n${WAYS_OUT}`);
  return cached;
}

async function buildVersityGateway(go: string, binDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  mkdirSync(binDir, { recursive: true });
  const pkg = `github.com/versity/versitygw/cmd/versitygw@v${VERSITYGW_VERSION}`;
  log(`[sigmoid] Building the Versity S3 Gateway v${VERSITYGW_VERSION} into ${binDir} (go install ${pkg}); this takes about five minutes, once.`);
  const started = Date.now();
  const child = spawn(go, ['install', pkg], { env: { ...env, CGO_ENABLED: '0', GOBIN: binDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const ticker = setInterval(() => log(`[sigmoid] ... still building versitygw (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    const code = await new Promise<number | null>((res, rej) => {
      child.on('error', rej);
      child.on('exit', (c) => res(c));
    });
    if (code !== 0) throw new VersityGatewayNotFoundError(`go install ${pkg} failed (exit ${code}):\n${tail}\nWays out:\n${WAYS_OUT}`);
  } finally {
    clearInterval(ticker);
  }
  log(`[sigmoid] versitygw built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
