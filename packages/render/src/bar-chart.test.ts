import { InvalidParameterError } from '@sigmoid/arrow-store';
import { renderBarChart } from '@sigmoid/render';
import { describe, expect, it } from 'vitest';
import { decode, goldenDifference } from './__fixtures__/golden.js';

const trials = [
  { label: 'C=0.01', value: 0.3412 },
  { label: 'C=0.1', value: 0.2298 },
  { label: 'C=1', value: 0.2127 },
  { label: 'C=10', value: 0.2131 },
];

function countColour(img: Awaited<ReturnType<typeof decode>>, rgb: number[]): number {
  let n = 0;
  for (let i = 0; i < img.width * img.height; i++) if (rgb.every((v, c) => img.data[i * 3 + c] === v)) n++;
  return n;
}

describe('renderBarChart', () => {
  it('matches its golden image', async () => {
    expect(await goldenDifference(await renderBarChart(trials, { title: 'Sweep over C' }), 'sweep.png')).toBeLessThan(0.005);
  });

  it('highlights the lowest value by default and the highest with better: higher', async () => {
    const lower = await decode(await renderBarChart(trials));
    const higher = await decode(await renderBarChart(trials, { better: 'higher' }));
    const orange = [0xff, 0x7f, 0x0e];
    // The best bar's area is proportional to its value: C=0.01 is the longest bar.
    expect(countColour(higher, orange)).toBeGreaterThan(1.4 * countColour(lower, orange));
  });

  it.each([
    ['no bars', []],
    ['a bar without a label', [{ value: 1 }]],
    ['a NaN value', [{ label: 'a', value: NaN }]],
  ])('rejects %s', async (_name, bars) => {
    await expect(renderBarChart(bars as never)).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('rejects an unknown direction', async () => {
    await expect(renderBarChart(trials, { better: 'up' as never })).rejects.toThrow('Expected one of "lower", "higher" for better but received "up" of type string');
  });
});
