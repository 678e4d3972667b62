import { decodedMappings, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'

export interface SourceLocation {
  line: number
  column: number
}

/** Rewrites `filename:line:col` positions of compiled code to the learner's own lines and columns. */
export class SourcePositions {
  private readonly map: TraceMap | undefined

  constructor(
    private readonly filename: string,
    sourceMap: string | undefined,
  ) {
    this.map = sourceMap ? new TraceMap(sourceMap) : undefined
  }

  /** 1-based line and column in the learner's file, or undefined when the position is in generated code. */
  original(line: number, column: number): SourceLocation | undefined {
    if (!this.map) return { line, column }
    const position = originalPositionFor(this.map, { line, column: Math.max(0, column - 1) })
    if (position.line === null || position.column === null) return undefined
    return { line: position.line, column: position.column + 1 }
  }

  /**
   * The learner's line that a whole compiled line (1-based) comes from: its first mapped segment's, or
   * undefined for generated code. A CPU profile's line ticks name compiled lines without a column.
   */
  originalLine(line: number): number | undefined {
    if (!this.map) return line
    for (const segment of decodedMappings(this.map)[line - 1] ?? []) {
      // [column, source, line, column(, name)]: a segment of 1 maps to nothing.
      const sourceLine = segment[2]
      if (sourceLine !== undefined) return sourceLine + 1
    }
    return undefined
  }

  /** The stack with compiled positions mapped and frames outside the learner's file removed. */
  rewriteStack(stack: string): { stack: string; location?: SourceLocation } {
    const escaped = this.filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const framePattern = new RegExp(`${escaped}:(\\d+):(\\d+)`)
    let location: SourceLocation | undefined
    const lines: string[] = []
    for (const line of stack.split('\n')) {
      const isFrame = /^\s+at /.test(line)
      const match = framePattern.exec(line)
      if (isFrame && !match) continue
      if (!match) {
        lines.push(line)
        continue
      }
      const mapped = this.original(Number(match[1]), Number(match[2]))
      if (!mapped) continue
      location ??= mapped
      lines.push(line.replace(framePattern, `${this.filename}:${mapped.line}:${mapped.column}`))
    }
    return { stack: lines.slice(0, 12).join('\n'), location }
  }
}
