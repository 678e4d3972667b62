/**
 * WGSL kernels in a learner's TypeScript: template literals marked `/* wgsl *\/` (the comment-tagged
 * template convention editors know) or tagged `wgsl`. Where each one's text starts, so a WGSL line and
 * column (the compiler's, counted from the kernel's start) become the file's.
 */
export interface WgslTemplate {
  /** The kernel's text; `${…}` interpolations make it unknowable here (`interpolated`). */
  code: string
  interpolated: boolean
  /** 1-based line and column in the file of the template's first character (after the backtick). */
  line: number
  column: number
}

const OPENING = /(?:\/\*\s*wgsl\s*\*\/\s*|\bwgsl\s*)`/g

export function wgslTemplates(source: string): WgslTemplate[] {
  const templates: WgslTemplate[] = []
  for (const match of source.matchAll(OPENING)) {
    const start = match.index + match[0].length
    const end = closingBacktick(source, start)
    if (end === -1) continue
    const code = source.slice(start, end)
    const before = source.slice(0, start)
    const line = before.split('\n').length
    const column = start - before.lastIndexOf('\n')
    templates.push({ code, interpolated: /(^|[^\\])\$\{/.test(code), line, column })
  }
  return templates
}

/** The index of the backtick that ends a template starting at `from`, skipping escapes; -1 if none. */
function closingBacktick(source: string, from: number): number {
  for (let at = from; at < source.length; at++) {
    if (source[at] === '\\') at++
    else if (source[at] === '`') return at
  }
  return -1
}

/** A WGSL position (1-based, in the kernel) as a position in the file. */
export function fileLineOf(
  template: WgslTemplate,
  lineNum: number,
  linePos: number,
): { line: number; column: number } {
  return {
    line: template.line + Math.max(1, lineNum) - 1,
    column: lineNum <= 1 ? template.column + Math.max(1, linePos) - 1 : Math.max(1, linePos),
  }
}

/**
 * The file position of a grader message `WGSL compile error in kernel "k" at line L:C: …` followed by
 * `  L | <the kernel's line>`: the kernel is the template whose line L reads the same.
 */
export function locateServerWgslError(
  message: string,
  source: string,
): { line: number; column: number } | undefined {
  const at = /WGSL compile error in kernel "[^"]*" at line (\d+):(\d+)/.exec(message)
  if (!at) return undefined
  const lineNum = Number(at[1])
  const linePos = Number(at[2])
  const shown = new RegExp(`^\\s*${lineNum} \\| (.*)$`, 'm').exec(message)?.[1]?.trimEnd()
  const candidates = wgslTemplates(source).filter((template) => {
    const line = template.code.split('\n')[lineNum - 1]
    return line !== undefined && (shown === undefined || line.trimEnd() === shown)
  })
  const template = candidates[0]
  return template && fileLineOf(template, lineNum, linePos)
}
