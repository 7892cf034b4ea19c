import { useState } from 'react';
import {
  type ChangePasswordRequest,
  PATHS,
  type SessionResponse,
  type TotpEnrolResponse,
} from '../api/contract.js';
import { useMutation } from '../api/use-mutation.js';
import { PageHeader } from '../components/page-header.js';
import { formatDateTime } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { ROLE_LABELS } from '../session/role-rules.js';
import { useSession, useSignedIn } from '../session/session-context.js';

/** The signed-in person's own security: password, two-step sign-in, signing out everywhere. */
export function AccountPage() {
  usePageTitle('Security');
  const session = useSignedIn();
  const { setSession, signOut } = useSession();
  const [passwords, setPasswords] = useState({ currentPassword: '', newPassword: '' });
  const [enrolment, setEnrolment] = useState<TotpEnrolResponse | null>(null);
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const canUseTotp = session.user.role === 'company_admin' || session.user.role === 'operator';

  const changePassword = useMutation(async () => {
    const body: ChangePasswordRequest = passwords;
    await session.api.post(PATHS.changePassword, { body });
    setPasswords({ currentPassword: '', newPassword: '' });
    setNotice('Password changed. Your other sessions were signed out.');
  });
  const enrol = useMutation(async () => {
    setEnrolment(await session.api.post<TotpEnrolResponse>(PATHS.totpEnrol));
  });
  const verify = useMutation(async () => {
    setSession(await session.api.post<SessionResponse>(PATHS.totpVerify, { body: { code } }));
    setEnrolment(null);
    setCode('');
    setNotice('Two-step sign-in is on. You’ll be asked for a code each time you sign in.');
  });
  const everywhere = useMutation(() => signOut({ everywhere: true }));

  return (
    <div className="page page-narrow">
      <PageHeader
        title="Security"
        description={`${session.user.displayName} · ${session.user.email} · ${ROLE_LABELS[session.user.role]}`}
      />
      {notice ? (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      ) : null}
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <form
          className="form form-narrow"
          onSubmit={(event) => {
            event.preventDefault();
            void changePassword.run();
          }}
        >
          {changePassword.error ? (
            <div className="alert alert-error" role="alert">
              {changePassword.error}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="current-password">Current password</label>
            <input
              id="current-password"
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={passwords.currentPassword}
              onChange={(event) => setPasswords({ ...passwords, currentPassword: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="new-password">New password</label>
            <input
              id="new-password"
              className="input"
              type="password"
              autoComplete="new-password"
              minLength={12}
              required
              aria-describedby="new-password-hint"
              value={passwords.newPassword}
              onChange={(event) => setPasswords({ ...passwords, newPassword: event.target.value })}
            />
            <span className="field-hint" id="new-password-hint">
              At least 12 characters. A passphrase of several words is easiest to remember.
            </span>
          </div>
          <div>
            <button type="submit" className="button" disabled={changePassword.busy}>
              Change password
            </button>
          </div>
        </form>
      </section>
      {canUseTotp ? (
        <section className="card" aria-labelledby="totp-title">
          <h2 id="totp-title">Two-step sign-in</h2>
          {session.user.totpEnabled ? (
            <p className="muted section-text">
              On: you enter a code from your authenticator app each time you sign in.
            </p>
          ) : enrolment ? (
            <form
              className="form form-narrow"
              onSubmit={(event) => {
                event.preventDefault();
                void verify.run();
              }}
            >
              <p className="section-text">
                Add this key to your authenticator app (choose “enter a setup key”), then enter the code it
                shows.
              </p>
              <p className="field-label">Setup key</p>
              <p className="secret-key mono">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</p>
              {verify.error ? (
                <div className="alert alert-error" role="alert">
                  {verify.error}
                </div>
              ) : null}
              <div className="field">
                <label htmlFor="enrol-code">Code from your app</label>
                <input
                  id="enrol-code"
                  className="input input-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  required
                  value={code}
                  onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
                />
              </div>
              <div>
                <button type="submit" className="button" disabled={verify.busy || code.length !== 6}>
                  Turn on two-step sign-in
                </button>
              </div>
            </form>
          ) : (
            <>
              <p className="muted section-text">
                Protect your administrator account with a code from an authenticator app as well as your
                password.
              </p>
              {enrol.error ? (
                <div className="alert alert-error" role="alert">
                  {enrol.error}
                </div>
              ) : null}
              <button type="button" className="button" onClick={() => void enrol.run()} disabled={enrol.busy}>
                Set up two-step sign-in
              </button>
            </>
          )}
        </section>
      ) : null}
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sign out everywhere</h2>
        <p className="muted section-text">
          Ends every session of your account, on every device — use it if you signed in on a shared computer
          or lost a phone. This session ends {formatDateTime(session.expiresAt)}.
        </p>
        {everywhere.error ? (
          <div className="alert alert-error" role="alert">
            {everywhere.error}
          </div>
        ) : null}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void everywhere.run()}
          disabled={everywhere.busy}
        >
          Sign out everywhere
        </button>
      </section>
    </div>
  );
}
