/**
 * Records event histories of `trainingPipeline` and `sweep` into src/__histories__/ for the replay test.
 * Re-record only after an intentional, versioned workflow change:
 *   npx tsx --conditions=@sigmoid/source packages/workflows/scripts/record-histories.ts
 * Uses TEMPORAL_ADDRESS or starts an embedded dev server.
 */
import { writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { startDevServer } from '@sigmoid/dev-server';
import type { ArtifactRef, DatasetRef, ModelRef } from '@sigmoid/arrow-store';
import { workflowsPath, type SigmoidActivities } from '@sigmoid/workflows';

Runtime.install({ logger: new DefaultLogger('WARN') });
const ds = (name: string, numRows: number): DatasetRef => ({ kind: 'dataset', uri: `mem://${name}`, sha256: name.padEnd(64, '0'), numRows, byteLength: 1, schema: { fields: [], metadata: {} } });
const model: ModelRef = { kind: 'model', uri: 'mem://model', sha256: 'm'.padEnd(64, '0'), byteLength: 1 };
const png: ArtifactRef = { kind: 'artifact', uri: 'mem://png', sha256: 'p'.padEnd(64, '0'), byteLength: 1, name: 'boundary.png', mediaType: 'image/png' };
const activities: SigmoidActivities = {
  generateDataset: async () => ds('all', 300),
  splitDataset: async () => ({ train: ds('train', 225), test: ds('test', 75) }),
  fitModel: async (_r, params) => ({ model, summary: { coef: [[Number(params.C ?? 1), 3]], intercept: [0.1], classes: [0, 1], n_iter: 5 } }),
  evaluateModel: async (m, d) => ({ accuracy: 0.9, log_loss: d.numRows / 1000 }),
  renderReport: async () => [png],
  renderSweepChart: async () => ({ ...png, name: 'sweep.png' }),
};

const server = await startDevServer({ headless: true });
try {
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  const taskQueue = `record-${Date.now()}`;
  const worker = await Worker.create({ connection: nativeConnection, namespace: server.namespace, taskQueue, workflowsPath, activities });
  const base = { data: { generator: 'make_classification' as const, params: { n_samples: 300, random_state: 2 } } };
  const runs = [
    { id: 'training-pipeline-split', type: 'trainingPipeline', args: [{ ...base, split: { test_size: 0.25, random_state: 0 } }] },
    { id: 'training-pipeline-demo', type: 'trainingPipeline', args: [base] },
    { id: 'sweep', type: 'sweep', args: [{ base: { ...base, split: { test_size: 0.25 } }, grid: { C: [0.1, 1, 10] }, maxConcurrency: 2 }] },
  ];
  await worker.runUntil(async () => {
    for (const run of runs) {
      const workflowId = `${run.id}-${taskQueue}`;
      await client.workflow.execute(run.type, { taskQueue, workflowId, args: run.args });
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const file = new URL(`../src/__histories__/${run.id}.json`, import.meta.url);
      writeFileSync(file, JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }, null, 1) + '\n');
      console.log(`recorded ${run.id}: ${history.events?.length} events`);
    }
  });
  await connection.close();
  await nativeConnection.close();
} finally {
  await server.stop();
}
