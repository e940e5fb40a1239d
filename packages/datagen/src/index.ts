/**
 * @module @sigmoid/datagen
 *
 * scikit-learn's dataset generators, draw for draw on numpy's legacy `RandomState`, as Apache Arrow
 * tables (features `x0..x{d-1}` Float64, label `y` Int32, provenance in the schema metadata);
 * `train_test_split` row for row; bounded-memory streaming generation; Arrow IPC and CSV files as
 * record-batch sources and sinks.
 *
 * @example
 * ```ts
 * import { makeClassification, trainTestSplit, streamClassification, writeDataset, readDataset } from '@sigmoid/datagen';
 *
 * // make_classification(n_samples=300, n_features=2, n_redundant=0, n_informative=2, random_state=2, n_clusters_per_class=1)
 * const table = makeClassification({ nSamples: 300, nFeatures: 2, nRedundant: 0, nInformative: 2, randomState: 2, nClustersPerClass: 1 });
 * const { train, test } = trainTestSplit(table, { testSize: 0.25, randomState: 42 });
 *
 * await writeDataset('/tmp/big.arrow', streamClassification({ nSamples: 1e7, randomState: 0 }));
 * for await (const batch of readDataset('/tmp/big.arrow')) console.log(batch.numRows);
 * ```
 */
export { makeClassification, classificationLayout } from './make-classification.js';
export type { MakeClassificationOptions, ClassificationLayout } from './make-classification.js';
export { streamClassification, streamClassificationAsync } from './stream-classification.js';
export type { StreamClassificationOptions, StreamProgress } from './stream-classification.js';
export { makeBlobs } from './make-blobs.js';
export type { MakeBlobsOptions } from './make-blobs.js';
export { makeMoons, makeCircles } from './make-moons.js';
export type { MakeMoonsOptions, MakeCirclesOptions } from './make-moons.js';
export { trainTestSplit, trainTestSplitIndices, splitSizes } from './train-test-split.js';
export type { TrainTestSplitOptions } from './train-test-split.js';
export { readDataset, readDatasetTable, writeDataset, datasetFormat } from './dataset-file.js';
export type { DatasetFormat, ReadDatasetOptions, WrittenDataset } from './dataset-file.js';
export { formatDouble } from './csv-file.js';
export { generate, generateStream, generatorName, optionsFromSklearn, splitOptionsFromSklearn, SKLEARN_KEYWORDS } from './sklearn-params.js';
export type { GeneratorName } from './sklearn-params.js';
export { DatasetFileError, CsvFormatError } from './errors.js';
export { PROVENANCE_KEYS } from './dataset-table.js';
export type { Provenance } from './dataset-table.js';
