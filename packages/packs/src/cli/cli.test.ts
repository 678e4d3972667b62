import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, tempRoot } from '../testing/tempRoot.ts'
import { runCli } from './runCli.ts'

const BIN = path.join(REPO_ROOT, 'packages/packs/bin/arena.js')

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real bin in a child process, from the repository root, with pipes (not a terminal). */
function arenaBin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: undefined, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      },
    )
  })
}

/**
 * Runs the command line the bin's child runs (runCli, main.ts's whole body) in this process, its
 * stdout and stderr captured and seen as pipes, as the bin's are here. A spawned bin costs a second
 * to three of Node and tsx start-up per command; the bin's own wiring (Node flags, tsx, exit codes
 * handed on) is proven by the spawned tests marked `the bin:` below.
 */
async function arena(...args: string[]): Promise<CliRun> {
  const captured = { stdout: '', stderr: '' }
  const streams = { stdout: process.stdout, stderr: process.stderr } as const
  const saved = {
    stdout: { write: streams.stdout.write, isTTY: streams.stdout.isTTY },
    stderr: { write: streams.stderr.write, isTTY: streams.stderr.isTTY },
    forceColor: process.env.FORCE_COLOR,
  }
  delete process.env.FORCE_COLOR
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = streams[name]
    stream.isTTY = false
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      const callback = rest.find((each) => typeof each === 'function') as (() => void) | undefined
      callback?.()
      return true
    }) as typeof stream.write
  }
  try {
    const code = await runCli(args)
    return { code, ...captured }
  } finally {
    for (const name of ['stdout', 'stderr'] as const) {
      streams[name].write = saved[name].write
      streams[name].isTTY = saved[name].isTTY
    }
    if (saved.forceColor !== undefined) process.env.FORCE_COLOR = saved.forceColor
  }
}

// Inside the repository so that the scaffold's tests.ts resolves @arena/grader/authoring when graded.
let root: Awaited<ReturnType<typeof tempRoot>>
let packDir: string

beforeAll(async () => {
  // The commands read relative paths (`--dir ./challenges` by default) from the repository root, as
  // the spawned bin runs.
  expect(path.resolve(process.cwd())).toBe(path.resolve(REPO_ROOT))
  root = await tempRoot({ insideRepo: true })
  packDir = path.join(root.dir, 'demo')
})
afterAll(() => root.cleanup())

describe('arena new + arena pack validate', () => {
  it('the bin: scaffolds a challenge that validates, through the spawned command', async () => {
    const created = await arenaBin(['new', 'demo/sum-array', '--dir', root.dir])
    expect(created.code).toBe(0)
    expect(created.stdout).toContain('sum-array/')
    const validated = await arenaBin(['pack', 'validate', packDir])
    expect(validated).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok demo: 1 challenge/) })
    // Not a terminal: no color codes.
    expect(validated.stdout).not.toContain('\u001b[')
  })

  it('exits 1 on a broken pack, naming the file and the field', async () => {
    const broken = await tempRoot()
    try {
      expect((await arena('new', 'bad/sum-array', '--dir', broken.dir)).code).toBe(0)
      const config = path.join(broken.dir, 'bad', 'sum-array', 'challenge.yaml')
      await writeFile(config, (await readFile(config, 'utf8')).replace('memoryMb: 100', 'memoryMb: 2'))
      const result = await arena('pack', 'validate', path.join(broken.dir, 'bad'))
      expect(result.code).toBe(1)
      expect(result.stdout).toContain(`${config}: limits.memoryMb: Number must be at least 8 (line`)
    } finally {
      await broken.cleanup()
    }
  })

  it('exits 1 on a two-parameter entry: the grader passes one argument, what generate() returns', async () => {
    const two = await tempRoot()
    try {
      expect((await arena('new', 'two/sum-array', '--dir', two.dir)).code).toBe(0)
      const dir = path.join(two.dir, 'two', 'sum-array')
      const edit = async (file: string, from: string, to: string) => {
        const text = await readFile(path.join(dir, file), 'utf8')
        expect(text).toContain(from)
        await writeFile(path.join(dir, file), text.replace(from, to))
      }
      await edit('challenge.yaml', 'solve(values: Input)', 'solve(values: Input, count: number)')
      await edit('reference.ts', 'solve(values: Float64Array)', 'solve(values: Float64Array, count: number)')
      const result = await arena('pack', 'validate', path.join(two.dir, 'two'))
      expect(result.code).toBe(1)
      const called =
        '`solve` is called with one argument, the value `generate()` returns (Input = Float64Array); `solve(values, count)` takes 2'
      expect(result.stdout).toContain(`${path.join(dir, 'challenge.yaml')}: signature: ${called}`)
      expect(result.stdout).toContain(`${path.join(dir, 'reference.ts')}: solve: ${called}`)
      expect(result.stdout).toContain('2 errors')
    } finally {
      await two.cleanup()
    }
  })

  it('refuses to scaffold over an existing challenge', async () => {
    const again = await arena('new', 'demo/sum-array', '--dir', root.dir)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
  })
})

describe('usage errors exit 2', () => {
  it.each([
    [['grade', 'demo/sum-array']],
    [['grade', 'not-a-ref', 'x.ts']],
    [['grade', 'demo/sum-array', 'x.ts', '--mode', 'fast']],
    [['new', 'Bad_Name/x']],
    [['pack', 'frobnicate']],
    [['launch']],
  ])('arena %j', async (args) => {
    const result = await arena(...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/error/)
  })

  it('names an unknown challenge and lists the known ones', async () => {
    const result = await arena('grade', 'demo/nope', BIN, '--dir', root.dir)
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('has no challenge "nope" (it has: sum-array)'),
    })
  })
})

describe('arena grade', () => {
  it('prints the GradeResult with --json and exits 0 when Accepted', async () => {
    const reference = path.join(packDir, 'sum-array', 'reference.ts')
    const result = await arena(
      'grade',
      'demo/sum-array',
      reference,
      '--dir',
      root.dir,
      '--mode',
      'samples',
      '--json',
    )
    expect(result.code).toBe(0)
    const parsed = JSON.parse(result.stdout)
    expect(parsed).toMatchObject({
      version: 1,
      challenge: 'demo/sum-array',
      mode: 'samples',
      status: 'Accepted',
    })
    expect(parsed.tests.map((test: { kind: string }) => test.kind)).toEqual(['sample', 'sample'])
  })

  it('exits 1 and points at file:line:column on a compile error', async () => {
    const file = path.join(root.dir, 'broken.ts')
    await writeFile(
      file,
      'export function solve(values: Float64Array): number {\n  return values.length +\n}\n',
    )
    const result = await arena('grade', 'demo/sum-array', file, '--dir', root.dir, '--mode', 'tests')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^CompileError/)
    expect(result.stdout).toContain(`${file}:3:1: `)
  })

  it('shows sample details but only names and verdicts of hidden tests', async () => {
    const wrong = path.join(packDir, 'sum-array', 'solutions', 'wrong', 'skips-last.ts')
    const result = await arena('grade', 'demo/sum-array', wrong, '--dir', root.dir, '--mode', 'tests')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^WrongAnswer/)
    expect(result.stdout).toContain('expected: 6')
    expect(result.stdout).toContain('actual:   3')
  })
})

describe('arena pack test', () => {
  it('grades every solution and prints the table', { timeout: 180_000 }, async () => {
    // The reference graded against itself reads ~1x, on gold's line: its trial took rounds until its
    // 9 s budget (17 rounds, ~12 s of this test's ~30). What is asserted here is the command's table,
    // not the interval: the trial's floor of 5 rounds is its cap too. The trial's own rules are
    // runPerfTrial.test.ts's; the scaffold's verdicts, testPack.test.ts's.
    const config = path.join(packDir, 'sum-array', 'challenge.yaml')
    const yaml = await readFile(config, 'utf8')
    expect(yaml).toContain('  minBaselineSpeedup: 3\n')
    await writeFile(
      config,
      yaml.replace('  minBaselineSpeedup: 3\n', '  minBaselineSpeedup: 3\n  maxRounds: 5\n'),
    )
    const result = await arena('pack', 'test', packDir, '--seed', '7')
    expect(result.stderr).toContain('sum-array wrong/quadratic: TimeLimit')
    expect(result.stdout).toMatch(
      /challenge\s+solution\s+verdict\s+expected\s+ratio \/ speedup\s+rounds\s+spread/,
    )
    expect(result.stdout).toMatch(
      /sum-array\s+baseline\s+Accepted\s+Accepted\s+0\.\d+× \(ref [\d.]+× faster\)/,
    )
    // 6 solutions and 7 output probes; the scaffold tests no route around its lesson: a warning.
    expect(result.stdout).toMatch(/sum-array\s+probe\/null\s+WrongAnswer\s+not Accepted/)
    expect(result.stdout).toMatch(/Warnings\n.*sum-array: no route around the lesson is tested/)
    expect(result.stdout).toContain('ok: demo, 13 gradings behaved as their roles demand')
    expect(result.code).toBe(0)
  })

  it('exits 2 for an unknown --challenge', async () => {
    const result = await arena('pack', 'test', packDir, '--challenge', 'nope')
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('no challenge "nope"') })
  })
})

describe('arena grade --runner', () => {
  const reference = 'challenges/gpu/reduce-sum/reference.ts'

  it('grades a GPU challenge on the local WebGPU adapter and shows the kernel figures', async () => {
    const result = await arena('grade', 'gpu/reduce-sum', reference, '--mode', 'samples', '--runner', 'gpu')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/runner: gpu:\S+ \(/)
    expect(result.stdout).toContain('Accepted')
    expect(result.stdout).toMatch(/GPU kernel .* GFLOP\/s, .* GB\/s, 2 dispatch\(es\) on gpu:/)
  })

  it('refuses a GPU-only challenge on the default cpu runner, saying where it runs', async () => {
    const result = await arena('grade', 'gpu/reduce-sum', reference, '--mode', 'samples')
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('runs on `gpu` runners only, and this runner is `cpu`')
  })

  it('pack test skips challenges of another runner kind, once each, and exits 2 when none is left', async () => {
    const result = await arena('pack', 'test', 'challenges/gpu', '--no-typecheck')
    expect(result.code).toBe(2)
    expect(result.stderr.match(/skipped: gpu\/\S+ runs on `gpu` runners only/g)).toHaveLength(3)
    expect(result.stderr).toContain('no challenge of challenges/gpu runs on a `cpu` runner')
  })

  // Dawn reads the Vulkan driver's path when it loads, once a process: a fresh process, the bin's.
  it('the bin: says plainly when there is no GPU adapter, and hands on exit code 2', async () => {
    const result = await arenaBin(['grade', 'gpu/reduce-sum', reference, '--runner', 'gpu'], {
      VK_ICD_FILENAMES: '/nonexistent/icd.json',
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--runner gpu: this machine has no usable GPU')
  })
})
