import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from './src/index.js';


let server: DevServer | undefined;

/** One Temporal dev server for the whole test run (or TEMPORAL_ADDRESS when set). */
export async function setup(project: TestProject): Promise<void> {
  server = await startDevServer({ headless: true });
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
