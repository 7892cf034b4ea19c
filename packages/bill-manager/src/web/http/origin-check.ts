import type { FastifyRequest } from 'fastify';
import { WebError } from '../web-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state change must come from the app's own origin: with an `Origin` header, it must be one of
 * `publicOrigins` (or, unset, this request's own host and scheme); a browser's `Sec-Fetch-Site`
 * must say same-origin. Clients that send neither (scripts) still need the CSRF token.
 */
export function assertSameOrigin(
  request: FastifyRequest,
  config: { readonly publicOrigins?: readonly string[] | undefined; readonly secureCookies: boolean },
): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const allowed = config.publicOrigins
      ? config.publicOrigins.map((url) => new URL(url).origin)
      : [`${config.secureCookies ? 'https' : 'http'}://${request.headers.host ?? ''}`];
    if (!allowed.includes(origin))
      throw new WebError('ERR_WEB_CSRF', 'requests from another origin are refused');
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new WebError('ERR_WEB_CSRF', 'requests from another site are refused');
  }
}
