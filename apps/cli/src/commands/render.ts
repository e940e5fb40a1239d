import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidParameterError, type DatasetSpec } from '@sigmoid/arrow-store';
import { readDataset } from '@sigmoid/datagen';
import { accumulateModelOnData } from '@sigmoid/evaluation';
import { renderReportImages, type ChartOptions, type ReportChart, type ReportMetrics } from '@sigmoid/render';
import { LogisticRegression } from '@sigmoid/trainer';
import { UsageError } from '../cli-support.js';

interface RenderFlags {
  model: string;
  data?: string;
  out: string;
  metrics?: string;
  label: string;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: string;
  height?: string;
  axes?: string;
  maxMarkers?: string;
  bins?: string;
}

function readJsonFile(option: string, path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read ${what} file ${path} given as ${option}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Expected a JSON ${what} file for ${option} but could not parse ${path}: ${(err as Error).message}`);
  }
}

/** An integer option, or undefined; the renderer checks the range and names the option. */
function intFlag(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v)) throw new UsageError(`Expected an integer for ${option} but received ${JSON.stringify(text)}`);
  return v;
}

function commonOptions(flags: RenderFlags): ChartOptions {
  const o: ChartOptions = {};
  if (flags.title !== undefined) o.title = flags.title;
  if (flags.xLabel !== undefined) o.xLabel = flags.xLabel;
  if (flags.yLabel !== undefined) o.yLabel = flags.yLabel;
  const width = intFlag('--width', flags.width);
  const height = intFlag('--height', flags.height);
  if (width !== undefined) o.width = width;
  if (height !== undefined) o.height = height;
  return o;
}

const NEEDS_DATA: ReadonlySet<ReportChart> = new Set(['boundary', 'roc', 'pr', 'calibration']);

async function runRender(chart: ReportChart | 'report', flags: RenderFlags): Promise<void> {
  const model = LogisticRegression.fromJSON(readJsonFile('--model', flags.model, 'model') as Record<string, unknown>);
  const spec: DatasetSpec = { features: [...model.featureNames_], label: flags.label };
  const metrics = (flags.metrics === undefined ? {} : readJsonFile('--metrics', flags.metrics, 'metrics')) as ReportMetrics;
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) throw new UsageError(`Expected a JSON object (the output of sigmoid evaluate) in ${flags.metrics}`);
  const data = flags.data;
  const needsData = chart === 'report' || NEEDS_DATA.has(chart) || (chart === 'confusion' && !Array.isArray(metrics.confusion_matrix));
  if (needsData && data === undefined) {
    throw new UsageError(`Expected --data <file> for sigmoid render ${chart}${chart === 'confusion' ? ' (or --metrics with a confusion_matrix)' : ''}`);
  }
  if ((chart === 'confusion' || chart === 'report') && !Array.isArray(metrics.confusion_matrix) && data !== undefined) {
    const evaluator = await accumulateModelOnData(model, readDataset(data, { spec }), { spec });
    metrics.confusion_matrix = (evaluator.metrics() as unknown as { confusion_matrix: number[][] }).confusion_matrix;
  }
  const boundary: Record<string, unknown> = { spec };
  if (flags.axes !== undefined) boundary.axes = flags.axes.split(',').map((s) => s.trim());
  const maxMarkers = intFlag('--max-markers', flags.maxMarkers);
  if (maxMarkers !== undefined) boundary.maxMarkers = maxMarkers;
  const bins = intFlag('--bins', flags.bins);
  const images = await renderReportImages(
    model,
    () => (data === undefined ? [] : readDataset(data, { spec })),
    metrics,
    { ...(chart === 'report' ? {} : { charts: [chart] }), common: commonOptions(flags), boundary, ...(bins === undefined ? {} : { calibrationBins: bins }) },
  );
  if (chart === 'report') {
    mkdirSync(flags.out, { recursive: true });
    for (const img of images) writeFileSync(join(flags.out, img.name), img.png);
    process.stdout.write(`render report: ${images.map((i) => i.name).join(', ')} -> ${flags.out}\n`);
    return;
  }
  const img = images[0];
  if (img === undefined) {
    const why =
      chart === 'loss'
        ? 'a model with a loss history (history.loss is empty)'
        : chart === 'boundary'
          ? 'a model of at least two features'
          : `a binary model with numeric classes and data holding both classes (classes ${JSON.stringify(model.classes_)})`;
    throw new InvalidParameterError('--model', why, flags.model);
  }
  writeFileSync(flags.out, img.png);
  process.stdout.write(`render ${chart}: ${img.png.length} bytes -> ${flags.out}\n`);
}

const CHARTS: { name: ReportChart | 'report'; description: string; data: 'required' | 'optional' | 'none' }[] = [
  { name: 'boundary', description: 'decision regions, P = 0.5 boundary and the data (large data: a sampled scatter)', data: 'required' },
  { name: 'roc', description: 'ROC curve of a binary model on a dataset, with its AUC', data: 'required' },
  { name: 'pr', description: 'precision-recall curve of a binary model on a dataset, with its average precision', data: 'required' },
  { name: 'calibration', description: 'reliability diagram (calibration curve) of a binary model on a dataset', data: 'required' },
  { name: 'loss', description: "training loss per iteration/epoch, from the model file's history", data: 'none' },
  { name: 'confusion', description: 'confusion matrix, from --metrics (sigmoid evaluate output) or computed on --data', data: 'optional' },
  { name: 'report', description: 'every chart that applies, as PNG files in the --out folder', data: 'required' },
];

/**
 * Registers `sigmoid render <chart>`: boundary, roc, pr, calibration, loss, confusion and report,
 * PNGs drawn by @sigmoid/render from a model file (sigmoid fit) and a dataset file.
 */
export function registerRenderCommands(program: Command): void {
  const render = program
    .command('render')
    .description('Draw charts of a fitted model as PNG: decision boundary, ROC, precision-recall, calibration, loss, confusion matrix');
  for (const c of CHARTS) {
    const cmd = render
      .command(c.name)
      .description(c.description)
      .requiredOption('--model <file>', 'model JSON written by sigmoid fit')
      .requiredOption('--out <file>', c.name === 'report' ? 'output folder (created if missing)' : 'output PNG file');
    if (c.data !== 'none') cmd.option('--data <file>', `dataset (.arrow, .arrows, .feather or .csv) with the model's feature columns${c.data === 'required' ? ' (required)' : ''}`);
    if (c.name === 'confusion' || c.name === 'report' || c.name === 'roc' || c.name === 'pr') cmd.option('--metrics <file>', 'metrics JSON from sigmoid evaluate (confusion_matrix, roc_auc, average_precision)');
    if (c.data !== 'none') cmd.option('--label <column>', 'label column', 'y');
    cmd
      .option('--title <text>', 'chart title (any language; "" for none)')
      .option('--x-label <text>', 'x-axis title')
      .option('--y-label <text>', 'y-axis title')
      .option('--width <px>', 'image width in pixels (default 700)')
      .option('--height <px>', 'image height in pixels (default 600)');
    if (c.name === 'boundary' || c.name === 'report') {
      cmd.option('--axes <a,b>', 'the two features to plot, e.g. x0,x2 (others held at their means; default the first two)');
      cmd.option('--max-markers <n>', 'most markers drawn; larger data shows a random sample (default 2000)');
    }
    if (c.name === 'calibration' || c.name === 'report') cmd.option('--bins <n>', 'calibration bins (default 10)');
    cmd.addHelpText(
      'after',
      c.name === 'report'
        ? `\nExample:\n  sigmoid render report --model model.json --data test.arrow --metrics metrics.json --out report/\n`
        : `\nExample:\n  sigmoid render ${c.name} --model model.json${c.data === 'none' ? '' : ' --data demo.arrow'} --out ${c.name}.png${c.name === 'boundary' ? " --title 'Logistic regression decision boundary'" : ''}\n\nExit status: 0 ok, 1 bad data, 2 usage (missing option, unreadable model, bad value).`,
    );
    // main() turns CommanderErrors into exit code 2; nested commands must throw them too.
    cmd.exitOverride();
    cmd.action((flags: RenderFlags) => runRender(c.name, flags));
  }
}
