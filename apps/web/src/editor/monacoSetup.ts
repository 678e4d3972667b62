// Monaco from the bundled package, never a CDN. Only the parts the arena uses: the editor core with
// its features, and the TypeScript language (tokens + the language service in a web worker).
import { loader } from '@monaco-editor/react'
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/typescript/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { language as typescriptTokens } from 'monaco-editor/languages/definitions/typescript/typescript'
import * as typescript from 'monaco-editor/languages/features/typescript/register'
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker'
import { typescriptWithWgsl, WGSL_LANGUAGE_ID, wgslLanguage } from './wgsl/wgslLanguage.ts'

globalThis.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker()
  },
}

// Learner code runs in a bare V8 isolate: ES2023, no DOM, no Node. Strict, like the course's own code;
// the grader compiles with esbuild and does not type-check, so type errors guide but never block.
typescript.typescriptDefaults.setCompilerOptions({
  target: typescript.ScriptTarget.ESNext,
  module: typescript.ModuleKind.ESNext,
  moduleResolution: typescript.ModuleResolutionKind.NodeJs,
  lib: ['es2023'],
  types: [],
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  allowNonTsExtensions: true,
  noEmit: true,
})
typescript.typescriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: false,
  noSyntaxValidation: false,
})
typescript.typescriptDefaults.setEagerModelSync(true)

// GPU kernels are WGSL in template strings: highlighted as WGSL inside the TypeScript file. Set before
// any editor exists, so TypeScript's lazily loaded tokens never replace these.
monaco.languages.register({ id: WGSL_LANGUAGE_ID, extensions: ['.wgsl'], aliases: ['WGSL', 'wgsl'] })
monaco.languages.setMonarchTokensProvider(WGSL_LANGUAGE_ID, wgslLanguage)
monaco.languages.setMonarchTokensProvider('typescript', typescriptWithWgsl(typescriptTokens))

// VS Code's dark theme with the few colours that fall short of WCAG AA on its background raised:
// comments (#6A9955 is 4.0:1), line numbers and the diff tints, and keywords (#569CD6 is 4.1:1 on an
// inserted line's tint). Every editor of the arena uses it.
export const EDITOR_THEME = 'arena-dark'
monaco.editor.defineTheme(EDITOR_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '8DB97D' },
    { token: 'keyword', foreground: '6FB0E6' },
  ],
  colors: {
    'editorLineNumber.foreground': '#9A9AA6',
    'editorLineNumber.activeForeground': '#E0E0E6',
    // Fainter diff tints than VS Code's: the code on them keeps its contrast.
    'diffEditor.insertedTextBackground': '#9ccc2c1a',
    'diffEditor.insertedLineBackground': '#9bb95512',
    'diffEditor.removedTextBackground': '#ff00001a',
    'diffEditor.removedLineBackground': '#ff000012',
  },
})

// @monaco-editor/react reaches for `monaco.typescript` like the full build exposes it.
const api = { ...monaco, typescript }
loader.config({ monaco: api as never })

export { monaco, typescript }
