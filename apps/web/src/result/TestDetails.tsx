import { useTranslation } from 'react-i18next'
import type { SubmissionTest } from '../api/types.ts'
import { ScrollablePre } from '../ui/ScrollablePre.tsx'
import { pickLearnerText } from './learnerText.ts'

/**
 * What a learner needs to fix a failing test: its input, what was expected, what came out, the console.
 * A hidden or generated test shows its verdict, error type and line only, and says why.
 */
export function FailingTest({
  test,
  repeatsMessage,
}: {
  test: SubmissionTest
  repeatsMessage?: string | null
}) {
  const { t, i18n } = useTranslation()
  // The headline above repeats a sample's message in the same language (checked on the English text).
  const message = pickLearnerText(test.message, test.messageKo, i18n.resolvedLanguage)
  const input = pickLearnerText(test.input, test.inputKo, i18n.resolvedLanguage)
  return (
    <div className="failing-test" data-testid="failing-test">
      <h3>{t('results.failingTest', { name: test.name })}</h3>
      {message && !(test.message && repeatsMessage?.includes(test.message)) && (
        <p className="failing-test__message" data-testid="failing-test-message">
          {message}
        </p>
      )}
      <div className="io-grid">
        {input !== undefined && <IoBlock title={t('results.input')} text={input} />}
        {test.expected !== undefined && (
          <IoBlock title={t('results.expected')} text={test.expected} tone="ok" />
        )}
        {test.actual !== undefined && <IoBlock title={t('results.actual')} text={test.actual} tone="bad" />}
      </div>
      {test.kind !== 'sample' && (
        <p className="failing-test__hidden-note" data-testid="hidden-detail-note">
          {t('results.hiddenDetail')}
        </p>
      )}
      {test.kind === 'sample' && (
        <IoBlock
          title={t('results.console')}
          text={test.output ? test.output : t('results.noConsole')}
          muted={!test.output}
        />
      )}
    </div>
  )
}

function IoBlock({
  title,
  text,
  tone,
  muted,
}: {
  title: string
  text: string
  tone?: 'ok' | 'bad'
  muted?: boolean
}) {
  return (
    <div className={`io${tone ? ` io--${tone}` : ''}`}>
      <div className="io__title">{title}</div>
      <ScrollablePre className={muted ? 'io__body io__body--muted' : 'io__body'}>{text}</ScrollablePre>
    </div>
  )
}

/** One chip per test: green when it passed; sample tests expand to their console output. */
export function TestChips({ tests }: { tests: SubmissionTest[] }) {
  const { t } = useTranslation()
  const passed = tests.filter((test) => test.status === 'Accepted').length
  return (
    <div className="test-chips">
      <span className="test-chips__summary">
        {t('results.tests')}: {passed} / {tests.length}
      </span>
      <ul className="test-chips__list">
        {tests.map((test) => (
          <li
            key={`${test.kind}-${test.name}`}
            className={`chip ${test.status === 'Accepted' ? 'chip--ok' : 'chip--bad'}`}
            title={`${test.name} (${t(`results.kind.${test.kind}`)}): ${t(`verdict.${test.status}`)}`}
          >
            <span aria-hidden="true">{test.status === 'Accepted' ? '✓' : '✕'}</span> {test.name}
          </li>
        ))}
      </ul>
    </div>
  )
}
