// A stand-in for the tRPC API, answered inside the browser (Playwright's page.route), so every page and
// every state of the results panel can be looked at without a server, a queue or minutes of perf
// trials. Typed with the web's own API types: when the server's shapes change, this stops compiling.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page, Route } from 'playwright-core'
import type {
  Challenge,
  CourseMap,
  Distribution,
  ProgressEvent,
  Submission,
  SubmissionListItem,
  User,
} from '../src/api/types.ts'
import { recordedSubmission } from './recordedSubmission.ts'

const repo = join(import.meta.dirname, '../../..')
const read = (path: string) => readFileSync(join(repo, path), 'utf8')

export const user: User = { id: 7, username: 'alpaca_kim', role: 'learner', locale: 'en', xp: 50, level: 2 }

export const courseMap: CourseMap = {
  topics: [
    {
      id: 'memory-hierarchy',
      title: 'The memory hierarchy',
      title_ko: '메모리 계층 구조',
      challenges: [
        {
          id: 'core/column-sums',
          title: 'Column sums of a large matrix',
          title_ko: '큰 행렬의 열 합계',
          difficulty: 'easy',
          xp: 20,
          progress: 'accepted',
          bestTier: 'silver',
          bestScore: 0.83,
          group: null,
          engines: [],
        },
        {
          id: 'core/matrix-transpose',
          title: 'Transpose a large matrix',
          title_ko: '큰 행렬 전치하기',
          difficulty: 'medium',
          xp: 30,
          progress: 'attempted',
          bestTier: null,
          bestScore: null,
          group: null,
          engines: [],
        },
      ],
    },
    {
      id: 'vectorization',
      title: 'Vectorization',
      title_ko: '벡터화',
      challenges: [
        {
          id: 'core/zscore-columns',
          title: 'Z-scores, column by column',
          title_ko: '열 단위 z-점수',
          difficulty: 'easy',
          xp: 20,
          progress: 'none',
          bestTier: null,
          bestScore: null,
          group: null,
          engines: [],
        },
        {
          id: 'core/group-by-aggregate',
          title: 'Group by and aggregate',
          title_ko: '그룹별 집계',
          difficulty: 'medium',
          xp: 30,
          progress: 'none',
          bestTier: null,
          bestScore: null,
          group: null,
          engines: [],
        },
      ],
    },
    { id: 'out-of-core', title: 'Data larger than memory', title_ko: '메모리보다 큰 데이터', challenges: [] },
    { id: 'parallel', title: 'Parallel computing', title_ko: '병렬 컴퓨팅', challenges: [] },
    {
      id: 'mapreduce',
      title: 'MapReduce and distributed computing',
      title_ko: '맵리듀스와 분산 컴퓨팅',
      challenges: [],
    },
    { id: 'spark-dask', title: 'Spark and Dask', title_ko: 'Spark와 Dask', challenges: [] },
    {
      id: 'batch-training',
      title: 'Training large models in batches',
      title_ko: '대규모 모델의 배치 학습',
      challenges: [],
    },
    { id: 'gpu-kernels', title: 'GPU kernels', title_ko: 'GPU 커널', challenges: [] },
  ],
}

const WRONG = `interface Table {
  names: string[]
  columns: Float64Array[]
}

export function solve(input: Table): Float64Array[] {
  return input.columns.map((column) => {
    let mean = 0
    for (const x of column) mean += x
    mean /= column.length
    let variance = 0
    for (const x of column) variance += (x - mean) ** 2
    const sigma = Math.sqrt(variance / (column.length - 1))
    return column.map((x) => (x - mean) / sigma)
  })
}
`

const FIXED = WRONG.replace('(column.length - 1)', 'column.length').replace(
  '    return column.map((x) => (x - mean) / sigma)',
  '    const out = new Float64Array(column.length)\n    if (sigma === 0) return out\n    for (let i = 0; i < column.length; i++) out[i] = (column[i]! - mean) / sigma\n    return out',
)

export const challenge: Challenge = {
  id: 'core/zscore-columns',
  title: 'Z-scores, column by column',
  title_ko: '열 단위 z-점수',
  topic: 'vectorization',
  difficulty: 'easy',
  xp: 20,
  statement: read('challenges/core/zscore-columns/README.md'),
  statement_ko: read('challenges/core/zscore-columns/README.ko.md'),
  starter: read('challenges/core/zscore-columns/starter.ts'),
  dts: `interface Console { log(...data: any[]): void }\ndeclare var console: Console\ninterface Table {\n  names: string[]\n  columns: Float64Array[]\n}\ntype Input = Table\ntype Output = Float64Array[]\ndeclare function solve(input: Input): Output;\n`,
  entry: 'solve',
  samples: [
    {
      name: 'example',
      input: "{ names: ['a', 'b'], columns: [Float64Array [1, 2, 3, 4], Float64Array [5, 5, 5, 5]] }",
    },
    { name: 'one-row', input: "{ names: ['x'], columns: [Float64Array [42]] }" },
  ],
  limits: { cpuMs: 2000, wallMs: 4000, memoryMb: 160, outputKb: 64 },
  engines: [],
  runners: ['cpu'],
  clock: 'cpu',
  metric: 'time',
  pack: { id: 'core', version: '1', label: '1', hash: 'sha256:4f2a…' },
}

const base = {
  challengeId: challenge.id,
  message: null,
  location: null,
  tests: [],
  metrics: null,
  perf: null,
  tier: null,
  score: null,
  runnerClass: 'cpu',
  attempt: 1,
  queueAhead: 0,
  waitEstimateMs: null,
  shared: false,
  packVersion: '1',
  packHash: 'sha256:4f2a',
  startedAt: null,
  finishedAt: null,
} satisfies Partial<Submission>

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

export const wrongAnswer: Submission = {
  ...base,
  id: 41,
  mode: 'samples',
  status: 'done',
  verdict: 'WrongAnswer',
  message: 'Sample "example": column "a", row 0: expected -1.3416407864998738, got -1.161895003862225.',
  tests: [
    {
      name: 'example',
      kind: 'sample',
      status: 'WrongAnswer',
      message: 'column "a", row 0: expected -1.3416407864998738, got -1.161895003862225',
      input: "{ names: ['a', 'b'], columns: [Float64Array [1, 2, 3, 4], Float64Array [5, 5, 5, 5]] }",
      expected: '[Float64Array [-1.341641, -0.447214, 0.447214, 1.341641], Float64Array [0, 0, 0, 0]]',
      actual: '[Float64Array [-1.161895, -0.387298, 0.387298, 1.161895], Float64Array [NaN, NaN, NaN, NaN]]',
      output: 'sigma a = 1.2909944487358056\nsigma b = 0\n',
    },
    {
      name: 'one-row',
      kind: 'sample',
      status: 'WrongAnswer',
      message: 'column "x", row 0: expected 0, got NaN',
    },
  ],
  metrics: { cpuNs: 412_000, wallNs: 1_020_000, peakBytes: 1_310_720 },
  source: WRONG,
  createdAt: minutesAgo(14),
  finishedAt: minutesAgo(14),
}

export const compileError: Submission = {
  ...base,
  id: 42,
  mode: 'samples',
  status: 'done',
  verdict: 'CompileError',
  message: 'solution.ts:9:5: ERROR: Expected ";" but found "variance"',
  location: { line: 9, column: 5 },
  source: WRONG.replace('let variance = 0', 'let variance = 0 0'),
  createdAt: minutesAgo(9),
  finishedAt: minutesAgo(9),
}

/** A Submit of column-sums' reference, recorded from a real grading (tests/fixtures/results). */
export const accepted: Submission = recordedSubmission('cpu', {
  id: 43,
  source: FIXED,
  createdAt: minutesAgo(3),
  finishedAt: minutesAgo(2),
})

/** The pool's reference (parallel-histogram), recorded: engine counters, scaling and a timeline of tasks. */
export const acceptedWithEngines: Submission = recordedSubmission('pool', {
  id: 43,
  createdAt: minutesAgo(3),
  finishedAt: minutesAgo(2),
})

export const running: Submission = {
  ...base,
  id: 44,
  mode: 'full',
  status: 'running',
  verdict: null,
  source: FIXED,
  createdAt: minutesAgo(0),
}

export const distribution: Distribution = {
  challengeId: challenge.id,
  packVersion: '1',
  packHash: 'sha256:4f2a',
  runnerClass: 'cpu',
  scores: [
    0.05, 0.07, 0.09, 0.11, 0.12, 0.2, 0.24, 0.31, 0.38, 0.41, 0.45, 0.52, 0.55, 0.61, 0.66, 0.7, 0.72, 0.76,
    0.79, 0.8, 0.81, 0.83, 0.85, 0.88, 0.9, 0.93, 0.97, 0.99, 1.0, 1.02, 1.05, 1.1, 1.24,
  ],
  reference: 1,
  you: {
    submissionId: 43,
    score: accepted.score ?? 1,
    scoreInterval: [(accepted.score ?? 1) * 0.9, (accepted.score ?? 1) * 1.1],
    fasterThan: 0.66,
    interval: [0.59, 0.72],
    others: 32,
  },
}

export interface Scenario {
  loggedIn: boolean
  list: SubmissionListItem[]
  submissions: Map<number, Submission>
  /** What submission.create returns next. */
  nextId: number
  /** The events a progress subscription sends, per submission id. */
  progress: Map<number, ProgressEvent[]>
  /** Drafts by challenge id. */
  drafts: Map<string, string>
}

export function summary(submission: Submission): SubmissionListItem {
  return {
    id: submission.id,
    challengeId: submission.challengeId,
    mode: submission.mode,
    status: submission.status,
    verdict: submission.verdict,
    tier: submission.tier,
    score: submission.score,
    runnerClass: submission.runnerClass,
    packVersion: submission.packVersion,
    createdAt: submission.createdAt,
    finishedAt: submission.finishedAt,
    regradeOf: null,
  }
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message)
  }
}

type Procedure = (input: Record<string, unknown> | undefined) => unknown

function procedures(scenario: Scenario): Record<string, Procedure> {
  const submission = (input: Record<string, unknown> | undefined) => {
    const found = scenario.submissions.get(Number(input?.id))
    if (!found) throw new ApiError('NOT_FOUND', 404, `You have no submission #${String(input?.id)}.`)
    return found
  }
  return {
    'auth.me': () => (scenario.loggedIn ? user : null),
    'auth.login': () => user,
    'auth.signup': () => user,
    'auth.logout': () => ({ ok: true }),
    'auth.setLocale': (input) => ({ ...user, locale: input?.locale }),
    'course.map': () => courseMap,
    'challenge.get': (input) => {
      if (input?.id !== challenge.id)
        throw new ApiError('NOT_FOUND', 404, `There is no challenge "${String(input?.id)}".`)
      return challenge
    },
    'draft.get': (input) => {
      const source = scenario.drafts.get(String(input?.challengeId))
      return source === undefined ? null : { source, updatedAt: minutesAgo(1) }
    },
    'draft.save': (input) => {
      scenario.drafts.set(String(input?.challengeId), String(input?.source))
      return { updatedAt: new Date().toISOString() }
    },
    'submission.create': () => ({ id: scenario.nextId }),
    'submission.get': submission,
    'submission.list': () => scenario.list,
    'stats.distribution': () => distribution,
  }
}

/** Answers every /trpc request of the page from the scenario (batched queries, mutations, SSE). */
export async function mockApi(page: Page, scenario: Scenario): Promise<void> {
  const table = procedures(scenario)
  await page.route('**/trpc/**', async (route: Route) => {
    const request = route.request()
    const url = new URL(request.url())
    const paths = url.pathname.replace(/^\/trpc\//, '').split(',')
    if (paths[0] === 'submission.progress') {
      const input = JSON.parse(url.searchParams.get('input') ?? '{}') as { id?: number }
      const events = scenario.progress.get(Number(input.id)) ?? []
      const done = events.some((event) => event.phase === 'done')
      const body = [
        'event: connected\ndata: {}\n\n',
        ...events.map((event) => `data: ${JSON.stringify(event)}\n\n`),
        done ? 'event: return\ndata: \n\n' : '',
      ].join('')
      await route.fulfill({ status: 200, contentType: 'text/event-stream', body })
      return
    }
    const batch = url.searchParams.get('batch') === '1'
    const raw = request.method() === 'GET' ? url.searchParams.get('input') : request.postData()
    const inputs = (raw ? JSON.parse(raw) : {}) as Record<string, Record<string, unknown> | undefined>
    let status = 200
    const results = paths.map((path, index) => {
      try {
        const handler = table[path]
        if (!handler) throw new ApiError('NOT_FOUND', 404, `No procedure ${path}`)
        return { result: { data: handler(batch ? inputs[String(index)] : inputs) } }
      } catch (error) {
        const apiError =
          error instanceof ApiError ? error : new ApiError('INTERNAL_SERVER_ERROR', 500, String(error))
        status = paths.length > 1 ? 207 : apiError.httpStatus
        return {
          error: {
            message: apiError.message,
            code: -32004,
            data: { code: apiError.code, httpStatus: apiError.httpStatus, path },
          },
        }
      }
    })
    await route.fulfill({
      status,
      contentType: 'application/json',
      body: JSON.stringify(batch ? results : results[0]),
    })
  })
}
