import { Field, Float64, Int32, RecordBatch, Schema, Struct, makeData } from 'apache-arrow';

/** Benchmark data: `features` Float64 columns x0.. (sin waves) and an Int32 label y, built directly. */
export function benchSchema(features: number): Schema {
  return new Schema([...Array.from({ length: features }, (_, j) => new Field(`x${j}`, new Float64(), false)), new Field('y', new Int32(), false)]);
}

/** Rows [offset, offset + n) of the benchmark data. */
export function makeBenchBatch(schema: Schema, offset: number, n: number): RecordBatch {
  const features = schema.fields.length - 1;
  const children = [];
  for (let j = 0; j < features; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = Math.sin((offset + i) * (j + 1));
    children.push(makeData({ type: new Float64(), length: n, data: v }));
  }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = (offset + i) & 1;
  children.push(makeData({ type: new Int32(), length: n, data: y }));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
}
