import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { AnimationRoutes, App, Route, SnackbarProvider, Spinner, ZMPRouter } from 'zmp-ui';
import { Navigate, useSearchParams } from 'react-router-dom';
import { RequireRole } from './auth/require-role';
import { isLeader, isLeaderOnly, isStaff, SessionProvider, useSession } from './auth/session-context';
import { ErrorState } from './components/load-state';
import { SignInPage } from './pages/common/sign-in';
import { landingPath, landingScreen, rememberLandingScreen } from './first-screen';
import { paths } from './routes';

// Every screen but sign-in is its own chunk: a citizen never downloads the leader's charts.
const CitizenHome = lazy(() => import('./pages/citizen/citizen-home'));
const FeedbackForm = lazy(() => import('./pages/citizen/feedback-form'));
const FeedbackSent = lazy(() => import('./pages/citizen/feedback-success'));
const MyFeedback = lazy(() => import('./pages/citizen/my-feedback'));
const FeedbackDetail = lazy(() => import('./pages/citizen/feedback-detail'));
const LinkStaff = lazy(() => import('./pages/common/link-staff'));
const OfficerInbox = lazy(() => import('./pages/officer/officer-inbox'));
const OfficerFeedback = lazy(() => import('./pages/officer/officer-feedback'));
const DtiList = lazy(() => import('./pages/officer/dti-list'));
const DtiEdit = lazy(() => import('./pages/officer/dti-edit'));
const LeaderDashboard = lazy(() => import('./pages/leader/leader-dashboard'));
const LeaderAlerts = lazy(() => import('./pages/leader/leader-alerts'));
const DtiReview = lazy(() => import('./pages/leader/dti-review'));
const PublicList = lazy(() => import('./pages/public/public-list'));
const PublicDetail = lazy(() => import('./pages/public/public-detail'));
const Notifications = lazy(() => import('./pages/common/notifications'));
const LeaderItems = lazy(() => import('./pages/leader/leader-items'));
const LeaderFeedback = lazy(() => import('./pages/leader/leader-feedback'));

function Loading() {
  return (
    <div className="state" role="status" aria-live="polite">
      <Spinner visible />
      <p>Đang tải…</p>
    </div>
  );
}

const lazyPage = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;
const staffOnly = (node: ReactNode) => lazyPage(<RequireRole allow={isStaff}>{node}</RequireRole>);
const leaderOnly = (node: ReactNode) => lazyPage(<RequireRole allow={isLeader}>{node}</RequireRole>);

/** The public results, open to anyone: signed in or not. */
const publicRoutes = [
  <Route key="public" path={paths.publicResults} element={lazyPage(<PublicList />)} />,
  <Route key="public-item" path="/public/:code" element={lazyPage(<PublicDetail />)} />,
];

function Home() {
  const { me } = useSession();
  const landing = landingScreen(me);
  useEffect(() => rememberLandingScreen(landing), [landing]);
  // Alerts and notifications link to https://zalo.me/s/<app>/?feedback=<code>: open that item.
  const [params] = useSearchParams();
  const code = params.get('feedback');
  if (code && /^PA-\d{4}-\d{6,}$/.test(code)) {
    // A leader who is not also an officer gets the read-only view, not the officer's actions.
    const target = isLeaderOnly(me) ? paths.leaderFeedback(code) : isStaff(me) ? paths.officerFeedback(code) : paths.feedback(code);
    return <Navigate to={target} replace />;
  }
  // Leaders start on their dashboard; officers on the inbox, or on DTI when their units only report indicators.
  if (landing !== 'citizen') return <Navigate to={landingPath(landing)} replace />;
  return lazyPage(<CitizenHome />);
}

function Routes() {
  const { status, error, retry } = useSession();
  if (status === 'loading') return <Loading />;
  if (status === 'error') return <ErrorState error={error ?? new Error('Không đăng nhập được.')} onRetry={retry} />;
  if (status === 'signed-out') {
    return (
      <AnimationRoutes>
        {publicRoutes}
        <Route path="*" element={<SignInPage />} />
      </AnimationRoutes>
    );
  }
  return (
    <AnimationRoutes>
      <Route path={paths.home} element={<Home />} />
      <Route path={paths.linkStaff} element={lazyPage(<LinkStaff />)} />
      <Route path={paths.newFeedback} element={lazyPage(<FeedbackForm />)} />
      <Route path="/feedback/sent/:code" element={lazyPage(<FeedbackSent />)} />
      <Route path={paths.myFeedback} element={lazyPage(<MyFeedback />)} />
      <Route path="/feedback/:code" element={lazyPage(<FeedbackDetail />)} />
      <Route path={paths.officerInbox} element={staffOnly(<OfficerInbox />)} />
      <Route path="/officer/feedback/:code" element={staffOnly(<OfficerFeedback />)} />
      <Route path={paths.officerDti} element={staffOnly(<DtiList />)} />
      <Route path="/officer/dti/:set/:period/:indicator/:unit" element={staffOnly(<DtiEdit />)} />
      <Route path={paths.leader} element={leaderOnly(<LeaderDashboard />)} />
      <Route path={paths.leaderAlerts} element={leaderOnly(<LeaderAlerts />)} />
      <Route path={paths.leaderDtiReview} element={leaderOnly(<DtiReview />)} />
      {publicRoutes}
      <Route path={paths.notifications} element={lazyPage(<Notifications />)} />
      {/* Officers get the leaders' alert list: alerts are addressed to them too. */}
      <Route path={paths.officerAlerts} element={staffOnly(<LeaderAlerts />)} />
      <Route path="/leader/items" element={leaderOnly(<LeaderItems />)} />
      <Route path="/leader/feedback/:code" element={leaderOnly(<LeaderFeedback />)} />
      <Route path="*" element={<Navigate to={paths.home} replace />} />
    </AnimationRoutes>
  );
}

export function PaknApp() {
  return (
    <App>
      <SnackbarProvider>
        <SessionProvider>
          <ZMPRouter>
            <Routes />
          </ZMPRouter>
        </SessionProvider>
      </SnackbarProvider>
    </App>
  );
}
