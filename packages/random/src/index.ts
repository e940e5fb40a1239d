/**
 * @module @sigmoid/random
 *
 * numpy's legacy `RandomState` (MT19937), bit-exact with numpy 1.24 for the same seed, plus
 * scikit-learn's `sample_without_replacement`. Everything `@sigmoid/datagen` draws goes through here,
 * so `makeClassification({ randomState: 2 })` reproduces `make_classification(random_state=2)`.
 *
 * @example
 * ```ts
 * import { RandomState, sampleWithoutReplacement } from '@sigmoid/random';
 * const rng = new RandomState(42);
 * rng.randomSample();                       // 0.3745401188473625, as np.random.RandomState(42).random_sample()
 * const z = rng.standardNormalInto(new Float64Array(1000));
 * const saved = JSON.stringify(rng.getState());
 * const resumed = RandomState.fromState(JSON.parse(saved));
 * sampleWithoutReplacement(1024, 4, { randomState: resumed });
 * ```
 */
export { RandomState } from './random-state.js';
export type { Seed, RandomStateJSON, MutableArrayLike } from './random-state.js';
export { MT19937 } from './mt19937.js';
export { sampleWithoutReplacement, checkRandomState } from './sample-without-replacement.js';
export type { SampleMethod, RandomStateLike } from './sample-without-replacement.js';
export { RandomParameterError } from './errors.js';
export { fma } from './fma.js';
