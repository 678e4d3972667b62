import { engineDeclarations } from '@arena/engines'
import type { CpuProfileNode, SourcePositions } from '@arena/sandbox'
import type { ProfileFrame } from '../types.ts'

/** What a node of V8's profile becomes in the summary. */
export type FrameClass =
  | { as: 'root' }
  /** The arena's own code around the learner's (the caller, materializing the result): not shown. */
  | { as: 'platform' }
  /** Part of the engine call it is under (the engine's helpers, the host callback it waited on). */
  | { as: 'engineInternal' }
  | { as: 'frame'; frame: Pick<ProfileFrame, 'name' | 'kind' | 'line'> }

/** The program whose frames are named: its file name, source map and compiled code. */
export interface ProfiledProgram {
  filename: string
  sourceMap?: string
  code: string
}

const RUNTIME_NAMES = new Set(['(garbage collector)', '(program)', '(idle)'])
const ENGINE_URL = /^arena:([a-z][a-z0-9-]*)$/
const IDENTIFIER = /^[A-Za-z_$][\w$]{0,79}$/

/**
 * Names one profile node. A name shown to the learner must come from code the platform knows (the
 * submission's compiled text, an engine's declarations, V8's own names), never from a string the
 * program built at run time: code can `eval` a function whose name spells a generated input, or give
 * it any `//# sourceURL`. So a learner frame's name must be an identifier of the compiled code, and an
 * engine frame's a name of that engine's declared API; anything else is anonymous.
 */
export class FrameNamer {
  private readonly engineNames = new Map<string, Set<string>>()

  constructor(
    private readonly program: ProfiledProgram,
    private readonly positions: SourcePositions,
  ) {}

  classify(node: CpuProfileNode, insideEngine: string | undefined): FrameClass {
    const { functionName, url, scriptId } = node.callFrame
    if (functionName === '(root)' && scriptId === '0') return { as: 'root' }
    if (url === '' && scriptId === '0') {
      if (RUNTIME_NAMES.has(functionName))
        return { as: 'frame', frame: { name: functionName, kind: 'runtime' } }
      // A V8 built-in or a host callback: under an engine call, it is that call's host side.
      if (insideEngine) return { as: 'engineInternal' }
      return {
        as: 'frame',
        frame: { name: IDENTIFIER.test(functionName) ? functionName : '(native)', kind: 'native' },
      }
    }
    if (url === this.program.filename) {
      return {
        as: 'frame',
        frame: { name: this.learnerName(functionName), kind: 'learner', ...this.lineOf(node) },
      }
    }
    const engine = ENGINE_URL.exec(url)?.[1]
    if (engine) {
      if (insideEngine === engine) return { as: 'engineInternal' }
      const known = this.declaredNames(engine).has(functionName)
      return { as: 'frame', frame: { name: known ? `${engine}.${functionName}` : engine, kind: 'engine' } }
    }
    // `<isolated-vm>` (the caller, evaluated by the platform) and any script the program evaluated.
    return { as: 'platform' }
  }

  /** The learner's line of a compiled line, when it maps to one. */
  originalLine(compiledLine: number): number | undefined {
    return this.positions.originalLine(compiledLine)
  }

  private learnerName(functionName: string): string {
    if (!IDENTIFIER.test(functionName)) return '(anonymous)'
    return new RegExp(`(^|[^\\w$])${functionName.replace(/\$/g, '\\$')}([^\\w$]|$)`).test(this.program.code)
      ? functionName
      : '(anonymous)'
  }

  /** The line where the function starts, mapped to the learner's file (V8 counts from 0). */
  private lineOf(node: CpuProfileNode): { line?: number } {
    const { lineNumber, columnNumber } = node.callFrame
    if (lineNumber < 0) return {}
    const mapped = this.positions.original(lineNumber + 1, columnNumber + 1)
    return mapped ? { line: mapped.line } : {}
  }

  private declaredNames(engine: string): Set<string> {
    let names = this.engineNames.get(engine)
    if (!names) {
      names = new Set(engineDeclarations(engine)?.match(/[A-Za-z_$][\w$]*/g) ?? [])
      this.engineNames.set(engine, names)
    }
    return names
  }
}
