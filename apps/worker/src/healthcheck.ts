/** Container health check: the Temporal frontend answers at TEMPORAL_ADDRESS. Exit 0 healthy, 1 not. */
import { Connection } from '@temporalio/client';
import { workerConfigFromEnv } from './config.js';
import { connectionOptions } from './connection-options.js';

try {
  const connection = await Connection.connect({ ...connectionOptions(workerConfigFromEnv()), connectTimeout: 3000 });
  await connection.workflowService.getSystemInfo({});
  await connection.close();
  process.exit(0);
} catch (err) {
  process.stderr.write(`unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
