/**
 * @module @sigmoid/render
 */
export {};
