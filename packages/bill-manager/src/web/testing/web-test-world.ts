import { randomBytes } from 'node:crypto';
import { createLogger } from '@linekeeper/identity-core';
import type { FastifyInstance } from 'fastify';
import { loadDemoData } from '../../data/demo/load-demo-data.js';
import { openTestDatabase, type TestDatabase } from '../../data/test-database.js';
import { type BillManagerWebConfig, billManagerWebConfigSchema } from '../bill-manager-web-config.js';
import { createBillManagerServer } from '../create-bill-manager-server.js';
import { DEMO_PASSWORD, DEMO_USERS, ensureDemoUsers } from '../demo-users.js';

export interface TestSession {
  readonly email: string;
  readonly cookie: string;
  readonly csrfToken: string;
  readonly body: Record<string, unknown>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

export interface WebTestWorld {
  readonly test: TestDatabase;
  readonly app: FastifyInstance;
  readonly base: string;
  /** Sends a request over the socket; with a session, its cookie and (for state changes) CSRF token. */
  call(
    method: string,
    path: string,
    options?: {
      session?: TestSession | undefined;
      body?: unknown;
      headers?: Record<string, string>;
      csrf?: boolean;
    },
  ): Promise<TestResponse>;
  signIn(email: string, password?: string, totpCode?: string): Promise<TestSession>;
  close(): Promise<void>;
}

/**
 * A Bill Manager on loopback port 0 over the demo companies and their sign-ins, on PGlite or (with
 * `DATABASE_URL`) a fresh PostgreSQL database. `prepare` may add routes before it listens.
 */
export async function openWebTestWorld(
  overrides: Partial<BillManagerWebConfig> = {},
  prepare?: (app: FastifyInstance) => void | Promise<void>,
): Promise<WebTestWorld> {
  const test = await openTestDatabase();
  await loadDemoData(test.database, { now: new Date('2026-04-15T12:00:00Z') });
  const config = billManagerWebConfigSchema.parse({
    secureCookies: false,
    demo: true,
    uiDir: '/nonexistent-ui-dist',
    requestsPerMinute: 100_000,
    signInsPerMinute: 10_000,
    // A key per world: tests never write the install's key file.
    totpKey: randomBytes(32).toString('hex'),
    ...overrides,
  });
  const app = await createBillManagerServer(config, {
    database: test.database,
    logger: createLogger({ name: 'bill-manager-test', level: 'silent' }),
  });
  await ensureDemoUsers(app.billManagerServices.db, app.billManagerServices.hasher, DEMO_USERS);
  await prepare?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.addresses()[0];
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const call: WebTestWorld['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.session) {
      headers.cookie = options.session.cookie;
      if (method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = options.session.csrfToken;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  return {
    test,
    app,
    base,
    call,
    async signIn(email, password = DEMO_PASSWORD, totpCode) {
      const response = await call('POST', '/api/session', {
        body: { email, password, ...(totpCode ? { totpCode } : {}) },
      });
      if (response.status !== 200)
        throw new Error(`sign-in as ${email}: ${response.status} ${response.text}`);
      const setCookie = response.headers.get('set-cookie') ?? '';
      const cookie = setCookie.split(';')[0] ?? '';
      const body = response.json as Record<string, unknown>;
      return { email, cookie, csrfToken: String(body.csrfToken), body };
    },
    async close() {
      await app.close();
      await test.drop();
    },
  };
}
