/**
 * Checks glibcLog (JavaScript) and the WebAssembly logarithm against this machine's C library: Python's
 * `math.log` calls the libm `log` (as numpy's legacy normals do; numpy's own `np.log` is a different,
 * vectorised routine and is not used). Arguments are drawn in batches, written as little-endian doubles
 * for Python, and compared bit for bit:
 *
 * src/test-support/log-arguments.ts's kinds in turn (polar-method r2, random bit patterns, near 1 and
 * the near-1 path's bounds, [0.5, 2), subnormals), batch b drawn with seed `--seed` + b, the specials
 * (0, -0, 1, Infinity, NaN, negatives, extremes) in every batch.
 *
 *   npx tsx --conditions=@sigmoid/source packages/random/scripts/validate-glibc-log.ts [--n 2e7] [--seed 1]
 *
 * Prints, per kind, how many arguments were compared and how many differ (and the first few that do).
 * The WebAssembly logarithm is checked on the arguments in its domain, [2^-1022, 2^1024).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glibcLog, glibcLogExact } from '../src/glibc-log.js';
import { MT19937, stateSlotOf } from '../src/mt19937.js';
import { logArguments, type LogArgumentKind } from '../src/test-support/log-arguments.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Math.round(Number(process.argv[i + 1]));
  if (!Number.isFinite(v) || v < 0) throw new Error(`Expected a non-negative number after ${name} but received ${process.argv[i + 1]}`);
  return v;
}
const total = option('--n', 2e7);
const seed = option('--seed', 1);
const BATCH = 1_000_000;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** glibc's results for `xs`, through Python (math.log; ctypes' libm log where math.log raises). */
function libmLog(xs: Float64Array, dir: string): Float64Array {
  const inPath = join(dir, 'x.f64');
  const outPath = join(dir, 'y.f64');
  writeFileSync(inPath, xs);
  const py = spawnSync('python3', ['-c', `
import array, ctypes, math, sys
libm = ctypes.CDLL('libm.so.6'); libm.log.restype = ctypes.c_double; libm.log.argtypes = [ctypes.c_double]
xs = array.array('d'); xs.frombytes(open(sys.argv[1], 'rb').read())
log = math.log
def one(x):
    try: return log(x)
    except (ValueError, OverflowError): return libm.log(x)
ys = array.array('d', map(one, xs))
open(sys.argv[2], 'wb').write(ys.tobytes())
`, inPath, outPath], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
  const b = readFileSync(outPath);
  return new Float64Array(b.buffer, b.byteOffset, b.length / 8);
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
const hex = (x: number) => {
  f64[0] = x;
  return `0x${u32[1]!.toString(16).padStart(8, '0')}${u32[0]!.toString(16).padStart(8, '0')}`;
};

const { log: wasmLog, logExact: wasmLogExact } = stateSlotOf(new MT19937()).kernels;
const dir = mkdtempSync(join(tmpdir(), 'glibc-log-'));
type Counts = { n: number; js: number; jsExact: number; wasmN: number; wasm: number; wasmExact: number };
const stats = new Map<LogArgumentKind, Counts>();
const examples: string[] = [];
const check = (name: string, x: number, got: number, want: number): number => {
  if (same(got, want)) return 0;
  if (examples.length < 10) examples.push(`${name} x=${hex(x)} (${x}) got ${hex(got)} want ${hex(want)}`);
  return 1;
};
try {
  for (let done = 0, batch = 0; done < total; batch++) {
    const { x: xs, kind } = logArguments(Math.min(BATCH, total - done), seed + batch);
    const want = libmLog(xs, dir);
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j]!;
      const s = stats.get(kind[j]!) ?? { n: 0, js: 0, jsExact: 0, wasmN: 0, wasm: 0, wasmExact: 0 };
      stats.set(kind[j]!, s);
      s.n++;
      s.js += check('js', x, glibcLog(x), want[j]!);
      s.jsExact += check('jsExact', x, glibcLogExact(x), want[j]!);
      if (x >= 2.2250738585072014e-308 && x < Infinity) {
        s.wasmN++;
        s.wasm += check('wasm', x, wasmLog(x), want[j]!);
        s.wasmExact += check('wasmExact', x, wasmLogExact(x), want[j]!);
      }
    }
    done += xs.length - (kind.length - kind.filter((k) => k !== 'special').length);
    process.stderr.write(`\r${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stderr.write('\n');
let all = 0;
let bad = 0;
for (const [kind, s] of stats) {
  all += s.n;
  bad += s.js + s.jsExact + s.wasm + s.wasmExact;
  console.log(
    `${kind.padEnd(10)} ${s.n.toLocaleString('en-US').padStart(12)} arguments differ: JavaScript ${s.js} (exact path alone ${s.jsExact}); ` +
      `WebAssembly ${s.wasm} (exact path alone ${s.wasmExact}) of ${s.wasmN.toLocaleString('en-US')} in its domain`,
  );
}
for (const e of examples) console.log(e);
console.log(`${all.toLocaleString('en-US')} arguments, ${bad} differences from this machine's libm log`);
process.exitCode = bad === 0 ? 0 : 1;
