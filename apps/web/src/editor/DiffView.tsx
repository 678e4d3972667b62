import { DiffEditor } from '@monaco-editor/react'
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
  // The models go after the editor, not before it: the wrapper's own order threw "TextModel got
  // disposed before DiffEditorWidget model got reset" on leaving the page (an in-app link).
  const models = useRef<{ original: { dispose(): void }; modified: { dispose(): void } } | null>(null)
  useEffect(
    () => () => {
      const held = models.current
      // The wrapper disposes the editor in this same commit; the models, once it has.
      setTimeout(() => {
        held?.original.dispose()
        held?.modified.dispose()
      })
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
        models.current = editor.getModel()
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
