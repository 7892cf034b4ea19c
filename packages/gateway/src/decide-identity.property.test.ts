import type { Server } from 'node:http';
import { createPseudonymizer } from '@linekeeper/identity-core';
import { compilePolicy, type PolicyInput, policySchema } from '@linekeeper/policy';
import type { LookupResult } from '@linekeeper/subscriber-sessions';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toActivePolicy } from './active-policy.js';
import { decideIdentity } from './decide-identity.js';
import {
  MSISDN,
  PSEUDONYM_KEY,
  proxyGet,
  session,
  startEchoOrigin,
  startGatewayHarness,
} from './testing/gateway-fixture.js';

const HOSTS = ['a.test', 'b.test', 'c.test', 'd.test'] as const;
const PURPOSES = ['age-verification', 'carrier-billing', 'customer-identification'] as const;
const FIELDS = ['pseudonym', 'msisdn', 'imsi', 'rat-type'] as const;
const POOLS = ['p0', 'p1', 'p2'] as const;
// Pool pN is 10.0.N.0/24; 10.0.3.0/24 is in no pool (Wi-Fi, fixed, anything else).
const poolOf = (address: string) => `p${address.split('.')[2]}`;

const purposeArb = fc.record({
  pools: fc.option(fc.uniqueArray(fc.constantFrom(...POOLS), { minLength: 1 }), { nil: undefined }),
  fields: fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1 }),
});
const partnerArb = fc.record({
  hosts: fc.uniqueArray(fc.constantFrom(...HOSTS), { minLength: 1, maxLength: 2 }),
  purposes: fc.dictionary(fc.constantFrom(...PURPOSES), purposeArb, { minKeys: 1 }),
});
const addressArb = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .map(([n, h]) => `10.0.${n}.${h}`);
const sessionArb = fc.constantFrom<LookupResult['status']>('found', 'none', 'unknown');

function toPolicy(
  partners: {
    hosts: string[];
    purposes: Record<string, { pools?: string[] | undefined; fields: string[] }>;
  }[],
) {
  const input: PolicyInput = {
    version: 1,
    id: 'property',
    pools: Object.fromEntries(POOLS.map((pool, n) => [pool, [`10.0.${n}.0/24`]])),
    partners: partners.map((partner, i) => ({
      id: `partner-${i}`,
      legalName: `Partner ${i}`,
      contract: { reference: `C-${i}`, expires: '2099-12-31' },
      contact: 'dpo@partner.test',
      destinations: partner.hosts.map((host) => ({ scheme: 'http' as const, host })),
      purposes: Object.fromEntries(
        Object.entries(partner.purposes).map(([purpose, spec]) => [
          purpose,
          {
            ...(spec.pools ? { pools: spec.pools } : {}),
            disclose: Object.fromEntries(spec.fields.map((field) => [field, `X-${i}-${purpose}-${field}`])),
            justification: 'Needed to charge the purchase to the bill.',
          },
        ]),
      ),
    })),
  };
  return policySchema.parse(input);
}

describe('identity reaches a host if and only if the policy lists it for that purpose and the client is a live subscriber in a listed pool', () => {
  const pseudonymizer = createPseudonymizer({ key: PSEUDONYM_KEY, epoch: 0 });

  it('holds for the decision over random policies, sessions and requests', () => {
    fc.assert(
      fc.property(
        fc.array(partnerArb, { minLength: 0, maxLength: 3 }),
        addressArb,
        fc.constantFrom(...HOSTS, 'evil.test', 'a.test.evil.test'),
        sessionArb,
        (partners, client, host, status) => {
          const policy = toPolicy(partners);
          const active = toActivePolicy({ policy, compiled: compilePolicy(policy), version: 'sha256:test' });
          const lookup: LookupResult = status === 'found' ? { status, session: session(client) } : { status };
          const decision = decideIdentity({
            policy: active,
            clientAddress: client,
            destination: { scheme: 'http', host, port: 80, path: '/' },
            session: lookup,
            pseudonymizer,
            instanceId: 'gateway-1',
            now: Date.now(),
          });
          // The oracle: the policy read naively, without the compiled matcher.
          const expected = new Set<string>();
          partners.forEach((partner, i) => {
            if (!partner.hosts.includes(host as (typeof HOSTS)[number]) || status !== 'found') return;
            for (const [purpose, spec] of Object.entries(partner.purposes)) {
              const pools = spec.pools ?? [...POOLS];
              if (!pools.includes(poolOf(client) as (typeof POOLS)[number])) continue;
              for (const field of spec.fields) expected.add(`partner-${i}/${purpose}/${field}`);
            }
          });
          const actual = new Set<string>();
          if (decision.kind === 'disclose') {
            for (const plan of decision.plans) {
              for (const field of plan.disclosure.fields)
                actual.add(`${plan.match.partnerId}/${plan.match.purpose}/${field}`);
              expect(plan.disclosure.host).toBe(host);
              expect(plan.headers).toHaveLength(plan.disclosure.fields.length);
              for (const [name, value] of plan.headers) {
                if (name.endsWith('-msisdn')) expect(value).toBe(MSISDN);
                if (name.endsWith('-pseudonym'))
                  expect(value).toBe(pseudonymizer.pseudonym(plan.match.partnerId, MSISDN));
              }
            }
          }
          expect([...actual].sort()).toEqual([...expected].sort());
        },
      ),
      { numRuns: 500 },
    );
  });

  describe('over real sockets', () => {
    let origin: { server: Server; port: number };
    beforeAll(async () => {
      origin = await startEchoOrigin();
    });
    afterAll(() => {
      origin.server.closeAllConnections();
      origin.server.close();
    });

    it('holds for random sessions, hosts and spoofed headers through the proxy', async () => {
      const gateway = await startGatewayHarness({
        overrides: { 'partner.test': `127.0.0.1:${origin.port}`, 'other.test': `127.0.0.1:${origin.port}` },
      });
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.boolean(),
            fc.constantFrom('partner.test', 'other.test'),
            fc.integer({ min: 2, max: 4 }),
            fc.subarray([
              'X-MSISDN',
              'x-msisdn',
              'X-Msisdn',
              'X-LINEKEEPER-PSEUDONYM',
              'X-Up-Calling-Line-ID',
            ]),
            async (live, host, last, spoof) => {
              const client = `127.0.0.${last}`;
              if (live) await gateway.sessions.record(session(client));
              const headers = spoof.flatMap((name) => [name, '+447700900999']);
              const response = await proxyGet(gateway.port, `http://${host}/`, {
                localAddress: client,
                headers,
              });
              const echo = JSON.parse(response.body) as { rawHeaders: string[] };
              const msisdns = echo.rawHeaders.filter(
                (_, i, all) => i % 2 === 1 && all[i - 1]?.toLowerCase() === 'x-msisdn',
              );
              expect(echo.rawHeaders).not.toContain('+447700900999');
              expect(msisdns).toEqual(live && host === 'partner.test' ? [MSISDN] : []);
              const s = session(client);
              await gateway.sessions.stop({
                nas: s.nas,
                accountingSessionId: s.accountingSessionId,
                framedIpAddress: client,
                framedIpv6Prefix: undefined,
              });
            },
          ),
          { numRuns: 25 },
        );
      } finally {
        await gateway.close();
      }
    });
  });
});
