/**
 * scikit-learn's `classification_report`: per-class precision, recall, F1 and support, then the
 * accuracy (micro average), macro and weighted averages, as JSON (`output_dict=True`) and as the
 * same plain-text table.
 */
import { InvalidParameterError } from '@sigmoid/arrow-store';
import type { ConfusionMatrixAccumulator, ZeroDivision } from './confusion.js';

/** One row of the report. */
export interface ReportRow {
  precision: number;
  recall: number;
  'f1-score': number;
  support: number;
}

/** JSON form, keyed like scikit-learn's `output_dict=True`: class names, then `accuracy` (or `micro avg`), `macro avg`, `weighted avg`. */
export type ClassificationReportJson = Record<string, ReportRow | number>;

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** Labels to report, default every class present in yTrue or yPred. */
  labels?: readonly number[];
  /** Display names, one per label (default the label as text). */
  targetNames?: readonly string[];
  /** Digits of the text table. Default 2. */
  digits?: number;
  /** Default `'warn'` (0). */
  zeroDivision?: ZeroDivision;
}

/** The report in both forms. */
export interface ClassificationReport {
  json: ClassificationReportJson;
  text: string;
}

/** Python's `format(x, '.{digits}f')`: exact decimal value, ties to even (JS `toFixed` rounds ties up). */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x.toFixed(digits);
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const frac = exact.slice(exact.indexOf('.') + 1);
  const tail = frac.slice(digits);
  if (/^50*$/.test(tail)) {
    // exactly half way: toFixed rounded away from zero; Python keeps the even neighbour
    const down = (Math.abs(x) - 0.5 * 10 ** -digits).toFixed(digits);
    const lastDigit = Number(down.replace('.', '').slice(-1));
    if (lastDigit % 2 === 0) return (x < 0 ? '-' : '') + down;
  }
  return s;
}

/** Python's `str(x)` for the support column: integers as `12`, floats as `12.0` / repr. */
function formatSupport(x: number, weighted: boolean): string {
  if (!weighted) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}

/** Builds scikit-learn's classification report from a confusion-matrix accumulator. */
export function classificationReport(cm: ConfusionMatrixAccumulator, options: ClassificationReportOptions = {}, weighted = false): ClassificationReport {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) throw new InvalidParameterError('digits', 'an integer >= 0', digits);
  const zeroDivision = options.zeroDivision ?? 'warn';
  const present = cm.presentIndices().map((i) => cm.classes[i]!);
  const labelsGiven = options.labels !== undefined;
  const labels = options.labels !== undefined ? [...options.labels] : present;
  const microIsAccuracy = !labelsGiven || (new Set(labels).size === new Set(present).size && present.every((p) => labels.includes(p)));
  const names = options.targetNames !== undefined ? [...options.targetNames] : labels.map((l) => String(l));
  if (names.length !== labels.length) throw new InvalidParameterError('targetNames', `${labels.length} names (one per label)`, options.targetNames);
  const per = cm.precisionRecallFscoreSupport({ average: null, labels, zeroDivision });
  const p = per.precision as number[];
  const r = per.recall as number[];
  const f = per.fscore as number[];
  const s = per.support!;
  const json: ClassificationReportJson = {};
  names.forEach((name, i) => {
    json[name] = { precision: p[i]!, recall: r[i]!, 'f1-score': f[i]!, support: s[i]! };
  });
  // numpy's sum of the (integer or float) supports
  let totalSupport = 0;
  for (const v of s) totalSupport += v;
  const averages: { heading: string; row: ReportRow }[] = [];
  for (const average of ['micro', 'macro', 'weighted'] as const) {
    const heading = average === 'micro' && microIsAccuracy ? 'accuracy' : `${average} avg`;
    const a = cm.precisionRecallFscoreSupport({ average, labels, zeroDivision });
    const row: ReportRow = { precision: a.precision as number, recall: a.recall as number, 'f1-score': a.fscore as number, support: totalSupport };
    averages.push({ heading, row });
    json[heading] = heading === 'accuracy' ? row.precision : row;
  }
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  const width = Math.max(...names.map((n) => n.length), 'weighted avg'.length, digits);
  const padL = (t: string, w: number) => t.padStart(w, ' ');
  let text = padL('', width) + ' ' + headers.map((h) => ' ' + padL(h, 9)).join('') + '\n\n';
  const rowText = (name: string, row: ReportRow) =>
    padL(name, width) + ' ' + [row.precision, row.recall, row['f1-score']].map((v) => ' ' + padL(formatFixed(v, digits), 9)).join('') + ' ' + padL(formatSupport(row.support, weighted), 9) + '\n';
  names.forEach((name, i) => {
    text += rowText(name, json[name] as ReportRow);
  });
  text += '\n';
  for (const { heading, row } of averages) {
    if (heading === 'accuracy') {
      text += padL(heading, width) + ' ' + ' ' + padL('', 9) + ' ' + padL('', 9) + ' ' + padL(formatFixed(row['f1-score'], digits), 9) + ' ' + padL(formatSupport(row.support, weighted), 9) + '\n';
    } else text += rowText(heading, row);
  }
  return { json, text };
}
