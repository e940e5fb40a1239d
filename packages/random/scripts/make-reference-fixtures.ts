/**
 * Writes the reference fixtures of the exactness tests from this machine's numpy and C library (the tests
 * themselves never call Python: CI has no numpy):
 *
 * - src/test-support/numpy-normals-fixture.json: for seeds 0, 1, 2, 42, 12345, the sha256 of the
 *   Float64 (little-endian) bytes of numpy's `RandomState(seed).standard_normal(2_000_000)` and of its
 *   first 200 000 values, and numpy's values at the first 60 indices of former-normal-mismatches.json;
 * - src/test-support/glibc-log-fixture.json: glibc's `log` (Python's math.log, which calls libm's; ctypes'
 *   libm log where math.log raises) on logArguments(200 000, 7), as sha256 per argument kind, and the
 *   arguments and results themselves (base64 Float64 pairs) for every r2 behind a former mismatch.
 *
 * Reference values, not our results: nothing of @sigmoid/random's logarithm goes in (the arguments
 * are drawn with its MT19937 only, whose doubles are tested equal to numpy's elsewhere).
 *
 *   npx tsx --conditions=@sigmoid/source packages/random/scripts/make-reference-fixtures.ts
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalBytes, logArguments, polarArgumentsAt, type LogArgumentKind } from '../src/test-support/log-arguments.js';

const SEEDS = [0, 1, 2, 42, 12345];
const NORMALS = 2_000_000;
const PREFIX = 200_000;
const RAW_PER_SEED = 60;
const LOG_ARGUMENTS = 200_000;
const LOG_SEED = 7;

const supportDir = fileURLToPath(new URL('../src/test-support/', import.meta.url));
const former = JSON.parse(readFileSync(join(supportDir, 'former-normal-mismatches.json'), 'utf8')) as { seeds: Record<string, number[]> };
const dir = mkdtempSync(join(tmpdir(), 'sigmoid-random-fixtures-'));

function python(code: string, ...args: string[]): string {
  const py = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
  return py.stdout;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

try {
  // numpy's normals
  const rawIndices = Object.fromEntries(SEEDS.map((s) => [s, (former.seeds[s] ?? []).slice(0, RAW_PER_SEED)]));
  const versions = python('import numpy, platform; print(numpy.__version__, platform.libc_ver()[1])').trim();
  const normals = JSON.parse(
    python(
      `
import hashlib, json, sys, numpy as np
raw = json.loads(sys.argv[1]); out = {}
for seed in ${JSON.stringify(SEEDS)}:
    z = np.random.RandomState(seed).standard_normal(${NORMALS}).astype('<f8')
    out[seed] = {'sha256': hashlib.sha256(z.tobytes()).hexdigest(),
                 'sha256First${PREFIX}': hashlib.sha256(z[:${PREFIX}].tobytes()).hexdigest(),
                 'values': [[i, '0x%016x' % z[i:i+1].view('<u8')[0]] for i in raw[str(seed)]]}
print(json.dumps(out))
`,
      JSON.stringify(rawIndices),
    ),
  ) as Record<string, { sha256: string; [prefix: string]: unknown; values: [number, string][] }>;
  const normalsFixture = {
    about:
      `numpy ${versions.split(' ')[0]} RandomState(seed).standard_normal(${NORMALS}) on glibc ${versions.split(' ')[1]} x86-64 (FMA): sha256 of the little-endian Float64 bytes ` +
      `of all values and of the first ${PREFIX}, and [index, IEEE bits as hex] at the first ${RAW_PER_SEED} indices of former-normal-mismatches.json. ` +
      'Written by packages/random/scripts/make-reference-fixtures.ts.',
    seeds: Object.fromEntries(
      SEEDS.map((s) => {
        const n = normals[s]!;
        return [s, { sha256: n.sha256, sha256First200000: n[`sha256First${PREFIX}`], values: n.values }];
      }),
    ),
  };
  writeFileSync(join(supportDir, 'numpy-normals-fixture.json'), `${JSON.stringify(normalsFixture, null, 1)}\n`);

  // glibc's log
  const { x, kind } = logArguments(LOG_ARGUMENTS, LOG_SEED);
  const formerArgs = Float64Array.from(SEEDS.flatMap((s) => Array.from(polarArgumentsAt(s, [...new Set((former.seeds[s] ?? []).map((i) => i >> 1))].map((j) => 2 * j)))));
  const all = new Float64Array(x.length + formerArgs.length);
  all.set(x);
  all.set(formerArgs, x.length);
  writeFileSync(join(dir, 'x.f64'), all);
  python(
    `
import array, ctypes, math, sys
libm = ctypes.CDLL('libm.so.6'); libm.log.restype = ctypes.c_double; libm.log.argtypes = [ctypes.c_double]
xs = array.array('d'); xs.frombytes(open(sys.argv[1], 'rb').read())
def one(x):
    try: return math.log(x)
    except (ValueError, OverflowError): return libm.log(x)
open(sys.argv[2], 'wb').write(array.array('d', map(one, xs)).tobytes())
`,
    join(dir, 'x.f64'),
    join(dir, 'y.f64'),
  );
  const yb = readFileSync(join(dir, 'y.f64'));
  const y = new Float64Array(yb.buffer.slice(yb.byteOffset, yb.byteOffset + yb.length));
  const byKind: Partial<Record<LogArgumentKind, number[]>> = {};
  kind.forEach((k, i) => (byKind[k] ??= []).push(y[i]!));
  const pairs = new Float64Array(2 * formerArgs.length);
  formerArgs.forEach((r2, i) => {
    pairs[2 * i] = r2;
    pairs[2 * i + 1] = y[x.length + i]!;
  });
  const logFixture = {
    about:
      `glibc ${versions.split(' ')[1]} log (x86-64, FMA CPU: __log_fma) through python3 math.log: sha256 of the little-endian Float64 bytes of the results on ` +
      `logArguments(${LOG_ARGUMENTS}, ${LOG_SEED}) (src/test-support/log-arguments.ts) per argument kind, NaN written as 0x7ff8000000000000; and ` +
      `formerMismatches, base64 of Float64 pairs (r2, log(r2)) for the ${formerArgs.length} distinct r2 behind former-normal-mismatches.json. ` +
      'Written by packages/random/scripts/make-reference-fixtures.ts.',
    arguments: { count: LOG_ARGUMENTS, seed: LOG_SEED },
    sha256: Object.fromEntries(Object.entries(byKind).map(([k, ys]) => [k, sha256(canonicalBytes(Float64Array.from(ys)))])),
    formerMismatches: Buffer.from(pairs.buffer).toString('base64'),
  };
  writeFileSync(join(supportDir, 'glibc-log-fixture.json'), `${JSON.stringify(logFixture, null, 1)}\n`);
  console.log(`wrote numpy-normals-fixture.json (numpy ${versions}) and glibc-log-fixture.json (${x.length} + ${formerArgs.length} arguments)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
