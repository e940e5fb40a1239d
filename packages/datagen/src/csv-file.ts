import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { DataType, Field, Float64, Int32, RecordBatch, Schema, Struct, makeData, type Data, type Vector } from 'apache-arrow';
import type { DatasetSpec } from '@sigmoid/arrow-store';
import { CsvFormatError, DatasetFileError } from './errors.js';

/** A double as the shortest text that reads back to the same double (JavaScript's Number#toString), keeping -0. */
export function formatDouble(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The text of one record batch as CSV rows (no header). Nulls become empty fields. */
export function batchToCsv(batch: RecordBatch): string {
  const n = batch.numRows;
  const cols = batch.schema.fields.map((f, i) => {
    const v = batch.getChildAt(i)! as Vector;
    const numeric = (DataType.isFloat(f.type) || DataType.isInt(f.type)) && v.nullCount === 0 && !(DataType.isInt(f.type) && f.type.bitWidth === 64);
    const values = numeric ? (v.toArray() as ArrayLike<number>) : null;
    const isFloat = DataType.isFloat(f.type);
    return (i: number): string => {
      if (values !== null) return isFloat ? formatDouble(values[i]!) : String(values[i]!);
      const x = v.get(i);
      if (x === null || x === undefined) return '';
      return typeof x === 'number' ? formatDouble(x) : quote(String(x));
    };
  });
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let line = cols[0]!(i);
    for (let j = 1; j < cols.length; j++) line += ',' + cols[j]!(i);
    lines[i] = line;
  }
  return n > 0 ? lines.join('\n') + '\n' : '';
}

/** Writes batches as CSV: a header of column names, then one line per row. */
export async function writeCsv(handle: FileHandle, batches: AsyncIterable<RecordBatch>, emptySchema: Schema | null): Promise<{ numRows: number; numBatches: number }> {
  let header: string | null = null;
  let numRows = 0;
  let numBatches = 0;
  for await (const batch of batches) {
    const names = batch.schema.fields.map((f) => quote(f.name)).join(',');
    if (header === null) {
      header = names;
      await handle.write(header + '\n');
    } else if (names !== header) {
      throw new DatasetFileError(`Expected every record batch to have the columns ${header} but batch ${numBatches} has ${names}`, '(csv)');
    }
    await handle.write(batchToCsv(batch));
    numRows += batch.numRows;
    numBatches++;
  }
  if (header === null && emptySchema !== null) await handle.write(emptySchema.fields.map((f) => quote(f.name)).join(',') + '\n');
  return { numRows, numBatches };
}

/** Splits one CSV line into fields (RFC 4180 quoting; quoted fields may not span lines). */
function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let text = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        text += line.slice(i, q);
        if (line[q + 1] === '"') {
          text += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(text);
      if (i === line.length) return out;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

const SPECIAL: Record<string, number> = { nan: Number.NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Column types of a CSV dataset: the label column is Int32, every other column Float64. */
export function csvSchema(names: string[], spec: DatasetSpec | undefined): Schema {
  const label = spec?.label ?? 'y';
  return new Schema(names.map((name) => new Field(name, name === label ? new Int32() : new Float64(), false)));
}

/**
 * Reads a CSV dataset as record batches of `batchSize` rows: a header line, then numbers. The label
 * column (spec.label, default "y") must hold integers and becomes Int32; every other column Float64.
 * Numbers written by {@link writeCsv} read back to the same doubles.
 */
export async function* readCsv(path: string, options: { spec?: DatasetSpec; batchSize: number; onSchema?: (schema: Schema) => void }): AsyncGenerator<RecordBatch, void, undefined> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let schema: Schema | null = null;
  let names: string[] = [];
  let cols: (Float64Array | Int32Array)[] = [];
  let filled = 0;
  let lineNo = 0;
  let rest = '';
  const { batchSize } = options;

  const emit = (): RecordBatch => {
    const children: Data[] = schema!.fields.map((f, j) =>
      makeData({ type: f.type as Float64 | Int32, length: filled, nullCount: 0, data: cols[j]!.subarray(0, filled) } as never),
    );
    const batch = new RecordBatch(schema!, makeData({ type: new Struct(schema!.fields), length: filled, nullCount: 0, children }));
    cols = schema!.fields.map((f) => (DataType.isInt(f.type) ? new Int32Array(batchSize) : new Float64Array(batchSize)));
    filled = 0;
    return batch;
  };

  const parseLine = (line: string): void => {
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (schema === null) {
      const header = splitCsvLine(line);
      if (header === null || header.length === 0 || header.every((h) => h === '')) throw new CsvFormatError(`Expected a header line of column names on line 1 of ${path} but received ${JSON.stringify(line.slice(0, 80))}`, path, 1, '(header)');
      names = header;
      schema = csvSchema(names, options.spec);
      options.onSchema?.(schema);
      cols = schema.fields.map((f) => (DataType.isInt(f.type) ? new Int32Array(batchSize) : new Float64Array(batchSize)));
      return;
    }
    if (line === '') return;
    const fields = splitCsvLine(line);
    if (fields === null) throw new CsvFormatError(`Expected properly quoted fields on line ${lineNo} of ${path}`, path, lineNo, '(line)');
    if (fields.length !== names.length) {
      throw new CsvFormatError(`Expected ${names.length} fields (${names.join(',')}) on line ${lineNo} of ${path} but found ${fields.length}`, path, lineNo, names[Math.min(fields.length, names.length - 1)]!);
    }
    for (let j = 0; j < fields.length; j++) {
      const text = fields[j]!.trim();
      let v: number;
      if (DECIMAL.test(text)) v = Number(text);
      else if (text.toLowerCase() in SPECIAL) v = SPECIAL[text.toLowerCase()]!;
      else throw new CsvFormatError(`Expected a number in column "${names[j]}" on line ${lineNo} of ${path} but found ${JSON.stringify(fields[j])}`, path, lineNo, names[j]!);
      const col = cols[j]!;
      if (col instanceof Int32Array && (!Number.isInteger(v) || v < -2147483648 || v > 2147483647)) {
        throw new CsvFormatError(`Expected an integer class label in column "${names[j]}" on line ${lineNo} of ${path} but found ${JSON.stringify(fields[j])}`, path, lineNo, names[j]!);
      }
      col[filled] = v;
    }
    filled++;
  };

  try {
    for await (const chunk of stream) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        parseLine(text.slice(start, nl));
        start = nl + 1;
        if (filled === batchSize) yield emit();
      }
      rest = text.slice(start);
    }
    if (rest !== '') parseLine(rest);
  } catch (err) {
    stream.destroy();
    if (err instanceof CsvFormatError) throw err;
    throw new DatasetFileError(`Expected a readable CSV file at ${path} but reading failed: ${(err as Error).message}`, path);
  }
  if (schema === null) throw new CsvFormatError(`Expected a header line of column names in ${path} but the file is empty`, path, 1, '(header)');
  if (filled > 0) yield emit();
}
