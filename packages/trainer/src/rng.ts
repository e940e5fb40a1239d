/**
 * The seeded state of the mini-batch solvers' shuffle generator (xoshiro128**, seeded through
 * splitmix32) as plain numbers, so shuffling can be checkpointed and resumed bit-exactly. The draws
 * themselves run in wasm (kernels.wat `permutation`; JavaScript reference in
 * test-support/shuffle-reference.ts). Kept inside the trainer: the stream only has to be reproducible
 * here, not numpy-compatible.
 */
export class ShuffleRng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: number[]): void {
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0) as [number, number, number, number];
  }
}

/** Stateless per-row coin for the validation hold-out: uniform in [0, 1) from (seed, row). */
export function rowUniform(seed: number, row: number): number {
  let z = (Math.imul(row >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(row / 0x100000000) + 1, 0x85ebca77) ^ (seed >>> 0)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return z / 0x100000000;
}
