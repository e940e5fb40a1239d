import type { WorkflowHandle } from '@temporalio/client';

/** How many attempts each activity of a run took, read from its history (ActivityTaskStarted.attempt). */
export async function activityAttempts(handle: WorkflowHandle): Promise<{ activity: string; attempt: number }[]> {
  const history = await handle.fetchHistory();
  const names = new Map<string, string>();
  const out: { activity: string; attempt: number }[] = [];
  for (const ev of history.events ?? []) {
    const scheduled = ev.activityTaskScheduledEventAttributes;
    if (scheduled) names.set(String(ev.eventId), scheduled.activityType?.name ?? '?');
    const started = ev.activityTaskStartedEventAttributes;
    if (started) out.push({ activity: names.get(String(started.scheduledEventId)) ?? '?', attempt: started.attempt ?? 1 });
  }
  return out;
}

/** Resolves with `promise`, or rejects after `ms` naming `what` (so a stuck run fails the test instead of hanging it). */
export async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
