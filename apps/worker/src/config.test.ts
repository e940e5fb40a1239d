import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerConfigFromEnv, WorkerConfigError, connectionOptions } from '@sigmoid/worker';

describe('workerConfigFromEnv', () => {
  it('has defaults for the embedded setup', () => {
    expect(workerConfigFromEnv({})).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'sigmoid',
      artifacts: '.sigmoid/artifacts',
      maxConcurrentActivities: 2,
      maxConcurrentWorkflowTasks: 40,
      shutdownGraceMs: 30_000,
      apiKey: undefined,
      tls: undefined,
    });
  });

  it('reads every variable', () => {
    const c = workerConfigFromEnv({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'ml', SIGMOID_TASK_QUEUE: 'q', SIGMOID_ARTIFACTS: 's3://b/p', SIGMOID_MAX_CONCURRENT_ACTIVITIES: '4', SIGMOID_MAX_CONCURRENT_WORKFLOW_TASKS: '8', SIGMOID_SHUTDOWN_GRACE_MS: '1000' });
    expect(c).toMatchObject({ address: 'temporal:7233', namespace: 'ml', taskQueue: 'q', artifacts: 's3://b/p', maxConcurrentActivities: 4, maxConcurrentWorkflowTasks: 8, shutdownGraceMs: 1000 });
  });

  it.each([
    ['TEMPORAL_ADDRESS', 'localhost', /Expected host:port for TEMPORAL_ADDRESS but received "localhost"/],
    ['SIGMOID_MAX_CONCURRENT_ACTIVITIES', '0', /Expected a positive integer for SIGMOID_MAX_CONCURRENT_ACTIVITIES but received "0"/],
    ['SIGMOID_MAX_CONCURRENT_WORKFLOW_TASKS', 'many', /positive integer for SIGMOID_MAX_CONCURRENT_WORKFLOW_TASKS but received "many"/],
    ['SIGMOID_SHUTDOWN_GRACE_MS', '1.5', /positive integer for SIGMOID_SHUTDOWN_GRACE_MS/],
    ['TEMPORAL_TLS_CERT', '/x.pem', /both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, or neither for TEMPORAL_TLS_KEY/],
  ])('rejects %s=%s', (name, value, message) => {
    expect(() => workerConfigFromEnv({ [name]: value })).toThrowError(WorkerConfigError);
    expect(() => workerConfigFromEnv({ [name]: value })).toThrowError(message);
  });
});

describe('connectionOptions', () => {
  it('is plain for the dev server', () => {
    expect(connectionOptions(workerConfigFromEnv({ TEMPORAL_ADDRESS: '127.0.0.1:7233' }))).toEqual({ address: '127.0.0.1:7233' });
  });

  it('turns an API key into TLS + apiKey (Temporal Cloud style)', () => {
    expect(connectionOptions(workerConfigFromEnv({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret' }))).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: true, apiKey: 'secret' });
  });

  it('loads mTLS certificate files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigmoid-tls-'));
    for (const f of ['crt.pem', 'key.pem', 'ca.pem']) writeFileSync(join(dir, f), `-----${f}-----`);
    const opts = connectionOptions(workerConfigFromEnv({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_TLS_CERT: join(dir, 'crt.pem'), TEMPORAL_TLS_KEY: join(dir, 'key.pem'), TEMPORAL_TLS_CA: join(dir, 'ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }));
    expect(opts.tls).toMatchObject({ serverNameOverride: 'temporal.internal' });
    const tls = opts.tls as { clientCertPair: { crt: Buffer; key: Buffer }; serverRootCACertificate: Buffer };
    expect(tls.clientCertPair.crt.toString()).toBe('-----crt.pem-----');
    expect(tls.clientCertPair.key.toString()).toBe('-----key.pem-----');
    expect(tls.serverRootCACertificate.toString()).toBe('-----ca.pem-----');
  });
});
