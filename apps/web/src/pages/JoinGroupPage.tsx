import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'

/** `/groups/join/:code`: an invite link joins at once and opens the group. */
export default function JoinGroupPage() {
  const { t } = useTranslation()
  const { code = '' } = useParams()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const join = useMutation(
    trpc.group.join.mutationOptions({
      onSuccess: (group) => {
        void queryClient.invalidateQueries({ queryKey: trpc.group.list.queryKey() })
        void navigate(`/groups/${group.id}`, { replace: true })
      },
    }),
  )
  const mutate = join.mutate
  useEffect(() => mutate({ code }), [code, mutate])
  return (
    <div className="page page--narrow">
      <h1>{t('groups.join')}</h1>
      {join.isPending && <Spinner />}
      {join.isError && <ErrorNotice error={join.error} />}
      <Link to="/groups">{t('groups.title')}</Link>
    </div>
  )
}
