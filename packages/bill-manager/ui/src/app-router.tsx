import { createBrowserRouter, Outlet } from 'react-router';
import { AppLayout } from './components/app-layout.js';
import { NotFoundView } from './components/not-found-view.js';
import { AccountPage } from './pages/account-page.js';
import { BillRunsPage } from './pages/bill-runs-page.js';
import { CostCentresPage } from './pages/cost-centres-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { ExportsPage } from './pages/exports-page.js';
import { LinePage } from './pages/line-page.js';
import { LinesPage } from './pages/lines-page.js';
import { BreakGlassPage } from './pages/operator/break-glass-page.js';
import { ImportsPage } from './pages/operator/imports-page.js';
import { UploadPage } from './pages/operator/upload-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { UsersPage } from './pages/users-page.js';
import { WatchpointsPage } from './pages/watchpoints-page.js';
import { RequireArea, RequireSession } from './session/require-session.js';
import { SessionProvider } from './session/session-context.js';

function Root() {
  return (
    <SessionProvider>
      <Outlet />
    </SessionProvider>
  );
}

/** Every page of the app. Paths here are the UI's; the server answers index.html for each. */
export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <Root />,
      children: [
        { path: '/sign-in', element: <SignInPage /> },
        {
          element: (
            <RequireSession>
              <AppLayout />
            </RequireSession>
          ),
          children: [
            { index: true, element: <RequireArea area="dashboard" element={<DashboardPage />} /> },
            { path: 'lines', element: <RequireArea area="lines" element={<LinesPage />} /> },
            { path: 'lines/:lineId', element: <RequireArea area="lines" element={<LinePage />} /> },
            {
              path: 'cost-centres',
              element: <RequireArea area="costCentres" element={<CostCentresPage />} />,
            },
            { path: 'bill-runs', element: <RequireArea area="billRuns" element={<BillRunsPage />} /> },
            { path: 'exports', element: <RequireArea area="exports" element={<ExportsPage />} /> },
            { path: 'users', element: <RequireArea area="users" element={<UsersPage />} /> },
            {
              path: 'watchpoints',
              element: <RequireArea area="watchpoints" element={<WatchpointsPage />} />,
            },
            { path: 'operator/imports', element: <RequireArea area="operator" element={<ImportsPage />} /> },
            { path: 'operator/upload', element: <RequireArea area="operator" element={<UploadPage />} /> },
            {
              path: 'operator/break-glass',
              element: <RequireArea area="operator" element={<BreakGlassPage />} />,
            },
            { path: 'account', element: <AccountPage /> },
            { path: '*', element: <NotFoundView /> },
          ],
        },
      ],
    },
  ]);
}
