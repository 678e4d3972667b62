import ts from 'typescript'

export type StripOutcome =
  | {
      ok: true
      source: string
      /** Names of hidden cases written as literals (`name: '…'`): the kit must not hold them. */
      hiddenNames: string[]
      /** Names of the samples written as literals (a hidden case may share one). */
      sampleNames: string[]
    }
  | { ok: false; reason: string }

/**
 * tests.ts with its hidden cases cut out, for the browser: `hidden` of the `defineTests({...})` object
 * becomes `[]` (and a top-level constant it named becomes `[]` too), `generated` goes, and every other
 * top-level call in a `const` is marked pure, so tree shaking drops inputs that only hidden cases used.
 */
export function stripHiddenCases(source: string, fileName: string): StripOutcome {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const declarations = new Map<string, ts.VariableDeclaration>()
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) declarations.set(declaration.name.text, declaration)
    }
  }
  const tests = findTestsObject(file, declarations)
  if (!tests) {
    return {
      ok: false,
      reason:
        'cannot find `export default defineTests({ ... })` (the browser bundle of the samples needs it to cut out the hidden cases)',
    }
  }
  const edits: { start: number; end: number; text: string }[] = []
  const hiddenNames: string[] = []
  const sampleNames: string[] = []
  let sawHidden = false
  for (const property of tests.properties) {
    const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined
    if (name === 'hidden') {
      sawHidden = true
      if (ts.isPropertyAssignment(property)) {
        hiddenNames.push(...literalNames(property.initializer))
        edits.push({ start: property.initializer.getStart(file), end: property.initializer.end, text: '[]' })
        if (ts.isIdentifier(property.initializer)) emptyConstant(property.initializer.text)
      } else if (ts.isShorthandPropertyAssignment(property)) {
        emptyConstant(property.name.text)
      } else {
        return { ok: false, reason: '`hidden` must be a plain property: `hidden: [...]`' }
      }
    } else if (name === 'samples' && ts.isPropertyAssignment(property)) {
      sampleNames.push(...literalNames(property.initializer))
    } else if (name === 'generated') {
      edits.push({ start: property.getStart(file), end: property.end, text: 'generated: undefined' })
    }
  }
  if (!sawHidden) return { ok: false, reason: 'the defineTests object has no `hidden` property' }

  function emptyConstant(identifier: string): void {
    const declaration = declarations.get(identifier)
    if (declaration?.initializer) {
      hiddenNames.push(...literalNames(declaration.initializer))
      edits.push({
        start: declaration.initializer.getStart(file),
        end: declaration.initializer.end,
        text: '[]',
      })
    }
  }
  const emptied = new Set(edits.map((edit) => edit.start))
  for (const declaration of declarations.values()) {
    const init = declaration.initializer
    if (!init || emptied.has(init.getStart(file))) continue
    if (ts.isCallExpression(init) || ts.isNewExpression(init)) {
      edits.push({ start: init.getStart(file), end: init.getStart(file), text: '/* @__PURE__ */ ' })
    }
  }
  edits.sort((a, b) => b.start - a.start)
  let out = source
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end)
  return { ok: true, source: out, hiddenNames, sampleNames }
}

/** Every `name: '…'` written as a literal inside `node` (read from the source, never by running it). */
function literalNames(node: ts.Node): string[] {
  const names: string[] = []
  const visit = (child: ts.Node) => {
    if (
      ts.isPropertyAssignment(child) &&
      ts.isIdentifier(child.name) &&
      child.name.text === 'name' &&
      (ts.isStringLiteral(child.initializer) || ts.isNoSubstitutionTemplateLiteral(child.initializer))
    ) {
      names.push(child.initializer.text)
    }
    ts.forEachChild(child, visit)
  }
  visit(node)
  return names
}

function findTestsObject(
  file: ts.SourceFile,
  declarations: Map<string, ts.VariableDeclaration>,
): ts.ObjectLiteralExpression | undefined {
  for (const statement of file.statements) {
    if (!ts.isExportAssignment(statement) || statement.isExportEquals) continue
    let expression: ts.Expression | undefined = statement.expression
    if (ts.isIdentifier(expression)) expression = declarations.get(expression.text)?.initializer
    while (expression && (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression)))
      expression = expression.expression
    if (expression && ts.isObjectLiteralExpression(expression)) return expression
    if (expression && ts.isCallExpression(expression)) {
      const argument = expression.arguments[0]
      if (argument && ts.isObjectLiteralExpression(argument)) return argument
    }
  }
  return undefined
}
