/**
 * Temporal plugin entry of @sigmoid/evaluation.
 * @module @sigmoid/evaluation/temporal
 */
export {};
