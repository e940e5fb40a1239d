import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromArrays } from 'apache-arrow';
import sharp from 'sharp';
import { writeDataset } from '@sigmoid/datagen';
import { MODEL_FORMAT } from '@sigmoid/trainer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

const FIXTURES = fileURLToPath(new URL('../../../../tools/fixtures/sklearn/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sigmoid-cli-render-'));
const file = (name: string) => join(dir, name);
let stderr = '';
const run = (...args: string[]) => main(['node', 'sigmoid', 'render', ...args]);

const data = JSON.parse(readFileSync(FIXTURES + 'make_classification.seed-demo.json', 'utf8')) as { X: number[][]; y: number[] };
const fit = JSON.parse(readFileSync(FIXTURES + 'logistic_regression.seed-demo.json', 'utf8')) as { coef: number[][]; intercept: number[]; classes: number[]; confusion_matrix: number[][]; roc_auc: number };
const model = (history: number[]) => ({
  format: MODEL_FORMAT,
  coef: fit.coef,
  intercept: fit.intercept,
  classes: fit.classes,
  feature_names: ['x0', 'x1'],
  n_iter: history.length,
  params: {},
  history: { loss: history, validation_score: [] },
});

beforeAll(async () => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  await writeDataset(file('demo.arrow'), tableFromArrays({ x0: Float64Array.from(data.X, (r) => r[0]!), x1: Float64Array.from(data.X, (r) => r[1]!), y: Int32Array.from(data.y) }));
  writeFileSync(file('model.json'), JSON.stringify(model([0.69, 0.3, 0.22, 0.2127])));
  writeFileSync(file('no-history.json'), JSON.stringify(model([])));
  writeFileSync(file('metrics.json'), JSON.stringify({ roc_auc: fit.roc_auc, confusion_matrix: fit.confusion_matrix }));
  writeFileSync(file('broken.json'), '{ not json');
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function size(path: string): Promise<[number, number]> {
  const m = await sharp(path).metadata();
  return [m.width ?? 0, m.height ?? 0];
}

describe('sigmoid render', () => {
  it.each(['boundary', 'roc', 'pr', 'calibration'])('%s writes a 700 x 600 PNG from a model and a dataset', async (chart) => {
    const out = file(`${chart}.png`);
    expect(await run(chart, '--model', file('model.json'), '--data', file('demo.arrow'), '--out', out, '--title', 'ロジスティック回帰')).toBe(0);
    expect(await size(out)).toEqual([700, 600]);
  });

  it('boundary honours --width, --height and --axes', async () => {
    const out = file('small.png');
    expect(await run('boundary', '--model', file('model.json'), '--data', file('demo.arrow'), '--out', out, '--width', '400', '--height', '300', '--axes', 'x1,x0')).toBe(0);
    expect(await size(out)).toEqual([400, 300]);
  });

  it('loss needs only the model; confusion takes --metrics or computes it on --data', async () => {
    expect(await run('loss', '--model', file('model.json'), '--out', file('loss.png'))).toBe(0);
    expect(await size(file('loss.png'))).toEqual([700, 600]);
    expect(await run('confusion', '--model', file('model.json'), '--metrics', file('metrics.json'), '--out', file('cm1.png'))).toBe(0);
    expect(await run('confusion', '--model', file('model.json'), '--data', file('demo.arrow'), '--out', file('cm2.png'))).toBe(0);
    // sklearn's confusion matrix from the metrics file and the one computed on the data draw the same picture.
    expect(readFileSync(file('cm1.png')).equals(readFileSync(file('cm2.png')))).toBe(true);
  });

  it('report writes every chart that applies into a folder', async () => {
    const out = file('report');
    expect(await run('report', '--model', file('model.json'), '--data', file('demo.arrow'), '--metrics', file('metrics.json'), '--out', out)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['boundary.png', 'calibration.png', 'confusion.png', 'loss.png', 'pr.png', 'roc.png']);
  });

  it('exits 2 for usage errors, saying what was expected', async () => {
    stderr = '';
    expect(await run('boundary', '--model', file('model.json'), '--out', file('x.png'))).toBe(2);
    expect(stderr).toContain('Expected --data <file> for sigmoid render boundary');
    stderr = '';
    expect(await run('roc', '--model', file('broken.json'), '--data', file('demo.arrow'), '--out', file('x.png'))).toBe(2);
    expect(stderr).toContain('Expected a JSON model file for --model');
    stderr = '';
    expect(await run('boundary', '--model', file('model.json'), '--data', file('demo.arrow'), '--out', file('x.png'), '--width', '5')).toBe(2);
    expect(stderr).toContain('Expected integer between 200 and 8000 for width but received 5');
    stderr = '';
    expect(await run('loss', '--model', file('no-history.json'), '--out', file('x.png'))).toBe(2);
    expect(stderr).toContain('a model with a loss history');
    expect(await run('boundary', '--data', file('demo.arrow'), '--out', file('x.png'))).toBe(2); // --model missing
    expect(existsSync(file('x.png'))).toBe(false);
  });

  it('exits 1 for bad data', async () => {
    writeFileSync(file('bad.csv'), 'x0,x1,y\n0,1,0\nnan,2,1\n');
    stderr = '';
    expect(await run('boundary', '--model', file('model.json'), '--data', file('bad.csv'), '--out', file('x.png'))).toBe(1);
    expect(stderr).toMatch(/sigmoid: \w+Error: /);
  });
});
