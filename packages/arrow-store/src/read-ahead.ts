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
  let pending: Promise<IteratorResult<T>> | null = it.next();
  // Handled here so that a failure of the request ahead is not an unhandled rejection while the
  // consumer is busy; it is still thrown below, when the consumer reaches that item.
  pending.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const r: IteratorResult<T> = await pending;
      pending = null;
      if (r.done === true) {
        finished = true;
        return;
      }
      pending = it.next();
      pending.catch(() => undefined);
      yield r.value;
    }
  } catch (err) {
    finished = true; // the source failed (or was closed by its own error): nothing to close
    throw err;
  } finally {
    if (!finished) {
      if (pending !== null) await pending.catch(() => undefined);
      await it.return?.();
    }
  }
}
