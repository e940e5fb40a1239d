/**
 * @module @sigmoid/datagen
 */
export {};
