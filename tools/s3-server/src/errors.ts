/** The Versity S3 Gateway (`versitygw`) could not be found or built. The message lists the ways out. */
export class VersityGatewayNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VersityGatewayNotFoundError';
  }
}

/** The S3 server did not come up: it crashed, its port was taken, or it did not answer in time. */
export class S3ServerStartError extends Error {
  constructor(
    message: string,
    /** The last lines the server printed, for diagnosis. */
    readonly output: string,
  ) {
    super(output ? `${message}\n--- versitygw output (last lines) ---\n${output}` : message);
    this.name = 'S3ServerStartError';
  }
}
