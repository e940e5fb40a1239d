import { describe, it, expect } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { InvalidDataError, InvalidParameterError, SigmoidInputError } from '@sigmoid/arrow-store';
import {
  BrierScoreAccumulator,
  ClassifierEvaluator,
  ConfusionMatrixAccumulator,
  EmptyInputError,
  IncompatibleStateError,
  InvalidProbabilityError,
  LengthMismatchError,
  LogLossAccumulator,
  NonFiniteValueError,
  RankingAccumulator,
  ScoreHistogramAccumulator,
  UndefinedMetricError,
  UniformCalibrationAccumulator,
  UnknownLabelError,
  accuracyScore,
  evaluateBatches,
  evaluateClassifier,
  logLoss,
  rocAucScore,
} from '@sigmoid/evaluation';

const proba2 = Float64Array.of(0.9, 0.1, 0.2, 0.8);

describe('error types subclass the shared protocol', () => {
  it('every data error is an InvalidDataError and non-retryable, with its own name', () => {
    for (const E of [LengthMismatchError, UnknownLabelError, InvalidProbabilityError, NonFiniteValueError, EmptyInputError, UndefinedMetricError]) {
      expect(E.prototype).toBeInstanceOf(InvalidDataError);
    }
    const e = new LengthMismatchError('yPred', 3, 2);
    expect(e.nonRetryable).toBe(true);
    expect(e.name).toBe('LengthMismatchError');
    expect(new IncompatibleStateError('x')).toBeInstanceOf(SigmoidInputError);
  });
});

describe('mismatched lengths', () => {
  it('yPred shorter than yTrue', () => {
    expect(() => accuracyScore([0, 1, 1], [0, 1])).toThrow(LengthMismatchError);
    expect(() => accuracyScore([0, 1, 1], [0, 1])).toThrow('Expected yPred to have length 3 (one entry per sample of yTrue) but received length 2');
  });
  it('sample weights of another length', () => {
    expect(() => new ConfusionMatrixAccumulator([0, 1]).update([0, 1], [0, 1], [1])).toThrow(LengthMismatchError);
  });
  it('probability matrix not n x K', () => {
    expect(() => evaluateClassifier([0, 1, 1], proba2, [0, 1])).toThrow(/Expected yProba \(n x 2 row-major\) to have length 6/);
  });
  it('scores of another length', () => {
    expect(() => new RankingAccumulator([0, 1]).update([0, 1, 0], [0.1, 0.2])).toThrow(LengthMismatchError);
    expect(() => new BrierScoreAccumulator().update([0, 1], [0.1])).toThrow(LengthMismatchError);
    expect(() => new ScoreHistogramAccumulator().update([0, 1], [0.1])).toThrow(LengthMismatchError);
    expect(() => new UniformCalibrationAccumulator().update([0, 1], [0.1])).toThrow(LengthMismatchError);
  });
});

describe('labels outside the known classes', () => {
  it('in yTrue, naming the sample', () => {
    expect(() => evaluateClassifier([0, 2], proba2, [0, 1])).toThrow(UnknownLabelError);
    expect(() => evaluateClassifier([0, 2], proba2, [0, 1])).toThrow('Expected yTrue[1] to be one of the classes [0, 1] but received 2');
  });
  it('in yPred, and non-integer labels for index classes', () => {
    expect(() => new ConfusionMatrixAccumulator([0, 1]).update([0, 1], [0, 7])).toThrow(UnknownLabelError);
    expect(() => new ConfusionMatrixAccumulator([0, 1]).update([0, 0.5], [0, 1])).toThrow(UnknownLabelError);
  });
  it('with non-index classes', () => {
    expect(() => new LogLossAccumulator([-1, 1]).update([-1, 0], proba2)).toThrow(UnknownLabelError);
  });
  it('posLabel and labels parameters', () => {
    const cm = new ConfusionMatrixAccumulator([0, 1, 2]).update([0, 1], [0, 1]);
    expect(() => cm.precision({ posLabel: 5 })).toThrow(UnknownLabelError);
    expect(() => cm.precision({ posLabel: 2 })).toThrow(UnknownLabelError); // both present labels differ from 2, as sklearn
    expect(() => cm.confusionMatrix({ labels: [0, 9] })).toThrow(UnknownLabelError);
    expect(() => new BrierScoreAccumulator([0, 1], { posLabel: 3 })).toThrow(UnknownLabelError);
  });
});

describe('probabilities that are not probabilities', () => {
  it('outside [0, 1]', () => {
    expect(() => evaluateClassifier([0, 1], Float64Array.of(1.1, -0.1, 0.2, 0.8), [0, 1])).toThrow(InvalidProbabilityError);
    expect(() => evaluateClassifier([0, 1], Float64Array.of(1.1, -0.1, 0.2, 0.8), [0, 1])).toThrow('Expected probabilities in [0, 1] in yProba but received 1.1 at index 0');
    expect(() => new BrierScoreAccumulator().update([0, 1], [0.5, 2])).toThrow(InvalidProbabilityError);
  });
  it('NaN', () => {
    expect(() => evaluateClassifier([0, 1], Float64Array.of(NaN, 0.5, 0.2, 0.8), [0, 1])).toThrow(InvalidProbabilityError);
    expect(() => logLoss([0, 1], [0.5, NaN])).toThrow(InvalidProbabilityError);
  });
  it('rows not summing to 1 (numpy allclose tolerance)', () => {
    expect(() => evaluateClassifier([0, 1], Float64Array.of(0.5, 0.4, 0.2, 0.8), [0, 1])).toThrow('Expected each row of yProba to sum to 1 (within rtol 0.00001, atol 1e-8) but row 0 sums to 0.9');
    expect(() => evaluateClassifier([0, 1], Float64Array.of(0.5, 0.500001, 0.2, 0.8), [0, 1])).not.toThrow();
    expect(() => rocAucScore([0, 1, 2], [0.2, 0.2, 0.2, 0.3, 0.3, 0.4, 0.1, 0.1, 0.8])).toThrow(InvalidProbabilityError);
  });
  it('non-finite decision scores and weights', () => {
    expect(() => rocAucScore([0, 1], [0, Infinity])).toThrow(NonFiniteValueError);
    expect(() => new ConfusionMatrixAccumulator([0, 1]).update([0, 1], [0, 1], [1, NaN])).toThrow('Expected finite numbers in sampleWeight but received NaN at index 1');
  });
});

describe('empty input', () => {
  it('empty arrays', () => {
    expect(() => accuracyScore([], [])).toThrow(EmptyInputError);
    expect(() => new ClassifierEvaluator({ classes: [0, 1] }).update([], new Float64Array(0)).metrics()).toThrow('Expected at least one sample for the classifier metrics but received none (empty input or stream)');
  });
  it('an empty stream of record batches', async () => {
    await expect(evaluateBatches([], { label: 'y', proba: ['proba_0', 'proba_1'] }, { classes: [0, 1] })).rejects.toThrow(EmptyInputError);
  });
  it('each accumulator with nothing in it', () => {
    expect(() => new LogLossAccumulator([0, 1]).value()).toThrow(EmptyInputError);
    expect(() => new BrierScoreAccumulator().value()).toThrow(EmptyInputError);
    expect(() => new RankingAccumulator().rocAuc()).toThrow(EmptyInputError);
    expect(() => new ScoreHistogramAccumulator().rocAuc()).toThrow(EmptyInputError);
    expect(() => new UniformCalibrationAccumulator().curve()).toThrow(EmptyInputError);
    expect(() => new ConfusionMatrixAccumulator([0, 1]).accuracy()).toThrow(EmptyInputError);
  });
});

describe('undefined metrics', () => {
  it('ROC AUC with one class in yTrue (exact and histogram)', () => {
    expect(() => evaluateClassifier([1, 1], proba2, [0, 1])).toThrow(UndefinedMetricError);
    expect(() => new ScoreHistogramAccumulator().update([1, 1], [0.1, 0.2]).rocAuc()).toThrow(UndefinedMetricError);
  });
  it('multiclass ROC AUC with a class absent from yTrue', () => {
    expect(() => rocAucScore([0, 1, 0], [0.2, 0.3, 0.5, 0.6, 0.3, 0.1, 0.5, 0.4, 0.1], { classes: [0, 1, 2] })).toThrow(UndefinedMetricError);
  });
  it('Brier score of a multiclass target', () => {
    expect(() => new BrierScoreAccumulator([0, 1, 2])).toThrow(UndefinedMetricError);
  });
});

describe('invalid parameters', () => {
  it('classes', () => {
    expect(() => new ClassifierEvaluator({ classes: [] })).toThrow(InvalidParameterError);
    expect(() => new ClassifierEvaluator({ classes: [1, 0] })).toThrow('Expected unique labels in increasing order (like scikit-learn classes_) for classes but received an array of length 2');
    expect(() => new ClassifierEvaluator({ classes: [0] })).toThrow(InvalidParameterError);
    expect(() => new ConfusionMatrixAccumulator([0, NaN])).toThrow(InvalidParameterError);
  });
  it('options of the metrics', () => {
    const cm = new ConfusionMatrixAccumulator([0, 1]).update([0, 1], [0, 1]);
    expect(() => cm.precision({ average: 'samples' as never })).toThrow(InvalidParameterError);
    expect(() => cm.precision({ zeroDivision: 2 as never })).toThrow(InvalidParameterError);
    expect(() => cm.precisionRecallFscoreSupport({ beta: -1 })).toThrow(InvalidParameterError);
    expect(() => cm.confusionMatrix({ normalize: 'rows' as never })).toThrow(InvalidParameterError);
    expect(() => new LogLossAccumulator([0, 1], { eps: 0.7 })).toThrow(InvalidParameterError);
    expect(() => new ScoreHistogramAccumulator([0, 1], { bins: 0 })).toThrow(InvalidParameterError);
    expect(() => new ScoreHistogramAccumulator([0, 1], { range: [1, 0] })).toThrow(InvalidParameterError);
    expect(() => new UniformCalibrationAccumulator([0, 1], { nBins: 0 })).toThrow(InvalidParameterError);
    expect(() => new RankingAccumulator([0, 1]).update([0, 1], [0.2, 0.7]).calibrationCurve({ strategy: 'kmeans' as never })).toThrow(InvalidParameterError);
    expect(() => new ClassifierEvaluator({ classes: [0, 1, 2], ranking: 'histogram' })).toThrow(InvalidParameterError);
    expect(() => new RankingAccumulator([0, 1, 2]).update([0, 1, 2], [1, 0, 0, 0, 1, 0, 0, 0, 1]).rocAuc({ average: 'samples' as never })).toThrow(InvalidParameterError);
  });
});

describe('merging incompatible states and malformed JSON', () => {
  it('different classes or settings', () => {
    expect(() => new ClassifierEvaluator({ classes: [0, 1] }).merge(new ClassifierEvaluator({ classes: [0, 2] }))).toThrow(IncompatibleStateError);
    expect(() => new ClassifierEvaluator({ classes: [0, 1] }).merge(new ClassifierEvaluator({ classes: [0, 1], ranking: 'histogram' }))).toThrow(IncompatibleStateError);
    expect(() => new ScoreHistogramAccumulator([0, 1], { bins: 10 }).merge(new ScoreHistogramAccumulator([0, 1], { bins: 20 }))).toThrow(IncompatibleStateError);
    expect(() => new LogLossAccumulator([0, 1]).merge(new LogLossAccumulator([0, 1], { eps: 1e-15 }))).toThrow(IncompatibleStateError);
  });
  it('a state of another kind or of the wrong size', () => {
    expect(() => ClassifierEvaluator.fromJSON({ kind: 'confusion-matrix' } as never)).toThrow(IncompatibleStateError);
    const state = new RankingAccumulator().update([0, 1], [0.2, 0.7]).toJSON();
    expect(() => RankingAccumulator.fromJSON({ ...state, count: 3 })).toThrow(IncompatibleStateError);
  });
});

describe('record batches', () => {
  it('a missing or non-numeric column', async () => {
    const t = tableFromArrays({ y: Int32Array.of(0, 1), proba_0: Float64Array.of(0.8, 0.3) });
    await expect(evaluateBatches(t, { label: 'y', proba: ['proba_0', 'proba_1'] }, { classes: [0, 1] })).rejects.toThrow('Expected probability column "proba_1" but the data has no such column; columns present: y, proba_0');
    const s = tableFromArrays({ y: ['a', 'b'], proba_0: Float64Array.of(0.8, 0.3), proba_1: Float64Array.of(0.2, 0.7) });
    await expect(evaluateBatches(s, { label: 'y', proba: ['proba_0', 'proba_1'] }, { classes: [0, 1] })).rejects.toThrow(/Expected a numeric \(integer or float\) type for label column "y"/);
  });
});
