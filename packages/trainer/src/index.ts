/**
 * @module @sigmoid/trainer
 */
export {};
