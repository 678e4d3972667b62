import { arenaModulesDts } from '@arena/engines/browser'
import Editor from '@monaco-editor/react'
import { useEffect, useRef } from 'react'
import { EDITOR_THEME, typescript } from '../editor/monacoSetup.ts'
import { AUTHORING_API_DTS } from './authoringApiDts.ts'

export interface FileEditorProps {
  /** The file's path in the pack: one Monaco model per file, so undo history stays per tab. */
  path: string
  value: string
  ariaLabel: string
  loadingLabel: string
  onChange: (text: string) => void
  onSave: () => void
}

function languageOf(path: string): string {
  if (path.endsWith('.ts')) return 'typescript'
  if (path.endsWith('.md')) return 'markdown'
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml'
  if (path.endsWith('.json')) return 'json'
  return 'plaintext'
}

/**
 * Monaco for any file of a pack: tests.ts imports the authoring API; the solutions (starter, baseline,
 * reference, wrong ones) import the engines they are granted, so every `arena:*` module is declared.
 */
export default function FileEditor(props: FileEditorProps) {
  const latest = useRef(props)
  latest.current = props
  useEffect(() => {
    const libs = [
      typescript.typescriptDefaults.addExtraLib(AUTHORING_API_DTS, 'file:///authoring/arena-authoring.d.ts'),
      typescript.typescriptDefaults.addExtraLib(arenaModulesDts(), 'file:///authoring/arena-modules.d.ts'),
    ]
    return () => {
      for (const lib of libs) lib.dispose()
    }
  }, [])
  return (
    <Editor
      path={`file:///authoring/${props.path}`}
      language={languageOf(props.path)}
      value={props.value}
      theme={EDITOR_THEME}
      loading={<div className="editor-loading">{props.loadingLabel}</div>}
      onMount={(editor, monaco) => {
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSave())
      }}
      onChange={(value) => latest.current.onChange(value ?? '')}
      options={{
        ariaLabel: props.ariaLabel,
        fontSize: 14,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        // The last line's number is not drawn dimmed (too faint to read: WCAG AA).
        renderFinalNewline: 'on',
        automaticLayout: true,
        tabSize: 2,
        fixedOverflowWidgets: true,
        padding: { top: 8 },
      }}
    />
  )
}
