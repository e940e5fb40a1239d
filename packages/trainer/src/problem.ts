/**
 * The optimisation problem after the first (scan) pass: classes, class weights, total sample weight,
 * standardisation, and the map between solver parameters (standardised space) and raw weights.
 */
import type { RecordBatch } from 'apache-arrow';
import type { DatasetSpec } from '@sigmoid/arrow-store';
import { InvalidParameterError, recyclerOf } from '@sigmoid/arrow-store';
import { EmptyDatasetError, SingleClassError } from './errors.js';
import { LabelEncoder, checkSchema, featureColumns, labelValues, prepareBatch, sortLabels, weightValues, type Label, type PreparedBatch } from './data.js';
import { BLOCK, symmetriseBlocks } from './loss.js';
import { ColumnPass } from './wasm/columns.js';
import { penaltyParts, type LogisticRegressionParams } from './params.js';

/** Rows (about) whose Hessian the Newton solver accumulates per pass; the gradient always uses every row. */
export const HESSIAN_SAMPLE_ROWS = 65536;

const DENSE_LABELS = 1024;

/** Everything the scan pass learns; plain JSON so it travels in checkpoints. */
export interface ProblemInfo {
  spec: DatasetSpec;
  classes: Label[];
  /** Rows and sum of s_i (sample weight x class weight). */
  nRows: number;
  totalWeight: number;
  classWeights: number[] | null;
  standardization: { mean: number[]; scale: number[] } | null;
}

/** Streaming first pass: schema, NaN/Inf, weights, label counts, Welford statistics. */
export async function scan(batches: AsyncIterable<RecordBatch>, spec: DatasetSpec, params: LogisticRegressionParams, givenClasses: Label[] | undefined, checkFinite = true): Promise<ProblemInfo> {
  const d = spec.features.length;
  const labelWeight = new Map<Label, number>();
  const labelCount = new Map<Label, number>();
  const denseCount = new Float64Array(DENSE_LABELS);
  const denseWeight = new Float64Array(DENSE_LABELS);
  const unweightedDense = new Float64Array(DENSE_LABELS);
  let nRows = 0;
  // Chan et al.'s pairwise merge of per-batch (count, mean, M2): Welford across batches, exact within.
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  let first = true;
  const recycle = recyclerOf(batches);
  for await (const batch of batches) {
    if (first) {
      checkSchema(batch, spec);
      first = false;
    }
    const n = batch.numRows;
    if (n === 0) continue;
    const cols = featureColumns(batch, spec.features, nRows, checkFinite);
    const labels = labelValues(batch, spec.label, nRows);
    const w = spec.weight !== undefined ? weightValues(batch, spec.weight, nRows, true) : null;
    if (labels instanceof Int32Array && w === null) {
      // The common case (Int32 labels, no weights): one monomorphic loop.
      for (let i = 0; i < n; i++) {
        const v = labels[i]!;
        if (v >= 0 && v < DENSE_LABELS) unweightedDense[v] = unweightedDense[v]! + 1;
        else {
          labelCount.set(v, (labelCount.get(v) ?? 0) + 1);
          labelWeight.set(v, (labelWeight.get(v) ?? 0) + 1);
        }
      }
    } else if (!Array.isArray(labels)) {
      // Integer labels: small non-negative values are tallied in dense arrays, others in the maps.
      const arr = labels as ArrayLike<number>;
      for (let i = 0; i < n; i++) {
        const v = arr[i]!;
        const wi = w === null ? 1 : w[i]!;
        if (v >= 0 && v < DENSE_LABELS && Number.isInteger(v)) {
          denseCount[v] = denseCount[v]! + 1;
          denseWeight[v] = denseWeight[v]! + wi;
        } else {
          labelCount.set(v, (labelCount.get(v) ?? 0) + 1);
          labelWeight.set(v, (labelWeight.get(v) ?? 0) + wi);
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = labels[i]!;
        labelCount.set(v, (labelCount.get(v) ?? 0) + 1);
        labelWeight.set(v, (labelWeight.get(v) ?? 0) + (w === null ? 1 : w[i]!));
      }
    }
    if (params.standardize) {
      for (let j = 0; j < d; j++) {
        const c = cols[j]!;
        let s = 0;
        for (let i = 0; i < n; i++) s += c[i]!;
        const bm = s / n;
        let q = 0;
        for (let i = 0; i < n; i++) q += (c[i]! - bm) * (c[i]! - bm);
        const tot = nRows + n;
        const delta = bm - mean[j]!;
        mean[j] = mean[j]! + (delta * n) / tot;
        m2[j] = m2[j]! + q + (delta * delta * nRows * n) / tot;
      }
    }
    nRows += n;
    recycle(batch); // done with its columns (label tallies and statistics are plain numbers)
  }
  if (nRows === 0) throw new EmptyDatasetError();
  for (let v = 0; v < DENSE_LABELS; v++) {
    // Unweighted Int32 batches tally into unweightedDense (their weight is their count).
    const count = denseCount[v]! + unweightedDense[v]!;
    if (count === 0) continue;
    labelCount.set(v, count);
    labelWeight.set(v, denseWeight[v]! + unweightedDense[v]!);
  }
  const seen = sortLabels([...labelCount.keys()]);
  let classes: Label[];
  if (givenClasses !== undefined) {
    classes = sortLabels([...givenClasses]);
    const known = new Set<Label>(classes);
    for (const l of seen) if (!known.has(l)) throw new InvalidParameterError('classes', `a list containing every label in the data (${JSON.stringify(seen)})`, givenClasses);
  } else {
    classes = seen;
  }
  if (classes.length < 2) throw new SingleClassError(spec.label, classes);
  const K = classes.length;
  let classWeights: number[] | null = null;
  if (params.classWeight === 'balanced') {
    // scikit-learn: n_samples / (n_classes * bincount(y)), unweighted counts.
    classWeights = classes.map((c) => {
      const cnt = labelCount.get(c) ?? 0;
      return cnt === 0 ? 1 : nRows / (K * cnt);
    });
  } else if (params.classWeight !== null) {
    const cw = params.classWeight;
    for (const key of Object.keys(cw)) {
      if (!classes.some((c) => String(c) === key)) throw new InvalidParameterError('classWeight', `keys among the classes ${JSON.stringify(classes)}`, key);
    }
    classWeights = classes.map((c) => cw[String(c)] ?? 1);
  }
  let totalWeight = 0;
  classes.forEach((c, k) => (totalWeight += (labelWeight.get(c) ?? 0) * (classWeights === null ? 1 : classWeights[k]!)));
  if (!(totalWeight > 0)) throw new EmptyDatasetError('the data source (every row has zero weight)');
  let standardization: ProblemInfo['standardization'] = null;
  if (params.standardize) {
    const scale = Array.from(m2, (v) => {
      const sd = Math.sqrt(v / nRows);
      return sd > 0 && Number.isFinite(sd) ? sd : 1;
    });
    // Without an intercept, centring would smuggle one in: scale only (StandardScaler(with_mean=False)).
    standardization = { mean: params.fitIntercept ? Array.from(mean) : new Array<number>(d).fill(0), scale };
  }
  return { spec, classes, nRows, totalWeight, classWeights, standardization };
}

/**
 * The smooth objective in solver space, evaluated by streaming passes.
 * F(theta) = (1/S) sum_i s_i logloss_i + l2/(C S) * 0.5 ||W||^2; the l1 part (weights `l1Weights`)
 * is handled by the solver. Reported objective = C * S * (F + l1 term), scikit-learn's scale.
 */
export class Problem {
  readonly K: number;
  readonly Kp: number;
  readonly d: number;
  readonly P: number;
  readonly encoder: LabelEncoder;
  readonly cw: Float64Array | null;
  readonly l2: number;
  /** Per-coordinate l1 weight in F's scale (zero for intercepts). */
  readonly l1Weights: Float64Array;
  private readonly cache = new WeakMap<RecordBatch, PreparedBatch>();
  /** The loss/gradient pass in WebAssembly (made on first use). */
  private columnPass: ColumnPass | null = null;
  private readonly wRaw: Float64Array;
  private readonly gRaw: Float64Array;

  constructor(
    readonly info: ProblemInfo,
    readonly params: LogisticRegressionParams,
    readonly open: () => AsyncIterable<RecordBatch>,
  ) {
    this.K = info.classes.length;
    this.Kp = this.K === 2 ? 1 : this.K;
    this.d = info.spec.features.length;
    this.P = this.Kp * (this.d + 1);
    this.encoder = new LabelEncoder(info.classes);
    this.cw = info.classWeights === null ? null : Float64Array.from(info.classWeights);
    const { l1, l2 } = penaltyParts(params);
    // partialFit has no total weight yet; its mini-batch path does not use these.
    const scale = info.totalWeight > 0 ? params.C * info.totalWeight : Infinity;
    this.l2 = l2 / scale;
    this.l1Weights = new Float64Array(this.P);
    for (let k = 0; k < this.Kp; k++) for (let j = 0; j < this.d; j++) this.l1Weights[k * (this.d + 1) + j] = l1 / scale;
    this.wRaw = new Float64Array(this.P);
    this.gRaw = new Float64Array(this.P);
  }

  /** Kernel inputs for a batch; cached per batch object, so in-memory tables are prepared once. */
  prepare(batch: RecordBatch, rowOffset: number): PreparedBatch {
    let pb = this.cache.get(batch);
    if (pb === undefined) {
      pb = prepareBatch(batch, this.info.spec, this.encoder, this.cw, rowOffset, false);
      this.cache.set(batch, pb);
    }
    return pb;
  }

  /** Weighted loss sum over a prepared block with raw weights; gradient / Hessian accumulated when given. */
  lossGrad(w: Float64Array, pb: PreparedBatch, g: Float64Array | null, h: Float64Array | null, first = 0, n = pb.n - first): number {
    // In WebAssembly. The pass holds a P x P Hessian only once one is asked for (Newton, the head start).
    if (this.columnPass === null || (h !== null && !this.columnPass.hessian)) this.columnPass = new ColumnPass(this.d, this.Kp, h !== null);
    return this.columnPass.run(w, pb.cols, pb.y, pb.s, first, n, g, h);
  }

  /** theta (solver space) -> raw weights on the original features. */
  toRaw(theta: Float64Array, out: Float64Array): void {
    const st = this.info.standardization;
    const d = this.d;
    if (st === null) {
      out.set(theta);
      return;
    }
    for (let k = 0; k < this.Kp; k++) {
      const o = k * (d + 1);
      let b = theta[o + d]!;
      for (let j = 0; j < d; j++) {
        const v = theta[o + j]! / st.scale[j]!;
        out[o + j] = v;
        b -= v * st.mean[j]!;
      }
      out[o + d] = b;
    }
  }

  /** Raw weights -> theta (inverse of toRaw). */
  fromRaw(raw: Float64Array, out: Float64Array): void {
    const st = this.info.standardization;
    const d = this.d;
    if (st === null) {
      out.set(raw);
      return;
    }
    for (let k = 0; k < this.Kp; k++) {
      const o = k * (d + 1);
      let b = raw[o + d]!;
      for (let j = 0; j < d; j++) {
        out[o + j] = raw[o + j]! * st.scale[j]!;
        b += raw[o + j]! * st.mean[j]!;
      }
      out[o + d] = b;
    }
  }

  /** Chain rule: raw gradient -> theta gradient, in place into `out`. */
  gradToTheta(gRaw: Float64Array, out: Float64Array): void {
    const st = this.info.standardization;
    const d = this.d;
    if (st === null) {
      out.set(gRaw);
      return;
    }
    for (let k = 0; k < this.Kp; k++) {
      const o = k * (d + 1);
      const gb = gRaw[o + d]!;
      for (let j = 0; j < d; j++) out[o + j] = (gRaw[o + j]! - gb * st.mean[j]!) / st.scale[j]!;
      out[o + d] = gb;
    }
  }

  /** Adds the smooth penalty to F and g, zeroes fixed intercepts. */
  addPenalty(theta: Float64Array, g: Float64Array | null, h: Float64Array | null): number {
    const d = this.d;
    let r = 0;
    for (let k = 0; k < this.Kp; k++) {
      const o = k * (d + 1);
      for (let j = 0; j < d; j++) {
        const t = theta[o + j]!;
        r += t * t;
        if (g !== null) g[o + j] = g[o + j]! + this.l2 * t;
        if (h !== null) h[(o + j) * this.P + o + j] = h[(o + j) * this.P + o + j]! + this.l2;
      }
      if (!this.params.fitIntercept) {
        if (g !== null) g[o + d] = 0;
        if (h !== null) {
          for (let q = 0; q < this.P; q++) {
            h[(o + d) * this.P + q] = 0;
            h[q * this.P + o + d] = 0;
          }
          h[(o + d) * this.P + o + d] = 1;
        }
      }
    }
    return 0.5 * this.l2 * r;
  }

  /**
   * One pass: F(theta) and its gradient (and Hessian) in theta space. The gradient is always exact.
   * The Hessian is accumulated over a systematic sample of row blocks (every k-th block of BLOCK rows,
   * about HESSIAN_SAMPLE_ROWS rows in all; every row when the data is smaller): it only shapes the
   * Newton step, so the solver still converges to the exact optimum, at a fraction of the cost.
   */
  async evaluate(theta: Float64Array, g: Float64Array | null, h: Float64Array | null = null): Promise<number> {
    const S = this.info.totalWeight;
    this.toRaw(theta, this.wRaw);
    this.gRaw.fill(0);
    const hRaw = h === null ? null : new Float64Array(this.P * this.P);
    const stride = Math.max(1, Math.floor(this.info.nRows / HESSIAN_SAMPLE_ROWS));
    let loss = 0;
    let offset = 0;
    let block = 0;
    let sampleWeight = 0;
    const batches = this.open();
    const recycle = recyclerOf(batches);
    for await (const batch of batches) {
      if (batch.numRows === 0) continue;
      const pb = this.prepare(batch, offset);
      offset += batch.numRows;
      if (hRaw === null) {
        loss += this.lossGrad(this.wRaw, pb, g === null ? null : this.gRaw, null);
        recycle(batch);
        continue;
      }
      for (let a = 0; a < pb.n; a += BLOCK) {
        const b = Math.min(pb.n, a + BLOCK);
        const sampled = block++ % stride === 0;
        const sub: PreparedBatch = { n: b - a, cols: pb.cols.map((c) => c.subarray(a, b)), y: pb.y.subarray(a, b), s: pb.s === null ? null : pb.s.subarray(a, b) };
        loss += this.lossGrad(this.wRaw, sub, this.gRaw, sampled ? hRaw : null);
        if (sampled) {
          if (sub.s === null) sampleWeight += sub.n;
          else for (let i = 0; i < sub.n; i++) sampleWeight += sub.s[i]!;
        }
      }
      recycle(batch);
    }
    if (g !== null) {
      for (let i = 0; i < this.P; i++) this.gRaw[i] = this.gRaw[i]! / S;
      this.gradToTheta(this.gRaw, g);
    }
    if (h !== null && hRaw !== null) {
      if (this.Kp > 1) symmetriseBlocks(hRaw, this.P);
      const scale = sampleWeight > 0 ? 1 / sampleWeight : 0;
      for (let i = 0; i < hRaw.length; i++) hRaw[i] = hRaw[i]! * scale;
      this.hessToTheta(hRaw, h);
    }
    return loss / S + this.addPenalty(theta, g, h);
  }

  /** H_theta = T' H T with T = d raw / d theta (block diagonal per class row). */
  private hessToTheta(hRaw: Float64Array, out: Float64Array): void {
    const st = this.info.standardization;
    const P = this.P;
    if (st === null) {
      out.set(hRaw);
      return;
    }
    const d = this.d;
    const T = new Float64Array(P * P);
    for (let k = 0; k < this.Kp; k++) {
      const o = k * (d + 1);
      for (let j = 0; j < d; j++) {
        T[(o + j) * P + o + j] = 1 / st.scale[j]!;
        T[(o + d) * P + o + j] = -st.mean[j]! / st.scale[j]!;
      }
      T[(o + d) * P + o + d] = 1;
    }
    const HT = new Float64Array(P * P);
    for (let i = 0; i < P; i++) for (let l = 0; l < P; l++) {
      let a = 0;
      for (let q = 0; q < P; q++) a += hRaw[i * P + q]! * T[q * P + l]!;
      HT[i * P + l] = a;
    }
    for (let i = 0; i < P; i++) for (let l = 0; l < P; l++) {
      let a = 0;
      for (let q = 0; q < P; q++) a += T[q * P + i]! * HT[q * P + l]!;
      out[i * P + l] = a;
    }
  }

  /** The l1 term in F's scale. */
  l1Term(theta: ArrayLike<number>): number {
    let a = 0;
    for (let i = 0; i < this.P; i++) a += this.l1Weights[i]! * Math.abs(theta[i]!);
    return a;
  }

  /** scikit-learn's objective C * sum s_i logloss_i + r(W) from F + l1 term. */
  sklearnObjective(F: number): number {
    return F * this.params.C * this.info.totalWeight;
  }
}
