import { InvalidParameterError, SchemaMismatchError, InvalidDataError } from '@sigmoid/arrow-store';
import { ModelContractError, renderDecisionBoundary, renderDecisionBoundaryFigure } from '@sigmoid/render';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decode, differentShare, goldenDifference, inkIn, pixel } from './__fixtures__/golden.js';
import { LinearModel, multiclassDemo, seedDemo } from './__fixtures__/models.js';

const demo = seedDemo();

describe('renderDecisionBoundary: the seed demo', () => {
  it('matches its golden image (pixel tolerance)', async () => {
    const png = await renderDecisionBoundary(demo.model, demo.table);
    expect(await goldenDifference(png, 'seed-demo-boundary.png')).toBeLessThan(0.005);
  });

  it('is a 700 x 600 PNG by default', async () => {
    const img = await decode(await renderDecisionBoundary(demo.model, demo.table));
    expect([img.width, img.height]).toEqual([700, 600]);
  });

  it('renders the same bytes twice', async () => {
    const a = await renderDecisionBoundary(demo.model, demo.table, { title: 'twice' });
    const b = await renderDecisionBoundary(demo.model, demo.table, { title: 'twice' });
    expect(a.equals(b)).toBe(true);
  });

  it('covers the data range +- 1 like the sklearn demo', async () => {
    const { layout } = await renderDecisionBoundaryFigure(demo.model, demo.table);
    const xs = demo.data.X.map((r) => r[0] as number);
    const ys = demo.data.X.map((r) => r[1] as number);
    expect(layout.xDomain[0]).toBeCloseTo(Math.min(...xs) - 1, 12);
    expect(layout.xDomain[1]).toBeCloseTo(Math.max(...xs) + 1, 12);
    expect(layout.yDomain[0]).toBeCloseTo(Math.min(...ys) - 1, 12);
    expect(layout.yDomain[1]).toBeCloseTo(Math.max(...ys) + 1, 12);
  });

  it('draws the boundary where w.x + b = 0: dark on the line, class-1 colour above, class-0 colour below', async () => {
    const { png, layout } = await renderDecisionBoundaryFigure(demo.model, demo.table, { shade: false });
    const img = await decode(png);
    const [w0, w1] = demo.fit.coef[0] as [number, number];
    const b = demo.fit.intercept[0] as number;
    const markers = demo.data.X.map((r) => layout.toPixel(r[0] as number, r[1] as number));
    const farFromMarkers = (x: number, y: number) => markers.every(([mx, my]) => Math.hypot(mx - x, my - y) > 9);
    let checked = 0;
    for (let i = 1; i < 40; i++) {
      const x = layout.xDomain[0] + (i / 40) * (layout.xDomain[1] - layout.xDomain[0]);
      const yLine = -(w0 * x + b) / w1;
      if (yLine < layout.yDomain[0] || yLine > layout.yDomain[1]) continue;
      const [px, py] = layout.toPixel(x, yLine);
      if (!farFromMarkers(px, py) || py < layout.plot.y + 8 || py > layout.plot.y + layout.plot.height - 8) continue;
      if (layout.legendBox && px > layout.legendBox.x - 8 && py < layout.legendBox.y + layout.legendBox.height + 8) continue;
      checked++;
      // The 1.8 px antialiased line: the darkest pixel within 1 px of the exact position.
      const darkest = Math.min(...[-1, 0, 1].map((dy) => pixel(img, px, py + dy).reduce((s, v) => s + v, 0) / 3));
      expect(darkest).toBeLessThan(80);
      const above = pixel(img, px, py - 5); // P(class 1) > 0.5 above the line (w1 > 0)
      const below = pixel(img, px, py + 5);
      expect(above).toEqual([255, 227, 201]); // #ffbb78 at alpha 0.4 over white, as matplotlib draws it
      expect(below).toEqual([222, 232, 245]); // #aec7e8 at alpha 0.4 over white
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('paints the regions with the same colours as the matplotlib reference when shading is off', async () => {
    const img = await decode(await renderDecisionBoundary(demo.model, demo.table, { shade: false }));
    const ref = await decode(new URL('../../../tools/fixtures/reference/seed-demo-boundary.png', import.meta.url).pathname);
    expect(pixel(img, 100, 520)).toEqual(pixel(ref, 100, 520));
    expect(pixel(img, 100, 50)).toEqual(pixel(ref, 100, 50));
  });

  it('shades bands by certainty: paler next to the boundary than far from it', async () => {
    const { png, layout } = await renderDecisionBoundaryFigure(demo.model, demo.table);
    const img = await decode(png);
    const far = pixel(img, layout.plot.x + 5, layout.plot.y + layout.plot.height - 5);
    const [px, py] = layout.toPixel(layout.xDomain[0] + 0.05, -(demo.fit.coef[0]![0]! * (layout.xDomain[0] + 0.05) + demo.fit.intercept[0]!) / demo.fit.coef[0]![1]!);
    const near = pixel(img, px, py + 6);
    expect(near[0] + near[1] + near[2]).toBeGreaterThan(far[0] + far[1] + far[2]);
    expect(far[2]).toBeGreaterThan(far[0]); // still blue
  });

  it('draws class-0 circles in C0 blue and class-1 crosses in black', async () => {
    const { png, layout } = await renderDecisionBoundaryFigure(demo.model, demo.table);
    const img = await decode(png);
    let blueCentres = 0;
    let crossCentres = 0;
    demo.data.X.forEach((r, i) => {
      const [x, y] = layout.toPixel(r[0] as number, r[1] as number);
      const c = pixel(img, x, y);
      if (demo.data.y[i] === 0 && Math.abs(c[0] - 0x1f) < 12 && Math.abs(c[1] - 0x77) < 12 && Math.abs(c[2] - 0xb4) < 12) blueCentres++;
      if (demo.data.y[i] === 1 && c[0] + c[1] + c[2] < 200) crossCentres++;
    });
    // Most centres show their own marker (the others are covered by later markers).
    expect(blueCentres).toBeGreaterThan(0.6 * demo.data.y.filter((v) => v === 0).length);
    expect(crossCentres).toBeGreaterThan(0.6 * demo.data.y.filter((v) => v === 1).length);
  });

  it('puts ink where the title, axis titles, colour-bar label and legend are', async () => {
    const { png, layout } = await renderDecisionBoundaryFigure(demo.model, demo.table);
    const img = await decode(png);
    expect(inkIn(img, layout.titleBox)).toBeGreaterThan(100);
    expect(inkIn(img, layout.xLabelBox)).toBeGreaterThan(40);
    expect(inkIn(img, layout.yLabelBox)).toBeGreaterThan(40);
    expect(inkIn(img, layout.colorbarLabelBox!)).toBeGreaterThan(60);
    expect(inkIn(img, layout.legendBox!)).toBeGreaterThan(60);
    const { png: bare, layout: l2 } = await renderDecisionBoundaryFigure(demo.model, demo.table, { title: '', xLabel: '', yLabel: '', colorbarLabel: '' });
    const img2 = await decode(bare);
    expect(inkIn(img2, l2.titleBox)).toBe(0);
    expect(inkIn(img2, l2.xLabelBox)).toBe(0);
    expect(inkIn(img2, l2.yLabelBox)).toBe(0);
    expect(inkIn(img2, l2.colorbarLabelBox!)).toBe(0);
  });

  it('renders a Japanese title from the bundled fallback font, not as missing-glyph boxes', async () => {
    const title = 'ロジスティック回帰の決定境界';
    const { png, layout } = await renderDecisionBoundaryFigure(demo.model, demo.table, { title });
    const img = await decode(png);
    expect(inkIn(img, layout.titleBox)).toBeGreaterThan(300);
    // A private-use character has no glyph in either font: it renders as the .notdef box.
    const boxes = await decode(await renderDecisionBoundary(demo.model, demo.table, { title: '\ue000'.repeat(title.length) }));
    const t = layout.titleBox;
    const region = (im: typeof img) => ({ ...im, data: im.data, width: im.width, height: im.height });
    let differing = 0;
    for (let y = t.y; y < t.y + t.height; y++) for (let x = t.x; x < t.x + t.width; x++) {
      const a = pixel(region(img), x, y);
      const b = pixel(region(boxes), x, y);
      if (Math.abs(a[0] - b[0]) > 40) differing++;
    }
    expect(differing).toBeGreaterThan(300);
  });

  it('uses the column names as axis titles when axes are chosen', async () => {
    const a = await decode(await renderDecisionBoundary(demo.model, demo.table, { axes: ['x0', 'x1'] }));
    const b = await decode(await renderDecisionBoundary(demo.model, demo.table));
    expect(differentShare(a, b)).toBeGreaterThan(0);
    expect(differentShare(a, b)).toBeLessThan(0.01);
  });
});

describe('renderDecisionBoundary: more classes, more features, more rows', () => {
  it('colours three regions by the most probable class, holding x2..x5 at their means (golden)', async () => {
    const m = multiclassDemo();
    const { png, layout } = await renderDecisionBoundaryFigure(m.model, m.table, { axes: ['x0', 'x1'], shade: false });
    expect(await goldenDifference(png, 'multiclass-boundary.png')).toBeLessThan(0.005);
    expect(layout.colorbar).toBeUndefined();
    // Recompute the argmax at a few plot pixels with the other features at their means.
    const cols = m.table.schema.fields.filter((f) => f.name.startsWith('x')).map((f) => m.table.getChild(f.name)!.toArray() as Float64Array);
    const means = cols.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
    const img = await decode(png);
    const colours = [[222, 232, 245], [255, 227, 201], [213, 242, 208]]; // tab20 light at alpha 0.4 over white
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const x = layout.xDomain[0] + ((i % 20) + 0.5) / 20 * (layout.xDomain[1] - layout.xDomain[0]);
      const y = layout.yDomain[0] + (Math.floor(i / 20) + 0.5) / 10 * (layout.yDomain[1] - layout.yDomain[0]);
      const row = Float64Array.from(means);
      row[0] = x;
      row[1] = y;
      const p = m.model.predictProbaMatrix(row, 1);
      const best = [0, 1, 2].reduce((a, k) => (p[k]! > p[a]! ? k : a), 0);
      if (Math.max(...p) - [...p].sort((u, v) => v - u)[1]! < 0.05) continue; // too close to a boundary
      const [px, py] = layout.toPixel(x, y);
      const c = pixel(img, px, py);
      if (colours.some((col) => col.every((v, j) => v === c[j]))) {
        expect(c).toEqual(colours[best]);
        seen.add(best);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
  });

  it('reads a one-shot async stream of batches and infers the spec', async () => {
    async function* batches() {
      yield* demo.table.batches;
    }
    const a = await renderDecisionBoundary(demo.model, batches());
    const b = await renderDecisionBoundary(demo.model, demo.table);
    expect(a.equals(b)).toBe(true);
  });

  it('reads Float32 features split over several record batches like one Float64 table', async () => {
    const X = demo.data.X;
    const half = Math.floor(X.length / 2);
    const part = (lo: number, hi: number) =>
      tableFromArrays({ x0: Float32Array.from(X.slice(lo, hi), (r) => r[0]!), x1: Float32Array.from(X.slice(lo, hi), (r) => r[1]!), y: Int32Array.from(demo.data.y.slice(lo, hi)) }).batches[0]!;
    const f32 = await decode(await renderDecisionBoundary(demo.model, [part(0, half), part(half, X.length)]));
    const f64 = await decode(await renderDecisionBoundary(demo.model, demo.table));
    // Float32 rounding moves the data range by ~1e-7: at most a few antialiased pixels change.
    expect(differentShare(f32, f64)).toBeLessThan(0.002);
  });

  it('maps string labels to the model classes', async () => {
    const names = ['no', 'yes'];
    const model = new LinearModel(demo.fit.coef, demo.fit.intercept, [0, 1]);
    const named = { classes_: names, predictProbaMatrix: (X: Float64Array, n: number) => model.predictProbaMatrix(X, n) };
    const table = tableFromArrays({ x0: demo.table.getChild('x0')!.toArray() as Float64Array, x1: demo.table.getChild('x1')!.toArray() as Float64Array, y: demo.data.y.map((v) => names[v]!) });
    const a = await renderDecisionBoundary(named, table, { spec: { features: ['x0', 'x1'], label: 'y' }, classLabels: ['class 0', 'class 1'], colorbarLabel: 'P(class = 1)' });
    const b = await renderDecisionBoundary(demo.model, demo.table);
    expect(a.equals(b)).toBe(true);
  });

  it('samples large data deterministically and says so in the legend', async () => {
    const n = 100_000;
    const x0 = new Float64Array(n);
    const x1 = new Float64Array(n);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const t = (i * 0.6180339887) % 1;
      const u = (i * 0.7548776662) % 1;
      y[i] = i % 2;
      x0[i] = 4 * t - 2;
      x1[i] = 4 * u - 2 + (y[i] ? 1 : -1);
    }
    const table = tableFromArrays({ x0, x1, y });
    const { png, layout } = await renderDecisionBoundaryFigure(demo.model, table, { maxMarkers: 500 });
    expect(layout.markersShown).toBe(500);
    expect(layout.numRows).toBe(n);
    const img = await decode(png);
    const box = layout.legendBox!;
    // The sample note is the grey line at the bottom of the legend.
    const noteBand = { x: box.x, y: box.y + box.height - 20, width: box.width, height: 18 };
    expect(inkIn(img, noteBand)).toBeGreaterThan(40);
    const again = await renderDecisionBoundary(demo.model, table, { maxMarkers: 500 });
    expect(again.equals(png)).toBe(true);
    const small = await renderDecisionBoundaryFigure(demo.model, demo.table);
    expect(small.layout.markersShown).toBe(300);
  });
});

describe('renderDecisionBoundary: rejected input', () => {
  const t = demo.table;
  const m = demo.model;
  it.each([
    [{ width: 10 }, 'Expected integer between 200 and 8000 for width but received 10 of type number'],
    [{ height: 1.5 }, 'for height'],
    [{ levels: 1 }, 'Expected integer between 2 and 100 for levels'],
    [{ alpha: 2 }, 'Expected number between 0 and 1 for alpha'],
    [{ margin: -1 }, 'for margin'],
    [{ maxMarkers: 0 }, 'for maxMarkers'],
    [{ sampleSeed: -1 }, 'for sampleSeed'],
    [{ title: 5 }, 'Expected string for title'],
    [{ legend: 'middle' }, 'Expected one of "best", "upper right", "upper left", "lower left", "lower right" for legend'],
    [{ regionColors: ['blue'] }, 'Expected colour as "#rrggbb" or "#rgb" for regionColors[0]'],
    [{ regionColors: [] }, 'Expected a non-empty array of colours for regionColors'],
    [{ classLabels: [1, 2] }, 'Expected an array of strings for classLabels'],
    [{ axes: ['x0', 'x0'] }, 'Expected two different feature names from ["x0","x1"] for axes'],
    [{ axes: ['x0', 'x9'] }, 'for axes'],
    [{ shade: 'yes' }, 'Expected boolean for shade'],
  ])('rejects options %j', async (options, message) => {
    const err = await renderDecisionBoundary(m, t, options as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as Error).message).toContain(message);
  });

  it('rejects data that is not a record-batch source', async () => {
    await expect(renderDecisionBoundary(m, 42 as never)).rejects.toThrow(/Expected an Arrow Table, RecordBatch or \(async\) iterable of RecordBatch for data but received 42/);
  });

  it('rejects an empty dataset', async () => {
    const empty = tableFromArrays({ x0: new Float64Array(0), x1: new Float64Array(0), y: new Int32Array(0) });
    await expect(renderDecisionBoundary(m, empty)).rejects.toBeInstanceOf(InvalidDataError);
  });

  it('rejects NaN in a plotted feature, naming the row', async () => {
    const bad = tableFromArrays({ x0: Float64Array.of(0, NaN), x1: Float64Array.of(1, 2), y: Int32Array.of(0, 1) });
    await expect(renderDecisionBoundary(m, bad)).rejects.toThrow(/Expected finite values in feature column "x0" but row 1 holds NaN/);
  });

  it('rejects a spec naming a missing column', async () => {
    await expect(renderDecisionBoundary(m, t, { spec: { features: ['x0', 'x7'], label: 'y' } })).rejects.toBeInstanceOf(SchemaMismatchError);
  });

  it('rejects fewer than two features', async () => {
    const one = tableFromArrays({ x0: Float64Array.of(0, 1), y: Int32Array.of(0, 1) });
    await expect(renderDecisionBoundary(new LinearModel([[1]], [0], [0, 1]), one)).rejects.toThrow(/Expected at least two feature columns to plot for spec.features/);
  });

  it('rejects models that do not keep the contract', async () => {
    await expect(renderDecisionBoundary(null as never, t)).rejects.toBeInstanceOf(ModelContractError);
    await expect(renderDecisionBoundary({ classes_: [0, 1] } as never, t)).rejects.toThrow(/predictProbaMatrix/);
    await expect(renderDecisionBoundary({ classes_: [0], predictProbaMatrix: () => new Float64Array(0) }, t)).rejects.toThrow(/at least two classes but received \["0"\]/);
    await expect(renderDecisionBoundary(new LinearModel([[1, 2, 3]], [0], [0, 1]), t)).rejects.toThrow(/Expected a model for 2 features \(x0, x1\) but the model was fitted on 3/);
    const short = { classes_: [0, 1], predictProbaMatrix: (_x: Float64Array, n: number) => new Float64Array(n) };
    await expect(renderDecisionBoundary(short, t)).rejects.toThrow(/Expected predictProbaMatrix to return a Float64Array of length \d+ .* but received one of length \d+/);
    const outOfRange = { classes_: [0, 1], predictProbaMatrix: (_x: Float64Array, n: number) => new Float64Array(2 * n).fill(2) };
    await expect(renderDecisionBoundary(outOfRange, t)).rejects.toThrow(/Expected probabilities in \[0, 1\]/);
  });
});
