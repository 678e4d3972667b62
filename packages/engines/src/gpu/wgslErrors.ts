/** A WGSL compiler message, as `GPUShaderModule.getCompilationInfo()` reports it. */
export interface WgslMessage {
  type: string
  lineNum: number
  linePos: number
  message: string
}

/**
 * `WGSL compile error in kernel "sum" at line 3:14: <message>` and the offending line with a caret
 * under the column, for every error (at most 5): the WGSL's own line, not the TypeScript file's.
 */
export function formatCompileErrors(kernel: string, code: string, messages: readonly WgslMessage[]): string {
  const errors = messages.filter((message) => message.type === 'error')
  const lines = code.split('\n')
  const shown = errors.slice(0, 5).map((error) => {
    const where = error.lineNum > 0 ? ` at line ${error.lineNum}:${error.linePos}` : ''
    const source = lines[error.lineNum - 1]
    const excerpt =
      source === undefined
        ? ''
        : `\n  ${error.lineNum} | ${source.trimEnd()}\n  ${' '.repeat(String(error.lineNum).length)} | ${' '.repeat(Math.max(0, error.linePos - 1))}^`
    return `WGSL compile error in kernel "${kernel}"${where}: ${error.message}${excerpt}`
  })
  const more = errors.length > 5 ? `\n(and ${errors.length - 5} more errors)` : ''
  return shown.join('\n') + more
}

/**
 * Dawn's validation messages end in a trail of ` - While calling [Device].CreateBindGroup(...)`
 * lines that mean nothing to a learner: keep the first lines, without object handles.
 */
export function cleanDawnMessage(message: string): string {
  const kept = message
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s*-\s*While /.test(line))
    .slice(0, 4)
    .join(' ')
  return kept.replace(/\s+/g, ' ').trim().slice(0, 600)
}
