/** The serialised model: the `--out model.json` file of `sigmoid fit` and the pipeline's ModelRef payload. */

export const MODEL_FORMAT = 'sigmoid.logistic-regression/v1' as const;

export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  /** One row per row of scikit-learn's coef_: 1 row for binary problems (scores classes[1]), K rows otherwise. */
  coef: number[][];
  intercept: number[];
  classes: (number | string)[];
  feature_names: string[];
  n_iter: number;
  /** Hyper-parameters, scikit-learn snake_case names. */
  params: Record<string, unknown>;
  history: {
    /** Objective C * sum s_i logloss_i + r(W) after each iteration (exact) or epoch (mini-batch). */
    loss: number[];
    /** Validation accuracy per epoch when earlyStopping is on. */
    validation_score: number[];
  };
  /** Per-feature mean and scale used when standardize was on (coef is already in the original space). */
  standardization?: { mean: number[]; scale: number[] } | null;
}
