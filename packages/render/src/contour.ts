/**
 * Iso-lines by marching squares: the zero level of a field sampled at pixel centres, as SVG path
 * data in pixel coordinates. Used for the P = 0.5 boundary (binary) and the boundaries between the
 * most probable classes (multiclass). Saddle cells are resolved by the cell-centre average.
 */
import { num } from './svg.js';

/**
 * @param values row-major `width x height` field, value at the centre of pixel (c, r)
 * @param originX pixel x of column 0's left edge
 * @param originY pixel y of row 0's top edge
 */
export function zeroContour(values: Float32Array | Float64Array, width: number, height: number, originX: number, originY: number): string {
  const parts: string[] = [];
  // Sign bits first: a cell is crossed only where its corners' signs differ, which is rare. The
  // crossing cells are handled in a separate function so that the hot loop allocates nothing.
  const sign = new Uint8Array(width * height);
  for (let i = 0; i < sign.length; i++) sign[i] = (values[i] as number) >= 0 ? 1 : 0;
  for (let r = 0; r + 1 < height; r++) {
    const o0 = r * width;
    const o1 = o0 + width;
    for (let c = 0; c + 1 < width; c++) {
      const code = ((sign[o0 + c] as number) << 3) | ((sign[o0 + c + 1] as number) << 2) | ((sign[o1 + c + 1] as number) << 1) | (sign[o1 + c] as number);
      if (code !== 0 && code !== 15) crossCell(parts, code, values, o0 + c, o1 + c, c, r, originX + 0.5, originY + 0.5);
    }
  }
  return parts.join('');
}

function crossCell(parts: string[], code: number, v: Float32Array | Float64Array, i0: number, i1: number, c: number, r: number, ox: number, oy: number): void {
  const a = v[i0] as number;
  const b = v[i0 + 1] as number;
  const cc = v[i1 + 1] as number;
  const d = v[i1] as number;
  // Edge crossings by linear interpolation: top (a-b), right (b-cc), bottom (d-cc), left (a-d).
  const tx = c + a / (a - b);
  const ry = r + b / (b - cc);
  const bx = c + d / (d - cc);
  const ly = r + a / (a - d);
  const seg = (x1: number, y1: number, x2: number, y2: number) => {
    parts.push(`M${num(ox + x1)} ${num(oy + y1)}L${num(ox + x2)} ${num(oy + y2)}`);
  };
  switch (code) {
    case 1:
    case 14:
      seg(c, ly, bx, r + 1);
      break;
    case 2:
    case 13:
      seg(bx, r + 1, c + 1, ry);
      break;
    case 3:
    case 12:
      seg(c, ly, c + 1, ry);
      break;
    case 4:
    case 11:
      seg(tx, r, c + 1, ry);
      break;
    case 6:
    case 9:
      seg(tx, r, bx, r + 1);
      break;
    case 7:
    case 8:
      seg(c, ly, tx, r);
      break;
    case 5:
    case 10: {
      const centre = (a + b + cc + d) / 4 >= 0;
      // 5: b, d high; 10: a, cc high. The high corners join through the centre when it is high.
      if ((code === 5) === centre) {
        seg(c, ly, tx, r);
        seg(bx, r + 1, c + 1, ry);
      } else {
        seg(c, ly, bx, r + 1);
        seg(tx, r, c + 1, ry);
      }
      break;
    }
  }
}
