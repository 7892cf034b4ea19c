import { useState } from 'react';
import {
  type AuditResponse,
  type CreateUserRequest,
  PATHS,
  pathTo,
  type UpdateUserRequest,
  type User,
  type UsersResponse,
} from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useMutation } from '../api/use-mutation.js';
import { DataTable } from '../components/data-table.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { PageHeader } from '../components/page-header.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { formatDateTime, formatMsisdn } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { ROLE_LABELS } from '../session/role-rules.js';
import { useSignedIn } from '../session/session-context.js';
import { EMPTY_USER_DRAFT, type UserDraft, UserForm } from './user-form.js';

type Editing =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'password'; user: User }
  | { kind: 'delete'; user: User };

export function UsersPage() {
  usePageTitle('Users and roles');
  const { api, user: me } = useSignedIn();
  const users = useApiQuery('users', (client, signal) => client.get<UsersResponse>(PATHS.users, { signal }));
  const audit = useApiQuery('audit', (client, signal) => client.get<AuditResponse>(PATHS.audit, { signal }));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [draft, setDraft] = useState<UserDraft>(EMPTY_USER_DRAFT);
  const [notice, setNotice] = useState<string | null>(null);

  const save = useMutation(async () => {
    if (!editing) return;
    const scope = {
      costCentreId: draft.role === 'cost_centre_manager' ? draft.costCentreId || undefined : undefined,
      lineId: draft.role === 'line_user' ? draft.lineId || undefined : undefined,
    };
    if (editing.kind === 'create') {
      const body: CreateUserRequest = {
        email: draft.email.trim(),
        displayName: draft.displayName.trim(),
        role: draft.role,
        password: draft.password,
        ...scope,
      };
      await api.post(PATHS.users, { body });
      setNotice(`${body.displayName} can now sign in.`);
    } else if (editing.kind === 'edit') {
      const body: UpdateUserRequest = {
        displayName: draft.displayName.trim(),
        role: draft.role,
        costCentreId: draft.role === 'cost_centre_manager' ? draft.costCentreId || null : null,
        lineId: draft.role === 'line_user' ? draft.lineId || null : null,
        disabled: draft.disabled,
      };
      await api.patch(pathTo(PATHS.updateUser, { userId: editing.user.id }), { body });
      setNotice(`${body.displayName ?? editing.user.displayName} updated.`);
    } else if (editing.kind === 'password') {
      await api.post(pathTo(PATHS.resetPassword, { userId: editing.user.id }), {
        body: { password: draft.password },
      });
      setNotice(`Password reset for ${editing.user.displayName}; their sessions were signed out.`);
    } else {
      await api.delete(pathTo(PATHS.updateUser, { userId: editing.user.id }));
      setNotice(`${editing.user.displayName} removed.`);
    }
    setEditing(null);
    users.reload();
    audit.reload();
  });

  const open = (next: Editing) => {
    save.reset();
    setNotice(null);
    setEditing(next);
    if (next.kind === 'create') setDraft(EMPTY_USER_DRAFT);
    else {
      const { user } = next;
      setDraft({
        email: user.email,
        displayName: user.displayName,
        role: user.role === 'operator' ? 'line_user' : user.role,
        costCentreId: user.costCentre?.id ?? '',
        lineId: user.line?.id ?? '',
        password: '',
        disabled: user.disabled,
      });
    }
  };

  const dialogTitle =
    editing?.kind === 'create'
      ? 'Add a user'
      : editing?.kind === 'edit'
        ? `Edit ${editing.user.displayName}`
        : editing?.kind === 'password'
          ? `Reset password for ${editing.user.displayName}`
          : editing
            ? `Remove ${editing.user.displayName}?`
            : '';

  return (
    <div className="page">
      <PageHeader
        title="Users and roles"
        description="Who can sign in to your company’s Bill Manager, and what each person can see."
        actions={
          <button type="button" className="button" onClick={() => open({ kind: 'create' })}>
            Add user
          </button>
        }
      />
      {notice ? (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      ) : null}
      <section className="card card-flush" aria-label="Users">
        <QueryView query={users} loading={<LoadingBlock label="Loading users" lines={5} />}>
          {(data) => (
            <DataTable
              caption="Users"
              rows={data.users}
              rowKey={(user) => user.id}
              columns={[
                {
                  key: 'name',
                  header: 'User',
                  rowHeader: true,
                  cell: (user) => (
                    <>
                      <span className="cell-primary">{user.displayName}</span>
                      <span className="cell-secondary">{user.email}</span>
                    </>
                  ),
                },
                { key: 'role', header: 'Role', cell: (user) => ROLE_LABELS[user.role] },
                {
                  key: 'scope',
                  header: 'Can see',
                  cell: (user) =>
                    user.role === 'company_admin' ? (
                      'Whole company'
                    ) : user.costCentre ? (
                      user.costCentre.name
                    ) : user.line ? (
                      formatMsisdn(user.line.msisdn)
                    ) : (
                      <span className="muted">Nothing yet</span>
                    ),
                },
                {
                  key: 'status',
                  header: 'Status',
                  cell: (user) => (
                    <span className="badge-row">
                      {user.disabled ? (
                        <span className="badge" data-tone="bad">
                          Disabled
                        </span>
                      ) : user.lockedUntil && Date.parse(user.lockedUntil) > Date.now() ? (
                        <span className="badge" data-tone="warn">
                          Locked
                        </span>
                      ) : (
                        <span className="badge" data-tone="good">
                          Active
                        </span>
                      )}
                      {user.totpEnabled ? (
                        <span className="badge" data-tone="info">
                          2-step
                        </span>
                      ) : null}
                    </span>
                  ),
                },
                {
                  key: 'last',
                  header: 'Last sign-in',
                  cell: (user) =>
                    user.lastSignInAt ? (
                      formatDateTime(user.lastSignInAt)
                    ) : (
                      <span className="muted">Never</span>
                    ),
                },
                {
                  key: 'actions',
                  header: <span className="visually-hidden">Actions</span>,
                  className: 'cell-actions',
                  cell: (user) => (
                    <span className="action-group">
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => open({ kind: 'edit', user })}
                      >
                        Edit<span className="visually-hidden"> {user.displayName}</span>
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => open({ kind: 'password', user })}
                      >
                        Reset password<span className="visually-hidden"> for {user.displayName}</span>
                      </button>
                      {user.id !== me.id ? (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          onClick={() => open({ kind: 'delete', user })}
                        >
                          Remove<span className="visually-hidden"> {user.displayName}</span>
                        </button>
                      ) : null}
                    </span>
                  ),
                },
              ]}
            />
          )}
        </QueryView>
      </section>
      <section className="card card-flush" aria-labelledby="audit-title">
        <div className="card-header">
          <div>
            <h2 id="audit-title">Audit log</h2>
            <p>Sign-ins, changes to users, exports and any operator access, newest first</p>
          </div>
        </div>
        <QueryView query={audit} loading={<LoadingBlock label="Loading the audit log" />}>
          {(data) => (
            <DataTable
              caption="Audit log"
              rows={data.entries.slice(0, 50)}
              rowKey={(entry) => entry.id}
              columns={[
                { key: 'at', header: 'When', cell: (entry) => formatDateTime(entry.at) },
                {
                  key: 'action',
                  header: 'Action',
                  rowHeader: true,
                  cell: (entry) => <span className="mono">{entry.action}</span>,
                },
                {
                  key: 'who',
                  header: 'By',
                  cell: (entry) => entry.actorEmail ?? <span className="muted">System</span>,
                },
                { key: 'detail', header: 'Detail', cell: (entry) => entry.detail },
              ]}
              empty="Nothing recorded yet."
            />
          )}
        </QueryView>
      </section>
      <ModalDialog
        open={editing !== null}
        title={dialogTitle}
        onClose={() => setEditing(null)}
        onSubmit={() => void save.run()}
        submitLabel={
          editing?.kind === 'create'
            ? 'Add user'
            : editing?.kind === 'delete'
              ? 'Remove user'
              : editing?.kind === 'password'
                ? 'Reset password'
                : 'Save changes'
        }
        busy={save.busy}
        error={save.error}
        danger={editing?.kind === 'delete'}
        description={
          editing?.kind === 'delete'
            ? 'They will be signed out and can no longer sign in. Their lines and bills are not affected.'
            : undefined
        }
      >
        {editing?.kind === 'create' || editing?.kind === 'edit' ? (
          <UserForm draft={draft} setDraft={setDraft} creating={editing.kind === 'create'} />
        ) : null}
        {editing?.kind === 'password' ? (
          <div className="field">
            <label htmlFor="reset-password">New password</label>
            <input
              id="reset-password"
              className="input"
              type="password"
              minLength={12}
              required
              autoComplete="new-password"
              value={draft.password}
              onChange={(event) => setDraft({ ...draft, password: event.target.value })}
            />
            <span className="field-hint">At least 12 characters. Their other sessions are signed out.</span>
          </div>
        ) : null}
      </ModalDialog>
    </div>
  );
}
