/**
 * Text as glyph outlines, so that charts never depend on the fonts of the machine that draws them.
 *
 * Primary face: DejaVu Sans (matplotlib's default face) from `@fontsource/dejavu-sans`, the full font
 * (Latin, Greek, Cyrillic, maths symbols). Fallback: Noto Sans JP (kana, kanji, CJK punctuation,
 * fullwidth forms) from `@fontsource/noto-sans-jp`, which ships the font split into ~120 small WOFF
 * files by Unicode range; only the files that hold characters a chart actually uses are read and
 * parsed, once per process. Both are SIL OFL 1.1.
 *
 * Layout is deliberately simple and deterministic: one glyph per code point, advance widths plus
 * pairwise kerning within a face, no shaping (opentype.js' shaper throws on DejaVu's GSUB tables).
 * That is enough for chart labels in Latin, Greek, Cyrillic, Japanese and Chinese text; complex
 * scripts (Arabic, Indic) would need a shaper.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import opentype from 'opentype.js';

const require = createRequire(import.meta.url);

type Font = opentype.Font;
type Glyph = opentype.Glyph;

function parseFontFile(path: string): Font {
  const bytes = readFileSync(path);
  // opentype.js wants an ArrayBuffer that starts at the font's first byte. lowMemory: glyphs are
  // parsed when first used, which makes opening DejaVu Sans about 4x faster.
  return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), { lowMemory: true });
}

let primary: Font | undefined;
function primaryFont(): Font {
  primary ??= parseFontFile(require.resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff'));
  return primary;
}

interface FallbackFile {
  file: string;
  ranges: Array<[number, number]>;
  font?: Font;
}

let fallbackFiles: FallbackFile[] | undefined;
function fallbackIndex(): FallbackFile[] {
  if (fallbackFiles) return fallbackFiles;
  const unicodePath = require.resolve('@fontsource/noto-sans-jp/unicode.json');
  const table = JSON.parse(readFileSync(unicodePath, 'utf8')) as Record<string, string>;
  const dir = join(dirname(unicodePath), 'files');
  fallbackFiles = Object.entries(table).map(([key, range]) => ({
    file: join(dir, `noto-sans-jp-${key.replace(/[[\]]/g, '')}-400-normal.woff`),
    ranges: range.split(',').map((part): [number, number] => {
      const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
      const lo = parseInt(a ?? '0', 16);
      return [lo, b === undefined ? lo : parseInt(b, 16)];
    }),
  }));
  return fallbackFiles;
}

function fallbackFontFor(codePoint: number): Font | undefined {
  for (const entry of fallbackIndex()) {
    if (entry.ranges.some(([lo, hi]) => codePoint >= lo && codePoint <= hi)) {
      entry.font ??= parseFontFile(entry.file);
      return entry.font;
    }
  }
  return undefined;
}

const faceCache = new Map<number, { font: Font; glyph: Glyph }>();
function glyphFor(codePoint: number): { font: Font; glyph: Glyph } {
  const cached = faceCache.get(codePoint);
  if (cached) return cached;
  const ch = String.fromCodePoint(codePoint);
  const p = primaryFont();
  let found: { font: Font; glyph: Glyph };
  if (p.charToGlyphIndex(ch) > 0) found = { font: p, glyph: p.charToGlyph(ch) };
  else {
    const f = fallbackFontFor(codePoint);
    // .notdef of the primary face (an empty box) when no face has the character.
    found = f && f.charToGlyphIndex(ch) > 0 ? { font: f, glyph: f.charToGlyph(ch) } : { font: p, glyph: p.glyphs.get(0) };
  }
  faceCache.set(codePoint, found);
  return found;
}

/** A line of text laid out as one SVG path, baseline at y = 0, starting at x = 0. */
export interface TextShape {
  /** SVG path data (absolute coordinates, pixels). Empty for blank text. */
  d: string;
  /** Advance width in pixels. */
  width: number;
}

/** Rounds to 1/100 px: enough for antialiasing, and keeps the SVG (and so the pixels) stable. */
function fmt(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

function pathData(path: opentype.Path): string {
  let d = '';
  for (const c of path.commands) {
    switch (c.type) {
      case 'M':
      case 'L':
        d += `${c.type}${fmt(c.x)} ${fmt(c.y)}`;
        break;
      case 'Q':
        d += `Q${fmt(c.x1)} ${fmt(c.y1)} ${fmt(c.x)} ${fmt(c.y)}`;
        break;
      case 'C':
        d += `C${fmt(c.x1)} ${fmt(c.y1)} ${fmt(c.x2)} ${fmt(c.y2)} ${fmt(c.x)} ${fmt(c.y)}`;
        break;
      case 'Z':
        d += 'Z';
        break;
    }
  }
  return d;
}

/** Lays out `text` at `size` pixels (em size) as glyph outlines. */
export function shapeText(text: string, size: number): TextShape {
  let x = 0;
  let d = '';
  let prev: { font: Font; glyph: Glyph } | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0x20;
    const cur = glyphFor(cp);
    const scale = size / cur.font.unitsPerEm;
    if (prev && prev.font === cur.font) x += cur.font.getKerningValue(prev.glyph, cur.glyph) * scale;
    d += pathData(cur.glyph.getPath(x, 0, size));
    x += (cur.glyph.advanceWidth ?? 0) * scale;
    prev = cur;
  }
  return { d, width: x };
}

/** Width in pixels of `text` at `size`, as {@link shapeText} lays it out. */
export function measureText(text: string, size: number): number {
  return shapeText(text, size).width;
}

/** Height of capital letters above the baseline, as a fraction of the em size (DejaVu Sans). */
export const CAP_HEIGHT = 0.729;
