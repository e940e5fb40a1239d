import { describe, expect, it, inject } from 'vitest';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startDevServer, findTemporalCli, freePort, DevServerStartError, TemporalCliNotFoundError } from '@sigmoid/dev-server';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('findTemporalCli', () => {
  it('fails at once with the ways out when TEMPORAL_CLI_PATH points at a missing file', async () => {
    const started = Date.now();
    const err = await findTemporalCli({ env: { ...process.env, TEMPORAL_CLI_PATH: '/nonexistent/temporal' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalCliNotFoundError);
    expect((err as Error).message).toMatch(/TEMPORAL_CLI_PATH is set to "\/nonexistent\/temporal", but no file exists there/);
    expect((err as Error).message).toMatch(/TEMPORAL_ADDRESS/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not build when asked not to and nothing is found', async () => {
    const err = await findTemporalCli({ env: { PATH: '', SIGMOID_CACHE_DIR: '/nonexistent-cache' }, build: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalCliNotFoundError);
    expect((err as Error).message).toMatch(/No Temporal CLI found/);
  });

  it('reports that Go is missing instead of trying to build', async () => {
    const err = await findTemporalCli({ env: { PATH: '/nonexistent-bin', SIGMOID_CACHE_DIR: '/nonexistent-cache' } }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Go is not installed/);
  });
});

describe('startDevServer', () => {
  it('uses TEMPORAL_ADDRESS and starts nothing when it is set', async () => {
    const server = await startDevServer({ env: { ...process.env, TEMPORAL_ADDRESS: 'example.invalid:7233' } });
    expect(server).toMatchObject({ address: 'example.invalid:7233', embedded: false, pid: undefined });
    await server.stop();
  });

  it('reports a port that is already taken within seconds', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((res) => blocker.listen(port, '127.0.0.1', res));
    try {
      const started = Date.now();
      const err = await startDevServer({ port, headless: true, env: { ...process.env, TEMPORAL_ADDRESS: '' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DevServerStartError);
      expect((err as Error).message).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      blocker.close();
    }
  });

  it('starts a server that answers, and stop() leaves no process behind', async () => {
    const server = await startDevServer({ headless: false, env: { ...process.env, TEMPORAL_ADDRESS: '' } });
    expect(server.embedded).toBe(true);
    expect(server.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const connection = await Connection.connect({ address: server.address });
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/\d+\.\d+/);
    await connection.close();
    const pid = server.pid!;
    expect(processAlive(pid)).toBe(true);
    await server.stop();
    expect(processAlive(pid)).toBe(false);
    // No child of the CLI (e.g. the UI server) survives either: nothing listens on its address.
    const survivors = execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n').filter((l) => l.includes(server.address));
    expect(survivors).toEqual([]);
  }, 90_000);
});

describe('a real workflow on the shared dev server', () => {
  it('runs a workflow that calls a real activity through a real Worker', async () => {
    const address = inject('temporalAddress');
    const namespace = inject('temporalNamespace');
    const taskQueue = `echo-${process.pid}-${Date.now()}`;
    const nativeConnection = await NativeConnection.connect({ address });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../test/echo-workflow.ts', import.meta.url)),
      activities: { shout: async (text: string) => text.toUpperCase() },
    });
    const connection = await Connection.connect({ address });
    const client = new Client({ connection, namespace });
    try {
      const result = await worker.runUntil(
        client.workflow.execute('echoWorkflow', { taskQueue, workflowId: taskQueue, args: ['hello sigmoid'] }),
      );
      expect(result).toBe('HELLO SIGMOID (via activity)');
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  }, 120_000);
});
