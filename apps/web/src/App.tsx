import { QueryClientProvider } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from 'react-router'
import { createQueryClient, createTrpcClient, TRPCProvider } from './api/trpc.ts'
import {
  NOT_FOUND_ROUTE,
  OPEN_ROUTES,
  type OpenRoute,
  SIGNED_IN_ROUTES,
  type SignedInRoute,
} from './appRoutes.ts'
import { Layout } from './layout/Layout.tsx'
import { RequireAuth } from './layout/RequireAuth.tsx'
import { useMe } from './layout/useMe.ts'
import { AuthPage } from './pages/AuthPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { ErrorBoundary } from './ui/ErrorBoundary.tsx'
import { Spinner } from './ui/Spinner.tsx'

// Pages past the log-in screen load on demand; the editor, Markdown and charts load with them.
const CourseMapPage = lazy(() => import('./pages/CourseMapPage.tsx'))
const LandingPage = lazy(() => import('./pages/LandingPage.tsx'))
const ChallengePage = lazy(() => import('./pages/ChallengePage.tsx'))
const HistoryPage = lazy(() => import('./pages/HistoryPage.tsx'))
const SolutionsPage = lazy(() => import('./pages/SolutionsPage.tsx'))
const DiscussionPage = lazy(() => import('./pages/DiscussionPage.tsx'))
const SubmissionPage = lazy(() => import('./pages/SubmissionPage.tsx'))
const ProfilePage = lazy(() => import('./pages/ProfilePage.tsx'))
const LeaderboardPage = lazy(() => import('./pages/LeaderboardPage.tsx'))
const GroupsPage = lazy(() => import('./pages/GroupsPage.tsx'))
const GroupPage = lazy(() => import('./pages/GroupPage.tsx'))
const JoinGroupPage = lazy(() => import('./pages/JoinGroupPage.tsx'))
const AuthoringPage = lazy(() => import('./authoring/AuthoringPage.tsx'))
const PackEditorPage = lazy(() => import('./authoring/PackEditorPage.tsx'))
const RunnersPage = lazy(() => import('./pages/RunnersPage.tsx'))

// Each pattern's page; the patterns themselves are appRoutes.ts's (a pattern without a page here does
// not compile).
const OPEN_PAGES: Record<OpenRoute, React.ReactNode> = {
  '/login': <AuthPage mode="login" />,
  '/signup': <AuthPage mode="signup" />,
  // A visitor sees what the platform is and reads and runs challenges locally before signing up.
  '/': <Page page={<HomePage />} />,
  '/c/:pack/:slug': <Page page={<ChallengePage />} />,
}
const SIGNED_IN_PAGES: Record<SignedInRoute, React.ReactNode> = {
  '/c/:pack/:slug/history': <Page page={<HistoryPage />} />,
  '/c/:pack/:slug/solutions': <Page page={<SolutionsPage />} />,
  '/c/:pack/:slug/discuss': <Page page={<DiscussionPage />} />,
  '/c/:pack/:slug/discuss/:threadId': <Page page={<DiscussionPage />} />,
  '/submissions/:id': <Page page={<SubmissionPage />} />,
  '/profile': <Page page={<ProfilePage />} />,
  '/leaderboards': <Page page={<LeaderboardPage />} />,
  '/groups': <Page page={<GroupsPage />} />,
  '/groups/join/:code': <Page page={<JoinGroupPage />} />,
  '/groups/:id': <Page page={<GroupPage />} />,
  '/authoring': <Page page={<AuthoringPage />} />,
  '/authoring/:packId': <Page page={<PackEditorPage />} />,
  '/admin/runners': <Page page={<RunnersPage />} />,
}

// A data router: pages with unsaved work block in-app navigation (useBlocker) until the person chooses.
const router = createBrowserRouter(
  createRoutesFromElements(
    <Route element={<Layout />}>
      {OPEN_ROUTES.map((path) => (
        <Route key={path} path={path} element={OPEN_PAGES[path]} />
      ))}
      <Route element={<RequireAuth />}>
        {SIGNED_IN_ROUTES.map((path) => (
          <Route key={path} path={path} element={SIGNED_IN_PAGES[path]} />
        ))}
      </Route>
      <Route path={NOT_FOUND_ROUTE} element={<NotFoundPage />} />
    </Route>,
  ),
)

export function App() {
  const [queryClient] = useState(() =>
    createQueryClient(() => {
      // The pages a visitor may see (the landing page, a challenge) ask nothing that needs an account;
      // anywhere else, a refusal means log in first.
      const path = window.location.pathname
      const visitorPage = path === '/' || /^\/c\/[^/]+\/[^/]+\/?$/.test(path)
      if (path !== '/login' && path !== '/signup' && !visitorPage) {
        window.location.assign(`/login?next=${encodeURIComponent(path + window.location.search)}`)
      }
    }),
  )
  const [trpcClient] = useState(createTrpcClient)
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  )
}

/** The course map once signed in; the landing page for a visitor. */
function HomePage() {
  const me = useMe()
  if (me.isPending) return <Spinner />
  return me.data ? <CourseMapPage /> : <LandingPage />
}

function Page({ page }: { page: React.ReactNode }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<Spinner />}>{page}</Suspense>
    </ErrorBoundary>
  )
}
