import { defineConfig } from 'vitest/config';

// One Vitest run across every package. Tests import packages by their public names; the
// "@sigmoid/source" export condition maps those names to TypeScript sources, so no build is needed.
export default defineConfig({
  resolve: { conditions: ['@sigmoid/source'] },
  ssr: { resolve: { conditions: ['@sigmoid/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts'],
    // The Temporal native bridge does not like worker threads: every test file runs in a child process.
    pool: 'forks',
    globalSetup: ['tools/dev-server/vitest.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
