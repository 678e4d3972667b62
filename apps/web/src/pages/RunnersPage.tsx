import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useTRPC } from '../api/trpc.ts'
import type { RouterOutputs } from '../api/types.ts'
import { formatRelative } from '../lib/format.ts'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

type Fleet = RouterOutputs['fleet']['overview']
type RunnerRow = Fleet['runners'][number]

/** Admins: every runner heard from (class, host, jobs done, busy or idle, last seen) and each job class's queue. */
export default function RunnersPage() {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  // Runners beat every few seconds: keep the page as fresh as they are.
  const fleet = useQuery({ ...trpc.fleet.overview.queryOptions(), refetchInterval: 3000 })
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('runners.title')}</h1>
        <p className="muted">{fleet.data ? t(`runners.queue.${fleet.data.queue}`) : t('runners.subtitle')}</p>
      </header>
      {fleet.isPending && <Spinner />}
      {fleet.isError && <ErrorNotice error={fleet.error} onRetry={() => void fleet.refetch()} />}
      {fleet.data && (
        <>
          <section className="card section-card" aria-labelledby="classes-heading">
            <h2 id="classes-heading">{t('runners.classesTitle')}</h2>
            <TableWrap label={t('runners.classesTitle')}>
              <table className="table" data-testid="runner-classes">
                <thead>
                  <tr>
                    <th scope="col">{t('runners.jobClass')}</th>
                    <th scope="col">{t('runners.queued')}</th>
                    <th scope="col">{t('runners.running')}</th>
                    <th scope="col">{t('runners.failed')}</th>
                    <th scope="col">{t('runners.online')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fleet.data.classes.map((each) => (
                    <tr key={each.jobClass}>
                      <td>
                        <code>{each.jobClass}</code>
                      </td>
                      <td>{each.queued}</td>
                      <td>{each.running}</td>
                      <td>{each.failed}</td>
                      <td>
                        {each.runnersOnline === 0 && each.queued > 0 ? (
                          <span className="badge badge--warn">{t('runners.noneOnline')}</span>
                        ) : (
                          each.runnersOnline
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
          <section className="card section-card" aria-labelledby="runners-heading">
            <h2 id="runners-heading">{t('runners.runnersTitle')}</h2>
            {fleet.data.runners.length === 0 ? (
              <EmptyState title={t('runners.none')} hint={t('runners.noneHint')} />
            ) : (
              <TableWrap label={t('runners.runnersTitle')}>
                <table className="table" data-testid="runner-list">
                  <thead>
                    <tr>
                      <th scope="col">{t('runners.name')}</th>
                      <th scope="col">{t('runners.class')}</th>
                      <th scope="col">{t('runners.host')}</th>
                      <th scope="col">{t('runners.state')}</th>
                      <th scope="col">{t('runners.currentJob')}</th>
                      <th scope="col">{t('runners.jobsDone')}</th>
                      <th scope="col">{t('runners.lastSeen')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {fleet.data.runners.map((runner) => (
                      <tr key={runner.id} data-online={runner.online}>
                        <td title={runner.id}>{runner.name}</td>
                        <td>
                          <code>{runner.runnerClass}</code>
                        </td>
                        <td>
                          {runner.host} <span className="muted small">pid {runner.pid}</span>
                        </td>
                        <td>
                          <span className={`badge ${stateBadge(runner)}`}>{t(stateKey(runner))}</span>
                        </td>
                        <td>{runner.currentJob ?? '—'}</td>
                        <td>{runner.jobsDone}</td>
                        <td title={new Date(runner.lastSeenAt).toLocaleString(i18n.language)}>
                          {formatRelative(runner.lastSeenAt, i18n.language)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </section>
        </>
      )}
    </div>
  )
}

function stateKey(runner: RunnerRow): 'runners.busy' | 'runners.idle' | 'runners.offline' {
  if (!runner.online) return 'runners.offline'
  return runner.busy ? 'runners.busy' : 'runners.idle'
}

function stateBadge(runner: RunnerRow): string {
  if (!runner.online) return 'badge--bad'
  return runner.busy ? 'badge--warn' : 'badge--ok'
}
