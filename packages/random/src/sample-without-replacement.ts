import { RandomState, type Seed } from './random-state.js';
import { RandomParameterError } from './errors.js';

/** The algorithms of scikit-learn's `sample_without_replacement`. */
export type SampleMethod = 'auto' | 'tracking_selection' | 'reservoir_sampling' | 'pool';

/** What every Sigmoid function that draws random numbers accepts as `randomState`: a seed or a generator. */
export type RandomStateLike = Seed | RandomState | undefined;

/** scikit-learn's `check_random_state`: a seed gives a new generator, a generator is used as is. */
export function checkRandomState(randomState: RandomStateLike): RandomState {
  return randomState instanceof RandomState ? randomState : new RandomState(randomState);
}

/**
 * scikit-learn 1.2's `sklearn.utils.random.sample_without_replacement`: `nSamples` distinct integers
 * from [0, nPopulation), drawn from the generator in exactly sklearn's order.
 *
 * `auto` picks like sklearn: `permutation(nPopulation)[:nSamples]` when 0.01 < ratio < 0.99, else
 * tracking selection for ratio < 0.2 and reservoir sampling otherwise (ratio = nSamples / nPopulation).
 */
export function sampleWithoutReplacement(
  nPopulation: number,
  nSamples: number,
  options: { method?: SampleMethod; randomState?: RandomStateLike } = {},
): Float64Array {
  if (!Number.isSafeInteger(nPopulation) || nPopulation < 0) {
    throw new RandomParameterError('nPopulation', 'a non-negative integer (sklearn: n_population should be greater than 0)', nPopulation);
  }
  if (!Number.isSafeInteger(nSamples) || nSamples < 0) throw new RandomParameterError('nSamples', 'a non-negative integer', nSamples);
  if (nSamples > nPopulation) {
    throw new RandomParameterError('nSamples', `at most nPopulation=${nPopulation} (sklearn: n_population should be greater or equal than n_samples)`, nSamples);
  }
  const method = options.method ?? 'auto';
  if (!['auto', 'tracking_selection', 'reservoir_sampling', 'pool'].includes(method)) {
    throw new RandomParameterError('method', "one of 'auto', 'tracking_selection', 'reservoir_sampling', 'pool'", method);
  }
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1.0;
  if (method === 'auto' && ratio > 0.01 && ratio < 0.99) {
    const rng = checkRandomState(options.randomState);
    return Float64Array.from(rng.permutation(nPopulation).subarray(0, nSamples));
  }
  if (method === 'auto' || method === 'tracking_selection') {
    // sklearn's benchmark-chosen threshold between the set-based and the reservoir method.
    if (ratio < 0.2) return trackingSelection(nPopulation, nSamples, checkRandomState(options.randomState));
    return reservoirSampling(nPopulation, nSamples, checkRandomState(options.randomState));
  }
  if (method === 'reservoir_sampling') return reservoirSampling(nPopulation, nSamples, checkRandomState(options.randomState));
  return pool(nPopulation, nSamples, checkRandomState(options.randomState));
}

function trackingSelection(nPopulation: number, nSamples: number, rng: RandomState): Float64Array {
  const out = new Float64Array(nSamples);
  const selected = new Set<number>();
  for (let i = 0; i < nSamples; i++) {
    let j = rng.randint(nPopulation);
    while (selected.has(j)) j = rng.randint(nPopulation);
    selected.add(j);
    out[i] = j;
  }
  return out;
}

function reservoirSampling(nPopulation: number, nSamples: number, rng: RandomState): Float64Array {
  const out = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) out[i] = i;
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}

function pool(nPopulation: number, nSamples: number, rng: RandomState): Float64Array {
  const out = new Float64Array(nSamples);
  const candidates = new Float64Array(nPopulation);
  for (let i = 0; i < nPopulation; i++) candidates[i] = i;
  for (let i = 0; i < nSamples; i++) {
    const j = rng.randint(nPopulation - i);
    out[i] = candidates[j]!;
    candidates[j] = candidates[nPopulation - i - 1]!;
  }
  return out;
}
