import { ApiError, type Problem } from './api-error.js';

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Sign-in answers 401 for a wrong password or a missing code: that is not a lost session. */
  readonly unauthorizedIsAnswer?: boolean;
}

export interface ApiClientOptions {
  /** The header the server reads the CSRF token from on every state change. */
  readonly csrfHeader: string;
  /** The current CSRF token (from the session), or null before sign-in. */
  readonly csrfToken: () => string | null;
  /** Called on 401: the session has ended, so the app goes back to sign-in. */
  readonly onUnauthorized: () => void;
  readonly fetch?: typeof fetch;
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, options?: RequestOptions): Promise<T>;
  put<T>(path: string, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, options?: RequestOptions): Promise<T>;
  delete<T>(path: string, options?: RequestOptions): Promise<T>;
  /** A GET whose body is not JSON (a download): the response, once it is known to be 2xx. */
  raw(path: string, query?: Readonly<Record<string, QueryValue>>): Promise<Response>;
  /** A URL for a plain GET (links, downloads), with its query string. */
  url(path: string, query?: Readonly<Record<string, QueryValue>>): string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function buildUrl(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as Problem;
    } catch {
      // A malformed error body still has a status worth reporting.
    }
  }
  return { status: response.status, title: response.statusText || 'Request failed' };
}

/**
 * The one way the UI talks to the server: same-origin JSON, the session cookie sent by the
 * browser, the CSRF token on every state change, and a 401 anywhere ending the session.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(method: string, path: string, init: RequestOptions = {}): Promise<T> {
    const headers = new Headers({ accept: 'application/json' });
    let body: BodyInit | undefined;
    if (init.body instanceof Blob) {
      body = init.body;
      headers.set('content-type', init.body.type || 'application/octet-stream');
    } else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers.set('content-type', 'application/json');
    }
    if (!SAFE_METHODS.has(method)) {
      const token = options.csrfToken();
      if (token) headers.set(options.csrfHeader, token);
    }
    const response = await doFetch(buildUrl(path, init.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      signal: init.signal,
    });
    if (response.status === 401) {
      const problem = await readProblem(response);
      if (!init.unauthorizedIsAnswer) options.onUnauthorized();
      throw new ApiError(401, problem);
    }
    if (!response.ok) throw new ApiError(response.status, await readProblem(response));
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  return {
    get: (path, init) => request('GET', path, init),
    post: (path, init) => request('POST', path, init),
    put: (path, init) => request('PUT', path, init),
    patch: (path, init) => request('PATCH', path, init),
    delete: (path, init) => request('DELETE', path, init),
    url: buildUrl,
    raw: async (path, query) => {
      const response = await doFetch(buildUrl(path, query), {
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'error',
      });
      if (response.status === 401) options.onUnauthorized();
      if (!response.ok) throw new ApiError(response.status, await readProblem(response));
      return response;
    },
  };
}
