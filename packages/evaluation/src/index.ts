/**
 * @module @sigmoid/evaluation
 */
export {};
