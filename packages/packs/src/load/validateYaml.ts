import type { z } from 'zod'
import type { PackProblem } from '../problem.ts'
import { issueMessage } from './issueMessage.ts'
import { positionOf, type YamlSource } from './yamlSource.ts'

/** Validates a parsed YAML file against a schema; every issue becomes a problem with a field path and line. */
export function validateYaml<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
): { value?: z.infer<S>; problems: PackProblem[] } {
  const result = schema.safeParse(source.doc.toJS(), { error: issueMessage })
  if (result.success) return { value: result.data, problems: [] }
  const problems = result.error.issues.flatMap((issue): PackProblem[] => {
    // One problem per unknown key, pointing at the key itself: that is where the typo is.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => problemAt(source, [...issue.path, key], 'unknown field', true))
    }
    return [problemAt(source, issue.path, issue.message, false)]
  })
  return { problems }
}

function problemAt(
  source: YamlSource,
  path: readonly PropertyKey[],
  message: string,
  atKey: boolean,
): PackProblem {
  const position = positionOf(source, path, atKey)
  return {
    file: source.file,
    ...(path.length ? { field: path.map(String).join('.') } : {}),
    message,
    severity: 'error',
    ...position,
  }
}
