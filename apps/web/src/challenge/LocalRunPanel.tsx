import { formatCaseSize } from '@arena/grader/result'
import { useTranslation } from 'react-i18next'
import type { TypeProblem } from '../editor/EditorHandle.ts'
import { readUnsupportedFault } from '../local/engineSupport.ts'
import type { LocalRunEvent, LocalTestResult } from '../local/protocol.ts'
import { pickLearnerText } from '../result/learnerText.ts'
import { OutdatedNote } from './OutdatedNote.tsx'
import '../local/localRun.css'
import { ScrollablePre } from '../ui/ScrollablePre.tsx'
import type { LocalRunState } from './useLocalRun.ts'

/** The result of a sample run on the learner's machine: labelled local and unofficial, never a verdict. */
export function LocalRunPanel({
  state,
  outdated,
  engines = [],
  onStop,
  onGoToLine,
}: {
  state: LocalRunState
  /** The editor's code differs from the code this run ran. */
  outdated: boolean
  /** The challenge's engines: the dataset engine's counters are wall times here, and the note says so. */
  engines?: readonly string[]
  onStop: () => void
  onGoToLine: (line: number, column: number, message: string) => void
}) {
  const { t } = useTranslation()
  if (state.phase === 'idle') return null
  return (
    <section
      className="local-run"
      aria-labelledby="local-run-title"
      data-testid="local-run"
      data-phase={state.phase}
      data-run={state.run}
    >
      <header className="local-run__head">
        <h2 id="local-run-title" className="local-run__title">
          {t('local.title')}
        </h2>
        <span className="badge badge--warn local-run__badge">{t('local.badge')}</span>
        {state.phase === 'running' && (
          <button type="button" className="btn btn--small" onClick={onStop} data-testid="local-stop">
            {t('local.stop')}
          </button>
        )}
      </header>
      <div className="local-run__body" aria-live="polite">
        {outdated && state.phase !== 'running' && <OutdatedNote />}
        {state.phase === 'compileError' ? (
          <p className="notice notice--error" data-testid="local-compile-error">
            {t('local.compileError', { message: state.compile.message })}
          </p>
        ) : (
          <RunBody state={state} engines={engines} onGoToLine={onGoToLine} />
        )}
      </div>
    </section>
  )
}

function RunBody({
  state,
  engines,
  onGoToLine,
}: {
  state: Extract<LocalRunState, { phase: 'running' | 'done' | 'fault' }>
  engines: readonly string[]
  onGoToLine: (line: number, column: number, message: string) => void
}) {
  const { t } = useTranslation()
  const finished = state.tests.filter((test) => test !== undefined)
  const passed = finished.filter((test) => test.status === 'Accepted').length
  const ownFault =
    state.fault === 'silent' || state.fault === 'stopped' || state.fault === 'crashed'
      ? state.fault
      : undefined
  // The driver found no WebGPU adapter for this challenge's engine: the same words as the Run button's.
  const unsupported = readUnsupportedFault(state.fault)
  const fault = ownFault
    ? t(`local.${ownFault}`)
    : unsupported
      ? t(`local.unsupported.${unsupported.reason}`, { engine: unsupported.engine })
      : state.fault
  return (
    <>
      {state.phase === 'running' && (
        <p className="local-run__status" role="status">
          {t('local.running', { done: finished.length, total: state.names.length || '…' })}
        </p>
      )}
      {state.phase === 'done' && (
        <p className="local-run__status" data-testid="local-summary">
          {t('local.passed', { passed, total: state.names.length })}
        </p>
      )}
      {fault && (
        <p className="notice notice--error" data-testid="local-fault">
          {ownFault || unsupported ? fault : t('local.fault', { message: fault })}
        </p>
      )}
      <ol className="local-run__tests">
        {state.names.map((name, index) => (
          <LocalTest
            key={name}
            name={name}
            result={state.tests[index]}
            running={state.runningIndex === index}
            onGoToLine={onGoToLine}
          />
        ))}
      </ol>
      {state.timing && <Timing timing={state.timing} />}
      <p className="local-run__note">
        {state.against === 'reference'
          ? t('local.referenceNote')
          : state.against === 'previous'
            ? t('local.ratioNote')
            : t('local.firstRun')}{' '}
        {t('local.note')}
        {state.isolated === false && <> {t('local.sharedProcess')}</>}
        {engines.includes('dataset') && (
          <span data-testid="local-dataset-note"> {t('local.datasetWallTimes')}</span>
        )}
      </p>
    </>
  )
}

/** The one timing that means something locally: both programs on an input of a perf case's size. */
function Timing({ timing }: { timing: Extract<LocalRunEvent, { type: 'timing' }> }) {
  const { t, i18n } = useTranslation()
  const size = formatCaseSize(timing.size, i18n.language)
  if (timing.phase === 'running') {
    return (
      <p className="local-run__timing" role="status">
        {t('local.timingRunning', {
          size,
          rounds: timing.rounds,
          what: t(`local.against.${timing.against}`),
        })}
      </p>
    )
  }
  if (timing.phase === 'skipped') {
    return <p className="local-run__timing">{t('local.timingSkipped', { size, reason: timing.reason })}</p>
  }
  const what = t(`local.against.${timing.against}`)
  return (
    <p className="local-run__timing" data-testid="local-timing" data-against={timing.against}>
      {t('local.timingDone', {
        size,
        rounds: timing.rounds,
        current: formatMs(timing.currentMs),
        compared: formatMs(timing.comparedMs),
        what,
      })}{' '}
      {timing.sameSpeed ? (
        <span className="local-test__ratio local-test__ratio--up" data-testid="local-same-speed">
          {t('local.sameSpeed', { what })}
        </span>
      ) : (
        <Ratio ratio={timing.ratio} what={what} />
      )}{' '}
      <span className="muted small" data-testid="local-interval">
        {t('local.timingInterval', { lo: timing.interval[0].toFixed(2), hi: timing.interval[1].toFixed(2) })}
      </span>
    </p>
  )
}

/** How many times faster (green) or slower than the compared program. */
function Ratio({ ratio, what }: { ratio: number; what: string }) {
  const { t } = useTranslation()
  return (
    <span className={`local-test__ratio ${ratio >= 1 ? 'local-test__ratio--up' : 'local-test__ratio--down'}`}>
      {ratio >= 1
        ? t('local.ratioFaster', { ratio: ratio.toFixed(2), what })
        : t('local.ratioSlower', { ratio: (1 / ratio).toFixed(2), what })}
    </span>
  )
}

function LocalTest({
  name,
  result,
  running,
  onGoToLine,
}: {
  name: string
  result: LocalTestResult | undefined
  running: boolean
  onGoToLine: (line: number, column: number, message: string) => void
}) {
  const { t, i18n } = useTranslation()
  // tests.ts's words in the learner's language, as on a server result.
  const message = pickLearnerText(result?.message, result?.messageKo, i18n.resolvedLanguage)
  const input = pickLearnerText(result?.input, result?.inputKo, i18n.resolvedLanguage)
  const ok = result?.status === 'Accepted'
  return (
    <li className="local-test" data-testid="local-test" data-name={name} data-status={result?.status ?? ''}>
      <div className="local-test__row">
        <span className={`chip ${result ? (ok ? 'chip--ok' : 'chip--bad') : ''}`}>
          <span aria-hidden="true">{result ? (ok ? '✓' : '✕') : running ? '…' : '·'}</span> {name}
        </span>
        <span className="local-test__status">
          {result ? t(`verdict.${result.status}`) : running ? t('local.runningOne') : t('local.waiting')}
        </span>
        {result?.ms !== undefined && (
          <span className="local-test__ms">{t('local.timeMs', { ms: formatMs(result.ms) })}</span>
        )}
        {result?.backend && (
          <span className="badge local-test__backend" data-testid="local-backend">
            {t('local.backend', { backend: result.backend })}
          </span>
        )}
        {/* No ratio per sample: one cold call of each program is noise (it read 9x for identical
            code). Only the timing below compares, over rounds with an interval, as the grader does. */}
      </div>
      {result && !ok && (
        <div className="local-test__detail">
          {message && <p className="failing-test__message">{message}</p>}
          {result.location && (
            <button
              type="button"
              className="btn btn--small"
              onClick={() => onGoToLine(result.location!.line, result.location!.column, result.message ?? '')}
            >
              {t('results.goToLine', result.location)}
            </button>
          )}
          <div className="io-grid">
            {input !== undefined && <Io title={t('results.input')} text={input} />}
            {result.expected !== undefined && (
              <Io title={t('results.expected')} text={result.expected} tone="ok" />
            )}
            {result.actual !== undefined && (
              <Io title={t('results.actual')} text={result.actual} tone="bad" />
            )}
          </div>
          {result.output && <Io title={t('results.console')} text={result.output} />}
        </div>
      )}
    </li>
  )
}

function Io({ title, text, tone }: { title: string; text: string; tone?: 'ok' | 'bad' }) {
  return (
    <div className={`io${tone ? ` io--${tone}` : ''}`}>
      <div className="io__title">{title}</div>
      <ScrollablePre className="io__body">{text}</ScrollablePre>
    </div>
  )
}

function formatMs(ms: number): string {
  if (ms < 0.1) return '<0.1'
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)
}

/** Whether the editor's text compiles, from the in-page compile (shown in the editor's toolbar). */
export function CompileStatus({
  compiling,
  count,
  chars,
  result,
  typeProblems,
  wgslProblems,
  onGoTo,
}: {
  compiling: boolean
  count: number
  chars: number
  result: { ok: boolean; ms: number; problems?: unknown[] } | undefined
  /** Monaco's type errors: the code still builds and runs (the grader does not typecheck), but says so. */
  typeProblems: readonly TypeProblem[]
  /** Kernels the browser's WebGPU would not compile: the program builds, but its GPU work fails. */
  wgslProblems: readonly TypeProblem[]
  onGoTo: (line: number, column: number) => void
}) {
  const { t } = useTranslation()
  if (!result) return compiling ? <span className="compile-status">{t('local.compiling')}</span> : null
  const errors = result.ok ? 0 : (result.problems?.length ?? 1)
  const first = typeProblems[0]
  const attributes = {
    'data-testid': 'compile-status',
    'data-ok': String(result.ok),
    'data-type-errors': typeProblems.length,
    'data-wgsl-errors': wgslProblems.length,
    'data-count': count,
    'data-chars': chars,
  }
  const firstWgsl = wgslProblems[0]
  if (result.ok && firstWgsl) {
    return (
      <button
        type="button"
        className="compile-status compile-status--bad compile-status--button"
        onClick={() => onGoTo(firstWgsl.line, firstWgsl.column)}
        title={t('local.wgslErrorsTitle', { line: firstWgsl.line, message: firstWgsl.message })}
        {...attributes}
      >
        <span aria-hidden="true">✕</span> {t('local.wgslErrors', { count: wgslProblems.length })}
      </button>
    )
  }
  if (result.ok && first) {
    return (
      <button
        type="button"
        className="compile-status compile-status--warn compile-status--button"
        onClick={() => onGoTo(first.line, first.column)}
        title={t('local.typeErrorsTitle', { line: first.line, message: first.message })}
        {...attributes}
      >
        <span aria-hidden="true">⚠</span> {t('local.buildsWithTypeErrors', { count: typeProblems.length })}
      </button>
    )
  }
  return (
    <span
      className={`compile-status ${result.ok ? 'compile-status--ok' : 'compile-status--bad'}`}
      role="status"
      {...attributes}
    >
      <span aria-hidden="true">{result.ok ? '✓' : '✕'}</span>{' '}
      {result.ok
        ? t('local.compiles', { ms: Math.round(result.ms) })
        : t('local.compileErrors', { count: errors })}
    </span>
  )
}
