/**
 * @module @sigmoid/random
 */
export {};
