import { createHash } from 'node:crypto';
import { WebError } from '../web-error.js';
import type { WebDatabase } from '../web-schema.js';
import type { AuditLog } from './audit-log.js';
import type { PasswordHasher } from './password-hasher.js';
import type { NewSession, SessionStore } from './session-store.js';
import { totpStep } from './totp.js';
import type { TotpSealer } from './totp-sealer.js';
import { withOperatorRole } from './with-operator-role.js';

export interface SignInOptions {
  readonly maxFailedSignIns: number;
  /** Demo accounts sign in only when this is on. */
  readonly demo: boolean;
  readonly now?: () => number;
}

export interface SignInAttempt {
  readonly email: string;
  readonly password: string;
  readonly totpCode?: string | undefined;
}

export interface SignInService {
  signIn(attempt: SignInAttempt): Promise<NewSession>;
}

const FIRST_LOCK_S = 30;
const LONGEST_LOCK_S = 15 * 60;
// Unknown emails are locked out just like real ones, so a lockout does not reveal an account.
const MAX_UNKNOWN_TRACKED = 10_000;

/**
 * Sign-in: Argon2id check, then TOTP when the account has it; each failure counts towards a
 * lockout that doubles (30 s … 15 min). Unknown accounts cost the same time and lock the same.
 */
export function createSignInService(
  db: WebDatabase,
  deps: { hasher: PasswordHasher; sessions: SessionStore; audit: AuditLog; totpSealer: TotpSealer },
  options: SignInOptions,
): SignInService {
  const now = options.now ?? Date.now;
  const unknown = new Map<string, { failures: number; lockedUntil: number }>();
  const lockSeconds = (failures: number) =>
    failures < options.maxFailedSignIns
      ? 0
      : Math.min(FIRST_LOCK_S * 2 ** (failures - options.maxFailedSignIns), LONGEST_LOCK_S);
  const locked = (until: number) =>
    new WebError('ERR_WEB_SIGN_IN_LOCKED', 'too many failed sign-ins: try again later', {
      retryAfterS: Math.max(1, Math.ceil((until - now()) / 1000)),
    });
  const failed = () => new WebError('ERR_WEB_SIGN_IN_FAILED', 'the email or password is not right');

  return {
    async signIn(attempt) {
      const email = attempt.email.trim().toLowerCase();
      const account = await withOperatorRole(db, (trx) =>
        trx
          .selectFrom('web_users as u')
          .innerJoin('web_credentials as c', 'c.user_id', 'u.id')
          .select([
            'u.id',
            'u.tenant_id',
            'u.role',
            'u.email',
            'u.disabled',
            'u.demo',
            'c.password_hash',
            'c.totp_enabled',
            'c.totp_secret',
            'c.totp_last_step',
            'c.failed_sign_ins',
            'c.locked_until',
          ])
          .where('u.email', '=', email)
          .executeTakeFirst(),
      );

      if (!account) {
        const key = createHash('sha256').update(email).digest('base64url');
        const state = unknown.get(key) ?? { failures: 0, lockedUntil: 0 };
        if (state.lockedUntil > now()) throw locked(state.lockedUntil);
        await deps.hasher.verifyNothing(attempt.password);
        state.failures += 1;
        state.lockedUntil = now() + lockSeconds(state.failures) * 1000;
        if (unknown.size >= MAX_UNKNOWN_TRACKED) unknown.delete(unknown.keys().next().value as string);
        unknown.set(key, state);
        throw failed();
      }
      const actor = { id: account.id, email: account.email, role: account.role };
      if (account.locked_until && account.locked_until.getTime() > now()) {
        throw locked(account.locked_until.getTime());
      }
      const passwordOk = await deps.hasher.verify(account.password_hash, attempt.password);
      const allowed = passwordOk && !account.disabled && (!account.demo || options.demo);

      const recordFailure = async (reason: string) => {
        const failures = account.failed_sign_ins + 1;
        const lock = lockSeconds(failures);
        await withOperatorRole(db, (trx) =>
          trx
            .updateTable('web_credentials')
            .set({
              failed_sign_ins: failures,
              locked_until: lock > 0 ? new Date(now() + lock * 1000) : null,
            })
            .where('user_id', '=', account.id)
            .execute(),
        );
        await deps.audit({
          tenantId: account.tenant_id,
          action: 'sign_in.failed',
          actor,
          detail: { reason, failures },
        });
      };

      if (!allowed) {
        await recordFailure(passwordOk ? 'account disabled' : 'password');
        throw failed();
      }
      let step: number | null = account.totp_last_step;
      if (account.totp_enabled && account.totp_secret) {
        if (!attempt.totpCode) {
          throw new WebError('ERR_WEB_TOTP_REQUIRED', 'this account needs its authenticator code');
        }
        const secret = await deps.totpSealer.open(account.totp_secret, account.id);
        const accepted = totpStep(secret, attempt.totpCode, now());
        if (accepted === undefined || (step !== null && accepted <= step)) {
          await recordFailure('totp');
          throw new WebError('ERR_WEB_TOTP_INVALID', 'the authenticator code is not right');
        }
        step = accepted;
      }
      await withOperatorRole(db, async (trx) => {
        await trx
          .updateTable('web_credentials')
          .set({ failed_sign_ins: 0, locked_until: null, totp_last_step: step })
          .where('user_id', '=', account.id)
          .execute();
        await trx
          .updateTable('web_users')
          .set({ last_sign_in_at: new Date(now()) })
          .where('id', '=', account.id)
          .execute();
      });
      const session = await deps.sessions.create({ id: account.id, tenantId: account.tenant_id });
      await deps.audit({ tenantId: account.tenant_id, action: 'sign_in', actor });
      return session;
    },
  };
}
