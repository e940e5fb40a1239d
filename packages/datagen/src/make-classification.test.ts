import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Table } from 'apache-arrow';
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { makeClassification, type MakeClassificationOptions } from '@sigmoid/datagen';

const FIXTURES = fileURLToPath(new URL('../../../tools/fixtures/sklearn/', import.meta.url));
const fixtures = (prefix: string) => readdirSync(FIXTURES).filter((f) => f.startsWith(prefix)).map((f) => [f, JSON.parse(readFileSync(FIXTURES + f, 'utf8'))] as const);

/** y and every X entry exactly (the same double as scikit-learn's). */
function expectFixture(t: Table, fx: { X: number[][]; y: number[] }): void {
  expect(Array.from(t.getChild('y')!.toArray() as Int32Array)).toEqual(fx.y);
  const d = fx.X[0]!.length;
  expect(t.numCols).toBe(d + 1);
  for (let j = 0; j < d; j++) {
    const col = t.getChild(`x${j}`)!.toArray() as Float64Array;
    fx.X.forEach((row, i) => {
      const want = row[j]!;
      if (!Object.is(col[i]!, want)) expect.fail(`x${j}[${i}] = ${col[i]} but scikit-learn has ${want}`);
    });
  }
}

const fromSklearn = (p: Record<string, any>): MakeClassificationOptions => ({
  nSamples: p.n_samples, nFeatures: p.n_features, nInformative: p.n_informative, nRedundant: p.n_redundant, nRepeated: p.n_repeated,
  nClasses: p.n_classes, nClustersPerClass: p.n_clusters_per_class, weights: p.weights, flipY: p.flip_y, classSep: p.class_sep,
  hypercube: p.hypercube, shift: p.shift, scale: p.scale, shuffle: p.shuffle, randomState: p.random_state,
});

describe('makeClassification reproduces scikit-learn 1.2.1', () => {
  for (const [name, fx] of fixtures('make_classification.')) {
    it(name, () => expectFixture(makeClassification(fromSklearn(fx.params)), fx));
  }
  // make_classification(n_samples=6, n_features=35, n_informative=33, n_redundant=0, n_clusters_per_class=1, random_state=1)
  // exercises the > 30 informative dimensions path (randint(2) columns before the hypercube draws).
  it('more than 30 informative features', () => {
    const t = makeClassification({ nSamples: 6, nFeatures: 35, nInformative: 33, nRedundant: 0, nClustersPerClass: 1, randomState: 1 });
    expect(Array.from(t.getChild('y')!.toArray() as Int32Array)).toEqual(REF33.y);
    expect((t.getChild('x0')!.toArray() as Float64Array)[0]).toBeCloseTo(REF33.x00, 12);
    expect((t.getChild('x34')!.toArray() as Float64Array)[5]).toBeCloseTo(REF33.x534, 12);
  });
});

const REF33 = { y: [1, 0, 1, 1, 0, 0], x00: 2.5296688603669994, x534: 1.9879601112955738 };

// Bit for bit on larger data: sha256 of scikit-learn's output, columns x0..x{d-1} (Float64) then y (Int32),
// little-endian, printed by scikit-learn 1.2.1 / numpy 1.24.2 (OpenBLAS 0.3.21) on x86-64 with FMA:
//   X, y = make_classification(**kw)
//   hashlib.sha256(np.ascontiguousarray(X.T).tobytes() + y.astype('<i4').tobytes()).hexdigest()
// At these sizes about one value in 3000 depends on glibc's own (not correctly rounded) log, and the
// informative and redundant columns on np.dot's fused multiply-adds.
describe('makeClassification equals scikit-learn bit for bit on larger data', () => {
  const digest = (t: Table) => {
    const h = createHash('sha256');
    for (const f of t.schema.fields) {
      const a = t.getChild(f.name)!.toArray() as Float64Array | Int32Array;
      h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    return h.digest('hex');
  };
  it.each<[string, MakeClassificationOptions, string]>([
    ['defaults, 20000 x 20 (n_samples=20000, n_features=20, random_state=0)', { nSamples: 20000, nFeatures: 20, randomState: 0 }, '0cfe5d4597fba6742a9aff7e7bcad0f6b0e99eac82fc446538fa3f8b7e6f9126'],
    [
      'n_samples=20000, n_features=12, n_informative=4, n_redundant=3, n_repeated=1, n_clusters_per_class=2, n_classes=3, weights=[0.5, 0.3], flip_y=0.05, random_state=7',
      { nSamples: 20000, nFeatures: 12, nInformative: 4, nRedundant: 3, nRepeated: 1, nClustersPerClass: 2, nClasses: 3, weights: [0.5, 0.3], flipY: 0.05, randomState: 7 },
      'da547e65f0d04d0fdddb750368e54b007a10c554ce664e7d528fbeac3648ff13',
    ],
    [
      'n_samples=5000, n_features=6, n_informative=3, n_redundant=1, hypercube=False, shift=None, scale=None, random_state=11',
      { nSamples: 5000, nFeatures: 6, nInformative: 3, nRedundant: 1, hypercube: false, shift: null, scale: null, randomState: 11 },
      '6fdd91921b38dcc0371e679aa0f295b5dc8c92acc4000828510db75369161a23',
    ],
    [
      // printed with OPENBLAS_NUM_THREADS=1: with two BLAS threads numpy's own sums for the 10-wide products differ (see dotColumn)
      'n_samples=60000, n_features=16, n_informative=10, n_redundant=5, random_state=4 (numpy with one BLAS thread)',
      { nSamples: 60000, nFeatures: 16, nInformative: 10, nRedundant: 5, randomState: 4 },
      '854a8704df817d086c9be2f9f5648110e8319496d261bd9a666c11a088aa53c0',
    ],
  ])('%s', (_name, options, sha256) => {
    expect(digest(makeClassification(options))).toBe(sha256);
  });
});

describe('makeClassification output', () => {
  it('defaults: 100 x 20 Float64 features, Int32 labels, provenance with scikit-learn names', () => {
    const t = makeClassification({ randomState: 0 });
    expect(t.numRows).toBe(100);
    expect(t.schema.fields.map((f) => String(f.type))).toEqual([...Array(20).fill('Float64'), 'Int32']);
    expect(t.schema.fields[20]!.name).toBe('y');
    const md = t.schema.metadata;
    expect(md.get('sigmoid.generator')).toBe('make_classification');
    expect(JSON.parse(md.get('sigmoid.params')!)).toMatchObject({ n_samples: 100, n_features: 20, flip_y: 0.01, shuffle: true, random_state: 0 });
    expect(md.get('sigmoid.seed')).toBe('0');
  });
  it('no seed: fresh entropy, seed recorded as null', () => {
    const t = makeClassification({ nSamples: 5 });
    expect(t.schema.metadata.get('sigmoid.seed')).toBe('null');
  });
});

describe('makeClassification rejects what scikit-learn rejects', () => {
  const bad: [MakeClassificationOptions, RegExp][] = [
    [{ nFeatures: 3, nInformative: 2, nRedundant: 2 }, /must sum to less than the number of total features/],
    [{ nInformative: 2, nClasses: 3, nClustersPerClass: 2 }, /n_classes\(3\) \* n_clusters_per_class\(2\) must be smaller or equal 2\*\*n_informative\(2\)=4/],
    [{ nClasses: 3, nInformative: 3, weights: [0.5] }, /Weights specified but incompatible with number of classes/],
    [{ weights: [0.5, -0.1] }, /non-negative class proportion for weights\[1\]/],
    [{ weights: [1.5] }, /summing to at most 1/],
    [{ nSamples: 0 }, /integer >= 1 for nSamples but received 0/],
    [{ nSamples: 2.5 }, /nSamples/],
    [{ nInformative: 0 }, /nInformative/],
    [{ nRedundant: -1 }, /nRedundant/],
    [{ flipY: Number.NaN }, /finite number for flipY/],
    [{ classSep: Infinity }, /classSep/],
    [{ hypercube: 1 as unknown as boolean }, /boolean for hypercube/],
    [{ shift: [1, 2] }, /array of 20 finite numbers for shift/],
    [{ scale: 'big' as unknown as number }, /scale/],
    [{ randomState: -3 }, /randomState/],
    [{ nSample: 10 } as unknown as MakeClassificationOptions, /nSample/],
  ];
  for (const [options, message] of bad) {
    it(JSON.stringify(options), () => {
      expect(() => makeClassification(options)).toThrowError(InvalidParameterError);
      expect(() => makeClassification(options)).toThrowError(message);
    });
  }
});

describe('in-memory size limit', () => {
  it('refuses a table too large for memory before allocating, pointing at streaming', async () => {
    const { makeClassification: make, makeMoons, makeBlobs } = await import('@sigmoid/datagen');
    expect(() => make({ nSamples: 1e15 })).toThrowError(/Expected at most 107,374,182 rows for 20 features in memory \(stream larger data with streamClassification \/ --stream\) for nSamples but received 1000000000000000/);
    expect(() => makeMoons({ nSamples: 2 ** 31 })).toThrowError(/for nSamples/);
    expect(() => makeBlobs({ nSamples: 2 ** 31 })).toThrowError(/for nSamples/);
  });
});
