import { QueryClientProvider } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from 'react-router'
import { createQueryClient, createTrpcClient, TRPCProvider } from './api/trpc.ts'
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

// A data router: pages with unsaved work block in-app navigation (useBlocker) until the person chooses.
const router = createBrowserRouter(
  createRoutesFromElements(
    <Route element={<Layout />}>
      <Route path="/login" element={<AuthPage mode="login" />} />
      <Route path="/signup" element={<AuthPage mode="signup" />} />
      {/* A visitor sees what the platform is and reads and runs challenges locally before signing up. */}
      <Route path="/" element={<Page page={<HomePage />} />} />
      <Route path="/c/:pack/:slug" element={<Page page={<ChallengePage />} />} />
      <Route element={<RequireAuth />}>
        <Route path="/c/:pack/:slug/history" element={<Page page={<HistoryPage />} />} />
        <Route path="/c/:pack/:slug/solutions" element={<Page page={<SolutionsPage />} />} />
        <Route path="/c/:pack/:slug/discuss" element={<Page page={<DiscussionPage />} />} />
        <Route path="/c/:pack/:slug/discuss/:threadId" element={<Page page={<DiscussionPage />} />} />
        <Route path="/submissions/:id" element={<Page page={<SubmissionPage />} />} />
        <Route path="/profile" element={<Page page={<ProfilePage />} />} />
        <Route path="/leaderboards" element={<Page page={<LeaderboardPage />} />} />
        <Route path="/groups" element={<Page page={<GroupsPage />} />} />
        <Route path="/groups/join/:code" element={<Page page={<JoinGroupPage />} />} />
        <Route path="/groups/:id" element={<Page page={<GroupPage />} />} />
        <Route path="/authoring" element={<Page page={<AuthoringPage />} />} />
        <Route path="/authoring/:packId" element={<Page page={<PackEditorPage />} />} />
        <Route path="/admin/runners" element={<Page page={<RunnersPage />} />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
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
