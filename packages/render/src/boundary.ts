/**
 * The decision-boundary chart: what scikit-learn users draw with `contourf` + `contour` + `scatter`.
 */
import { InvalidParameterError, defaultDatasetSpec, recordBatches, type DatasetSpec, type RecordBatchSource } from '@sigmoid/arrow-store';
import { RecordBatch, Table } from 'apache-arrow';
import { drawFrame, layoutFrame, type Frame, type FrameSpec, type Rect } from './axes.js';
import { zeroContour } from './contour.js';
import { ModelContractError } from './errors.js';
import { drawLegend, type LegendEntry } from './legend.js';
import { drawMarker, drawMarkers, markerFor, TAB20_LIGHT } from './markers.js';
import { checkBoolean, checkColor, checkInteger, checkNumber, checkObject, checkString, groupThousands, resolveChartOptions, type ChartOptions } from './options.js';
import { blend, encodePng, Raster, type Rgb } from './raster.js';
import { scanScatter } from './scan.js';
import { SvgLayer } from './svg.js';

/**
 * What the renderer needs from a model: its classes and class probabilities for a batch of rows.
 * `LogisticRegression` from `@sigmoid/trainer` satisfies it; so does any object with these members.
 */
export interface ProbabilisticClassifier {
  /** Class labels, in the order of the probability columns. At least two. */
  readonly classes_: ArrayLike<number | string | bigint>;
  /** Number of features the model expects, when it knows (checked against the dataset spec). */
  readonly nFeaturesIn_?: number;
  /**
   * Class probabilities.
   * @param X row-major `nRows x nFeatures` matrix
   * @returns row-major `nRows x classes_.length` probabilities
   */
  predictProbaMatrix(X: Float64Array, nRows: number): Float64Array;
}

/** Options of {@link renderDecisionBoundary}. */
export interface DecisionBoundaryOptions extends ChartOptions {
  /** Column roles. Default: `defaultDatasetSpec(schema)` (features `x0..`, label `y`). */
  spec?: DatasetSpec;
  /**
   * The two features on the x and y axes (names from `spec.features`). Default: the first two.
   * Every other feature is held at its mean over the dataset while the regions are computed.
   */
  axes?: readonly [string, string];
  /** Extra room around the data range, in data units, on each side. Default 1 (as the sklearn demo). */
  margin?: number;
  /** Number of probability bands, 2..100. Default 20. */
  levels?: number;
  /** Region colours by class index. Default the light tab20 colours (#aec7e8, #ffbb78, #98df8a, ...). */
  regionColors?: readonly string[];
  /** Opacity of the region colours over white for the most certain band, 0..1. Default 0.4. */
  alpha?: number;
  /**
   * Shade bands by certainty: the opacity falls from `alpha` far from the boundary to 0.5 x `alpha`
   * next to it, so the probability gradient is visible. false: every band at `alpha`, exactly
   * matplotlib's two-colour look. Default true.
   */
  shade?: boolean;
  /** Draw the decision boundary (P = 0.5 for two classes) as a black line. Default true. */
  boundary?: boolean;
  /** Most markers drawn; larger datasets show a uniform random sample and the legend says so. 1..100000, default 2000. */
  maxMarkers?: number;
  /** Seed of that sample. Default 0. */
  sampleSeed?: number;
  /** Legend texts by class index. Default `class <label>`. */
  classLabels?: readonly string[];
  /** Colour-bar title (two classes only). Default `P(class = <second class>)`. */
  colorbarLabel?: string;
}

/** Where things are in a decision-boundary image (pixels), for overlays, image maps and tests. */
export interface DecisionBoundaryLayout extends Pick<Frame, 'width' | 'height' | 'plot' | 'colorbar' | 'titleBox' | 'xLabelBox' | 'yLabelBox' | 'colorbarLabelBox'> {
  legendBox?: Rect;
  /** Data range shown on each axis (data range +- margin). */
  xDomain: [number, number];
  yDomain: [number, number];
  /** Markers drawn and rows in the dataset (drawn < total when the scatter is a sample). */
  markersShown: number;
  numRows: number;
  /** Data coordinates (of the two plotted features) -> pixel coordinates. */
  toPixel(x: number, y: number): [number, number];
}

const ROWS_PER_CALL = 32;

function isRecordBatchSource(v: unknown): v is RecordBatchSource {
  return v instanceof Table || v instanceof RecordBatch || (typeof v === 'object' && v !== null && (Symbol.iterator in v || Symbol.asyncIterator in v));
}

function checkModel(model: unknown): { classes: string[]; model: ProbabilisticClassifier } {
  const m = model as Partial<ProbabilisticClassifier> | null;
  if (m === null || typeof m !== 'object') throw new ModelContractError(`Expected a model with classes_ and predictProbaMatrix() but received ${m === null ? 'null' : typeof m}`);
  if (typeof m.predictProbaMatrix !== 'function') throw new ModelContractError('Expected the model to have a predictProbaMatrix(X, nRows) method but it has none (is it fitted?)');
  const cls = m.classes_;
  if (!cls || typeof cls !== 'object' || typeof (cls as ArrayLike<unknown>).length !== 'number' || cls.length < 2) {
    throw new ModelContractError(`Expected the model's classes_ to list at least two classes but received ${cls === undefined ? 'undefined' : JSON.stringify(Array.from((cls as ArrayLike<unknown>) ?? [], String))}`);
  }
  return { classes: Array.from(cls, (c) => String(c)), model: m as ProbabilisticClassifier };
}

/** Resolves the spec without consuming a one-shot stream: peeks the first batch when needed. */
async function resolveSource(source: RecordBatchSource, spec: DatasetSpec | undefined): Promise<{ source: RecordBatchSource; spec: DatasetSpec }> {
  if (spec) return { source, spec };
  if (source instanceof Table || source instanceof RecordBatch) return { source, spec: defaultDatasetSpec(source.schema) };
  const it = recordBatches(source);
  const first = await it.next();
  if (first.done) return { source: [], spec: { features: [], label: 'y' } };
  const head = first.value;
  async function* rest() {
    yield head;
    yield* it;
  }
  return { source: rest(), spec: defaultDatasetSpec(head.schema) };
}

/**
 * Renders a model's decision regions over a dataset as a PNG.
 *
 * The probability of each class is evaluated at the centre of every pixel of the plot (the model is
 * asked for rows of pixels at a time), quantised into `levels` bands, and painted in the colour of
 * the most probable class. For two classes the black line is P(second class) = 0.5, and a colour bar
 * shows the bands; with more, lines separate the regions of different most-probable classes.
 * With more than two features, the two in `axes` span the plot and the others are held at their
 * dataset means (so the picture is one slice through feature space).
 *
 * @param model anything that keeps the {@link ProbabilisticClassifier} contract
 * @param data an Arrow Table, a RecordBatch, or an (async) iterable of record batches; read once
 * @returns PNG bytes
 * @throws InvalidParameterError for a bad option, SchemaMismatchError / InvalidDataError for bad
 *   data, ModelContractError for a model that does not keep the contract
 */
export async function renderDecisionBoundary(model: ProbabilisticClassifier, data: RecordBatchSource, options: DecisionBoundaryOptions = {}): Promise<Buffer> {
  return (await renderDecisionBoundaryFigure(model, data, options)).png;
}

/** {@link renderDecisionBoundary}, also returning where everything was drawn. */
export async function renderDecisionBoundaryFigure(
  model: ProbabilisticClassifier,
  data: RecordBatchSource,
  options: DecisionBoundaryOptions = {},
): Promise<{ png: Buffer; layout: DecisionBoundaryLayout }> {
  const o = checkObject('options', options);
  const { classes, model: clf } = checkModel(model);
  if (!isRecordBatchSource(data)) throw new InvalidParameterError('data', 'an Arrow Table, RecordBatch or (async) iterable of RecordBatch', data);
  const K = classes.length;
  const margin = checkNumber('margin', o.margin, 0, 1e12, 1);
  const levels = checkInteger('levels', o.levels, 2, 100, 20);
  const alpha = checkNumber('alpha', o.alpha, 0, 1, 0.4);
  const shade = checkBoolean('shade', o.shade, true);
  const showBoundary = checkBoolean('boundary', o.boundary, true);
  const maxMarkers = checkInteger('maxMarkers', o.maxMarkers, 1, 100_000, 2000);
  const seed = checkInteger('sampleSeed', o.sampleSeed, 0, 2 ** 32 - 1, 0);
  const regionHex = o.regionColors === undefined ? [...TAB20_LIGHT] : (o.regionColors as unknown[]);
  if (!Array.isArray(regionHex) || regionHex.length === 0) throw new InvalidParameterError('regionColors', 'a non-empty array of colours', o.regionColors);
  const regionColors = regionHex.map((c, i) => checkColor(`regionColors[${i}]`, c));
  const classLabelsOpt = o.classLabels as unknown;
  if (classLabelsOpt !== undefined && (!Array.isArray(classLabelsOpt) || classLabelsOpt.some((l) => typeof l !== 'string'))) {
    throw new InvalidParameterError('classLabels', 'an array of strings', classLabelsOpt);
  }
  const colorbarLabel = checkString('colorbarLabel', o.colorbarLabel, `P(class = ${classes[1]})`);
  const axesGiven = o.axes !== undefined;
  const chart = resolveChartOptions(o, { title: 'Logistic regression decision boundary', xLabel: 'feature 1', yLabel: 'feature 2' });

  const { source, spec } = await resolveSource(data, o.spec as DatasetSpec | undefined);
  const d = spec.features.length;
  let axes: [number, number] = [0, 1];
  if (axesGiven) {
    const a = o.axes as unknown;
    if (!Array.isArray(a) || a.length !== 2 || a.some((n) => typeof n !== 'string' || !spec.features.includes(n)) || a[0] === a[1]) {
      throw new InvalidParameterError('axes', `two different feature names from ${JSON.stringify(spec.features)}`, a);
    }
    axes = [spec.features.indexOf(a[0] as string), spec.features.indexOf(a[1] as string)];
    if (o.xLabel === undefined) chart.xLabel = a[0] as string;
    if (o.yLabel === undefined) chart.yLabel = a[1] as string;
  } else if (d < 2) {
    throw new InvalidParameterError('spec.features', 'at least two feature columns to plot', spec.features);
  }
  if (clf.nFeaturesIn_ !== undefined && clf.nFeaturesIn_ !== d) {
    throw new ModelContractError(`Expected a model for ${d} features (${spec.features.join(', ')}) but the model was fitted on ${clf.nFeaturesIn_}`);
  }

  const scan = await scanScatter(source, spec, axes, classes, maxMarkers, seed);
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(scan.means[j] as number)) throw new InvalidParameterError(`mean of feature "${spec.features[j]}"`, 'a finite number (the data holds NaN or Inf)', scan.means[j]);
  }
  const xDomain: [number, number] = [scan.xMin - margin, scan.xMax + margin];
  const yDomain: [number, number] = [scan.yMin - margin, scan.yMax + margin];
  if (!(xDomain[1] > xDomain[0])) xDomain[1] = xDomain[0] + 1;
  if (!(yDomain[1] > yDomain[0])) yDomain[1] = yDomain[0] + 1;

  const binary = K === 2;
  const frameSpec: FrameSpec = {
    width: chart.width,
    height: chart.height,
    title: chart.title,
    x: { domain: xDomain, label: chart.xLabel },
    y: { domain: yDomain, label: chart.yLabel },
    ...(binary ? { colorbar: { label: colorbarLabel, domain: [0, 1] as const } } : {}),
  };
  const frame = layoutFrame(frameSpec);
  const { plot } = frame;
  const W = plot.width;
  const H = plot.height;

  // Band colours, precomputed over white: band b of class k.
  const bandColor = (k: number, b: number): Rgb => {
    const base = regionColors[k % regionColors.length] as Rgb;
    let certainty: number;
    if (binary) certainty = Math.abs((b + 0.5) / levels - 0.5) * 2;
    else certainty = (b + 0.5) / levels;
    return blend(base, shade ? alpha * (0.5 + 0.5 * certainty) : alpha);
  };
  const palette: Rgb[][] = Array.from({ length: K }, (_, k) => Array.from({ length: levels }, (_, b) => bandColor(k, b)));

  // Evaluate the model at every pixel centre, a few pixel rows per call.
  const raster = new Raster(chart.width, chart.height);
  const contourFields: Float32Array[] = binary ? [new Float32Array(W * H)] : Array.from({ length: K }, () => new Float32Array(W * H));
  const field0 = contourFields[0] as Float32Array;
  const pixels = raster.pixels;
  // Band colours as a flat RGB table indexed by class * levels + band.
  const flat = new Uint8Array(K * levels * 3);
  palette.forEach((bands, k) => bands.forEach((c, b) => flat.set([c.r, c.g, c.b], (k * levels + b) * 3)));
  const X = new Float64Array(ROWS_PER_CALL * W * d);
  for (let i = 0; i < ROWS_PER_CALL * W; i++) X.set(scan.means, i * d);
  const [ax, ay] = axes;
  const xOf = (c: number) => xDomain[0] + ((c + 0.5) / W) * (xDomain[1] - xDomain[0]);
  for (let r0 = 0; r0 < H; r0 += ROWS_PER_CALL) {
    const rows = Math.min(ROWS_PER_CALL, H - r0);
    const n = rows * W;
    for (let r = 0; r < rows; r++) {
      const yv = yDomain[1] - ((r0 + r + 0.5) / H) * (yDomain[1] - yDomain[0]);
      for (let c = 0; c < W; c++) {
        const o2 = (r * W + c) * d;
        X[o2 + ax] = xOf(c);
        X[o2 + ay] = yv;
      }
    }
    const P = clf.predictProbaMatrix(n === X.length / d ? X : X.subarray(0, n * d), n);
    if (!(P instanceof Float64Array) || P.length !== n * K) {
      throw new ModelContractError(`Expected predictProbaMatrix to return a Float64Array of length ${n * K} (${n} rows x ${K} classes) but received ${P instanceof Float64Array ? `one of length ${P.length}` : typeof P}`);
    }
    for (let i = 0; i < n; i++) {
      const r = r0 + ((i / W) | 0);
      const c = i - (r - r0) * W;
      const cell = r * W + c;
      let color: number;
      if (binary) {
        const p1 = P[i * 2 + 1] as number;
        if (!(p1 >= 0 && p1 <= 1)) throw new ModelContractError(`Expected probabilities in [0, 1] from predictProbaMatrix but received ${p1}`);
        field0[cell] = p1 - 0.5;
        const band = Math.min(levels - 1, Math.floor(p1 * levels));
        color = p1 >= 0.5 ? levels + band : band;
      } else {
        let best = 0;
        let pBest = P[i * K] as number;
        let pSecond = -Infinity;
        for (let k = 1; k < K; k++) {
          const p = P[i * K + k] as number;
          if (p > pBest) {
            pSecond = pBest;
            pBest = p;
            best = k;
          } else if (p > pSecond) pSecond = p;
        }
        if (!(pBest >= 0 && pBest <= 1 + 1e-9)) throw new ModelContractError(`Expected probabilities in [0, 1] from predictProbaMatrix but received ${pBest}`);
        for (let k = 0; k < K; k++) {
          const p = P[i * K + k] as number;
          (contourFields[k] as Float32Array)[cell] = k === best ? p - pSecond : p - pBest;
        }
        const t = (pBest - 1 / K) / (1 - 1 / K);
        color = best * levels + Math.min(levels - 1, Math.max(0, Math.floor(t * levels)));
      }
      const o = ((plot.y + r) * chart.width + plot.x + c) * 4;
      pixels[o] = flat[color * 3] as number;
      pixels[o + 1] = flat[color * 3 + 1] as number;
      pixels[o + 2] = flat[color * 3 + 2] as number;
    }
  }

  const svg = new SvgLayer(chart.width, chart.height);
  if (showBoundary) {
    for (const field of contourFields) {
      svg.strokePath(zeroContour(field, W, H, plot.x, plot.y), { stroke: '#000', width: 1.8, linecap: 'round', linejoin: 'round' });
    }
  }

  // Markers, class by class (as matplotlib's one scatter call per class), rows in dataset order.
  const nc = scan.classKeys.length;
  const points = new Float64Array(scan.sampleX.length * 2);
  for (let i = 0; i < scan.sampleX.length; i++) {
    points[2 * i] = frame.px(scan.sampleX[i] as number);
    points[2 * i + 1] = frame.py(scan.sampleY[i] as number);
  }
  for (let k = 0; k < nc; k++) {
    const xy: number[] = [];
    for (let i = 0; i < scan.sampleClass.length; i++) if (scan.sampleClass[i] === k) xy.push(points[2 * i] as number, points[2 * i + 1] as number);
    if (xy.length > 0) drawMarkers(svg, markerFor(k), xy);
  }

  if (frame.colorbar) {
    const cb = frame.colorbar;
    for (let b = 0; b < levels; b++) {
      const yTop = frame.cy((b + 1) / levels);
      const yBottom = frame.cy(b / levels);
      const mid = (b + 0.5) / levels;
      raster.fillRect(cb.x, yTop, cb.width, yBottom - yTop, (palette[mid >= 0.5 ? 1 : 0] as Rgb[])[b] as Rgb);
    }
    if (showBoundary) svg.line(cb.x, frame.cy(0.5), cb.x + cb.width, frame.cy(0.5), { stroke: '#000', width: 1.8 });
  }
  drawFrame(svg, frame, frameSpec);

  const labels = (classLabelsOpt as string[] | undefined) ?? scan.classKeys.map((k) => `class ${k}`);
  const entries: LegendEntry[] = [];
  for (let k = 0; k < nc; k++) {
    if ((scan.classCounts[k] ?? 0) === 0) continue;
    entries.push({ label: labels[k] ?? `class ${scan.classKeys[k]}`, symbol: (s, x, y) => drawMarker(s, markerFor(k), x, y) });
  }
  const note = scan.numRows > scan.sampleX.length ? `${groupThousands(scan.sampleX.length)} of ${groupThousands(scan.numRows)} points shown (random sample)` : '';
  const legendBox = drawLegend(svg, plot, entries, { location: chart.legend, note, points });

  const layout: DecisionBoundaryLayout = {
    width: chart.width,
    height: chart.height,
    plot,
    titleBox: frame.titleBox,
    xLabelBox: frame.xLabelBox,
    yLabelBox: frame.yLabelBox,
    ...(frame.colorbar ? { colorbar: frame.colorbar } : {}),
    ...(frame.colorbarLabelBox ? { colorbarLabelBox: frame.colorbarLabelBox } : {}),
    ...(legendBox ? { legendBox } : {}),
    xDomain,
    yDomain,
    markersShown: scan.sampleX.length,
    numRows: scan.numRows,
    toPixel: (x, y) => [frame.px(x), frame.py(y)],
  };
  return { png: await encodePng(raster, svg), layout };
}
