// A learner's function on its way into the worker isolates. Its source text (Function.prototype
// .toString) is found in the compiled program, which gives its line for messages and the script origin
// to compile it at, so a throw inside it in a worker still maps to the learner's own line. Before any
// task runs, the names it takes from the code around it are checked: a worker has the function's own
// parameters and locals, JavaScript's globals and the module's exports (the worker loaded the same
// module), and nothing else. A closure over a local of `solve` is refused here with the name, the
// transformation and the line, instead of a ReferenceError in the middle of a task.
import { freeVariables } from './freeVariables.ts'

/** Maps a line and column (1-based) of the compiled program to the learner's source (the sandbox's SourcePositions). */
export interface ProgramPositions {
  original(line: number, column: number): { line: number } | undefined
}

/** What the worker needs to define a function, and how messages name it. */
export interface LearnerFunction {
  /** `<owner>:<index>`: a node id or `r<job>` (the reduce action's function). */
  key: string
  /** The script the host evaluates in each worker (it calls `__arena_dataset_define`). */
  code: string
  lineOffset: number
  columnOffset: number
  /** `.map at line 12`: how messages name the transformation. */
  where: string
}

/** The learner's function cannot be sent to a worker: their action rejects with this message. */
export class FunctionNotSendableError extends Error {
  readonly code = 'ARENA_DATASET_FUNCTION'
  constructor(message: string) {
    super(message)
    this.name = 'FunctionNotSendableError'
  }
}

export interface ModuleScope {
  /** Names of the worker's global object (JavaScript's built-ins and what the sandbox adds). */
  globals: ReadonlySet<string>
  /** The module's export names, which a worker resolves in its own copy of the module. */
  exports: ReadonlySet<string>
}

export interface ProgramText {
  code: string
  globalName: string
  positions: ProgramPositions
}

/** Line (0-based) and column (0-based) of character `at` of `text`. */
function positionOf(text: string, at: number): { line: number; column: number } {
  let line = 0
  let lineStart = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: at - lineStart }
}

/**
 * Resolves one of the learner's functions: where it is, and whether a worker can run it. Throws
 * FunctionNotSendableError saying what to change.
 */
export function resolveLearnerFunction(
  program: ProgramText,
  scope: ModuleScope,
  key: string,
  what: string,
  source: string,
): LearnerFunction {
  const at = source.length > 0 ? program.code.indexOf(source) : -1
  if (at < 0) {
    throw new FunctionNotSendableError(
      `dataset.${what}: pass a function written in your module, such as an arrow function; a built-in or bound function (${source.slice(0, 60).replace(/\s+/g, ' ')}) cannot be sent to a worker`,
    )
  }
  const { line, column } = positionOf(program.code, at)
  const original = program.positions.original(line + 1, column + 1)
  const where = original ? `.${what} at line ${original.line}` : `.${what}`
  let free: string[] = []
  try {
    free = freeVariables(source)
  } catch {
    // Text the scanner cannot read: the worker's own ReferenceError will name a missing variable.
  }
  const outside = free.filter((name) => !scope.globals.has(name) && !scope.exports.has(name))
  if (outside.length > 0) throw new FunctionNotSendableError(closureMessage(where, what, outside))
  const bound = free.filter((name) => scope.exports.has(name))
  const binding = bound.length
    ? `const { ${bound.join(', ')} } = globalThis[${JSON.stringify(program.globalName)}]; `
    : ''
  // The prefix sits on the line before the function's own line, which starts with as many spaces as
  // the function's column: every line and column of the function is then where it is in the program.
  const code = `__arena_dataset_define(${JSON.stringify(key)}, (function () { 'use strict'; ${binding}return (\n${' '.repeat(column)}${source}\n) })())`
  return { key, code, lineOffset: line - 1, columnOffset: 0, where }
}

function closureMessage(where: string, what: string, names: string[]): string {
  const list = names.map((name) => `\`${name}\``).join(', ')
  if (names.some((name) => name.startsWith('import_arena_'))) {
    return `dataset: the function of ${where} uses the engine itself (${list}); a task runs in a worker isolate and cannot start dataset jobs: do that in your main function`
  }
  const first = names[0] as string
  return `dataset: the function of ${where} uses ${list} from the code around it, but it runs in a worker isolate that sees only its own parameters, JavaScript's globals and your module's exports: export \`${first}\` from your module if it is a function or a constant, or pass its value in env, the function's last argument (\`.${what}((x, env) => … env.${first} …, { ${first} })\`), a broadcast if it is large`
}
