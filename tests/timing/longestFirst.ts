// Orders test files longest first, so that two workers finish together instead of one running the
// last long file alone. Vitest does this from its own results cache, which a clean clone (CI) lacks:
// it then runs the largest files first, and a short file of heavy gradings (datasetChallenges, 76 s)
// ran last while the other worker had nothing left. The committed `fileSeconds.json` (written by
// `npm run test:timings` after a full run) stands in for that cache where it has no entry.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const RECORDED_PATH = path.join(import.meta.dirname, 'fileSeconds.json')
const REPO_ROOT = path.resolve(import.meta.dirname, '../..')

function recordedSeconds(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(RECORDED_PATH, 'utf8')) as Record<string, number>
  } catch {
    return {}
  }
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const recorded = recordedSeconds()
    const seconds = (spec: TestSpecification): number => {
      const file = path.relative(REPO_ROOT, spec.moduleId)
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)
      // A file never timed (a new one) goes first, as Vitest's own order has it.
      return cached ? cached.duration / 1000 : (recorded[file] ?? Number.MAX_VALUE)
    }
    return [...files].sort((a, b) => seconds(b) - seconds(a))
  }
}
