import { type KeyboardEvent, type PointerEvent, useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

const STORAGE_KEY = 'arena.resultsShare'
const DEFAULT_SHARE = 46
const MIN_SHARE = 15
const MAX_SHARE = 85
const KEY_STEP = 5

function clampShare(share: number): number {
  return Math.round(Math.min(MAX_SHARE, Math.max(MIN_SHARE, share)))
}

function readShare(): number {
  try {
    const stored = Number(localStorage.getItem(STORAGE_KEY))
    return stored > 0 ? clampShare(stored) : DEFAULT_SHARE
  } catch {
    return DEFAULT_SHARE
  }
}

/**
 * How much of the code column the results take (percent), remembered across challenges: one scroll
 * area for the results, sized by the learner instead of two fixed boxes.
 */
export function useResultsShare() {
  const [share, setShare] = useState(readShare)
  useEffect(() => {
    try {
      localStorage.setItem(STORAGE_KEY, String(share))
    } catch {
      // Private windows may refuse storage: the size still holds for this page.
    }
  }, [share])
  return [share, useCallback((next: number) => setShare(clampShare(next)), [])] as const
}

/**
 * The bar between the editor and the results: drag it, or focus it and use the arrow keys (Home and
 * End for the extremes), as a window splitter in the WAI-ARIA practices.
 */
export function ResultsSplitter({ share, onShare }: { share: number; onShare: (share: number) => void }) {
  const { t } = useTranslation()
  const dragging = useRef<{ top: number; height: number } | null>(null)

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    const column = event.currentTarget.parentElement?.getBoundingClientRect()
    if (!column) return
    dragging.current = { top: column.top, height: column.height }
    event.currentTarget.setPointerCapture(event.pointerId)
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const column = dragging.current
    if (!column || column.height === 0) return
    onShare(((column.top + column.height - event.clientY) / column.height) * 100)
  }
  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    dragging.current = null
    event.currentTarget.releasePointerCapture(event.pointerId)
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const next =
      event.key === 'ArrowUp'
        ? share + KEY_STEP
        : event.key === 'ArrowDown'
          ? share - KEY_STEP
          : event.key === 'Home'
            ? MAX_SHARE
            : event.key === 'End'
              ? MIN_SHARE
              : undefined
    if (next === undefined) return
    event.preventDefault()
    onShare(next)
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable window splitter has no native element (<hr> takes no focus).
    <div
      className="results-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('results.splitter')}
      aria-valuemin={MIN_SHARE}
      aria-valuemax={MAX_SHARE}
      aria-valuenow={share}
      tabIndex={0}
      data-testid="results-splitter"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    />
  )
}
