/**
 * Fitting: the scan pass, then an exact solver (lbfgs / newton, one update per pass) or a mini-batch
 * solver (one update per batch). Checkpoints are plain JSON; resuming from one ends bit-identical to
 * an uninterrupted fit because every step is a deterministic function of (checkpoint, data).
 */
import { InvalidParameterError, defaultDatasetSpec, recordBatches, recyclerOf, withRecycler, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import type { RecordBatch } from 'apache-arrow';
import { passOpener, type FitSource } from './data.js';
import { lbfgs } from './lbfgs.js';
import { newton } from './newton.js';
import { Problem, scan, type ProblemInfo } from './problem.js';
import { paramsToSnakeCase, resolveParams } from './params.js';
import { fitMiniBatch, partialFitMiniBatch } from './minibatch.js';
import { CHECKPOINT_FORMAT, publish, stopRequested, type Checkpoint, type FitOptions, type FitProgress, type PartialFitOptions } from './checkpoint.js';
import type { LogisticRegression } from './model.js';

function checkOptions(options: FitOptions): void {
  if (options.progressEvery !== undefined && !(Number.isInteger(options.progressEvery) && options.progressEvery >= 1)) {
    throw new InvalidParameterError('progressEvery', 'an integer >= 1', options.progressEvery);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new InvalidParameterError('onProgress', 'a function', options.onProgress);
  if (options.shouldStop !== undefined && typeof options.shouldStop !== 'function') throw new InvalidParameterError('shouldStop', 'a function', options.shouldStop);
  if (options.classes !== undefined && !(Array.isArray(options.classes) && options.classes.every((c) => typeof c === 'number' || typeof c === 'string'))) {
    throw new InvalidParameterError('classes', 'an array of numbers or strings', options.classes);
  }
}

async function firstSchemaSpec(open: () => AsyncIterable<RecordBatch>): Promise<DatasetSpec> {
  for await (const batch of open()) return defaultDatasetSpec(batch.schema);
  return { features: [], label: 'y' };
}

/** Initial solver parameters: zeros, or the current model (warmStart) mapped into solver space. */
function initialTheta(model: LogisticRegression, problem: Problem): Float64Array {
  const theta = new Float64Array(problem.P);
  if (model.params.warmStart && model.isFitted && model.coef_.length === problem.Kp && model.featureNames_.length === problem.d) {
    const raw = new Float64Array(problem.P);
    for (let k = 0; k < problem.Kp; k++) {
      raw.set(model.coef_[k]!, k * (problem.d + 1));
      raw[k * (problem.d + 1) + problem.d] = model.intercept_[k]!;
    }
    problem.fromRaw(raw, theta);
  }
  return theta;
}

/** Rows of the head start (see {@link headStart}); used when the data has at least 4x as many. */
export const HEAD_START_ROWS = 65536;

/** The first `m` rows of a stream (the last batch sliced); stops reading there. Recyclable when the stream is. */
function headRows(batches: AsyncIterable<RecordBatch>, m: number): AsyncGenerator<RecordBatch> {
  async function* head(): AsyncGenerator<RecordBatch> {
    let left = m;
    for await (const batch of batches) {
      if (left <= 0) break;
      const b = batch.numRows > left ? batch.slice(0, left) : batch;
      left -= b.numRows;
      yield b;
    }
  }
  return withRecycler(head(), batches);
}

/**
 * Starting point of the exact solvers on large data: the optimum of the same objective on the first
 * HEAD_START_ROWS rows (same class weights, same regularisation per row), found with a few cheap
 * passes over those rows only. It lands close to the full optimum, so the full-data solver needs
 * fewer passes; the fixed point, and so the answer, is unchanged. Deterministic, so resuming is unaffected.
 */
async function headStart(model: LogisticRegression, problem: Problem, opener: () => AsyncIterable<RecordBatch>): Promise<Float64Array> {
  const theta0 = initialTheta(model, problem);
  const info = problem.info;
  if ((model.params.warmStart && model.isFitted) || info.nRows < 4 * HEAD_START_ROWS) return theta0;
  const head = () => headRows(opener(), HEAD_START_ROWS);
  let headWeight = 0;
  let offset = 0;
  const seen = new Uint8Array(problem.K);
  const batches = head();
  const recycle = recyclerOf(batches);
  for await (const batch of batches) {
    const pb = problem.prepare(batch, offset);
    offset += batch.numRows;
    for (let i = 0; i < pb.n; i++) seen[pb.y[i]!] = 1;
    if (pb.s === null) headWeight += pb.n;
    else for (let i = 0; i < pb.n; i++) headWeight += pb.s[i]!;
    recycle(batch);
  }
  // A head without every class (data sorted by label) has no finite optimum for the intercepts: skip.
  if (!(headWeight > 0) || seen.includes(0)) return theta0;
  // C scaled so that the penalty per unit of sample weight matches the full problem's.
  const params = resolveParams({ ...paramsToSnakeCase(model.params), C: (model.params.C * info.totalWeight) / headWeight });
  const sub = new Problem({ ...info, nRows: offset, totalWeight: headWeight }, params, head);
  const l1 = sub.l1Weights.some((v) => v !== 0) ? sub.l1Weights : null;
  const state =
    l1 === null
      ? await newton((x, g, h) => sub.evaluate(x, g, h), theta0, { maxIter: 30, gtol: 1e-8 })
      : await lbfgs((x, g) => sub.evaluate(x, g), theta0, { l1, maxIter: 200, gtol: 1e-8 });
  return Float64Array.from(state.x);
}

/** Exact solvers stop at max|projected gradient of F| <= tol * GTOL_FACTOR (see README). */
export const GTOL_FACTOR = 1e-4;

export async function train(model: LogisticRegression, source: FitSource, specIn: DatasetSpec | undefined, options: FitOptions, resume: Checkpoint | null): Promise<void> {
  checkOptions(options);
  const params = model.params;
  const open = passOpener(source);
  const multiPass = params.solver === 'lbfgs' || params.solver === 'newton' || (params.epochs ?? params.maxIter) > 1 || params.earlyStopping;
  let oneShot: (() => AsyncIterable<RecordBatch>) | null = null;
  if (open === null) {
    if (multiPass || resume !== null) {
      throw new InvalidParameterError(
        'source',
        `a re-readable source for solver '${params.solver}' (a Table, an array of RecordBatch, or a function returning a fresh stream per pass), or a mini-batch solver with epochs: 1`,
        source,
      );
    }
    // One pass of a mini-batch solver over a one-shot stream: the scan needs its own pass, so the
    // statistics it gathers (row count, classes) come from `classes` / the stream as it goes.
    oneShot = () => recordBatches(source as RecordBatchSource);
  }
  const opener = open ?? oneShot!;
  let info: ProblemInfo;
  if (resume !== null) {
    info = resume.problem;
  } else if (open === null) {
    await partialFitMiniBatch(model, opener(), specIn, { ...(options.classes ? { classes: options.classes } : {}) }, true);
    return;
  } else {
    const spec = specIn ?? (await firstSchemaSpec(opener));
    // The mini-batch solvers check features for NaN/Inf as they stage them (in cache), not in the scan.
    info = await scan(opener(), spec, params, options.classes, params.solver === 'lbfgs' || params.solver === 'newton');
  }
  const problem = new Problem(info, params, opener);
  const history: Checkpoint['history'] = resume !== null ? structuredClone(resume.history) : { loss: [], validationScore: [] };
  const progressEvery = options.progressEvery ?? (params.solver === 'lbfgs' || params.solver === 'newton' ? 1 : 100);
  const checkpointOf = (solver: Checkpoint['solver'], done: boolean): Checkpoint => ({
    format: CHECKPOINT_FORMAT,
    params: paramsToSnakeCase(params),
    spec: info.spec,
    problem: info,
    solver,
    history: structuredClone(history),
    done,
  });

  const exact = params.solver === 'lbfgs' || params.solver === 'newton';
  const theta0 = exact && resume === null ? await headStart(model, problem, opener) : initialTheta(model, problem);

  // The exact solvers: history and progress after every iteration, the final state published.
  type ExactSolver = Extract<Checkpoint['solver'], { kind: 'lbfgs' | 'newton' }>;
  const onIteration =
    <S extends ExactSolver>(kind: S['kind']) =>
    async (s: S['state'], F: number): Promise<boolean> => {
      history.loss.push(problem.sklearnObjective(F));
      if (options.onProgress && s.iteration % progressEvery === 0) {
        const checkpoint = checkpointOf({ kind, state: structuredClone(s) } as ExactSolver, s.converged);
        await options.onProgress({ checkpoint, loss: history.loss.at(-1)!, epoch: s.iteration, iteration: s.iteration, rowsSeen: s.evaluations * info.nRows });
      }
      return stopRequested(options);
    };
  const finish = (solver: ExactSolver): void => {
    publish(model, problem, Float64Array.from(solver.state.x), solver.state.iteration, history);
    model.state_ = checkpointOf(solver, true);
  };
  if (params.solver === 'lbfgs') {
    const l1 = problem.l1Weights.some((v) => v !== 0) ? problem.l1Weights : null;
    const resumeState = resume?.solver.kind === 'lbfgs' ? resume.solver.state : null;
    const opts = { l1, maxIter: params.maxIter, gtol: params.tol * GTOL_FACTOR, onIteration: onIteration<Extract<ExactSolver, { kind: 'lbfgs' }>>('lbfgs') };
    finish({ kind: 'lbfgs', state: await lbfgs((x, g) => problem.evaluate(x, g), theta0, opts, resumeState) });
    return;
  }
  if (params.solver === 'newton') {
    const resumeState = resume?.solver.kind === 'newton' ? resume.solver.state : null;
    const opts = { maxIter: params.maxIter, gtol: params.tol * GTOL_FACTOR, onIteration: onIteration<Extract<ExactSolver, { kind: 'newton' }>>('newton') };
    finish({ kind: 'newton', state: await newton((x, g, h) => problem.evaluate(x, g, h), theta0, opts, resumeState) });
    return;
  }
  const resumeState = resume?.solver.kind === 'minibatch' ? resume.solver.state : null;
  await fitMiniBatch(model, problem, initialTheta(model, problem), history, options, progressEvery, resumeState, (s, done) => checkpointOf({ kind: 'minibatch', state: s }, done));
}

export async function trainPartial(model: LogisticRegression, source: RecordBatchSource, spec: DatasetSpec | undefined, options: PartialFitOptions): Promise<void> {
  await partialFitMiniBatch(model, recordBatches(source), spec, options, false);
}

export { CHECKPOINT_FORMAT };
export type { Checkpoint, FitOptions, FitProgress, PartialFitOptions };
