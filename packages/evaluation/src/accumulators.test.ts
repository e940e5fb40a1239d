import { describe, it, expect } from 'vitest';
import { tableFromArrays, RecordBatch } from 'apache-arrow';
import {
  BrierScoreAccumulator,
  ClassifierEvaluator,
  ConfusionMatrixAccumulator,
  LogLossAccumulator,
  RankingAccumulator,
  ScoreHistogramAccumulator,
  UniformCalibrationAccumulator,
  argsortStable,
  calibrationCurve,
  evaluateBatches,
  evaluateClassifier,
  formatFixed,
  rocAucScore,
} from '@sigmoid/evaluation';
import { mulberry32 as rng } from './test-support/mulberry32.js';


const roundTrip = <T>(x: { toJSON(): T }): T => JSON.parse(JSON.stringify(x.toJSON()));

describe('argsortStable', () => {
  it('equals a stable comparator sort, with ties, negatives, -0/+0 and extremes', () => {
    const r = rng(9);
    const pool = [0, -0, 1, -1, 0.5, 1e-300, -1e-300, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, 0.3];
    const keys = Float64Array.from({ length: 5000 }, () => (r() < 0.5 ? pool[Math.floor(r() * pool.length)]! : (r() - 0.5) * 10 ** Math.floor(r() * 20 - 10)));
    const expected = Array.from(keys.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
    expect(Array.from(argsortStable(keys))).toEqual(expected);
  });
});

describe('the two exact curve paths agree', () => {
  it('unweighted (sorted score/flag pairs) equals unit weights (stable argsort + cumsum)', () => {
    const r = rng(21);
    const n = 20000;
    const y = Int32Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
    const s = Float64Array.from({ length: n }, (_, i) => Math.round((r() + 0.4 * y[i]!) * 300) / 300 - 0.5);
    const ones = new Float64Array(n).fill(1);
    const a = new RankingAccumulator().update(y, s);
    const b = new RankingAccumulator().update(y, s, ones);
    expect(a.rocCurve()).toEqual(b.rocCurve());
    expect(a.rocCurve({ posLabel: 0, dropIntermediate: false })).toEqual(b.rocCurve({ posLabel: 0, dropIntermediate: false }));
    expect(a.precisionRecallCurve()).toEqual(b.precisionRecallCurve());
    expect(a.rocAuc()).toBe(b.rocAuc());
    expect(a.averagePrecision()).toBe(b.averagePrecision());
  });
});

describe('each accumulator: split + JSON + merge equals one pass', () => {
  const r = rng(3);
  const n = 997;
  const y = Int32Array.from({ length: n }, () => (r() < 0.45 ? 1 : 0));
  const s = Float64Array.from({ length: n }, (_, i) => Math.min(1, Math.max(0, Math.round((0.3 * y[i]! + 0.7 * r()) * 50) / 50)));
  const w = Float64Array.from({ length: n }, () => Math.round(r() * 400) / 100);
  const pred = Int32Array.from(s, (v) => (v > 0.5 ? 1 : 0));
  const cut = 401;
  const halves = <T>(make: () => { update(...a: never[]): unknown; merge(o: never): unknown; toJSON(): T }, from: (st: T) => never, args: (a: number, b: number) => unknown[]) => {
    const one = make();
    (one.update as (...a: unknown[]) => unknown)(...args(0, n));
    const a = make();
    (a.update as (...a: unknown[]) => unknown)(...args(0, cut));
    const b = make();
    (b.update as (...a: unknown[]) => unknown)(...args(cut, n));
    const merged = from(roundTrip(b));
    (merged as { merge(o: unknown): unknown }).merge(from(roundTrip(a)));
    return { one, merged: merged as unknown as typeof one };
  };
  it('ConfusionMatrixAccumulator', () => {
    const { one, merged } = halves(() => new ConfusionMatrixAccumulator([0, 1]) as never, (st) => ConfusionMatrixAccumulator.fromJSON(st as never) as never, (a, b) => [y.subarray(a, b), pred.subarray(a, b), w.subarray(a, b)]);
    const o = one as unknown as ConfusionMatrixAccumulator;
    const m = merged as unknown as ConfusionMatrixAccumulator;
    expect(m.confusionMatrix()).toEqual(o.confusionMatrix().map((row) => row.map((v) => expect.closeTo(v, 12))));
    expect(m.f1()).toBeCloseTo(o.f1() as number, 13);
    expect(m.balancedAccuracy()).toBeCloseTo(o.balancedAccuracy(), 13);
  });
  it('LogLossAccumulator and BrierScoreAccumulator', () => {
    const ll = halves(() => new LogLossAccumulator([0, 1]) as never, (st) => LogLossAccumulator.fromJSON(st as never) as never, (a, b) => [y.subarray(a, b), s.subarray(a, b), w.subarray(a, b)]);
    expect((ll.merged as unknown as LogLossAccumulator).value()).toBeCloseTo((ll.one as unknown as LogLossAccumulator).value(), 13);
    const br = halves(() => new BrierScoreAccumulator() as never, (st) => BrierScoreAccumulator.fromJSON(st as never) as never, (a, b) => [y.subarray(a, b), s.subarray(a, b), w.subarray(a, b)]);
    expect((br.merged as unknown as BrierScoreAccumulator).value()).toBeCloseTo((br.one as unknown as BrierScoreAccumulator).value(), 13);
  });
  it('RankingAccumulator (weights given only for the second half are back-filled with 1)', () => {
    const one = new RankingAccumulator().update(y.subarray(0, cut), s.subarray(0, cut)).update(y.subarray(cut), s.subarray(cut), w.subarray(cut));
    const a = RankingAccumulator.fromJSON(roundTrip(new RankingAccumulator().update(y.subarray(0, cut), s.subarray(0, cut))));
    const b = RankingAccumulator.fromJSON(roundTrip(new RankingAccumulator().update(y.subarray(cut), s.subarray(cut), w.subarray(cut))));
    a.merge(b);
    const ones = Float64Array.from(w, (v, i) => (i < cut ? 1 : v));
    const reference = rocAucScore(y, s, { sampleWeight: ones }) as number;
    expect(a.rocAuc()).toBe(reference);
    expect(one.rocAuc()).toBe(reference);
    expect(a.averagePrecision()).toBe(one.averagePrecision());
    expect(a.rocCurve()).toEqual(one.rocCurve());
    expect(a.precisionRecallCurve()).toEqual(one.precisionRecallCurve());
    expect(a.calibrationCurve({ nBins: 7, strategy: 'quantile' })).toEqual(calibrationCurve(y, s, { nBins: 7, strategy: 'quantile' }));
  });
  it('ScoreHistogramAccumulator and UniformCalibrationAccumulator', () => {
    const h = halves(() => new ScoreHistogramAccumulator([0, 1], { bins: 512 }) as never, (st) => ScoreHistogramAccumulator.fromJSON(st as never) as never, (a, b) => [y.subarray(a, b), s.subarray(a, b)]);
    expect((h.merged as unknown as ScoreHistogramAccumulator).rocAuc()).toEqual((h.one as unknown as ScoreHistogramAccumulator).rocAuc());
    const c = halves(() => new UniformCalibrationAccumulator([0, 1], { nBins: 10 }) as never, (st) => UniformCalibrationAccumulator.fromJSON(st as never) as never, (a, b) => [y.subarray(a, b), s.subarray(a, b)]);
    const curve = (c.merged as unknown as UniformCalibrationAccumulator).curve();
    const exact = calibrationCurve(y, s, { nBins: 10 });
    curve.probPred.forEach((v, i) => expect(v).toBeCloseTo(exact.probPred[i]!, 13));
    expect(curve.probTrue).toEqual(exact.probTrue);
  });
});

describe('empty states', () => {
  it('an empty evaluator survives JSON and merges into / from a filled one', () => {
    const filled = new ClassifierEvaluator({ classes: [0, 1] }).update([0, 1, 1], Float64Array.of(0.7, 0.3, 0.4, 0.6, 0.2, 0.8));
    const empty = ClassifierEvaluator.fromJSON(roundTrip(new ClassifierEvaluator({ classes: [0, 1] })));
    expect(empty.count).toBe(0);
    const expected = filled.metrics();
    expect(empty.merge(filled).metrics()).toEqual(expected);
    expect(filled.merge(ClassifierEvaluator.fromJSON(roundTrip(new ClassifierEvaluator({ classes: [0, 1] })))).metrics()).toEqual(expected);
  });
});

describe('ClassifierEvaluator over Arrow record batches', () => {
  it('a stream of batches gives the same metrics as the arrays', async () => {
    const r = rng(11);
    const n = 300;
    const y = Int32Array.from({ length: n }, () => Math.floor(r() * 3));
    const p = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = r() + (y[i] === 0 ? 0.5 : 0), b = r() + (y[i] === 1 ? 0.5 : 0), c = r() + (y[i] === 2 ? 0.5 : 0);
      const t = a + b + c;
      p[3 * i] = a / t;
      p[3 * i + 1] = b / t;
      p[3 * i + 2] = c / t;
    }
    const col = (j: number, from: number, to: number) => Float64Array.from({ length: to - from }, (_, i) => p[(from + i) * 3 + j]!);
    const batch = (from: number, to: number): RecordBatch =>
      tableFromArrays({ y: y.slice(from, to), proba_0: col(0, from, to), proba_1: col(1, from, to), proba_2: col(2, from, to) }).batches[0]!;
    const batches = [batch(0, 120), batch(120, 121), batch(121, 300)];
    const fromBatches = await evaluateBatches(batches, { label: 'y', proba: ['proba_0', 'proba_1', 'proba_2'] }, { classes: [0, 1, 2] });
    const fromArrays = evaluateClassifier(y, p, [0, 1, 2]) as unknown as Record<string, number>;
    for (const [k, v] of Object.entries(fromBatches)) {
      if (typeof v === 'number') expect(v).toBeCloseTo(fromArrays[k]!, 13);
      else expect(v).toEqual(fromArrays[k]);
    }
  });
  it('reports the classification report of its predictions', () => {
    const ev = new ClassifierEvaluator({ classes: [0, 1] }).update([0, 1, 1, 0], Float64Array.of(0.8, 0.2, 0.3, 0.7, 0.6, 0.4, 0.9, 0.1));
    const rep = ev.classificationReport();
    expect(rep.json.accuracy).toBe(0.75);
    expect(rep.text.split('\n')[0]).toBe('              precision    recall  f1-score   support');
  });
});

describe('formatFixed (Python float formatting)', () => {
  it('rounds exact ties to even like Python, otherwise like toFixed', () => {
    // Python: f'{0.125:.2f}' == '0.12', f'{0.375:.2f}' == '0.38', f'{2.5:.0f}' == '2', f'{0.615:.2f}' == '0.61'
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(0.615, 2)).toBe('0.61');
    expect(formatFixed(2 / 3, 4)).toBe('0.6667');
  });
});
