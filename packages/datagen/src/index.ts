/**
 * @module @sigmoid/datagen
 */
export { makeClassification, classificationLayout } from './make-classification.js';
export type { MakeClassificationOptions } from './make-classification.js';
export { streamClassification } from './stream-classification.js';
export type { StreamClassificationOptions } from './stream-classification.js';
