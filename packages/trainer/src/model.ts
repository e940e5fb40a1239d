/**
 * The estimator: hyper-parameters in, learned state (`coef_`, `intercept_`, `classes_`, ...) out,
 * scikit-learn's LogisticRegression vocabulary. Solvers live in their own modules.
 */
import { RecordBatch, Table } from 'apache-arrow';
import { InvalidParameterError, SchemaMismatchError, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import { NotFittedError } from './errors.js';
import { featureColumns, checkSpec, passOpener, type FitSource, type Label } from './data.js';
import { Problem, scan } from './problem.js';
import { decisionValues } from './loss.js';
import { MODEL_FORMAT, type ModelJSON } from './model-json.js';
import { paramsToSnakeCase, resolveParams, type LogisticRegressionParams } from './params.js';
import { CHECKPOINT_FORMAT, train, type Checkpoint, type FitOptions, type PartialFitOptions, trainPartial } from './fit.js';

/** Loss per iteration (exact solvers) or epoch (mini-batch solvers), and validation scores. */
export interface FitHistory {
  /** Objective C * sum s_i logloss_i + r(W) (exact solvers: after each iteration; mini-batch: running value over each epoch). */
  loss: number[];
  /** Validation accuracy after each epoch (earlyStopping). */
  validationScore: number[];
}

/** Sources the prediction methods accept (synchronous: the rows must be in memory). */
export type PredictSource = Table | RecordBatch | RecordBatch[];

/**
 * Streaming logistic regression over Arrow record batches.
 *
 * @example
 * ```ts
 * const model = new LogisticRegression({ C: 1 });
 * await model.fit(table, { features: ['x0', 'x1'], label: 'y' });
 * model.predictProba(table); // Float64Array, n x 2, row-major
 * ```
 */
export class LogisticRegression {
  readonly params: LogisticRegressionParams;
  /** One row per class row (1 row for binary problems, scoring classes_[1]); original feature space. */
  coef_: Float64Array[] = [];
  intercept_: Float64Array = new Float64Array(0);
  classes_: Label[] = [];
  featureNames_: string[] = [];
  nIter_ = 0;
  history_: FitHistory = { loss: [], validationScore: [] };
  /** Means and scales of the streaming standardisation (null when standardize is off). */
  standardization_: { mean: number[]; scale: number[] } | null = null;
  /** Solver state kept between partialFit calls and for checkpoint(). */
  state_: Checkpoint | null = null;

  constructor(params: Partial<LogisticRegressionParams> | Record<string, unknown> = {}) {
    this.params = resolveParams(params);
  }

  /** True once fit / partialFit / fromJSON has set coefficients. */
  get isFitted(): boolean {
    return this.coef_.length > 0;
  }

  /**
   * Fits on a stream of record batches. Exact solvers read the source once per iteration, so pass a
   * Table, an array of batches, or a function returning a fresh stream; mini-batch solvers also accept a one-shot stream
   * when `epochs` is 1.
   */
  async fit(source: FitSource, spec?: DatasetSpec, options: FitOptions = {}): Promise<this> {
    await train(this, source, spec === undefined ? undefined : checkSpec(spec), options, null);
    return this;
  }

  /** One pass of mini-batch updates over `batch` (any source); `classes` is required on the first call. */
  async partialFit(batch: RecordBatchSource, options: PartialFitOptions & { spec?: DatasetSpec } = {}): Promise<this> {
    await trainPartial(this, batch, options.spec === undefined ? undefined : checkSpec(options.spec), options);
    return this;
  }

  /** Plain-JSON solver state; `LogisticRegression.resume(state, source)` continues from it. */
  checkpoint(): Checkpoint {
    if (this.state_ === null) throw new NotFittedError('checkpoint');
    return structuredClone(this.state_);
  }

  /** Continues an interrupted fit from a checkpoint; ends bit-identical to an uninterrupted fit. */
  static async resume(state: Checkpoint, source: FitSource, options: FitOptions = {}): Promise<LogisticRegression> {
    // A checkpoint of another trainer version would resume on different arithmetic (e.g. another shuffle
    // order) and silently break the bit-identical promise: refuse it; the caller fits from the start.
    const format = (state as { format?: unknown } | null)?.format;
    if (format !== CHECKPOINT_FORMAT) throw new InvalidParameterError('state.format', `"${CHECKPOINT_FORMAT}" (a checkpoint of this trainer version)`, format);
    const model = new LogisticRegression(state.params);
    await train(model, source, state.spec, options, state);
    return model;
  }

  /**
   * scikit-learn's objective C * sum_i s_i logloss_i + r(W) of the current coefficients on `source`
   * (class weights and penalty from this model's parameters). One streaming pass (two with 'balanced').
   */
  async objective(source: FitSource, spec?: DatasetSpec): Promise<number> {
    this.requireFitted('objective');
    const s = spec === undefined ? { features: this.featureNames_, label: 'y' } : checkSpec(spec);
    const open = passOpener(source);
    if (open === null) throw new InvalidParameterError('source', 'a re-readable source (Table, RecordBatch[], or a function returning a stream)', source);
    const params = resolveParams({ ...paramsToSnakeCase(this.params), standardize: false });
    const info = await scan(open(), s, params, this.classes_);
    const problem = new Problem(info, params, open);
    const theta = this.packedWeights();
    const F = (await problem.evaluate(theta, null)) + problem.l1Term(theta);
    return problem.sklearnObjective(F);
  }

  /** Parameters as one (K' x (d + 1)) row-major vector, intercept last in each row. */
  packedWeights(): Float64Array {
    const d = this.featureNames_.length;
    const Kp = this.coef_.length;
    const w = new Float64Array(Kp * (d + 1));
    for (let k = 0; k < Kp; k++) {
      w.set(this.coef_[k]!, k * (d + 1));
      w[k * (d + 1) + d] = this.intercept_[k]!;
    }
    return w;
  }

  private requireFitted(method: string): void {
    if (!this.isFitted) throw new NotFittedError(method);
  }

  private batchesOf(source: PredictSource): RecordBatch[] {
    if (source instanceof Table) return source.batches;
    if (source instanceof RecordBatch) return [source];
    if (Array.isArray(source) && source.every((b) => b instanceof RecordBatch)) return source;
    throw new InvalidParameterError('source', 'an Arrow Table, a RecordBatch or an array of RecordBatch', source);
  }

  /** Linear scores, row-major n x K' (K' = 1 for binary problems, as scikit-learn's decision_function). */
  decisionFunction(source: PredictSource, spec?: Pick<DatasetSpec, 'features'>): Float64Array {
    this.requireFitted('decisionFunction');
    const features = spec?.features ?? this.featureNames_;
    if (features.length !== this.featureNames_.length) {
      throw new SchemaMismatchError(
        `Expected ${this.featureNames_.length} feature columns (${this.featureNames_.join(', ')}) but received ${features.length}`,
        '(features)',
        `${this.featureNames_.length} columns`,
        `${features.length} columns`,
      );
    }
    const batches = this.batchesOf(source);
    const n = batches.reduce((a, b) => a + b.numRows, 0);
    const Kp = this.coef_.length;
    const d = features.length;
    const out = new Float64Array(n * Kp);
    const w = this.packedWeights();
    let offset = 0;
    for (const batch of batches) {
      const cols = featureColumns(batch, features, offset, true);
      decisionValues(w, Kp, d, cols, batch.numRows, out, offset * Kp);
      offset += batch.numRows;
    }
    return out;
  }

  /** Class probabilities, row-major n x K, columns in classes_ order (K = 2 for binary problems). */
  predictProba(source: PredictSource, spec?: Pick<DatasetSpec, 'features'>): Float64Array {
    return this.probaFromScores(this.decisionFunction(source, spec), false);
  }

  /** log of predictProba, computed without underflow. */
  predictLogProba(source: PredictSource, spec?: Pick<DatasetSpec, 'features'>): Float64Array {
    return this.probaFromScores(this.decisionFunction(source, spec), true);
  }

  /** Probabilities for a row-major (nRows x d) matrix, e.g. a grid of points for a decision-boundary plot. */
  predictProbaMatrix(X: Float64Array, nRows: number): Float64Array {
    this.requireFitted('predictProbaMatrix');
    const d = this.featureNames_.length;
    if (!Number.isInteger(nRows) || nRows < 0 || X.length !== nRows * d) {
      throw new InvalidParameterError('X', `a Float64Array of length nRows * ${d} = ${nRows * d}`, X);
    }
    const Kp = this.coef_.length;
    const z = new Float64Array(nRows * Kp);
    for (let k = 0; k < Kp; k++) {
      const c = this.coef_[k]!;
      const b = this.intercept_[k]!;
      for (let i = 0; i < nRows; i++) {
        let acc = b;
        const o = i * d;
        for (let j = 0; j < d; j++) acc += c[j]! * X[o + j]!;
        z[i * Kp + k] = acc;
      }
    }
    return this.probaFromScores(z, false);
  }

  private probaFromScores(z: Float64Array, log: boolean): Float64Array {
    const Kp = this.coef_.length;
    if (Kp === 1) {
      const n = z.length;
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const zi = z[i]!;
        if (log) {
          // log sigma(z) = -log(1 + e^-z); log(1 - sigma(z)) = -log(1 + e^z)
          out[2 * i] = -(zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi)));
          out[2 * i + 1] = -(zi < 0 ? -zi + Math.log1p(Math.exp(zi)) : Math.log1p(Math.exp(-zi)));
        } else {
          const e = Math.exp(-Math.abs(zi));
          const p = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
          out[2 * i] = zi >= 0 ? e / (1 + e) : 1 / (1 + e);
          out[2 * i + 1] = p;
        }
      }
      return out;
    }
    const n = z.length / Kp;
    const out = new Float64Array(n * Kp);
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let k = 0; k < Kp; k++) mx = Math.max(mx, z[i * Kp + k]!);
      let sum = 0;
      for (let k = 0; k < Kp; k++) sum += Math.exp(z[i * Kp + k]! - mx);
      const lse = mx + Math.log(sum);
      for (let k = 0; k < Kp; k++) out[i * Kp + k] = log ? z[i * Kp + k]! - lse : Math.exp(z[i * Kp + k]! - lse);
    }
    return out;
  }

  /** Predicted labels (values of classes_). */
  predict(source: PredictSource, spec?: Pick<DatasetSpec, 'features'>): Label[] {
    const p = this.predictProba(source, spec);
    const K = this.classes_.length;
    const n = p.length / K;
    const out: Label[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (p[i * K + k]! > p[i * K + best]!) best = k;
      out[i] = this.classes_[best]!;
    }
    return out;
  }

  /** Mean accuracy on the labelled rows of `source`. */
  score(source: PredictSource, spec?: DatasetSpec): number {
    const s = spec ?? { features: this.featureNames_, label: 'y' };
    const pred = this.predict(source, s);
    let correct = 0;
    let i = 0;
    for (const batch of this.batchesOf(source)) {
      const col = batch.getChild(s.label);
      if (col === null) throw new SchemaMismatchError(`Expected label column "${s.label}" but the data has no such column`, s.label, 'a label column', 'missing');
      for (let r = 0; r < batch.numRows; r++, i++) {
        const v = col.get(r);
        const label = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : String(v);
        if (label === pred[i]) correct++;
      }
    }
    return pred.length === 0 ? 0 : correct / pred.length;
  }

  /** The hyper-parameters with scikit-learn snake_case names (as in the model JSON and checkpoints). */
  toParamsJSON(): Record<string, unknown> {
    return paramsToSnakeCase(this.params);
  }

  /** The model as plain JSON (the `sigmoid fit --out` file). */
  toJSON(): ModelJSON {
    this.requireFitted('toJSON');
    return {
      format: MODEL_FORMAT,
      coef: this.coef_.map((r) => Array.from(r)),
      intercept: Array.from(this.intercept_),
      classes: [...this.classes_],
      feature_names: [...this.featureNames_],
      n_iter: this.nIter_,
      params: paramsToSnakeCase(this.params),
      history: { loss: [...this.history_.loss], validation_score: [...this.history_.validationScore] },
      standardization: this.standardization_,
    };
  }

  /** Rebuilds a model from {@link toJSON}'s output. */
  static fromJSON(json: ModelJSON | Record<string, unknown>): LogisticRegression {
    const j = json as ModelJSON;
    if (j === null || typeof j !== 'object' || j.format !== MODEL_FORMAT) {
      throw new InvalidParameterError('model.format', JSON.stringify(MODEL_FORMAT), (j as { format?: unknown } | null)?.format);
    }
    const d = Array.isArray(j.feature_names) ? j.feature_names.length : -1;
    if (d < 1 || !j.feature_names.every((f) => typeof f === 'string')) throw new InvalidParameterError('model.feature_names', 'a non-empty array of strings', j.feature_names);
    if (!Array.isArray(j.classes) || j.classes.length < 2) throw new InvalidParameterError('model.classes', 'an array of at least 2 labels', j.classes);
    const Kp = j.classes.length === 2 ? 1 : j.classes.length;
    const finiteRow = (r: unknown, len: number) => Array.isArray(r) && r.length === len && r.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!Array.isArray(j.coef) || j.coef.length !== Kp || !j.coef.every((r) => finiteRow(r, d))) {
      throw new InvalidParameterError('model.coef', `${Kp} rows of ${d} finite numbers`, j.coef);
    }
    if (!finiteRow(j.intercept, Kp)) throw new InvalidParameterError('model.intercept', `${Kp} finite numbers`, j.intercept);
    const model = new LogisticRegression((j.params ?? {}) as Record<string, unknown>);
    model.coef_ = j.coef.map((r) => Float64Array.from(r));
    model.intercept_ = Float64Array.from(j.intercept);
    model.classes_ = [...j.classes];
    model.featureNames_ = [...j.feature_names];
    model.nIter_ = typeof j.n_iter === 'number' ? j.n_iter : 0;
    model.history_ = { loss: [...(j.history?.loss ?? [])], validationScore: [...(j.history?.validation_score ?? [])] };
    model.standardization_ = j.standardization ?? null;
    return model;
  }
}
