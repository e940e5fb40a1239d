/**
 * Floating-point summation the way the metrics need it.
 *
 * Streaming accumulators use Neumaier's compensated summation: the result is within about one ulp of
 * the exact sum whatever the batch boundaries or merge order, so a split run agrees with one pass
 * and with numpy's pairwise sum (itself within O(log n) ulps) far below the 12th digit.
 * Where scikit-learn's result depends on numpy's exact summation order (np.trapz, the average
 * precision sum), {@link pairwiseSum} replicates numpy's `pairwise_sum` bit for bit.
 */

/** A compensated running sum, `value = sum + comp`. Plain JSON: `[sum, comp]`. */
export class CompensatedSum {
  sum = 0;
  comp = 0;
  add(x: number): void {
    const s = this.sum;
    const t = s + x;
    this.comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sum = t;
  }
  merge(other: CompensatedSum): void {
    this.add(other.sum);
    this.comp += other.comp;
  }
  get value(): number {
    return this.sum + this.comp;
  }
  toJSON(): [number, number] {
    return [this.sum, this.comp];
  }
  static fromJSON(v: unknown): CompensatedSum {
    const s = new CompensatedSum();
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
      s.sum = v[0];
      s.comp = v[1];
    } else if (typeof v === 'number') {
      s.sum = v;
    }
    return s;
  }
}

/** Adds `x` to the compensated pair stored at `sums[i]`, `comps[i]`. */
export function addCompensated(sums: Float64Array, comps: Float64Array, i: number, x: number): void {
  const s = sums[i]!;
  const t = s + x;
  comps[i] = comps[i]! + (Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s);
  sums[i] = t;
}

/** numpy's `pairwise_sum` for float64 (what `np.sum` / `np.add.reduce` computes on a contiguous array). */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const p = start + i;
      r0 += a[p]!; r1 += a[p + 1]!; r2 += a[p + 2]!; r3 += a[p + 3]!;
      r4 += a[p + 4]!; r5 += a[p + 5]!; r6 += a[p + 6]!; r7 += a[p + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}
