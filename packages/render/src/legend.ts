/**
 * Legends: a rounded, translucent white box with one row per entry (a symbol and a label) and an
 * optional note underneath (used to say that a scatter shows a sample). Placed at the corner of the
 * plot that hides the fewest points, like matplotlib's `loc="best"`.
 */
import { FONT, type Rect } from './axes.js';
import { measureText } from './font.js';
import type { SvgLayer } from './svg.js';

export interface LegendEntry {
  label: string;
  /** Draws the entry's symbol centred at (cx, cy) in a 24 x 14 px slot. */
  symbol: (svg: SvgLayer, cx: number, cy: number) => void;
}

/** Where a legend goes: a corner of the plot, or the least crowded corner. */
export type LegendLocation = 'best' | 'upper right' | 'upper left' | 'lower left' | 'lower right';
export const LEGEND_LOCATIONS: readonly LegendLocation[] = ['best', 'upper right', 'upper left', 'lower left', 'lower right'];

const ROW = 20;
const PAD = 7;
const SLOT = 28;

/** Size of the legend box for these entries. */
function legendSize(entries: readonly LegendEntry[], note: string): { width: number; height: number } {
  const w = Math.max(0, ...entries.map((e) => SLOT + 6 + measureText(e.label, FONT.legend)), note ? measureText(note, FONT.note) : 0);
  return { width: Math.ceil(w + 2 * PAD), height: entries.length * ROW + (note ? ROW - 4 : 0) + 2 * PAD - 4 };
}

/**
 * Draws a legend inside `plot`. `points` (pixel x, y pairs) are what `best` tries not to cover.
 * @returns the legend's box, or undefined when there is nothing to show.
 */
export function drawLegend(
  svg: SvgLayer,
  plot: Rect,
  entries: readonly LegendEntry[],
  options: { location: LegendLocation; note?: string; points?: ArrayLike<number> },
): Rect | undefined {
  const note = options.note ?? '';
  if (entries.length === 0 && !note) return undefined;
  const { width, height } = legendSize(entries, note);
  const m = 8;
  const corners: Record<Exclude<LegendLocation, 'best'>, Rect> = {
    'upper right': { x: plot.x + plot.width - m - width, y: plot.y + m, width, height },
    'upper left': { x: plot.x + m, y: plot.y + m, width, height },
    'lower left': { x: plot.x + m, y: plot.y + plot.height - m - height, width, height },
    'lower right': { x: plot.x + plot.width - m - width, y: plot.y + plot.height - m - height, width, height },
  };
  let box: Rect;
  if (options.location === 'best') {
    const pts = options.points ?? [];
    let bestCount = Infinity;
    box = corners['upper right'];
    for (const r of Object.values(corners)) {
      let count = 0;
      for (let i = 0; i + 1 < pts.length; i += 2) {
        const x = pts[i] as number;
        const y = pts[i + 1] as number;
        if (x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height) count++;
      }
      if (count < bestCount) {
        bestCount = count;
        box = r;
      }
    }
  } else {
    box = corners[options.location];
  }
  box = { ...box, x: Math.round(box.x), y: Math.round(box.y) };
  svg.rect(box.x + 0.5, box.y + 0.5, box.width, box.height, '#ffffff', { stroke: '#cccccc', width: 1, radius: 3, fillOpacity: 0.85 });
  let y = box.y + PAD + ROW / 2 - 2;
  for (const e of entries) {
    e.symbol(svg, box.x + PAD + SLOT / 2, y);
    svg.text(box.x + PAD + SLOT + 6, y, e.label, { size: FONT.legend, baseline: 'middle' });
    y += ROW;
  }
  if (note) svg.text(box.x + PAD, y - 2, note, { size: FONT.note, baseline: 'middle', fill: '#555555' });
  return box;
}
