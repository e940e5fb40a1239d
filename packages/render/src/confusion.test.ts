import { InvalidParameterError } from '@sigmoid/arrow-store';
import { renderConfusionMatrix } from '@sigmoid/render';
import { describe, expect, it } from 'vitest';
import { decode, goldenDifference, pixel } from './__fixtures__/golden.js';
import { seedDemo } from './__fixtures__/models.js';

const { fit } = seedDemo();

describe('renderConfusionMatrix', () => {
  it('matches its golden image (sklearn confusion matrix of the seed demo)', async () => {
    const png = await renderConfusionMatrix({ matrix: fit.confusion_matrix, labels: ['class 0', 'class 1'] });
    expect(await goldenDifference(png, 'confusion.png')).toBeLessThan(0.005);
  });

  it('maps the largest count to the darkest blue and zero to the lightest, in square cells', async () => {
    const img = await decode(await renderConfusionMatrix({ matrix: [[50, 0, 0], [0, 25, 0], [0, 0, 1]] }));
    const count = (rgb: number[]) => {
      let n = 0;
      for (let i = 0; i < img.width * img.height; i++) if (rgb.every((v, c) => img.data[i * 3 + c] === v)) n++;
      return n;
    };
    const darkest = count([0x08, 0x30, 0x6b]); // one cell (count 50) minus its number
    const lightest = count([0xf7, 0xfb, 0xff]); // six cells of zeros, plus the colour bar's bottom
    expect(darkest).toBeGreaterThan(10_000);
    expect(lightest / darkest).toBeGreaterThan(5.5);
    expect(lightest / darkest).toBeLessThan(6.5);
  });

  it('renders the same bytes twice', async () => {
    const a = await renderConfusionMatrix({ matrix: fit.confusion_matrix }, { normalize: 'true' });
    const b = await renderConfusionMatrix({ matrix: fit.confusion_matrix }, { normalize: 'true' });
    expect(a.equals(b)).toBe(true);
  });

  it('normalised matrices differ from counts only in the numbers and colour bar', async () => {
    const a = await decode(await renderConfusionMatrix({ matrix: fit.confusion_matrix }, { normalize: 'all' }));
    const b = await decode(await renderConfusionMatrix({ matrix: fit.confusion_matrix }));
    // The cell colours are the same map of the same proportions.
    expect(pixel(a, 120, 100)).toEqual(pixel(b, 120, 100));
  });

  it.each([
    ['an empty matrix', { matrix: [] }],
    ['a ragged matrix', { matrix: [[1, 2], [3]] }],
    ['a negative count', { matrix: [[1, -2], [3, 4]] }],
    ['a fractional count', { matrix: [[1, 2.5], [3, 4]] }],
    ['labels of the wrong length', { matrix: [[1, 2], [3, 4]], labels: ['a'] }],
  ])('rejects %s', async (_name, input) => {
    await expect(renderConfusionMatrix(input as never)).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('rejects an unknown normalisation', async () => {
    await expect(renderConfusionMatrix({ matrix: [[1]] }, { normalize: 'rows' as never })).rejects.toThrow('Expected one of "none", "true", "pred", "all" for normalize but received "rows" of type string');
  });
});
