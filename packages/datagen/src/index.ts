/**
 * @module @sigmoid/datagen
 */
export { makeClassification, classificationLayout } from './make-classification.js';
export type { MakeClassificationOptions } from './make-classification.js';
export { streamClassification } from './stream-classification.js';
export type { StreamClassificationOptions } from './stream-classification.js';
export { makeBlobs } from './make-blobs.js';
export type { MakeBlobsOptions } from './make-blobs.js';
export { makeMoons, makeCircles } from './make-moons.js';
export type { MakeMoonsOptions, MakeCirclesOptions } from './make-moons.js';
export { trainTestSplit, trainTestSplitIndices, splitSizes } from './train-test-split.js';
export type { TrainTestSplitOptions } from './train-test-split.js';
export { readDataset, readDatasetTable, writeDataset, datasetFormat } from './dataset-file.js';
export type { DatasetFormat, ReadDatasetOptions, WrittenDataset } from './dataset-file.js';
export { formatDouble } from './csv-file.js';
export { DatasetFileError, CsvFormatError } from './errors.js';
export { PROVENANCE_KEYS } from './dataset-table.js';
export type { Provenance } from './dataset-table.js';
export { generate, generateStream, generatorName, optionsFromSklearn, splitOptionsFromSklearn, SKLEARN_KEYWORDS } from './sklearn-params.js';
export type { GeneratorName } from './sklearn-params.js';
