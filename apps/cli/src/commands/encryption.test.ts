import { afterAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { ENCRYPTED_ENCODING } from '@sigmoid/arrow-store/temporal';
import { main } from '../main.js';

// With SIGMOID_ENCRYPTION_KEYS set, the worker and the CLI share an AES-256-GCM codec: the pipeline runs
// as usual, and Temporal's history (what the server stores) holds no plain data.
Runtime.install({ logger: new DefaultLogger('WARN') });
const dir = mkdtempSync(join(tmpdir(), 'sigmoid-cli-encryption-'));
process.env.TEMPORAL_ADDRESS = inject('temporalAddress');
process.env.TEMPORAL_NAMESPACE = inject('temporalNamespace');
process.env.SIGMOID_TASK_QUEUE = `cli-encryption-${process.pid}`;
process.env.SIGMOID_ARTIFACTS = join(dir, 'artifacts');
process.env.SIGMOID_ENCRYPTION_KEYS = `k1:${randomBytes(32).toString('base64')}`;
process.env.SIGMOID_ENCRYPTION_KEY_ID = 'k1';

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('encrypted payloads', () => {
  it('runs the demo with encryption on, and the server history holds only ciphertext', async () => {
    const code = await main(['node', 'sigmoid', 'run', '--worker', '--no-progress', '--out', join(dir, 'out'), '--workflow-id', 'encrypted-demo']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Training accuracy: 0\.937$/m);
    // A client without the codec sees what the server stores.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const plain = new Client({ connection, namespace: inject('temporalNamespace') });
      const history = await plain.workflow.getHandle('encrypted-demo').fetchHistory();
      const payloads = (history.events ?? []).flatMap((e) => [
        ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
        ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
        ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
        ...(e.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
      ]);
      expect(payloads.length).toBeGreaterThan(5);
      for (const p of payloads) {
        expect(Buffer.from(p.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
        const text = Buffer.from(p.data!).toString('latin1');
        expect(text).not.toMatch(/make_classification|n_samples|accuracy|sha256/);
      }
    } finally {
      await connection.close();
    }
  }, 120_000);
});
