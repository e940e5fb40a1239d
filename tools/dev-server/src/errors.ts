/** The Temporal CLI could not be found or built. The message lists the ways out. */
export class TemporalCliNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalCliNotFoundError';
  }
}

/** The dev server did not come up: it crashed, its port was taken, or it did not answer in time. */
export class DevServerStartError extends Error {
  constructor(
    message: string,
    /** The last lines the server printed, for diagnosis. */
    readonly output: string,
  ) {
    super(output ? `${message}\n--- temporal output (last lines) ---\n${output}` : message);
    this.name = 'DevServerStartError';
  }
}
