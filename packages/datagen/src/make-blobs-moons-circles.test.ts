import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Table } from 'apache-arrow';
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { makeBlobs, makeCircles, makeMoons } from '@sigmoid/datagen';

const FIXTURES = fileURLToPath(new URL('../../../tools/fixtures/sklearn/', import.meta.url));
const fixtures = (prefix: string) => readdirSync(FIXTURES).filter((f) => f.startsWith(prefix)).map((f) => [f, JSON.parse(readFileSync(FIXTURES + f, 'utf8'))] as const);

const col = (t: Table, name: string) => Array.from(t.getChild(name)!.toArray() as ArrayLike<number>);
const row = (t: Table, i: number) => t.schema.fields.filter((f) => f.name !== 'y').map((f) => col(t, f.name)[i]!);

function expectFixture(t: Table, fx: { X: number[][]; y: number[] }): void {
  expect(col(t, 'y')).toEqual(fx.y);
  fx.X.forEach((r, i) => r.forEach((want, j) => {
    const got = col(t, `x${j}`)[i]!;
    if (Math.abs(got - want) > 1e-12 * Math.abs(want)) expect.fail(`x${j}[${i}] = ${got} but scikit-learn has ${want}`);
  }));
}
const closeRow = (got: number[], want: number[]) => got.forEach((v, j) => expect(Math.abs(v - want[j]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[j]!))));

describe('scikit-learn fixtures', () => {
  for (const [name, fx] of fixtures('make_blobs.')) {
    const p = fx.params;
    it(name, () => expectFixture(makeBlobs({ nSamples: p.n_samples, nFeatures: p.n_features, centers: p.centers, clusterStd: p.cluster_std, randomState: p.random_state }), fx));
  }
  for (const [name, fx] of fixtures('make_moons.')) {
    const p = fx.params;
    it(name, () => expectFixture(makeMoons({ nSamples: p.n_samples, noise: p.noise, randomState: p.random_state }), fx));
  }
  for (const [name, fx] of fixtures('make_circles.')) {
    const p = fx.params;
    it(name, () => expectFixture(makeCircles({ nSamples: p.n_samples, noise: p.noise, factor: p.factor, randomState: p.random_state }), fx));
  }
});

// Reference values printed by scikit-learn 1.2.1.
describe('makeBlobs', () => {
  it('rows per center with given centers and per-center std', () => {
    const t = makeBlobs({ nSamples: [3, 4], centers: [[0, 0, 0], [5, 5, 5]], clusterStd: [0.5, 2.0], randomState: 9 });
    expect(col(t, 'y')).toEqual([1, 1, 0, 1, 0, 0, 1]);
    closeRow(row(t, 0), [3.7041050795567925, 6.271782160493664, 8.480234610570353]);
    closeRow(row(t, 6), [4.725749979243989, 7.5951580241601, 6.350542334864371]);
  });
  it('rows per center with drawn centers, no shuffle; centers in metadata', () => {
    const t = makeBlobs({ nSamples: [2, 3], nFeatures: 3, randomState: 4, shuffle: false });
    expect(col(t, 'y')).toEqual([0, 0, 1, 1, 1]);
    closeRow(row(t, 0), [8.922295260246623, -0.6399322515976771, 8.805980432175836]);
    closeRow(row(t, 4), [3.6894325903898917, 5.501555820961144, -4.954868479644614]);
    expect(JSON.parse(t.schema.metadata.get('sigmoid.centers')!)).toHaveLength(2);
    expect(t.schema.metadata.get('sigmoid.generator')).toBe('make_blobs');
  });
  const bad: [object, RegExp][] = [
    [{ nSamples: [3, 4], centers: [[0, 0]] }, /Length of `n_samples` not consistent with number of centers/],
    [{ nSamples: [3, 4], centers: 2 }, /must be array-like/],
    [{ centers: 3, clusterStd: [1, 2] }, /Length of `clusters_std` not consistent/],
    [{ clusterStd: -1 }, /scale < 0/],
    [{ centerBox: [0] }, /centerBox/],
    [{ nSamples: 0 }, /nSamples/],
    [{ centers: [[1, 2], [3]] }, /centers\[1\]/],
    [{ nFeature: 2 }, /nFeature/],
    [{ nFeatures: 0 }, /integer >= 1 for nFeatures/],
    [{ clusterStd: [1, Number.NaN, 1] }, /clusterStd\[1\]/],
    [{ nSamples: [3, -1] }, /nSamples\[1\]/],
    [{ randomState: 'seed' }, /randomState/],
  ];
  for (const [o, m] of bad) {
    it(`rejects ${JSON.stringify(o)}`, () => {
      expect(() => makeBlobs(o as never)).toThrowError(InvalidParameterError);
      expect(() => makeBlobs(o as never)).toThrowError(m);
    });
  }
});

describe('makeMoons and makeCircles', () => {
  it('moons with [outer, inner] and no shuffle', () => {
    const t = makeMoons({ nSamples: [3, 4], shuffle: false, randomState: 1 });
    expect(col(t, 'y')).toEqual([0, 0, 0, 1, 1, 1, 1]);
    const want = [[1.0, 0.0], [6.123233995736766e-17, 1.0], [-1.0, 1.2246467991473532e-16], [0.0, 0.5], [0.4999999999999999, -0.3660254037844385], [1.4999999999999998, -0.3660254037844387], [2.0, 0.4999999999999999]];
    want.forEach((w, i) => row(t, i).forEach((v, j) => expect(Math.abs(v - w[j]!)).toBeLessThanOrEqual(1e-15)));
  });
  it('circles with factor and noise, no shuffle', () => {
    const t = makeCircles({ nSamples: 7, shuffle: false, noise: 0.1, randomState: 2, factor: 0.3 });
    expect(col(t, 'y')).toEqual([0, 0, 0, 1, 1, 1, 1]);
    closeRow(row(t, 0), [0.9583242152594529, -0.0056266827226329474]);
    closeRow(row(t, 6), [0.00415393929984029, -0.41179254451135167]);
  });
  it('rejects what scikit-learn rejects', () => {
    expect(() => makeCircles({ factor: 1 })).toThrowError(/'factor' has to be between 0 and 1/);
    expect(() => makeCircles({ factor: -0.1 })).toThrowError(InvalidParameterError);
    expect(() => makeMoons({ nSamples: [1, 2, 3] as never })).toThrowError(/two-element tuple/);
    expect(() => makeMoons({ noise: -1 })).toThrowError(/noise/);
    expect(() => makeMoons({ nSamples: 0 })).toThrowError(/nSamples/);
    expect(() => makeCircles({ radius: 2 } as never)).toThrowError(/radius/);
  });
});
