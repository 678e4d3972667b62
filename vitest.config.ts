import { defineConfig } from 'vitest/config'
import { LongestFirstSequencer } from './tests/timing/longestFirst.ts'

// isolated-vm needs --no-node-snapshot on Node 20 and breaks under worker threads: use forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default is one file at a time on a 2-core machine (cores - 1), yet most files spend
    // their time waiting on sandbox children, servers and browsers: two files at once keep both cores
    // busy. Tests assert verdicts, not clocks (perf ratios interleave reference and submission in one
    // child), so a neighbour's load does not change their outcome.
    maxWorkers: 2,
    // Longest files first, from the times a full run recorded (tests/timing): the two workers end together.
    sequence: { sequencer: LongestFirstSequencer },
    // expect.poll waits for what a page or server shows: 1 s (vitest's default) was too short for a
    // page reloaded on a machine busy with the whole suite (groups-flow's matrix, a clean-clone run).
    expect: { poll: { timeout: 15_000 } },
  },
})
