import type { TestResponse, TestSession, WebTestWorld } from './web-test-world.js';

/** Who calls: nobody, each company role, operator staff, and operator staff under break-glass. */
export const ACTORS = [
  'anonymous',
  'company_admin',
  'cost_centre_manager',
  'line_user',
  'operator',
  'operator_break_glass',
] as const;
export type Actor = (typeof ACTORS)[number];

/** One tenant's objects, with ids as that tenant's own users see them. */
export interface Fixtures {
  readonly lineId: string;
  /** A line of the same company outside the manager's subtree and not the line user's. */
  readonly outsideLineId: string;
  readonly billRunId: string;
  readonly userId: string;
  readonly watchpointId: string;
  /** The company as operator staff name it (for break-glass). */
  readonly operatorCompanyId: string;
  freshUserId(): Promise<string>;
  freshWatchpointId(): Promise<string>;
}

export interface MatrixCall {
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface MatrixRow {
  /** Who may use it; every other actor must be refused (401/403). */
  readonly allow: readonly Actor[];
  /** The request names an object: another company's answers 404; `line`: one outside scope too. */
  readonly objects?: 'line' | 'other';
  /** The call spends the session (sign-out, break-glass): made on a session of its own. */
  readonly ownSession?: boolean;
  /** The call revokes the user's other sessions: everyone signs in again afterwards. */
  readonly resetsSessions?: boolean;
  readonly call: (fixtures: Fixtures) => MatrixCall | Promise<MatrixCall>;
}

/** Keyed `METHOD /path` exactly as the server registers it. */
export type MatrixTable = Readonly<Record<string, MatrixRow>>;

export interface MatrixWorld {
  readonly world: WebTestWorld;
  /** Signs an actor in (a new session each call); undefined for anonymous. */
  signIn(actor: Actor, tenant: 'own'): Promise<TestSession | undefined>;
  readonly own: Fixtures;
  readonly foreign: Fixtures;
}

export interface RecordedCall {
  readonly method: string;
  readonly call: MatrixCall;
  readonly response: TestResponse;
}

const DENIAL_CODES = new Set([
  'ERR_WEB_UNAUTHENTICATED',
  'ERR_WEB_FORBIDDEN',
  'ERR_WEB_BREAK_GLASS_REQUIRED',
  'ERR_WEB_CSRF',
]);

/** Refused by a guard: 401/403 (the bearer API's 401 carries no code, the web app's do). */
export function isDenied(response: TestResponse): boolean {
  const code = (response.json as { code?: string } | undefined)?.code;
  if (code !== undefined) return DENIAL_CODES.has(code);
  return response.status === 401 || response.status === 403;
}

function isNotFound(response: TestResponse): boolean {
  return (
    response.status === 404 && (response.json as { code?: string } | undefined)?.code === 'ERR_WEB_NOT_FOUND'
  );
}

/** Routes the server registered that the table does not list, and rows for routes it lacks. */
export function matrixCoverage(
  registered: readonly { method: string; url: string }[],
  table: MatrixTable,
): { missing: string[]; stale: string[] } {
  const keys = new Set(registered.map((route) => `${route.method} ${route.url}`));
  return {
    missing: [...keys].filter((key) => !(key in table)).sort(),
    stale: Object.keys(table)
      .filter((key) => !keys.has(key))
      .sort(),
  };
}

/**
 * Runs every row × every actor × own company (and, for rows naming objects, the other company's
 * object and an object outside the actor's scope), and reports each answer that is not what
 * the table says. `record` receives every call the own company's administrator made.
 */
export async function runAuthorizationMatrix(
  matrix: MatrixWorld,
  table: MatrixTable,
  record?: (entry: RecordedCall) => void,
): Promise<string[]> {
  const failures: string[] = [];
  const sessions = new Map<Actor, TestSession | undefined>();
  const signInAll = async () => {
    for (const actor of ACTORS) sessions.set(actor, await matrix.signIn(actor, 'own'));
  };
  await signInAll();
  for (const [key, row] of Object.entries(table)) {
    const [method = 'GET'] = key.split(' ');
    for (const actor of ACTORS) {
      const allowed = row.allow.includes(actor);
      const variants: ('own' | 'foreign' | 'outside')[] = ['own'];
      if (row.objects && allowed) variants.push('foreign');
      if (row.objects === 'line' && allowed) variants.push('outside');
      for (const variant of variants) {
        const session =
          row.ownSession && actor !== 'anonymous' ? await matrix.signIn(actor, 'own') : sessions.get(actor);
        const fixtures = variant === 'foreign' ? matrix.foreign : outsideOr(matrix.own, variant);
        const call = await row.call(fixtures);
        const response = await matrix.world.call(method, call.path, {
          session,
          ...(call.body !== undefined ? { body: call.body } : {}),
          ...(call.headers ? { headers: call.headers } : {}),
        });
        if (actor === 'company_admin' && variant === 'own') record?.({ method, call, response });
        const label = `${key} as ${actor} (${variant}) → ${response.status} ${response.text.slice(0, 120)}`;
        const narrow = actor === 'line_user' || actor === 'cost_centre_manager';
        if (!allowed) {
          if (!isDenied(response)) failures.push(`should be refused: ${label}`);
        } else if (variant === 'foreign' || (variant === 'outside' && narrow)) {
          if (!isNotFound(response)) failures.push(`should be 404: ${label}`);
        } else if (isDenied(response) || response.status === 404 || response.status >= 500) {
          failures.push(`should be allowed: ${label}`);
        }
      }
      if (row.resetsSessions) await signInAll();
    }
  }
  return failures;
}

function outsideOr(fixtures: Fixtures, variant: 'own' | 'outside'): Fixtures {
  return variant === 'outside' ? { ...fixtures, lineId: fixtures.outsideLineId } : fixtures;
}
