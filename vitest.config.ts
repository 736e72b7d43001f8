import { defineConfig } from 'vitest/config';

// Forks with isolation: each test file runs in its own process, so each can bind its own chDB directory.
export default defineConfig({
  test: {
    include: ['shared/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts', 'runtime/**/*.test.ts'],
    pool: 'forks',
    isolate: true,
    globalSetup: ['./test/setup/kafka-broker.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
