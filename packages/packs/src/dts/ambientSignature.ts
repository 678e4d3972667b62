import type ts from 'typescript'
import { loadTypescript } from '../typecheck/loadTypescript.ts'

/** Statements that need `declare` at the top level of a .d.ts (interfaces and type aliases do not). */
function needsDeclare(statement: ts.Statement): boolean {
  const ts = loadTypescript()
  return (
    ts.isFunctionDeclaration(statement) ||
    ts.isVariableStatement(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  )
}

function droppedModifiers(): Set<ts.SyntaxKind> {
  const ts = loadTypescript()
  return new Set([
    ts.SyntaxKind.ExportKeyword,
    ts.SyntaxKind.DefaultKeyword,
    ts.SyntaxKind.DeclareKeyword,
    // `async` is not allowed in an ambient context; the return type already says Promise.
    ts.SyntaxKind.AsyncKeyword,
  ])
}

/**
 * Rewrites a challenge's `signature` as global declarations: no `export` (a file without exports is
 * a script, so its types are visible everywhere without an import), `declare` where a .d.ts needs it.
 * Comments and formatting are kept; re-export lists are dropped.
 */
export function ambientSignature(signature: string): string {
  const ts = loadTypescript()
  const dropped = droppedModifiers()
  const file = ts.createSourceFile('signature.ts', signature, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  let out = ''
  let cursor = 0
  for (const statement of file.statements) {
    const start = statement.getStart(file)
    out += signature.slice(cursor, start)
    cursor = statement.end
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) continue
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : []
    const last = modifiers.at(-1)
    if (!last) {
      out += (needsDeclare(statement) ? 'declare ' : '') + signature.slice(start, statement.end)
      continue
    }
    const kept = modifiers.filter((modifier) => !dropped.has(modifier.kind)).map((m) => m.getText(file))
    const head = [...(needsDeclare(statement) ? ['declare'] : []), ...kept]
    const rest = signature.slice(last.end, statement.end).trimStart()
    out += [...head, rest].join(' ')
  }
  return out + signature.slice(cursor)
}
