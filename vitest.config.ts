import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'build-tools/**/*.test.ts'],
    testTimeout: 30_000,
    setupFiles: ['build-tools/vitest-setup.ts'],
    // Vitest's default, one worker fewer than the cores, is a single worker on a 2-core machine
    // (CI's), which leaves a core idle: the main process mostly waits. Two workers there; the
    // default from 3 cores up.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
