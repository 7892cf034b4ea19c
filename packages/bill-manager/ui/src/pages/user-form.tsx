import { useId } from 'react';
import {
  type CostCentresResponse,
  type CreateUserRequest,
  type LinesResponse,
  PATHS,
} from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { formatMsisdn } from '../format/format-usage.js';
import { ROLE_LABELS } from '../session/role-rules.js';

export type CompanyRole = CreateUserRequest['role'];
const COMPANY_ROLES: readonly CompanyRole[] = ['company_admin', 'cost_centre_manager', 'line_user'];

export interface UserDraft {
  email: string;
  displayName: string;
  role: CompanyRole;
  costCentreId: string;
  lineId: string;
  password: string;
  disabled: boolean;
}

/** Which part of the company the user sees: a cost centre for a manager, a line for a line user. */
function ScopeFields({
  draft,
  setDraft,
}: {
  readonly draft: UserDraft;
  readonly setDraft: (draft: UserDraft) => void;
}) {
  const id = useId();
  const centres = useApiQuery(draft.role === 'cost_centre_manager' ? 'scope-centres' : null, (api, signal) =>
    api.get<CostCentresResponse>(PATHS.costCentres, { signal }),
  );
  const lines = useApiQuery(draft.role === 'line_user' ? 'scope-lines' : null, (api, signal) =>
    api.get<LinesResponse>(PATHS.lines, { query: { pageSize: 200, sort: 'msisdn', order: 'asc' }, signal }),
  );
  if (draft.role === 'cost_centre_manager') {
    return (
      <div className="field">
        <label htmlFor={id}>Cost centre they manage</label>
        <select
          id={id}
          className="select"
          required
          value={draft.costCentreId}
          onChange={(event) => setDraft({ ...draft, costCentreId: event.target.value })}
        >
          <option value="">Choose a cost centre…</option>
          {centres.data?.costCentres.map((centre) => (
            <option key={centre.id} value={centre.id}>
              {'— '.repeat(centre.depth)}
              {centre.name}
            </option>
          ))}
        </select>
        <span className="field-hint">They will see this cost centre and every one below it.</span>
      </div>
    );
  }
  if (draft.role === 'line_user') {
    return (
      <div className="field">
        <label htmlFor={id}>Their line</label>
        <select
          id={id}
          className="select"
          required
          value={draft.lineId}
          onChange={(event) => setDraft({ ...draft, lineId: event.target.value })}
        >
          <option value="">Choose a line…</option>
          {lines.data?.lines.map((line) => (
            <option key={line.id} value={line.id}>
              {formatMsisdn(line.msisdn)}
              {line.userName ? ` — ${line.userName}` : ''}
            </option>
          ))}
        </select>
        <span className="field-hint">They will see only this line.</span>
      </div>
    );
  }
  return <p className="field-hint">Administrators see the whole company and manage its users.</p>;
}

/** The fields of a user, for adding one or changing one. */
export function UserForm({
  draft,
  setDraft,
  creating,
}: {
  readonly draft: UserDraft;
  readonly setDraft: (draft: UserDraft) => void;
  readonly creating: boolean;
}) {
  const id = useId();
  return (
    <>
      {creating ? (
        <div className="field">
          <label htmlFor={`${id}-email`}>Email address</label>
          <input
            id={`${id}-email`}
            className="input"
            type="email"
            required
            autoComplete="off"
            value={draft.email}
            onChange={(event) => setDraft({ ...draft, email: event.target.value })}
          />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          className="input"
          required
          value={draft.displayName}
          onChange={(event) => setDraft({ ...draft, displayName: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select
          id={`${id}-role`}
          className="select"
          value={draft.role}
          onChange={(event) => setDraft({ ...draft, role: event.target.value as CompanyRole })}
        >
          {COMPANY_ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </div>
      <ScopeFields draft={draft} setDraft={setDraft} />
      {creating ? (
        <div className="field">
          <label htmlFor={`${id}-password`}>Initial password</label>
          <input
            id={`${id}-password`}
            className="input"
            type="password"
            minLength={12}
            required
            autoComplete="new-password"
            aria-describedby={`${id}-password-hint`}
            value={draft.password}
            onChange={(event) => setDraft({ ...draft, password: event.target.value })}
          />
          <span className="field-hint" id={`${id}-password-hint`}>
            At least 12 characters. Share it securely; they should change it when they first sign in.
          </span>
        </div>
      ) : (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.disabled}
            onChange={(event) => setDraft({ ...draft, disabled: event.target.checked })}
          />
          Account disabled (signs them out everywhere)
        </label>
      )}
    </>
  );
}

export const EMPTY_USER_DRAFT: UserDraft = {
  email: '',
  displayName: '',
  role: 'line_user',
  costCentreId: '',
  lineId: '',
  password: '',
  disabled: false,
};

/** Company administrators: who can sign in, in which role, seeing what; and the audit log. */
