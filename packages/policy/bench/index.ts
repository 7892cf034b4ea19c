// Policy benchmark: compile a 10,000-destination policy and match requests against it, beside a
// naive linear scan over the destinations (the peer: what a proxy rule list does), plus
// `policy check` and `policy diff` on the same file. Sizes scale with BENCH_SCALE (default 1).
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import {
  checkPolicySource,
  compilePolicy,
  diffPolicies,
  normaliseHost,
  type Policy,
  type PolicyInput,
  policySchema,
} from '../src/index.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const destinations = Math.round(10_000 * scale);
const requests = Math.round(200_000 * scale);

function buildPolicy(count: number): PolicyInput {
  const partners: PolicyInput['partners'] = [];
  for (let index = 0; index < count / 4; index++) {
    partners.push({
      id: `partner-${index}`,
      legalName: `Partner ${index} Ltd`,
      contract: { reference: `C-${index}`, expires: '2099-12-31' },
      contact: `dpo@p${index}.example`,
      destinations: [
        { scheme: 'https', host: `api.p${index}.example`, pathPrefix: '/billing' },
        { scheme: 'https', host: `api.p${index}.example`, pathPrefix: '/identity' },
        { scheme: 'http', host: `www.p${index}.example` },
        { scheme: 'https', host: `*.cdn.p${index}.example` },
      ],
      purposes: {
        'carrier-billing': {
          disclose: { msisdn: 'X-MSISDN' },
          justification: 'charging purchases to the bill',
        },
        'customer-identification': {},
      },
    });
  }
  return { version: 1, id: 'bench', pools: { 'mobile-data': ['10.0.0.0/8'] }, partners };
}

function naiveMatcher(policy: Policy) {
  const rules = policy.partners.flatMap((partner) =>
    partner.destinations.map((destination) => ({ partner, destination })),
  );
  return (url: { scheme: string; host: string; path: string }) => {
    const host = normaliseHost(url.host) ?? '';
    const found: string[] = [];
    for (const { partner, destination } of rules) {
      if (destination.scheme !== url.scheme) continue;
      const pattern = destination.host;
      const ok = pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : pattern === host;
      if (ok && url.path.startsWith(destination.pathPrefix)) found.push(partner.id);
    }
    return found;
  };
}

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

const input = buildPolicy(destinations);
const policy = policySchema.parse(input);
const yamlText = stringify(input);
const urls = Array.from({ length: 1000 }, (_, index) => {
  const partner = (index * 7919) % (destinations / 4);
  const kind = index % 4;
  if (kind === 0) return { scheme: 'https', host: `api.p${partner}.example`, path: '/billing/charge' };
  if (kind === 1) return { scheme: 'https', host: `img.cdn.p${partner}.example`, path: '/a.png' };
  if (kind === 2) return { scheme: 'http', host: `WWW.P${partner}.example.`, path: '/' };
  return { scheme: 'http', host: `news.unlisted${index}.example`, path: '/' };
});

const compiled = time(() => compilePolicy(policy));
const naive = naiveMatcher(policy);
const naiveRequests = Math.max(1000, Math.round(requests / 100));

let hits = 0;
const fast = time(() => {
  for (let index = 0; index < requests; index++)
    hits += compiled.value.match(urls[index % urls.length] as never).length;
});
const slow = time(() => {
  for (let index = 0; index < naiveRequests; index++) naive(urls[index % urls.length] as never);
});
const check = time(() => checkPolicySource(yamlText, { now: new Date('2025-06-01') }));
const widened = policySchema.parse({
  ...input,
  partners: [
    ...input.partners,
    {
      ...(input.partners[0] as PolicyInput['partners'][number]),
      id: 'newcomer',
      destinations: [{ scheme: 'http', host: 'leak.example' }],
    },
  ],
});
const diff = time(() => diffPolicies(policy, widened));

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString('en-GB');
process.stdout.write(
  [
    `## policy (${destinations.toLocaleString('en-GB')} destinations; requests 3/4 hits, 1/4 misses; ${hits} matches)`,
    '',
    '| operation | result |',
    '| --- | --- |',
    `| compilePolicy | ${compiled.ms.toFixed(1)} ms |`,
    `| compiled match | ${perSecond(requests, fast.ms)} matches/s (${((fast.ms * 1000) / requests).toFixed(2)} µs each) |`,
    `| peer: naive linear scan | ${perSecond(naiveRequests, slow.ms)} matches/s (${((slow.ms * 1000) / naiveRequests).toFixed(1)} µs each) |`,
    `| ratio compiled / naive | ${((naiveRequests / slow.ms) ** -1 / (requests / fast.ms) ** -1).toFixed(0)}× |`,
    `| policy check (YAML ${Math.round(yamlText.length / 1024)} KiB, ${check.value.problems.length} problems: http warnings by design) | ${check.ms.toFixed(0)} ms |`,
    `| policy diff (${diff.value.changes.length} changes) | ${diff.ms.toFixed(0)} ms |`,
    '',
  ].join('\n'),
);
