import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { LogisticRegression } from '@sigmoid/trainer';
import { fixtureTable } from './test-data.js';

// Reference values printed by scikit-learn 1.2.1 (solver='newton-cg' / 'saga', tol=1e-14) on the fixture data.
describe('more scikit-learn parity', () => {
  const demo = fixtureTable('seed-demo');

  it("class_weight={0: 2, 1: 0.5}", async () => {
    const m = await new LogisticRegression({ class_weight: { 0: 2, 1: 0.5 } }).fit(demo);
    expect(m.coef_[0]![0]).toBeCloseTo(-1.0401012004052086, 6);
    expect(m.coef_[0]![1]).toBeCloseTo(3.053053201078578, 6);
    expect(m.intercept_[0]).toBeCloseTo(-0.6203718176798797, 6);
  });

  it("elastic-net (l1_ratio=0.3, C=0.2) with sample weights", async () => {
    const w = Float64Array.from({ length: demo.numRows }, (_, i) => (i % 3) + 0.5);
    const t = tableFromArrays({
      x0: demo.getChild('x0')!.toArray() as Float64Array,
      x1: demo.getChild('x1')!.toArray() as Float64Array,
      y: demo.getChild('y')!.toArray() as Int32Array,
      w,
    });
    const m = await new LogisticRegression({ penalty: 'elasticnet', l1_ratio: 0.3, C: 0.2 }).fit(t, { features: ['x0', 'x1'], label: 'y', weight: 'w' });
    expect(m.coef_[0]![0]).toBeCloseTo(-0.6170296493963554, 6);
    expect(m.coef_[0]![1]).toBeCloseTo(2.7799222910521726, 6);
    expect(m.intercept_[0]).toBeCloseTo(0.16982398621461273, 6);
  });

  it("multinomial with class_weight='balanced' (an ill-conditioned case: sklearn's lbfgs stops 1e-5 short)", async () => {
    const t = fixtureTable('multiclass-weights');
    const a = await new LogisticRegression({ C: 0.3, class_weight: 'balanced', max_iter: 1000 }).fit(t);
    const b = await new LogisticRegression({ C: 0.3, class_weight: 'balanced', solver: 'newton' }).fit(t);
    const pa = a.predictProba(t);
    const pb = b.predictProba(t);
    for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i]! - pb[i]!)).toBeLessThan(1e-7);
    // scikit-learn newton-cg, tol=1e-14
    const sklearn = [
      [0.22435501145495937, 0.4560542308882992, 0.3195907576567415],
      [0.3223667015389459, 0.3506292114374534, 0.32700408702360073],
      [0.2585335253827174, 0.43749866356121514, 0.30396781105606735],
    ];
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) expect(Math.abs(pa[i * 3 + k]! - sklearn[i]![k]!)).toBeLessThan(1e-6);
  });

  it('warmStart continues from the current coefficients', async () => {
    const m = new LogisticRegression({ warmStart: true, maxIter: 3 });
    await m.fit(demo);
    const first = m.nIter_;
    const m2 = new LogisticRegression({ warmStart: true });
    m2.coef_ = m.coef_;
    m2.intercept_ = m.intercept_;
    m2.featureNames_ = m.featureNames_;
    await m2.fit(demo);
    const cold = await new LogisticRegression().fit(demo);
    expect(first).toBe(3);
    expect(m2.nIter_).toBeLessThan(cold.nIter_);
    expect(m2.coef_[0]![1]).toBeCloseTo(cold.coef_[0]![1]!, 6);
  });
});
