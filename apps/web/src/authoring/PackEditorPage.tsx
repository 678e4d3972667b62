import './authoring.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useTRPC, useTRPCClient } from '../api/trpc.ts'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { LoadError } from '../ui/LoadError.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { useLeaveGuard } from '../ui/useLeaveGuard.tsx'
import { MetadataForm } from './MetadataForm.tsx'
import { PackTestPanel } from './PackTestPanel.tsx'
import { ProblemList } from './ProblemList.tsx'
import { PublishPanel } from './PublishPanel.tsx'
import { DOCUMENT_FILES, StatementEditor } from './StatementEditor.tsx'
import type { PackDraft, PackFiles } from './types.ts'
import { exportUrl } from './uploadPack.ts'

const FileEditor = lazy(() => import('./FileEditor.tsx'))

/** What the editor shows: a challenge's form or statement, or any file by its path. */
type Tab =
  | { kind: 'metadata'; slug: string }
  | { kind: 'statement'; slug: string }
  | { kind: 'editorial'; slug: string }
  | { kind: 'file'; path: string }

const SOLUTION_FILES = ['starter.ts', 'baseline.ts', 'reference.ts', 'tests.ts'] as const

/** One pack in the browser: files, metadata form, statement with preview, test, publish, versions. */
export default function PackEditorPage() {
  const { packId = '' } = useParams()
  const { t } = useTranslation()
  const trpc = useTRPC()
  const trpcClient = useTRPCClient()
  const queryClient = useQueryClient()
  const draftQuery = useQuery(trpc.authoring.get.queryOptions({ packId }, { staleTime: 0 }))
  const [draft, setDraft] = useState<PackDraft | null>(null)
  const [files, setFiles] = useState<PackFiles>({})
  const [dirty, setDirty] = useState(false)
  const [tab, setTab] = useState<Tab | null>(null)
  const [newSlug, setNewSlug] = useState('')
  // Unsaved edits: closing the tab, reloading, or following a link asks first.
  const leaveDialog = useLeaveGuard(dirty, {
    title: t('authoring.leaveTitle'),
    body: t('authoring.leaveBody'),
    confirmLabel: t('authoring.leaveConfirm'),
    danger: true,
  })
  const { confirm, dialog: confirmDialog } = useConfirm()

  // Edits made since the last request to the server went out (null: a deleted file). An answer that
  // arrives while the author keeps typing must not undo them, nor be undone by them.
  const pending = useRef(new Map<string, string | null>())
  const adopt = useCallback(
    (view: PackDraft) => {
      // The query holds what the server answered last, so a later render does not bring back older files.
      queryClient.setQueryData(trpc.authoring.get.queryKey({ packId }), view)
      const merged = { ...view.files }
      for (const [path, text] of pending.current) {
        if (text === null) delete merged[path]
        else merged[path] = text
      }
      setDraft(view)
      setFiles(merged)
      setDirty(pending.current.size > 0)
    },
    [queryClient, trpc, packId],
  )
  // The first answer fills the editor; later ones come through `adopt` and `refresh`.
  useEffect(() => {
    if (draftQuery.data && !draft) adopt(draftQuery.data)
  }, [draftQuery.data, draft, adopt])
  useEffect(() => {
    if (!tab && draft?.challenges[0]) setTab({ kind: 'metadata', slug: draft.challenges[0].slug })
  }, [tab, draft])

  const save = useMutation(trpc.authoring.save.mutationOptions())
  const setConfig = useMutation(trpc.authoring.setChallengeConfig.mutationOptions({ onSuccess: adopt }))
  const addChallenge = useMutation(
    trpc.authoring.addChallenge.mutationOptions({
      onSuccess: (view) => {
        adopt(view)
        setTab({ kind: 'metadata', slug: newSlug })
        setNewSlug('')
      },
    }),
  )
  const saveNow = useCallback(async (): Promise<boolean> => {
    if (pending.current.size === 0) return true
    const sent = new Map(pending.current)
    pending.current.clear()
    try {
      // Only what was edited here: the server's copy of every other file stays as it is.
      adopt(await save.mutateAsync({ packId, changes: Object.fromEntries(sent) }))
      return true
    } catch {
      // Still unsaved: keep them pending (newer edits of the same file win).
      for (const [path, text] of sent) if (!pending.current.has(path)) pending.current.set(path, text)
      setDirty(true)
      return false
    }
  }, [save, packId, adopt])
  /**
   * After a test or a publish: the new state of the draft, keeping unsaved edits. Each refresh asks the
   * server anew (a query cache would hand a publish the answer of the test's refresh still in flight,
   * without the new version), and only the newest answer is adopted.
   */
  const refreshes = useRef(0)
  const refresh = useCallback(() => {
    const asked = ++refreshes.current
    void queryClient.invalidateQueries({ queryKey: trpc.authoring.mine.queryKey() })
    trpcClient.authoring.get.query({ packId }).then(
      (view) => {
        if (asked === refreshes.current) adopt(view)
      },
      () => void draftQuery.refetch(),
    )
  }, [queryClient, trpc, trpcClient, packId, adopt, draftQuery.refetch])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault()
        void saveNow()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [saveNow])

  const edit = (path: string, text: string) => {
    // Monaco reports setting a model's value as a change too: only a different text is an edit.
    if (files[path] === text) return
    pending.current.set(path, text)
    setFiles((current) => ({ ...current, [path]: text }))
    setDirty(true)
  }
  const remove = (path: string) => {
    pending.current.set(path, null)
    setFiles((current) => {
      const { [path]: _gone, ...rest } = current
      return rest
    })
    setDirty(true)
    setTab(null)
  }
  const slugs = draft?.challenges.map((challenge) => challenge.slug) ?? []
  const otherFiles = useMemo(
    () =>
      Object.keys(files)
        .filter((name) => !slugs.some((slug) => name.startsWith(`${slug}/`)))
        .sort(),
    [files, slugs],
  )

  if (draftQuery.isPending) return <Spinner />
  if (draftQuery.isError) {
    return (
      <LoadError
        error={draftQuery.error}
        kind="pack"
        id={packId}
        back={{ to: '/authoring', label: t('errors.missing.backToPacks') }}
        onRetry={() => void draftQuery.refetch()}
      />
    )
  }
  if (!draft) return <Spinner />

  const errors = draft.problems.filter((problem) => problem.severity === 'error')
  const test = draft.test
  const whyNot = dirty
    ? t('authoring.whyNot.unsaved')
    : errors.length > 0
      ? t('authoring.whyNot.problems')
      : !test
        ? t('authoring.whyNot.untested')
        : test.status === 'queued' || test.status === 'running'
          ? t('authoring.whyNot.testing')
          : !test.ok
            ? t('authoring.whyNot.failed')
            : null
  const openFile = (file: string) => {
    if (file in files) setTab({ kind: 'file', path: file })
    else if (`${file}/challenge.yaml` in files) setTab({ kind: 'file', path: `${file}/challenge.yaml` })
  }

  return (
    <div className="page page--wide authoring">
      <nav className="breadcrumbs" aria-label={t('authoring.title')}>
        <Link to="/authoring">{t('authoring.title')}</Link> / <span>{packId}</span>
      </nav>
      <header className="page__header page__header--row">
        <h1>{packId}</h1>
        <span className={`draft-status${dirty ? ' draft-status--unsaved' : ''}`} role="status">
          <span className="draft-status__dot" aria-hidden="true" />
          {save.isPending ? t('authoring.saving') : dirty ? t('authoring.unsaved') : t('authoring.saved')}
        </span>
        <div className="editor-toolbar__actions">
          <button type="button" className="btn btn--primary" onClick={() => void saveNow()} disabled={!dirty}>
            {t('authoring.save')}
          </button>
          <a className="btn" href={exportUrl(packId)} download>
            {t('authoring.exportDraft')}
          </a>
        </div>
      </header>
      {save.isError && <ErrorNotice error={save.error} />}
      {errors.length > 0 && (
        <div className="notice notice--error" role="alert">
          <strong>{t('authoring.problems', { count: errors.length })}</strong>
          <ProblemList problems={draft.problems} onOpen={openFile} />
        </div>
      )}

      <div className="authoring__layout">
        <nav className="authoring__files card" aria-label={t('authoring.files')}>
          {draft.challenges.map(({ slug }) => {
            const wrong = Object.keys(files)
              .filter((name) => name.startsWith(`${slug}/solutions/wrong/`))
              .sort()
            return (
              <div key={slug} className="file-group">
                <h3 className="file-group__title">{slug}</h3>
                <div role="tablist" aria-orientation="vertical" aria-label={slug} className="file-tabs">
                  <TabButton tab={{ kind: 'metadata', slug }} current={tab} onSelect={setTab}>
                    {t('authoring.metadata')}
                  </TabButton>
                  <TabButton tab={{ kind: 'statement', slug }} current={tab} onSelect={setTab}>
                    {t('authoring.statement')}
                  </TabButton>
                  <TabButton tab={{ kind: 'editorial', slug }} current={tab} onSelect={setTab}>
                    {t('authoring.editorial')}
                  </TabButton>
                  {SOLUTION_FILES.map((name) => (
                    <TabButton
                      key={name}
                      tab={{ kind: 'file', path: `${slug}/${name}` }}
                      current={tab}
                      onSelect={setTab}
                    >
                      {name}
                    </TabButton>
                  ))}
                  {wrong.map((path) => (
                    <TabButton key={path} tab={{ kind: 'file', path }} current={tab} onSelect={setTab}>
                      {path.slice(`${slug}/solutions/`.length)}
                    </TabButton>
                  ))}
                  <TabButton
                    tab={{ kind: 'file', path: `${slug}/challenge.yaml` }}
                    current={tab}
                    onSelect={setTab}
                  >
                    challenge.yaml
                  </TabButton>
                </div>
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => {
                    const name = window.prompt(t('authoring.wrongName'), 'off-by-one')
                    if (!name || !/^[a-z0-9-]+$/.test(name)) return
                    const path = `${slug}/solutions/wrong/${name}.ts`
                    edit(path, `// @expect WrongAnswer\n${files[`${slug}/starter.ts`] ?? ''}`)
                    setTab({ kind: 'file', path })
                  }}
                >
                  {t('authoring.addWrong')}
                </button>
              </div>
            )
          })}
          <div className="file-group">
            <h3 className="file-group__title">{t('authoring.packFiles')}</h3>
            <div
              role="tablist"
              aria-orientation="vertical"
              aria-label={t('authoring.packFiles')}
              className="file-tabs"
            >
              {otherFiles.map((path) => (
                <TabButton key={path} tab={{ kind: 'file', path }} current={tab} onSelect={setTab}>
                  {path}
                </TabButton>
              ))}
            </div>
          </div>
          <form
            className="file-group"
            onSubmit={(event) => {
              event.preventDefault()
              void saveNow().then((saved) => saved && addChallenge.mutate({ packId, slug: newSlug }))
            }}
          >
            <label className="field">
              <span>{t('authoring.newChallenge')}</span>
              <input
                value={newSlug}
                onChange={(event) => setNewSlug(event.target.value.toLowerCase())}
                pattern="[a-z0-9]+(-[a-z0-9]+)*"
                placeholder="top-k-stream"
                required
              />
            </label>
            <button type="submit" className="btn btn--small" disabled={addChallenge.isPending}>
              {t('authoring.addChallenge')}
            </button>
            {addChallenge.isError && <ErrorNotice error={addChallenge.error} />}
          </form>
        </nav>

        <section className="authoring__editor card" aria-label={t('authoring.editor')}>
          {tab?.kind === 'metadata' && (
            <MetadataTab
              slug={tab.slug}
              draft={draft}
              pending={setConfig.isPending}
              error={setConfig.error}
              onApply={(config) =>
                void saveNow().then((saved) => saved && setConfig.mutate({ packId, slug: tab.slug, config }))
              }
              onOpenYaml={() => setTab({ kind: 'file', path: `${tab.slug}/challenge.yaml` })}
            />
          )}
          {(tab?.kind === 'statement' || tab?.kind === 'editorial') && (
            <StatementEditor
              key={`${tab.kind} ${tab.slug}`}
              slug={tab.slug}
              document={tab.kind}
              english={files[`${tab.slug}/${DOCUMENT_FILES[tab.kind].en}`] ?? ''}
              korean={files[`${tab.slug}/${DOCUMENT_FILES[tab.kind].ko}`]}
              onChange={(file, text) => edit(`${tab.slug}/${file}`, text)}
            />
          )}
          {tab?.kind === 'file' && (
            <div className="file-pane">
              <div className="editor-toolbar">
                <code>{tab.path}</code>
                {tab.path.includes('/solutions/wrong/') && (
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    onClick={async () => {
                      const deleting = await confirm({
                        title: t('authoring.deleteFileTitle', { file: tab.path }),
                        body: t('authoring.deleteFileBody'),
                        confirmLabel: t('authoring.deleteFileConfirm'),
                        danger: true,
                      })
                      if (deleting) remove(tab.path)
                    }}
                  >
                    {t('authoring.deleteFile')}
                  </button>
                )}
              </div>
              <div className="file-pane__editor">
                <Suspense fallback={<div className="editor-loading">{t('authoring.loadingEditor')}</div>}>
                  <FileEditor
                    path={tab.path}
                    value={files[tab.path] ?? ''}
                    ariaLabel={t('authoring.fileEditor', { file: tab.path })}
                    loadingLabel={t('authoring.loadingEditor')}
                    onChange={(text) => edit(tab.path, text)}
                    onSave={() => void saveNow()}
                  />
                </Suspense>
              </div>
            </div>
          )}
        </section>
      </div>

      <PackTestPanel packId={packId} test={dirty ? null : test} beforeTest={saveNow} onFinished={refresh} />
      <PublishPanel draft={draft} canPublish={whyNot === null} whyNot={whyNot} onChanged={refresh} />
      {leaveDialog}
      {confirmDialog}
    </div>
  )
}

function sameTab(a: Tab | null, b: Tab): boolean {
  if (!a || a.kind !== b.kind) return false
  return a.kind === 'file' ? a.path === (b as { path: string }).path : a.slug === (b as { slug: string }).slug
}

function TabButton({
  tab,
  current,
  onSelect,
  children,
}: {
  tab: Tab
  current: Tab | null
  onSelect: (tab: Tab) => void
  children: React.ReactNode
}) {
  const selected = sameTab(current, tab)
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      className={`file-tab${selected ? ' file-tab--selected' : ''}`}
      onClick={() => onSelect(tab)}
    >
      {children}
    </button>
  )
}

function MetadataTab({
  slug,
  draft,
  pending,
  error,
  onApply,
  onOpenYaml,
}: {
  slug: string
  draft: PackDraft
  pending: boolean
  error: unknown
  onApply: (config: Record<string, unknown>) => void
  onOpenYaml: () => void
}) {
  const { t } = useTranslation()
  const config = draft.challenges.find((challenge) => challenge.slug === slug)?.config
  if (!config) {
    return (
      <div className="notice notice--error">
        {t('authoring.metadataBroken')}{' '}
        <button type="button" className="link-button" onClick={onOpenYaml}>
          {t('authoring.openYaml')}
        </button>
      </div>
    )
  }
  return <MetadataForm slug={slug} config={config} pending={pending} error={error} onApply={onApply} />
}
