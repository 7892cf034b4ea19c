import type { SessionStore } from './session-store.js';

/**
 * Resolves once the store answers (true), or false after `timeoutMs`. Used at start so the
 * first accounting requests are not dropped while Redis is still connecting; a store that
 * stays away is not fatal: ioredis keeps reconnecting and the NAS keeps retransmitting.
 */
export async function waitUntilReady(
  store: SessionStore,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await store.ready()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
