import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Builds the UI with Vite when `dist` has no index.html (a fresh checkout that skipped
 * `npm run build:ui`), bounded in time so a stuck build fails the suite instead of hanging it.
 */
export async function buildUiOnce(dist: string, timeoutMs: number): Promise<void> {
  if (existsSync(join(dist, 'index.html'))) return;
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
