import { DEFAULT_TASK_QUEUE } from '@sigmoid/workflows';

/** Everything a worker process is configured with, read from the environment. */
export interface WorkerConfig {
  /** TEMPORAL_ADDRESS, default 127.0.0.1:7233. */
  address: string;
  /** TEMPORAL_NAMESPACE, default "default". */
  namespace: string;
  /** SIGMOID_TASK_QUEUE, default "sigmoid". */
  taskQueue: string;
  /** SIGMOID_ARTIFACTS: artifact store (path, file:// or s3://bucket/prefix URI), default ./.sigmoid/artifacts. */
  artifacts: string;
  /** SIGMOID_MAX_CONCURRENT_ACTIVITIES, default 2 (training is CPU-bound; one per core). */
  maxConcurrentActivities: number;
  /** SIGMOID_MAX_CONCURRENT_WORKFLOW_TASKS, default 40. */
  maxConcurrentWorkflowTasks: number;
  /** SIGMOID_SHUTDOWN_GRACE_MS: how long in-flight activities get to finish on SIGTERM, default 30000. */
  shutdownGraceMs: number;
  /** TEMPORAL_API_KEY for Temporal Cloud or a secured cluster (implies TLS). */
  apiKey: string | undefined;
  /** TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY (client certificate paths) and TEMPORAL_TLS_CA (server CA), for mTLS. */
  tls: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string } | undefined;
}

/** A configuration variable has a value that cannot be used. */
export class WorkerConfigError extends Error {
  constructor(variable: string, expected: string, received: string) {
    super(`Expected ${expected} for ${variable} but received ${JSON.stringify(received)}`);
    this.name = 'WorkerConfigError';
  }
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new WorkerConfigError(name, 'a positive integer', raw);
  return n;
}

/** Reads and validates the worker's configuration. @throws WorkerConfigError naming the variable. */
export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const address = env.TEMPORAL_ADDRESS || '127.0.0.1:7233';
  if (!/^[^\s:]+:\d{1,5}$/.test(address)) throw new WorkerConfigError('TEMPORAL_ADDRESS', 'host:port', address);
  const tlsWanted = env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_KEY || env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS === 'true';
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
    throw new WorkerConfigError(env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT', 'both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, or neither', '');
  }
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.SIGMOID_TASK_QUEUE || DEFAULT_TASK_QUEUE,
    artifacts: env.SIGMOID_ARTIFACTS || '.sigmoid/artifacts',
    maxConcurrentActivities: positiveInt(env, 'SIGMOID_MAX_CONCURRENT_ACTIVITIES', 2),
    maxConcurrentWorkflowTasks: positiveInt(env, 'SIGMOID_MAX_CONCURRENT_WORKFLOW_TASKS', 40),
    shutdownGraceMs: positiveInt(env, 'SIGMOID_SHUTDOWN_GRACE_MS', 30_000),
    apiKey: env.TEMPORAL_API_KEY || undefined,
    tls: tlsWanted
      ? {
          ...(env.TEMPORAL_TLS_CERT ? { certPath: env.TEMPORAL_TLS_CERT } : {}),
          ...(env.TEMPORAL_TLS_KEY ? { keyPath: env.TEMPORAL_TLS_KEY } : {}),
          ...(env.TEMPORAL_TLS_CA ? { caPath: env.TEMPORAL_TLS_CA } : {}),
          ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverName: env.TEMPORAL_TLS_SERVER_NAME } : {}),
        }
      : undefined,
  };
}
