import { QueryCache, QueryClient } from '@tanstack/react-query'
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client'
import { createTRPCContext } from '@trpc/tanstack-react-query'
import type { AppRouter } from './appRouter.ts'
import { CSRF_HEADER, csrfToken } from './csrf.ts'
import { isUnauthorized } from './errors.ts'

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

export function createTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // Server-sent events; EventSource sends the session cookie on the same origin.
        true: httpSubscriptionLink({ url: '/trpc' }),
        false: httpBatchLink({
          url: '/trpc',
          async headers({ opList }) {
            if (!opList.some((op) => op.type === 'mutation')) return {}
            const token = await csrfToken()
            return token === undefined ? {} : { [CSRF_HEADER]: token }
          },
        }),
      }),
    ],
  })
}

export function createQueryClient(onUnauthorized: () => void) {
  return new QueryClient({
    queryCache: new QueryCache({
      onError(error) {
        if (isUnauthorized(error)) onUnauthorized()
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // A 4xx does not get better by asking again.
        retry: (failureCount, error) => failureCount < 2 && !isClientError(error),
      },
    },
  })
}

function isClientError(error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus
  return status !== undefined && status >= 400 && status < 500
}
