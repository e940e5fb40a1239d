/**
 * The JavaScript reference of the shuffle draws that kernels.wat `permutation` makes (xoshiro128**
 * on a ShuffleRng state; uniform integers by Lemire's multiply-shift up to 2^21, by rejection and a
 * modulo above; Fisher-Yates). Tests only: the trainer shuffles in wasm.
 */
const TWO32 = 0x100000000;
const LEMIRE_MAX = 0x200000;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Next 32-bit unsigned integer of the generator whose four uint32 words are `s` (updated). */
export function nextUint32(s: number[]): number {
  const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
  const t = (s[1]! << 9) >>> 0;
  s[2] = (s[2]! ^ s[0]!) >>> 0;
  s[3] = (s[3]! ^ s[1]!) >>> 0;
  s[1] = (s[1]! ^ s[2]!) >>> 0;
  s[0] = (s[0]! ^ s[3]!) >>> 0;
  s[2] = (s[2]! ^ t) >>> 0;
  s[3] = rotl(s[3]!, 11);
  return result;
}

/**
 * Uniform integer in [0, n), unbiased, n <= 2^32. For n <= 2^21 Lemire's method (x * n is exact in a
 * double; the high 32 bits are the draw, rejected only when the low bits fall under 2^32 mod n);
 * larger n: rejection of x >= 2^32 - (2^32 mod n), then x mod n.
 */
export function nextInt(s: number[], n: number): number {
  if (n <= LEMIRE_MAX) {
    for (;;) {
      const m = nextUint32(s) * n;
      const hi = (m / TWO32) >>> 0;
      const lo = m - hi * TWO32;
      if (lo >= n || lo >= TWO32 % n) return hi;
    }
  }
  const limit = TWO32 - (TWO32 % n);
  for (;;) {
    const v = nextUint32(s);
    if (v < limit) return v % n;
  }
}

/** The identity permutation of n, shuffled by Fisher-Yates: for i = n-1 .. 1, swap a[i] and a[nextInt(i + 1)]. */
export function shuffledIdentity(s: number[], n: number): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = nextInt(s, i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
