/**
 * The report reads its data through recyclable sources (a store's readBatches) and hands every batch
 * back once its sample holds copies of what it needs. With recycled memory overwritten at once
 * (SIGMOID_POISON_RECYCLED_BATCHES=1), the images must equal those drawn from the same batches in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { LocalArtifactStore } from '@sigmoid/arrow-store';
import { renderReportImages } from '@sigmoid/render';
import { seedDemo } from './__fixtures__/models.js';

const dir = mkdtempSync(join(tmpdir(), 'sigmoid-render-recycling-'));
beforeAll(() => vi.stubEnv('SIGMOID_POISON_RECYCLED_BATCHES', '1'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

it('images drawn from a store with recycled memory poisoned equal those drawn from memory', async () => {
  const { table, model, fit } = seedDemo();
  const batches: RecordBatch[] = [];
  for (let i = 0; i < table.numRows; i += 37) batches.push(...table.slice(i, Math.min(table.numRows, i + 37)).batches);
  const store = new LocalArtifactStore({ root: dir });
  const ref = await store.writeTable(batches);
  const metrics = { roc_auc: fit.roc_auc, average_precision: fit.average_precision, confusion_matrix: fit.confusion_matrix };
  const fromMemory = await renderReportImages(model, () => batches, metrics);
  const fromStore = await renderReportImages(model, () => store.readBatches(ref), metrics);
  expect(fromStore.map((i) => i.name)).toEqual(fromMemory.map((i) => i.name));
  expect(fromStore.map((i) => i.name)).toContain('boundary.png');
  for (const [k, image] of fromStore.entries()) expect(image.png.equals(fromMemory[k]!.png), image.name).toBe(true);
});
