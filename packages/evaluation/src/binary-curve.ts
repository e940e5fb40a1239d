/**
 * scikit-learn 1.2.1's `_binary_clf_curve`, `roc_curve`, `precision_recall_curve`, `auc` and the
 * average-precision sum, replicated operation by operation on already sorted data, so that the
 * numbers agree to the last bit without sample weights (and to rounding of the weighted sums with them).
 */
import { pairwiseSum } from './summation.js';

/** False/true positive counts per distinct threshold, thresholds decreasing. */
export interface ClfCurve {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/**
 * `order` is a stable ascending argsort of `scores`; scikit-learn walks it reversed (so ties keep
 * numpy's reversed mergesort order). `positive[i]` is 1 for the positive class. Samples with zero
 * weight are skipped, as scikit-learn filters them out before sorting.
 */
export function binaryClfCurve(order: Uint32Array, scores: Float64Array, positive: Uint8Array, weights: Float64Array | null): ClfCurve {
  const n = order.length;
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thr = new Float64Array(n);
  let m = 0;
  if (n === 0) return { fps, tps, thresholds: thr };
  if (weights === null) {
    // fps = 1 + threshold_index - tps, integer counts: exact
    let tp = 0;
    let seen = 0;
    let prev = scores[order[n - 1]!]!;
    for (let r = n - 1; r >= 0; r--) {
      const i = order[r]!;
      const s = scores[i]!; // -0 === 0; the group's last raw value is its threshold, as in numpy
      if (s !== prev) {
        fps[m] = seen - tp;
        tps[m] = tp;
        thr[m] = prev;
        m++;
      }
      tp += positive[i]!;
      seen++;
      prev = s;
    }
    fps[m] = seen - tp;
    tps[m] = tp;
    thr[m] = prev;
    m++;
  } else {
    // stable_cumsum of y * w and (1 - y) * w in sorted order; zero-weight samples removed first
    let tp = 0;
    let fp = 0;
    let prev = NaN;
    let any = false;
    for (let r = n - 1; r >= 0; r--) {
      const i = order[r]!;
      const w = weights[i]!;
      if (w === 0) continue;
      const s = scores[i]!;
      if (any && s !== prev) {
        fps[m] = fp;
        tps[m] = tp;
        thr[m] = prev;
        m++;
      }
      if (positive[i] === 1) tp += w;
      else fp += w;
      prev = s;
      any = true;
    }
    if (any) {
      fps[m] = fp;
      tps[m] = tp;
      thr[m] = prev;
      m++;
    }
  }
  return { fps: fps.slice(0, m), tps: tps.slice(0, m), thresholds: thr.slice(0, m) }; // slice: the cached curve must not pin n-sized buffers
}

/**
 * The unweighted curve from scores sorted ascending with their positive flags carried along
 * ({@link sortWithFlags}): walked from the top, one point per distinct score. Identical to
 * {@link binaryClfCurve} without weights (counts are integers, so the order inside ties is irrelevant).
 */
export function binaryClfCurveSorted(sorted: Float64Array, positive: Uint8Array): ClfCurve {
  const n = sorted.length;
  if (n === 0) return { fps: new Float64Array(0), tps: new Float64Array(0), thresholds: new Float64Array(0) };
  // Count the points first (the walk below, without its sums), so that the arrays are allocated once at
  // their final size instead of n-sized and then copied trimmed (up to 48 bytes per row allocated before).
  let points = 1;
  for (let r = n - 1, prev = sorted[n - 1]!; r >= 0; r--) {
    const s = sorted[r]!;
    if (s !== prev) points++;
    prev = s;
  }
  const fps = new Float64Array(points);
  const tps = new Float64Array(points);
  const thr = new Float64Array(points);
  let m = 0;
  let tp = 0;
  let seen = 0;
  let prev = sorted[n - 1]!;
  for (let r = n - 1; r >= 0; r--) {
    const s = sorted[r]!;
    if (s !== prev) {
      fps[m] = seen - tp;
      tps[m] = tp;
      thr[m] = prev;
      m++;
    }
    tp += positive[r]!;
    seen++;
    prev = s;
  }
  fps[m] = seen - tp;
  tps[m] = tp;
  thr[m] = prev;
  return { fps, tps, thresholds: thr };
}

/**
 * The points `roc_curve(drop_intermediate=True)` keeps (3 or more points): both ends, and every point
 * where the second difference of fps or tps (np.diff(_, 2)) is non-zero.
 */
function keptPoints(fps: Float64Array, tps: Float64Array): Uint32Array {
  const len = fps.length;
  const keep = new Uint32Array(len);
  let k = 0;
  keep[k++] = 0;
  for (let i = 0; i < len - 2; i++) {
    const dF = fps[i + 2]! - fps[i + 1]! - (fps[i + 1]! - fps[i]!);
    const dT = tps[i + 2]! - tps[i + 1]! - (tps[i + 1]! - tps[i]!);
    if (dF !== 0 || dT !== 0) keep[k++] = i + 1;
  }
  keep[k++] = len - 1;
  return keep.subarray(0, k);
}

/**
 * `trapezoidArea` of `rocFromCurve(curve, true)`'s fpr and tpr (scikit-learn's `roc_auc_score`), computed
 * from the curve without building the ROC arrays: the same kept points, the same terms, the same
 * pairwise sum, so the same double. 12 bytes per point instead of about 60 (1e7 distinct scores: 120 MB,
 * not 600). Curves without positives or negatives go through the arrays, for their NaN.
 */
export function rocAucFromCurve(curve: ClfCurve): number {
  const { fps, tps } = curve;
  const len = fps.length;
  const fLast = fps[len - 1]!;
  const tLast = tps[len - 1]!;
  if (len <= 2 || !(fLast > 0) || !(tLast > 0)) {
    const roc = rocFromCurve(curve, true);
    return trapezoidArea(roc.fpr, roc.tpr);
  }
  // The ROC is (0, 0), then the kept points as rocFromCurve keeps them; trapezoidArea's terms and direction.
  const keep = keptPoints(fps, tps);
  const terms = new Float64Array(keep.length);
  let anyNeg = false;
  let allNonPos = true;
  let xPrev = 0;
  let yPrev = 0;
  for (let j = 0; j < keep.length; j++) {
    const x = fps[keep[j]!]! / fLast;
    const y = tps[keep[j]!]! / tLast;
    const dx = x - xPrev;
    if (dx < 0) anyNeg = true;
    if (dx > 0) allNonPos = false;
    terms[j] = (dx * (y + yPrev)) / 2.0;
    xPrev = x;
    yPrev = y;
  }
  const direction = anyNeg ? (allNonPos ? -1 : NaN) : 1;
  return direction * pairwiseSum(terms);
}

/**
 * `-np.sum(np.diff(recall) * precision[:-1])` over `precisionRecallFromCurve(curve)` (scikit-learn's `average_precision_score`)
 * without building the precision-recall arrays: the same terms, the same pairwise sum, so the same double.
 * 8 bytes per point instead of 32.
 */
export function averagePrecisionFromCurve(curve: ClfCurve): number {
  const { fps, tps } = curve;
  const m = tps.length;
  const tLast = tps[m - 1]!;
  // PR point i (i < m) is curve point m - 1 - i; point m is (recall 0, precision 1).
  const precision = (i: number) => {
    if (i === m) return 1;
    const r = m - 1 - i;
    const ps = tps[r]! + fps[r]!;
    return ps !== 0 ? tps[r]! / ps : 0;
  };
  const recall = (i: number) => (i === m ? 0 : tLast === 0 ? 1 : tps[m - 1 - i]! / tLast);
  const terms = new Float64Array(m);
  for (let i = 0; i < m; i++) terms[i] = (recall(i + 1) - recall(i)) * precision(i);
  return -pairwiseSum(terms);
}

/** ROC points as scikit-learn 1.2.1 returns them (thresholds[0] = max score + 1). */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
  warnings: string[];
}

export function rocFromCurve(curve: ClfCurve, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = curve;
  const warnings: string[] = [];
  if (dropIntermediate && fps.length > 2) {
    const keep = keptPoints(fps, tps);
    const k = keep.length;
    const f2 = new Float64Array(k);
    const t2 = new Float64Array(k);
    const h2 = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      const i = keep[j]!;
      f2[j] = fps[i]!;
      t2[j] = tps[i]!;
      h2[j] = thresholds[i]!;
    }
    fps = f2;
    tps = t2;
    thresholds = h2;
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thr = new Float64Array(m);
  thr[0] = thresholds[0]! + 1;
  thr.set(thresholds, 1);
  const fLast = fps[fps.length - 1]!;
  const tLast = tps[tps.length - 1]!;
  if (!(fLast > 0)) {
    warnings.push('No negative samples in y_true, false positive value should be meaningless');
    fpr.fill(NaN);
  } else for (let i = 1; i < m; i++) fpr[i] = fps[i - 1]! / fLast;
  if (!(tLast > 0)) {
    warnings.push('No positive samples in y_true, true positive value should be meaningless');
    tpr.fill(NaN);
  } else for (let i = 1; i < m; i++) tpr[i] = tps[i - 1]! / tLast;
  return { fpr, tpr, thresholds: thr, warnings };
}

/** scikit-learn's `auc(x, y)`: trapezoidal rule with numpy's summation order, x monotonic. */
export function trapezoidArea(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let direction = 1;
  let anyNeg = false;
  let allNonPos = true;
  for (let i = 1; i < n; i++) {
    const dx = x[i]! - x[i - 1]!;
    if (dx < 0) anyNeg = true;
    if (dx > 0) allNonPos = false;
  }
  if (anyNeg) direction = allNonPos ? -1 : NaN;
  const terms = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) terms[i - 1] = ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2.0;
  return direction * pairwiseSum(terms);
}

/** Precision-recall points as scikit-learn 1.2.1 returns them (recall decreasing, last point (1, 0)). */
export interface PrCurve {
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
  warnings: string[];
}

export function precisionRecallFromCurve(curve: ClfCurve): PrCurve {
  const { fps, tps, thresholds } = curve;
  const m = tps.length;
  const warnings: string[] = [];
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  const tLast = tps[m - 1]!;
  if (tLast === 0) warnings.push('No positive class found in y_true, recall is set to one for all thresholds.');
  for (let i = 0; i < m; i++) {
    const r = m - 1 - i;
    const ps = tps[r]! + fps[r]!;
    precision[i] = ps !== 0 ? tps[r]! / ps : 0;
    recall[i] = tLast === 0 ? 1 : tps[r]! / tLast;
    thr[i] = thresholds[r]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr, warnings };
}

