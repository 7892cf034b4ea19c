import { PAGE_STYLE_HASH } from './page-style.js';

/**
 * Headers on every response. The page shows the visitor's own identifiers, so: nothing may cache
 * it, frame it, read it from another origin, or run script in it; the policy allows the page's
 * one inline style by hash and nothing else.
 */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': `default-src 'none'; style-src ${PAGE_STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'cross-origin-resource-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** `securityHeaders` plus a plain-text type, for answers written straight to a socket. */
export function plainResponseHeaders(): Record<string, string> {
  return { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() };
}
