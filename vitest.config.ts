import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/reliability-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own databases and servers; two cores carry two files at a time.
    maxWorkers: 2,
  },
})
