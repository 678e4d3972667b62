import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { compileSolution, grade } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { CHILD_V8_FLAGS, ProcessPool } from '@arena/sandbox'
import type { SpeedRound, SpeedTiming } from './sandboxSpeedTask.ts'
import { type BenchSection, summarize } from './section.ts'

const TASK = fileURLToPath(new URL('./sandboxSpeedTask.ts', import.meta.url))
const ROUNDS = 5
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** As the grader section: a submission whose score sits inside the clamp, graded again and again. */
const REPRODUCED = { challenge: 'column-sums', file: 'bench/fixtures/column-sums-row-by-row.ts' }
const REGRADINGS = 10
/** The children's V8 flags whose effect on the perf score's spread is measured. */
const FLAG_SETS: readonly (readonly string[])[] = [
  ['--no-concurrent-recompilation', '--single-threaded-gc'],
  ['--single-threaded-gc'],
  [],
]

/** Learner-style code (issue 17, point 3): `solve` and the body of `makeInput(size)`. */
const WORKLOADS = [
  {
    name: 'typed-array loop',
    // A nested loop over a Float64Array: pairs whose sum passes 1.
    solve: `function solve(input) {
  const values = input.values;
  let pairs = 0;
  for (let i = 0; i < values.length; i++) {
    const a = values[i];
    for (let j = i + 1; j < values.length; j++) if (a + values[j] > 1) pairs++;
  }
  return pairs;
}`,
    makeInput: `const values = new Float64Array(size); let x = 7;
for (let i = 0; i < size; i++) { x = (x * 48271) % 2147483647; values[i] = x / 2147483647; }
return { values };`,
    size: 12_000,
  },
  {
    name: 'allocation-heavy (rolling mean)',
    // The outside instructor's naive rolling mean, n = 200k, w = 1000 (issue 17).
    solve: `function solve(input) {
  const rows = Array.from(input.values, (v, t) => ({ t, v }));
  const w = input.window;
  const means = [];
  for (let i = 0; i + w <= rows.length; i++) {
    means.push(rows.slice(i, i + w).reduce((sum, row) => sum + row.v, 0) / w);
  }
  return means.length + means[means.length - 1];
}`,
    makeInput: `const values = []; let x = 7;
for (let i = 0; i < size; i++) { x = (x * 48271) % 2147483647; values.push(x / 2147483647); }
return { values, window: Math.min(1000, size >> 2) };`,
    size: 200_000,
  },
  {
    name: 'Map/Set-heavy',
    solve: `function solve(input) {
  const counts = new Map();
  const byName = new Map();
  const seen = new Set();
  for (const key of input.keys) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const name = 'k' + (key % 5000);
    byName.set(name, (byName.get(name) ?? 0) + key);
    seen.add(key * 31 + (key % 7));
  }
  let best = 0;
  for (const [key, count] of counts) if (count > best && seen.has(key * 31 + (key % 7))) best = count;
  return counts.size + byName.size + seen.size + best;
}`,
    makeInput: `const keys = []; let x = 11;
for (let i = 0; i < size; i++) { x = (x * 48271) % 2147483647; keys.push(x % 200000); }
return { keys };`,
    size: 1_000_000,
  },
  {
    name: 'string building',
    solve: `function solve(input) {
  let text = '';
  const parts = [];
  for (let i = 0; i < input.count; i++) {
    text += 'row ' + i + ': ' + (i * 7 % 13) + '\\n';
    parts.push(\`<td>\${i.toString(16)}</td>\`);
  }
  const joined = parts.join('');
  let hash = 0;
  for (let i = 0; i < text.length; i += 97) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return text.length + joined.length + hash;
}`,
    makeInput: 'return { count: size };',
    size: 600_000,
  },
]

const LIMITS = { cpuMs: 60_000, wallMs: 120_000, memoryMb: 512, outputBytes: 65_536, resultBytes: 2 ** 20 }

/** The children's flags before issue 17, chosen for timing stability and never measured until then. */
const FORMER_FLAGS = ['--no-concurrent-recompilation', '--single-threaded-gc']
const NO_FLAGS: readonly string[] = []

interface Place {
  name: string
  fn: 'inNode' | 'inBareIsolate' | 'inGrader'
  /** V8 flags of the child that runs the round. */
  flags: readonly string[]
  guestWrappers?: boolean
}

/** The three places issue 17 compares, then the suspected causes of the gap, one change at a time. */
const PLACES: Place[] = [
  { name: 'node', fn: 'inNode', flags: NO_FLAGS },
  { name: 'bare isolate', fn: 'inBareIsolate', flags: NO_FLAGS },
  { name: 'grader', fn: 'inGrader', flags: CHILD_V8_FLAGS },
  { name: 'grader, former flags', fn: 'inGrader', flags: FORMER_FLAGS },
  { name: 'grader, no flags', fn: 'inGrader', flags: NO_FLAGS },
  { name: 'bare + guest wrappers', fn: 'inBareIsolate', flags: NO_FLAGS, guestWrappers: true },
  { name: 'bare + no-concurrent-recomp.', fn: 'inBareIsolate', flags: ['--no-concurrent-recompilation'] },
  { name: 'bare + single-threaded-gc', fn: 'inBareIsolate', flags: ['--single-threaded-gc'] },
  { name: 'node + former flags', fn: 'inNode', flags: FORMER_FLAGS },
]

export const sandboxSpeedSection: BenchSection = {
  name: 'sandbox-speed',
  description:
    'learner code in plain Node, a bare isolate and the grader (issue 17, point 3): CPU ms of the timed call',
  async run(log) {
    const pools = new Map<string, ProcessPool>()
    // A fresh child per round, as the grader's rounds get a fresh isolate: no JIT state carries over.
    const poolFor = (flags: readonly string[]) => {
      const key = flags.join(' ')
      let pool = pools.get(key)
      if (!pool) {
        pool = new ProcessPool({ size: 1, maxTasksPerChild: 1, childV8Flags: flags })
        pools.set(key, pool)
      }
      return pool
    }
    const results: Record<string, unknown> = {}
    try {
      for (const workload of WORKLOADS) {
        const compiled = await compileSolution(`export ${workload.solve}`, 'solution.ts', 'solve')
        if (!compiled.ok) throw new Error(compiled.message)
        const round: SpeedRound = {
          script: workload.solve,
          program: compiled.program,
          makeInput: workload.makeInput,
          warmupSize: Math.ceil(workload.size / 20),
          size: workload.size,
          limits: LIMITS,
        }
        const times = new Map<string, number[]>(PLACES.map((place) => [place.name, []]))
        const answers = new Set<string>()
        // Rounds interleave the places, so a noisy moment of the machine touches all of them.
        for (let r = 0; r < ROUNDS; r++) {
          for (const place of PLACES) {
            const outcome = await poolFor(place.flags).run<SpeedTiming>({
              module: TASK,
              fn: place.fn,
              payload: { ...round, guestWrappers: place.guestWrappers ?? false },
              deadlineMs: 300_000,
            })
            if (outcome.kind !== 'done')
              throw new Error(`${workload.name} in ${place.name}: ${JSON.stringify(outcome)}`)
            times.get(place.name)?.push(outcome.value.cpuMs)
            answers.add(JSON.stringify(outcome.value.result))
          }
        }
        if (answers.size !== 1)
          throw new Error(`${workload.name}: the places disagree: ${[...answers].join(' ')}`)
        const summary = Object.fromEntries([...times].map(([name, values]) => [name, summarize(values)]))
        results[workload.name] = summary
        const bare = summary['bare isolate']?.median ?? Number.NaN
        const node = summary.node?.median ?? Number.NaN
        log(`${workload.name} (median CPU ms of ${ROUNDS} rounds; x bare isolate, x node):`)
        for (const [name, stats] of Object.entries(summary)) {
          log(
            `  ${name.padEnd(29)} ${stats.median.toFixed(1).padStart(8)} ms  ${(stats.median / bare).toFixed(2)}x bare  ${(stats.median / node).toFixed(2)}x node  (CV ${(stats.cv * 100).toFixed(1)}%)`,
          )
        }
      }
    } finally {
      await Promise.all([...pools.values()].map((pool) => pool.close()))
    }
    return results
  },
}

export const sandboxFlagsSection: BenchSection = {
  name: 'sandbox-flags',
  description: `the perf score's CV over ${REGRADINGS} full gradings per set of the children's V8 flags (issue 17, point 3; ~35 min)`,
  async run(log) {
    const reproducibility: Record<string, unknown> = {}
    for (const flags of FLAG_SETS) {
      const measured = await regrade(flags, log)
      reproducibility[flags.join(' ') || 'no flags'] = measured
      log(
        `${REPRODUCED.file} graded ${REGRADINGS}x with [${flags.join(' ')}]: score median ${measured.score.median.toFixed(4)}, CV ${(measured.score.cv * 100).toFixed(2)}% (target <= 3%), ${(measured.ms.median / 1000).toFixed(1)} s per grading`,
      )
    }
    return reproducibility
  },
}

/** The perf score's spread over regradings when the grader's children run with these V8 flags. */
async function regrade(flags: readonly string[], log: (line: string) => void) {
  const pack = await loadPack(`${ROOT}challenges/core`)
  const challenge = pack.challenges.find((candidate) => candidate.id === REPRODUCED.challenge)
  if (!challenge) throw new Error(`no challenge ${REPRODUCED.challenge}`)
  const source = await readFile(`${ROOT}${REPRODUCED.file}`, 'utf8')
  const pool = new ProcessPool({ size: 1, childV8Flags: flags })
  const scores: number[] = []
  const durations: number[] = []
  try {
    for (let i = 0; i < REGRADINGS; i++) {
      const result = await grade(
        { challenge: toGradable(pack, challenge), source, mode: 'full' },
        { pool, runnerClass: 'cpu' },
      )
      if (result.perf?.score === undefined)
        throw new Error(`grading ${i} ended ${result.status} without a score: ${result.message}`)
      scores.push(result.perf.score)
      durations.push(result.durationMs)
      log(
        `  [${flags.join(' ')}] grading ${i + 1}: score ${result.perf.score.toFixed(4)} (${result.durationMs} ms)`,
      )
    }
  } finally {
    await pool.close()
  }
  return { score: summarize(scores), ms: summarize(durations) }
}
