import pc from 'picocolors'
import { expect, it } from 'vitest'
import type { InputLesson } from '../packTest/inputLesson.ts'
import type { PackTestReport, PackTestRow } from '../packTest/testPack.ts'
import { formatPackTestReport } from './formatPackTestReport.ts'

const colors = pc.createColors(false)
const baseline = (challenge: string, input: InputLesson): PackTestRow => ({
  challenge,
  solution: 'baseline',
  file: `challenges/core/${challenge}/baseline.ts`,
  mode: 'full',
  expect: 'Accepted',
  status: 'Accepted',
  ok: input.problem === undefined,
  ratio: 0.1,
  rounds: 5,
  spread: 0.02,
  input,
})
const lesson = (
  referenceInputBytes: number,
  referenceRowGroupsSkipped: number,
  problem?: string,
): InputLesson => ({
  baselineInputBytes: 27_000_000,
  referenceInputBytes,
  share: referenceInputBytes / 27_000_000,
  maxShare: 0.2,
  baselineRowGroupsRead: 123,
  baselineRowGroupsSkipped: 0,
  referenceRowGroupsRead: 123 - referenceRowGroupsSkipped,
  referenceRowGroupsSkipped,
  ...(problem ? { problem } : {}),
})

it("prints a pushdown lesson's bytes read, share and row groups skipped, and flags a reference that misses it", () => {
  const report: PackTestReport = {
    pack: 'core',
    hash: 'x',
    ok: false,
    typeProblems: [],
    warnings: [],
    rows: [
      baseline('pushed', lesson(270_000, 115)),
      baseline('unpruned', lesson(8_100_000, 115, 'too much read')),
      baseline('unskipped', lesson(5_000_000, 0, 'no row group skipped')),
    ],
  }
  const text = formatPackTestReport(report, colors)
  expect(text).toContain('Input read (dataset: column pruning, predicate pushdown)')
  expect(text).toMatch(
    /pushed: input read .* → .* \(reference 0\.01 of the baseline\); row groups skipped 0 of 123 → 115 of 123 \(within perf\.maxInputShare 0\.2\)/,
  )
  expect(text).toMatch(
    /unpruned: .*\(reference 0\.30 of the baseline\).*\(more than perf\.maxInputShare 0\.2\)/,
  )
  expect(text).toMatch(/unskipped: .*→ 0 of 123 \(the reference skips no row group\)/)
  const none = formatPackTestReport({ ...report, ok: true, rows: [] }, colors)
  expect(none).not.toContain('Input read')
})
