// Monaco ships its Monarch language definitions as plain ES modules without types.
declare module 'monaco-editor/languages/definitions/typescript/typescript' {
  import type { languages } from 'monaco-editor/editor'
  export const language: languages.IMonarchLanguage
  export const conf: languages.LanguageConfiguration
}
