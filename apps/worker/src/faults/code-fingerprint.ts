/**
 * A fingerprint of the trainer's sources, so a fault scenario can tell "the model differs" from "the worker
 * ran other code than the process that computed the reference fit". The suite runs from sources (tsx,
 * vite-node) while other engineers edit them: a worker spawned after a source edit trains with other
 * arithmetic than the test process loaded at its start. That is how one server-restart run got a
 * model that differed from its reference (the sgd shuffle order changed mid-run, commit ce709ab).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const trainerSources = fileURLToPath(new URL('../../../../packages/trainer/src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .filter((f) => !f.endsWith('.test.ts'))
    .sort();
}

/** sha256 (first 16 hex digits) over the paths and contents of packages/trainer/src, tests excluded. */
export function trainerFingerprint(): string {
  const h = createHash('sha256');
  for (const f of files(trainerSources)) h.update(f.slice(trainerSources.length)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** The fingerprint of the trainer sources this process loaded (read when this module is first imported). */
export const loadedTrainerFingerprint = trainerFingerprint();

/**
 * Throws when a worker's log says it loaded other trainer sources than this process: its model cannot be
 * compared with a reference fit computed here. Say so, instead of reporting a model mismatch.
 */
export function expectSameTrainerSources(workerFingerprints: (string | undefined)[]): void {
  const other = workerFingerprints.filter((f) => f !== undefined && f !== loadedTrainerFingerprint);
  if (other.length > 0) {
    throw new Error(
      `packages/trainer/src changed while the fault suite ran (test process ${loadedTrainerFingerprint}, worker ${other.join(', ')}): the worker trained with other code than the reference fit, so models cannot be compared. Run again once the sources are settled.`,
    );
  }
}
