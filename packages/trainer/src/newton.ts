/**
 * Newton's method for small problems: gradient and Hessian accumulated in one pass, Cholesky solve,
 * Armijo backtracking. Quadratic convergence takes it to the optimum to the last digits in a few passes.
 */

/** Evaluates f at x; fills g and the dense row-major Hessian h (when given). One pass over the data. */
export type EvaluateWithHessian = (x: Float64Array, g: Float64Array, h: Float64Array | null) => Promise<number>;

export interface NewtonState {
  iteration: number;
  x: number[];
  converged: boolean;
  evaluations: number;
  /** Consecutive iterations whose objective decrease was below machine precision. */
  stalled?: number;
}

export interface NewtonOptions {
  maxIter: number;
  gtol: number;
  onIteration?: (state: NewtonState, objective: number) => Promise<boolean> | boolean;
}

/** Solves H v = b in place (b becomes v) by Cholesky; adds a growing ridge when H is not positive definite. */
export function choleskySolve(h: Float64Array, b: Float64Array, n: number): void {
  let ridge = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(h[i * n + i]!));
  if (scale === 0) scale = 1;
  const L = new Float64Array(n * n);
  for (let attempt = 0; attempt < 30; attempt++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let diag = h[j * n + j]! + ridge;
      for (let k = 0; k < j; k++) diag -= L[j * n + k]! * L[j * n + k]!;
      if (!(diag > 1e-14 * scale)) {
        ok = false;
        break;
      }
      const ljj = Math.sqrt(diag);
      L[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let v = h[i * n + j]!;
        for (let k = 0; k < j; k++) v -= L[i * n + k]! * L[j * n + k]!;
        L[i * n + j] = v / ljj;
      }
    }
    if (ok) break;
    ridge = ridge === 0 ? 1e-12 * scale : ridge * 10;
    L.fill(0);
  }
  for (let i = 0; i < n; i++) {
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= L[i * n + k]! * b[k]!;
    b[i] = v / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = b[i]!;
    for (let k = i + 1; k < n; k++) v -= L[k * n + i]! * b[k]!;
    b[i] = v / L[i * n + i]!;
  }
}

export async function newton(evaluate: EvaluateWithHessian, x0: Float64Array, opts: NewtonOptions, resume: NewtonState | null = null): Promise<NewtonState> {
  const n = x0.length;
  const state: NewtonState = resume !== null ? structuredClone(resume) : { iteration: 0, x: Array.from(x0), converged: false, evaluations: 0 };
  const x = Float64Array.from(state.x);
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const hNew = new Float64Array(n * n);
  let f = await evaluate(x, g, h);
  state.evaluations++;
  const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (maxAbs(g) <= opts.gtol) state.converged = true;
  while (!state.converged && state.iteration < opts.maxIter) {
    const step = Float64Array.from(g, (v) => -v);
    choleskySolve(h, step, n);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i]! * step[i]!;
    if (!(slope < 0)) {
      state.converged = true;
      break;
    }
    let t = 1;
    let accepted = false;
    let fNew = NaN;
    for (let ls = 0; ls < 20; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * step[i]!;
      hNew.fill(0);
      fNew = await evaluate(xNew, gNew, hNew);
      state.evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      // At the optimum f cannot drop any more in floating point; accept a non-increasing full step
      // whose gradient is smaller (Newton's local quadratic convergence still holds).
      if (t === 1 && fNew <= f && maxAbs(gNew) < maxAbs(g)) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      state.converged = true;
      break;
    }
    // Objective flat to the last bits twice in a row: machine precision reached.
    state.stalled = fNew >= f - 1e-15 * Math.abs(f) ? (state.stalled ?? 0) + 1 : 0;
    x.set(xNew);
    g.set(gNew);
    h.set(hNew);
    f = fNew;
    state.iteration++;
    state.x = Array.from(x);
    if (maxAbs(g) <= opts.gtol || state.stalled >= 2) state.converged = true;
    if (opts.onIteration && (await opts.onIteration(state, f))) break;
  }
  return state;
}
