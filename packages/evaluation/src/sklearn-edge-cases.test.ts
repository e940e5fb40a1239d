/**
 * Edge cases checked against values printed by scikit-learn 1.2.1 / numpy 1.24.2 on this machine
 * (script: the `rec(...)` calls named by each key; values pasted verbatim, NaN included).
 */
import { describe, it, expect } from 'vitest';
import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  brierScoreLoss,
  calibrationCurve,
  classificationReport,
  confusionMatrix,
  f1Score,
  logLoss,
  precisionRecallCurve,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  rocAucScore,
  rocCurve,
  UndefinedMetricError,
  type ZeroDivision,
} from '@sigmoid/evaluation';

type Rec = { value?: unknown; warnings?: string[]; error?: string; y?: number[]; P?: number[]; w?: number[]; s?: number[] };
// prettier-ignore
const SK: Record<string, Rec> = {
  "tied_auc": {"value": 0.5, "warnings": []},
  "tied_roc": {"value": [[0.0, 1.0], [0.0, 1.0], [1.5, 0.5]], "warnings": []},
  "tied_pr": {"value": [[0.6, 1.0], [1.0, 0.0], [0.5]], "warnings": []},
  "tied_ap": {"value": 0.6, "warnings": []},
  "w_auc": {"value": 0.34708392603129445, "warnings": []},
  "w_roc": {"value": [[0.0, 0.18918918918918917, 0.7297297297297297, 0.7297297297297297, 1.0], [0.0, 0.21052631578947367, 0.3157894736842105, 0.3684210526315789, 1.0], [1.8, 0.8, 0.4, 0.35, 0.1]], "warnings": []},
  "w_roc_all": {"value": [[0.0, 0.18918918918918917, 0.7297297297297297, 0.7297297297297297, 1.0], [0.0, 0.21052631578947367, 0.3157894736842105, 0.3684210526315789, 1.0], [1.8, 0.8, 0.4, 0.35, 0.1]], "warnings": []},
  "w_pr": {"value": [[0.562130177514793, 0.3932584269662921, 0.35714285714285715, 0.5882352941176471, 1.0], [1.0, 0.3684210526315789, 0.3157894736842105, 0.21052631578947367, 0.0], [0.1, 0.35, 0.4, 0.8]], "warnings": []},
  "w_ap": {"value": 0.5371603919947426, "warnings": []},
  "w_brier": {"value": 0.4181804733727811, "warnings": []},
  "w_logloss": {"value": 1.1958719561244702, "warnings": []},
  "single_auc": {"error": "Only one class present in y_true. ROC AUC score is not defined in that case."},
  "single_roc": {"value": [[NaN, NaN, NaN], [0.0, 0.3333333333333333, 1.0], [1.9, 0.9, 0.2]], "warnings": ["No negative samples in y_true, false positive value should be meaningless"]},
  "single_roc_neg": {"value": [[0.0, 0.3333333333333333, 1.0], [NaN, NaN, NaN], [1.9, 0.9, 0.2]], "warnings": ["No positive samples in y_true, true positive value should be meaningless"]},
  "single_pr_neg": {"value": [[0.0, 0.0, 0.0, 1.0], [1.0, 1.0, 1.0, 0.0], [0.2, 0.5, 0.9]], "warnings": ["No positive class found in y_true, recall is set to one for all thresholds."]},
  "single_logloss_labels": {"value": 0.8026485362172906, "warnings": []},
  "single_precision": {"value": 0.0, "warnings": ["Precision is ill-defined and being set to 0.0 due to no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "single_accuracy": {"value": 0.6666666666666666, "warnings": []},
  "single_cm": {"value": [[3]], "warnings": []},
  "single_brier": {"value": 0.30000000000000004, "warnings": []},
  "zd_precision_warn": {"value": 0.0, "warnings": ["Precision is ill-defined and being set to 0.0 due to no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "zd_recall_warn": {"value": 0.0, "warnings": ["Recall is ill-defined and being set to 0.0 due to no true samples. Use `zero_division` parameter to control this behavior."]},
  "zd_f1_warn": {"value": 0.0, "warnings": ["F-score is ill-defined and being set to 0.0 due to no true nor predicted samples. Use `zero_division` parameter to control this behavior."]},
  "zd_prfs_none_warn": {"value": [[0.5, 0.0, 1.0, 0.0], [1.0, 0.0, 0.5, 0.0], [0.6666666666666666, 0.0, 0.6666666666666666, 0.0], [1, 1, 2, 0]], "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Recall and F-score are ill-defined and being set to 0.0 in labels with no true samples. Use `zero_division` parameter to control this behavior."]},
  "zd_macro_warn": {"value": [0.375, 0.375, 0.3333333333333333, null], "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Recall and F-score are ill-defined and being set to 0.0 in labels with no true samples. Use `zero_division` parameter to control this behavior."]},
  "zd_weighted_empty_warn": {"value": [0.0, 0.0, 0.0, null], "warnings": ["Precision and F-score are ill-defined and being set to 0.0 due to no predicted samples. Use `zero_division` parameter to control this behavior.", "Recall and F-score are ill-defined and being set to 0.0 due to no true samples. Use `zero_division` parameter to control this behavior."]},
  "zd_weighted_nopos_warn": {"value": [0.0, 0.0, 0.0, null], "warnings": ["Recall and F-score are ill-defined and being set to 0.0 due to no true samples. Use `zero_division` parameter to control this behavior."]},
  "zd_precision_0": {"value": 0.0, "warnings": []},
  "zd_recall_0": {"value": 0.0, "warnings": []},
  "zd_f1_0": {"value": 0.0, "warnings": []},
  "zd_prfs_none_0": {"value": [[0.5, 0.0, 1.0, 0.0], [1.0, 0.0, 0.5, 0.0], [0.6666666666666666, 0.0, 0.6666666666666666, 0.0], [1, 1, 2, 0]], "warnings": []},
  "zd_macro_0": {"value": [0.375, 0.375, 0.3333333333333333, null], "warnings": []},
  "zd_weighted_empty_0": {"value": [0.0, 0.0, 0.0, null], "warnings": []},
  "zd_weighted_nopos_0": {"value": [0.0, 0.0, 0.0, null], "warnings": []},
  "zd_precision_1": {"value": 1.0, "warnings": []},
  "zd_recall_1": {"value": 1.0, "warnings": []},
  "zd_f1_1": {"value": 1.0, "warnings": []},
  "zd_prfs_none_1": {"value": [[0.5, 0.0, 1.0, 1.0], [1.0, 0.0, 0.5, 1.0], [0.6666666666666666, 0.0, 0.6666666666666666, 1.0], [1, 1, 2, 0]], "warnings": []},
  "zd_macro_1": {"value": [0.625, 0.625, 0.5833333333333333, null], "warnings": []},
  "zd_weighted_empty_1": {"value": [1.0, 1.0, 1.0, null], "warnings": []},
  "zd_weighted_nopos_1": {"value": [0.0, 1.0, 0.0, null], "warnings": []},
  "mc_prfs_None": {"value": [[0.8333333333333334, 0.5, 0.47368421052631576, 0.0], [1.0, 0.4, 0.6923076923076923, 0.0], [0.9090909090909091, 0.4444444444444445, 0.5625, 0.0], [5.0, 2.5, 3.25, 2.0]], "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "mc_prfs_micro": {"value": [0.6470588235294118, 0.6470588235294118, 0.6470588235294118, null], "warnings": []},
  "mc_prfs_macro": {"value": [0.4517543859649123, 0.523076923076923, 0.4790088383838384, null], "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "mc_prfs_weighted": {"value": [0.5455796353629171, 0.6470588235294118, 0.5870345612992671, null], "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "mc_prfs_beta2_labels": {"value": [0.625, 0.8333333333333333, 0.78125, null], "warnings": []},
  "mc_acc_w": {"value": 0.6470588235294118, "warnings": []},
  "mc_acc_count": {"value": 6, "warnings": []},
  "mc_bal": {"value": 0.523076923076923, "warnings": []},
  "mc_bal_onlypred": {"value": 0.75, "warnings": ["y_pred contains classes not in y_true"]},
  "mc_bal_adj": {"value": 0.3333333333333333, "warnings": []},
  "mc_cm_None": {"value": [[5.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.5, 0.0], [0.0, 1.0, 2.25, 0.0], [0.0, 0.0, 2.0, 0.0]], "warnings": []},
  "mc_cm_true": {"value": [[1.0, 0.0, 0.0, 0.0], [0.4, 0.4, 0.2, 0.0], [0.0, 0.3076923076923077, 0.6923076923076923, 0.0], [0.0, 0.0, 1.0, 0.0]], "warnings": []},
  "mc_cm_pred": {"value": [[0.8333333333333334, 0.0, 0.0, 0.0], [0.16666666666666666, 0.5, 0.10526315789473684, 0.0], [0.0, 0.5, 0.47368421052631576, 0.0], [0.0, 0.0, 0.42105263157894735, 0.0]], "warnings": []},
  "mc_cm_all": {"value": [[0.39215686274509803, 0.0, 0.0, 0.0], [0.0784313725490196, 0.0784313725490196, 0.0392156862745098, 0.0], [0.0, 0.0784313725490196, 0.17647058823529413, 0.0], [0.0, 0.0, 0.1568627450980392, 0.0]], "warnings": []},
  "mc_cm_labels": {"value": [[2, 0, 0], [0, 3, 0], [0, 0, 0]], "warnings": []},
  "mc_report": {"value": "              precision    recall  f1-score   support\n\n           0     0.8333    1.0000    0.9091       5.0\n           1     0.5000    0.4000    0.4444       2.5\n           2     0.4737    0.6923    0.5625      3.25\n           3     0.0000    0.0000    0.0000       2.0\n\n    accuracy                         0.6471     12.75\n   macro avg     0.4518    0.5231    0.4790     12.75\nweighted avg     0.5456    0.6471    0.5870     12.75\n", "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "mc_report_dict": {"value": {"0": {"precision": 0.75, "recall": 1.0, "f1-score": 0.8571428571428571, "support": 3}, "1": {"precision": 0.5, "recall": 0.3333333333333333, "f1-score": 0.4, "support": 3}, "2": {"precision": 0.5, "recall": 0.6666666666666666, "f1-score": 0.5714285714285715, "support": 3}, "3": {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 1}, "accuracy": 0.6, "macro avg": {"precision": 0.4375, "recall": 0.5, "f1-score": 0.4571428571428572, "support": 10}, "weighted avg": {"precision": 0.525, "recall": 0.6, "f1-score": 0.5485714285714286, "support": 10}}, "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "mc_report_text": {"value": "                 precision    recall  f1-score   support\n\n           zero       0.75      1.00      0.86         3\n            one       0.50      0.33      0.40         3\n            two       0.50      0.67      0.57         3\nthree-long-name       0.00      0.00      0.00         1\n\n       accuracy                           0.60        10\n      macro avg       0.44      0.50      0.46        10\n   weighted avg       0.53      0.60      0.55        10\n", "warnings": ["Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision and F-score are ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."]},
  "mc_report_labels": {"value": "              precision    recall  f1-score   support\n\n           0       0.75      1.00      0.86         3\n           1       0.50      0.33      0.40         3\n           2       0.50      0.67      0.57         3\n\n   micro avg       0.60      0.67      0.63         9\n   macro avg       0.58      0.67      0.61         9\nweighted avg       0.58      0.67      0.61         9\n", "warnings": []},
  "mc_data": {"y": [1, 0, 1, 1, 0, 2, 1, 1, 1, 0, 0, 0, 0, 2, 0, 1, 2, 0, 0, 0, 2, 2, 1, 0, 1, 0, 1, 2, 1, 0, 1, 0, 1, 1, 0, 0, 2, 1, 1, 2], "P": [0.34, 0.52, 0.1399999999999999, 0.14, 0.43, 0.43, 0.32, 0.55, 0.1299999999999999, 0.48, 0.02, 0.5, 0.42, 0.13, 0.45000000000000007, 0.51, 0.01, 0.48, 0.26, 0.46, 0.27999999999999997, 0.61, 0.3, 0.09000000000000002, 0.29, 0.57, 0.14, 0.07, 0.14, 0.7899999999999999, 0.52, 0.16, 0.31999999999999995, 0.77, 0.19, 0.03999999999999998, 0.46, 0.35, 0.19000000000000006, 0.18, 0.37, 0.45000000000000007, 0.25, 0.27, 0.48, 0.62, 0.28, 0.09999999999999998, 0.28, 0.52, 0.19999999999999996, 0.22, 0.7, 0.08000000000000007, 0.28, 0.19, 0.53, 0.37, 0.32, 0.31, 0.24, 0.56, 0.19999999999999996, 0.46, 0.21, 0.33000000000000007, 0.02, 0.07, 0.9099999999999999, 0.11, 0.47, 0.42000000000000004, 0.45, 0.23, 0.32000000000000006, 0.19, 0.21, 0.6000000000000001, 0.4, 0.26, 0.33999999999999997, 0.2, 0.05, 0.75, 0.36, 0.25, 0.39, 0.06, 0.55, 0.3899999999999999, 0.34, 0.17, 0.4899999999999999, 0.28, 0.22, 0.5, 0.44, 0.2, 0.36000000000000004, 0.13, 0.12, 0.75, 0.22, 0.51, 0.27, 0.51, 0.06, 0.43, 0.54, 0.32, 0.13999999999999996, 0.58, 0.23, 0.19000000000000003, 0.02, 0.67, 0.30999999999999994, 0.21, 0.72, 0.07000000000000006], "w": [0.718, 1.453, 0.279, 0.628, 0.839, 1.754, 0.307, 1.76, 1.598, 1.943, 0.735, 0.41, 0.481, 1.656, 1.93, 1.398, 0.965, 0.574, 1.667, 1.744, 0.184, 0.432, 1.664, 1.697, 0.629, 0.559, 0.862, 1.079, 0.191, 1.674, 1.069, 1.55, 0.462, 1.931, 1.502, 0.686, 1.897, 1.401, 1.681, 0.091]},
  "mc_auc_macro": {"value": 0.45334201388888884, "warnings": []},
  "mc_auc_weighted": {"value": 0.45377604166666663, "warnings": []},
  "mc_auc_weighted_sw": {"value": 0.4285653193272577, "warnings": []},
  "mc_auc_none": {"value": [0.4140625, 0.49479166666666663, 0.451171875], "warnings": []},
  "mc_logloss": {"value": 1.4120186778640496, "warnings": []},
  "mc_logloss_w": {"value": 1.4699285175467691, "warnings": []},
  "ll_clip": {"value": 9.311906548360772, "warnings": []},
  "ll_renorm": {"value": 0.8026485732543264, "warnings": []},
  "ll_1d": {"value": 0.4013242681086455, "warnings": []},
  "cal_data": {"y": [1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0], "s": [0.4, 0.7, 0.0, 0.3, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.4, 0.7, 0.2, 0.9, 0.0, 0.7, 0.4, 0.6, 0.1, 0.2, 0.8, 1.0, 0.3, 0.7, 0.9, 0.9, 0.1, 0.0, 0.2, 0.9, 0.1, 0.4, 1.0, 0.5, 0.7, 0.3, 0.7, 0.8, 0.0, 0.8, 1.0, 0.7, 0.3, 0.8, 0.1, 0.4, 0.9, 0.3, 0.3, 0.1]},
  "cal_uniform_5": {"value": [[0.06666666666666667, 0.5384615384615384, 0.6666666666666666, 0.6363636363636364, 0.875], [0.10000000000000003, 0.3461538461538461, 0.5333333333333333, 0.7363636363636363, 0.9375]], "warnings": []},
  "cal_uniform_10": {"value": [[0.09090909090909091, 0.0, 0.5714285714285714, 0.5, 0.5, 1.0, 0.7142857142857143, 0.5, 0.8, 1.0], [0.06363636363636363, 0.2, 0.3, 0.39999999999999997, 0.5, 0.6, 0.7000000000000001, 0.8, 0.9, 1.0]], "warnings": []},
  "cal_quantile_4": {"value": [[0.06666666666666667, 0.5384615384615384, 0.7, 0.75], [0.10000000000000003, 0.3461538461538461, 0.65, 0.8916666666666667]], "warnings": []},
  "cal_quantile_7": {"value": [[0.09090909090909091, 0.0, 0.5714285714285714, 0.5, 0.75, 0.6666666666666666, 1.0], [0.06363636363636363, 0.2, 0.3, 0.425, 0.6875, 0.8555555555555556, 1.0]], "warnings": []},
  "cal_roc": {"value": [[0.0, 0.0, 0.038461538461538464, 0.11538461538461539, 0.19230769230769232, 0.19230769230769232, 0.23076923076923078, 0.34615384615384615, 0.46153846153846156, 0.6153846153846154, 0.8461538461538461, 1.0], [0.0, 0.125, 0.2916666666666667, 0.375, 0.5833333333333334, 0.625, 0.6666666666666666, 0.7916666666666666, 0.9583333333333334, 0.9583333333333334, 1.0, 1.0], [2.0, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]], "warnings": []},
  "cal_pr": {"value": [[0.48, 0.5217391304347826, 0.5897435897435898, 0.6571428571428571, 0.6785714285714286, 0.7272727272727273, 0.75, 0.7368421052631579, 0.75, 0.875, 1.0, 1.0], [1.0, 1.0, 0.9583333333333334, 0.9583333333333334, 0.7916666666666666, 0.6666666666666666, 0.625, 0.5833333333333334, 0.375, 0.2916666666666667, 0.125, 0.0], [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]], "warnings": []},
  "cal_auc": {"value": 0.8076923076923077, "warnings": []},
  "cal_ap": {"value": 0.7644795040962089, "warnings": []},
  "dec_auc": {"value": 0.9166666666666666, "warnings": []},
  "dec_roc": {"value": [[0.0, 0.0, 0.0, 0.5, 1.0], [0.0, 0.3333333333333333, 0.6666666666666666, 1.0, 1.0], [8.25, 7.25, 2.0, -0.0, -3.5]], "warnings": []},
  "pos0_roc": {"value": [[0.0, 0.0, 1.0, 1.0], [0.0, 0.5, 0.5, 1.0], [1.8, 0.8, 0.35, 0.1]], "warnings": []},
  "pos0_ap": {"value": 0.7, "warnings": []},
  "pos0_f1": {"value": 0.6666666666666666, "warnings": []},
  "binary_multi_err": {"error": "Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted']."},
};

const value = (key: string): any => {
  const r = SK[key];
  if (!r || !('value' in r)) throw new Error(`no reference value for ${key}`);
  return r.value;
};

/** |a - b| <= 1e-12 elementwise (NaN matches NaN), same shape. */
function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    if (Number.isNaN(expected)) expect(Number.isNaN(actual as number), path).toBe(true);
    else expect(Math.abs((actual as number) - expected), `${path}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(1e-12);
    return;
  }
  if (expected === null) {
    expect(actual, path).toBeNull();
    return;
  }
  const a = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : actual;
  if (Array.isArray(expected)) {
    expect(Array.isArray(a), path).toBe(true);
    expect((a as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((a as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (typeof expected === 'object') {
    expect(Object.keys(a as object).sort(), path).toEqual(Object.keys(expected as object).sort());
    for (const [k, v] of Object.entries(expected as object)) expectClose((a as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

const curve3 = (c: { fpr?: Float64Array; tpr?: Float64Array; precision?: Float64Array; recall?: Float64Array; thresholds: Float64Array }) =>
  c.fpr ? [c.fpr, c.tpr, c.thresholds] : [c.precision, c.recall, c.thresholds];

describe('all-tied scores', () => {
  const y = [0, 1, 0, 1, 1];
  const s = [0.5, 0.5, 0.5, 0.5, 0.5];
  it('roc_auc_score is 0.5', () => expectClose(rocAucScore(y, s), value('tied_auc')));
  it('roc_curve has one step and thresholds[0] = max + 1', () => expectClose(curve3(rocCurve(y, s)), value('tied_roc')));
  it('precision_recall_curve', () => expectClose(curve3(precisionRecallCurve(y, s)), value('tied_pr')));
  it('average_precision_score', () => expectClose(averagePrecisionScore(y, s), value('tied_ap')));
});

describe('sample weights with tied scores (zero weights filtered as sklearn does)', () => {
  const y = [0, 0, 1, 1, 1, 0, 1, 0];
  const s = [0.1, 0.4, 0.4, 0.8, 0.1, 0.4, 0.35, 0.8];
  const w = [1, 2, 0.5, 1, 3, 0, 0.25, 0.7];
  it('roc_auc_score', () => expectClose(rocAucScore(y, s, { sampleWeight: w }), value('w_auc')));
  it('roc_curve (drop_intermediate true and false)', () => {
    expectClose(curve3(rocCurve(y, s, { sampleWeight: w })), value('w_roc'));
    expectClose(curve3(rocCurve(y, s, { sampleWeight: w, dropIntermediate: false })), value('w_roc_all'));
  });
  it('precision_recall_curve and average precision', () => {
    expectClose(curve3(precisionRecallCurve(y, s, { sampleWeight: w })), value('w_pr'));
    expectClose(averagePrecisionScore(y, s, { sampleWeight: w }), value('w_ap'));
  });
  it('brier_score_loss and log_loss', () => {
    expectClose(brierScoreLoss(y, s, { sampleWeight: w }), value('w_brier'));
    expectClose(logLoss(y, s, { sampleWeight: w }), value('w_logloss'));
  });
});

describe('a single class in yTrue', () => {
  it('roc_auc_score raises UndefinedMetricError with sklearn message', () => {
    expect(() => rocAucScore([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(UndefinedMetricError);
    expect(() => rocAucScore([1, 1, 1], [0.2, 0.5, 0.9], { classes: [0, 1] })).toThrow(SK.single_auc!.error!);
  });
  it('roc_curve gives NaN rates and the warning', () => {
    const pos = rocCurve([1, 1, 1], [0.2, 0.5, 0.9]);
    expectClose(curve3(pos), value('single_roc'));
    expect(pos.warnings).toEqual(SK.single_roc!.warnings);
    const neg = rocCurve([0, 0, 0], [0.2, 0.5, 0.9]);
    expectClose(curve3(neg), value('single_roc_neg'));
    expect(neg.warnings).toEqual(SK.single_roc_neg!.warnings);
  });
  it('precision_recall_curve sets recall to 1', () => {
    const pr = precisionRecallCurve([0, 0, 0], [0.2, 0.5, 0.9]);
    expectClose(curve3(pr), value('single_pr_neg'));
    expect(pr.warnings).toEqual(SK.single_pr_neg!.warnings);
  });
  it('log_loss with explicit classes, precision, accuracy, confusion matrix, brier', () => {
    expectClose(logLoss([1, 1, 1], [0.2, 0.5, 0.9], { classes: [0, 1] }), value('single_logloss_labels'));
    expect(() => logLoss([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(UndefinedMetricError);
    const p = precisionRecallFscoreSupport([0, 0, 0], [0, 0, 0]);
    expectClose(p.precision, value('single_precision'));
    expect(p.warnings[0]).toContain('ill-defined and being set to 0.0 due to no predicted samples');
    expectClose(accuracyScore([1, 1, 1], [1, 0, 1]), value('single_accuracy'));
    expectClose(confusionMatrix([1, 1, 1], [1, 1, 1]), value('single_cm'));
    expectClose(brierScoreLoss([1, 1, 1], [0.2, 0.5, 0.9]), value('single_brier'));
  });
});

describe('zero division', () => {
  for (const zd of ['warn', 0, 1] as ZeroDivision[]) {
    it(`zeroDivision=${String(zd)}: precision, recall, f1`, () => {
      expectClose(precisionScore([0, 1, 1], [0, 0, 0], { zeroDivision: zd }), value(`zd_precision_${zd}`));
      expectClose(recallScore([0, 0, 0], [0, 1, 0], { zeroDivision: zd }), value(`zd_recall_${zd}`));
      expectClose(f1Score([0, 0, 0], [0, 0, 0], { zeroDivision: zd }), value(`zd_f1_${zd}`));
    });
    it(`zeroDivision=${String(zd)}: per-label, macro and weighted with absent labels`, () => {
      const none = precisionRecallFscoreSupport([0, 1, 2, 2], [0, 0, 2, 1], { labels: [0, 1, 2, 3], average: null, zeroDivision: zd });
      expectClose([none.precision, none.recall, none.fscore, none.support], value(`zd_prfs_none_${zd}`));
      const macro = precisionRecallFscoreSupport([0, 1, 2, 2], [0, 0, 2, 1], { labels: [0, 1, 2, 3], average: 'macro', zeroDivision: zd });
      expectClose([macro.precision, macro.recall, macro.fscore, macro.support], value(`zd_macro_${zd}`));
      for (const [key, yp] of [['zd_weighted_empty', [0, 0]], ['zd_weighted_nopos', [1, 0]]] as const) {
        const r = precisionRecallFscoreSupport([0, 0], yp, { labels: [1], average: 'weighted', zeroDivision: zd });
        expectClose([r.precision, r.recall, r.fscore, r.support], value(`${key}_${zd}`));
      }
    });
  }
  it("'warn' records scikit-learn's warning texts; 0 and 1 record none", () => {
    const r = precisionRecallFscoreSupport([0, 1, 2, 2], [0, 0, 2, 1], { labels: [0, 1, 2, 3], average: null });
    expect(r.warnings).toEqual(SK.zd_prfs_none_warn!.warnings);
    expect(precisionRecallFscoreSupport([0, 0], [1, 0], { labels: [1], average: 'weighted' }).warnings).toEqual(SK.zd_weighted_nopos_warn!.warnings);
    expect(precisionRecallFscoreSupport([0, 1, 2, 2], [0, 0, 2, 1], { labels: [0, 1, 2, 3], average: null, zeroDivision: 1 }).warnings).toEqual([]);
  });
});

describe('multiclass labels with sample weights', () => {
  const y = [0, 1, 2, 2, 1, 0, 2, 1, 0, 3];
  const p = [0, 2, 2, 1, 1, 0, 2, 0, 0, 2];
  const w = [1, 0.5, 2, 1, 1, 3, 0.25, 1, 1, 2];
  for (const avg of [null, 'micro', 'macro', 'weighted'] as const) {
    it(`precision_recall_fscore_support average=${String(avg)}`, () => {
      const r = precisionRecallFscoreSupport(y, p, { average: avg, sampleWeight: w });
      expectClose([r.precision, r.recall, r.fscore, r.support], value(`mc_prfs_${avg === null ? 'None' : avg}`));
    });
  }
  it('beta 2 over a label subset', () => {
    const r = precisionRecallFscoreSupport(y, p, { beta: 2, labels: [2, 0], average: 'macro' });
    expectClose([r.precision, r.recall, r.fscore, r.support], value('mc_prfs_beta2_labels'));
  });
  it('accuracy, balanced accuracy', () => {
    expectClose(accuracyScore(y, p, { sampleWeight: w }), value('mc_acc_w'));
    expectClose(accuracyScore(y, p, { normalize: false }), value('mc_acc_count'));
    expectClose(balancedAccuracyScore(y, p, { sampleWeight: w }), value('mc_bal'));
    expectClose(balancedAccuracyScore([0, 0, 1, 1], [0, 2, 1, 1]), value('mc_bal_onlypred'));
    expectClose(balancedAccuracyScore(y, p, { adjusted: true }), value('mc_bal_adj'));
  });
  it('confusion matrix, each normalisation, and a label list', () => {
    expectClose(confusionMatrix(y, p, { sampleWeight: w }), value('mc_cm_None'));
    for (const norm of ['true', 'pred', 'all'] as const) expectClose(confusionMatrix(y, p, { sampleWeight: w, normalize: norm }), value(`mc_cm_${norm}`));
    expectClose(confusionMatrix(y, p, { labels: [2, 0, 5] }), value('mc_cm_labels'));
  });
  it('classification report: text identical to sklearn (weights, digits, names, labels)', () => {
    expect(classificationReport(y, p, { sampleWeight: w, digits: 4 }).text).toBe(value('mc_report'));
    expect(classificationReport(y, p, { targetNames: ['zero', 'one', 'two', 'three-long-name'] }).text).toBe(value('mc_report_text'));
    expect(classificationReport(y, p, { labels: [0, 1, 2], zeroDivision: 1 }).text).toBe(value('mc_report_labels'));
  });
  it('classification report: JSON identical to output_dict=True', () => {
    expectClose(classificationReport(y, p).json, value('mc_report_dict'));
  });
});

describe('multiclass probabilities', () => {
  const { y, P, w } = SK.mc_data as unknown as { y: number[]; P: number[]; w: number[] };
  it('one-vs-rest ROC AUC: macro, weighted, weighted with sample weights, per class', () => {
    expectClose(rocAucScore(y, P, { average: 'macro' }), value('mc_auc_macro'));
    expectClose(rocAucScore(y, P, { average: 'weighted' }), value('mc_auc_weighted'));
    expectClose(rocAucScore(y, P, { average: 'weighted', sampleWeight: w }), value('mc_auc_weighted_sw'));
    expectClose(rocAucScore(y, P, { average: null }), value('mc_auc_none'));
  });
  it("one-vs-rest 'micro' average (sklearn: 0.4428125, weighted 0.4061228240612267)", () => {
    expectClose(rocAucScore(y, P, { average: 'micro' }), 0.4428125);
    expectClose(rocAucScore(y, P, { average: 'micro', sampleWeight: w }), 0.4061228240612267);
  });
  it('log loss, with and without weights', () => {
    expectClose(logLoss(y, P), value('mc_logloss'));
    expectClose(logLoss(y, P, { sampleWeight: w }), value('mc_logloss_w'));
  });
});

describe('log loss clipping (eps = float64 eps in 1.2.1) and renormalisation', () => {
  it('probabilities 0 and 1 are clipped', () => expectClose(logLoss([0, 1, 1, 0], [1, 0, 1, 0, 0, 1, 0.3, 0.7]), value('ll_clip')));
  it('rows are renormalised by their sum', () => expectClose(logLoss([0, 1, 2], [0.2, 0.3, 0.5000001, 0.1, 0.8999999, 0.0, 0.25, 0.25, 0.5]), value('ll_renorm')));
  it('one column of positive-class probabilities', () => expectClose(logLoss([0, 1, 1], [0.0, 1.0, 0.3]), value('ll_1d')));
});

describe('calibration curve and curves on rounded (heavily tied) scores', () => {
  const { y, s } = SK.cal_data as unknown as { y: number[]; s: number[] };
  const cc = (c: { probTrue: number[]; probPred: number[] }) => [c.probTrue, c.probPred];
  it('uniform bins (edge values like 0.3 fall as in numpy searchsorted)', () => {
    expectClose(cc(calibrationCurve(y, s)), value('cal_uniform_5'));
    expectClose(cc(calibrationCurve(y, s, { nBins: 10 })), value('cal_uniform_10'));
  });
  it('quantile bins (numpy percentile, linear)', () => {
    expectClose(cc(calibrationCurve(y, s, { nBins: 4, strategy: 'quantile' })), value('cal_quantile_4'));
    expectClose(cc(calibrationCurve(y, s, { nBins: 7, strategy: 'quantile' })), value('cal_quantile_7'));
  });
  it('roc_curve, precision_recall_curve, AUC and AP', () => {
    expectClose(curve3(rocCurve(y, s)), value('cal_roc'));
    expectClose(curve3(precisionRecallCurve(y, s)), value('cal_pr'));
    expectClose(rocAucScore(y, s), value('cal_auc'));
    expectClose(averagePrecisionScore(y, s), value('cal_ap'));
  });
});

describe('decision scores and posLabel', () => {
  it('unbounded scores with -0 and +0 tied', () => {
    expectClose(rocAucScore([0, 1, 1, 0, 1], [-3.5, 2.0, -0.0, 0.0, 7.25]), value('dec_auc'));
    const roc = rocCurve([0, 1, 1, 0, 1], [-3.5, 2.0, -0.0, 0.0, 7.25]);
    expectClose(curve3(roc), value('dec_roc'));
    expect(Object.is(roc.thresholds[3], -0)).toBe(true); // numpy returns the last tied value, -0.0
  });
  it('posLabel 0', () => {
    expectClose(curve3(rocCurve([0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.7], { posLabel: 0 })), value('pos0_roc'));
    expectClose(averagePrecisionScore([0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.7], { posLabel: 0 }), value('pos0_ap'));
    expectClose(f1Score([0, 1, 1, 0, 1], [0, 1, 0, 0, 0], { posLabel: 0 }), value('pos0_f1'));
  });
  it("average 'binary' with three labels raises", () => {
    expect(() => f1Score([0, 1, 2], [0, 1, 1])).toThrow(UndefinedMetricError);
  });
});
