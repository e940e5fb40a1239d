/**
 * @module @sigmoid/workflows
 */
export {};
