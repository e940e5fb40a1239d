import { describe, expect, it } from 'vitest';
import { glibcLog, glibcLogExact, parseHexDouble } from './glibc-log.js';
import { bitsHex, fixtureArguments, fixtureSha256, formerMismatchPairs, sha256 } from './test-support/glibc-log-reference.js';

// The reference is glibc 2.36's log on x86-64 with FMA (Debian 12), read through Python's math.log by
// scripts/make-reference-fixtures.ts: hashes of its results on 200 000 generated arguments, and the raw
// results on the 1928 arguments behind the normals that used to differ from numpy's.

const logs = { glibcLog, glibcLogExact };

describe.each(Object.entries(logs))('%s', (_, log) => {
  it.each(['special', 'polar', 'bits', 'near1', 'unit', 'subnormal'] as const)('equals glibc bit for bit on the fixture\'s %s arguments', (kind) => {
    const xs = fixtureArguments().get(kind)!;
    expect(xs.length).toBeGreaterThan(kind === 'special' ? 20 : 39_999);
    expect(sha256(xs.map(log))).toBe(fixtureSha256(kind));
  });

  it('equals glibc on every argument behind a former mismatch of the normals', () => {
    const pairs = formerMismatchPairs();
    expect(pairs.length).toBe(1928);
    const bad = pairs.filter(([x, y]) => !Object.is(log(x), y)).map(([x, y]) => [bitsHex(x), bitsHex(log(x)), bitsHex(y)]);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('returns -Infinity at ±0, +0 at 1, Infinity at Infinity and NaN below 0 and at NaN', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(Infinity)).toBe(Infinity);
    expect(log(-1e-300)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(Number.NaN)).toBeNaN();
  });
});

describe('parseHexDouble', () => {
  it('reads C hexadecimal literals exactly', () => {
    expect(parseHexDouble('0x1.8p-3')).toBe(0.1875);
    expect(parseHexDouble('-0x1p-1')).toBe(-0.5);
    expect(parseHexDouble('0x1p0')).toBe(1);
    expect(parseHexDouble('0x1.fffffffffffffp+1023')).toBe(Number.MAX_VALUE);
    expect(parseHexDouble('0x1.62e42fefa3800p-1')).toBe(0.6931471805598903);
  });
  it('rejects anything else', () => {
    expect(() => parseHexDouble('0.5')).toThrowError(/Expected a hexadecimal double such as 0x1.8p-3 but received 0.5/);
    expect(() => parseHexDouble('0x1.00000000000000p+0')).toThrowError(/hexadecimal double/); // 56 bits
    expect(() => parseHexDouble('0x2.0p+0')).toThrowError(/hexadecimal double/);
  });
});
