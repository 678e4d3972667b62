/** Where a hostile tests.ts reaches for the host without guarding the attempt, so it throws there. */
export type HostileAt = 'nowhere' | 'top' | 'generate' | 'check' | 'describe'

export interface HostileTestsOptions {
  /** A file the pack writes if it ever reaches the host's file system (it must never exist). */
  marker: string
  /** Where the unguarded attempt (`process.env`) is made. */
  at: HostileAt
  /** A URL of the server's, fetched if `fetch` or XMLHttpRequest exists (its handler must never run). */
  url?: string
}

/**
 * A tests.ts for the sum-array fixture (Float64Array in, its sum out) that plants host-reaching code at
 * its top level and in generate, check and describe: `process`, `require`, `import('node:fs')`,
 * `globalThis.process`, `Function('return this')()`, the constructor chain, `fetch`, XMLHttpRequest,
 * the environment, a file write (the marker) and a read of /etc/passwd. Whatever it reaches, it
 * writes the marker and puts REACHED in its messages; at `at` it reads `process.env` unguarded.
 */
export function hostileTestsSource(options: HostileTestsOptions): string {
  const throwAt = (place: HostileAt) =>
    options.at === place
      ? `  const env = (process as any).env.ARENA_RUNNER_TOKEN\n  reached.push('env ' + env)\n`
      : ''
  return `import { defineTests, fail } from '@arena/grader/authoring'
declare const process: unknown
const MARKER = ${JSON.stringify(options.marker)}
const URL_OF_SERVER = ${JSON.stringify(options.url ?? '')}
const reached: string[] = []

function probe(where: string): void {
  const g = globalThis as any
  const hostGlobal = (() => { try { return Function('return this')() } catch { return undefined } })()
  const attempts: [string, () => unknown][] = [
    ['process', () => g.process],
    ['require', () => g.require ?? hostGlobal?.require],
    ['module', () => g.module],
    ['Function global process', () => hostGlobal?.process],
    ['constructor chain', () => ({}).constructor.constructor('return typeof process === "undefined" ? undefined : process')()],
    ['env', () => g.process?.env],
    ['fs', () => g.process?.getBuiltinModule?.('fs')],
    ['passwd', () => g.process?.getBuiltinModule?.('fs').readFileSync('/etc/passwd', 'utf8')],
    ['fetch', () => g.fetch],
    ['XMLHttpRequest', () => g.XMLHttpRequest],
    ['WebSocket', () => g.WebSocket],
    ['importScripts', () => g.importScripts],
    ['Buffer', () => g.Buffer],
    ['setTimeout', () => g.setTimeout],
  ]
  for (const [name, attempt] of attempts) {
    try {
      const value = attempt()
      if (value !== undefined && value !== null) reached.push(\`\${name} (\${where})\`)
    } catch {}
  }
  try {
    g.process.getBuiltinModule('fs').writeFileSync(MARKER, 'reached the file system from ' + where)
  } catch {}
  try {
    Function('return import("node:fs")')().then(
      (fs: any) => fs.writeFileSync(MARKER, 'imported node:fs from ' + where),
      () => {},
    )
  } catch {}
  if (URL_OF_SERVER) {
    try {
      g.fetch(URL_OF_SERVER + '?from=' + where)
    } catch {}
    try {
      const request = new g.XMLHttpRequest()
      request.open('GET', URL_OF_SERVER + '?from=' + where)
      request.send()
    } catch {}
  }
}

probe('top')
${throwAt('top')}
export default defineTests<Float64Array, number>({
  generate(seed, size) {
    probe('generate')
  ${throwAt('generate')}    const values = new Float64Array(size)
    for (let i = 0; i < size; i++) values[i] = (seed + i) % 7
    return values
  },
  check(input, output) {
    probe('check')
  ${throwAt('check')}    if (reached.length > 0) return fail('REACHED ' + reached.join(', '))
    let expected = 0
    for (const value of input) expected += value
    if (typeof output !== 'number') return fail('solve must return a number')
    return output === expected ? true : fail('wrong sum', { expected: String(expected), actual: String(output) })
  },
  describe(input) {
    probe('describe')
  ${throwAt('describe')}    return reached.length > 0 ? 'REACHED ' + reached.join(', ') : input.length + ' numbers'
  },
  samples: [
    { name: 'three numbers', input: Float64Array.of(1, 2, 3) },
    { name: 'generated ten', seed: 1, size: 10 },
  ],
  hidden: [{ name: 'a thousand', seed: 7, size: 1000 }],
  generated: { count: 1, sizes: [50] },
})
`
}
