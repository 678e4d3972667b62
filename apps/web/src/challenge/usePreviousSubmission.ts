import { skipToken, useQuery } from '@tanstack/react-query'
import { useTRPC } from '../api/trpc.ts'

/** The learner's latest finished submission of a challenge, to show when the page opens. */
export function usePreviousSubmission(challengeId: string, signedIn = true) {
  const trpc = useTRPC()
  const list = useQuery({ ...trpc.submission.list.queryOptions({ challengeId }), enabled: signedIn })
  const latest = list.data
    ?.filter((item) => item.status === 'done')
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id)[0]
  const detail = useQuery({
    ...trpc.submission.get.queryOptions(latest ? { id: latest.id } : skipToken),
    staleTime: Number.POSITIVE_INFINITY,
  })
  return detail.data
}
