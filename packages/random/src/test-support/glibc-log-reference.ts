/**
 * Reads glibc-log-fixture.json (written by scripts/make-reference-fixtures.ts from this machine's libm)
 * and checks a logarithm against it. Test-only: not built.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalBytes, logArguments, type LogArgumentKind } from './log-arguments.js';

interface LogFixture {
  arguments: { count: number; seed: number };
  sha256: Record<LogArgumentKind, string>;
  formerMismatches: string;
}

const fixture = JSON.parse(readFileSync(new URL('./glibc-log-fixture.json', import.meta.url), 'utf8')) as LogFixture;


let cached: Map<LogArgumentKind, Float64Array> | undefined;

/** The fixture's arguments, by kind. */
export function fixtureArguments(): Map<LogArgumentKind, Float64Array> {
  if (cached !== undefined) return cached;
  const { x, kind } = logArguments(fixture.arguments.count, fixture.arguments.seed);
  const lists = new Map<LogArgumentKind, number[]>();
  kind.forEach((k, i) => {
    const list = lists.get(k) ?? [];
    list.push(x[i]!);
    lists.set(k, list);
  });
  cached = new Map([...lists].map(([k, v]) => [k, Float64Array.from(v)]));
  return cached;
}

/** glibc's sha256 of the results for one kind of argument. */
export function fixtureSha256(kind: LogArgumentKind): string {
  return fixture.sha256[kind];
}

export function sha256(ys: Float64Array): string {
  return createHash('sha256').update(canonicalBytes(ys)).digest('hex');
}

/** The polar-method arguments behind the former mismatches with glibc's results: [r2, log(r2)] pairs. */
export function formerMismatchPairs(): [number, number][] {
  const b = Buffer.from(fixture.formerMismatches, 'base64');
  const f = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  const pairs: [number, number][] = [];
  for (let i = 0; i < f.length; i += 2) pairs.push([f[i]!, f[i + 1]!]);
  return pairs;
}

/** IEEE bits of x as 16 hex digits (NaNs alike), for readable failures. */
export function bitsHex(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  const f = new Float64Array([x]);
  return new BigUint64Array(f.buffer)[0]!.toString(16).padStart(16, '0');
}
