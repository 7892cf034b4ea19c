import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { notFound, sendProblem } from '../web-error.js';

/** `ui/dist` beside this package (src/web/http or dist/web/http → ../../../ui/dist). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../../ui/dist', import.meta.url));

const NOT_BUILT = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Bill Manager · UI not built</title></head>
<body><h1>The Bill Manager UI is not built</h1>
<p>The API is running at <code>/api</code>, but there is no built UI to serve.</p>
<p>Build it with <code>npx vite build --config packages/bill-manager/ui/vite.config.ts</code>
from the repository root, then reload this page.</p></body></html>
`;

/**
 * Where a page address with repeated slashes belongs (`//` → `/`, `/lines//x` → `/lines/x`), or
 * undefined when it is fine. A base URL joined with a path makes these easily, and the static
 * files refuse them (403), so a navigation is sent to the one address instead. Backslashes count
 * as slashes: a browser reads `/\\host` as `//host`, so neither may survive into a Location.
 */
export function canonicalPagePath(url: string): string | undefined {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (!/[/\\]{2}|\\/.test(path)) return undefined;
  return path.replace(/[/\\]+/g, '/') + (query === -1 ? '' : url.slice(query));
}

/**
 * The built React UI: Vite's hashed files under `/assets/` are cached for a year (their names
 * change with their content), everything else is revalidated; any other GET outside `/api` is
 * the app's `index.html` (client-side routes). Without a build, a page that says how to make one.
 */
export async function serveUi(app: FastifyInstance, uiDir: string | undefined): Promise<void> {
  const root = resolve(uiDir ?? DEFAULT_UI_DIR);
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      dotfiles: 'deny',
      cacheControl: false,
      setHeaders(res, path) {
        res.header(
          'cache-control',
          path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const notAPage =
      request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/assets/');
    if (notAPage || request.method !== 'GET') {
      return sendProblem(reply, notFound());
    }
    if (!built)
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  });
}
