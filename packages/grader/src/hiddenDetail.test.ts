// Hidden means hidden (issue 15, point 2): a Submit that tries to carry a hidden or generated input out
// through anything its code controls (a thrown message, a non-Error throw, an error's name, console
// output, an engine's error quoting a name it chose, a fault in the performance trial) gets nothing of
// that input back anywhere in the graded result, while a sample keeps its full detail.
import { afterAll, describe, expect, it } from 'vitest'
import type { GenerateContext } from './authoring/files.ts'
import { createGrader } from './createGrader.ts'
import { hiddenRunMessage, isHiddenRunMessage, redactHidden } from './hiddenDetail.ts'
import { mrSpinChallenge } from './testing/mrSpinChallenge.ts'
import sumArrayTests from './testing/sum-array/tests.ts'
import { sumArrayChallenge } from './testing/sumArrayChallenge.ts'
import { deriveSeed } from './trial/stats.ts'
import type { GradeMode, GradeResult } from './types.ts'

const grader = createGrader()
afterAll(() => grader.close())

const SECRET_SEED = 1
const noFiles = {} as GenerateContext
/** sum-array's hidden case "thousand" (seed 7, size 1000): the values the attacks try to read out. */
const HIDDEN = Array.from(sumArrayTests.generate(7, 1000, noFiles))
/** The timed input of the first perf round of sum-array's "large" case. */
const PERF = Array.from(sumArrayTests.generate(deriveSeed(SECRET_SEED, 'large', 0), 200_000, noFiles))

/**
 * Whether `text` holds `run` consecutive values of `values`, whatever separates them (JSON, console
 * formatting, `{"0":v,"1":v}`): the numbers of the text are read in order, and every other one too.
 */
function leaks(text: string, values: readonly number[], run = 5): boolean {
  const windows = new Set<string>()
  for (let i = 0; i + run <= values.length; i++) windows.add(values.slice(i, i + run).join(','))
  const numbers = (text.match(/-?\d+(\.\d+)?/g) ?? []).map(Number)
  for (const stride of [1, 2]) {
    for (let start = 0; start < stride; start++) {
      const picked = numbers.filter((_, index) => index % stride === start)
      for (let i = 0; i + run <= picked.length; i++) {
        if (windows.has(picked.slice(i, i + run).join(','))) return true
      }
    }
  }
  return false
}

function gradeSum(source: string, mode: GradeMode): Promise<GradeResult> {
  return grader.grade({ challenge: sumArrayChallenge(), source, mode, secretSeed: SECRET_SEED })
}

/** Passes the samples (lengths 3 and 0) and runs `attack` on every longer input. */
function onLongInputs(attack: string): string {
  return `export function solve(v: Float64Array): number {
  if (v.length > 3) {
    ${attack}
  }
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i]
  return s
}`
}

describe('hidden inputs stay hidden', () => {
  it('the leak check itself finds the values in the forms the attacks use', () => {
    expect(leaks(JSON.stringify(HIDDEN), HIDDEN)).toBe(true)
    expect(leaks(JSON.stringify(Float64Array.from(HIDDEN)), HIDDEN)).toBe(true)
    expect(leaks(`[ ${HIDDEN.slice(10, 20).join(', ')} ]`, HIDDEN)).toBe(true)
    expect(leaks(JSON.stringify({ a: 1, b: [1, 2, 3, 4, 5] }), HIDDEN)).toBe(false)
  })

  it('throw new Error(JSON.stringify(input)): the verdict, the type and the line, not the input', async () => {
    const result = await gradeSum(onLongInputs('throw new Error(JSON.stringify(Array.from(v)))'), 'tests')
    expect(result.status).toBe('RuntimeError')
    expect(leaks(JSON.stringify(result), HIDDEN)).toBe(false)
    expect(result.message).toBe('Runtime error (Error) on hidden test "thousand" at line 3, column 11.')
    expect(result.location).toEqual({ line: 3, column: 11 })
    const row = result.tests.find((test) => test.kind === 'hidden')
    expect(row).toEqual({
      name: 'thousand',
      kind: 'hidden',
      status: 'RuntimeError',
      message: result.message,
    })
  })

  it('console.log(input) then a wrong answer: no console output of a hidden test comes back', async () => {
    const result = await gradeSum(onLongInputs('console.log(Array.from(v)); return 0'), 'tests')
    expect(result.status).toBe('WrongAnswer')
    expect(result.message).toBe('Wrong answer on hidden test "thousand".')
    expect(leaks(JSON.stringify(result), HIDDEN)).toBe(false)
  })

  it('a thrown non-Error object, and an Error named by the input: neither is quoted', async () => {
    const plain = await gradeSum(onLongInputs('throw { values: Array.from(v) }'), 'tests')
    expect(plain.status).toBe('RuntimeError')
    expect(plain.message).toMatch(/^Runtime error \(a non-Error value was thrown\) on hidden test "thousand"/)
    expect(leaks(JSON.stringify(plain), HIDDEN)).toBe(false)

    const named = await gradeSum(
      onLongInputs("const e = new TypeError('x'); e.name = Array.from(v).join(','); throw e"),
      'tests',
    )
    expect(named.status).toBe('RuntimeError')
    expect(named.message).toMatch(/^Runtime error \(Error\) on hidden test "thousand"/)
    expect(leaks(JSON.stringify(named), HIDDEN)).toBe(false)

    const typed = await gradeSum(onLongInputs('throw new RangeError(String(v[0]))'), 'tests')
    expect(typed.message).toMatch(/^Runtime error \(RangeError\) on hidden test "thousand" at line 3/)
  })

  it("a time limit keeps the platform's own explanation (fixed words and numbers); a forged one is not quoted", async () => {
    const slow = await gradeSum(onLongInputs('for (;;) {}'), 'tests')
    expect(slow.status).toBe('TimeLimit')
    expect(slow.message).toBe(
      'Time limit exceeded on hidden test "thousand". Used more than 1000 ms of CPU time while calling solve.',
    )
    const forged = await gradeSum(
      onLongInputs(
        "throw { toString: () => 'Used more than ' + v[0] + ' ms of CPU time while calling solve.' }",
      ),
      'tests',
    )
    expect(forged.message).toBe('Runtime error (a non-Error value was thrown) on hidden test "thousand".')
  })

  it('a fault in the performance trial (generated input) says no more than a hidden test', async () => {
    const result = await gradeSum(
      onLongInputs('if (v.length === 200000) throw new Error(Array.from(v).join(","))'),
      'full',
    )
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toBe(
      'Runtime error (Error) on the performance trial, case "large (size 200000)" at line 3, column 36.',
    )
    expect(leaks(JSON.stringify(result), PERF)).toBe(false)
    expect(leaks(JSON.stringify(result), HIDDEN)).toBe(false)
  })

  it('a mapreduce error quoting a function name the code chose from the input', async () => {
    // mr-spin's hidden case is { seed: 2, keys: 8, work: 1000 }; the sample's work is 10.
    const source = mrSpinChallenge().referenceSource.replace(
      "partition: 'byKey'",
      "partition: input.work === 10 ? 'byKey' : 'p' + JSON.stringify(input)",
    )
    expect(source).toContain('JSON.stringify(input)')
    const result = await grader.grade({ challenge: mrSpinChallenge(), source, mode: 'tests', secretSeed: 1 })
    expect(result.status).toBe('RuntimeError')
    expect(result.tests.find((test) => test.kind === 'sample')?.status).toBe('Accepted')
    const text = JSON.stringify(result)
    // The sample's input is shown ({ seed: 1, ... }); nothing of the hidden one, in any quoting.
    expect(text).not.toMatch(/seed\W{0,3}:\W{0,3}2/)
    expect(text).not.toContain('1000')
    expect(text).not.toContain('exports no function')
    expect(result.message).toMatch(/^Runtime error \(TypeError\) on hidden test "medium"/)
  })

  it('a sample keeps its full detail: the thrown message, input, console output', async () => {
    const result = await gradeSum(
      'export function solve(v: Float64Array): number { console.log("seen", v.length); throw new Error("values " + Array.from(v)) }',
      'tests',
    )
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toContain('Error: values 1,2,3')
    const sample = result.tests[0]
    expect(sample?.message).toContain('values 1,2,3')
    expect(sample?.output).toContain('seen 3')
    expect(sample?.input).toBeDefined()
  })
})

describe('redactHidden (the rule held on any result, e.g. one stored from an older runner)', () => {
  const leaky: GradeResult = {
    version: 1,
    challenge: 'test/sum-array',
    packHash: 'test',
    mode: 'full',
    status: 'RuntimeError',
    message: `Error: ${HIDDEN.join(',')} — on hidden test "thousand".`,
    tests: [
      { name: 'three numbers', kind: 'sample', status: 'Accepted', output: 'sample output' },
      {
        name: 'thousand',
        kind: 'hidden',
        status: 'RuntimeError',
        message: `Error: ${HIDDEN.join(',')}`,
        output: HIDDEN.join(' '),
        actual: HIDDEN.join(','),
        metrics: {
          cpuNs: 1,
          wallNs: 1,
          peakBytes: 1,
          timeline: [{ worker: 0, start: 0, end: 1, label: `${HIDDEN.slice(0, 9).join('_')} #3` }],
        },
      },
    ],
    runner: { class: 'cpu', host: 'h' },
    durationMs: 1,
  }

  it('keeps samples, reduces hidden rows and the headline to the rule, and is idempotent', () => {
    const redacted = redactHidden(leaky)
    expect(leaks(JSON.stringify(redacted), HIDDEN)).toBe(false)
    expect(redacted.tests[0]).toEqual(leaky.tests[0])
    expect(redacted.message).toBe('Runtime error (Error) on hidden test "thousand".')
    expect(redacted.tests[1]?.metrics).toBeUndefined()
    expect(redactHidden(redacted)).toEqual(redacted)
  })

  it('a perf-trial headline that quotes the run is replaced; platform explanations stay', () => {
    const perfFault = { ...leaky, tests: [leaky.tests[0]!], message: `large: Error: ${HIDDEN.join(',')}` }
    expect(redactHidden(perfFault).message).toBe(
      'Runtime error (Error) on the performance trial, case "all cases".',
    )
    const explained = hiddenRunMessage({
      status: 'TimeLimit',
      place: 'performance',
      name: 'large (size 200000)',
      explanation: 'leftWorkBrokeRound',
    })
    expect(isHiddenRunMessage(explained)).toBe(true)
    expect(redactHidden({ ...perfFault, status: 'TimeLimit', message: explained }).message).toBe(explained)
    expect(isHiddenRunMessage(`${explained} ${HIDDEN.join(',')}`)).toBe(false)
  })
})

describe('numbers the code sets stay home on hidden runs (times, memory, counters, measured figures)', () => {
  // Each channel spells the hidden input's first value (or its length) in a number the code controls.
  const channels = {
    'a wrong answer echoing the length': 'return v.length * 1000 + 7',
    'memory in proportion to a value':
      'const keep = new Float64Array(1000 * Math.abs(Math.round(v[0]))); keep.fill(1); return -1',
    'a busy loop whose length spells a value':
      'const until = Date.now() + 2 * (Math.abs(Math.round(v[0])) % 100); while (Date.now() < until) {} return -1',
  }

  for (const [channel, attack] of Object.entries(channels)) {
    it(`${channel}: the hidden row has the verdict and a fixed message only, no metrics anywhere`, async () => {
      for (const mode of ['tests', 'full'] as const) {
        const result = await gradeSum(onLongInputs(attack), mode)
        expect(result.status).toBe('WrongAnswer')
        expect(result.tests.find((test) => test.kind === 'hidden')).toEqual({
          name: 'thousand',
          kind: 'hidden',
          status: 'WrongAnswer',
          message: 'Wrong answer on hidden test "thousand".',
        })
        expect(result.metrics).toBeUndefined()
        expect(JSON.stringify(result)).not.toContain(String(HIDDEN.length * 1000 + 7))
      }
    })
  }

  it("an Accepted run of the tests only: its metrics would be the last hidden test's, so there are none", async () => {
    const honest =
      'export function solve(v: Float64Array): number { let s = 0; for (const x of v) s += x; return s }'
    const result = await gradeSum(honest, 'tests')
    expect(result.status).toBe('Accepted')
    expect(result.metrics).toBeUndefined()
    expect(result.tests.filter((test) => test.metrics !== undefined).map((test) => test.kind)).toEqual([
      'sample',
      'sample',
    ])
    const samplesOnly = await gradeSum(honest, 'samples')
    expect(samplesOnly.metrics).toBeDefined()
  })

  it('a platform message keeps its limits, not the figures the run measured', () => {
    const measured = [
      [
        'Used more than 1000 ms of CPU time while calling solve: 123 ms in your code and 877 ms of engine work on its behalf.',
        'Used more than 1000 ms of CPU time while calling solve.',
      ],
      [
        'Stopped after 3000 ms while calling solve: it waited without using the CPU (the process used 41 ms of CPU meanwhile), blocked rather than computing. The limit is 1000 ms of CPU time.',
        'Stopped after 3000 ms while calling solve: it waited without using the CPU, blocked rather than computing. The limit is 1000 ms of CPU time.',
      ],
      [
        "Exceeded the memory limit of 64 MB: the sandbox process grew past its budget (317 MB more than when the run started, budget 256 MB), holding memory the isolate's own limit does not count, and was stopped.",
        "Exceeded the memory limit of 64 MB: the sandbox process grew past its budget, holding memory the isolate's own limit does not count, and was stopped.",
      ],
      [
        'Exceeded the memory limit of 64 MB while calling solve: the heap filled up. (line 12, column 345)',
        'Exceeded the memory limit of 64 MB while calling solve: the heap filled up.',
      ],
    ] as const
    for (const [full, kept] of measured) {
      const status = full.startsWith('Exceeded') ? 'MemoryLimit' : 'TimeLimit'
      const message = hiddenRunMessage({ status, place: 'hidden', name: 'thousand', message: full })
      expect(message.endsWith(` ${kept}`)).toBe(true)
      expect(isHiddenRunMessage(message)).toBe(true)
      const head = message.slice(0, -kept.length)
      expect(isHiddenRunMessage(`${head}${full}`)).toBe(false)
      const stored = redactHidden({
        ...leaky(),
        status,
        message: `${head}${full}`,
        tests: [{ name: 'thousand', kind: 'hidden', status, message: `${head}${full}` }],
      })
      expect(stored.message).toBe(message)
      expect(stored.tests[0]?.message).toBe(message)
    }
  })
})

function leaky(): GradeResult {
  return {
    version: 1,
    challenge: 'test/sum-array',
    packHash: 'test',
    mode: 'tests',
    status: 'Accepted',
    tests: [],
    runner: { class: 'cpu', host: 'h' },
    durationMs: 1,
  }
}
