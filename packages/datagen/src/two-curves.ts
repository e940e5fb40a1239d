import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { Table } from 'apache-arrow';
import type { RandomState } from '@sigmoid/random';
import { inMemorySize, integerAtLeast } from './option-checks.js';
import { datasetTable, type Provenance } from './dataset-table.js';

/** `np.linspace(start, stop, num, endpoint)`, with numpy's arithmetic (`i * step + start`, exact last point). */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const out = new Float64Array(num);
  const step = div > 0 ? delta / div : Number.NaN;
  for (let i = 0; i < num; i++) out[i] = div > 0 ? (step === 0 ? (i / div) * delta : i * step) + start : i * delta + start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** `n_samples` of make_moons/make_circles: an int split outer = n // 2, inner = rest; or an [outer, inner] pair. */
export function outerInner(value: unknown): [number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new InvalidParameterError('nSamples', 'an integer or a two-element [outer, inner] array (scikit-learn: `n_samples` can be either an int or a two-element tuple.)', value);
    const pair: [number, number] = [integerAtLeast('nSamples[0]', value[0], 0), integerAtLeast('nSamples[1]', value[1], 0)];
    inMemorySize(pair[0] + pair[1], 2);
    return pair;
  }
  const n = integerAtLeast('nSamples', value, 1);
  inMemorySize(n, 2);
  const outer = Math.floor(n / 2);
  return [outer, n - outer];
}

/** The shared tail of make_moons and make_circles: label 0 outer / 1 inner, row shuffle, then additive noise. */
export function finishTwoCurves(x0: Float64Array, x1: Float64Array, nOuter: number, shuffle: boolean, noise: number | null, rng: RandomState, provenance: Provenance): Table {
  const n = x0.length;
  let cols = [x0, x1];
  let y = new Int32Array(n).fill(1, nOuter);
  if (shuffle) {
    const order = rng.permutation(n);
    cols = cols.map((c) => Float64Array.from(order, (o) => c[o]!));
    y = Int32Array.from(order, (o) => y[o]!);
  }
  if (noise !== null) {
    const e = rng.normalInto(new Float64Array(2 * n), 0, noise);
    for (let i = 0; i < n; i++) {
      cols[0]![i]! += e[2 * i]!;
      cols[1]![i]! += e[2 * i + 1]!;
    }
  }
  return datasetTable(cols, y, provenance);
}
