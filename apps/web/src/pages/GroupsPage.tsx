import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'

export default function GroupsPage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const groups = useQuery(trpc.group.list.queryOptions())
  const [name, setName] = useState('')
  const [code, setCode] = useState('')
  const done = (data: { id: number }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.group.list.queryKey() })
    void navigate(`/groups/${data.id}`)
  }
  const create = useMutation(trpc.group.create.mutationOptions({ onSuccess: done }))
  const join = useMutation(trpc.group.join.mutationOptions({ onSuccess: done }))
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('groups.title')}</h1>
        <p className="muted">{t('groups.subtitle')}</p>
      </header>
      {groups.isPending && <Spinner />}
      {groups.isError && <ErrorNotice error={groups.error} onRetry={() => void groups.refetch()} />}
      {groups.data?.length === 0 && <EmptyState title={t('groups.none')} hint={t('groups.noneHint')} />}
      {groups.data && groups.data.length > 0 && (
        <ul className="group-list">
          {groups.data.map((group) => (
            <li key={group.id} className="card group-list__item">
              <Link to={`/groups/${group.id}`} className="group-list__name">
                {group.name}
              </Link>
              <span className="badge">{t(`groups.role.${group.role}`)}</span>
              <span className="muted small">{t('groups.members', { count: group.members })}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="profile__grid">
        <section className="card section-card" aria-labelledby="create-heading">
          <h2 id="create-heading">{t('groups.create')}</h2>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              create.mutate({ name })
            }}
          >
            <label className="field">
              <span>{t('groups.name')}</span>
              <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} />
            </label>
            <button type="submit" className="btn btn--primary" disabled={create.isPending}>
              {t('groups.createButton')}
            </button>
          </form>
          {create.isError && <ErrorNotice error={create.error} />}
        </section>
        <section className="card section-card" aria-labelledby="join-heading">
          <h2 id="join-heading">{t('groups.join')}</h2>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              join.mutate({ code })
            }}
          >
            <label className="field">
              <span>{t('groups.code')}</span>
              <input
                value={code}
                onChange={(event) => setCode(event.target.value)}
                required
                autoCapitalize="characters"
                spellCheck={false}
                name="invite-code"
              />
            </label>
            <button type="submit" className="btn btn--primary" disabled={join.isPending}>
              {t('groups.joinButton')}
            </button>
          </form>
          {join.isError && <ErrorNotice error={join.error} />}
        </section>
      </div>
    </div>
  )
}
