import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { createCanaryMetrics } from './canary-metrics.js';
import { canaryError } from './errors.js';
import { fetchThroughProxy } from './fetch-through-proxy.js';
import { judgeCanaryHost, judgePartner, type Verdict } from './judge-responses.js';

/** A partner's canary URL and the headers the running policy says it must receive there. */
export interface PartnerCheck {
  readonly partnerId: string;
  readonly url: string;
  readonly expectHeaders: readonly string[];
}

export interface CanaryOptions {
  /** The gateway's proxy, e.g. `http://127.0.0.1:8080`. */
  readonly proxyUrl: string;
  /** A host no policy may ever list, answering as the leak-check page's `/api/check` does. */
  readonly canaryUrl: string;
  readonly partnerChecks: readonly PartnerCheck[];
  /** Between the end of one round and the start of the next. */
  readonly intervalMs: number;
  /** The canary subscriber's address (it holds a RADIUS session for the canary's number). */
  readonly clientAddress: string;
  readonly registry: Registry;
  readonly clock?: () => number;
  /** Per request (default 5 s). */
  readonly requestTimeoutMs?: number;
  /** POSTed a JSON alarm or clear event; bounded by `timeoutMs` (default 2 s). */
  readonly webhook?: { readonly url: string; readonly timeoutMs?: number };
}

export interface CheckResult extends Verdict {
  /** `canary-host` or `partner:<partnerId>`. */
  readonly check: string;
  readonly url: string;
  readonly latencyMs: number;
}

export interface CanaryRound {
  readonly at: number;
  readonly alarm: boolean;
  readonly checks: readonly CheckResult[];
}

export interface CanaryEvent extends CheckResult {
  readonly event: 'alarm' | 'clear';
  readonly at: number;
}

export interface Canary
  extends EventEmitter<{
    round: [CanaryRound];
    alarm: [CanaryEvent];
    clear: [CanaryEvent];
    'webhook-error': [unknown];
  }> {
  /** One round now (what `--once` runs). */
  runRound(): Promise<CanaryRound>;
  /** Rounds every `intervalMs` until `stop()`. */
  start(): void;
  stop(): Promise<void>;
  /** The checks currently alarming. */
  alarming(): readonly string[];
}

/**
 * The leak canary: as a subscriber of its own, it asks the canary host through the gateway
 * whether identity arrived (it must never), and each partner's canary URL whether what the
 * policy promises still arrives. Emits `alarm` when a check turns bad and `clear` when it
 * recovers, keeps the Prometheus series current, and POSTs both to the webhook.
 */
export function createCanary(options: CanaryOptions): Canary {
  if (!(options.intervalMs >= 100))
    throw canaryError('ERR_CANARY_OPTIONS_INVALID', 'intervalMs must be ≥ 100');
  const proxy = new URL(options.proxyUrl);
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.requestTimeoutMs ?? 5000;
  const metrics = createCanaryMetrics(options.registry);
  const partnerHeaders = [...new Set(options.partnerChecks.flatMap((check) => check.expectHeaders))];
  const alarming = new Set<string>();
  const emitter = new EventEmitter() as Canary;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  const probe = async (
    check: string,
    url: string,
    judge: (status: number, body: string) => Verdict,
  ): Promise<CheckResult> => {
    const started = performance.now();
    let verdict: Verdict;
    try {
      const answer = await fetchThroughProxy({
        proxy,
        url: new URL(url),
        localAddress: options.clientAddress,
        timeoutMs,
      });
      verdict = judge(answer.status, answer.body);
    } catch (error) {
      verdict = { alarm: true, reason: `request through the gateway failed: ${(error as Error).message}` };
    }
    const latencyMs = performance.now() - started;
    metrics.check(check, verdict.alarm, latencyMs / 1000);
    return { check, url, latencyMs, ...verdict };
  };

  const notify = async (event: CanaryEvent) => {
    emitter.emit(event.event, event);
    if (!options.webhook) return;
    try {
      const response = await fetch(options.webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'linekeeper-canary', ...event, at: new Date(event.at).toISOString() }),
        signal: AbortSignal.timeout(options.webhook.timeoutMs ?? 2000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    } catch (error) {
      metrics.webhookFailed();
      emitter.emit('webhook-error', error);
    }
  };

  const runRound = async (): Promise<CanaryRound> => {
    const checks = await Promise.all([
      probe('canary-host', options.canaryUrl, (status, body) =>
        judgeCanaryHost(status, body, partnerHeaders),
      ),
      ...options.partnerChecks.map((partner) =>
        probe(`partner:${partner.partnerId}`, partner.url, (status, body) =>
          judgePartner(status, body, partner.expectHeaders),
        ),
      ),
    ]);
    const at = clock();
    const notifications: Promise<void>[] = [];
    for (const result of checks) {
      if (result.alarm && !alarming.has(result.check)) {
        alarming.add(result.check);
        metrics.alarmRaised(result.check);
        notifications.push(notify({ ...result, event: 'alarm', at }));
      } else if (!result.alarm && alarming.delete(result.check)) {
        notifications.push(notify({ ...result, event: 'clear', at }));
      }
    }
    metrics.round(at);
    await Promise.all(notifications);
    const round: CanaryRound = { at, alarm: checks.some((result) => result.alarm), checks };
    emitter.emit('round', round);
    return round;
  };

  const loop = () => {
    if (stopped) return;
    const current = runRound().finally(() => {
      if (running === current) running = undefined;
      if (!stopped) timer = setTimeout(loop, options.intervalMs);
    });
    running = current;
  };

  return Object.assign(emitter, {
    runRound,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    alarming: () => [...alarming],
  });
}
