import { parseDocument } from 'yaml'

/**
 * A YAML file whose content becomes `fields` (a key missing from it is removed), keeping comments, key
 * order and the layout of everything unchanged: what a form in the browser edits. Nested objects are
 * edited key by key, so a comment inside `perf:` survives a change of `perf.budgetMs`. Throws on
 * unparsable YAML.
 */
export function editChallengeYaml(text: string, fields: Record<string, unknown>): string {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) throw new Error(doc.errors[0]?.message.split('\n')[0] ?? 'invalid YAML')
  const current = (doc.toJS() ?? {}) as Record<string, unknown>
  if (!isPlainObject(current)) throw new Error('the file is not a mapping of fields')
  for (const key of Object.keys(current)) if (!(key in fields)) doc.delete(key)
  const apply = (path: string[], before: unknown, after: unknown) => {
    if (after === undefined) {
      if (before !== undefined) doc.deleteIn(path)
      return
    }
    if (isPlainObject(after) && isPlainObject(before)) {
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        apply([...path, key], before[key], after[key])
      }
      return
    }
    // Unchanged values keep their layout (a block scalar stays a block scalar).
    if (JSON.stringify(before) !== JSON.stringify(after)) doc.setIn(path, after)
  }
  for (const [key, value] of Object.entries(fields)) apply([key], current[key], value)
  return doc.toString()
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
