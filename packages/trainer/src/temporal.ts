/**
 * Temporal plugin entry of @sigmoid/trainer.
 * @module @sigmoid/trainer/temporal
 */
export {};
