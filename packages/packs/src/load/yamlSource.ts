import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { PackProblem } from '../problem.ts'

/** A parsed YAML file that still knows where each value came from, so problems can name a line. */
export interface YamlSource {
  /** As shown in problems. */
  file: string
  doc: Document.Parsed
  lines: LineCounter
}

export function parseYaml(text: string, file: string): { source: YamlSource; problems: PackProblem[] } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  const problems: PackProblem[] = [...doc.errors, ...doc.warnings].map((error) => {
    const position = error.linePos?.[0]
    return {
      file,
      message: `YAML: ${error.message.split('\n')[0]}`,
      severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
      ...(position ? { line: position.line, column: position.col } : {}),
    }
  })
  return { source: { file, doc, lines }, problems }
}

/**
 * Where the value at `path` starts, or the deepest part of the path that exists (a missing field is
 * reported at the map that should hold it). `atKey` points at the key instead (unknown fields).
 */
export function positionOf(
  source: YamlSource,
  path: readonly PropertyKey[],
  atKey = false,
): { line: number; column: number } | undefined {
  let node: unknown = source.doc.contents
  let offset = isNode(node) ? node.range?.[0] : undefined
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key))
      if (!pair) break
      const keyNode = pair.key as Node
      if ((last && atKey) || !isNode(pair.value)) {
        offset = keyNode.range?.[0]
        break
      }
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number' && isNode(node.items[key])) {
      node = node.items[key]
    } else {
      break
    }
    offset = (node as Node).range?.[0] ?? offset
  }
  if (offset === undefined) return undefined
  const { line, col } = source.lines.linePos(offset)
  return { line, column: col }
}
