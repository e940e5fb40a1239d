/**
 * Worker processes for the fault suite: spawned in their own process group, tracked, and always killed
 * (`killAllWorkers`, also on process exit) so no test leaves a worker behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** /work/main (or wherever this clone lives). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const faultWorkerEntry = fileURLToPath(new URL('./fault-worker.ts', import.meta.url));
const mainEntry = fileURLToPath(new URL('../main.ts', import.meta.url));

/** One line of a fault worker's event log. */
export interface FaultEvent {
  e: string;
  t: number;
  pid: number;
  [field: string]: unknown;
}

export interface WorkerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the signal (or exit code) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Output so far (stdout + stderr), for failure messages. */
  output(): string;
  /** Events of the SIGMOID_FAULT_LOG file (fault worker only). */
  events(): FaultEvent[];
  /** Kills the whole process group (default SIGKILL) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const alive = new Set<WorkerProcess>();

export interface SpawnWorkerOptions {
  env: NodeJS.ProcessEnv;
  /** 'fault' (instrumented, default) or 'main' (apps/worker/src/main.ts as shipped). */
  entry?: 'fault' | 'main';
  /** Event log file (fault entry). */
  log?: string;
  /**
   * `ulimit -f` in KiB (SIGXFSZ ignored): writes past it fail with EFBIG, the code path of a full disk,
   * without a privileged mount.
   */
  fileSizeLimitKiB?: number;
}

/** Spawns a worker from sources (`node --import tsx --conditions=@sigmoid/source ...`) with cwd = repo root. */
export function spawnWorker(options: SpawnWorkerOptions): WorkerProcess {
  const entry = options.entry === 'main' ? mainEntry : faultWorkerEntry;
  const argv = [process.execPath, '--import', 'tsx', '--conditions=@sigmoid/source', entry];
  const [command, ...args] =
    options.fileSizeLimitKiB === undefined ? argv : ['bash', '-c', `trap '' XFSZ; ulimit -f ${options.fileSizeLimitKiB}; exec "$@"`, 'bash', ...argv];
  const child = spawn(command!, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env, ...(options.log ? { SIGMOID_FAULT_LOG: options.log } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: kill(-pid) takes any grandchildren too
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const handle: WorkerProcess = {
    pid: child.pid!,
    child,
    exited,
    output: () => out,
    events: () => (options.log && existsSync(options.log) ? readEvents(options.log) : []),
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          /* already gone */
        }
      }
      await exited;
    },
  };
  alive.add(handle);
  void exited.then(() => alive.delete(handle));
  return handle;
}

export function readEvents(path: string): FaultEvent[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as FaultEvent);
}

/** SIGKILLs every worker process this module started that is still running. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...alive].map((w) => w.kill('SIGKILL')));
}

process.once('exit', () => {
  for (const w of alive) {
    try {
      process.kill(-w.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** Polls `check` until it returns a value (not undefined) or the deadline passes (then throws `what`). */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until a fault worker has logged `start` (it is polling its task queue). */
export async function workerReady(w: WorkerProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `worker ${w.pid} to start`,
    () => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) throw new Error(`worker ${w.pid} exited before it started:\n${w.output()}`);
      return w.events().some((e) => e.e === 'start') ? true : undefined;
    },
    timeoutMs,
  );
}
