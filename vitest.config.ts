import { defineConfig } from 'vitest/config'
import { LongestFirstSequencer } from './tests/timing/longestFirst.ts'

/**
 * Unit test files that share their worker's modules (isolate: false): each file's imports are read once
 * per worker instead of once per file (125 small files: 113 s of CPU isolated, 61 s shared). Not
 * these, which change their process or keep state in a module the next file would see: CPU pinning
 * (the starved-core tests), module-level scratch roots, stubbed environments, and Dawn in this process
 * (one device per process: a file that loses it would leave the next without an adapter).
 */
const SHARED_UNITS = ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts']
const OWN_PROCESS = [
  'packages/sandbox/src/starvedWall.test.ts',
  'packages/engines/src/pool/poolStarved.test.ts',
  'packages/engines/src/gpu/**/*.test.ts',
  'packages/engines/src/tensor/**/*.test.ts',
  'packages/engines/src/webgpu/**/*.test.ts',
  'packages/engines/src/browser.test.ts',
  'packages/grader/src/privateFolder.test.ts',
  'packages/grader/src/child/scratch.test.ts',
  'packages/grader/src/child/inputCache.test.ts',
  'packages/grader/src/diskEngine.test.ts',
  'packages/grader/src/datasetFiles.test.ts',
  'packages/packs/src/cli/**/*.test.ts',
  'apps/runner/**/*.test.ts',
  'apps/web/src/local/engineSupport.test.ts',
]

// isolated-vm needs --no-node-snapshot on Node 20 and breaks under worker threads: use forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two files at once on a 2-core machine: most files spend part of their time waiting on sandbox
    // children, servers and browsers. Three measured 630 s and 585 s against 762 s for two (the cores
    // 97-99% busy), but the in-page timing test (local-run, reference against itself) then read an
    // interval of 1.17 where 1.15 is allowed: two stay until that test holds under three.
    maxWorkers: 2,
    // Longest files first, from the times a full run recorded (tests/timing): the workers end together.
    sequence: { sequencer: LongestFirstSequencer },
    // expect.poll waits for what a page or server shows: 1 s (vitest's default) was too short for a
    // page reloaded on a machine busy with the whole suite (groups-flow's matrix, a clean-clone run).
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        test: { name: 'units', include: SHARED_UNITS, exclude: OWN_PROCESS, isolate: false },
      },
      {
        extends: true,
        test: { name: 'own-process', include: [...OWN_PROCESS, 'tests/**/*.test.ts'] },
      },
    ],
  },
})
