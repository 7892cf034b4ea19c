// Bill Manager web benchmark: `node --import tsx packages/bill-manager/bench/dashboard.ts`.
// The dashboard API (`GET /api/dashboard`) for the largest benchmark company — 250 lines ×
// ~500 records per line per month, three months, beside BENCH_SMALL (default 200) small
// companies — with 50 concurrent signed-in sessions (50 administrators, one session each),
// on PostgreSQL. Peer in the same run: `GET /healthz` on the same server (the HTTP floor, no
// session, no database). Where the time goes: the same routes on a second server with the
// session and dashboard caches off (`GET /api/session` is the session lookup alone). Servers
// run in child processes so the load generator does not share their event loop.
// Target: dashboard p95 < 100 ms.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@linekeeper/identity-core';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  billManagerWebConfigSchema,
  createBillDatabase,
  createBillManagerServer,
  createPasswordHasher,
  dramaNumber,
  ensureDemoUsers,
  type GeneratedCompany,
  importBillRun,
  type WebDatabase,
  writeBillRunFiles,
} from '../src/index.js';
import type { WebSchema } from '../src/web/web-schema.js';

const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SESSIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const SMALL = Number(process.env.BENCH_SMALL ?? 200);
const PASSWORD = 'bench-password-123';

function companies(): GeneratedCompany[] {
  const centres = [
    'Sales/North/Leeds',
    'Sales/North/York',
    'Sales/South',
    'Engineering/Field',
    'Engineering/Office',
    'Board',
  ];
  return [
    {
      companyRef: 'big-co',
      name: 'Big Co plc',
      accounts: [
        {
          accountNumber: 'BIG-0001',
          name: 'Big Co',
          lines: Array.from({ length: 250 }, (_, i) => ({
            msisdn: dramaNumber(i),
            userName: `Employee ${i + 1}`,
            costCentre: centres[i % centres.length] ?? 'Board',
          })),
        },
      ],
    },
    ...Array.from(
      { length: SMALL },
      (_, c): GeneratedCompany => ({
        companyRef: `small-${c}`,
        name: `Small Business ${c}`,
        accounts: [
          {
            accountNumber: `SMB-${String(c).padStart(5, '0')}`,
            name: `Small Business ${c}`,
            lines: [0, 1].map((l) => ({
              msisdn: dramaNumber(250 + c * 2 + l),
              userName: `Owner ${l}`,
              costCentre: 'Office',
            })),
          },
        ],
      }),
    ),
  ];
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Child: serve the Bill Manager on the scratch database, report the port, wait to be killed. */
async function serve(databaseUrl: string, overrides: string): Promise<void> {
  const database = await createBillDatabase({ databaseUrl, maxConnections: 20 });
  const config = billManagerWebConfigSchema.parse({
    ...(JSON.parse(overrides) as object),
    databaseUrl,
    secureCookies: false,
    port: 0,
    uiDir: '/nonexistent',
    // The per-user limit (600/min by default) would be the bottleneck, not the server.
    requestsPerMinute: 1_000_000,
    signInsPerMinute: 10_000,
  });
  const app = await createBillManagerServer(config, {
    database,
    logger: createLogger({ name: 'bench', level: 'warn' }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.addresses()[0];
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
}

async function measure(url: string, cookies: readonly string[]) {
  let next = 0;
  const result = await autocannon({
    url,
    connections: SESSIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context) => {
          // Each connection keeps one session: 50 signed-in users, each asking again and again.
          const store = context as { cookie?: string };
          store.cookie ??= cookies[next++ % Math.max(1, cookies.length)];
          return store.cookie
            ? { ...request, headers: { ...request.headers, cookie: store.cookie } }
            : request;
        },
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p95: (result.latency as unknown as Record<string, number>).p97_5 !== undefined ? percentile95(result) : 0,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

// autocannon reports p90 and p97.5, not p95: interpolate between them (stated in the output).
function percentile95(result: autocannon.Result): number {
  const latency = result.latency as unknown as Record<string, number>;
  const p90 = latency.p90 ?? 0;
  const p975 = latency.p97_5 ?? 0;
  return Math.round((p90 + ((p975 - p90) * (95 - 90)) / (97.5 - 90)) * 10) / 10;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') return serve(process.argv[3] ?? '', process.argv[4] ?? '{}');
  const name = `lk_bill_web_bench_${Date.now()}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const root = await mkdtemp(join(tmpdir(), 'lk-bill-web-bench-'));
  const children: ReturnType<typeof fork>[] = [];
  const start = async (overrides: object): Promise<string> => {
    const child = fork(
      new URL(import.meta.url).pathname,
      ['--serve', databaseUrl, JSON.stringify(overrides)],
      {
        execArgv: ['--import', 'tsx'],
      },
    );
    children.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    return `http://127.0.0.1:${port}`;
  };
  try {
    const database = await createBillDatabase({ databaseUrl });
    const list = companies();
    for (const [index, period] of ['2026-01', '2026-02', '2026-03'].entries()) {
      const dir = join(root, period);
      await writeBillRunFiles(dir, { period, companies: list, recordsPerLine: 500, seed: index + 1 });
      const report = await importBillRun(database, dir);
      if (report.status !== 'published') throw new Error(`bench import ${period}: ${report.status}`);
      await rm(dir, { recursive: true, force: true });
    }
    const admins = Array.from({ length: SESSIONS }, (_, i) => ({
      email: `admin-${i}@big-co.bench`,
      displayName: `Admin ${i}`,
      role: 'company_admin' as const,
      companyRef: 'big-co',
    }));
    const db = database.db.withTables<WebSchema>() as unknown as WebDatabase;
    await ensureDemoUsers(db, createPasswordHasher(), admins, PASSWORD, false);
    await database.close();

    const base = await start({});
    const uncachedBase = await start({ sessionCacheSeconds: 0, dashboardCacheEntries: 0 });
    const signIn = async (at: string) => {
      const cookies: string[] = [];
      for (const user of admins) {
        const response = await fetch(`${at}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: PASSWORD }),
        });
        if (response.status !== 200) throw new Error(`sign-in ${response.status} ${await response.text()}`);
        cookies.push((response.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
      }
      const check = await fetch(`${at}/api/dashboard`, { headers: { cookie: cookies[0] ?? '' } });
      if (check.status !== 200) throw new Error(`dashboard ${check.status}`);
      return cookies;
    };
    const cookies = await signIn(base);
    const uncachedCookies = await signIn(uncachedBase);

    await measure(`${base}/api/dashboard`, cookies.slice(0, 5)); // warm-up, not reported
    const floor = await measure(`${base}/healthz`, []);
    const session = await measure(`${uncachedBase}/api/session`, uncachedCookies);
    const uncached = await measure(`${uncachedBase}/api/dashboard`, uncachedCookies);
    const dashboard = await measure(`${base}/api/dashboard`, cookies);
    const load = loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
    console.log(
      `\n| Bill Manager web (PostgreSQL, ${SESSIONS} connections, ${DURATION_S} s each) | req/s | p50 ms | p95 ms* | p99 ms | non-2xx |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    console.log(
      `| GET /healthz (peer: HTTP floor, no session, no database) | ${floor.rps} | ${floor.p50} | ${floor.p95} | ${floor.p99} | ${floor.non2xx} |`,
    );
    const row = (label: string, m: Awaited<ReturnType<typeof measure>>) =>
      console.log(`| ${label} | ${m.rps} | ${m.p50} | ${m.p95} | ${m.p99} | ${m.non2xx} |`);
    row('GET /api/session, caches off (the session lookup: one database read per request)', session);
    row('GET /api/dashboard, caches off (every query on every request)', uncached);
    row(`GET /api/dashboard, largest company, ${SESSIONS} signed-in admins`, dashboard);
    console.log(
      `\n*p95 interpolated between autocannon's p90 and p97.5. Target: dashboard p95 < 100 ms. Load average: ${load}.`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await rm(root, { recursive: true, force: true });
    await admin(`drop database if exists ${name} with (force)`).catch(() => {});
  }
}

await main();
