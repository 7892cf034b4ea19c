import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The newest modification time among `dir`'s files, recursively. */
async function newestChange(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/**
 * Builds the UI with Vite when `dist` has no index.html (a fresh checkout that skipped
 * `npm run build:ui`) or is older than the UI's sources or the API contract, so the browser
 * tests never run a stale build; bounded in time so a stuck build fails the suite instead of
 * hanging it.
 */
export async function buildUiOnce(dist: string, timeoutMs: number): Promise<void> {
  const index = join(dist, 'index.html');
  if (existsSync(index)) {
    const ui = resolve(dist, '..');
    const sources = Math.max(
      await newestChange(join(ui, 'src')),
      (await stat(resolve(ui, '../src/web/api-contract.ts'))).mtimeMs,
    );
    if ((await stat(index)).mtimeMs >= sources) return;
  }
  const { build } = await import('vite');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`UI build took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([
      build({ configFile: resolve(dist, '../vite.config.ts'), logLevel: 'warn' }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`UI build finished without ${dist}/index.html`);
}
