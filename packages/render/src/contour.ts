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
  const seg = (x1: number, y1: number, x2: number, y2: number) => {
    parts.push(`M${num(originX + x1 + 0.5)} ${num(originY + y1 + 0.5)}L${num(originX + x2 + 0.5)} ${num(originY + y2 + 0.5)}`);
  };
  // Sign bits first: a cell is crossed only where its corners' signs differ, which is rare.
  const sign = new Uint8Array(width * height);
  for (let i = 0; i < sign.length; i++) sign[i] = (values[i] as number) >= 0 ? 1 : 0;
  for (let r = 0; r + 1 < height; r++) {
    const o0 = r * width;
    const o1 = o0 + width;
    for (let c = 0; c + 1 < width; c++) {
      const code = ((sign[o0 + c] as number) << 3) | ((sign[o0 + c + 1] as number) << 2) | ((sign[o1 + c + 1] as number) << 1) | (sign[o1 + c] as number);
      if (code === 0 || code === 15) continue;
      const a = values[o0 + c] as number;
      const b = values[o0 + c + 1] as number;
      const cc = values[o1 + c + 1] as number;
      const d = values[o1 + c] as number;
      const top = () => [c + a / (a - b), r] as const;
      const right = () => [c + 1, r + b / (b - cc)] as const;
      const bottom = () => [c + d / (d - cc), r + 1] as const;
      const left = () => [c, r + a / (a - d)] as const;
      const emit = (p: readonly [number, number], q: readonly [number, number]) => seg(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1:
        case 14:
          emit(left(), bottom());
          break;
        case 2:
        case 13:
          emit(bottom(), right());
          break;
        case 3:
        case 12:
          emit(left(), right());
          break;
        case 4:
        case 11:
          emit(top(), right());
          break;
        case 6:
        case 9:
          emit(top(), bottom());
          break;
        case 7:
        case 8:
          emit(left(), top());
          break;
        case 5:
        case 10: {
          const centre = (a + b + cc + d) / 4 >= 0;
          // 5: b, d high; 10: a, cc high. The high corners join through the centre when it is high.
          if ((code === 5) === centre) {
            emit(left(), top());
            emit(bottom(), right());
          } else {
            emit(left(), bottom());
            emit(top(), right());
          }
          break;
        }
      }
    }
  }
  return parts.join('');
}
