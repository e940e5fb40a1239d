import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableFromArrays } from 'apache-arrow';
import { writeDataset } from '@sigmoid/datagen';
import { MODEL_FORMAT } from '@sigmoid/trainer';
import { cliHarness } from '../cli-harness.js';

const FIXTURES = fileURLToPath(new URL('../../../../tools/fixtures/sklearn/', import.meta.url));
const { out, io, run } = cliHarness('sigmoid-cli-evaluate-');


const fixture = (name: string) => JSON.parse(readFileSync(FIXTURES + name, 'utf8'));

/** The fixture's sklearn model as a `sigmoid fit` model file, and its dataset as a file. */
async function prepare(name: string, ext = 'arrow'): Promise<{ fx: Record<string, any>; model: string; data: string }> {
  const fx = fixture(`logistic_regression.${name}.json`);
  const ds = fixture(`make_classification.${fx.dataset}.json`);
  const d = ds.X[0].length;
  const model = out(`${name}.model.json`);
  writeFileSync(model, JSON.stringify({ format: MODEL_FORMAT, coef: fx.coef, intercept: fx.intercept, classes: fx.classes, feature_names: Array.from({ length: d }, (_, j) => `x${j}`), n_iter: 1, params: {}, history: { loss: [], validation_score: [] } }));
  const cols: Record<string, Float64Array | Int32Array> = {};
  for (let j = 0; j < d; j++) cols[`x${j}`] = Float64Array.from(ds.X as number[][], (r) => r[j]!);
  cols.y = Int32Array.from(ds.y);
  const data = out(`${name}.${ext}`);
  await writeDataset(data, tableFromArrays(cols));
  return { fx, model, data };
}

describe('sigmoid evaluate', () => {
  for (const [name, ext] of [['seed-demo', 'arrow'], ['defaults-seed0-balanced', 'csv'], ['multiclass-multinomial', 'arrow']] as const) {
    it(`${name} (.${ext}): metrics.json equals scikit-learn's to 1e-12`, async () => {
      const { fx, model, data } = await prepare(name, ext);
      const target = out(`${name}.metrics.json`);
      expect(await run('evaluate', '--model', model, '--data', data, '--out', target)).toBe(0);
      const metrics = JSON.parse(readFileSync(target, 'utf8')) as Record<string, number | number[][]>;
      const keys = fx.classes.length === 2
        ? ['accuracy', 'log_loss', 'roc_auc', 'average_precision', 'brier', 'precision', 'recall', 'f1', 'confusion_matrix']
        : ['accuracy', 'log_loss', 'f1_macro', 'roc_auc_ovr_macro', 'confusion_matrix'];
      expect(Object.keys(metrics)).toEqual(keys);
      for (const k of keys) {
        if (k === 'confusion_matrix') expect(metrics[k]).toEqual(fx[k]);
        else expect(Math.abs((metrics[k] as number) - fx[k]), k).toBeLessThanOrEqual(1e-12);
      }
    });
  }

  it('prints the JSON and the classification report without --out; histogram mode stays within its bound', async () => {
    const { fx, model, data } = await prepare('seed-demo');
    io.stdout = '';
    expect(await run('evaluate', '--model', model, '--data', data, '--report')).toBe(0);
    expect(JSON.parse(io.stdout.slice(0, io.stdout.indexOf('}\n') + 1)).accuracy).toBe(fx.accuracy);
    expect(io.stdout).toContain('    accuracy                           0.94       300');
    const target = out('hist.json');
    io.stdout = '';
    expect(await run('evaluate', '--model', model, '--data', data, '--out', target, '--ranking', 'histogram')).toBe(0);
    const bound = Number(/within ([0-9.e+-]+) of exact/.exec(io.stdout)![1]);
    expect(Math.abs(JSON.parse(readFileSync(target, 'utf8')).roc_auc - fx.roc_auc)).toBeLessThanOrEqual(bound);
  });

  it('usage errors exit 2: missing option, unreadable or invalid model, bad --ranking', async () => {
    const { model, data } = await prepare('seed-demo');
    io.stderr = '';
    expect(await run('evaluate', '--data', data)).toBe(2);
    expect(await run('evaluate', '--model', out('nope.json'), '--data', data)).toBe(2);
    expect(io.stderr).toContain('Cannot read model file');
    const notJson = out('bad.json');
    writeFileSync(notJson, '{ nope');
    expect(await run('evaluate', '--model', notJson, '--data', data)).toBe(2);
    const wrongFormat = out('wrong.json');
    writeFileSync(wrongFormat, JSON.stringify({ format: 'other' }));
    io.stderr = '';
    expect(await run('evaluate', '--model', wrongFormat, '--data', data)).toBe(2);
    expect(io.stderr).toContain('sigmoid: InvalidParameterError: Expected');
    expect(await run('evaluate', '--model', model, '--data', data, '--ranking', 'approx')).toBe(2);
  });

  it('bad data exits 1 with a named error: unknown label, one class, missing label column', async () => {
    const { model } = await prepare('seed-demo');
    const unknown = out('unknown.arrow');
    await writeDataset(unknown, tableFromArrays({ x0: Float64Array.of(0.1, 0.2), x1: Float64Array.of(1, -1), y: Int32Array.of(0, 3) }));
    io.stderr = '';
    expect(await run('evaluate', '--model', model, '--data', unknown)).toBe(1);
    expect(io.stderr).toContain('sigmoid: UnknownLabelError: Expected yTrue[1] to be one of the classes [0, 1] but received 3');
    const single = out('single.arrow');
    await writeDataset(single, tableFromArrays({ x0: Float64Array.of(0.1, 0.2), x1: Float64Array.of(1, -1), y: Int32Array.of(1, 1) }));
    io.stderr = '';
    expect(await run('evaluate', '--model', model, '--data', single)).toBe(1);
    expect(io.stderr).toContain('sigmoid: UndefinedMetricError: Only one class present in y_true');
    io.stderr = '';
    expect(await run('evaluate', '--model', model, '--data', single, '--label', 'target')).toBe(1);
    expect(io.stderr).toContain('SchemaMismatchError');
  });
});
