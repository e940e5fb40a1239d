import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findTemporalCli } from './temporal-cli.js';
import { DevServerStartError } from './errors.js';
import { superviseServer } from './server-process.js';

export { killTree } from './kill-tree.js';

/** A running (or external) Temporal server. */
export interface DevServer {
  /** gRPC `host:port` for clients and workers. */
  address: string;
  /** Namespace registered on the server. */
  namespace: string;
  /** Web UI URL, or undefined when headless or external. */
  uiUrl: string | undefined;
  /** True when this process started the server (false for `TEMPORAL_ADDRESS`). */
  embedded: boolean;
  /** PID of the server process when embedded. */
  pid: number | undefined;
  /** Stops the server and waits until its process has exited. A no-op for an external server. */
  stop(): Promise<void>;
}

export interface StartDevServerOptions {
  env?: NodeJS.ProcessEnv;
  /** gRPC port; default: a free port. A taken port is an error, not a wait. */
  port?: number;
  /** Web UI port; default: a free port. */
  uiPort?: number;
  /** Do not start the Web UI (default false). */
  headless?: boolean;
  /** SQLite file so state survives restarts; default: in memory. */
  dbFilename?: string;
  /** Namespace to register (default `TEMPORAL_NAMESPACE` or "default"). */
  namespace?: string;
  /** How long to wait for the server to answer (default 60 s). */
  startTimeoutMs?: number;
  /** Build the CLI with Go if missing (default true). */
  build?: boolean;
  /** Log lines (default: stderr). */
  log?: (line: string) => void;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Whether something already listens on `port` at 127.0.0.1. */
export async function portIsTaken(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(false)));
  });
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      res(false);
    });
  });
}

/** Checks that a gRPC port answers the Temporal health check via the CLI. */
async function operatorAnswers(cli: string, address: string, namespace: string): Promise<boolean> {
  return new Promise((res) => {
    const child = spawn(cli, ['operator', 'namespace', 'describe', '--address', address, '--namespace', namespace, '-o', 'json'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.on('error', () => res(false));
    child.on('exit', (code) => {
      clearTimeout(timer);
      res(code === 0);
    });
  });
}

/**
 * Starts `temporal server start-dev` on free ports (or uses `TEMPORAL_ADDRESS` and starts nothing),
 * waits until it answers, and returns its address and a `stop()` that leaves no process behind.
 * @throws DevServerStartError when the port is taken, the server crashes or does not answer in time.
 */
export async function startDevServer(options: StartDevServerOptions = {}): Promise<DevServer> {
  const env = options.env ?? process.env;
  const namespace = options.namespace ?? env.TEMPORAL_NAMESPACE ?? 'default';
  if (env.TEMPORAL_ADDRESS) {
    return { address: env.TEMPORAL_ADDRESS, namespace, uiUrl: undefined, embedded: false, pid: undefined, stop: async () => {} };
  }
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const cli = await findTemporalCli({ env, build: options.build ?? true, log });
  const port = options.port ?? (await freePort());
  if (await portIsTaken(port)) {
    throw new DevServerStartError(`Cannot start the Temporal dev server: port ${port} on 127.0.0.1 is already in use. Choose another port, stop what holds it, or set TEMPORAL_ADDRESS to use a running server.`, '');
  }
  const headless = options.headless ?? false;
  const uiPort = headless ? undefined : (options.uiPort ?? (await freePort()));
  if (uiPort !== undefined && (await portIsTaken(uiPort))) {
    throw new DevServerStartError(`Cannot start the Temporal dev server: Web UI port ${uiPort} on 127.0.0.1 is already in use.`, '');
  }
  const httpPort = await freePort();
  const metricsPort = await freePort();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--namespace', namespace, '--log-level', 'warn'];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (options.dbFilename) {
    const db = resolve(options.dbFilename);
    mkdirSync(dirname(db), { recursive: true });
    args.push('--db-filename', db);
  }
  const server = superviseServer(cli, args, env);
  const address = `127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  await server.waitUntilReady(async () => (await canConnect(port)) && (await operatorAnswers(cli, address, namespace)), {
    timeoutMs,
    pollMs: 150,
    fail: (why) =>
      new DevServerStartError(
        why.kind === 'spawn'
          ? `Cannot run the Temporal CLI at ${cli}: ${why.error.message}`
          : why.kind === 'timeout'
            ? `The Temporal dev server did not answer on ${address} within ${timeoutMs} ms.`
            : why.portClash
              ? `The Temporal dev server could not bind its ports (${address}): a port is already in use.`
              : `The Temporal dev server exited during start-up (exit ${why.exit}).`,
        server.output(),
      ),
  });
  return {
    address,
    namespace,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    embedded: true,
    pid: server.pid,
    stop: server.stop,
  };
}
