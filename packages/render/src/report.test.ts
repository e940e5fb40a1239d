import { describe, expect, it } from 'vitest';
import { renderReportImages, type ReportModel } from '@sigmoid/render';
import { LogisticRegression, MODEL_FORMAT } from '@sigmoid/trainer';
import { makeClassification } from '@sigmoid/datagen';
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { Table } from 'apache-arrow';

// Curves over data larger than curveSampleSize come from a seeded reservoir sample: bounded memory,
// deterministic output, and (for a sample this size) the same picture as the full data.
const table = makeClassification({ nSamples: 20_000, nFeatures: 2, nRedundant: 0, nInformative: 2, randomState: 3, nClustersPerClass: 1 });
const model = LogisticRegression.fromJSON({ format: MODEL_FORMAT, coef: [[-0.8, 3.1]], intercept: [0.2], classes: [0, 1], feature_names: ['x0', 'x1'], n_iter: 1, params: {}, history: { loss: [] } }) as unknown as ReportModel;

describe('renderReportImages curve sampling', () => {
  it('draws the curves from a deterministic sample when the data is larger than curveSampleSize', async () => {
    const opts = { charts: ['roc', 'pr', 'calibration'] as const, curveSampleSize: 2000 };
    const a = await renderReportImages(model, () => table, { roc_auc: 0.97, average_precision: 0.96 }, { ...opts, charts: [...opts.charts] });
    const b = await renderReportImages(model, () => table, { roc_auc: 0.97, average_precision: 0.96 }, { ...opts, charts: [...opts.charts] });
    expect(a.map((i) => i.name)).toEqual(['roc.png', 'pr.png', 'calibration.png']);
    a.forEach((img, i) => expect(img.png.equals(b[i]!.png)).toBe(true));
  });

  it('uses every row when the data fits, so small-data charts are exact', async () => {
    const full = await renderReportImages(model, () => table, { roc_auc: 0.97 }, { charts: ['roc'] });
    const sampled = await renderReportImages(model, () => table, { roc_auc: 0.97 }, { charts: ['roc'], curveSampleSize: 20_000 });
    expect(full[0]!.png.equals(sampled[0]!.png)).toBe(true);
    const smaller = await renderReportImages(model, () => table, { roc_auc: 0.97 }, { charts: ['roc'], curveSampleSize: 1000 });
    expect(smaller[0]!.png.equals(full[0]!.png)).toBe(false);
  });

  it('draws the same curves whether the rows come in one batch (several model chunks) or in many small batches', async () => {
    const big = makeClassification({ nSamples: 80_000, nFeatures: 2, nRedundant: 0, nInformative: 2, randomState: 5, nClustersPerClass: 1 });
    expect(big.batches.length).toBe(1); // 80000 rows: more than one 32768-row chunk of the scores pass
    const small = new Table(Array.from({ length: 80 }, (_, k) => big.batches[0]!.slice(k * 1000, (k + 1) * 1000)));
    const opts = { charts: ['roc', 'pr', 'calibration'] as ('roc' | 'pr' | 'calibration')[], curveSampleSize: 50_000 };
    const a = await renderReportImages(model, () => big, { roc_auc: 0.97, average_precision: 0.96 }, opts);
    const b = await renderReportImages(model, () => small, { roc_auc: 0.97, average_precision: 0.96 }, opts);
    a.forEach((img, i) => expect(img.png.equals(b[i]!.png)).toBe(true));
  });

  it('rejects a curveSampleSize that is not an integer in range', async () => {
    await expect(renderReportImages(model, () => table, {}, { curveSampleSize: 10 })).rejects.toThrowError(InvalidParameterError);
    await expect(renderReportImages(model, () => table, {}, { curveSampleSize: 1.5 })).rejects.toThrowError(/Expected integer between 1000 and 100000000 for options.curveSampleSize but received 1.5/);
  });
});
