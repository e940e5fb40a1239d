/**
 * Errors of @sigmoid/render. Bad options are `InvalidParameterError`s and bad data
 * `InvalidDataError`s / `SchemaMismatchError`s from the shared protocol in `@sigmoid/arrow-store`;
 * the one error of this package's own is a model that does not keep the
 * {@link ProbabilisticClassifier} contract.
 */
import { SigmoidInputError } from '@sigmoid/arrow-store';

/**
 * The model passed to `renderDecisionBoundary` does not behave like a `ProbabilisticClassifier`:
 * no `classes_`, fewer than two classes, no `predictProbaMatrix`, or probabilities of the wrong
 * length or outside [0, 1]. Thrown before anything is drawn; `type` for Temporal is
 * `ModelContractError` (non-retryable).
 */
export class ModelContractError extends SigmoidInputError {}
