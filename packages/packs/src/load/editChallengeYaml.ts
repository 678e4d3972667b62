import { isCollection, parseDocument } from 'yaml'

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
    // A list of the same length is edited item by item, so `- { name: small, size: 100 }` stays one
    // line when only its size changes.
    if (Array.isArray(after) && Array.isArray(before) && after.length === before.length) {
      for (const [index, item] of after.entries()) apply([...path, String(index)], before[index], item)
      return
    }
    // Unchanged values keep their layout (a block scalar stays a block scalar); a new collection
    // where a flow one was (`[a, b]`, `{ n: 1 }`) is written as flow too.
    if (JSON.stringify(before) === JSON.stringify(after)) return
    // A scalar is set in place, so it keeps its quotes (`title: "Sum"`).
    if (typeof after !== 'object' || after === null) return doc.setIn(path, after)
    const node = doc.createNode(after)
    const previous = doc.getIn(path, true)
    if (isCollection(node) && (isCollection(previous) ? previous.flow : isFlowItem(path))) node.flow = true
    doc.setIn(path, node)
  }
  /** Inside a flow collection (`- { name: a, size: 1 }`), where block collections cannot go. */
  const isFlowItem = (path: string[]) => {
    const parent = doc.getIn(path.slice(0, -1), true)
    return isCollection(parent) && parent.flow === true
  }
  for (const [key, value] of Object.entries(fields)) apply([key], current[key], value)
  return doc.toString()
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
