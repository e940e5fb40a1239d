import { describe, expect, it } from 'vitest';
import { logCorrectlyRounded } from './log.js';

/** Parses C99 hex floats such as '-0x1.89f660e206ff5p-2' exactly (13 hex digits = 52 bits). */
const hex = (s: string): number => {
  const m = /^(-?)0x([01])\.([0-9a-f]{13})p([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`Expected a hex float but received ${s}`);
  const v = (Number(m[2]) * 2 ** 52 + parseInt(m[3]!, 16)) * 2 ** (Number(m[4]) - 52);
  return m[1] === '-' ? -v : v;
};

// [x, log(x) correctly rounded], printed by Python: (x.hex(), float(Decimal(x).ln()).hex()) at 60 digits.
// The first six are arguments where V8's Math.log (fdlibm) is off by one ulp.
const cases: [string, string][] = [
  ['0x1.5c7c34bcb88c8p-1', '-0x1.89f660e206ff5p-2'],
  ['0x1.a0de2a7a45d18p-2', '-0x1.cc22be701d41bp-1'],
  ['0x1.a86c4bcc716c8p-2', '-0x1.c2f0806a0a6cdp-1'],
  ['0x1.0003bdffeec1ap+0', '0x1.defc7728ac223p-15'],
  ['0x1.0012143fbfb09p+0', '0x1.2139c5a1967ecp-12'],
  ['0x1.ffe3da53b8be7p-1', '-0x1.c26725f52e677p-13'],
  ['0x1.0000000000000p-1022', '-0x1.6232bdd7abcd2p+9'],
  ['0x1.fffffffffffffp+1023', '0x1.62e42fefa39efp+9'],
  ['0x1.fffffffffffffp-1', '-0x1.0000000000000p-53'],
  ['0x1.0000000000001p+0', '0x1.fffffffffffffp-53'],
  ['0x1.0000000000000p-1', '-0x1.62e42fefa39efp-1'],
  ['0x1.0000000000000p-104', '-0x1.205966f2b4f12p+6'],
  ['0x1.7ffffffffffffp-1', '-0x1.269621134db95p-2'],
  ['0x1.7ffffffffffffp+0', '0x1.9f323ecbf9849p-2'],
];

describe('logCorrectlyRounded', () => {
  it('returns the correctly rounded logarithm, including where Math.log is one ulp off', () => {
    expect(cases.map(([x]) => logCorrectlyRounded(hex(x)))).toEqual(cases.map(([, y]) => hex(y)));
    expect(cases.slice(0, 6).filter(([x, y]) => Math.log(hex(x)) !== hex(y)).length).toBe(6);
  });
  it('is exact at 1 and passes special arguments to Math.log', () => {
    expect(Object.is(logCorrectlyRounded(1), 0)).toBe(true);
    expect(logCorrectlyRounded(0)).toBe(-Infinity);
    expect(logCorrectlyRounded(Infinity)).toBe(Infinity);
    expect(logCorrectlyRounded(-1)).toBeNaN();
    expect(logCorrectlyRounded(Number.NaN)).toBeNaN();
    expect(logCorrectlyRounded(5e-324)).toBe(Math.log(5e-324));
  });
  it('stays within half an ulp of Math.log over a sweep (sanity check of the table)', () => {
    for (let i = 1; i < 5000; i++) {
      const x = (i / 5000) * 2 ** ((i % 41) - 20);
      const y = logCorrectlyRounded(x);
      expect(Math.abs(y - Math.log(x))).toBeLessThanOrEqual(Math.abs(y) * Number.EPSILON);
    }
  });
});
