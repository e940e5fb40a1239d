import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { renderDecisionBoundary } from '@sigmoid/render';
import { createRenderActivities, renderPlugin } from '@sigmoid/render/temporal';
import { LogisticRegression, MODEL_FORMAT } from '@sigmoid/trainer';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import { decode } from './__fixtures__/golden.js';
import { seedDemo } from './__fixtures__/models.js';

const root = mkdtempSync(join(tmpdir(), 'sigmoid-render-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = new LocalArtifactStore({ root });
const demo = seedDemo();
const modelJson = {
  format: MODEL_FORMAT,
  coef: demo.fit.coef,
  intercept: demo.fit.intercept,
  classes: demo.fit.classes,
  feature_names: ['x0', 'x1'],
  n_iter: 7,
  params: {},
  history: { loss: [0.69, 0.4, 0.3, 0.25, 0.23, 0.2127, 0.2127], validation_score: [] },
};

describe('renderReport activity', () => {
  it('writes the PNGs of a binary run to the store and returns their refs', async () => {
    const { renderReport } = createRenderActivities({ store });
    const dataRef = await store.writeTable(demo.table);
    const modelRef = await store.writeJson(modelJson);
    const refs = await renderReport(modelRef, dataRef, { roc_auc: demo.fit.roc_auc, average_precision: demo.fit.average_precision, confusion_matrix: demo.fit.confusion_matrix });
    expect(refs.map((r) => r.name)).toEqual(['boundary.png', 'roc.png', 'pr.png', 'calibration.png', 'confusion.png', 'loss.png']);
    for (const ref of refs) {
      expect(ref.mediaType).toBe('image/png');
      const img = await decode(Buffer.from(await store.readBytes(ref)));
      expect([img.width, img.height]).toEqual([700, 600]);
    }
    // The stored boundary is exactly what the plain API draws for the same model and data.
    const direct = await renderDecisionBoundary(LogisticRegression.fromJSON(modelJson), demo.table, { spec: { features: ['x0', 'x1'], label: 'y' } });
    expect(Buffer.from(await store.readBytes(refs[0]!)).equals(direct)).toBe(true);
  });

  it('draws only the charts asked for', async () => {
    const { renderReport } = createRenderActivities({ store });
    const refs = await renderReport(await store.writeJson(modelJson), await store.writeTable(demo.table), {}, { charts: ['boundary', 'loss'] });
    expect(refs.map((r) => r.name)).toEqual(['boundary.png', 'loss.png']);
  });

  it('fails non-retryably, typed by the error, for an invalid model or option', async () => {
    const { renderReport } = createRenderActivities({ store });
    const dataRef = await store.writeTable(demo.table);
    const bad = await renderReport(await store.writeJson({ format: 'other' }), dataRef, {}).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApplicationFailure);
    expect((bad as ApplicationFailure).nonRetryable).toBe(true);
    expect((bad as ApplicationFailure).type).toBe('InvalidParameterError');
    const badOption = await renderReport(await store.writeJson(modelJson), dataRef, {}, { charts: ['pie' as never] }).catch((e: unknown) => e);
    expect((badOption as ApplicationFailure).type).toBe('InvalidParameterError');
    expect((badOption as Error).message).toContain('for options.charts');
  });
});

describe('renderSweepChart activity', () => {
  it('stores one bar chart', async () => {
    const { renderSweepChart } = createRenderActivities({ store });
    const ref = await renderSweepChart([{ label: 'C=0.1', value: 0.25 }, { label: 'C=1', value: 0.21 }]);
    expect(ref.name).toBe('sweep.png');
    const img = await decode(Buffer.from(await store.readBytes(ref)));
    expect(img.width).toBe(700);
  });

  it('fails non-retryably for a trial without a finite value', async () => {
    const { renderSweepChart } = createRenderActivities({ store });
    const err = await renderSweepChart([{ label: 'C=1', value: NaN }]).catch((e: unknown) => e);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toBe('Expected finite number for bars[0].value but received NaN of type number');
  });
});

describe('renderPlugin', () => {
  it('is a named plugin', () => {
    expect(renderPlugin({ store }).name).toBe('sigmoid.render');
  });
});
