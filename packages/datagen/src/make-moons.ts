import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { Table } from 'apache-arrow';
import { checkRandomState, type RandomStateLike } from '@sigmoid/random';
import { booleanValue, finiteNumber, randomStateOption, seedForProvenance, rejectUnknownKeys } from './option-checks.js';
import { finishTwoCurves, linspace, outerInner } from './two-curves.js';

/** Options of {@link makeMoons}: scikit-learn's `make_moons` keyword arguments in camelCase, same defaults. */
export interface MakeMoonsOptions {
  /** Total rows (outer gets n // 2), or [outer, inner]. Default 100. */
  nSamples?: number | [number, number];
  /** Shuffle the rows. Default true. */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate; null = none. Default null. */
  noise?: number | null;
  /** Seed or RandomState; undefined = fresh entropy. */
  randomState?: RandomStateLike;
}

/** Options of {@link makeCircles}: scikit-learn's `make_circles` keyword arguments in camelCase, same defaults. */
export interface MakeCirclesOptions extends MakeMoonsOptions {
  /** Inner circle radius relative to the outer one, in [0, 1). Default 0.8. */
  factor?: number;
}

function noiseOption(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const v = finiteNumber('noise', value);
  if (v < 0) throw new InvalidParameterError('noise', 'a non-negative standard deviation or null (numpy: scale < 0)', v);
  return v;
}

/**
 * scikit-learn's `make_moons`: two interleaving half circles, then the row shuffle and the noise draws
 * in scikit-learn's order.
 */
export function makeMoons(options: MakeMoonsOptions = {}): Table {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', 'an options object', options);
  rejectUnknownKeys(options, new Set(['nSamples', 'shuffle', 'noise', 'randomState']), 'makeMoons');
  const [nOut, nIn] = outerInner(options.nSamples ?? 100);
  const shuffle = booleanValue('shuffle', options.shuffle ?? true);
  const noise = noiseOption(options.noise);
  const randomState = randomStateOption('randomState', options.randomState);
  const rng = checkRandomState(randomState);
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const x0 = new Float64Array(nOut + nIn);
  const x1 = new Float64Array(nOut + nIn);
  for (let i = 0; i < nOut; i++) {
    x0[i] = Math.cos(tOut[i]!);
    x1[i] = Math.sin(tOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    x0[nOut + i] = 1 - Math.cos(tIn[i]!);
    x1[nOut + i] = 1 - Math.sin(tIn[i]!) - 0.5;
  }
  return finishTwoCurves(x0, x1, nOut, shuffle, noise, rng, {
    generator: 'make_moons',
    params: { n_samples: options.nSamples ?? 100, shuffle, noise, random_state: seedForProvenance(randomState) },
    seed: seedForProvenance(randomState),
  });
}

/**
 * scikit-learn's `make_circles`: a large circle containing a smaller one (`factor`), points evenly
 * spaced without the end point, then the row shuffle and the noise draws in scikit-learn's order.
 */
export function makeCircles(options: MakeCirclesOptions = {}): Table {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', 'an options object', options);
  rejectUnknownKeys(options, new Set(['nSamples', 'shuffle', 'noise', 'randomState', 'factor']), 'makeCircles');
  const factor = finiteNumber('factor', options.factor ?? 0.8);
  if (factor >= 1 || factor < 0) throw new InvalidParameterError('factor', "a number in [0, 1) (scikit-learn: 'factor' has to be between 0 and 1.)", factor);
  const [nOut, nIn] = outerInner(options.nSamples ?? 100);
  const shuffle = booleanValue('shuffle', options.shuffle ?? true);
  const noise = noiseOption(options.noise);
  const randomState = randomStateOption('randomState', options.randomState);
  const rng = checkRandomState(randomState);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const x0 = new Float64Array(nOut + nIn);
  const x1 = new Float64Array(nOut + nIn);
  for (let i = 0; i < nOut; i++) {
    x0[i] = Math.cos(tOut[i]!);
    x1[i] = Math.sin(tOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    x0[nOut + i] = Math.cos(tIn[i]!) * factor;
    x1[nOut + i] = Math.sin(tIn[i]!) * factor;
  }
  return finishTwoCurves(x0, x1, nOut, shuffle, noise, rng, {
    generator: 'make_circles',
    params: { n_samples: options.nSamples ?? 100, shuffle, noise, random_state: seedForProvenance(randomState), factor },
    seed: seedForProvenance(randomState),
  });
}
