// What the root Vitest globalSetup provides to every test file: `inject('temporalAddress')`.
// Included by every package's typecheck through tsconfig.base.json "files".
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** gRPC host:port of the run's Temporal server (embedded dev server or TEMPORAL_ADDRESS). */
    temporalAddress: string;
    /** Its namespace. */
    temporalNamespace: string;
  }
}
