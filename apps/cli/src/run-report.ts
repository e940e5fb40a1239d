import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArtifactStore } from '@sigmoid/arrow-store';
import type { PipelineResult } from '@sigmoid/workflows';

function fmt(x: unknown): string {
  return typeof x === 'number' ? x.toFixed(3) : String(x);
}

/** The lines `sigmoid run` prints, in the reference demo's words and precision. */
export function summaryLines(result: PipelineResult): string[] {
  const lines = [`Training accuracy: ${fmt(result.metrics.train.accuracy)}`];
  if (result.metrics.test) lines.push(`Test accuracy: ${fmt(result.metrics.test.accuracy)}`);
  const { coef, intercept, classes } = result.summary;
  if (coef.length === 1) {
    coef[0]!.forEach((c, j) => lines.push(`Coefficient feature ${j + 1}: ${fmt(c)}`));
    lines.push(`Intercept: ${fmt(intercept[0])}`);
  } else {
    coef.forEach((row, k) => {
      row.forEach((c, j) => lines.push(`Coefficient class ${String(classes[k])} feature ${j + 1}: ${fmt(c)}`));
      lines.push(`Intercept class ${String(classes[k])}: ${fmt(intercept[k])}`);
    });
  }
  return lines;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function metricsTable(title: string, m: object): string {
  const rows = Object.entries(m)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${(v as number).toFixed(6)}</td></tr>`)
    .join('');
  return `<h2>${escapeHtml(title)}</h2><table>${rows}</table>`;
}

/**
 * Writes a run's outputs to `<outDir>/<workflowId>/`: the PNGs, metrics.json, model.json and report.html.
 * Returns the paths written, in that order.
 */
export async function writeRunOutputs(store: ArtifactStore, result: PipelineResult, outDir: string, workflowId: string): Promise<{ dir: string; files: string[] }> {
  const dir = resolve(outDir, workflowId.replace(/[^A-Za-z0-9._-]/g, '_'));
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const images: string[] = [];
  for (const artifact of result.artifacts) {
    const name = artifact.name.replace(/[^A-Za-z0-9._-]/g, '_');
    const path = join(dir, name);
    writeFileSync(path, await store.readBytes(artifact));
    files.push(path);
    if (artifact.mediaType === 'image/png') images.push(name);
  }
  const metricsPath = join(dir, 'metrics.json');
  writeFileSync(metricsPath, JSON.stringify(result.metrics, null, 2) + '\n');
  const modelPath = join(dir, 'model.json');
  writeFileSync(modelPath, JSON.stringify(await store.readJson(result.model), null, 2) + '\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sigmoid run ${escapeHtml(workflowId)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1500px;margin:2em auto;color:#222}table{border-collapse:collapse;margin-bottom:1em}th,td{border-bottom:1px solid #ddd;padding:4px 12px;text-align:left}td{font-variant-numeric:tabular-nums}img{max-width:100%;margin:8px;border:1px solid #eee}</style></head><body>
<h1>Sigmoid run <code>${escapeHtml(workflowId)}</code></h1>
<pre>${escapeHtml(summaryLines(result).join('\n'))}</pre>
${metricsTable('Training metrics', result.metrics.train)}${result.metrics.test ? metricsTable('Test metrics', result.metrics.test) : ''}
${images.map((n) => `<figure><img src="${escapeHtml(n)}" alt="${escapeHtml(n)}"><figcaption>${escapeHtml(n)}</figcaption></figure>`).join('\n')}
<p>Model: <a href="model.json">model.json</a> · Metrics: <a href="metrics.json">metrics.json</a></p>
</body></html>
`;
  const reportPath = join(dir, 'report.html');
  writeFileSync(reportPath, html);
  files.push(metricsPath, modelPath, reportPath);
  return { dir, files };
}
