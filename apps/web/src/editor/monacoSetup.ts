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

// @monaco-editor/react reaches for `monaco.typescript` like the full build exposes it.
const api = { ...monaco, typescript }
loader.config({ monaco: api as never })

export { monaco, typescript }
