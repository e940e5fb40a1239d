import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { validateSchema, recordBatches, defaultDatasetSpec, SchemaMismatchError } from '@sigmoid/arrow-store';

const table = tableFromArrays({ x0: Float64Array.of(1, 2), x1: Float32Array.of(3, 4), y: Int32Array.of(0, 1) });

describe('validateSchema', () => {
  it('accepts a matching schema', () => {
    expect(() => validateSchema(table.schema, { features: ['x0', 'x1'], label: 'y' })).not.toThrow();
  });
  it('names a missing column and the columns present', () => {
    expect(() => validateSchema(table.schema, { features: ['x0', 'x9'], label: 'y' })).toThrowError(/feature column "x9".*no such column.*x0, x1, y/);
  });
  it('names a column of the wrong type with expected and received', () => {
    const err = (() => { try { validateSchema(table.schema, { features: ['y'], label: 'y' }); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(SchemaMismatchError);
    expect((err as SchemaMismatchError).column).toBe('y');
    expect((err as Error).message).toMatch(/Expected Float64 or Float32 for feature column "y" but received Int32/);
  });
});

describe('recordBatches', () => {
  it('reads a table batch by batch', async () => {
    let rows = 0;
    for await (const b of recordBatches(table)) rows += b.numRows;
    expect(rows).toBe(2);
  });
});

describe('defaultDatasetSpec', () => {
  it('orders x columns numerically', () => {
    const t = tableFromArrays({ x10: Float64Array.of(1), x2: Float64Array.of(1), y: Int32Array.of(0) });
    expect(defaultDatasetSpec(t.schema)).toEqual({ features: ['x2', 'x10'], label: 'y' });
  });
});
