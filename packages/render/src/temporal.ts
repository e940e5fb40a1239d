/**
 * Temporal plugin entry of @sigmoid/render.
 * @module @sigmoid/render/temporal
 */
export {};
