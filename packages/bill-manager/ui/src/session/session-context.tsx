import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError } from '../api/api-error.js';
import { CSRF_HEADER, PATHS, type SessionResponse } from '../api/contract.js';
import { type ApiClient, createApiClient } from '../api/create-api-client.js';

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly reason: 'none' | 'expired' | 'signed-out' }
  | { readonly status: 'signed-in'; readonly session: SessionResponse };

export interface SessionContextValue {
  readonly state: SessionState;
  readonly api: ApiClient;
  /** The signed-in session; pages under `RequireSession` can rely on it. */
  readonly session: SessionResponse | null;
  readonly setSession: (session: SessionResponse) => void;
  readonly signOut: (options?: { everywhere?: boolean }) => Promise<void>;
  readonly refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

// setTimeout holds a signed 32-bit delay; a longer one would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Holds who is signed in, and the API client that carries their CSRF token. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const csrfToken = useRef<string | null>(null);

  const api = useMemo(
    () =>
      createApiClient({
        csrfHeader: CSRF_HEADER,
        csrfToken: () => csrfToken.current,
        onUnauthorized: () => {
          csrfToken.current = null;
          setState((current) =>
            current.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : current,
          );
        },
      }),
    [],
  );

  const setSession = useCallback((session: SessionResponse) => {
    csrfToken.current = session.csrfToken;
    setState({ status: 'signed-in', session });
  }, []);

  const refresh = useCallback(async () => {
    try {
      setSession(await api.get<SessionResponse>(PATHS.session, { unauthorizedIsAnswer: true }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        csrfToken.current = null;
        setState((current) => ({
          status: 'signed-out',
          reason: current.status === 'signed-in' ? 'expired' : 'none',
        }));
        return;
      }
      throw error;
    }
  }, [api, setSession]);

  const signOut = useCallback(
    async (options: { everywhere?: boolean } = {}) => {
      try {
        if (options.everywhere) await api.post(PATHS.signOutEverywhere);
        else await api.delete(PATHS.session);
      } finally {
        csrfToken.current = null;
        setState({ status: 'signed-out', reason: 'signed-out' });
      }
    },
    [api],
  );

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signed-out', reason: 'none' }));
  }, [refresh]);

  // When the session's time is up, ask the server: it answers 401 and the app returns to sign-in.
  const expiresAt = state.status === 'signed-in' ? state.session.expiresAt : null;
  useEffect(() => {
    if (!expiresAt) return undefined;
    const delay = Math.min(Math.max(Date.parse(expiresAt) - Date.now() + 1000, 1000), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      refresh().catch(() => undefined);
    }, delay);
    return () => clearTimeout(timer);
  }, [expiresAt, refresh]);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      api,
      session: state.status === 'signed-in' ? state.session : null,
      setSession,
      signOut,
      refresh,
    }),
    [state, api, setSession, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session, for pages that only render under `RequireSession`. */
export function useSignedIn(): SessionResponse & { readonly api: ApiClient } {
  const { session, api } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return { ...session, api };
}
