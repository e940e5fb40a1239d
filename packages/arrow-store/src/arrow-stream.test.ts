import { describe, expect, it } from 'vitest';
import { Table, tableFromArrays, tableFromIPC, type RecordBatch } from 'apache-arrow';
import { encodeArrowStream, type StreamSourceErrors } from './arrow-stream.js';

const errors: StreamSourceErrors = {
  notABatch: (_item, index) => new Error(`item ${index} is not a batch`),
  schemaDiffers: (_a, _b, index) => new Error(`batch ${index} differs`),
};

/** Batches of 2^17 rows (1 MiB each, so every batch is flushed on its own), logged as they are produced and recycled. */
function recyclableSource(n: number, log: string[], failAt = -1) {
  const batches = Array.from({ length: n }, (_, i) => tableFromArrays({ x: Float64Array.from({ length: 1 << 17 }, (_, r) => i * 1e6 + r) }).batches[0]!);
  const gen = (async function* () {
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, 1));
      if (i === failAt) throw new Error(`batch ${i} could not be made`);
      log.push(`produce ${i}`);
      yield batches[i]!;
    }
  })();
  return Object.assign(gen, { recycle: (b: RecordBatch) => log.push(`recycle ${batches.indexOf(b)}`) });
}

/** A write that takes 5 ms, logging start and end; it copies the bytes (as a file would keep them). */
function slowWrite(log: string[], out: Uint8Array[], failOn = -1) {
  let calls = 0;
  let inFlight = 0;
  return async (chunks: Uint8Array[]) => {
    const call = calls++;
    inFlight++;
    expect(inFlight).toBe(1);
    log.push(`write ${call} start`);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    if (call === failOn) throw new Error(`disk full on write ${call}`);
    for (const c of chunks) out.push(c.slice());
    log.push(`write ${call} end`);
  };
}

describe('encodeArrowStream', () => {
  it('produces the next batch while a write is in flight, writes in order one at a time, and recycles a batch only after its bytes are written', async () => {
    const log: string[] = [];
    const out: Uint8Array[] = [];
    const { numRows } = await encodeArrowStream(recyclableSource(4, log), undefined, slowWrite(log, out), errors);
    expect(numRows).toBe(4 << 17);
    // Overlap: batch 1 is produced while write 0 (schema + batch 0) is in flight.
    expect(log.indexOf('produce 1')).toBeLessThan(log.indexOf('write 0 end'));
    for (let i = 0; i < 4; i++) expect(log.indexOf(`recycle ${i}`)).toBeGreaterThan(log.indexOf(`write ${i} end`));
    const ends = log.filter((l) => l.endsWith(' end'));
    expect(ends).toEqual(['write 0 end', 'write 1 end', 'write 2 end', 'write 3 end', 'write 4 end']);
    const table = tableFromIPC(Buffer.concat(out));
    expect(table.numRows).toBe(4 << 17);
    expect(table.getChild('x')!.get((3 << 17) + 5)).toBe(3e6 + 5);
  });

  it('reports a failed write, after which no batch is recycled', async () => {
    const log: string[] = [];
    await expect(encodeArrowStream(recyclableSource(4, log), undefined, slowWrite(log, [], 1), errors)).rejects.toThrowError('disk full on write 1');
    expect(log.filter((l) => l.startsWith('recycle'))).toEqual(['recycle 0']);
  });

  it('when the source fails, waits for the write in flight before reporting the source error', async () => {
    const log: string[] = [];
    await expect(encodeArrowStream(recyclableSource(4, log, 2), undefined, slowWrite(log, []), errors)).rejects.toThrowError('batch 2 could not be made');
    expect(log.at(-1)).toBe('write 1 end');
  });

  it('leaves batches of a source without recycle alone and writes a plain table whole', async () => {
    const out: Uint8Array[] = [];
    const t = tableFromArrays({ x: new Float64Array([1, 2, 3]) });
    await encodeArrowStream(new Table([t.batches[0]!, t.batches[0]!]), undefined, slowWrite([], out), errors);
    expect(tableFromIPC(Buffer.concat(out)).getChild('x')!.toArray()).toEqual(new Float64Array([1, 2, 3, 1, 2, 3]));
  });
});
