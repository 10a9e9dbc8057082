import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', '**/dist/**'],
    // Suites use real SQLite files and real HTTP servers; give them room on 2-core CI machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
