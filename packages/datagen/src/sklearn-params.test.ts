import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@sigmoid/arrow-store';
import { Table } from 'apache-arrow';
import { generate, generateStream, generatorName, makeClassification, optionsFromSklearn, splitOptionsFromSklearn } from '@sigmoid/datagen';

describe('scikit-learn keyword arguments', () => {
  it('maps snake_case to the camelCase options', () => {
    expect(optionsFromSklearn('make_classification', { n_samples: 3, n_clusters_per_class: 1, flip_y: 0, random_state: 2 })).toEqual({ nSamples: 3, nClustersPerClass: 1, flipY: 0, randomState: 2 });
    expect(splitOptionsFromSklearn({ test_size: 0.25, random_state: 42 })).toEqual({ testSize: 0.25, randomState: 42 });
  });
  it('generate() gives the same table as the camelCase call', () => {
    const a = generate('make-classification', { n_samples: 50, n_features: 4, random_state: 1 });
    const b = makeClassification({ nSamples: 50, nFeatures: 4, randomState: 1 });
    expect(Array.from(a.getChild('x3')!.toArray())).toEqual(Array.from(b.getChild('x3')!.toArray()));
    expect(generate('make_circles', { n_samples: 10, random_state: 0 }).numRows).toBe(10);
    expect(generate('make_blobs', { n_samples: 10, random_state: 0 }).numRows).toBe(10);
    expect(generate('make_moons', { n_samples: 10, random_state: 0 }).numRows).toBe(10);
    expect(new Table([...generateStream({ n_samples: 10, random_state: 0 }, 4)]).numRows).toBe(10);
  });
  it('rejects unknown keywords, naming the accepted ones', () => {
    expect(() => generate('make_moons', { n_sample: 10 })).toThrowError(InvalidParameterError);
    expect(() => generate('make_moons', { n_sample: 10 })).toThrowError(/keyword argument of make_moons \(n_samples, shuffle, noise, random_state\) for params.n_sample/);
    expect(() => generate('make_moons', [] as never)).toThrowError(/object of scikit-learn keyword arguments/);
  });
  it('rejects unknown generators', () => {
    expect(() => generatorName('make_swiss_roll')).toThrowError(/one of make_classification, make_blobs, make_moons, make_circles for generator/);
  });
});
