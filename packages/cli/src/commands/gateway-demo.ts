import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@linekeeper/identity-core';
import type { DemoService } from '../demo-services.js';
import { gatewayCommandSchema, startGatewayWorld } from './gateway.js';
import { radiusDemoConfig, warnDemoSecret } from './radius.js';

/** Published in the repository, so worthless: pseudonyms made with it protect nobody. */
const DEMO_PSEUDONYM_KEY = Buffer.from('linekeeper-demo-pseudonym-key!!!').toString('hex');
const DEMO_POLICY = fileURLToPath(new URL('../../../policy/demo/policy.yaml', import.meta.url));

/**
 * The demo's `partner.demo`: answers every request with the headers it received, as JSON, so a
 * newcomer sees exactly what the partner would see.
 */
async function startEchoOrigin(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const headers: Record<string, string | string[]> = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = (req.rawHeaders[i] as string).toLowerCase();
        const value = req.rawHeaders[i + 1] as string;
        const seen = headers[name];
        headers[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
      }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(
        `${JSON.stringify({ partner: 'partner.demo', method: req.method, url: req.url, headers }, null, 2)}\n`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/**
 * `npm start`: the RADIUS listener and the gateway sharing one in-process session table, the
 * demo policy, `partner.demo` (an echo origin on a loopback port) and `leak-check.demo` (the
 * leak-check page) in the gateway's resolver, and the ledger in PGlite under `.linekeeper/ledger`
 * (in memory when a port offset is given, so that a second demo never shares the directory).
 */
export const gatewayDemoService: DemoService = {
  name: 'gateway',
  async start(logger, { portOffset }) {
    warnDemoSecret(logger);
    logger.warn('WARNING: the demo gateway uses a published pseudonym key; set pseudonym.key for real use');
    const origin = await startEchoOrigin();
    const originPort = (origin.address() as AddressInfo).port;
    const config = parseConfig(
      gatewayCommandSchema,
      {
        port: 8080 + portOffset,
        policyFile: DEMO_POLICY,
        pseudonym: { key: DEMO_PSEUDONYM_KEY },
        transparent: true,
        resolver: {
          overrides: {
            'partner.demo': `127.0.0.1:${originPort}`,
            'leak-check.demo': `127.0.0.1:${8081 + portOffset}`,
          },
          dns: false,
        },
        radius: radiusDemoConfig(portOffset),
        ledger: { dataDir: portOffset === 0 ? '.linekeeper/ledger' : 'memory://' },
      },
      'demo world',
    );
    try {
      const world = await startGatewayWorld(config, logger);
      return {
        name: world.name,
        listening: [...world.listening, `http://127.0.0.1:${originPort} (partner.demo echo origin)`],
        async close() {
          await world.close();
          origin.closeAllConnections();
          await new Promise((resolve) => origin.close(resolve));
        },
      };
    } catch (error) {
      origin.close();
      throw error;
    }
  },
};
