import { QueryClientProvider } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { BrowserRouter, Route, Routes } from 'react-router'
import { createQueryClient, createTrpcClient, TRPCProvider } from './api/trpc.ts'
import { Layout } from './layout/Layout.tsx'
import { RequireAuth } from './layout/RequireAuth.tsx'
import { AuthPage } from './pages/AuthPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { ErrorBoundary } from './ui/ErrorBoundary.tsx'
import { Spinner } from './ui/Spinner.tsx'

// Pages past the log-in screen load on demand; the editor, Markdown and charts load with them.
const CourseMapPage = lazy(() => import('./pages/CourseMapPage.tsx'))
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

export function App() {
  const [queryClient] = useState(() =>
    createQueryClient(() => {
      const path = window.location.pathname
      if (path !== '/login' && path !== '/signup') {
        window.location.assign(`/login?next=${encodeURIComponent(path + window.location.search)}`)
      }
    }),
  )
  const [trpcClient] = useState(createTrpcClient)
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route path="/login" element={<AuthPage mode="login" />} />
              <Route path="/signup" element={<AuthPage mode="signup" />} />
              <Route element={<RequireAuth />}>
                <Route path="/" element={<Page page={<CourseMapPage />} />} />
                <Route path="/c/:pack/:slug" element={<Page page={<ChallengePage />} />} />
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
            </Route>
          </Routes>
        </BrowserRouter>
      </TRPCProvider>
    </QueryClientProvider>
  )
}

function Page({ page }: { page: React.ReactNode }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<Spinner />}>{page}</Suspense>
    </ErrorBoundary>
  )
}
