import { randomInt } from 'node:crypto'
import { hostname } from 'node:os'
import { pathToFileURL } from 'node:url'
import type { IsolateLimits, ProcessPool } from '@arena/sandbox'
import type { ChallengeTests } from './authoring/types.ts'
import { bundleTests } from './compile/bundleTests.ts'
import { compileSolution } from './compile/compileSolution.ts'
import { engineGrant } from './engineGrant.ts'
import { runnerMismatch } from './runnerClass.ts'
import { measureScaling, measuresScaling } from './trial/measureScaling.ts'
import { type PerfTrialOptions, runPerfTrial } from './trial/runPerfTrial.ts'
import { runTestPhase } from './trial/runTestPhase.ts'
import type { GradableChallenge, GradeRequest, GradeResult, Verdict } from './types.ts'

export interface GradeContext {
  pool: ProcessPool
  runnerClass: string
}

/** compile -> tests -> performance trial -> verdict. Knows nothing of databases, queues or HTTP. */
export async function grade(request: GradeRequest, context: GradeContext): Promise<GradeResult> {
  const startedAt = Date.now()
  const { challenge } = request
  const filename = request.filename ?? 'solution.ts'
  const secretSeed = request.secretSeed ?? randomInt(2 ** 31)
  const result = (
    fields: Omit<GradeResult, 'version' | 'challenge' | 'packHash' | 'mode' | 'runner' | 'durationMs'>,
  ) => {
    const done: GradeResult = {
      version: 1,
      challenge: challenge.id,
      packHash: challenge.packHash,
      mode: request.mode,
      ...fields,
      runner: { class: context.runnerClass, host: hostname() },
      durationMs: Date.now() - startedAt,
    }
    request.onProgress?.({ phase: 'done', status: done.status })
    return done
  }

  const mismatch = runnerMismatch(challenge, context.runnerClass)
  if (mismatch) return result({ status: 'InternalError', message: mismatch, tests: [] })

  request.onProgress?.({ phase: 'compiling' })
  const compiled = await compileSolution(request.source, filename, challenge.entry, challenge.engines)
  if (!compiled.ok) {
    return result({
      status: 'CompileError',
      message: compiled.message,
      location: compiled.location,
      tests: [],
    })
  }
  let testsBundle: string
  let tests: ChallengeTests<unknown>
  try {
    testsBundle = await bundleTests(challenge.testsFile)
    tests = await importTests(testsBundle)
  } catch (error) {
    // The challenge is broken, not the submission: say so rather than blame the learner.
    const reason = error instanceof Error ? error.message : String(error)
    return result({
      status: 'InternalError',
      message: `The challenge's tests could not be loaded: ${reason}`,
      tests: [],
    })
  }
  const limits = isolateLimits(challenge)

  const phase = await runTestPhase({
    pool: context.pool,
    tests,
    testsBundle,
    program: compiled.program,
    limits,
    engines: engineGrant(challenge, context.runnerClass),
    includeHidden: request.mode !== 'samples',
    secretSeed,
    onProgress: request.onProgress,
    signal: request.signal,
  })
  const last = phase.tests.at(-1)?.metrics
  if (request.signal?.aborted) {
    return result({ status: 'InternalError', message: 'The grading was cancelled.', tests: phase.tests })
  }
  if (phase.firstFailure) {
    const failure = phase.firstFailure
    return result({
      status: failure.status,
      message: failureMessage(failure.status, failure.kind, failure.name, failure.message),
      location: failure.location,
      tests: phase.tests,
      metrics: failure.metrics,
    })
  }
  if (request.mode !== 'full') return result({ status: 'Accepted', tests: phase.tests, metrics: last })

  const reference = await compileSolution(
    challenge.referenceSource,
    'reference.ts',
    challenge.entry,
    challenge.engines,
  )
  if (!reference.ok) {
    return result({
      status: 'InternalError',
      message: `The challenge's reference solution does not compile: ${reference.message}`,
      tests: phase.tests,
    })
  }
  const trialOptions: PerfTrialOptions = {
    pool: context.pool,
    challenge,
    testsBundle,
    submission: compiled.program,
    reference: reference.program,
    limits,
    secretSeed,
    runnerClass: context.runnerClass,
    onProgress: request.onProgress,
    signal: request.signal,
  }
  const trial = await runPerfTrial(trialOptions)
  if (!trial.ok)
    return result({ status: trial.status, message: trial.message, tests: phase.tests, metrics: last })
  const parallel = measuresScaling(challenge) ? await measureScaling(trialOptions) : undefined
  return result({
    status: 'Accepted',
    tests: phase.tests,
    metrics: trial.largest,
    perf: trial.perf,
    ...(parallel ? { parallel } : {}),
    tier: trial.perf.tier,
  })
}

export function isolateLimits(challenge: GradableChallenge): IsolateLimits {
  return {
    cpuMs: challenge.limits.cpuMs,
    wallMs: challenge.limits.wallMs,
    memoryMb: challenge.limits.memoryMb,
    outputBytes: challenge.limits.outputKb * 1024,
    resultBytes: challenge.limits.resultMb * 2 ** 20,
  }
}

async function importTests(bundle: string): Promise<ChallengeTests<unknown>> {
  const module = (await import(pathToFileURL(bundle).href)) as { default?: ChallengeTests<unknown> }
  if (!module.default?.samples || !module.default.hidden) {
    throw new Error('tests.ts must `export default defineTests({ generate, check, samples, hidden })`')
  }
  return module.default
}

function failureMessage(status: Verdict, kind: string, name: string, message: string | undefined): string {
  const where = kind === 'sample' ? `sample test "${name}"` : `${kind} test "${name}"`
  if (status === 'WrongAnswer' && kind !== 'sample') return `Wrong answer on ${where}.`
  return `${message ?? status} — on ${where}.`
}
