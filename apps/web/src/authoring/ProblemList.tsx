import type { PackProblem } from './types.ts'

/** `file: field: reason (line n)`, each file a button when the editor can open it. */
export function ProblemList({
  problems,
  onOpen,
}: {
  problems: PackProblem[]
  onOpen?: (file: string) => void
}) {
  return (
    <ul className="problem-list">
      {problems.map((problem, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity beyond their position
          key={index}
          className={`problem problem--${problem.severity}`}
        >
          {onOpen ? (
            <button type="button" className="link-button problem__file" onClick={() => onOpen(problem.file)}>
              {problem.file}
            </button>
          ) : (
            <code className="problem__file">{problem.file}</code>
          )}
          {': '}
          {problem.severity === 'warning' && (
            <>
              <span className="badge badge--warn">warning</span>{' '}
            </>
          )}
          {problem.field && (
            <>
              <code>{problem.field}</code>
              {': '}
            </>
          )}
          {problem.message}
          {problem.line !== undefined && <span className="muted"> (line {problem.line})</span>}
        </li>
      ))}
    </ul>
  )
}
