import { randomInt } from 'node:crypto'
import { hostname } from 'node:os'
import type { IsolateLimits, ProcessPool } from '@arena/sandbox'
import { boundResult } from './boundResult.ts'
import type { PackPlan } from './child/packIsolate.ts'
import { bundleTests } from './compile/bundleTests.ts'
import { compileSolution } from './compile/compileSolution.ts'
import { engineGrant } from './engineGrant.ts'
import { hiddenRunMessage, redactHidden } from './hiddenDetail.ts'
import { type PackCode, packCodeFor } from './packCode.ts'
import { profileLargestCase } from './profile/profileLargestCase.ts'
import { withSourceLines } from './profile/withSourceLines.ts'
import { runnerMismatch } from './runnerClass.ts'
import { measureScaling, measuresScaling } from './trial/measureScaling.ts'
import { type PerfTrialOptions, runPerfTrial } from './trial/runPerfTrial.ts'
import { runTestPhase, type TestPhaseResult } from './trial/runTestPhase.ts'
import { callPackPlan } from './trial/sandboxCalls.ts'
import type { GradableChallenge, GradeRequest, GradeResult, TestResult, Verdict } from './types.ts'

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
    // Hidden means hidden (hiddenDetail.ts): every part is held to the rule once more, whatever built it.
    const done: GradeResult = redactHidden(
      boundResult({
        version: 1,
        challenge: challenge.id,
        packHash: challenge.packHash,
        mode: request.mode,
        ...fields,
        runner: { class: context.runnerClass, host: hostname() },
        durationMs: Date.now() - startedAt,
      }),
    )
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
  // A second grading for a better measurement: the first one's tests stand.
  const remeasured =
    request.mode === 'full' && request.remeasure?.status === 'Accepted' ? request.remeasure : undefined
  let testsBundle: PackCode
  let tests: PackPlan | undefined
  try {
    // Pack code runs only in the sandbox: here it is bundled, and its case list read in a child.
    testsBundle = packCodeFor(challenge, await bundleTests(challenge.testsFile))
    tests = remeasured ? undefined : await callPackPlan(context.pool, testsBundle)
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

  const phase: TestPhaseResult = !tests
    ? { tests: remeasured?.tests ?? [] }
    : await runTestPhase({
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
  // A full Submit that ran out of time: where did the time go (issue 18.1), on the largest perf case.
  const timeLimitProfile = async (status: Verdict) => {
    if (status !== 'TimeLimit' || request.mode !== 'full' || request.profile === false) return {}
    if (request.signal?.aborted) return {}
    const startedAt = Date.now()
    const profile = await profileLargestCase(
      {
        pool: context.pool,
        challenge,
        testsBundle,
        submission: compiled.program,
        limits,
        secretSeed,
        runnerClass: context.runnerClass,
        onProgress: request.onProgress,
      },
      'timeLimit',
    )
    return {
      profile: {
        submission: withSourceLines(profile.submission, request.source),
        spentMs: Date.now() - startedAt,
      },
    }
  }
  if (phase.firstFailure) {
    const failure = phase.firstFailure
    return result({
      ...(await timeLimitProfile(failure.status)),
      status: failure.status,
      message: failureMessage(failure.status, failure.kind, failure.name, failure.message),
      ...sampleMessageKo(failure),
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
  const trial = await runPerfTrial({ ...trialOptions, carryFrom: remeasured?.perf })
  if (!trial.ok)
    return result({
      status: trial.status,
      message: trial.message,
      tests: phase.tests,
      metrics: last,
      ...(await timeLimitProfile(trial.status)),
    })
  const parallel = measuresScaling(challenge) ? await measureScaling(trialOptions, trial.perf) : undefined
  // After every timed round, in a round of its own: no score or time above includes it.
  const profileStartedAt = Date.now()
  const profiled = request.profile !== false && !request.signal?.aborted
  // An untimed round: the first grading's stands, as its tests do.
  const kept = profiled ? remeasured?.profile : undefined
  const profile = profiled && !remeasured ? await profileLargestCase(trialOptions) : undefined
  return result({
    status: 'Accepted',
    tests: phase.tests,
    metrics: trial.largest,
    perf: trial.perf,
    ...(parallel ? { parallel } : {}),
    ...(kept ? { profile: kept } : {}),
    ...(profile
      ? {
          profile: {
            submission: withSourceLines(profile.submission, request.source),
            ...(profile.reference
              ? { reference: withSourceLines(profile.reference, challenge.referenceSource) }
              : {}),
            spentMs: Date.now() - profileStartedAt,
          },
        }
      : {}),
    ...(trial.perf.tier ? { tier: trial.perf.tier } : {}),
    // An unscored trial says why on the result itself, where every client shows a message.
    ...(trial.perf.note ? { message: trial.perf.note } : {}),
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

/** A sample's bilingual check message, in Korean, as the headline (hidden rows never carry one). */
function sampleMessageKo(failure: TestResult): { messageKo?: string } {
  if (failure.kind !== 'sample' || failure.messageKo === undefined) return {}
  return { messageKo: `${failure.messageKo} — 샘플 테스트 "${failure.name}"에서.` }
}

/** A sample's failure says everything; a hidden or generated row's message is already all it may say. */
function failureMessage(status: Verdict, kind: string, name: string, message: string | undefined): string {
  if (kind !== 'sample')
    return message ?? hiddenRunMessage({ status, place: kind === 'generated' ? 'generated' : 'hidden', name })
  return `${message ?? status} — on sample test "${name}".`
}
