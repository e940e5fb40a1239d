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
