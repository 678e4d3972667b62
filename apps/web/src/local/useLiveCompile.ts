import { useCallback, useEffect, useRef, useState } from 'react'
import { compileInPage, type PageCompile } from './compileInPage.ts'

/** How long typing must pause before the page compiles (a keystroke-to-diagnostic trade-off). */
export const COMPILE_DEBOUNCE_MS = 150
const MARKER_OWNER = 'esbuild'

export interface LiveCompile {
  /** The latest finished compile of the latest source, or undefined before the first. */
  result: PageCompile | undefined
  compiling: boolean
  /** How many compiles finished: lets a test see that a change was compiled. */
  count: number
  /** Tell it the editor's text changed. */
  onSource: (source: string) => void
  /** Compiles `source` now (no debounce) and resolves to its result: what a local run runs. */
  compileNow: (source: string) => Promise<PageCompile>
}

/**
 * Compiles the editor's text in the page as the learner types (debounced) and puts esbuild's errors
 * under their lines as Monaco markers. Results of a source that was since edited are dropped.
 */
export function useLiveCompile(options: {
  modelPath: string
  entry: string
  engines: readonly string[]
}): LiveCompile {
  const { modelPath, entry, engines } = options
  const [result, setResult] = useState<PageCompile | undefined>()
  const [compiling, setCompiling] = useState(false)
  const [count, setCount] = useState(0)
  const latest = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  const compile = useCallback(
    async (source: string): Promise<PageCompile> => {
      const ticket = ++latest.current
      setCompiling(true)
      const compiled = await compileInPage(source, entry, engines)
      if (ticket === latest.current) {
        setResult(compiled)
        setCompiling(false)
        setCount((value) => value + 1)
        await showMarkers(modelPath, compiled)
        window.dispatchEvent(
          new CustomEvent('arena:compiled', { detail: { ok: compiled.ok, ms: compiled.ms } }),
        )
      }
      return compiled
    },
    [entry, engines, modelPath],
  )

  const onSource = useCallback(
    (source: string) => {
      clearTimeout(timer.current)
      timer.current = setTimeout(() => void compile(source).catch(() => undefined), COMPILE_DEBOUNCE_MS)
    },
    [compile],
  )
  const compileNow = useCallback(
    (source: string) => {
      clearTimeout(timer.current)
      return compile(source)
    },
    [compile],
  )
  useEffect(() => () => clearTimeout(timer.current), [])
  return { result, compiling, count, onSource, compileNow }
}

async function showMarkers(modelPath: string, compiled: PageCompile): Promise<void> {
  // The editor chunk is already loaded when there is a model to mark; this import costs nothing then.
  const { monaco } = await import('../editor/monacoSetup.ts')
  const model = monaco.editor.getModel(monaco.Uri.parse(modelPath))
  if (!model) return
  const markers = compiled.ok
    ? []
    : compiled.problems.map((problem) => {
        const line = Math.min(Math.max(1, problem.line ?? 1), model.getLineCount())
        const column = Math.min(Math.max(1, problem.column ?? 1), model.getLineMaxColumn(line))
        const end = problem.length
          ? Math.min(column + problem.length, model.getLineMaxColumn(line))
          : model.getLineMaxColumn(line)
        return {
          severity: monaco.MarkerSeverity.Error,
          message: problem.message,
          source: 'esbuild',
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn: Math.max(end, column + 1),
        }
      })
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers)
}
