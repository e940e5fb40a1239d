/**
 * L-BFGS (strong-Wolfe line search, Nocedal & Wright alg. 3.5/3.6 with cubic interpolation) and its
 * l1 extension OWL-QN (Andrew & Gao 2007: pseudo-gradient, orthant-projected backtracking), for
 * objectives whose every evaluation is one streaming pass over the data. The whole solver state is
 * plain numbers, so an interrupted run resumes from the state after its last finished iteration.
 */

/** Evaluates the smooth part f(x) and writes its gradient into g. One pass over the data. */
export type Evaluate = (x: Float64Array, g: Float64Array) => Promise<number>;

export interface LbfgsState {
  iteration: number;
  x: number[];
  /** Smooth objective and gradient at x. */
  f: number;
  g: number[];
  /** Correction pairs, oldest first. */
  s: number[][];
  y: number[][];
  converged: boolean;
  /** Number of function evaluations (passes) so far. */
  evaluations: number;
  /** Consecutive iterations whose objective decrease was below machine precision. */
  stalled?: number;
}

export interface LbfgsOptions {
  /** Per-coordinate l1 weights (OWL-QN); null or all zero for a smooth problem. */
  l1: Float64Array | null;
  maxIter: number;
  /** Stop when max |projected gradient| <= gtol. */
  gtol: number;
  /** Correction pairs kept. Default 10. */
  memory?: number;
  /** Called after each iteration with the new state; return true to stop. */
  onIteration?: (state: LbfgsState, objective: number) => Promise<boolean> | boolean;
}

function l1Term(x: Float64Array, l1: Float64Array | null): number {
  if (l1 === null) return 0;
  let a = 0;
  for (let i = 0; i < x.length; i++) a += l1[i]! * Math.abs(x[i]!);
  return a;
}

/** Pseudo-gradient of f + sum l1_i |x_i| (equals g when l1 is null). */
function pseudoGradient(x: Float64Array, g: Float64Array, l1: Float64Array | null, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const lam = l1 === null ? 0 : l1[i]!;
    const gi = g[i]!;
    if (lam === 0) out[i] = gi;
    else if (x[i]! > 0) out[i] = gi + lam;
    else if (x[i]! < 0) out[i] = gi - lam;
    else if (gi + lam < 0) out[i] = gi + lam;
    else if (gi - lam > 0) out[i] = gi - lam;
    else out[i] = 0;
  }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Two-loop recursion: out = -H * v. */
function direction(v: Float64Array, S: number[][], Y: number[][], out: Float64Array): void {
  const m = S.length;
  const q = Float64Array.from(v);
  const alpha = new Float64Array(m);
  const rho = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    rho[k] = 1 / dot(Y[k]!, S[k]!);
    alpha[k] = rho[k]! * dot(S[k]!, q);
    const y = Y[k]!;
    for (let i = 0; i < q.length; i++) q[i] = q[i]! - alpha[k]! * y[i]!;
  }
  const gamma = m > 0 ? dot(S[m - 1]!, Y[m - 1]!) / dot(Y[m - 1]!, Y[m - 1]!) : 1;
  for (let i = 0; i < q.length; i++) q[i] = q[i]! * gamma;
  for (let k = 0; k < m; k++) {
    const beta = rho[k]! * dot(Y[k]!, q);
    const s = S[k]!;
    for (let i = 0; i < q.length; i++) q[i] = q[i]! + (alpha[k]! - beta) * s[i]!;
  }
  for (let i = 0; i < q.length; i++) out[i] = -q[i]!;
}

/** Minimiser of the cubic interpolating (a, fa, ga), (b, fb, gb); falls back to bisection. */
function cubicMin(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const d1 = ga + gb - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    const t = b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    // Keep the trial safely inside the bracket.
    if (Number.isFinite(t) && t > lo + 0.1 * (hi - lo) && t < hi - 0.1 * (hi - lo)) return t;
  }
  return (a + b) / 2;
}

export async function lbfgs(evaluate: Evaluate, x0: Float64Array, opts: LbfgsOptions, resume: LbfgsState | null = null): Promise<LbfgsState> {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const l1 = opts.l1 !== null && opts.l1.some((v) => v !== 0) ? opts.l1 : null;
  let state: LbfgsState;
  if (resume !== null) {
    state = structuredClone(resume);
  } else {
    const g = new Float64Array(n);
    const x = Float64Array.from(x0);
    const f = await evaluate(x, g);
    state = { iteration: 0, x: Array.from(x), f, g: Array.from(g), s: [], y: [], converged: false, evaluations: 1 };
  }
  const x = Float64Array.from(state.x);
  const g = Float64Array.from(state.g);
  let f = state.f;
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const c1 = 1e-4;
  const c2 = 0.9;

  pseudoGradient(x, g, l1, pg);
  if (maxAbs(pg) <= opts.gtol) state.converged = true;

  while (!state.converged && state.iteration < opts.maxIter) {
    direction(pg, state.s, state.y, d);
    if (l1 !== null) for (let i = 0; i < n; i++) if (d[i]! * pg[i]! >= 0) d[i] = 0;
    let slope = dot(pg, d);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): restart from steepest descent.
      state.s = [];
      state.y = [];
      for (let i = 0; i < n; i++) d[i] = -pg[i]!;
      slope = dot(pg, d);
      if (!(slope < 0)) {
        state.converged = true;
        break;
      }
    }
    const F = f + l1Term(x, l1);
    let step = state.iteration === 0 && state.s.length === 0 ? Math.min(1, 1 / maxAbs(pg)) : 1;
    let fNew = NaN;
    let accepted = false;

    if (l1 === null) {
      // Strong Wolfe: bracket (N&W alg. 3.5), then zoom (alg. 3.6).
      let aLo = 0;
      let fLo = f;
      let gLo = slope;
      let aHi = NaN;
      let fHi = NaN;
      let gHi = NaN;
      let a = step;
      let zooming = false;
      for (let ls = 0; ls < 25; ls++) {
        for (let i = 0; i < n; i++) xNew[i] = x[i]! + a * d[i]!;
        fNew = await evaluate(xNew, gNew);
        state.evaluations++;
        const gA = dot(gNew, d);
        if (!Number.isFinite(fNew) || fNew > f + c1 * a * slope || fNew >= fLo && (zooming || ls > 0)) {
          aHi = a;
          fHi = fNew;
          gHi = gA;
          zooming = true;
        } else if (Math.abs(gA) <= -c2 * slope) {
          accepted = true;
          break;
        } else if (zooming ? gA * (aHi - aLo) >= 0 : gA >= 0) {
          aHi = aLo;
          fHi = fLo;
          gHi = gLo;
          aLo = a;
          fLo = fNew;
          gLo = gA;
          zooming = true;
        } else {
          aLo = a;
          fLo = fNew;
          gLo = gA;
        }
        if (!zooming) {
          a = 4 * a;
        } else {
          // A bracket this narrow means the objective is flat at machine precision along d.
          if (Math.abs(aHi - aLo) <= 1e-10 * Math.max(1, Math.abs(aLo))) break;
          a = Number.isFinite(fHi) && Number.isFinite(gHi) ? cubicMin(aLo, fLo, gLo, aHi, fHi, gHi) : (aLo + aHi) / 2;
        }
      }
      if (!accepted && aLo > 0 && fLo < f) {
        // Sufficient decrease without the curvature condition: still progress.
        for (let i = 0; i < n; i++) xNew[i] = x[i]! + aLo * d[i]!;
        fNew = await evaluate(xNew, gNew);
        state.evaluations++;
        accepted = fNew < f;
      }
    } else {
      // OWL-QN: backtracking on the orthant-projected step.
      for (let ls = 0; ls < 60; ls++) {
        for (let i = 0; i < n; i++) {
          const v = x[i]! + step * d[i]!;
          const orthant = x[i]! !== 0 ? Math.sign(x[i]!) : -Math.sign(pg[i]!);
          xNew[i] = Math.sign(v) === orthant ? v : 0;
        }
        fNew = await evaluate(xNew, gNew);
        state.evaluations++;
        let decrease = 0;
        for (let i = 0; i < n; i++) decrease += pg[i]! * (xNew[i]! - x[i]!);
        if (Number.isFinite(fNew) && fNew + l1Term(xNew, l1) <= F + c1 * decrease) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
    }

    if (!accepted) {
      // No decrease is possible at machine precision: x is the optimum as far as doubles can tell.
      state.converged = true;
      break;
    }
    const sVec = new Array<number>(n);
    const yVec = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      sVec[i] = xNew[i]! - x[i]!;
      yVec[i] = gNew[i]! - g[i]!;
    }
    if (dot(sVec, yVec) > 1e-16 * dot(yVec, yVec)) {
      state.s.push(sVec);
      state.y.push(yVec);
      if (state.s.length > m) {
        state.s.shift();
        state.y.shift();
      }
    }
    const FNew = fNew + l1Term(xNew, l1);
    x.set(xNew);
    g.set(gNew);
    const fOld = F;
    f = fNew;
    state.iteration++;
    pseudoGradient(x, g, l1, pg);
    state.x = Array.from(x);
    state.g = Array.from(g);
    state.f = f;
    if (maxAbs(pg) <= opts.gtol) state.converged = true;
    // Objective flat to the last bits for several iterations: machine precision reached.
    state.stalled = fOld - FNew <= 1e-15 * Math.abs(fOld) ? (state.stalled ?? 0) + 1 : 0;
    if (state.stalled >= 3) state.converged = true;
    if (opts.onIteration && (await opts.onIteration(state, FNew))) break;
  }
  return state;
}

/** f + l1 term for reporting. */
export function objectiveOf(state: LbfgsState, l1: Float64Array | null): number {
  return state.f + l1Term(Float64Array.from(state.x), l1);
}
