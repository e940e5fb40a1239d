import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';

/**
 * A Go program the project runs in development and tests (the Temporal CLI, the S3 gateway): found on
 * the machine, or built once with `go install` into the project's git-ignored cache.
 */
export interface GoTool {
  /** How messages name it: "Temporal CLI", "versitygw". */
  name: string;
  /** Executable name: "temporal". */
  binary: string;
  /** Variable that points at an existing binary: "TEMPORAL_CLI_PATH". */
  pathVariable: string;
  /** `go install` package path, without the version. */
  goPackage: string;
  /** Version built (tag without the "v"). */
  version: string;
  /** Folder under the cache root. */
  cacheFolder: string;
  /** How long a build takes, for the message shown while building: "a few minutes". */
  buildTime: string;
  /** The ways out besides PATH, the variable and Go (e.g. "set TEMPORAL_ADDRESS to a running server"), and how to install it. */
  installHint: string;
  otherWayOut: string;
  /** The error thrown when it cannot be found or built. */
  notFound: (message: string) => Error;
}

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

function exe(name: string): string {
  return process.platform === 'win32' ? `${name}.exe` : name;
}

/** Where the built tool lives in the cache. */
export function cachedGoToolPath(tool: GoTool, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), tool.cacheFolder, tool.version, exe(tool.binary));
}

export function isExecutable(path: string): boolean {
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

function waysOut(tool: GoTool): string {
  return [
    `  - install ${tool.installHint} so that \`${tool.binary}\` is on PATH,`,
    `  - set ${tool.pathVariable} to the path of a \`${tool.binary}\` binary,`,
    `  - install Go so Sigmoid can build it (CGO_ENABLED=0 go install ${tool.goPackage}@v${tool.version}),`,
    `  - or ${tool.otherWayOut}.`,
  ].join('\n');
}

export interface FindGoToolOptions {
  env?: NodeJS.ProcessEnv;
  /** Build with `go install` when no binary is found (default true). */
  build?: boolean;
  /** Progress lines while building (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Finds `tool`: its path variable, then PATH, then the cache; when none is found and Go is installed,
 * builds it into the cache (saying so, and every 30 s while it builds).
 * @throws tool.notFound(...) listing the ways out.
 */
export async function findGoTool(tool: GoTool, options: FindGoToolOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const configured = env[tool.pathVariable];
  if (configured) {
    const p = resolve(configured);
    if (isExecutable(p)) return p;
    throw tool.notFound(
      `${tool.pathVariable} is set to ${JSON.stringify(configured)}, but ${existsSync(p) ? 'that file is not executable' : 'no file exists there'}.\nExpected the path of an executable ${tool.name}. Ways out:\n${waysOut(tool)}`,
    );
  }
  const fromPath = onPath(exe(tool.binary), env);
  if (fromPath) return fromPath;
  const cached = cachedGoToolPath(tool, env);
  if (isExecutable(cached)) return cached;
  const looked = `looked at ${tool.pathVariable}, PATH and ${cached}`;
  if (options.build === false) throw tool.notFound(`No ${tool.name} found (${looked}). Ways out:\n${waysOut(tool)}`);
  const go = onPath(exe('go'), env);
  if (!go) throw tool.notFound(`No ${tool.name} found (${looked}) and Go is not installed to build one. Ways out:\n${waysOut(tool)}`);
  await goInstall(tool, go, dirname(cached), env, log);
  if (!isExecutable(cached)) throw tool.notFound(`go install finished but ${cached} is missing. Ways out:\n${waysOut(tool)}`);
  return cached;
}

async function goInstall(tool: GoTool, go: string, binDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  mkdirSync(binDir, { recursive: true });
  const pkg = `${tool.goPackage}@v${tool.version}`;
  log(`[sigmoid] Building the ${tool.name} v${tool.version} into ${binDir} (go install ${pkg}); this takes ${tool.buildTime}, once.`);
  const started = Date.now();
  const child = spawn(go, ['install', pkg], { env: { ...env, CGO_ENABLED: '0', GOBIN: binDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const ticker = setInterval(() => log(`[sigmoid] ... still building the ${tool.name} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    const code = await new Promise<number | null>((res, rej) => {
      child.on('error', rej);
      child.on('exit', (c) => res(c));
    });
    if (code !== 0) throw tool.notFound(`go install ${pkg} failed (exit ${code}):\n${tail}\nWays out:\n${waysOut(tool)}`);
  } finally {
    clearInterval(ticker);
  }
  log(`[sigmoid] ${tool.name} built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
