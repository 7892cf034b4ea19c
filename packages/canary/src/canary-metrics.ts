import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The canary's Prometheus series, on the registry it is handed. */
export interface CanaryMetrics {
  round(at: number): void;
  check(check: string, alarmed: boolean, seconds: number): void;
  alarmRaised(check: string): void;
  webhookFailed(): void;
}

export function createCanaryMetrics(registry: Registry): CanaryMetrics {
  const alarm = new Gauge({
    name: 'linekeeper_canary_alarm',
    help: '1 while a canary check is alarming (identity at the canary host, or a partner not receiving what the policy says), else 0',
    labelNames: ['check'] as const,
    registers: [registry],
  });
  const alarms = new Counter({
    name: 'linekeeper_canary_alarms_total',
    help: 'Times a canary check went from green to alarm',
    labelNames: ['check'] as const,
    registers: [registry],
  });
  const rounds = new Counter({
    name: 'linekeeper_canary_rounds_total',
    help: 'Canary rounds completed',
    registers: [registry],
  });
  const lastRound = new Gauge({
    name: 'linekeeper_canary_last_round_timestamp_seconds',
    help: 'When the last canary round completed (alert when it stops moving)',
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'linekeeper_canary_check_duration_seconds',
    help: 'Time for one canary request through the gateway',
    labelNames: ['check'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const webhookFailures = new Counter({
    name: 'linekeeper_canary_webhook_failures_total',
    help: 'Alarm webhooks that failed or timed out',
    registers: [registry],
  });
  return {
    round(at) {
      rounds.inc();
      lastRound.set(at / 1000);
    },
    check(check, alarmed, seconds) {
      alarm.set({ check }, alarmed ? 1 : 0);
      latency.observe({ check }, seconds);
    },
    alarmRaised: (check) => alarms.inc({ check }),
    webhookFailed: () => webhookFailures.inc(),
  };
}
