import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '@sigmoid/random';

// numpy 1.24.2's RandomState(seed).standard_normal(2_000_000) on Debian 12 (glibc 2.36, x86-64 with FMA),
// as written by scripts/make-reference-fixtures.ts: sha256 of the Float64 bytes, and numpy's raw values
// at indices where this package's normals used to differ (its log was correctly rounded, glibc's is not).

interface SeedReference {
  sha256: string;
  sha256First200000: string;
  values: [number, string][];
}
const fixture = JSON.parse(readFileSync(new URL('./test-support/numpy-normals-fixture.json', import.meta.url), 'utf8')) as { seeds: Record<string, SeedReference> };
const sha256 = (a: Float64Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const bits = (x: number) => `0x${new BigUint64Array(new Float64Array([x]).buffer)[0]!.toString(16).padStart(16, '0')}`;

describe.each(Object.entries(fixture.seeds))('standard_normal of RandomState(%s) against numpy', (seed, ref) => {
  it('standardNormalInto(2 000 000): every bit equal', () => {
    const z = new RandomState(Number(seed)).standardNormalInto(new Float64Array(2_000_000));
    expect(ref.values.map(([i]) => [i, bits(z[i]!)])).toEqual(ref.values);
    expect(sha256(z)).toBe(ref.sha256);
  });
  it('standardNormal() one at a time (the JavaScript path), 200 000 values: every bit equal', () => {
    const r = new RandomState(Number(seed));
    const z = new Float64Array(200_000);
    for (let i = 0; i < z.length; i++) z[i] = r.standardNormal();
    expect(ref.values.filter(([i]) => i < z.length).map(([i]) => [i, bits(z[i]!)])).toEqual(ref.values.filter(([i]) => i < z.length));
    expect(sha256(z)).toBe(ref.sha256First200000);
  });
});
