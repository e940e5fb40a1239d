/**
 * Every metric in tools/fixtures/sklearn/logistic_regression.*.json, recomputed from the fixture's
 * `coef`/`intercept` on its dataset, must agree with scikit-learn 1.2.1 to 1e-12.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { calibrationCurve, ClassifierEvaluator, evaluateClassifier, rocAucScore, type BinaryMetrics, type MulticlassMetrics } from '@sigmoid/evaluation';
import { mulberry32 as rng } from './test-support/mulberry32.js';

const dir = new URL('../../../tools/fixtures/sklearn/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

interface Case {
  name: string;
  fx: Record<string, any>;
  y: number[];
  proba: Float64Array;
  classes: number[];
}

/** sklearn's predict_proba: expit for two classes ([1 - p, p]), softmax (max-shifted) otherwise. */
function predictProba(X: number[][], coef: number[][], intercept: number[], k: number): Float64Array {
  const out = new Float64Array(X.length * k);
  X.forEach((x, i) => {
    const z = coef.map((w, c) => w.reduce((s, wj, j) => s + wj * x[j]!, 0) + intercept[c]!);
    if (k === 2) {
      const p = 1 / (1 + Math.exp(-z[0]!));
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    } else {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, c) => (out[i * k + c] = v / s));
    }
  });
  return out;
}

const cases: Case[] = readdirSync(dir)
  .filter((f) => f.startsWith('logistic_regression.') && f.endsWith('.json'))
  .map((f) => {
    const fx = read(f);
    const ds = read(`make_classification.${fx.dataset}.json`);
    return { name: f.slice('logistic_regression.'.length, -'.json'.length), fx, y: ds.y, classes: fx.classes, proba: predictProba(ds.X, fx.coef, fx.intercept, fx.classes.length) };
  });

const close = (a: number, b: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-12);

describe('scikit-learn fixtures: logistic_regression.*', () => {
  it('finds the six fixtures', () => expect(cases.length).toBe(6));
  for (const c of cases) {
    it(`${c.name}: every metric of the fixture to 1e-12`, () => {
      const m = evaluateClassifier(c.y, c.proba, c.classes) as Partial<BinaryMetrics & MulticlassMetrics>;
      const keys = c.classes.length === 2
        ? ['accuracy', 'log_loss', 'roc_auc', 'average_precision', 'brier', 'precision', 'recall', 'f1']
        : ['accuracy', 'log_loss', 'f1_macro', 'roc_auc_ovr_macro'];
      expect(Object.keys(m).sort()).toEqual([...keys, 'confusion_matrix'].sort());
      for (const k of keys) close((m as Record<string, number>)[k]!, c.fx[k]);
      expect(m.confusion_matrix).toEqual(c.fx.confusion_matrix);
    });
    if (c.classes.length === 2) {
      it(`${c.name}: calibration curve (n_bins=10) to 1e-12`, () => {
        const s = Float64Array.from(c.y, (_, i) => c.proba[2 * i + 1]!);
        const cal = calibrationCurve(c.y, s, { nBins: 10 });
        expect(cal.probTrue.length).toBe(c.fx.calibration_prob_true.length);
        cal.probTrue.forEach((v, i) => close(v, c.fx.calibration_prob_true[i]));
        cal.probPred.forEach((v, i) => close(v, c.fx.calibration_prob_pred[i]));
        const ev = new ClassifierEvaluator({ classes: c.classes }).update(c.y, c.proba);
        expect(ev.ranking!.calibrationCurve({ nBins: 10 })).toEqual(cal);
        close(rocAucScore(c.y, s) as number, c.fx.roc_auc);
      });
    }
  }
});


describe('merging accumulators built on random splits equals one pass', () => {
  for (const c of cases) {
    for (const ranking of c.classes.length === 2 ? (['exact', 'histogram'] as const) : (['exact'] as const)) {
      it(`${c.name} (${ranking}): 8 random splits, states through JSON, merged in random order`, () => {
        const k = c.classes.length;
        const n = c.y.length;
        const rand = rng(n * 31 + k + (ranking === 'exact' ? 0 : 7));
        const weights = Float64Array.from({ length: n }, () => Math.round(rand() * 300) / 100);
        for (const sampleWeight of [undefined, weights]) {
          const one = new ClassifierEvaluator({ classes: c.classes, ranking }).update(c.y, c.proba, sampleWeight).metrics();
          // contiguous random cut points: record-batch boundaries
          const cuts = [0, ...Array.from({ length: 7 }, () => Math.floor(rand() * n)).sort((a, b) => a - b), n];
          const parts = cuts.slice(1).map((end, j) => {
            const start = cuts[j]!;
            const ev = new ClassifierEvaluator({ classes: c.classes, ranking }).update(c.y.slice(start, end), c.proba.subarray(start * k, end * k), sampleWeight?.subarray(start, end));
            return JSON.parse(JSON.stringify(ev.toJSON()));
          });
          const order = parts.map((_, j) => j).sort(() => rand() - 0.5);
          const merged = ClassifierEvaluator.fromJSON(parts[order[0]!]);
          // merging in a shuffled order: ranking metrics sort by score, so the sample order within ties may differ
          for (const j of order.slice(1)) merged.merge(ClassifierEvaluator.fromJSON(parts[j]));
          const m = merged.metrics() as unknown as Record<string, number | number[][]>;
          for (const [key, v] of Object.entries(one)) {
            if (typeof v === 'number') close(m[key] as number, v);
            else expect(m[key]).toEqual(v);
          }
        }
      });
    }
  }
});

describe('merging evaluators over a random (non-contiguous) partition of the rows equals one pass', () => {
  for (const c of cases) {
    it(`${c.name}: each row sent to one of 5 workers at random`, () => {
      const k = c.classes.length;
      const n = c.y.length;
      const rand = rng(1000 + n + k);
      const weights = Float64Array.from({ length: n }, () => 0.25 + Math.round(rand() * 200) / 100);
      const worker = Int32Array.from({ length: n }, () => Math.floor(rand() * 5));
      for (const sampleWeight of [undefined, weights]) {
        const one = new ClassifierEvaluator({ classes: c.classes }).update(c.y, c.proba, sampleWeight).metrics() as unknown as Record<string, number | number[][]>;
        const states = Array.from({ length: 5 }, (_, wk) => {
          const rows = Array.from(worker.keys()).filter((i) => worker[i] === wk);
          const y = rows.map((i) => c.y[i]!);
          const p = new Float64Array(rows.length * k);
          rows.forEach((i, r) => p.set(c.proba.subarray(i * k, (i + 1) * k), r * k));
          const w = sampleWeight === undefined ? undefined : Float64Array.from(rows, (i) => sampleWeight[i]!);
          return JSON.stringify(new ClassifierEvaluator({ classes: c.classes }).update(y, p, w).toJSON());
        });
        const merged = states.map((st) => ClassifierEvaluator.fromJSON(JSON.parse(st))).reduce((a, b) => a.merge(b));
        const m = merged.metrics() as unknown as Record<string, number | number[][]>;
        for (const [key, v] of Object.entries(one)) {
          if (typeof v === 'number') close(m[key] as number, v);
          else (v as number[][]).forEach((row, i) => row.forEach((x, j) => close((m[key] as number[][])[i]![j]!, x)));
        }
      }
    });
  }
});
