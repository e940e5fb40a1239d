/**
 * Reading one item ahead of the consumer: the next item of `source` is requested as soon as the
 * current one is handed over, so a reader's I/O (file reads run on libuv's thread pool, object-store
 * downloads on the network) overlaps with the consumer's work on the current batch instead of
 * alternating with it. At most one request is outstanding (sources such as Arrow's readers are not
 * asked for two items at once), so memory grows by one item. Errors surface at the item they belong
 * to; stopping early (break, throw) waits for the outstanding request and then closes the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  const request = (): Promise<IteratorResult<T>> => {
    const p = it.next();
    // Handled here so that a failure of the request ahead is not an unhandled rejection while the
    // consumer is busy; it is still thrown below, when the consumer reaches that item.
    p.catch(() => undefined);
    return p;
  };
  // The request in flight while the consumer holds an item: non-null only when the consumer stops early.
  let pending: Promise<IteratorResult<T>> | null = request();
  try {
    for (;;) {
      const current = pending!;
      pending = null;
      const r = await current; // a source that fails or ends needs no closing
      if (r.done === true) return;
      pending = request();
      yield r.value;
    }
  } finally {
    if (pending !== null) {
      await pending.catch(() => undefined);
      await it.return?.();
    }
  }
}
