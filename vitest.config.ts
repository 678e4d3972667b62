import { defineConfig } from 'vitest/config'

// isolated-vm needs --no-node-snapshot on Node 20 and breaks under worker threads: use forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
