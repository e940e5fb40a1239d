/**
 * Hyper-parameters of {@link LogisticRegression}: declared once here (name, snake_case name, default,
 * constraint), validated where they enter (constructor, `fromJSON`, the CLI).
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';

/** Solvers. Exact (full pass per update): lbfgs, newton. Mini-batch (one update per batch): sgd, adam, adagrad, ftrl. */
export type Solver = 'lbfgs' | 'newton' | 'sgd' | 'adam' | 'adagrad' | 'ftrl';
export type Penalty = 'l2' | 'l1' | 'elasticnet' | 'none';
export type LearningRate = 'optimal' | 'invscaling' | 'constant' | 'adaptive';
export type ClassWeight = 'balanced' | Record<string, number> | null;

/** Every hyper-parameter with its default. scikit-learn's names, camelCased. */
export interface LogisticRegressionParams {
  /** Regulariser r(W): 'l2' (0.5||W||^2), 'l1' (||W||_1), 'elasticnet', 'none'. Default 'l2'. */
  penalty: Penalty;
  /** Inverse regularisation strength; objective = C * sum_i s_i logloss_i + r(W). Default 1. */
  C: number;
  /** Elastic-net mixing: r = l1Ratio ||W||_1 + (1 - l1Ratio)/2 ||W||^2. Required for 'elasticnet'. Default null. */
  l1Ratio: number | null;
  /** Fit an (unpenalised) intercept. Default true. */
  fitIntercept: boolean;
  /** 'balanced' (n / (K * count(class))), a map label -> weight, or null (all 1). Default null. */
  classWeight: ClassWeight;
  /** Default 'lbfgs'. scikit-learn names are accepted: newton-cg/newton-cholesky -> newton; liblinear/sag/saga -> lbfgs (OWL-QN for l1). */
  solver: Solver;
  /** Exact solvers: maximum iterations (passes). Mini-batch solvers: maximum epochs unless `epochs` is set. Default 100. */
  maxIter: number;
  /** Stopping tolerance (see README: exact solvers stop at max|projected gradient| <= tol * 1e-4 of the mean objective). Default 1e-4. */
  tol: number;
  /** Standardise features (streaming Welford pass); coef_/intercept_ are reported in the original space. Default false. */
  standardize: boolean;
  /** Rows per update of the mini-batch solvers. Default 32. */
  batchSize: number;
  /** Epochs of the mini-batch solvers (null: maxIter). Default null. */
  epochs: number | null;
  /** Step-size schedule of the mini-batch solvers (SGDClassifier's names). Default null: 'optimal' for sgd, 'invscaling' for adam, 'constant' for adagrad/ftrl. */
  learningRate: LearningRate | null;
  /** Initial step size (sgd 'constant'/'invscaling'/'adaptive', adam, adagrad, ftrl alpha). Default null: 0.01 sgd, 0.1 adam, 0.5 adagrad/ftrl. */
  eta0: number | null;
  /** Exponent of the 'invscaling' schedule eta0 / t^powerT (t: updates). Default null: 0.5 for sgd (scikit-learn), 0.25 otherwise. */
  powerT: number | null;
  /** Averaged iterates (Polyak-Ruppert; any mini-batch solver): true, or the update count from which to average. Default false. */
  average: boolean | number;
  /** Per-row regularisation of the mini-batch solvers (SGDClassifier's alpha). Default null: 1 / (C * n_rows), the same optimum as the exact solvers. */
  alpha: number | null;
  /** Adam's moment decay rates. Defaults 0.9, 0.999. */
  beta1: number;
  beta2: number;
  /** Adam / adagrad denominator epsilon. Default 1e-8. */
  epsilon: number;
  /** FTRL-Proximal beta. Default 1. */
  ftrlBeta: number;
  /** Shuffle rows every epoch through a bounded buffer (mini-batch solvers). Default true. */
  shuffle: boolean;
  /**
   * Rows per shuffle window (rows [kW, (k+1)W) of the stream are shuffled together). Default null: 16384
   * rows, fewer for wide data so that the window (8 bytes per feature and row) stays within 64 MiB, but at
   * least 1024.
   */
  shuffleBufferSize: number | null;
  /** Seed of the shuffling / validation split. Default 0. */
  randomState: number | null;
  /** Hold out validationFraction of the rows and stop when validation accuracy stops improving (mini-batch). Default false. */
  earlyStopping: boolean;
  /** Default 0.1. */
  validationFraction: number;
  /** Epochs without improvement > tol before stopping (mini-batch). Default 5. */
  nIterNoChange: number;
  /** Start from the current coef_/intercept_ on the next fit. Default false. */
  warmStart: boolean;
}

export const DEFAULT_PARAMS: Readonly<LogisticRegressionParams> = Object.freeze({
  penalty: 'l2',
  C: 1,
  l1Ratio: null,
  fitIntercept: true,
  classWeight: null,
  solver: 'lbfgs',
  maxIter: 100,
  tol: 1e-4,
  standardize: false,
  batchSize: 32,
  epochs: null,
  learningRate: null,
  eta0: null,
  powerT: null,
  average: false,
  alpha: null,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  ftrlBeta: 1,
  shuffle: true,
  shuffleBufferSize: null,
  randomState: 0,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 5,
  warmStart: false,
});

type Check = { expected: string; ok: (v: unknown) => boolean; normalise?: (v: unknown) => unknown };

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const oneOf = (...xs: unknown[]): Check => ({ expected: `one of ${xs.map((x) => JSON.stringify(x)).join(', ')}`, ok: (v) => xs.includes(v) });
const bool: Check = { expected: 'a boolean', ok: (v) => typeof v === 'boolean' };
const positive: Check = { expected: 'a finite number > 0', ok: (v) => isNumber(v) && v > 0 };
const nonNegative: Check = { expected: 'a finite number >= 0', ok: (v) => isNumber(v) && v >= 0 };
const intAtLeast = (min: number): Check => ({ expected: `an integer >= ${min}`, ok: (v) => isInt(v) && (v as number) >= min });
const nullable = (c: Check): Check => ({ expected: `${c.expected} or null`, ok: (v) => v === null || c.ok(v) });
const openUnit: Check = { expected: 'a number in (0, 1)', ok: (v) => isNumber(v) && v > 0 && v < 1 };
const halfOpenUnit: Check = { expected: 'a number in [0, 1)', ok: (v) => isNumber(v) && v >= 0 && v < 1 };

const SOLVER_ALIASES: Record<string, Solver> = {
  lbfgs: 'lbfgs',
  newton: 'newton',
  'newton-cg': 'newton',
  'newton-cholesky': 'newton',
  liblinear: 'lbfgs',
  sag: 'lbfgs',
  saga: 'lbfgs',
  sgd: 'sgd',
  adam: 'adam',
  adagrad: 'adagrad',
  ftrl: 'ftrl',
};

/** The constraints, declared in one place. Key: camelCase name; `snake`: scikit-learn / JSON name. */
export const PARAM_CONSTRAINTS: Record<keyof LogisticRegressionParams, Check & { snake: string }> = {
  penalty: { snake: 'penalty', ...oneOf('l2', 'l1', 'elasticnet', 'none'), normalise: (v) => (v === null ? 'none' : v) },
  C: { snake: 'C', ...positive },
  l1Ratio: { snake: 'l1_ratio', expected: 'a number in [0, 1] or null', ok: (v) => v === null || (isNumber(v) && v >= 0 && v <= 1) },
  fitIntercept: { snake: 'fit_intercept', ...bool },
  classWeight: {
    snake: 'class_weight',
    expected: "'balanced', an object mapping labels to finite weights >= 0, or null",
    ok: (v) => v === null || v === 'balanced' || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((w) => isNumber(w) && w >= 0)),
  },
  solver: {
    snake: 'solver',
    expected: `one of ${Object.keys(SOLVER_ALIASES).map((s) => JSON.stringify(s)).join(', ')}`,
    ok: (v) => typeof v === 'string' && v in SOLVER_ALIASES,
    normalise: (v) => SOLVER_ALIASES[v as string],
  },
  maxIter: { snake: 'max_iter', ...intAtLeast(1) },
  tol: { snake: 'tol', ...nonNegative },
  standardize: { snake: 'standardize', ...bool },
  batchSize: { snake: 'batch_size', ...intAtLeast(1) },
  epochs: { snake: 'epochs', ...nullable(intAtLeast(1)) },
  learningRate: { snake: 'learning_rate', ...nullable(oneOf('optimal', 'invscaling', 'constant', 'adaptive')) },
  eta0: { snake: 'eta0', ...nullable(positive) },
  powerT: { snake: 'power_t', ...nullable(nonNegative) },
  average: { snake: 'average', expected: 'a boolean or an integer >= 1', ok: (v) => typeof v === 'boolean' || (isInt(v) && (v as number) >= 1) },
  alpha: { snake: 'alpha', ...nullable(positive) },
  beta1: { snake: 'beta_1', ...halfOpenUnit },
  beta2: { snake: 'beta_2', ...halfOpenUnit },
  epsilon: { snake: 'epsilon', ...positive },
  ftrlBeta: { snake: 'ftrl_beta', ...nonNegative },
  shuffle: { snake: 'shuffle', ...bool },
  shuffleBufferSize: { snake: 'shuffle_buffer_size', ...nullable(intAtLeast(1)) },
  randomState: { snake: 'random_state', expected: 'an integer in [0, 2^32 - 1] or null', ok: (v) => v === null || (isInt(v) && (v as number) >= 0 && (v as number) <= 0xffffffff) },
  earlyStopping: { snake: 'early_stopping', ...bool },
  validationFraction: { snake: 'validation_fraction', ...openUnit },
  nIterNoChange: { snake: 'n_iter_no_change', ...intAtLeast(1) },
  warmStart: { snake: 'warm_start', ...bool },
};

/** scikit-learn keywords that have no effect here (accepted so sklearn parameter dicts can be reused). */
const IGNORED_SKLEARN = new Set(['dual', 'intercept_scaling', 'multi_class', 'verbose', 'n_jobs']);

const SNAKE_TO_CAMEL = new Map<string, keyof LogisticRegressionParams>(
  (Object.keys(PARAM_CONSTRAINTS) as (keyof LogisticRegressionParams)[]).flatMap((k) => [
    [PARAM_CONSTRAINTS[k].snake, k] as const,
    [k as string, k] as const,
  ]),
);

/**
 * Validates user parameters (camelCase or scikit-learn snake_case names) and fills defaults.
 * @throws InvalidParameterError naming the parameter, what was expected and what was received.
 */
export function resolveParams(input: Partial<LogisticRegressionParams> | Record<string, unknown> = {}): LogisticRegressionParams {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidParameterError('params', 'an object of LogisticRegression parameters', input);
  }
  const out: Record<string, unknown> = { ...DEFAULT_PARAMS };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const name = SNAKE_TO_CAMEL.get(key);
    if (name === undefined) {
      if (IGNORED_SKLEARN.has(key)) continue;
      throw new InvalidParameterError('params', `a known parameter (${[...new Set(SNAKE_TO_CAMEL.keys())].join(', ')})`, key);
    }
    const c = PARAM_CONSTRAINTS[name];
    if (!c.ok(value)) throw new InvalidParameterError(key, c.expected, value);
    out[name] = c.normalise ? c.normalise(value) : value;
  }
  const p = out as unknown as LogisticRegressionParams;
  if (p.penalty === 'elasticnet' && p.l1Ratio === null) {
    throw new InvalidParameterError('l1Ratio', "a number in [0, 1] when penalty is 'elasticnet'", null);
  }
  if (p.solver === 'newton' && (p.penalty === 'l1' || (p.penalty === 'elasticnet' && p.l1Ratio !== 0))) {
    throw new InvalidParameterError('solver', `'lbfgs' (OWL-QN) or a mini-batch solver for penalty '${p.penalty}'`, p.solver);
  }
  if (p.learningRate === 'optimal' && p.solver !== 'sgd') {
    throw new InvalidParameterError('learningRate', "'invscaling', 'constant' or 'adaptive' for solvers other than 'sgd'", p.learningRate);
  }
  return Object.freeze({ ...p }) as LogisticRegressionParams;
}

/** The parameters as a scikit-learn-style snake_case object (model JSON, CLI). */
export function paramsToSnakeCase(p: LogisticRegressionParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(PARAM_CONSTRAINTS) as (keyof LogisticRegressionParams)[]) out[PARAM_CONSTRAINTS[k].snake] = p[k];
  return out;
}

/** Bytes the default shuffle window may take (see `shuffleBufferSize`). */
const DEFAULT_WINDOW_BYTES = 64 * 1024 * 1024;

/** The shuffle window's rows for d features: `shuffleBufferSize`, or its default. */
export function shuffleWindowRows(p: LogisticRegressionParams, d: number): number {
  if (p.shuffleBufferSize !== null) return p.shuffleBufferSize;
  return Math.max(1024, Math.min(16384, Math.floor(DEFAULT_WINDOW_BYTES / (8 * Math.max(1, d)))));
}

/** Weight of the l1 and l2 parts of r(W): r = l1 ||W||_1 + l2 / 2 ||W||^2. */
export function penaltyParts(p: LogisticRegressionParams): { l1: number; l2: number } {
  switch (p.penalty) {
    case 'l2':
      return { l1: 0, l2: 1 };
    case 'l1':
      return { l1: 1, l2: 0 };
    case 'elasticnet':
      return { l1: p.l1Ratio ?? 0, l2: 1 - (p.l1Ratio ?? 0) };
    case 'none':
      return { l1: 0, l2: 0 };
  }
}
