import Editor from '@monaco-editor/react'
import { useEffect, useRef, useState } from 'react'
import type { EditorHandle, TypeProblem } from './EditorHandle.ts'
import { EDITOR_THEME, monaco, typescript } from './monacoSetup.ts'
import { checkWgsl } from './wgsl/checkWgsl.ts'

export interface CodeEditorProps {
  /** One model per challenge, e.g. `file:///core/column-sums/solution.ts`. */
  modelPath: string
  /** The challenge's declarations (signature types, granted engines). */
  dts: string
  libPath: string
  defaultValue: string
  ariaLabel: string
  loadingLabel: string
  onChange: (source: string) => void
  onReady: (handle: EditorHandle) => void
  onRun: () => void
  onSubmit: () => void
  onSave: () => void
  /** Monaco's TypeScript errors in this file, each time they change (esbuild runs code that has them). */
  onTypeProblems?: (problems: TypeProblem[]) => void
  /** Compile the file's WGSL kernels in the page (a challenge granting `gpu`) and mark their errors. */
  checkWgsl?: boolean
  /** The kernels' compile errors after each check; undefined where the browser has no WebGPU. */
  onWgslProblems?: (problems: TypeProblem[] | undefined) => void
}

/** Compiling kernels waits for a pause in typing. */
const WGSL_CHECK_DELAY_MS = 400

type StandaloneEditor = ReturnType<typeof monaco.editor.create>

export default function CodeEditor(props: CodeEditorProps) {
  const { dts, libPath } = props
  // Commands are registered once; they call whatever the latest props are.
  const latest = useRef(props)
  latest.current = props
  const editorRef = useRef<StandaloneEditor | null>(null)
  const [mounted, setMounted] = useState(false)
  const decorations = useRef<ReturnType<StandaloneEditor['createDecorationsCollection']> | null>(null)
  const hotDecorations = useRef<ReturnType<StandaloneEditor['createDecorationsCollection']> | null>(null)

  useEffect(() => {
    const lib = typescript.typescriptDefaults.addExtraLib(dts, libPath)
    return () => lib.dispose()
  }, [dts, libPath])

  // The TypeScript worker's markers arrive after each edit settles; the page says whether there are any.
  useEffect(() => {
    const uri = monaco.Uri.parse(props.modelPath).toString()
    const subscription = monaco.editor.onDidChangeMarkers((changed) => {
      if (!changed.some((each) => each.toString() === uri)) return
      const problems = monaco.editor
        .getModelMarkers({ resource: monaco.Uri.parse(uri), owner: 'typescript' })
        .filter((marker) => marker.severity === monaco.MarkerSeverity.Error)
        .map((marker) => ({
          line: marker.startLineNumber,
          column: marker.startColumn,
          message: marker.message,
        }))
      latest.current.onTypeProblems?.(problems)
    })
    return () => subscription.dispose()
  }, [props.modelPath])

  // WGSL kernels compiled by the browser's WebGPU as the learner types: errors on the file's own lines.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `mounted` starts it once the editor exists (a ref).
  useEffect(() => {
    const editor = editorRef.current
    if (!props.checkWgsl || !editor) return
    let timer: number | undefined
    let latestCheck = 0
    const check = () => {
      const model = editor.getModel()
      if (!model) return
      const ticket = ++latestCheck
      void checkWgsl(model.getValue()).then((problems) => {
        if (ticket !== latestCheck || model.isDisposed()) return
        monaco.editor.setModelMarkers(
          model,
          'wgsl',
          (problems ?? []).map((problem) => ({
            severity: monaco.MarkerSeverity.Error,
            message: `WGSL: ${problem.message}`,
            startLineNumber: problem.line,
            startColumn: problem.column,
            endLineNumber: problem.line,
            endColumn: model.getLineMaxColumn(Math.min(problem.line, model.getLineCount())),
          })),
        )
        latest.current.onWgslProblems?.(problems)
      })
    }
    check()
    const subscription = editor.onDidChangeModelContent(() => {
      window.clearTimeout(timer)
      timer = window.setTimeout(check, WGSL_CHECK_DELAY_MS)
    })
    return () => {
      window.clearTimeout(timer)
      subscription.dispose()
    }
  }, [props.checkWgsl, mounted])

  function onMount(editor: StandaloneEditor) {
    editorRef.current = editor
    setMounted(true)
    decorations.current = editor.createDecorationsCollection()
    hotDecorations.current = editor.createDecorationsCollection()
    const { KeyMod, KeyCode } = monaco
    editor.addCommand(KeyMod.CtrlCmd | KeyCode.Enter, () => latest.current.onRun())
    editor.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.Enter, () => latest.current.onSubmit())
    editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyS, () => latest.current.onSave())
    const handle: EditorHandle = {
      focus: () => editor.focus(),
      getValue: () => editor.getValue(),
      setValue: (source) => {
        // Through an edit, so Ctrl+Z can undo a reset.
        const model = editor.getModel()
        if (!model) return
        editor.pushUndoStop()
        editor.executeEdits('arena', [{ range: model.getFullModelRange(), text: source }])
        editor.pushUndoStop()
      },
      revealProblem: (line, column, message) => {
        const model = editor.getModel()
        if (!model) return
        const lineNumber = Math.min(Math.max(1, line), model.getLineCount())
        const col = Math.min(Math.max(1, column), model.getLineMaxColumn(lineNumber))
        decorations.current?.set([
          {
            range: new monaco.Range(lineNumber, 1, lineNumber, 1),
            options: {
              isWholeLine: true,
              className: 'editor-problem-line',
              linesDecorationsClassName: 'editor-problem-gutter',
              hoverMessage: { value: message },
            },
          },
        ])
        monaco.editor.setModelMarkers(model, 'grader', [
          {
            severity: monaco.MarkerSeverity.Error,
            message,
            startLineNumber: lineNumber,
            startColumn: col,
            endLineNumber: lineNumber,
            endColumn: Math.max(col + 1, model.getLineMaxColumn(lineNumber)),
          },
        ])
        editor.setPosition({ lineNumber, column: col })
        editor.revealLineInCenter(lineNumber)
        editor.focus()
      },
      goTo: (line, column) => {
        editor.setPosition({ lineNumber: line, column })
        editor.revealLineInCenter(line)
        editor.focus()
      },
      markHotLines: (lines) => {
        const model = editor.getModel()
        if (!model) return
        hotDecorations.current?.set(
          lines
            .filter((hot) => hot.line >= 1 && hot.line <= model.getLineCount())
            .map((hot) => ({
              range: new monaco.Range(hot.line, 1, hot.line, model.getLineMaxColumn(hot.line)),
              options: {
                isWholeLine: true,
                className: 'editor-hot-line',
                linesDecorationsClassName: 'editor-hot-gutter',
                // The hint follows the line's text, as an inline hint does; a hover says it too.
                after: { content: `  ${hot.label}`, inlineClassName: 'editor-hot-hint' },
                hoverMessage: { value: hot.label },
              },
            })),
        )
      },
      clearProblems: () => {
        decorations.current?.clear()
        const model = editor.getModel()
        if (model) monaco.editor.setModelMarkers(model, 'grader', [])
      },
    }
    latest.current.onReady(handle)
  }

  return (
    <Editor
      path={props.modelPath}
      defaultLanguage="typescript"
      defaultValue={props.defaultValue}
      theme={EDITOR_THEME}
      loading={<div className="editor-loading">{props.loadingLabel}</div>}
      onMount={onMount}
      onChange={(value) => latest.current.onChange(value ?? '')}
      options={{
        ariaLabel: props.ariaLabel,
        fontSize: 14,
        fontFamily:
          'ui-monospace, "JetBrains Mono", "Cascadia Code", Menlo, Consolas, "DejaVu Sans Mono", monospace',
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        // The last line's number is not drawn dimmed (too faint to read: WCAG AA).
        renderFinalNewline: 'on',
        automaticLayout: true,
        tabSize: 2,
        renderLineHighlight: 'all',
        fixedOverflowWidgets: true,
        padding: { top: 12 },
        // Tab moves focus out of the editor after Ctrl+M, as in VS Code; say so in the aria label.
        tabFocusMode: false,
      }}
    />
  )
}
