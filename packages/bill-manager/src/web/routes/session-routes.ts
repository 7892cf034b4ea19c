import type { FastifyReply } from 'fastify';
import {
  changePasswordRequestSchema,
  signInRequestSchema,
  totpVerifyRequestSchema,
} from '../api-contract.js';
import { newTotpSecret, totpStep, totpUri } from '../auth/totp.js';
import { withOperatorRole } from '../auth/with-operator-role.js';
import { viewerOf } from '../http/define-api-route.js';
import { parseInput } from '../http/parse-input.js';
import { WebError } from '../web-error.js';
import type { WebServices } from '../web-services.js';
import { sessionResponse } from './session-response.js';

/** Sign in and out, sign out everywhere, password change, TOTP enrolment. */
export function registerSessionRoutes(web: WebServices): void {
  const { defineApiRoute, sessions, config } = web;
  const clearCookie = (reply: FastifyReply) =>
    reply.clearCookie(web.cookieName, {
      path: '/',
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: 'strict',
    });

  defineApiRoute('session', async (request) => sessionResponse(web, viewerOf(request)));

  defineApiRoute(
    'signIn',
    async (request, reply) => {
      if (!request.headers['content-type']?.startsWith('application/json')) {
        throw new WebError('ERR_WEB_INVALID_REQUEST', 'sign in with a JSON body');
      }
      const body = parseInput(signInRequestSchema, request.body);
      const session = await web.signIn.signIn(body);
      const viewer = await sessions.lookup(session.token);
      if (!viewer) throw new WebError('ERR_WEB_INTERNAL', 'the new session could not be read');
      reply.setCookie(web.cookieName, session.token, {
        path: '/',
        httpOnly: true,
        secure: config.secureCookies,
        sameSite: 'strict',
        expires: session.expiresAt,
      });
      return sessionResponse(web, viewer);
    },
    {
      config: {
        rateLimit: {
          max: config.signInsPerMinute,
          timeWindow: 60_000,
          keyGenerator: (r) => `sign-in:${r.ip}`,
        },
      },
    },
  );

  defineApiRoute('signOut', async (request, reply) => {
    const viewer = viewerOf(request);
    await sessions.revoke(viewer.session.tokenHash);
    await web.audit({ tenantId: viewer.tenantId, action: 'sign_out', actor: actorOf(viewer) });
    return clearCookie(reply).code(204).send();
  });

  defineApiRoute('signOutEverywhere', async (request, reply) => {
    const viewer = viewerOf(request);
    const count = await sessions.revokeAllForUser(viewer.userId);
    await web.audit({
      tenantId: viewer.tenantId,
      action: 'sign_out.everywhere',
      actor: actorOf(viewer),
      detail: { sessions: count },
    });
    return clearCookie(reply).code(204).send();
  });

  defineApiRoute('changePassword', async (request, reply) => {
    const viewer = viewerOf(request);
    const body = parseInput(changePasswordRequestSchema, request.body);
    const stored = await withOperatorRole(web.db, (trx) =>
      trx
        .selectFrom('web_credentials')
        .select('password_hash')
        .where('user_id', '=', viewer.userId)
        .executeTakeFirst(),
    );
    if (!stored || !(await web.hasher.verify(stored.password_hash, body.currentPassword))) {
      throw new WebError('ERR_WEB_SIGN_IN_FAILED', 'the current password is not right');
    }
    const hash = await web.hasher.hash(body.newPassword);
    await withOperatorRole(web.db, (trx) =>
      trx
        .updateTable('web_credentials')
        .set({ password_hash: hash })
        .where('user_id', '=', viewer.userId)
        .execute(),
    );
    await sessions.revokeAllForUser(viewer.userId, viewer.session.tokenHash);
    await web.audit({ tenantId: viewer.tenantId, action: 'password.change', actor: actorOf(viewer) });
    return reply.code(204).send();
  });

  defineApiRoute('totpEnrol', async (request) => {
    const viewer = viewerOf(request);
    if (viewer.totpEnabled) throw new WebError('ERR_WEB_CONFLICT', 'TOTP is already on for this account');
    const secret = newTotpSecret();
    const sealed = await web.totpSealer.seal(secret, viewer.userId);
    await withOperatorRole(web.db, (trx) =>
      trx
        .updateTable('web_credentials')
        .set({ totp_secret: sealed })
        .where('user_id', '=', viewer.userId)
        .execute(),
    );
    return { secret, uri: totpUri(secret, viewer.email) };
  });

  defineApiRoute('totpVerify', async (request) => {
    const viewer = viewerOf(request);
    const body = parseInput(totpVerifyRequestSchema, request.body);
    const enabled = await withOperatorRole(web.db, async (trx) => {
      const row = await trx
        .selectFrom('web_credentials')
        .select(['totp_secret', 'totp_enabled'])
        .where('user_id', '=', viewer.userId)
        .executeTakeFirst();
      if (!row?.totp_secret || row.totp_enabled) return false;
      const secret = await web.totpSealer.open(row.totp_secret, viewer.userId);
      const step = totpStep(secret, body.code, Date.now());
      if (step === undefined) return false;
      await trx
        .updateTable('web_credentials')
        .set({ totp_enabled: true, totp_last_step: step })
        .where('user_id', '=', viewer.userId)
        .execute();
      return true;
    });
    web.sessions.forgetUser(viewer.userId);
    if (!enabled) {
      throw new WebError('ERR_WEB_TOTP_INVALID', 'the code is not right (or enrolment was not started)', {
        status: 400,
      });
    }
    await web.audit({ tenantId: viewer.tenantId, action: 'totp.enable', actor: actorOf(viewer) });
    return sessionResponse(web, { ...viewer, totpEnabled: true });
  });
}

export function actorOf(viewer: { userId: string; email: string; role: import('../api-contract.js').Role }) {
  return { id: viewer.userId, email: viewer.email, role: viewer.role };
}
