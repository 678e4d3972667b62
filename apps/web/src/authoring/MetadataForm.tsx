import type { CaseSize } from '@arena/grader/result'
import { ENGINES, RUNNERS, TOPICS } from '@arena/packs/vocabulary'
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldIssues } from '../api/errors.ts'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { caseSizeText, parseCaseSizeText } from './caseSizeText.ts'

// The fields of challenge.yaml an author changes most. The server checks the whole object against
// challenge.yaml's own zod schema (the one `arena pack validate` uses) and writes it into the file,
// keeping its comments; fields this form does not show are kept as they are.

type Config = Record<string, unknown>

export interface MetadataFormProps {
  slug: string
  config: Config
  pending: boolean
  error: unknown
  onApply: (config: Config) => void
}

export function MetadataForm({ slug, config, pending, error, onApply }: MetadataFormProps) {
  const { t } = useTranslation()
  const [value, setValue] = useState<Config>(config)
  const { confirm, dialog } = useConfirm()
  const sizeHintId = useId()
  useEffect(() => setValue(config), [config])
  const issues = fieldIssues(error, t)
  const issueFor = (path: string) => issues.find((issue) => issue.path === path)?.message

  const get = (path: string): unknown =>
    path.split('.').reduce<unknown>((node, key) => (node as Config | undefined)?.[key], value)
  const set = (path: string, next: unknown) =>
    setValue((current) => {
      const keys = path.split('.')
      const copy: Config = structuredClone(current)
      let node = copy
      // A deep copy: walk it and change the leaf in place (arrays stay arrays).
      for (const key of keys.slice(0, -1)) {
        node[key] ??= {}
        node = node[key] as Config
      }
      const last = keys.at(-1) as string
      if (next === undefined || next === '') delete node[last]
      else node[last] = next
      return copy
    })

  const text = (path: string, label: string, options: { multiline?: boolean; required?: boolean } = {}) => (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is in one of the two branches
    <label className={`field${options.multiline ? ' field--wide' : ''}`}>
      <span>{label}</span>
      {options.multiline ? (
        <textarea
          value={String(get(path) ?? '')}
          rows={5}
          spellCheck={false}
          className="code-input"
          onChange={(event) => set(path, event.target.value)}
          aria-invalid={issueFor(path) ? true : undefined}
        />
      ) : (
        <input
          value={String(get(path) ?? '')}
          required={options.required}
          onChange={(event) => set(path, event.target.value)}
          aria-invalid={issueFor(path) ? true : undefined}
        />
      )}
      {issueFor(path) && <span className="field__error">{issueFor(path)}</span>}
    </label>
  )
  const number = (path: string, label: string) => (
    <label className="field field--number">
      <span>{label}</span>
      <input
        type="number"
        value={get(path) === undefined ? '' : String(get(path))}
        step="any"
        onChange={(event) => set(path, event.target.value === '' ? undefined : Number(event.target.value))}
        aria-invalid={issueFor(path) ? true : undefined}
      />
      {issueFor(path) && <span className="field__error">{issueFor(path)}</span>}
    </label>
  )
  const size = (path: string, label: string) => (
    <CaseSizeField
      label={label}
      value={get(path)}
      issue={issueFor(path)}
      describedBy={sizeHintId}
      onChange={(next) => set(path, next)}
    />
  )
  const choice = (
    path: string,
    label: string,
    options: readonly string[],
    names?: (option: string) => string,
  ) => (
    <label className="field">
      <span>{label}</span>
      <select value={String(get(path) ?? '')} onChange={(event) => set(path, event.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {names ? names(option) : option}
          </option>
        ))}
      </select>
      {issueFor(path) && <span className="field__error">{issueFor(path)}</span>}
    </label>
  )
  const checks = (path: string, label: string, options: readonly string[]) => {
    const chosen = (get(path) as string[] | undefined) ?? []
    return (
      <fieldset className="field choice-list">
        <legend>{label}</legend>
        {options.map((option) => (
          <label key={option} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(option)}
              onChange={(event) =>
                set(
                  path,
                  event.target.checked ? [...chosen, option] : chosen.filter((each) => each !== option),
                )
              }
            />{' '}
            {option}
          </label>
        ))}
        {issueFor(path) && <span className="field__error">{issueFor(path)}</span>}
      </fieldset>
    )
  }
  const cases = (get('perf.cases') as { name: string; size: unknown }[] | undefined) ?? []

  return (
    <form
      className="metadata-form"
      aria-label={t('authoring.metadataFor', { slug })}
      onSubmit={(event) => {
        event.preventDefault()
        onApply(value)
      }}
    >
      <div className="form-grid">
        {text('title', t('authoring.field.title'), { required: true })}
        {text('title_ko', t('authoring.field.titleKo'))}
        {choice('topic', t('authoring.field.topic'), TOPICS, (topic) => t(`topics.${topic as 'parallel'}`))}
        {choice('difficulty', t('authoring.field.difficulty'), ['easy', 'medium', 'hard'], (level) =>
          t(`difficulty.${level as 'easy'}`),
        )}
        {number('xp', t('authoring.field.xp'))}
        {text('entry', t('authoring.field.entry'))}
        {text('clock', t('authoring.field.clock'))}
        {choice('metric', t('authoring.field.metric'), ['time', 'memory'])}
        {checks('runners', t('authoring.field.runners'), RUNNERS)}
        {checks('engines', t('authoring.field.engines'), ENGINES)}
      </div>
      {text('signature', t('authoring.field.signature'), { multiline: true })}
      <h3>{t('authoring.field.limits')}</h3>
      <div className="form-grid">
        {number('limits.cpuMs', 'cpuMs')}
        {number('limits.wallMs', 'wallMs')}
        {number('limits.memoryMb', 'memoryMb')}
        {number('limits.resultMb', 'resultMb')}
        {number('limits.outputKb', 'outputKb')}
        {number('limits.workers', 'workers')}
        {number('limits.diskMb', 'diskMb')}
      </div>
      <h3>{t('authoring.field.perf')}</h3>
      <p id={sizeHintId} className="field__hint muted">
        {t('authoring.field.caseSizeHint')}
      </p>
      <div className="form-grid">
        {cases.map((_case, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a case is edited in place; its name may change
          <div key={index} className="perf-case">
            {text(`perf.cases.${index}.name`, t('authoring.field.caseName', { n: index + 1 }))}
            {size(`perf.cases.${index}.size`, t('authoring.field.caseSize', { n: index + 1 }))}
            <button
              type="button"
              className="btn btn--ghost btn--small"
              aria-label={t('authoring.field.removeCase', { n: index + 1 })}
              disabled={cases.length <= 1}
              onClick={() =>
                set(
                  'perf.cases',
                  cases.filter((_, i) => i !== index),
                )
              }
            >
              ✕
            </button>
            {issueFor(`perf.cases.${index}`) && (
              <span className="field__error">{issueFor(`perf.cases.${index}`)}</span>
            )}
          </div>
        ))}
        <button
          type="button"
          className="btn btn--small"
          // A new case takes the last one's size (its shape: plain or named parameters) to edit from.
          onClick={() =>
            set('perf.cases', [
              ...cases,
              { name: `case-${cases.length + 1}`, size: cases.at(-1)?.size ?? 1000 },
            ])
          }
        >
          {t('authoring.field.addCase')}
        </button>
      </div>
      <div className="form-grid">
        {size('perf.warmupSize', 'warmupSize')}
        {number('perf.minRounds', 'minRounds')}
        {number('perf.maxRounds', 'maxRounds')}
        {number('perf.targetSpread', 'targetSpread')}
        {number('perf.budgetMs', 'budgetMs')}
        {number('perf.minBaselineSpeedup', 'minBaselineSpeedup')}
      </div>
      {error !== null && error !== undefined && <ErrorNotice error={error} />}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={pending}>
          {t('authoring.applyMetadata')}
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          onClick={async () => {
            // Only edits are lost: an unchanged form resets without asking.
            const changed = JSON.stringify(value) !== JSON.stringify(config)
            const discard =
              !changed ||
              (await confirm({
                title: t('authoring.resetMetadataTitle'),
                body: t('authoring.resetMetadataBody'),
                confirmLabel: t('authoring.resetMetadataConfirm'),
                danger: true,
              }))
            if (discard) setValue(config)
          }}
        >
          {t('authoring.resetMetadata')}
        </button>
        {dialog}
      </div>
    </form>
  )
}

/**
 * A perf case's size as one text: `1000`, or named parameters `n=2000000, w=1000`. The text the author
 * types is kept as typed (a half-written `n=20, w` is not a size yet); the config gets the size it means.
 */
function CaseSizeField({
  label,
  value,
  issue,
  describedBy,
  onChange,
}: {
  label: string
  value: unknown
  issue: string | undefined
  /** The one note on how sizes are written, shown once above the cases. */
  describedBy: string
  onChange: (next: CaseSize | string | undefined) => void
}) {
  const [text, setText] = useState(() => caseSizeText(value))
  // A size changed from outside (a reloaded config, an added case) replaces the text; the author's own
  // typing, which already produced this value, does not.
  useEffect(() => {
    setText((current) =>
      caseSizeText(parseCaseSizeText(current)) === caseSizeText(value) ? current : caseSizeText(value),
    )
  }, [value])
  return (
    <label className="field">
      <span>{label}</span>
      <input
        value={text}
        inputMode="text"
        spellCheck={false}
        aria-describedby={describedBy}
        aria-invalid={issue ? true : undefined}
        onChange={(event) => {
          setText(event.target.value)
          onChange(parseCaseSizeText(event.target.value))
        }}
      />
      {issue && <span className="field__error">{issue}</span>}
    </label>
  )
}
