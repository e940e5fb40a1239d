import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { startDevServer, type DevServer } from '@sigmoid/dev-server';
import { createSigmoidWorker, workerConfigFromEnv, connectionOptions, type WorkerConfig } from '@sigmoid/worker';
import { openArtifactStore, type ArtifactStore } from '@sigmoid/arrow-store';
import { arrowStorePlugin } from '@sigmoid/arrow-store/temporal';

export interface Session {
  client: Client;
  config: WorkerConfig;
  store: ArtifactStore;
  server: DevServer | undefined;
  /** Runs `fn` while the in-process worker (if any) polls; resolves to fn's value. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (process.env.SIGMOID_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN';
  try {
    Runtime.install({ logger: new DefaultLogger(level), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  } catch {
    // A host program (or a test) installed its own runtime first: keep it.
  }
}

/**
 * Connects to Temporal for one CLI command. Without TEMPORAL_ADDRESS: starts the embedded dev server and an
 * in-process worker, and stops both when `fn` is done. With it: uses that server and its workers
 * (`withWorker: true` still adds an in-process worker).
 */
export async function withSession<T>(options: { withWorker?: boolean; headless?: boolean; log?: (line: string) => void }, fn: (session: Session) => Promise<T>): Promise<T> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const external = Boolean(process.env.TEMPORAL_ADDRESS);
  const server = external ? undefined : await startDevServer({ headless: options.headless ?? true, log });
  const config = workerConfigFromEnv({ ...process.env, ...(server ? { TEMPORAL_ADDRESS: server.address } : {}) });
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect(connectionOptions(config));
    const store = await openArtifactStore(config.artifacts);
    const client = new Client({ connection, namespace: config.namespace, plugins: [arrowStorePlugin({ store })] });
    const wantWorker = options.withWorker ?? !external;
    if (!wantWorker) return await fn({ client, config, store, server, run: (f) => f() });
    quietRuntime();
    const sw = await createSigmoidWorker(config);
    try {
      return await fn({ client, config, store, server, run: (f) => sw.worker.runUntil(f) });
    } finally {
      if (sw.worker.getState() === 'RUNNING') sw.worker.shutdown();
      await sw.close();
    }
  } finally {
    await connection?.close();
    await server?.stop();
  }
}
