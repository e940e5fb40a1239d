/** Fixture data for the tests (not exported from the package entry). */
import { readFileSync } from 'node:fs';
import { tableFromArrays, type RecordBatch, type Table } from 'apache-arrow';

const dir = new URL('../../../tools/fixtures/sklearn/', import.meta.url);

export function readFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

/** The make_classification fixture `name` as a table with columns x0..x{d-1} (Float64) and y (Int32). */
export function fixtureTable(name: string): Table {
  const { X, y } = readFixture<{ X: number[][]; y: number[] }>(`make_classification.${name}.json`);
  const cols: Record<string, Float64Array | Int32Array> = {};
  for (let j = 0; j < X[0]!.length; j++) cols[`x${j}`] = Float64Array.from(X, (r) => r[j]!);
  cols.y = Int32Array.from(y);
  return tableFromArrays(cols);
}

/** Splits a table into record batches of `size` rows (the last may be shorter). */
export function rebatch(table: Table, size: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let i = 0; i < table.numRows; i += size) out.push(...table.slice(i, Math.min(table.numRows, i + size)).batches);
  return out;
}
