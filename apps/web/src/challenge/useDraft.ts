import { useMutation, useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { isNetworkError } from '../api/errors.ts'
import { useTRPC } from '../api/trpc.ts'
import { chooseInitialSource, readLocalDraft, writeLocalDraft } from './localDraft.ts'

export type DraftStatus = 'saved' | 'unsaved' | 'saving' | 'offline' | 'visitor'

const SAVE_DELAY_MS = 1000

/**
 * The learner's code for one challenge: opened from the newest copy, saved to the server a second
 * after typing stops, and kept in localStorage on every change so that nothing is lost offline. A
 * visitor without an account keeps it in this browser only (and it is there after signing up).
 */
export function useDraft(challengeId: string, starter: string | undefined, signedIn = true) {
  const trpc = useTRPC()
  const server = useQuery({
    ...trpc.draft.get.queryOptions({ challengeId }),
    enabled: signedIn,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  })
  const save = useMutation(trpc.draft.save.mutationOptions())
  const [status, setStatus] = useState<DraftStatus>('saved')
  // Why the last save failed, when the server said (e.g. the 64 KB limit); shown next to the status.
  const [error, setError] = useState<unknown>(null)
  const timer = useRef<number | undefined>(undefined)
  const pending = useRef<string | undefined>(undefined)

  // Decided once, when both the server's answer (or its failure) and the starter are in; later
  // refetches must not reset what the learner is typing.
  const [initial, setInitial] = useState<ReturnType<typeof chooseInitialSource> | undefined>(undefined)
  const ready = starter !== undefined && (!signedIn || server.isSuccess || server.isError)
  useEffect(() => {
    if (ready && initial === undefined) {
      setInitial(chooseInitialSource(readLocalDraft(challengeId), server.data, starter))
    }
  }, [ready, initial, challengeId, server.data, starter])

  const flush = useCallback(async () => {
    window.clearTimeout(timer.current)
    const source = pending.current
    if (source === undefined) return
    if (!signedIn) {
      // onChange already wrote it to localStorage: that is all a visitor has.
      pending.current = undefined
      setStatus('visitor')
      return
    }
    setStatus('saving')
    try {
      await save.mutateAsync({ challengeId, source })
      if (pending.current === source) {
        pending.current = undefined
        writeLocalDraft(challengeId, { source, savedAt: Date.now(), synced: true })
        setStatus('saved')
        setError(null)
      }
    } catch (error) {
      setStatus(isNetworkError(error) ? 'offline' : 'unsaved')
      setError(isNetworkError(error) ? null : error)
    }
  }, [challengeId, save.mutateAsync, signedIn])

  const onChange = useCallback(
    (source: string) => {
      pending.current = source
      writeLocalDraft(challengeId, { source, savedAt: Date.now(), synced: false })
      setStatus('unsaved')
      window.clearTimeout(timer.current)
      timer.current = window.setTimeout(() => void flush(), SAVE_DELAY_MS)
    },
    [challengeId, flush],
  )

  // Back online: push what was typed meanwhile. Leaving the page: save what is pending.
  useEffect(() => {
    const online = () => void flush()
    window.addEventListener('online', online)
    return () => {
      window.removeEventListener('online', online)
      void flush()
    }
  }, [flush])

  return { initial, status, error, onChange, flush }
}
