import { DiffEditor, type DiffOnMount } from '@monaco-editor/react'
import { useEffect, useRef } from 'react'
import { EDITOR_THEME, typescript } from './monacoSetup.ts'

export default function DiffView({
  original,
  modified,
  dts,
  libPath,
  loadingLabel,
  labels,
}: {
  original: string
  modified: string
  /** The challenge's declarations, so both sides type-check as they did in the editor. */
  dts: string | undefined
  libPath: string
  loadingLabel: string
  /** What a screen reader calls each side. */
  labels: { original: string; modified: string }
}) {
  useEffect(() => {
    if (dts === undefined) return
    const lib = typescript.typescriptDefaults.addExtraLib(dts, libPath)
    return () => lib.dispose()
  }, [dts, libPath])
  // Leaving the page: the diff lets go of its models, then they go, and then the wrapper disposes the
  // editor (a parent's effects are cleaned up before its child's). The wrapper's own order, models
  // first, threw "TextModel got disposed before DiffEditorWidget model got reset" (an in-app link
  // away from the history page), and models disposed after the editor woke its disposed menus.
  const diff = useRef<Parameters<DiffOnMount>[0] | null>(null)
  useEffect(
    () => () => {
      const models = diff.current?.getModel()
      diff.current?.setModel(null)
      models?.original.dispose()
      models?.modified.dispose()
    },
    [],
  )
  return (
    <DiffEditor
      original={original}
      modified={modified}
      language="typescript"
      theme={EDITOR_THEME}
      loading={<div className="editor-loading">{loadingLabel}</div>}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={(editor, monaco) => {
        diff.current = editor
        // Under EditContext each side's input takes its editor's own ariaLabel; the diff options'
        // original/modifiedAriaLabel never reach it (axe: an unnamed textbox per side). And when the
        // diff switches between side by side and inline (the page's width crossed 900 px), Monaco
        // sets both sides' ariaLabel to '': each side puts its name back.
        const { ariaLabel } = monaco.editor.EditorOption
        const name = (side: ReturnType<typeof editor.getOriginalEditor>, label: string) => {
          const apply = () => {
            if (side.getOption(ariaLabel) !== label) side.updateOptions({ ariaLabel: label })
          }
          apply()
          side.onDidChangeConfiguration((event) => {
            if (event.hasChanged(ariaLabel)) apply()
          })
        }
        name(editor.getOriginalEditor(), labels.original)
        name(editor.getModifiedEditor(), labels.modified)
      }}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        fontSize: 13,
        // The last line's number is not drawn dimmed (too faint to read: WCAG AA), as in the editor.
        renderFinalNewline: 'on',
        originalAriaLabel: labels.original,
        modifiedAriaLabel: labels.modified,
        // A name from the first frame: onMount's per-side labels reach the inputs on a later render,
        // and an accessibility check (or a screen reader) that came first found two unnamed textboxes
        // (learner-flow's axe check of the history page, on a loaded machine).
        ariaLabel: labels.modified,
      }}
    />
  )
}
