import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type BreakGlassRequest,
  type OperatorCompaniesResponse,
  PATHS,
  type SessionResponse,
} from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { useMutation } from '../../api/use-mutation.js';
import { PageHeader } from '../../components/page-header.js';
import { formatDateTime } from '../../format/format-usage.js';
import { usePageTitle } from '../../session/require-session.js';
import { useSession, useSignedIn } from '../../session/session-context.js';

/**
 * Operator staff read a customer's bills only with a recorded reason, for a short time, read-only;
 * the company's administrators see the reason in their audit log.
 */
export function BreakGlassPage() {
  usePageTitle('Break-glass access');
  const session = useSignedIn();
  const { setSession } = useSession();
  const navigate = useNavigate();
  const companies = useApiQuery('operator-companies', (api, signal) =>
    api.get<OperatorCompaniesResponse>(PATHS.operatorCompanies, { signal }),
  );
  const [companyId, setCompanyId] = useState('');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(30);

  const start = useMutation(async () => {
    const body: BreakGlassRequest = { companyId, reason: reason.trim(), minutes };
    setSession(await session.api.post<SessionResponse>(PATHS.breakGlassStart, { body }));
    navigate('/');
  });
  const end = useMutation(async () => {
    setSession(await session.api.delete<SessionResponse>(PATHS.breakGlassStart));
  });

  const active = session.breakGlass;
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Break-glass access"
        description="Read a customer’s bills to resolve a support case. Access is read-only, time-limited and recorded, and the customer’s administrators can see your reason."
      />
      {active ? (
        <section className="card" aria-labelledby="active-title">
          <h2 id="active-title">Active: {active.companyName}</h2>
          <dl className="key-values section-text">
            <div>
              <dt>Reason</dt>
              <dd>{active.reason}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{formatDateTime(active.startedAt)}</dd>
            </div>
            <div>
              <dt>Ends</dt>
              <dd>{formatDateTime(active.expiresAt)}</dd>
            </div>
          </dl>
          {end.error ? (
            <div className="alert alert-error" role="alert">
              {end.error}
            </div>
          ) : null}
          <div className="section-text">
            <button
              type="button"
              className="button button-danger"
              onClick={() => void end.run()}
              disabled={end.busy}
            >
              End access now
            </button>
          </div>
        </section>
      ) : (
        <section className="card" aria-labelledby="request-title">
          <h2 id="request-title">Request access</h2>
          <form
            className="form section-text"
            onSubmit={(event) => {
              event.preventDefault();
              void start.run();
            }}
          >
            {start.error ? (
              <div className="alert alert-error" role="alert">
                {start.error}
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="bg-company">Company</label>
              <select
                id="bg-company"
                className="select"
                required
                value={companyId}
                onChange={(event) => setCompanyId(event.target.value)}
              >
                <option value="">Choose a company…</option>
                {companies.data?.companies.map((company) => (
                  <option key={company.id} value={company.id}>
                    {company.name} ({company.companyRef})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="bg-reason">Reason</label>
              <textarea
                id="bg-reason"
                className="textarea"
                required
                minLength={15}
                maxLength={500}
                aria-describedby="bg-reason-hint"
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
              <span className="field-hint" id="bg-reason-hint">
                The support case and what you need to check (at least 15 characters). {reason.trim().length}
                /500
              </span>
            </div>
            <div className="field">
              <label htmlFor="bg-minutes">For</label>
              <select
                id="bg-minutes"
                className="select"
                value={minutes}
                onChange={(event) => setMinutes(Number(event.target.value))}
              >
                <option value={15}>15 minutes</option>
                <option value={30}>30 minutes</option>
                <option value={60}>60 minutes</option>
              </select>
            </div>
            <div>
              <button
                type="submit"
                className="button"
                disabled={start.busy || !companyId || reason.trim().length < 15}
              >
                Start recorded access
              </button>
            </div>
          </form>
        </section>
      )}
    </div>
  );
}
