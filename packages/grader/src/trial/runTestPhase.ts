import type { IsolateLimits, IsolateProgram, ProcessPool } from '@arena/sandbox'
import { formatCaseSize } from '../caseSize.ts'
import type { CaseRef } from '../child/caseInput.ts'
import type { PackPlan } from '../child/packIsolate.ts'
import type { EngineGrant } from '../child/runWithEngines.ts'
import { hiddenRunMessage, learnerLocation, redactHiddenRow } from '../hiddenDetail.ts'
import type { PackCode } from '../packCode.ts'
import type { ProgressEvent, TestResult } from '../types.ts'
import { callRunCase } from './sandboxCalls.ts'
import { deriveSeed } from './stats.ts'

interface PlannedCase {
  name: string
  kind: TestResult['kind']
  ref: CaseRef
}

export interface TestPhaseOptions {
  pool: ProcessPool
  /** The case list, read in the sandbox (callPackPlan). */
  tests: PackPlan
  testsBundle: PackCode
  program: IsolateProgram
  limits: IsolateLimits
  engines: EngineGrant
  includeHidden: boolean
  secretSeed: number
  onProgress?: (event: ProgressEvent) => void
  signal?: AbortSignal
}

export interface TestPhaseResult {
  tests: TestResult[]
  /** The first failure, which decides the verdict. */
  firstFailure?: TestResult & { location?: { line: number; column: number } }
}

/**
 * Runs every sample, then hidden and generated cases until the first failure, each in a fresh isolate.
 * Samples all run so a learner sees every sample's outcome; after a hidden failure the rest would only
 * cost time.
 */
export async function runTestPhase(options: TestPhaseOptions): Promise<TestPhaseResult> {
  const plan = planCases(options.tests, options.includeHidden, options.secretSeed)
  const results: TestResult[] = []
  let firstFailure: TestPhaseResult['firstFailure']
  for (const [index, planned] of plan.entries()) {
    if (options.signal?.aborted) break
    if (firstFailure && planned.kind !== 'sample') break
    options.onProgress?.({ phase: 'testing', done: index, total: plan.length, name: planned.name })
    const detailed = planned.kind === 'sample'
    const report = await callRunCase(options.pool, {
      testsBundle: options.testsBundle,
      program: options.program,
      limits: options.limits,
      engines: options.engines,
      ref: planned.ref,
      detailed,
    })
    const row: TestResult = stripUndefined({
      name: planned.name,
      kind: planned.kind,
      status: report.status,
      message: report.message,
      messageKo: report.messageKo,
      input: report.input,
      inputKo: report.inputKo,
      expected: report.expected,
      actual: report.actual,
      output: report.output,
      metrics: stripUndefined({
        cpuNs: report.cpuNs,
        wallNs: report.wallNs,
        peakBytes: report.peakBytes,
        counters: report.counters,
        timeline: report.timeline,
      }),
    })
    const result = planned.kind === 'sample' ? row : hiddenRow(row, report.location)
    results.push(result)
    if (report.status !== 'Accepted' && !firstFailure) {
      firstFailure = { ...result, location: learnerLocation(report.location) }
    }
  }
  options.onProgress?.({ phase: 'testing', done: results.length, total: plan.length, name: '' })
  return { tests: results, firstFailure }
}

/** A hidden or generated row as the learner may see it: see hiddenDetail.ts for the rule. */
function hiddenRow(row: TestResult, location: unknown): TestResult {
  if (row.status === 'Accepted') return redactHiddenRow(row)
  const message = hiddenRunMessage({
    status: row.status,
    place: row.kind === 'generated' ? 'generated' : 'hidden',
    name: row.name,
    message: row.message,
    location,
  })
  return redactHiddenRow({ ...row, message })
}

function planCases(tests: PackPlan, includeHidden: boolean, secretSeed: number): PlannedCase[] {
  const plan: PlannedCase[] = tests.samples.map((sample, index) => ({
    name: sample.name,
    kind: 'sample',
    ref: { kind: 'sample', index },
  }))
  if (!includeHidden) return plan
  tests.hidden.forEach((hidden, index) => {
    plan.push({ name: hidden.name, kind: 'hidden', ref: { kind: 'hidden', index } })
  })
  const generated = tests.generated
  for (let index = 0; generated && index < generated.count; index++) {
    const size = generated.sizes[index % generated.sizes.length] ?? 1
    const seed = deriveSeed(secretSeed, 'generated', index)
    plan.push({
      name: `generated #${index + 1} (size ${formatCaseSize(size)})`,
      kind: 'generated',
      ref: { kind: 'generated', seed, size },
    })
  }
  return plan
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T
}
