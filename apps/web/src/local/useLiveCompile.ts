import { useCallback, useEffect, useRef, useState } from 'react'
import { compileInPage, loadEsbuild, type PageCompile } from './compileInPage.ts'
import { CompileMemo, compileKey } from './compileMemo.ts'

/**
 * Compiles run in esbuild's own worker, so typing never waits for them: a keystroke compiles at once
 * when no compile is in flight, and otherwise the newest text compiles as soon as the one in flight
 * ends (intermediate texts are skipped). The diagnostic then lags a keystroke by about one compile.
 */
const MARKER_OWNER = 'esbuild'

export interface LiveCompile {
  /** The latest finished compile of the latest source, or undefined before the first. */
  result: PageCompile | undefined
  compiling: boolean
  /** How many compiles finished, and the length of the last compiled text: lets a test see its change compiled. */
  count: number
  chars: number
  /** Tell it the editor's text changed. */
  onSource: (source: string) => void
  /**
   * Compiles `source` now (ahead of any pending text) and resolves to its result: what a local run runs.
   * The text the live compile last compiled (or is compiling) is not compiled again: a Run right after
   * the learner's last keystroke or paste starts without waiting for a second compile of the same text.
   */
  compileNow: (source: string) => Promise<PageCompile>
}

/**
 * Compiles the editor's text in the page as the learner types and puts esbuild's errors
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
  const [chars, setChars] = useState(0)
  const latest = useRef(0)
  const inFlight = useRef(false)
  const pending = useRef<string | undefined>(undefined)
  const memo = useRef(new CompileMemo<PageCompile>())
  // esbuild-wasm (a 14 MB binary compiled in its own worker: seconds on a busy machine) starts with the
  // page, while the editor loads, instead of at the learner's first keystroke or paste. A failure here
  // shows at the first compile, which asks again.
  useEffect(() => {
    loadEsbuild().catch(() => undefined)
  }, [])

  const compile = useCallback(
    async (source: string): Promise<PageCompile> => {
      const ticket = ++latest.current
      setCompiling(true)
      const compiled = await memo.current.remember(
        compileKey(source, entry, engines),
        compileInPage(source, entry, engines),
      )
      if (ticket === latest.current) {
        setResult(compiled)
        setCompiling(false)
        setCount((value) => value + 1)
        setChars(source.length)
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
      pending.current = source
      if (inFlight.current) return
      inFlight.current = true
      void (async () => {
        try {
          while (pending.current !== undefined) {
            const next = pending.current
            pending.current = undefined
            await compile(next).catch(() => undefined)
          }
        } finally {
          inFlight.current = false
        }
      })()
    },
    [compile],
  )
  const compileNow = useCallback(
    (source: string) => {
      pending.current = undefined
      return memo.current.recall(compileKey(source, entry, engines)) ?? compile(source)
    },
    [compile, entry, engines],
  )
  return { result, compiling, count, chars, onSource, compileNow }
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
