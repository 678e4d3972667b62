import Editor from '@monaco-editor/react'
import { useEffect, useRef } from 'react'
import type { EditorHandle } from './EditorHandle.ts'
import { monaco, typescript } from './monacoSetup.ts'

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
}

type StandaloneEditor = ReturnType<typeof monaco.editor.create>

export default function CodeEditor(props: CodeEditorProps) {
  const { dts, libPath } = props
  // Commands are registered once; they call whatever the latest props are.
  const latest = useRef(props)
  latest.current = props
  const editorRef = useRef<StandaloneEditor | null>(null)
  const decorations = useRef<ReturnType<StandaloneEditor['createDecorationsCollection']> | null>(null)

  useEffect(() => {
    const lib = typescript.typescriptDefaults.addExtraLib(dts, libPath)
    return () => lib.dispose()
  }, [dts, libPath])

  function onMount(editor: StandaloneEditor) {
    editorRef.current = editor
    decorations.current = editor.createDecorationsCollection()
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
      theme="vs-dark"
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
