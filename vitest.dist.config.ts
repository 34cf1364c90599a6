import { defineConfig } from 'vitest/config'

// Runs only the suites that import the built package by its name.
export default defineConfig({
  test: {
    include: ['test/dist/**/*.test.ts'],
    testTimeout: 30_000,
  },
})
