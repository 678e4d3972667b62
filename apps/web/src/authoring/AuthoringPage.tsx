import './authoring.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import { useMe } from '../layout/useMe.ts'
import { formatDateTime } from '../lib/format.ts'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { ProblemList } from './ProblemList.tsx'
import { type UploadAnswer, uploadPackZip, zipFolder } from './uploadPack.ts'

/** The instructor's packs: create one, upload a zip or a folder, open one to edit. */
export default function AuthoringPage() {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const instructor = me.data?.role === 'instructor' || me.data?.role === 'admin'
  const packs = useQuery(trpc.authoring.mine.queryOptions(undefined, { enabled: instructor }))
  const [packId, setPackId] = useState('')
  const create = useMutation(
    trpc.authoring.create.mutationOptions({
      onSuccess: (created) => {
        void queryClient.invalidateQueries({ queryKey: trpc.authoring.mine.queryKey() })
        void navigate(`/authoring/${created.packId}`)
      },
    }),
  )
  const [upload, setUpload] = useState<UploadAnswer | { ok: 'sending' } | null>(null)
  const zipInput = useRef<HTMLInputElement>(null)
  const folderInput = useRef<HTMLInputElement>(null)

  async function send(zip: () => Promise<Blob | Uint8Array>) {
    setUpload({ ok: 'sending' })
    try {
      const answer = await uploadPackZip(await zip())
      setUpload(answer)
      if (answer.ok) {
        void queryClient.invalidateQueries({ queryKey: trpc.authoring.mine.queryKey() })
        void navigate(`/authoring/${answer.packId}`)
      }
    } catch (error) {
      setUpload({ ok: false, message: (error as Error).message, problems: [] })
    }
  }

  if (me.isPending) return <Spinner />
  if (!instructor) {
    return (
      <div className="page page--narrow">
        <EmptyState title={t('authoring.notInstructor')} hint={t('authoring.notInstructorHint')} />
      </div>
    )
  }
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('authoring.title')}</h1>
        <p className="muted">{t('authoring.subtitle')}</p>
      </header>
      {packs.isPending && <Spinner />}
      {packs.isError && <ErrorNotice error={packs.error} onRetry={() => void packs.refetch()} />}
      {packs.data?.length === 0 && <EmptyState title={t('authoring.none')} hint={t('authoring.noneHint')} />}
      {packs.data && packs.data.length > 0 && (
        <TableWrap className="card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('authoring.pack')}</th>
                <th scope="col">{t('authoring.visibility')}</th>
                <th scope="col">{t('authoring.currentVersion')}</th>
                <th scope="col">{t('authoring.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {packs.data.map((pack) => (
                <tr key={pack.packId}>
                  <th scope="row">
                    <Link to={`/authoring/${pack.packId}`}>{pack.packId}</Link>{' '}
                    <span className="muted small">{pack.title}</span>
                  </th>
                  <td>
                    <span className={`badge visibility visibility--${pack.visibility}`}>
                      {t(`authoring.visibilityOption.${pack.visibility}`)}
                    </span>{' '}
                    {pack.groupName && <span className="muted small">{pack.groupName}</span>}
                  </td>
                  <td>
                    {pack.currentVersion === null
                      ? t('authoring.unpublished')
                      : t('authoring.versionOf', { version: pack.currentVersion, count: pack.versions })}
                  </td>
                  <td className="muted small">{formatDateTime(pack.updatedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <div className="profile__grid">
        <section className="card section-card" aria-labelledby="new-pack-heading">
          <h2 id="new-pack-heading">{t('authoring.newPack')}</h2>
          <p className="muted small">{t('authoring.newPackHint')}</p>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              create.mutate({ packId })
            }}
          >
            <label className="field">
              <span>{t('authoring.packId')}</span>
              <input
                value={packId}
                onChange={(event) => setPackId(event.target.value.toLowerCase())}
                required
                maxLength={64}
                pattern="[a-z0-9]+(-[a-z0-9]+)*"
                placeholder="big-data-week-3"
              />
            </label>
            <button type="submit" className="btn btn--primary" disabled={create.isPending}>
              {t('authoring.create')}
            </button>
          </form>
          {create.isError && <ErrorNotice error={create.error} />}
        </section>
        <section className="card section-card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">{t('authoring.upload')}</h2>
          <p className="muted small">{t('authoring.uploadHint')}</p>
          <div className="inline-form">
            <button type="button" className="btn" onClick={() => zipInput.current?.click()}>
              {t('authoring.uploadZip')}
            </button>
            <button type="button" className="btn" onClick={() => folderInput.current?.click()}>
              {t('authoring.uploadFolder')}
            </button>
            <input
              ref={zipInput}
              type="file"
              accept=".zip,application/zip"
              className="visually-hidden"
              aria-label={t('authoring.uploadZip')}
              onChange={(event) => {
                const file = event.target.files?.[0]
                if (file) void send(async () => file)
                event.target.value = ''
              }}
            />
            <input
              ref={folderInput}
              type="file"
              className="visually-hidden"
              aria-label={t('authoring.uploadFolder')}
              {...{ webkitdirectory: '', directory: '' }}
              onChange={(event) => {
                const files = event.target.files
                if (files && files.length > 0) void send(() => zipFolder(files))
                event.target.value = ''
              }}
            />
          </div>
          {upload?.ok === 'sending' && <Spinner />}
          {upload?.ok === false && (
            <div className="notice notice--error" role="alert">
              <strong>{t('authoring.uploadRejected')}</strong>
              {upload.problems.length > 0 ? (
                <ProblemList problems={upload.problems} />
              ) : (
                <p>{upload.message}</p>
              )}
            </div>
          )}
        </section>
      </div>
    </div>
  )
}
