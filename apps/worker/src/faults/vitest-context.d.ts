// Provided by tools/dev-server/vitest.global-setup.ts (declared there too; repeated for this tsconfig).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
  }
}
