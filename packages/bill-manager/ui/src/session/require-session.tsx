import { type ReactElement, type ReactNode, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { NotFoundView } from '../components/not-found-view.js';
import { type Area, canOpen, homePath } from './role-rules.js';
import { useSession } from './session-context.js';

/** Pages behind sign-in: while the session loads, a quiet splash; without one, the sign-in page. */
export function RequireSession({ children }: { readonly children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <div className="splash" role="status" aria-live="polite">
        Loading Bill Manager…
      </div>
    );
  }
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams();
    if (next !== '/') params.set('next', next);
    if (state.reason === 'expired') params.set('expired', '1');
    const search = params.toString();
    return <Navigate to={`/sign-in${search ? `?${search}` : ''}`} replace />;
  }
  return <>{children}</>;
}

/**
 * A page for some roles only. Operator staff landing on `/` go to their own pages; anyone else
 * opening a page their role lacks sees the not-found page (the server would answer 403/404).
 */
export function RequireArea({ area, element }: { readonly area: Area; readonly element: ReactElement }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return null;
  if (canOpen(session, area)) return element;
  if (location.pathname === '/' && homePath(session) !== '/')
    return <Navigate to={homePath(session)} replace />;
  return <NotFoundView kind="forbidden" />;
}

/** Sets the document title, so each page is announced and findable in history. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Bill Manager`;
  }, [title]);
}
