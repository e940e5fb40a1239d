/**
 * Mini-batch solvers: one update per batch of `batchSize` rows drawn from a bounded shuffle window
 * (whole source batches are added until it holds `shuffleBufferSize` rows; the window's rows are
 * permuted with the seeded RNG). Per-row objective: (1/n) sum_i s_i logloss_i + alpha r(W) with
 * alpha = 1 / (C n) by default, which has the same minimiser as scikit-learn's C-scaled objective.
 *
 * Resumability: the state saved after an update holds the RNG state at the start of the current
 * window, the index of the window's first source batch and the number of updates already applied
 * in the window. Resuming re-reads the window, re-draws the same permutation and skips the applied
 * updates, so the continued run is the uninterrupted run, bit for bit.
 */
import type { RecordBatch } from 'apache-arrow';
import { InvalidParameterError, defaultDatasetSpec, recyclerOf, type DatasetSpec } from '@sigmoid/arrow-store';
import { sortLabels, type PreparedBatch } from './data.js';
import { EmptyDatasetError } from './errors.js';
import { decisionValues } from './loss.js';
import { penaltyParts, type LogisticRegressionParams } from './params.js';
import { Problem, type ProblemInfo } from './problem.js';
import { ShuffleRng, rowUniform } from './rng.js';
import type { LogisticRegression } from './model.js';
import { CHECKPOINT_FORMAT, publish, stopRequested, type Checkpoint, type FitOptions, type PartialFitOptions } from './checkpoint.js';
import { paramsToSnakeCase, shuffleWindowRows } from './params.js';
import { WasmWindow } from './wasm/window.js';

/** Rows [from, to) of a prepared batch that belong to the window being collected; `row` is the global index of `from`. */
interface Segment {
  batch: RecordBatch;
  pb: PreparedBatch;
  from: number;
  to: number;
  row: number;
}

/** A window whose rows are in place, and the state around it. */
interface FilledWindow {
  rows: number;
  unitWeights: boolean;
  windowStart: number;
  /** The RNG state after drawing its permutation (where the next window's starts). */
  rngAfter: number[];
}

/** Plain-JSON state of a mini-batch fit. */
export interface MiniBatchState {
  /** Epochs completed. */
  epoch: number;
  /** Updates applied since the start. */
  t: number;
  /** Row (0-based, in the source's row order) where the current shuffle window starts, and the RNG state there. */
  windowStart: number;
  rngAtWindow: number[];
  /** Updates already applied within the current window. */
  stepInWindow: number;
  theta: number[];
  /** Optimizer moments: adam m/v, adagrad g2, ftrl z/n. */
  moments: Record<string, number[]>;
  /** Averaged SGD iterate and the number of iterates averaged. */
  average: number[] | null;
  averageCount: number;
  /** Current step size of the 'constant'/'adaptive' schedules. */
  eta: number;
  /** Running sums of the current epoch: sum s_i logloss_i, rows. */
  epochLoss: number;
  epochRows: number;
  /** Best epoch objective (or validation score; null before the first epoch) and epochs without improvement. */
  best: number | null;
  noImprove: number;
  rowsSeen: number;
  done: boolean;
}

const DEFAULT_ETA0: Record<string, number> = { sgd: 0.01, adam: 0.1, adagrad: 0.5, ftrl: 0.5 };

function schedule(params: LogisticRegressionParams): NonNullable<LogisticRegressionParams['learningRate']> {
  return params.learningRate ?? (params.solver === 'sgd' ? 'optimal' : params.solver === 'adam' ? 'invscaling' : 'constant');
}

/** scikit-learn _sgd_fast's log-loss dloss(p, y) = -y / (exp(p y) + 1), with its tails. */
function logDloss(p: number, y: number): number {
  const z = p * y;
  if (z > 18) return -y * Math.exp(-z);
  if (z < -18) return -y;
  return -y / (Math.exp(z) + 1);
}

/** The state one mini-batch fit works with (buffers are reused across every update). */
class MiniBatchRun {
  readonly P: number;
  readonly d: number;
  readonly Kp: number;
  readonly alpha: number;
  readonly l1: number;
  readonly l2: number;
  readonly optimalInit: number;
  readonly seed: number;
  readonly holdout: number;
  /** The learning-rate schedule, resolved once. */
  private readonly schedule: NonNullable<LogisticRegressionParams['learningRate']>;
  /** No standardisation: solver parameters are the raw weights (no toRaw / gradToTheta copies). */
  private readonly rawIsTheta: boolean;
  /** The window's rows and the parameter vectors, in WebAssembly memory (see wasm/window.ts). */
  private readonly window: WasmWindow;
  /** Rows per shuffle window. */
  readonly W: number;
  /**
   * Staged features are checked for NaN/Inf (the scan pass does not check them for the mini-batch
   * solvers) until this run has made one whole epoch (so a resumed fit checks every row again), and in
   * every epoch when this is set (partialFit).
   */
  checkEveryEpoch = false;
  private wholeEpochDone = false;
  private get checkFinite(): boolean {
    return this.checkEveryEpoch || !this.wholeEpochDone;
  }
  private readonly fused: boolean;
  private readonly wRaw: Float64Array;
  private readonly gRaw: Float64Array;
  private readonly g: Float64Array;
  readonly theta: Float64Array;
  private readonly rng: ShuffleRng;
  readonly isIntercept: Uint8Array;

  constructor(
    readonly problem: Problem,
    readonly params: LogisticRegressionParams,
    alpha: number,
    readonly state: MiniBatchState,
    readonly onUpdate: (run: MiniBatchRun) => Promise<void> | undefined,
    /** onUpdate acts only when state.t is a multiple of this (Infinity: never); runs of updates in between may be fused. */
    readonly checkpointEvery = Infinity,
  ) {
    this.P = problem.P;
    this.d = problem.d;
    this.Kp = problem.Kp;
    this.alpha = alpha;
    const parts = penaltyParts(params);
    this.l1 = parts.l1;
    this.l2 = parts.l2;
    // SGDClassifier's 'optimal' schedule: eta = 1 / (alpha (t0 + t - 1)), t0 from its typw heuristic.
    const typw = Math.sqrt(1 / Math.sqrt(alpha));
    const initialEta0 = typw / Math.max(1, logDloss(-typw, 1));
    this.optimalInit = 1 / (initialEta0 * alpha);
    this.seed = params.randomState ?? 0;
    this.holdout = params.earlyStopping ? params.validationFraction : 0;
    this.schedule = schedule(params);
    this.rawIsTheta = problem.info.standardization === null;
    this.W = shuffleWindowRows(params, this.d);
    this.window = new WasmWindow(this.W, this.d, this.P);
    // Plain binary sgd on raw weights: runs of updates go to the wasm kernel in one call (sgdSteps).
    this.fused = params.solver === 'sgd' && this.Kp === 1 && this.rawIsTheta && params.average === false;
    this.wRaw = this.window.wRaw;
    this.gRaw = this.window.gRaw;
    this.g = new Float64Array(this.P);
    this.theta = this.window.theta;
    this.theta.set(state.theta);
    this.rng = new ShuffleRng(0);
    this.isIntercept = new Uint8Array(this.P);
    for (let k = 0; k < this.Kp; k++) this.isIntercept[k * (this.d + 1) + this.d] = 1;
  }

  /** True for rows held out for validation (stateless in the global row index). */
  isHeldOut(row: number): boolean {
    return isHeldOut(this.seed, this.holdout, row);
  }

  /** Weights the model reports: the averaged iterate when averaging has started. */
  modelTheta(): Float64Array {
    const s = this.state;
    return s.average !== null && s.averageCount > 0 ? Float64Array.from(s.average) : Float64Array.from(this.theta);
  }

  /**
   * One epoch (or one partialFit call) over `batches`. Windows are fixed row ranges of the stream,
   * [k W, (k + 1) W) with W = shuffleWindowRows(params, d), so memory is bounded by W rows whatever the source
   * batch sizes; resuming skips the rows before the current window.
   */
  async epoch(batches: AsyncIterable<RecordBatch>): Promise<void> {
    const s = this.state;
    const W = this.W;
    let rowOffset = 0;
    let windowRows = 0;
    const resumeAt = s.windowStart;
    const whole = resumeAt === 0 && s.stepInWindow === 0;
    let windowStart = resumeAt;
    let rng = s.rngAtWindow;
    const segments: Segment[] = [];
    // The window's rows are copied into wasm memory when it is filled: then the source batches are
    // done with (recycled), except `pending`, a batch with rows left for the next window.
    const recycle = recyclerOf(batches);
    const next = async (pending: RecordBatch | null): Promise<void> => {
      const w = this.fillWindow(segments, windowStart, rng);
      for (const s of segments) if (s.batch !== pending) recycle(s.batch);
      await this.trainWindow(w);
      rng = w.rngAfter;
      windowStart += W;
      segments.length = 0;
      windowRows = 0;
    };
    for await (const batch of batches) {
      const n = batch.numRows;
      const batchStart = rowOffset;
      rowOffset += n;
      if (n === 0 || rowOffset <= resumeAt) {
        recycle(batch); // resuming: rows of windows already trained on
        continue;
      }
      const pb = this.problem.prepare(batch, batchStart);
      let from = Math.max(0, windowStart + windowRows - batchStart);
      while (from < n) {
        const take = Math.min(n - from, W - windowRows);
        segments.push({ batch, pb, from, to: from + take, row: batchStart + from });
        windowRows += take;
        from += take;
        if (windowRows === W) await next(from < n ? batch : null);
      }
    }
    if (windowRows > 0) await next(null);
    if (whole) this.wholeEpochDone = true;
    s.windowStart = 0;
    s.stepInWindow = 0;
  }

  /**
   * Fills the window with its training rows at their shuffled places (the identity order when
   * `shuffle` is false): draws the permutation from the RNG state `rng`, then stages the rows and
   * scatters them chunk by chunk (wasm/window.ts).
   */
  private fillWindow(segments: Segment[], windowStart: number, rng: number[]): FilledWindow {
    const win = this.window;
    this.rng.setState(rng);
    // Mark the held-out rows, count the training rows and draw the permutation: position[k] is where
    // the window's k-th training row goes (a uniformly random permutation, Fisher-Yates on the identity).
    const held = this.holdout > 0 ? win.heldOut : null;
    let m = 0;
    let k = 0;
    let unitWeights = true;
    for (const { pb, from, to, row } of segments) {
      if (pb.s !== null) unitWeights = false;
      if (held === null) {
        m += to - from;
        continue;
      }
      for (let r = row; r < row + to - from; r++, k++) {
        held[k] = this.isHeldOut(r) ? 1 : 0;
        m += 1 - held[k]!;
      }
    }
    win.begin(!unitWeights, held !== null);
    win.permute(m, this.params.shuffle ? this.rng : null);
    let t = 0;
    const features = this.checkFinite ? this.problem.info.spec.features : null;
    for (const { pb, from, to, row } of segments) t = win.addRows(pb, from, to, t, row, features);
    win.end();
    return { rows: m, unitWeights, windowStart, rngAfter: this.rng.getState() };
  }

  /**
   * Applies a filled window's updates (resuming at state.stepInWindow): each mini-batch is a contiguous
   * block of it. state.windowStart / rngAtWindow already describe this window (set by the previous one,
   * or by the checkpoint resumed from), so every checkpoint taken here re-draws it.
   */
  private async trainWindow(w: FilledWindow): Promise<void> {
    const s = this.state;
    const B = this.params.batchSize;
    const m = w.rows;
    const steps = Math.ceil(m / B);
    if (this.fused) {
      // The same updates as the loop below, up to the next checkpoint in one wasm call.
      const win = this.window;
      const a2 = this.alpha * this.l2;
      const a1 = this.alpha * this.l1;
      for (let step = s.stepInWindow; step < steps; ) {
        const U = Math.min(steps - step, this.checkpointEvery - (s.t % this.checkpointEvery));
        for (let u = 0; u < U; u++) win.etas[u] = this.stepSize(s.t + 1 + u);
        s.epochLoss = win.sgdSteps(step * B, B, m, U, a2, a1, this.params.fitIntercept, w.unitWeights, s.epochLoss);
        const rows = Math.min(m, (step + U) * B) - step * B;
        s.t += U;
        s.epochRows += rows;
        s.rowsSeen += rows;
        step += U;
        s.stepInWindow = step;
        const pending = this.onUpdate(this);
        if (pending !== undefined) await pending;
      }
    }
    for (let step = this.fused ? steps : s.stepInWindow; step < steps; step++) {
      const start = step * B;
      const n = Math.min(m, start + B) - start;
      this.update(start, n, w.unitWeights);
      s.stepInWindow = step + 1;
      s.rowsSeen += n;
      const pending = this.onUpdate(this);
      if (pending !== undefined) await pending;
    }
    s.windowStart = w.windowStart + this.W;
    s.stepInWindow = 0;
    s.rngAtWindow = w.rngAfter;
  }

  /** Step size of the current update (t counts from 1). */
  private stepSize(t: number): number {
    const p = this.params;
    switch (this.schedule) {
      case 'optimal':
        return 1 / (this.alpha * (this.optimalInit + t - 1));
      case 'invscaling':
        return (p.eta0 ?? DEFAULT_ETA0[p.solver]!) / Math.pow(t, p.powerT ?? (p.solver === 'sgd' ? 0.5 : 0.25));
      default:
        return this.state.eta;
    }
  }

  /** One optimizer update on the window rows [start, start + n) (contiguous in the row-major window). */
  update(start: number, n: number, unitWeights: boolean): void {
    // Without standardisation the solver's parameters are the raw weights: no copy.
    if (!this.rawIsTheta) this.problem.toRaw(this.theta, this.wRaw);
    this.gRaw.fill(0);
    const win = this.window;
    const loss =
      this.Kp === 1
        ? win.binary(this.rawIsTheta ? 'theta' : 'wRaw', start, n, unitWeights)
        : win.multi(this.rawIsTheta ? 'theta' : 'wRaw', this.problem.K, start, n, unitWeights);
    this.applyUpdate(loss, n);
  }

  /** The optimizer step from the raw loss gradient summed over `n` rows (in this.gRaw). */
  private applyUpdate(loss: number, n: number): void {
    const s = this.state;
    const P = this.P;
    const theta = this.theta;
    const problem = this.problem;
    s.epochLoss += loss;
    s.epochRows += n;
    const inv = 1 / n;
    const gRaw = this.gRaw;
    for (let i = 0; i < P; i++) gRaw[i] = gRaw[i]! * inv;
    let g = gRaw;
    if (!this.rawIsTheta) {
      problem.gradToTheta(gRaw, this.g);
      g = this.g;
    }
    const fitB = this.params.fitIntercept;
    if (!fitB) for (let i = 0; i < P; i++) if (this.isIntercept[i] === 1) g[i] = 0;
    s.t++;
    const t = s.t;
    const eta = this.stepSize(t);
    const a2 = this.alpha * this.l2;
    const a1 = this.alpha * this.l1;
    const p = this.params;
    switch (p.solver) {
      case 'sgd': {
        for (let i = 0; i < P; i++) {
          const pen = this.isIntercept[i] === 1 ? 0 : a2 * theta[i]!;
          let v = theta[i]! - eta * (g[i]! + pen);
          if (a1 > 0 && this.isIntercept[i] === 0) v = softThreshold(v, eta * a1);
          theta[i] = v;
        }
        break;
      }
      case 'adam': {
        const m = (s.moments.m ??= new Array<number>(P).fill(0));
        const v = (s.moments.v ??= new Array<number>(P).fill(0));
        const b1 = p.beta1;
        const b2 = p.beta2;
        const c1 = 1 - Math.pow(b1, t);
        const c2 = 1 - Math.pow(b2, t);
        for (let i = 0; i < P; i++) {
          const gi = g[i]! + (this.isIntercept[i] === 1 ? 0 : a2 * theta[i]!);
          m[i] = b1 * m[i]! + (1 - b1) * gi;
          v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
          const lr = eta / (Math.sqrt(v[i]! / c2) + p.epsilon);
          let x = theta[i]! - lr * (m[i]! / c1);
          if (a1 > 0 && this.isIntercept[i] === 0) x = softThreshold(x, lr * a1);
          theta[i] = x;
        }
        break;
      }
      case 'adagrad': {
        const G = (s.moments.g2 ??= new Array<number>(P).fill(0));
        for (let i = 0; i < P; i++) {
          const gi = g[i]! + (this.isIntercept[i] === 1 ? 0 : a2 * theta[i]!);
          G[i] = G[i]! + gi * gi;
          const lr = eta / (Math.sqrt(G[i]!) + p.epsilon);
          let x = theta[i]! - lr * gi;
          if (a1 > 0 && this.isIntercept[i] === 0) x = softThreshold(x, lr * a1);
          theta[i] = x;
        }
        break;
      }
      case 'ftrl': {
        // FTRL-Proximal (McMahan et al. 2013, alg. 1) on the loss gradient. Its l1/l2 act on the sum of
        // t per-update objectives, so they grow with t to keep alpha * r(W) per row.
        const z = (s.moments.z ??= new Array<number>(P).fill(0));
        const nAcc = (s.moments.n ??= new Array<number>(P).fill(0));
        const lam1 = a1 * t;
        const lam2 = a2 * t;
        for (let i = 0; i < P; i++) {
          const gi = g[i]!;
          const ni = nAcc[i]!;
          const sigma = (Math.sqrt(ni + gi * gi) - Math.sqrt(ni)) / eta;
          z[i] = z[i]! + gi - sigma * theta[i]!;
          nAcc[i] = ni + gi * gi;
          const pen = this.isIntercept[i] === 1 ? 0 : 1;
          const zi = z[i]!;
          if (pen === 1 && Math.abs(zi) <= lam1) theta[i] = 0;
          else theta[i] = -(zi - pen * Math.sign(zi) * lam1) / ((p.ftrlBeta + Math.sqrt(nAcc[i]!)) / eta + pen * lam2);
          if (this.isIntercept[i] === 1 && !fitB) theta[i] = 0;
        }
        break;
      }
      default:
        throw new InvalidParameterError('solver', "a mini-batch solver ('sgd', 'adam', 'adagrad', 'ftrl')", p.solver);
    }
    if (p.average !== false && t >= (p.average === true ? 1 : p.average)) {
      if (s.average === null) s.average = new Array<number>(P).fill(0);
      s.averageCount++;
      const c = s.averageCount;
      const avg = s.average;
      for (let i = 0; i < P; i++) avg[i] = avg[i]! + (theta[i]! - avg[i]!) / c;
    }
  }

  /** Copies the live weights into the plain-JSON state (before a checkpoint is taken). */
  syncState(): MiniBatchState {
    this.state.theta = Array.from(this.theta);
    return this.state;
  }

  /** alpha * r(W) for the model weights. */
  penalty(theta: Float64Array): number {
    let sq = 0;
    let ab = 0;
    for (let i = 0; i < this.P; i++) {
      if (this.isIntercept[i] === 1) continue;
      sq += theta[i]! * theta[i]!;
      ab += Math.abs(theta[i]!);
    }
    return this.alpha * (0.5 * this.l2 * sq + this.l1 * ab);
  }

  /** Accuracy on the held-out rows of one pass. */
  async validationScore(batches: AsyncIterable<RecordBatch>): Promise<number> {
    const raw = new Float64Array(this.P);
    this.problem.toRaw(this.modelTheta(), raw);
    let offset = 0;
    let correct = 0;
    let total = 0;
    const recycle = recyclerOf(batches);
    for await (const batch of batches) {
      const n = batch.numRows;
      if (n === 0) continue;
      const pb = this.problem.prepare(batch, offset);
      const z = new Float64Array(n * this.Kp);
      decisionValues(raw, this.Kp, this.d, pb.cols, n, z, 0);
      for (let i = 0; i < n; i++) {
        if (!this.isHeldOut(offset + i)) continue;
        let pred: number;
        if (this.Kp === 1) pred = z[i]! > 0 ? 1 : 0;
        else {
          pred = 0;
          for (let k = 1; k < this.Kp; k++) if (z[i * this.Kp + k]! > z[i * this.Kp + pred]!) pred = k;
        }
        total++;
        if (pred === pb.y[i]) correct++;
      }
      offset += n;
      recycle(batch);
    }
    return total === 0 ? 0 : correct / total;
  }
}

/** True for rows held out for validation: a stateless draw from the seed and the global row index. */
function isHeldOut(seed: number, fraction: number, row: number): boolean {
  return fraction > 0 && rowUniform(seed ^ 0x5bd1e995, row) < fraction;
}

function softThreshold(v: number, t: number): number {
  return v > t ? v - t : v < -t ? v + t : 0;
}

function freshState(params: LogisticRegressionParams, theta0: Float64Array): MiniBatchState {
  return {
    epoch: 0,
    t: 0,
    windowStart: 0,
    rngAtWindow: new ShuffleRng(params.randomState ?? 0).getState(),
    stepInWindow: 0,
    theta: Array.from(theta0),
    moments: {},
    average: null,
    averageCount: 0,
    eta: params.eta0 ?? DEFAULT_ETA0[params.solver] ?? 0.01,
    epochLoss: 0,
    epochRows: 0,
    best: null,
    noImprove: 0,
    rowsSeen: 0,
    done: false,
  };
}

export async function fitMiniBatch(
  model: LogisticRegression,
  problem: Problem,
  theta0: Float64Array,
  history: Checkpoint['history'],
  options: FitOptions,
  progressEvery: number,
  resume: MiniBatchState | null,
  checkpointOf: (s: MiniBatchState, done: boolean) => Checkpoint,
): Promise<void> {
  const params = model.params;
  const info = problem.info;
  const epochs = params.epochs ?? params.maxIter;
  const alpha = params.alpha ?? 1 / (params.C * info.nRows);
  const state = resume !== null ? structuredClone(resume) : freshState(params, theta0);
  if (params.earlyStopping) {
    let held = 0;
    for (let r = 0; r < info.nRows; r++) if (isHeldOut(params.randomState ?? 0, params.validationFraction, r)) held++;
    if (held === 0 || held === info.nRows) {
      throw new InvalidParameterError('validationFraction', `a fraction that leaves at least one validation and one training row of the ${info.nRows}`, params.validationFraction);
    }
  }
  const onProgress = options.onProgress;
  const run = new MiniBatchRun(
    problem,
    params,
    alpha,
    state,
    (r) => {
      if (onProgress === undefined || r.state.t % progressEvery !== 0) return undefined;
      const running = r.state.epochRows > 0 ? r.state.epochLoss / r.state.epochRows + r.penalty(r.theta) : NaN;
      return (async () => {
        await onProgress({
          checkpoint: checkpointOf(structuredClone(r.syncState()), false),
          loss: running * params.C * info.nRows,
          epoch: r.state.epoch,
          iteration: r.state.t,
          rowsSeen: r.state.rowsSeen,
        });
      })();
    },
    onProgress === undefined ? Infinity : progressEvery,
  );
  while (!state.done && state.epoch < epochs) {
    await run.epoch(problem.open());
    const theta = run.modelTheta();
    const objective = state.epochRows > 0 ? state.epochLoss / state.epochRows + run.penalty(theta) : 0;
    history.loss.push(objective * params.C * info.nRows);
    let improved: boolean;
    if (params.earlyStopping) {
      const score = await run.validationScore(problem.open());
      history.validationScore.push(score);
      improved = state.best === null || score >= state.best + params.tol;
      if (state.best === null || score > state.best) state.best = score;
    } else {
      // Relative to the objective (SGDClassifier compares absolute loss sums, which depend on n).
      improved = state.best === null || objective <= state.best - params.tol * Math.abs(state.best);
      if (state.best === null || objective < state.best) state.best = objective;
    }
    state.noImprove = improved ? 0 : state.noImprove + 1;
    state.epoch++;
    state.epochLoss = 0;
    state.epochRows = 0;
    if (state.noImprove >= params.nIterNoChange && params.tol > 0) {
      if (schedule(params) === 'adaptive' && state.eta > 1e-6) {
        state.eta /= 5;
        state.noImprove = 0;
      } else {
        state.done = true;
      }
    }
    if (await stopRequested(options)) state.done = true;
  }
  state.done = true;
  publish(model, problem, run.modelTheta(), state.epoch, history);
  model.state_ = checkpointOf(run.syncState(), true);
}

/**
 * One pass of mini-batch updates over `batches` (SGDClassifier.partial_fit). The first call needs
 * `classes`; alpha defaults to 1e-4 (the row count is unknown to an incremental fit).
 */
export async function partialFitMiniBatch(model: LogisticRegression, batches: AsyncIterable<RecordBatch>, specIn: DatasetSpec | undefined, options: PartialFitOptions, fresh: boolean): Promise<void> {
  const params = model.params;
  if (params.solver === 'lbfgs' || params.solver === 'newton') {
    throw new InvalidParameterError('solver', "a mini-batch solver ('sgd', 'adam', 'adagrad', 'ftrl') for partialFit and one-shot streams", params.solver);
  }
  if (params.standardize) throw new InvalidParameterError('standardize', 'false for partialFit and one-shot streams (standardisation needs a first pass)', true);
  if (params.classWeight === 'balanced') throw new InvalidParameterError('classWeight', "a dict or null for partialFit and one-shot streams ('balanced' needs the class counts first)", 'balanced');
  if (params.earlyStopping) throw new InvalidParameterError('earlyStopping', 'false for partialFit and one-shot streams', true);
  const it = batches[Symbol.asyncIterator]();
  const first = await it.next();
  const rest: AsyncIterable<RecordBatch> = {
    [Symbol.asyncIterator]: () => {
      let head: IteratorResult<RecordBatch> | null = first;
      return {
        next: async () => {
          if (head !== null) {
            const h = head;
            head = null;
            return h;
          }
          return it.next();
        },
      };
    },
  };
  let checkpoint = fresh ? null : model.state_;
  if (checkpoint !== null && checkpoint.solver.kind !== 'minibatch') checkpoint = null;
  let info: ProblemInfo;
  if (checkpoint === null) {
    if (options.classes === undefined || options.classes.length < 2) {
      throw new InvalidParameterError('classes', 'every class label (at least 2) on the first partialFit call or for a one-shot stream', options.classes);
    }
    if (first.done) throw new EmptyDatasetError();
    const spec = specIn ?? defaultDatasetSpec(first.value.schema);
    const classes = sortLabels([...new Set(options.classes)]);
    const cw = params.classWeight;
    info = {
      spec,
      classes,
      nRows: 0,
      totalWeight: 0,
      classWeights: cw === null ? null : classes.map((c) => (cw as Record<string, number>)[String(c)] ?? 1),
      standardization: null,
    };
  } else {
    info = checkpoint.problem;
  }
  const problem = new Problem(info, params, () => rest);
  const alpha = params.alpha ?? 1e-4;
  const state = checkpoint !== null ? structuredClone(checkpoint.solver.state as MiniBatchState) : freshState(params, new Float64Array(problem.P));
  state.windowStart = 0;
  state.stepInWindow = 0;
  const history = checkpoint !== null ? structuredClone(checkpoint.history) : { loss: [], validationScore: [] };
  const run = new MiniBatchRun(problem, params, alpha, state, () => undefined);
  run.checkEveryEpoch = true;
  await run.epoch(rest);
  run.syncState();
  if (state.epochRows === 0) throw new EmptyDatasetError();
  info.nRows += state.epochRows;
  const objective = state.epochLoss / state.epochRows + run.penalty(run.modelTheta());
  history.loss.push(objective * params.C * state.epochRows);
  state.epoch++;
  state.epochLoss = 0;
  state.epochRows = 0;
  publish(model, problem, run.modelTheta(), state.epoch, history);
  model.state_ = {
    format: CHECKPOINT_FORMAT,
    params: paramsToSnakeCase(params),
    spec: info.spec,
    problem: info,
    solver: { kind: 'minibatch', state },
    history,
    done: false,
  };
}
