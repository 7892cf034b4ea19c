import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, describeError } from '../api/api-error.js';
import { PATHS, type SessionResponse, type SignInRequest } from '../api/contract.js';
import { BrandMark } from '../components/icons.js';
import { usePageTitle } from '../session/require-session.js';
import { homePath } from '../session/role-rules.js';
import { useSession } from '../session/session-context.js';

/** Only a path inside this app may follow sign-in (never `//host` or a full URL). */
function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next.startsWith('/sign-in') ? null : next;
}

function signInMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return describeError(error);
  switch (error.code) {
    case 'ERR_WEB_SIGN_IN_FAILED':
      return 'That email and password don’t match an account. Check them and try again.';
    case 'ERR_WEB_TOTP_INVALID':
      return 'That code didn’t work. Codes change every 30 seconds — enter the one showing now.';
    case 'ERR_WEB_SIGN_IN_LOCKED': {
      const seconds = Number(error.problem.retryAfterS ?? 0);
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      return `Too many attempts. For your security, sign-in is paused for about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    }
    default:
      return describeError(error);
  }
}

export function SignInPage() {
  usePageTitle('Sign in');
  const { state, api, setSession } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (step === 'totp') codeInput.current?.focus();
  }, [step]);
  useEffect(() => {
    if (error) errorBox.current?.focus();
  }, [error]);

  if (state.status === 'signed-in' && !busy) {
    return <Navigate to={safeNext(params.get('next')) ?? homePath(state.session)} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: SignInRequest = { email: email.trim(), password, ...(step === 'totp' ? { totpCode } : {}) };
    try {
      const session = await api.post<SessionResponse>(PATHS.session, { body, unauthorizedIsAnswer: true });
      setSession(session);
      navigate(safeNext(params.get('next')) ?? homePath(session), { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'ERR_WEB_TOTP_REQUIRED') {
        setStep('totp');
      } else {
        if (step === 'totp') setTotpCode('');
        setError(signInMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const expired = params.get('expired') === '1';
  const signedOut = state.status === 'signed-out' && state.reason === 'signed-out';

  return (
    <div className="auth-shell">
      <aside className="auth-aside" aria-label="About Bill Manager">
        <div className="brand">
          <BrandMark className="brand-mark" />
          <span>
            LineKeeper <span className="brand-product">Bill Manager</span>
          </span>
        </div>
        <div>
          <h2>Your company’s mobile bills, clearly.</h2>
          <p>
            Three months of spend and usage, every line and cost centre, and exports for your accounts team.
          </p>
          <ul className="auth-points">
            <li>Each person sees only what their role allows</li>
            <li>Every export and every operator access is recorded</li>
            <li>New bills appear without the portal going offline</li>
          </ul>
        </div>
        <p className="auth-legal">Business accounts · Secure sign-in</p>
      </aside>
      <main className="auth-main" id="main">
        <div className="auth-card">
          <div>
            <h1>{step === 'totp' ? 'Enter your security code' : 'Sign in'}</h1>
            <p className="muted auth-lead">
              {step === 'totp'
                ? 'Open your authenticator app and enter the 6-digit code for Bill Manager.'
                : 'Use the email address your company administrator registered.'}
            </p>
          </div>
          {expired && !error ? (
            <div className="alert alert-info" role="status">
              Your session ended, so we signed you out. Sign in again to carry on.
            </div>
          ) : null}
          {signedOut && !expired && !error ? (
            <div className="alert alert-success" role="status">
              You’ve signed out.
            </div>
          ) : null}
          {error ? (
            <div className="alert alert-error" role="alert" tabIndex={-1} ref={errorBox}>
              {error}
            </div>
          ) : null}
          <form className="form" onSubmit={submit} noValidate={false}>
            {step === 'password' ? (
              <>
                <div className="field">
                  <label htmlFor="email">Email address</label>
                  <input
                    id="email"
                    className="input"
                    type="email"
                    autoComplete="username"
                    required
                    value={email}
                    onChange={(event) => setEmail(event.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor="password">Password</label>
                  <input
                    id="password"
                    className="input"
                    type="password"
                    autoComplete="current-password"
                    required
                    value={password}
                    onChange={(event) => setPassword(event.target.value)}
                  />
                </div>
              </>
            ) : (
              <div className="field">
                <label htmlFor="totp">Security code</label>
                <input
                  id="totp"
                  ref={codeInput}
                  className="input input-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                  aria-describedby="totp-hint"
                  value={totpCode}
                  onChange={(event) => setTotpCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
                />
                <span className="field-hint" id="totp-hint">
                  Signing in as {email}
                </span>
              </div>
            )}
            <button type="submit" className="button button-block" disabled={busy}>
              {busy ? 'Signing in…' : step === 'totp' ? 'Verify and sign in' : 'Sign in'}
            </button>
            {step === 'totp' ? (
              <button
                type="button"
                className="button-link"
                onClick={() => {
                  setStep('password');
                  setTotpCode('');
                  setError(null);
                }}
              >
                Use a different account
              </button>
            ) : null}
          </form>
          <p className="field-hint">
            Forgotten your password? Your company administrator can reset it. LineKeeper staff will never ask
            for your password or security code.
          </p>
        </div>
      </main>
    </div>
  );
}
