import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { DEFAULT_TASK_QUEUE, progressQuery, stopTrainingSignal, createPipelineSchedule, listPipelineSchedules, describePipelineSchedule, validateSweepSpec, type PipelineProgress, type PipelineResult, type PipelineSpec, type SweepResult, type SweepSpec } from '@sigmoid/workflows';
import { workerConfigFromEnv, connectionOptions } from '@sigmoid/worker';
import { startDevServer } from '@sigmoid/dev-server';
import { ApplicationFailure } from '@temporalio/common';
import { openArtifactStore } from '@sigmoid/arrow-store';
import { arrowStorePlugin } from '@sigmoid/arrow-store/temporal';
import { parseJsonObject, UsageError } from '../cli-support.js';
import { DEMO_SPEC, readSpecFile, checkSpec } from '../spec-file.js';
import { withSession } from '../embedded.js';
import { summaryLines, writeRunOutputs } from '../run-report.js';

interface RunFlags {
  spec?: string;
  out: string;
  workflowId?: string;
  taskQueue?: string;
  nSamples?: string;
  randomState?: string;
  solver?: string;
  C?: string;
  testSize?: string;
  epochs?: string;
  batchSize?: string;
  title?: string;
  json?: boolean;
  progress: boolean;
  worker?: boolean;
}

function num(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`Expected a number for ${flag} but received ${JSON.stringify(value)}`);
  return n;
}

/** The spec a `run` executes: the file (or the demo), with command-line flags on top. */
export function specFromFlags(flags: RunFlags): PipelineSpec {
  const base: PipelineSpec = structuredClone(flags.spec ? readSpecFile(flags.spec) : DEMO_SPEC);
  const dataParams = 'generator' in base.data ? { ...base.data.params } : undefined;
  if (flags.nSamples !== undefined || flags.randomState !== undefined) {
    if (!dataParams) throw new UsageError('--n-samples and --random-state apply to generated data, but the spec reads a file (data.path)');
    if (flags.nSamples !== undefined) dataParams.n_samples = num('--n-samples', flags.nSamples);
    if (flags.randomState !== undefined) dataParams.random_state = num('--random-state', flags.randomState);
  }
  if (dataParams && 'generator' in base.data) base.data = { ...base.data, params: dataParams };
  const model = { ...(base.model ?? {}) };
  if (flags.solver !== undefined) model.solver = flags.solver;
  if (flags.C !== undefined) model.C = num('--C', flags.C);
  if (flags.epochs !== undefined) model.epochs = num('--epochs', flags.epochs);
  if (flags.batchSize !== undefined) model.batch_size = num('--batch-size', flags.batchSize);
  base.model = model;
  if (flags.testSize !== undefined) base.split = { ...(base.split ?? {}), test_size: num('--test-size', flags.testSize) };
  if (flags.title !== undefined && base.render !== false) base.render = { ...(base.render ?? {}), title: flags.title };
  return checkSpec(base, 'spec');
}

function progressLine(p: PipelineProgress): string {
  const parts = [`[${p.stage}]`];
  if (p.stage === 'training' || p.rowsSeen > 0) parts.push(`epoch ${p.epoch}`, `rows ${p.rowsSeen.toLocaleString('en-US')}`);
  if (p.loss !== null) parts.push(`loss ${p.loss.toFixed(6)}`);
  if (p.stopRequested) parts.push('(stopping after this epoch)');
  return parts.join(' ');
}

/** Polls the `progress` query until `done` settles; a bar on a TTY, stage changes otherwise. */
async function showProgress(handle: { query: (q: typeof progressQuery) => Promise<PipelineProgress> }, done: Promise<unknown>): Promise<void> {
  const tty = process.stderr.isTTY;
  let settled = false;
  done.then(() => (settled = true), () => (settled = true));
  let last = '';
  while (!settled) {
    try {
      const line = progressLine(await handle.query(progressQuery));
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else if (line.split(' ')[0] !== last.split(' ')[0]) process.stderr.write(line + '\n');
      last = line;
    } catch {
      /* the workflow may not have started its first task yet */
    }
    await Promise.race([done.catch(() => {}), new Promise((r) => setTimeout(r, 250))]);
  }
  if (tty && last) process.stderr.write('\r\x1b[2K');
}

function describeFailure(err: unknown): Error {
  if (err instanceof WorkflowFailedError) {
    let cause: unknown = err.cause;
    while (cause instanceof Error && cause.cause && !(cause instanceof ApplicationFailure)) cause = cause.cause;
    const e = new Error(cause instanceof Error ? cause.message : err.message);
    e.name = cause instanceof ApplicationFailure ? (cause.type ?? 'PipelineFailed') : 'PipelineFailed';
    return e;
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Connects to TEMPORAL_ADDRESS (default: the `sigmoid dev` server on 127.0.0.1:7233); no embedded server. */
async function remoteClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const config = workerConfigFromEnv();
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(config), connectTimeout: 5000 });
  } catch (err) {
    throw new Error(`Cannot reach a Temporal server at ${config.address} (${(err as Error).message}). Start one with \`npx sigmoid dev\` or set TEMPORAL_ADDRESS.`);
  }
  try {
    const store = await openArtifactStore(config.artifacts);
    return await fn(new Client({ connection, namespace: config.namespace, plugins: [arrowStorePlugin({ store })] }));
  } finally {
    await connection.close();
  }
}

async function runCommand(flags: RunFlags): Promise<void> {
  const spec = specFromFlags(flags);
  await withSession(flags.worker ? { withWorker: true } : {}, async (session) => {
    const workflowId = flags.workflowId ?? `sigmoid-run-${Date.now().toString(36)}`;
    const taskQueue = flags.taskQueue ?? session.config.taskQueue ?? DEFAULT_TASK_QUEUE;
    if (session.server) process.stderr.write(`Embedded Temporal dev server at ${session.server.address}; workflow ${workflowId}\n`);
    const result = await session.run(async () => {
      const handle = await session.client.workflow.start('trainingPipeline', { taskQueue, workflowId, args: [spec] });
      const done = handle.result() as Promise<PipelineResult>;
      if (flags.progress) await showProgress(handle, done);
      try {
        return await done;
      } catch (err) {
        throw describeFailure(err);
      }
    });
    const outputs = await writeRunOutputs(session.store, result, flags.out, workflowId);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ workflowId, outDir: outputs.dir, ...result }, null, 2) + '\n');
      return;
    }
    for (const line of summaryLines(result)) process.stdout.write(line + '\n');
    if (result.stoppedEarly) process.stdout.write('Training was stopped early (stopTraining); the model is the one at that point.\n');
    process.stdout.write(`Outputs in ${outputs.dir}:\n`);
    for (const f of outputs.files) process.stdout.write(`  ${f}\n`);
  });
}

function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--spec <file>', 'pipeline spec (.json, .yaml); default: the reference demo')
    .option('--out <dir>', 'where outputs go (<dir>/<workflow id>/)', 'out')
    .option('--workflow-id <id>', 'workflow id (default: sigmoid-run-<time>)')
    .option('--task-queue <name>', `task queue (default: SIGMOID_TASK_QUEUE or ${DEFAULT_TASK_QUEUE})`)
    .option('--n-samples <n>', 'make_* n_samples')
    .option('--random-state <n>', 'make_* random_state')
    .option('--solver <name>', 'LogisticRegression solver (lbfgs, newton, sgd, adam, adagrad, ftrl, ...)')
    .option('--C <c>', 'inverse regularisation strength')
    .option('--test-size <f>', 'hold out this fraction as a test set')
    .option('--epochs <n>', 'epochs for mini-batch solvers')
    .option('--batch-size <n>', 'rows per batch')
    .option('--title <text>', 'title of the decision-boundary chart')
    .option('--json', 'print the whole result as JSON')
    .option('--worker', 'with TEMPORAL_ADDRESS set, also run an in-process worker (without it, workers must already serve the task queue)')
    .option('--no-progress', 'do not show the progress bar');
}

/** `run`, `dev`, `sweep`, `schedule ...`, `status`, `result`, `cancel`, `stop`. */
export function registerPipelineCommands(program: Command): void {
  addRunOptions(
    program
      .command('run')
      .description('run the training pipeline (generate -> split -> fit -> evaluate -> render) and wait for it; starts an embedded Temporal dev server and worker unless TEMPORAL_ADDRESS is set'),
  ).action(async (flags: RunFlags) => runCommand(flags));

  program
    .command('dev')
    .description('run an embedded Temporal dev server (with Web UI, state in .sigmoid/dev.db) and a worker until Ctrl-C')
    .option('--port <port>', 'gRPC port', '7233')
    .option('--ui-port <port>', 'Web UI port', '8233')
    .option('--db <file>', 'SQLite file for server state', '.sigmoid/dev.db')
    .action(async (flags: { port: string; uiPort: string; db: string }) => {
      if (process.env.TEMPORAL_ADDRESS) throw new UsageError('`sigmoid dev` starts its own server; unset TEMPORAL_ADDRESS (to serve an existing server, run the worker: node apps/worker/dist/main.js)');
      const server = await startDevServer({ port: num('--port', flags.port), uiPort: num('--ui-port', flags.uiPort), dbFilename: flags.db });
      process.env.TEMPORAL_ADDRESS = server.address;
      try {
        await withSession({ withWorker: true }, async (session) => {
          process.stdout.write(`Temporal dev server: ${server.address}\nWeb UI: ${server.uiUrl}\nWorker polling task queue "${session.config.taskQueue}". Ctrl-C to stop.\n`);
          await session.run(() => new Promise<void>((res) => {
            process.once('SIGINT', res);
            process.once('SIGTERM', res);
          }));
        });
      } finally {
        delete process.env.TEMPORAL_ADDRESS;
        await server.stop();
      }
    });

  program
    .command('sweep')
    .description('run one pipeline per hyper-parameter combination (child workflows), report the best by validation log loss')
    .option('--spec <file>', 'base pipeline spec; default: the reference demo with a 25% test split')
    .requiredOption('--grid <json>', 'grid of LogisticRegression keywords, e.g. \'{"C":[0.01,0.1,1,10]}\'')
    .option('--max-concurrency <n>', 'child pipelines at once', '4')
    .option('--out <dir>', 'where the comparison chart goes', 'out')
    .option('--workflow-id <id>', 'workflow id (default: sigmoid-sweep-<time>)')
    .option('--worker', 'with TEMPORAL_ADDRESS set, also run an in-process worker')
    .action(async (flags: { spec?: string; grid: string; maxConcurrency: string; out: string; workflowId?: string; worker?: boolean }) => {
      const base = flags.spec ? readSpecFile(flags.spec) : { ...DEMO_SPEC, split: { test_size: 0.25, random_state: 0 } };
      const sweepSpec: SweepSpec = { base, grid: parseJsonObject('--grid', flags.grid) as Record<string, unknown[]>, maxConcurrency: num('--max-concurrency', flags.maxConcurrency) };
      try {
        validateSweepSpec(sweepSpec);
      } catch (err) {
        if (err instanceof ApplicationFailure) throw new UsageError(err.message);
        throw err;
      }
      await withSession(flags.worker ? { withWorker: true } : {}, async (session) => {
        const workflowId = flags.workflowId ?? `sigmoid-sweep-${Date.now().toString(36)}`;
        const result = await session.run(async () => {
          try {
            return (await session.client.workflow.execute('sweep', { taskQueue: session.config.taskQueue, workflowId, args: [sweepSpec] })) as SweepResult;
          } catch (err) {
            throw describeFailure(err);
          }
        });
        for (const t of result.trials) {
          process.stdout.write(`${JSON.stringify(t.params)}  validation log loss ${t.validationLogLoss === null ? `failed: ${t.error}` : t.validationLogLoss.toFixed(6)}\n`);
        }
        if (result.best) process.stdout.write(`Best: ${JSON.stringify(result.best.params)} (log loss ${result.best.validationLogLoss!.toFixed(6)}, workflow ${result.best.workflowId})\n`);
        if (result.chart) {
          const dir = resolve(flags.out, workflowId);
          mkdirSync(dir, { recursive: true });
          const path = join(dir, result.chart.name);
          writeFileSync(path, await session.store.readBytes(result.chart));
          process.stdout.write(`Comparison chart: ${path}\n`);
        }
      });
    });

  const schedule = program.command('schedule').description('manage pipeline schedules (needs a persistent server: `sigmoid dev` or TEMPORAL_ADDRESS)');
  schedule
    .command('create')
    .description('start the pipeline every interval or on a cron')
    .requiredOption('--id <id>', 'schedule id')
    .option('--spec <file>', 'pipeline spec; default: the reference demo')
    .option('--every <interval>', 'interval, e.g. 1h, 15m, 30s')
    .option('--cron <expr>', 'cron expression, e.g. "0 3 * * *"')
    .addOption(new Option('--overlap <policy>', 'when the previous run is still going').choices(['SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'TERMINATE_OTHER', 'ALLOW_ALL']).default('SKIP'))
    .option('--paused', 'create paused')
    .action(async (flags: { id: string; spec?: string; every?: string; cron?: string; overlap: 'SKIP'; paused?: boolean }) => {
      if (!flags.every && !flags.cron) throw new UsageError('Expected --every <interval> or --cron <expr> but received neither');
      const spec = flags.spec ? readSpecFile(flags.spec) : DEMO_SPEC;
      await remoteClient(async (client) => {
        await createPipelineSchedule(client, { scheduleId: flags.id, spec, ...(flags.every ? { every: flags.every as '1h' } : {}), ...(flags.cron ? { cron: flags.cron } : {}), overlap: flags.overlap, paused: Boolean(flags.paused), taskQueue: workerConfigFromEnv().taskQueue });
        process.stdout.write(`Created schedule ${flags.id}\n`);
      });
    });
  schedule.command('list').description('list schedules').action(async () =>
    remoteClient(async (client) => {
      for (const s of await listPipelineSchedules(client)) process.stdout.write(`${s.scheduleId}\t${s.state.paused ? 'paused' : 'active'}\tnext ${s.info.nextActionTimes[0]?.toISOString() ?? '-'}\n`);
    }),
  );
  schedule.command('describe <id>').description('show a schedule as JSON').action(async (id: string) =>
    remoteClient(async (client) => {
      const d = await describePipelineSchedule(client, id);
      process.stdout.write(JSON.stringify({ scheduleId: d.scheduleId, spec: d.spec, state: d.state, policies: d.policies, recentActions: d.info.recentActions, nextActionTimes: d.info.nextActionTimes, numActionsTaken: d.info.numActionsTaken }, null, 2) + '\n');
    }),
  );
  for (const [verb, what] of [['pause', 'pause'], ['unpause', 'unpause'], ['trigger', 'run now'], ['delete', 'delete']] as const) {
    schedule
      .command(`${verb} <id>`)
      .description(`${what} a schedule`)
      .option('--note <text>', 'note recorded with pause/unpause')
      .action(async (id: string, flags: { note?: string }) =>
        remoteClient(async (client) => {
          const h = client.schedule.getHandle(id);
          if (verb === 'pause') await h.pause(flags.note);
          else if (verb === 'unpause') await h.unpause(flags.note);
          else if (verb === 'trigger') await h.trigger();
          else await h.delete();
          process.stdout.write(`${verb}: ${id}\n`);
        }),
      );
  }

  program.command('status <workflowId>').description('status and progress of a pipeline run').action(async (id: string) =>
    remoteClient(async (client) => {
      const h = client.workflow.getHandle(id);
      const d = await h.describe();
      const out: Record<string, unknown> = { workflowId: id, type: d.type, status: d.status.name, started: d.startTime.toISOString(), closed: d.closeTime?.toISOString() ?? null };
      if (d.status.name === 'RUNNING' && d.type === 'trainingPipeline') out.progress = await h.query(progressQuery);
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    }),
  );
  program.command('result <workflowId>').description('wait for a run and print its result as JSON').action(async (id: string) =>
    remoteClient(async (client) => {
      try {
        process.stdout.write(JSON.stringify(await client.workflow.getHandle(id).result(), null, 2) + '\n');
      } catch (err) {
        throw describeFailure(err);
      }
    }),
  );
  program.command('cancel <workflowId>').description('cancel a run').action(async (id: string) =>
    remoteClient(async (client) => {
      await client.workflow.getHandle(id).cancel();
      process.stdout.write(`Cancel requested: ${id}\n`);
    }),
  );
  program.command('stop-training <workflowId>').description('signal stopTraining: finish the current epoch, keep the model').action(async (id: string) =>
    remoteClient(async (client) => {
      await client.workflow.getHandle(id).signal(stopTrainingSignal);
      process.stdout.write(`stopTraining sent to ${id}\n`);
    }),
  );
}
