import { useQuery } from '@tanstack/react-query'
import { type CSSProperties, lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router'
import { errorMessage } from '../api/errors.ts'
import { useTRPC } from '../api/trpc.ts'
import type { Challenge } from '../api/types.ts'
import { HintsPanel } from '../challenge/HintsPanel.tsx'
import { CompileStatus, LocalRunPanel } from '../challenge/LocalRunPanel.tsx'
import { ResultsPanel } from '../challenge/ResultsPanel.tsx'
import { ResultsSplitter, useResultsShare } from '../challenge/ResultsSplitter.tsx'
import { Statement } from '../challenge/Statement.tsx'
import { type DraftStatus, useDraft } from '../challenge/useDraft.ts'
import { useLocalRun } from '../challenge/useLocalRun.ts'
import { usePreviousSubmission } from '../challenge/usePreviousSubmission.ts'
import { type RunMode, useSubmissionRun } from '../challenge/useSubmissionRun.ts'
import type { EditorHandle, TypeProblem } from '../editor/EditorHandle.ts'
import { GameToast } from '../game/GameToast.tsx'
import { useMe } from '../layout/useMe.ts'
import { formatPercent } from '../lib/format.ts'
import { isLocalRunShortcut, isRunShortcut, isSaveShortcut, isSubmitShortcut } from '../lib/keyboard.ts'
import { localized } from '../lib/localized.ts'
import { DifficultyBadge } from '../ui/Badges.tsx'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx'
import { useShortcutText } from '../ui/Kbd.tsx'
import { LoadError } from '../ui/LoadError.tsx'
import { Spinner } from '../ui/Spinner.tsx'

/** Hot lines the editor marks: at most this many, each at least this share of the time. */
const EDITOR_HOT_LINES = 5
const EDITOR_HOT_SHARE = 0.01

const CodeEditor = lazy(() => import('../editor/CodeEditor.tsx'))

export default function ChallengePage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const { pack = '', slug = '' } = useParams()
  const id = `${pack}/${slug}`
  const challenge = useQuery(trpc.challenge.get.queryOptions({ id }))

  if (challenge.isPending) return <Spinner />
  if (challenge.isError) {
    return (
      <LoadError
        error={challenge.error}
        kind="challenge"
        id={id}
        back={{ to: '/', label: t('challenge.backToCourse') }}
        onRetry={() => void challenge.refetch()}
      />
    )
  }
  return <Workspace key={id} challenge={challenge.data} />
}

function Workspace({ challenge }: { challenge: Challenge }) {
  const { t, i18n } = useTranslation()
  // A visitor without an account reads the challenge and runs it locally; grading asks for an account.
  const me = useMe()
  const signedIn = Boolean(me.data)
  const location = useLocation()
  const backHere = encodeURIComponent(location.pathname)
  const signUpHere = `/signup?next=${backHere}`
  const draft = useDraft(challenge.id, challenge.starter, signedIn)
  const run = useSubmissionRun(challenge.id)
  const modelPath = `file:///${challenge.id}/solution.ts`
  const local = useLocalRun(challenge, modelPath)
  const localKeys = useShortcutText(['Alt', 'Enter'])
  const previous = usePreviousSubmission(challenge.id, signedIn)
  const editor = useRef<EditorHandle | null>(null)
  const source = useRef<string | undefined>(undefined)
  const [resultsShare, setResultsShare] = useResultsShare()
  const [typeProblems, setTypeProblems] = useState<readonly TypeProblem[]>([])
  const [wgslProblems, setWgslProblems] = useState<readonly TypeProblem[]>([])
  const onWgslProblems = useCallback(
    (problems: TypeProblem[] | undefined) => setWgslProblems(problems ?? []),
    [],
  )
  // A result stays on the page after the code changes; it is marked as being for older code.
  const serverRanSource = (run.active ? run.submission : previous)?.source
  const localRanSource = local.state.phase === 'idle' ? undefined : local.state.source
  const ranSources = useRef({ server: serverRanSource, local: localRanSource })
  ranSources.current = { server: serverRanSource, local: localRanSource }
  const [outdated, setOutdated] = useState({ server: false, local: false })
  const checkOutdated = useCallback((text: string | undefined, ran: typeof ranSources.current) => {
    const { server, local } = ran
    const differs = (ran: string | undefined) => ran !== undefined && text !== undefined && ran !== text
    const next = { server: differs(server), local: differs(local) }
    setOutdated((now) => (now.server === next.server && now.local === next.local ? now : next))
  }, [])
  const runKeys = useShortcutText(['Enter'])
  const submitKeys = useShortcutText(['Shift', 'Enter'])
  const busy = run.starting || (run.active !== null && run.submission?.status !== 'done')
  const title = localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)

  const onChange = useCallback(
    (value: string) => {
      source.current = value
      draft.onChange(value)
      local.compile.onSource(value)
      checkOutdated(value, ranSources.current)
    },
    [draft.onChange, local.compile.onSource, checkOutdated],
  )
  useEffect(() => {
    checkOutdated(editor.current?.getValue() ?? source.current ?? draft.initial?.source, {
      server: serverRanSource,
      local: localRanSource,
    })
  }, [serverRanSource, localRanSource, draft.initial, checkOutdated])

  const start = useCallback(
    (mode: RunMode) => {
      if (busy || !signedIn) return
      const code = editor.current?.getValue() ?? source.current ?? draft.initial?.source
      if (code === undefined) return
      editor.current?.clearProblems()
      void draft.flush()
      run.start(mode, code).catch(() => undefined)
    },
    [busy, signedIn, draft.flush, draft.initial, run.start],
  )

  const runLocal = useCallback(() => {
    const code = editor.current?.getValue() ?? source.current ?? draft.initial?.source
    if (code !== undefined) void local.run(code)
  }, [local.run, draft.initial])

  // Shortcuts when focus is outside the editor (inside, the editor's own commands handle them).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented) return
      if (isLocalRunShortcut(event)) {
        event.preventDefault()
        runLocal()
      } else if (isSubmitShortcut(event)) {
        event.preventDefault()
        start('full')
      } else if (isRunShortcut(event)) {
        event.preventDefault()
        start('samples')
      } else if (isSaveShortcut(event)) {
        event.preventDefault()
        void draft.flush()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [start, draft.flush, runLocal])

  const goToLine = useCallback((line: number, column: number, message: string) => {
    editor.current?.revealProblem(line, column, message)
  }, [])
  const showLine = useCallback((line: number) => editor.current?.goTo(line, 1), [])

  // Where the shown submission's time went, marked on the editor's lines (issue 18.1).
  const [editorReady, setEditorReady] = useState(false)
  const shownResult = run.active ? run.submission : previous
  const hotLines =
    shownResult?.status === 'done' && shownResult.profile?.submission.ok
      ? shownResult.profile.submission.profile.hotLines
      : undefined
  useEffect(() => {
    if (!editorReady) return
    // The few lines that matter: a list of ten, down to 0%, would bury the code in hints.
    editor.current?.markHotLines(
      (hotLines ?? [])
        .filter((hot) => hot.share >= EDITOR_HOT_SHARE)
        .slice(0, EDITOR_HOT_LINES)
        .map((hot) => ({
          line: hot.line,
          label: t('timeProfile.editorHint', { share: formatPercent(hot.share) }),
        })),
    )
  }, [hotLines, editorReady, t])

  // Undoable too (Ctrl+Z): the reset is an edit of the editor's.
  const { confirm, dialog } = useConfirm()
  async function resetToStarter() {
    const confirmed = await confirm({
      title: t('challenge.resetConfirm'),
      confirmLabel: t('challenge.resetStarter'),
      danger: true,
    })
    if (confirmed) editor.current?.setValue(challenge.starter)
  }

  const gradedFull =
    run.active?.mode === 'full' && run.submission?.status === 'done' ? run.active.id : undefined
  return (
    <div className="workspace">
      {dialog}
      <div className="workspace__bar">
        <nav className="breadcrumbs" aria-label="breadcrumb">
          <Link to="/">{t('challenge.breadcrumbCourse')}</Link>
          <span aria-hidden="true">›</span>
          <span>{t(`topics.${challenge.topic}`)}</span>
        </nav>
        <h1 className="workspace__title">{title}</h1>
        <DifficultyBadge difficulty={challenge.difficulty} />
        <span className="xp">{t('course.xp', { xp: challenge.xp })}</span>
        <nav className="tabs" aria-label={t('challenge.statement')}>
          <span className="tabs__tab" aria-current="page">
            {t('challenge.statement')}
          </span>
          {signedIn && (
            <>
              <Link className="tabs__tab" to={`/c/${challenge.id}/history`}>
                {t('challenge.history')}
              </Link>
              <Link className="tabs__tab" to={`/c/${challenge.id}/solutions`}>
                {t('solutions.tab')}
              </Link>
              <Link className="tabs__tab" to={`/c/${challenge.id}/discuss`}>
                {t('discussion.tab')}
              </Link>
            </>
          )}
        </nav>
      </div>
      <div className="workspace__split">
        <div className="workspace__statement">
          <Statement challenge={challenge} />
          {signedIn && <HintsPanel challengeId={challenge.id} />}
        </div>
        <div className="workspace__code" style={{ '--results-share': `${resultsShare}%` } as CSSProperties}>
          <div className="editor-toolbar">
            <DraftIndicator
              status={draft.status}
              error={draft.error}
              restored={draft.initial?.from === 'local'}
            />
            <div className="editor-toolbar__actions">
              <button
                type="button"
                className="btn btn--ghost btn--small btn--on-dark"
                onClick={() => void resetToStarter()}
              >
                {t('challenge.resetStarter')}
              </button>
              <button
                type="button"
                className="btn btn--ghost btn--on-dark"
                onClick={runLocal}
                disabled={!draft.initial || !local.support.ok || local.state.phase === 'running'}
                title={
                  local.support.ok
                    ? t('local.runTitle', { shortcut: localKeys })
                    : t(`local.unsupported.${local.support.reason}`, { engine: local.support.engine })
                }
                data-testid="run-local"
              >
                {t('local.run')}
              </button>
              {signedIn ? (
                <>
                  <button
                    type="button"
                    className="btn btn--secondary"
                    onClick={() => start('samples')}
                    disabled={busy || !draft.initial}
                    title={t('challenge.runTitle', { shortcut: runKeys })}
                    data-testid="run"
                  >
                    {t('challenge.run')} <kbd className="btn__kbd">{runKeys}</kbd>
                  </button>
                  <button
                    type="button"
                    className="btn btn--primary"
                    onClick={() => start('full')}
                    disabled={busy || !draft.initial}
                    title={t('challenge.submitTitle', { shortcut: submitKeys })}
                    data-testid="submit"
                  >
                    {t('challenge.submit')} <kbd className="btn__kbd">{submitKeys}</kbd>
                  </button>
                </>
              ) : (
                <Link className="btn btn--primary" to={signUpHere} data-testid="visitor-sign-up">
                  {t('visitor.signUpToSubmit')}
                </Link>
              )}
            </div>
          </div>
          <div className="editor-area" data-testid="editor-area" data-challenge={challenge.id}>
            <CompileStatus
              compiling={local.compile.compiling}
              count={local.compile.count}
              chars={local.compile.chars}
              result={local.compile.result}
              typeProblems={typeProblems}
              wgslProblems={wgslProblems}
              onGoTo={(line, column) => editor.current?.goTo(line, column)}
            />
            <ErrorBoundary>
              {draft.initial ? (
                <Suspense fallback={<div className="editor-loading">{t('challenge.editorLoading')}</div>}>
                  <CodeEditor
                    modelPath={modelPath}
                    libPath={`file:///arena/${challenge.id}.d.ts`}
                    dts={challenge.dts}
                    defaultValue={draft.initial.source}
                    ariaLabel={t('challenge.editorLabel')}
                    loadingLabel={t('challenge.editorLoading')}
                    onChange={onChange}
                    onReady={(handle) => {
                      editor.current = handle
                      setEditorReady(true)
                    }}
                    onRun={() => start('samples')}
                    onSubmit={() => start('full')}
                    onSave={() => void draft.flush()}
                    onTypeProblems={setTypeProblems}
                    checkWgsl={challenge.engines.includes('gpu')}
                    onWgslProblems={onWgslProblems}
                  />
                </Suspense>
              ) : (
                <div className="editor-loading">{t('challenge.editorLoading')}</div>
              )}
            </ErrorBoundary>
          </div>
          <ResultsSplitter share={resultsShare} onShare={setResultsShare} />
          <div className="results-stack">
            <LocalRunPanel
              state={local.state}
              outdated={outdated.local}
              engines={challenge.engines}
              onStop={local.stop}
              onGoToLine={goToLine}
            />
            <GameToast submissionId={gradedFull} />
            {signedIn ? (
              <ResultsPanel
                run={run}
                previous={previous}
                outdated={outdated.server}
                onGoToLine={goToLine}
                onShowLine={showLine}
              />
            ) : (
              <VisitorResults next={backHere} />
            )}
          </div>
        </div>
      </div>
    </div>
  )
}

function DraftIndicator({
  status,
  error,
  restored,
}: {
  status: DraftStatus
  error: unknown
  restored: boolean
}) {
  const { t } = useTranslation()
  const text =
    status === 'saved'
      ? restored
        ? t('draft.restoredLocal')
        : t('draft.saved')
      : error
        ? t('draft.failed', { message: errorMessage(error, t) })
        : t(`draft.${status}`)
  return (
    <span
      className={`draft-status draft-status--${status}`}
      role="status"
      data-testid="draft-status"
      title={text}
    >
      <span className="draft-status__dot" aria-hidden="true" />
      {text}
    </span>
  )
}

/** Where a learner's results would be: what an account adds, and the way to one. */
function VisitorResults({ next }: { next: string }) {
  const { t } = useTranslation()
  return (
    <section className="results" aria-labelledby="results-title">
      <h2 id="results-title" className="results__title">
        {t('results.title')}
      </h2>
      <div className="results__body">
        <EmptyState
          title={t('visitor.resultsTitle')}
          hint={t('visitor.resultsHint')}
          action={
            <span className="visitor-actions">
              <Link className="btn btn--primary" to={`/signup?next=${next}`}>
                {t('visitor.signUp')}
              </Link>
              <Link className="btn" to={`/login?next=${next}`}>
                {t('visitor.logIn')}
              </Link>
            </span>
          }
        />
      </div>
    </section>
  )
}
