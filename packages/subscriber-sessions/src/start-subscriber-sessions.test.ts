import { createLogger, parseConfig } from '@linekeeper/identity-core';
import { describe, expect, it } from 'vitest';
import { startSubscriberSessions } from './start-subscriber-sessions.js';
import { subscriberSessionsConfigSchema } from './subscriber-sessions-config.js';
import { accountingRequest, exchange } from './testing/accounting-packets.js';

describe('startSubscriberSessions', () => {
  it('learns a session over UDP and serves it on the admin API, then closes', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 'radius',
      level: 'debug',
      destination: { write: (line) => lines.push(line) },
    });
    const config = parseConfig(subscriberSessionsConfigSchema, {
      port: 0,
      clients: [{ name: 'demo', cidr: '127.0.0.0/8', secret: 'linekeeper-demo' }],
      admin: { port: 0 },
    });
    const handle = await startSubscriberSessions(config, { logger });
    try {
      const port = handle.listener.address.port;
      const start = {
        statusType: 'Start',
        sessionId: 'S1',
        msisdn: '447700900123',
        ipv4: '10.0.0.7',
      } as const;
      expect(await exchange(port, [accountingRequest(start, 'linekeeper-demo')])).toHaveLength(1);
      expect(
        await exchange(port, [accountingRequest(start, 'wrong-secret-0000')], { waitMs: 150 }),
      ).toHaveLength(0);

      const base = `http://127.0.0.1:${handle.admin.port}`;
      const session = await fetch(`${base}/sessions/10.0.0.7`);
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({ msisdn: '+44********23', accountingSessionId: 'S1' });
      const revealed = await (await fetch(`${base}/sessions/10.0.0.7?reveal=1`)).json();
      expect(revealed).toMatchObject({ msisdn: '+447700900123' });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('linekeeper_radius_dropped_total{reason="bad-authenticator"} 1');
      expect(handle.listening.join(' ')).toMatch(/udp:\/\/127\.0\.0\.1:\d+.*http:\/\/127\.0\.0\.1:\d+/);
      // The app logs drops and reveals, never the number itself.
      expect(lines.join('')).toContain('accounting request dropped');
      expect(lines.join('')).toContain('session revealed');
      expect(lines.join('')).not.toContain('7700900123');
    } finally {
      await handle.close();
    }
  });

  it('refuses to start an admin API off loopback without a token', async () => {
    const logger = createLogger({ name: 'radius', destination: { write: () => {} } });
    const config = {
      ...parseConfig(subscriberSessionsConfigSchema, {
        port: 0,
        clients: [{ name: 'd', cidr: '127.0.0.0/8', secret: 'linekeeper-demo' }],
      }),
      admin: { host: '0.0.0.0', port: 0 },
    };
    await expect(startSubscriberSessions(config, { logger })).rejects.toThrow(/admin\.token/);
  });
});
