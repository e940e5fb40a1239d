import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { TemporalCliNotFoundError } from './errors.js';

/** The Temporal CLI version Sigmoid builds. Tags from v1.6.0 on carry a `replace` directive that `go install` refuses. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

/**
 * The project's git-ignored cache folder: `$SIGMOID_CACHE_DIR`, else `<repo>/.cache` (the folder holding
 * nx.json above this module), else `~/.cache/sigmoid` for an installed copy.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGMOID_CACHE_DIR) return resolve(env.SIGMOID_CACHE_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package.json'))) return join(dir, '.cache');
    const parent = dirname(dir);
    if (parent === dir) return join(homedir(), '.cache', 'sigmoid');
    dir = parent;
  }
}

/** Where the built CLI lives in the cache. */
export function cachedCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'temporal', TEMPORAL_CLI_VERSION, process.platform === 'win32' ? 'temporal.exe' : 'temporal');
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
  '  - install the Temporal CLI (https://docs.temporal.io/cli) so that `temporal` is on PATH,',
  '  - set TEMPORAL_CLI_PATH to the path of a `temporal` binary,',
  `  - install Go so Sigmoid can build it (CGO_ENABLED=0 go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}),`,
  '  - or set TEMPORAL_ADDRESS (host:port) to a Temporal server that is already running.',
].join('\n');

export interface FindTemporalCliOptions {
  env?: NodeJS.ProcessEnv;
  /** Build with `go install` when no binary is found (default true). */
  build?: boolean;
  /** Progress lines while building (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Finds the Temporal CLI: `TEMPORAL_CLI_PATH`, then `temporal` on PATH, then the cache; when none is
 * found and Go is installed, builds it into the cache (this takes minutes and says so).
 * @throws TemporalCliNotFoundError listing the ways out.
 */
export async function findTemporalCli(options: FindTemporalCliOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (env.TEMPORAL_CLI_PATH) {
    const p = resolve(env.TEMPORAL_CLI_PATH);
    if (isExecutable(p)) return p;
    throw new TemporalCliNotFoundError(
      `TEMPORAL_CLI_PATH is set to ${JSON.stringify(env.TEMPORAL_CLI_PATH)}, but ${existsSync(p) ? 'that file is not executable' : 'no file exists there'}.\nExpected the path of an executable Temporal CLI. Ways out:\n${WAYS_OUT}`,
    );
  }
  const fromPath = onPath(process.platform === 'win32' ? 'temporal.exe' : 'temporal', env);
  if (fromPath) return fromPath;
  const cached = cachedCliPath(env);
  if (isExecutable(cached)) return cached;
  if (options.build === false) {
    throw new TemporalCliNotFoundError(`No Temporal CLI found (looked at TEMPORAL_CLI_PATH, PATH and ${cached}). Ways out:\n${WAYS_OUT}`);
  }
  const go = onPath('go', env);
  if (!go) {
    throw new TemporalCliNotFoundError(`No Temporal CLI found (looked at TEMPORAL_CLI_PATH, PATH and ${cached}) and Go is not installed to build one. Ways out:\n${WAYS_OUT}`);
  }
  await buildTemporalCli(go, dirname(cached), env, log);
  if (!isExecutable(cached)) throw new TemporalCliNotFoundError(`go install finished but ${cached} is missing. Ways out:\n${WAYS_OUT}`);
  return cached;
}

async function buildTemporalCli(go: string, binDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  mkdirSync(binDir, { recursive: true });
  const pkg = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;
  log(`[sigmoid] Building the Temporal CLI v${TEMPORAL_CLI_VERSION} into ${binDir} (go install ${pkg}); this takes a few minutes, once.`);
  const started = Date.now();
  const child = spawn(go, ['install', pkg], { env: { ...env, CGO_ENABLED: '0', GOBIN: binDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const ticker = setInterval(() => log(`[sigmoid] ... still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    const code = await new Promise<number | null>((res, rej) => {
      child.on('error', rej);
      child.on('exit', (c) => res(c));
    });
    if (code !== 0) throw new TemporalCliNotFoundError(`go install ${pkg} failed (exit ${code}):\n${tail}\nWays out:\n${WAYS_OUT}`);
  } finally {
    clearInterval(ticker);
  }
  log(`[sigmoid] Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
