// `arena pack test` runs a pack's tests.ts only where the grader does: in a sandbox child's pack-code
// isolate (issue 15, point 1). A tests.ts that reaches for the host at its top level reaches nothing.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { REPO_ROOT, tempRoot } from '../testing/tempRoot.ts'

const BIN = path.join(REPO_ROOT, 'packages/packs/bin/arena.js')
let root: Awaited<ReturnType<typeof tempRoot>>

beforeAll(async () => {
  root = await tempRoot()
})
afterAll(() => root.cleanup())

it('a tests.ts that reads the env and writes a file at its top level: every run an InternalError naming the challenge, nothing written', {
  timeout: 180_000,
}, async () => {
  const challengeDir = (await scaffoldChallenge(root.dir, 'demo', 'sum-array')).dir
  const marker = path.join(root.dir, 'marker')
  await writeFile(
    path.join(challengeDir, 'tests.ts'),
    `import { defineTests } from '@arena/grader/authoring'
declare const process: any
const host = (globalThis as any).process ?? Function('return this')().process
host?.getBuiltinModule?.('fs').writeFileSync(${JSON.stringify(marker)}, 'ran with Node')
export const token = process.env.ARENA_RUNNER_TOKEN
export default defineTests<number[], number>({
  generate: (seed) => [seed],
  check: () => true,
  samples: [{ name: 'one', input: [1] }],
  hidden: [],
})
`,
  )
  const result = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'pack', 'test', path.join(root.dir, 'demo'), '--no-typecheck', '--challenge', 'sum-array'],
      { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: undefined } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    )
  })
  expect(result.code).toBe(1)
  expect(result.output).toContain(
    `The challenge "demo/sum-array"'s tests.ts failed: ReferenceError: process is not defined`,
  )
  expect(existsSync(marker)).toBe(false)
})
