import { useTranslation } from 'react-i18next'
import type { Board } from '../api/types.ts'

/**
 * Which runner class a board shows: scores and ratings compare only within one class, so each class
 * with results has its own board. A native select: keyboard and screen-reader usable as it is.
 */
export function RunnerClassSelect({
  board,
  onChange,
}: {
  board: Pick<Board, 'runnerClass' | 'runnerClasses'>
  onChange: (runnerClass: string) => void
}) {
  const { t } = useTranslation()
  const classes = board.runnerClasses ?? []
  const shown = board.runnerClass
  // The board may show a class with no results yet (a GPU challenge before its first GPU result).
  const missing = shown !== null && !classes.some((each) => each.runnerClass === shown)
  if (shown === null || (classes.length === 0 && !missing)) return null
  return (
    <label className="field field--inline">
      <span>{t('board.runnerClass')}</span>
      <select value={shown} onChange={(event) => onChange(event.target.value)} data-testid="runner-class">
        {missing && <option value={shown}>{t('board.runnerClassNone', { runnerClass: shown })}</option>}
        {classes.map((each) => (
          <option key={each.runnerClass} value={each.runnerClass}>
            {t('board.runnerClassOption', { runnerClass: each.runnerClass, count: each.learners })}
          </option>
        ))}
      </select>
    </label>
  )
}
