import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

/** A source that logs when each item is requested and when it is handed over. */
function source(n: number, log: string[], failAt = -1) {
  let closed = false;
  const gen = (async function* () {
    try {
      for (let i = 0; i < n; i++) {
        log.push(`request ${i}`);
        await new Promise((r) => setTimeout(r, 1));
        if (i === failAt) throw new Error(`item ${i} is corrupt`);
        yield i;
      }
    } finally {
      closed = true;
    }
  })();
  return { gen, closed: () => closed };
}

describe('readAhead', () => {
  it('requests the next item before the consumer works on the current one, in order, one request at a time', async () => {
    const log: string[] = [];
    const got: number[] = [];
    for await (const v of readAhead(source(4, log).gen)) {
      log.push(`consume ${v}`);
      got.push(v);
    }
    expect(got).toEqual([0, 1, 2, 3]);
    expect(log).toEqual(['request 0', 'request 1', 'consume 0', 'request 2', 'consume 1', 'request 3', 'consume 2', 'consume 3']);
  });

  it('throws a failed item where it belongs (earlier items arrive), without an unhandled rejection while the consumer is busy', async () => {
    const log: string[] = [];
    const got: number[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(
        (async () => {
          for await (const v of readAhead(source(5, log, 2).gen)) {
            got.push(v);
            await new Promise((r) => setTimeout(r, 10)); // the request for item 2 fails meanwhile
          }
        })(),
      ).rejects.toThrow('item 2 is corrupt');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(got).toEqual([0, 1]);
    expect(unhandled).toEqual([]);
  });

  it('stopping early waits for the request ahead and closes the source', async () => {
    const log: string[] = [];
    const s = source(10, log);
    for await (const v of readAhead(s.gen)) if (v === 1) break;
    expect(s.closed()).toBe(true);
    expect(log).toEqual(['request 0', 'request 1', 'request 2']);
  });

  it('an empty source ends at once', async () => {
    const got: number[] = [];
    for await (const v of readAhead(source(0, []).gen)) got.push(v);
    expect(got).toEqual([]);
  });
});
