/**
 * Temporal plugin entry of @sigmoid/arrow-store.
 * @module @sigmoid/arrow-store/temporal
 */
export {};
