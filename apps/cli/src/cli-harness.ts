/**
 * Test support for the command tests (not part of the build): runs `sigmoid` in-process with stdout
 * and stderr captured, and a temporary folder removed after the file's tests.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';

export interface CliHarness {
  /** The temporary folder. */
  dir: string;
  /** A path inside it. */
  out(name: string): string;
  /** Everything the commands printed so far; tests may reset the fields. */
  io: { stdout: string; stderr: string };
  /** Runs `sigmoid ...args`, resolving to the exit code. */
  run(...args: string[]): Promise<number>;
}

export function cliHarness(prefix: string): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const io = { stdout: '', stderr: '' };
  beforeAll(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((io.stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((io.stderr += String(chunk)), true));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, io, out: (name) => join(dir, name), run: (...args) => main(['node', 'sigmoid', ...args]) };
}
