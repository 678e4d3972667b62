import { skipToken, useMutation } from '@tanstack/react-query'
import { useSubscription } from '@trpc/tanstack-react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useTRPC } from '../api/trpc.ts'
import { formatRatio } from '../lib/format.ts'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { ScrollablePre } from '../ui/ScrollablePre.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { ProblemList } from './ProblemList.tsx'
import type { PackTest, PackTestRow } from './types.ts'

interface TableRow {
  challenge: string
  solution: string
  expect: string
  state: 'waiting' | 'running' | 'done'
  row?: PackTestRow
}

const key = (challenge: string, solution: string) => `${challenge}/${solution}`

function rowsOfReport(test: PackTest): TableRow[] {
  return (test.report?.rows ?? []).map((row) => ({
    challenge: row.challenge,
    solution: row.solution,
    expect: row.expect,
    state: 'done',
    row,
  }))
}

/**
 * "Test pack": `arena pack test` of the saved draft on a runner, its table filling in live (the
 * runner's plan first, then every grading as it finishes), then the report as the CLI prints it.
 */
export function PackTestPanel({
  packId,
  test,
  beforeTest,
  onFinished,
}: {
  packId: string
  /** The newest test of the draft's current content, if any. */
  test: PackTest | null
  /** Saves unsaved edits first: a test is of what the server holds. */
  beforeTest: () => Promise<boolean>
  onFinished: () => void
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const [activeId, setActiveId] = useState<number | null>(null)
  const [rows, setRows] = useState<TableRow[]>(() => (test ? rowsOfReport(test) : []))
  const [state, setState] = useState<string | null>(null)
  const [finished, setFinished] = useState<PackTest | null>(test)

  useEffect(() => {
    if (activeId !== null) return
    setFinished(test)
    setRows(test ? rowsOfReport(test) : [])
    if (test && (test.status === 'queued' || test.status === 'running')) setActiveId(test.id)
  }, [test, activeId])

  const start = useMutation(trpc.authoring.test.mutationOptions())
  useSubscription(
    trpc.authoring.testProgress.subscriptionOptions(activeId === null ? skipToken : { testId: activeId }, {
      onData: (event) => {
        if (event.type === 'queued') setState(t('authoring.testQueued', { count: event.ahead }))
        else if (event.type === 'running') setState(t('authoring.testRunning'))
        else if (event.type === 'plan') {
          setRows((current) => [
            ...current.filter((row) => row.challenge !== event.challenge),
            ...event.solutions.map((each) => ({
              challenge: event.challenge,
              solution: each.solution,
              expect: each.expect,
              state: 'waiting' as const,
            })),
          ])
        } else if (event.type === 'run') {
          setState(t('authoring.testGrading', { file: key(event.challenge, event.solution) }))
          setRows((current) =>
            current.map((row) =>
              key(row.challenge, row.solution) === key(event.challenge, event.solution)
                ? { ...row, state: 'running' }
                : row,
            ),
          )
        } else if (event.type === 'step') {
          setState(t('authoring.testStep', { file: key(event.challenge, event.solution), step: event.step }))
        } else if (event.type === 'row') {
          setRows((current) =>
            current.map((row) =>
              key(row.challenge, row.solution) === key(event.row.challenge, event.row.solution)
                ? { ...row, state: 'done', row: event.row }
                : row,
            ),
          )
        } else if (event.type === 'done') {
          setFinished(event.test)
          setRows(rowsOfReport(event.test))
          setState(null)
          setActiveId(null)
          onFinished()
        }
      },
    }),
  )

  async function run() {
    if (!(await beforeTest())) return
    setRows([])
    setFinished(null)
    setState(t('authoring.testQueued', { count: 0 }))
    const started = await start.mutateAsync({ packId })
    setActiveId(started.id)
  }

  const running = activeId !== null || start.isPending
  const report = finished?.report
  const failures = report?.rows.filter((row) => !row.ok) ?? []
  return (
    <section className="card section-card pack-test" aria-labelledby="pack-test-heading">
      <div className="page__header--row">
        <h2 id="pack-test-heading">{t('authoring.testTitle')}</h2>
        <button type="button" className="btn btn--primary" onClick={() => void run()} disabled={running}>
          {running ? t('authoring.testing') : t('authoring.testButton')}
        </button>
      </div>
      <p className="muted small">{t('authoring.testHint')}</p>
      {start.isError && <ErrorNotice error={start.error} />}
      {state && (
        <p className="live" aria-live="polite">
          <span className="spinner spinner--inline" aria-hidden="true" /> {state}
        </p>
      )}
      {rows.length > 0 && (
        <TableWrap>
          <table className="table pack-test__table">
            <thead>
              <tr>
                {[
                  'challenge',
                  'solution',
                  'verdict',
                  'expected',
                  'ratio / speedup',
                  'rounds',
                  'spread',
                  '',
                ].map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((each) => (
                <tr key={key(each.challenge, each.solution)} className={`pack-test__row--${each.state}`}>
                  <td>{each.challenge}</td>
                  <td>
                    <code>{each.solution}</code>
                  </td>
                  <td>
                    {each.row ? (
                      <span
                        className={`verdict-text verdict-text--${each.row.status === 'Accepted' ? 'ok' : 'bad'}`}
                      >
                        {each.row.status}
                      </span>
                    ) : each.state === 'running' ? (
                      t('authoring.testGradingShort')
                    ) : (
                      '…'
                    )}
                  </td>
                  <td>{each.expect === 'NotAccepted' ? 'not Accepted' : each.expect}</td>
                  <td>{each.row ? ratioCell(each.row) : ''}</td>
                  <td>{each.row?.rounds ?? ''}</td>
                  <td>{each.row?.spread === undefined ? '' : `±${(each.row.spread * 100).toFixed(1)}%`}</td>
                  <td>
                    {each.row &&
                      (each.row.ok ? (
                        <span className="badge badge--ok">ok</span>
                      ) : (
                        <span className="badge badge--bad">FAIL</span>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {finished?.status === 'failed' && (
        <div className="notice notice--error" role="alert">
          {t('authoring.testFailedToRun', { error: finished.error ?? '' })}
        </div>
      )}
      {report && (
        <div className={`notice ${report.ok ? 'notice--info' : 'notice--error'}`} role="status">
          <strong data-testid="pack-test-summary">
            {report.ok
              ? t('authoring.testOk', { count: report.rows.length })
              : t('authoring.testFail', { count: failures.length + report.typeProblems.length })}
          </strong>
          {(failures.length > 0 || report.typeProblems.length > 0) && (
            <>
              <ProblemList problems={report.typeProblems} />
              <ul className="problem-list">
                {failures.map((row) => (
                  <li key={key(row.challenge, row.solution)} className="problem problem--error">
                    <code>{row.file}</code>: {row.reason ?? row.status}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {finished?.text && (
        <details className="pack-test__cli">
          <summary>{t('authoring.testAsCli')}</summary>
          <ScrollablePre className="code-block">{finished.text}</ScrollablePre>
        </details>
      )}
    </section>
  )
}

/** As the CLI: the reference against itself, or how much faster the reference is than the baseline. */
function ratioCell(row: PackTestRow): string {
  if (row.ratio === undefined) return ''
  if (row.solution === 'baseline')
    return `${formatRatio(row.ratio)}× (ref ${formatRatio(1 / row.ratio)}× faster)`
  return `${formatRatio(row.ratio)}×`
}
