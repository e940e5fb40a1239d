/**
 * Temporal plugin entry of @sigmoid/datagen.
 * @module @sigmoid/datagen/temporal
 */
export {};
