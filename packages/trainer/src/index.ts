/**
 * @module @sigmoid/trainer
 *
 * Streaming logistic regression over Apache Arrow record batches, with scikit-learn's objective and
 * answers: exact streaming solvers (L-BFGS / OWL-QN, Newton) and mini-batch solvers (SGD, Adam,
 * AdaGrad, FTRL-Proximal), resumable from plain-JSON checkpoints.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from 'apache-arrow';
 * import { LogisticRegression } from '@sigmoid/trainer';
 * const table = tableFromArrays({
 *   x0: Float64Array.of(-2, -1, -0.5, 0.5, 1, 2),
 *   y: Int32Array.of(0, 0, 1, 0, 1, 1),
 * });
 * const model = await new LogisticRegression({ C: 1 }).fit(table, { features: ['x0'], label: 'y' });
 * console.log(model.coef_[0], model.intercept_, model.score(table));
 * const json = model.toJSON(); // { format: 'sigmoid.logistic-regression/v1', coef, intercept, ... }
 * ```
 */
export { LogisticRegression } from './model.js';
export type { FitHistory, PredictSource } from './model.js';
export type { ModelJSON } from './model-json.js';
export { MODEL_FORMAT } from './model-json.js';
export { DEFAULT_PARAMS, PARAM_CONSTRAINTS, resolveParams, paramsToSnakeCase } from './params.js';
export type { LogisticRegressionParams, Solver, Penalty, LearningRate, ClassWeight } from './params.js';
export { CHECKPOINT_FORMAT, GTOL_FACTOR } from './fit.js';
export type { Checkpoint, FitOptions, FitProgress, PartialFitOptions } from './fit.js';
export type { FitSource, Label } from './data.js';
export type { ProblemInfo } from './problem.js';
export { NonFiniteFeatureError, InvalidWeightError, InvalidLabelError, SingleClassError, EmptyDatasetError, NotFittedError } from './errors.js';
