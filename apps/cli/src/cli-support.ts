import { readFileSync } from 'node:fs';
import { InvalidParameterError } from '@sigmoid/arrow-store';

/** Exit codes of every `sigmoid` command. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;

/** Wrong command-line usage: a missing option, malformed JSON, an unknown file type. Exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses a `--params '<JSON>'` option (or `@file.json`) into an object.
 * @throws UsageError saying what was expected and what was received.
 */
export function parseJsonObject(option: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  const source = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw new UsageError(`Expected a JSON object for ${option} but could not parse ${JSON.stringify(source.slice(0, 60))}: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`Expected a JSON object for ${option} but received ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Maps an error to the exit code: usage and bad parameters -> 2, anything else -> 1. */
export function exitCodeFor(err: unknown): number {
  return err instanceof UsageError || err instanceof InvalidParameterError ? ExitCode.usage : ExitCode.failed;
}

/** Prints an error the way every command does: one line `sigmoid: <name>: <message>` on stderr. */
export function reportError(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`sigmoid: ${e.name}: ${e.message}\n`);
  if (process.env.SIGMOID_DEBUG && e.stack) process.stderr.write(e.stack + '\n');
}
