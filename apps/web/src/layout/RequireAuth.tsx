import { Navigate, Outlet, useLocation } from 'react-router'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { useMe } from './useMe.ts'

export function RequireAuth() {
  const me = useMe()
  const location = useLocation()
  if (me.isPending) return <Spinner />
  if (me.isError && me.error.data?.code !== 'UNAUTHORIZED') {
    return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
  }
  if (!me.data) {
    const next = location.pathname + location.search
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />
  }
  return <Outlet />
}
