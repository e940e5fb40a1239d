import { describe, expect, it } from 'vitest';
import { averagePrecisionFromCurve, binaryClfCurveSorted, precisionRecallFromCurve, rocAucFromCurve, rocFromCurve, trapezoidArea } from './binary-curve.js';
import { pairwiseSum } from './summation.js';
import { sortWithFlags } from './sort.js';
import { mulberry32 } from './test-support/mulberry32.js';

/** The curve of n scores (rounded to `levels` values when given, for ties) with P(positive) = `p`. */
function curveOf(n: number, seed: number, levels: number | null, p: number) {
  const u = mulberry32(seed);
  const scores = new Float64Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = u();
    scores[i] = levels === null ? s : Math.round(s * levels) / levels;
    flags[i] = u() < p * (0.5 + s) ? 1 : 0;
  }
  const sorted = sortWithFlags(scores, flags);
  return binaryClfCurveSorted(sorted.sorted, sorted.flags);
}

/** The array path these functions replace: the ROC / PR arrays, then the trapezoids / the AP sum. */
function referenceAuc(curve: ReturnType<typeof curveOf>): number {
  const roc = rocFromCurve(curve, true);
  return trapezoidArea(roc.fpr, roc.tpr);
}
function referenceAp(curve: ReturnType<typeof curveOf>): number {
  const pr = precisionRecallFromCurve(curve);
  const terms = new Float64Array(pr.recall.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = (pr.recall[i + 1]! - pr.recall[i]!) * pr.precision[i]!;
  return -pairwiseSum(terms);
}

describe('ROC AUC and average precision straight from the curve', () => {
  it('equal the array path bit for bit: distinct scores, ties, sizes around the pairwise-sum blocks, one class, one point', () => {
    let cases = 0;
    for (const n of [1, 2, 3, 7, 8, 9, 127, 128, 129, 1000, 40_000]) {
      for (const levels of [null, 10, 1]) {
        for (const p of [0.5, 0.05, 0, 2]) {
          const curve = curveOf(n, n * 31 + (levels ?? 0) + p * 7, levels, p);
          expect(Object.is(rocAucFromCurve(curve), referenceAuc(curve)), `auc n=${n} levels=${levels} p=${p}`).toBe(true);
          expect(Object.is(averagePrecisionFromCurve(curve), referenceAp(curve)), `ap n=${n} levels=${levels} p=${p}`).toBe(true);
          cases++;
        }
      }
    }
    expect(cases).toBe(132);
  });

  it('give the textbook values on a small curve', () => {
    // scores 0.1 0.4 0.35 0.8 with labels 0 0 1 1 (scikit-learn's roc_auc_score example): AUC 0.75, AP 0.8333...
    const sorted = sortWithFlags(Float64Array.of(0.1, 0.4, 0.35, 0.8), Uint8Array.of(0, 0, 1, 1));
    const curve = binaryClfCurveSorted(sorted.sorted, sorted.flags);
    expect(rocAucFromCurve(curve)).toBe(0.75);
    expect(averagePrecisionFromCurve(curve)).toBeCloseTo(0.8333333333333333, 15);
  });
});
