import { type ReactNode, useEffect, useRef } from 'react'
import { useBlocker } from 'react-router'
import { type ConfirmOptions, useConfirm } from './ConfirmDialog.tsx'

/**
 * While `unsaved`, leaving asks first: closing or reloading the tab gets the browser's own prompt
 * (beforeunload), and a link or Back inside the app gets our confirmation dialog. Render the returned
 * node once in the page.
 */
export function useLeaveGuard(unsaved: boolean, options: ConfirmOptions): ReactNode {
  useEffect(() => {
    if (!unsaved) return
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [unsaved])

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => unsaved && currentLocation.pathname !== nextLocation.pathname,
  )
  const { confirm, dialog } = useConfirm()
  const latest = useRef({ blocker, options, confirm })
  latest.current = { blocker, options, confirm }
  useEffect(() => {
    if (blocker.state !== 'blocked') return
    const { options, confirm } = latest.current
    void confirm(options).then((leave) => {
      const current = latest.current.blocker
      if (current.state !== 'blocked') return
      if (leave) current.proceed()
      else current.reset()
    })
  }, [blocker.state])
  return dialog
}
