import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useSubscription } from '@trpc/tanstack-react-query'
import { useCallback, useEffect, useState } from 'react'
import { useTRPC } from '../api/trpc.ts'
import type { ProgressEvent } from '../api/types.ts'

export type RunMode = 'samples' | 'full'

/**
 * One Run or Submit at a time: create the submission, follow its progress live (SSE), and fetch the
 * result when it is done. Polls slowly as well, and faster once the live channel fails, so a dropped
 * connection never leaves the learner waiting forever.
 */
export function useSubmissionRun(challengeId: string) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [active, setActive] = useState<{ id: number; mode: RunMode } | null>(null)
  const [progress, setProgress] = useState<ProgressEvent | null>(null)
  // The last test count, kept so the tests bar stays full while the perf trial runs.
  const [tests, setTests] = useState<{ done: number; total: number } | null>(null)
  const [liveFailed, setLiveFailed] = useState(false)

  const create = useMutation(trpc.submission.create.mutationOptions())

  const result = useQuery({
    ...trpc.submission.get.queryOptions(active ? { id: active.id } : skipToken),
    refetchInterval: (query) => (query.state.data?.status === 'done' ? false : liveFailed ? 2000 : 8000),
    staleTime: 0,
  })
  const done = result.data?.status === 'done'

  useSubscription(
    trpc.submission.progress.subscriptionOptions(active && !done ? { id: active.id } : skipToken, {
      onData: (event) => {
        setProgress(event)
        if (event.phase === 'testing') setTests({ done: event.done, total: event.total })
        if (event.phase === 'done') void result.refetch()
      },
      onError: () => setLiveFailed(true),
    }),
  )

  const start = useCallback(
    async (mode: RunMode, source: string) => {
      setProgress(null)
      setTests(null)
      setLiveFailed(false)
      const { id } = await create.mutateAsync({ challengeId, source, mode })
      setActive({ id, mode })
      void queryClient.invalidateQueries({ queryKey: trpc.submission.list.queryKey() })
      return id
    },
    [challengeId, create.mutateAsync, queryClient, trpc],
  )

  // When a result arrives, the course map, the history and the XP have news too.
  const doneId = done ? active?.id : undefined
  useEffect(() => {
    if (doneId === undefined) return
    void queryClient.invalidateQueries({ queryKey: trpc.submission.list.queryKey() })
    void queryClient.invalidateQueries({ queryKey: trpc.course.map.queryKey() })
    void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })
  }, [doneId, queryClient, trpc])

  return {
    active,
    progress,
    tests,
    liveFailed,
    submission: active ? result.data : undefined,
    resultError: result.error,
    starting: create.isPending,
    startError: create.error,
    start,
  }
}
