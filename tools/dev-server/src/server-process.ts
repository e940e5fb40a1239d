/**
 * A locally started server process, as both test servers (Temporal's dev server, versitygw) run it:
 * detached in its own process group (killTree stops it with its children), the tail of its output
 * kept for error messages, killed when this process exits without stopping it, and a readiness wait
 * that fails fast when it cannot be spawned or exits during start-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { killTree } from './kill-tree.js';

/** Why a server did not become ready. */
export type StartFailure = { kind: 'spawn'; error: Error } | { kind: 'exited'; portClash: boolean; exit: number | string | null } | { kind: 'timeout' };

export interface ServerProcess {
  readonly pid: number | undefined;
  /** The last 6000 characters of its stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
  /**
   * Polls `ready` every `pollMs` until it answers true. Otherwise stops the process and throws
   * `fail(reason)`: it could not be spawned, it exited (portClash when its output says a port was
   * taken), or `timeoutMs` passed.
   */
  waitUntilReady(ready: () => Promise<boolean>, options: { timeoutMs: number; pollMs: number; fail: (reason: StartFailure) => Error }): Promise<void>;
}

export function superviseServer(command: string, args: string[], env: NodeJS.ProcessEnv): ServerProcess {
  const child: ChildProcess = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env } });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-6000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  // A parent that exits without calling stop() must not leave the server running.
  const onExit = () => killTree(child, 'SIGKILL');
  process.once('exit', onExit);
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (running() && spawnError === undefined) {
      killTree(child, 'SIGTERM');
      const forced = setTimeout(() => killTree(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(forced);
    }
    process.off('exit', onExit);
  };
  return {
    pid: child.pid,
    output: () => output,
    stop,
    async waitUntilReady(ready, { timeoutMs, pollMs, fail }) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (spawnError !== undefined) {
          await stop();
          throw fail({ kind: 'spawn', error: spawnError });
        }
        if (!running()) {
          process.off('exit', onExit);
          throw fail({ kind: 'exited', portClash: /address already in use|bind:/i.test(output), exit: child.exitCode ?? child.signalCode });
        }
        if (await ready()) return;
        if (Date.now() > deadline) {
          await stop();
          throw fail({ kind: 'timeout' });
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
  };
}
