/**
 * @module @sigmoid/worker
 */
export {};
