import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isLineKeeperError } from '@linekeeper/identity-core';
import type { DisclosureLedger } from '@linekeeper/ledger';
import { assessPolicyChange, loadPolicyFile } from '@linekeeper/policy';
import { type ActivePolicy, toActivePolicy } from './active-policy.js';
import type { GatewayMetrics } from './gateway-metrics.js';

/** The outcome of one load or reload, for the app to log (the ledger has its own record). */
export interface PolicyLoadEvent {
  readonly accepted: boolean;
  /** `unchanged` when the file's bytes are those already running (nothing recorded). */
  readonly reason: string;
  readonly message: string;
  readonly version: string | undefined;
  readonly policyId: string | undefined;
}

export interface PolicyReloaderOptions {
  readonly file: string;
  readonly ledger: Pick<DisclosureLedger, 'recordPolicyLoad'>;
  readonly metrics: GatewayMetrics;
  readonly now?: () => number;
  readonly debounceMs?: number;
  /**
   * A load the ledger could not record (the ledger down, at start or later) is tried again after
   * this, doubling up to 30 s, until it is recorded; meanwhile the running policy (or none: no
   * identity for anyone) stays. Default 1000 ms.
   */
  readonly retryMs?: number;
  readonly onLoad?: (event: PolicyLoadEvent) => void;
}

export interface PolicyReloader {
  /** The running policy; `undefined` until a load has been accepted. */
  current(): ActivePolicy | undefined;
  /** Loads the file; concurrent calls run one after another. */
  load(): Promise<PolicyLoadEvent>;
  /** Reloads when the file changes (its directory is watched: editors replace files). */
  watch(): void;
  close(): void;
}

const MAX_RETRY_MS = 30_000;

/**
 * Atomic policy reload: the candidate is read, checked and compiled whole, then passed through
 * the approval gate against the running policy; only then, and only once the load is recorded
 * in the ledger, is it swapped in. Any failure keeps the running policy and says why.
 */
export function createPolicyReloader(options: PolicyReloaderOptions): PolicyReloader {
  const now = options.now ?? Date.now;
  let running: ActivePolicy | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelay = options.retryMs ?? 1000;
  let closed = false;

  const finish = (event: PolicyLoadEvent): PolicyLoadEvent => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (event.reason === 'ledger-unavailable' && !closed) {
      retryTimer = setTimeout(() => void reloader.load(), retryDelay);
      retryTimer.unref();
      retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
    } else retryDelay = options.retryMs ?? 1000;
    options.onLoad?.(event);
    return event;
  };

  const loadOnce = async (): Promise<PolicyLoadEvent> => {
    const version = await readFile(options.file)
      .then((bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`)
      .catch(() => undefined);
    if (version !== undefined && version === running?.version) {
      return finish({
        accepted: true,
        reason: 'unchanged',
        message: 'the file is unchanged',
        version,
        policyId: running.policy.id,
      });
    }
    let candidate: ActivePolicy;
    try {
      candidate = toActivePolicy(await loadPolicyFile(options.file));
    } catch (error) {
      const reason =
        isLineKeeperError(error) && error.code === 'ERR_POLICY_UNREADABLE' ? 'unreadable' : 'invalid';
      options.metrics.policyLoad('invalid');
      await options.ledger
        .recordPolicyLoad({ at: now(), policyVersion: version ?? 'unreadable', accepted: false, reason })
        .catch(() => undefined);
      const message = `${(error as Error).message}; keeping ${running ? `policy ${running.policy.id}` : 'no policy'}`;
      return finish({ accepted: false, reason, message, version, policyId: undefined });
    }
    const assessment = assessPolicyChange(running?.policy, candidate.policy);
    const load = {
      at: now(),
      policyVersion: candidate.version,
      accepted: assessment.accepted,
      reason: assessment.reason,
      diffHash: assessment.diffHash,
      approver: candidate.policy.approval?.approver,
    };
    if (!assessment.accepted) {
      options.metrics.policyLoad('refused');
      await options.ledger.recordPolicyLoad(load).catch(() => undefined);
      return finish({
        accepted: false,
        reason: assessment.reason,
        message: `${assessment.message}; keeping ${running ? `policy ${running.policy.id}` : 'no policy'}`,
        version: candidate.version,
        policyId: candidate.policy.id,
      });
    }
    try {
      await options.ledger.recordPolicyLoad(load);
    } catch {
      // A policy whose going live is not on record does not go live.
      options.metrics.policyLoad('refused');
      return finish({
        accepted: false,
        reason: 'ledger-unavailable',
        message: 'the ledger could not record the load; keeping the running policy',
        version: candidate.version,
        policyId: candidate.policy.id,
      });
    }
    running = candidate;
    options.metrics.policyLoad('accepted');
    return finish({
      accepted: true,
      reason: assessment.reason,
      message: assessment.message,
      version: candidate.version,
      policyId: candidate.policy.id,
    });
  };

  const reloader: PolicyReloader = {
    current: () => running,
    load() {
      const next = queue.then(loadOnce, loadOnce);
      queue = next.catch(() => undefined);
      return next;
    },
    watch() {
      if (watcher) return;
      const name = basename(options.file);
      watcher = watch(dirname(options.file), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== name) return;
        clearTimeout(timer);
        timer = setTimeout(() => void reloader.load(), options.debounceMs ?? 200);
      });
      watcher.on('error', () => undefined);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(retryTimer);
      watcher?.close();
      watcher = undefined;
    },
  };
  return reloader;
}
