// Results recorded from real gradings (tests/fixtures/results, `npm run record-results`) as the API
// serves them: page tests, screenshots and the mock API use these instead of hand-written shapes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type GradeResult, readGradeResult } from '@arena/grader/result'
import type { Submission } from '../src/api/types.ts'

const FIXTURES = join(import.meta.dirname, '../../../tests/fixtures/results')

/** The recordings: one challenge per engine kind, plus column-sums' baseline (a slow solution). */
export type RecordingName =
  | 'disk'
  | 'pool'
  | 'mapreduce'
  | 'dataset'
  | 'tensor'
  | 'gpu'
  | 'cpu'
  | 'cpu-baseline'

/** A recorded GradeResult, read against the contract (a stale recording fails here, naming the fix). */
export function recordedResult(name: RecordingName): GradeResult {
  const read = readGradeResult(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')))
  if (!read.ok)
    throw new Error(`tests/fixtures/results/${name}.json: ${read.problem}; run npm run record-results`)
  return read.result
}

/** A recorded result as `submission.get` answers for it once stored (see the server's submissionView). */
export function recordedSubmission(name: RecordingName, fields: Partial<Submission> = {}): Submission {
  const result = recordedResult(name)
  const finishedAt = new Date().toISOString()
  return {
    id: 1,
    challengeId: result.challenge,
    mode: result.mode === 'samples' ? 'samples' : 'full',
    status: 'done',
    verdict: result.status,
    message: result.message ?? null,
    location: result.location ?? null,
    tests: result.tests,
    metrics: result.metrics ?? null,
    perf: result.perf ?? null,
    ...(result.parallel ? { parallel: result.parallel } : {}),
    tier: result.tier ?? null,
    score: result.perf?.score ?? null,
    runnerClass: result.runner.class,
    attempt: 1,
    queueAhead: 0,
    waitEstimateMs: null,
    shared: false,
    source: '',
    packVersion: '1',
    packHash: result.packHash,
    createdAt: finishedAt,
    startedAt: finishedAt,
    finishedAt,
    ...fields,
  }
}
