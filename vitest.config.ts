import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/reliability-reporter.ts'],
    // Generous: the heavy tests (thousands of submissions, real browsers, workerd) must pass on a
    // shared 2-core machine under load; a hang still ends.
    testTimeout: 240_000,
    hookTimeout: 300_000,
    // Each file opens its own databases and servers; two cores carry two files at a time.
    maxWorkers: 2,
  },
})
