import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DatasetSpec } from '@sigmoid/arrow-store';
import { readDataset } from '@sigmoid/datagen';
import { accumulateModelOnData, formatFixed } from '@sigmoid/evaluation';
import { LogisticRegression } from '@sigmoid/trainer';
import { UsageError } from '../cli-support.js';

interface EvaluateFlags {
  model: string;
  data: string;
  out?: string;
  label: string;
  weight?: string;
  ranking: string;
  report?: boolean;
}

function readModel(path: string): LogisticRegression {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read model file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Expected a JSON model file (written by sigmoid fit) for --model but could not parse ${path}: ${(err as Error).message}`);
  }
  return LogisticRegression.fromJSON(json as Record<string, unknown>);
}

async function runEvaluate(flags: EvaluateFlags): Promise<void> {
  if (flags.ranking !== 'exact' && flags.ranking !== 'histogram') throw new UsageError(`Expected exact or histogram for --ranking but received ${JSON.stringify(flags.ranking)}`);
  const model = readModel(flags.model);
  const spec: DatasetSpec = { features: [...model.featureNames_], label: flags.label, ...(flags.weight === undefined ? {} : { weight: flags.weight }) };
  const evaluator = await accumulateModelOnData(model, readDataset(flags.data, { spec }), { spec, ranking: flags.ranking });
  const metrics = evaluator.metrics();
  const text = JSON.stringify(metrics, null, 2) + '\n';
  if (flags.out !== undefined) writeFileSync(flags.out, text);
  else process.stdout.write(text);
  if (flags.report) process.stdout.write(evaluator.classificationReport().text);
  const m = metrics as unknown as Record<string, number>;
  const summary = ['accuracy', 'log_loss', 'roc_auc', 'roc_auc_ovr_macro', 'f1', 'f1_macro'].filter((k) => k in m).map((k) => `${k} ${formatFixed(m[k]!, 4)}`);
  const bound = flags.ranking === 'histogram' ? ` (roc_auc within ${evaluator.rocAucErrorBound().toExponential(1)} of exact)` : '';
  if (flags.out !== undefined) process.stdout.write(`evaluate: ${evaluator.count} rows, ${summary.join(', ')}${bound} -> ${flags.out}\n`);
}

/**
 * Registers `sigmoid evaluate`: a fitted model (JSON from `sigmoid fit`) on a dataset file, scikit-learn's
 * metrics out (binary: accuracy, log_loss, roc_auc, average_precision, brier, precision, recall, f1,
 * confusion_matrix; multiclass: accuracy, log_loss, f1_macro, roc_auc_ovr_macro, confusion_matrix).
 */
export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description("Evaluate a fitted model on a dataset file with scikit-learn's metrics (same numbers, streamed batch by batch)")
    .requiredOption('--model <file>', 'model JSON written by sigmoid fit')
    .requiredOption('--data <file>', 'dataset (.arrow, .arrows, .feather or .csv) with the model\'s feature columns and a label column')
    .option('--out <file>', 'write the metrics JSON here (default: print it to stdout)')
    .option('--label <column>', 'label column', 'y')
    .option('--weight <column>', 'sample-weight column: every metric becomes weighted (default: unweighted)')
    .option('--ranking <mode>', 'exact (keeps every score) or histogram (bounded memory, 2^16 bins; roc_auc within a printed bound)', 'exact')
    .option('--report', "also print scikit-learn's classification_report table")
    .addHelpText('after', `
Metric keys (scikit-learn names; brier = brier_score_loss, positive class = classes[1]):
  binary:     accuracy, log_loss, roc_auc, average_precision, brier, precision, recall, f1, confusion_matrix
  multiclass: accuracy, log_loss, f1_macro, roc_auc_ovr_macro, confusion_matrix

Example:
  sigmoid evaluate --model model.json --data test.arrow --out metrics.json --report

Exit status: 0 ok, 1 bad data (unknown label, one class for roc_auc, empty file), 2 usage (bad option, unreadable model).`)
    .action(runEvaluate);
}
