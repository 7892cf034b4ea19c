import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BillRunsResponse,
  CostCentresResponse,
  DashboardResponse,
  LinesResponse,
  RecordsResponse,
  TopNumbersResponse,
  WatchpointsResponse,
} from './api-contract.js';
import { HARBOUR } from './testing/open-matrix-world.js';
import { openWebTestWorld, type TestSession, type WebTestWorld } from './testing/web-test-world.js';

describe(`reading API (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let world: WebTestWorld;
  let admin: TestSession;
  let manager: TestSession;
  let lineUser: TestSession;
  const get = async <T>(path: string, session: TestSession): Promise<T> => {
    const response = await world.call('GET', path, { session });
    expect(response.status, `${path}: ${response.text}`).toBe(200);
    return response.json as T;
  };
  beforeAll(async () => {
    world = await openWebTestWorld();
    admin = await world.signIn(HARBOUR.admin);
    manager = await world.signIn(HARBOUR.manager);
    lineUser = await world.signIn(HARBOUR.lineUser);
  }, 180_000);
  afterAll(async () => world?.close());

  it('shows an administrator the whole company: dashboard months add up to the invoices', async () => {
    const dashboard = await get<DashboardResponse>('/api/dashboard', admin);
    const runs = await get<BillRunsResponse>('/api/bill-runs', admin);
    expect(dashboard.months.map((month) => month.period)).toEqual(['2026-03', '2026-02', '2026-01']);
    for (const month of dashboard.months) {
      const invoice = runs.billRuns.find((run) => run.period === month.period);
      expect(month.chargeMinor).toBe(invoice?.totalChargeMinor);
    }
    expect(dashboard.biggestLines).toHaveLength(4);
    expect(dashboard.change?.previousPeriod).toBe('2026-02');
    const sumByType = dashboard.byType
      .filter((row) => row.period === '2026-03')
      .reduce((sum, row) => sum + row.chargeMinor, 0);
    expect(sumByType).toBe(dashboard.months[0]?.chargeMinor);
  });

  it('searches, sorts and pages the lines', async () => {
    const all = await get<LinesResponse>('/api/lines?sort=userName&order=asc', admin);
    expect(all.lines.map((line) => line.userName)).toEqual([
      'Ada Baker',
      'Ben Crumb',
      'Cara Loaf',
      'Dev Rye',
    ]);
    const kitchen = await get<LinesResponse>('/api/lines?search=kitchen', admin);
    expect(kitchen.lines.map((line) => line.userName).sort()).toEqual(['Ben Crumb', 'Cara Loaf']);
    const byNumber = await get<LinesResponse>('/api/lines?search=07700%20900103', admin);
    expect(byNumber.lines.map((line) => line.msisdn)).toEqual([HARBOUR.outsideMsisdn]);
    const page = await get<LinesResponse>('/api/lines?pageSize=3&page=2&sort=msisdn&order=asc', admin);
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page.lines.map((line) => line.msisdn)).toEqual([HARBOUR.outsideMsisdn]);
    const bad = await world.call('GET', '/api/lines?sort=password', { session: admin });
    expect(bad.json).toMatchObject({ status: 400, code: 'ERR_WEB_INVALID_REQUEST' });
    expect((bad.json as { issues: string[] }).issues[0]).toMatch(/^sort:/);
  });

  it('gives a cost-centre manager their subtree only, and a line user their own line only', async () => {
    const managed = await get<LinesResponse>('/api/lines', manager);
    expect(managed.lines.map((line) => line.msisdn).sort()).not.toContain(HARBOUR.outsideMsisdn);
    expect(managed.total).toBe(3);
    const centres = await get<CostCentresResponse>('/api/cost-centres', manager);
    expect(centres.costCentres.map((centre) => centre.name)).toEqual(['Shop', 'Front of house', 'Kitchen']);
    const managerDashboard = await get<DashboardResponse>('/api/dashboard', manager);
    const adminDashboard = await get<DashboardResponse>('/api/dashboard', admin);
    expect(managerDashboard.months[0]?.chargeMinor).toBe(centres.costCentres[0]?.chargeMinor);
    expect(managerDashboard.months[0]?.chargeMinor).toBeLessThan(adminDashboard.months[0]?.chargeMinor ?? 0);

    const own = await get<LinesResponse>('/api/lines', lineUser);
    expect(own.lines.map((line) => line.msisdn)).toEqual([HARBOUR.lineMsisdn]);
    const dashboard = await get<DashboardResponse>('/api/dashboard', lineUser);
    expect(dashboard.biggestLines.map((line) => line.msisdn)).toEqual([HARBOUR.lineMsisdn]);
    expect((await world.call('GET', '/api/cost-centres', { session: lineUser })).status).toBe(403);
  });

  it("pages a line's itemised records by keyset cursor and lists its top numbers", async () => {
    const lineId = (await get<LinesResponse>('/api/lines', lineUser)).lines[0]?.id ?? '';
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/lines/${lineId}/records?period=2026-02&limit=25${after ? `&after=${after}` : ''}`;
      const page: RecordsResponse = await get<RecordsResponse>(query, lineUser);
      for (const record of page.records)
        seen.add(`${record.startedAt}|${record.calledNumber}|${record.chargeMinor}`);
      after = page.nextCursor;
      pages += 1;
    } while (after && pages < 50);
    expect(pages).toBeGreaterThan(2);
    expect(seen.size).toBeGreaterThan(50);
    const voice = await get<RecordsResponse>(
      `/api/lines/${lineId}/records?recordType=voice&limit=500`,
      lineUser,
    );
    expect(voice.records.every((record) => record.recordType === 'voice')).toBe(true);
    const top = await get<TopNumbersResponse>(`/api/lines/${lineId}/top-numbers?limit=3`, lineUser);
    expect(top.numbers.length).toBeGreaterThan(0);
    expect(top.numbers[0]?.calls).toBeGreaterThanOrEqual(top.numbers.at(-1)?.calls ?? 0);
    const bogus = await world.call('GET', `/api/lines/${lineId}/records?after=bogus`, { session: lineUser });
    expect(bogus.json).toMatchObject({ code: 'ERR_WEB_INVALID_REQUEST' });
  });

  it('evaluates watchpoints and lists the triggered ones for delivery', async () => {
    const lineId = (await get<LinesResponse>('/api/lines?sort=charge&order=desc', admin)).lines[0]?.id;
    const created = await world.call('POST', '/api/watchpoints', {
      session: admin,
      body: { name: 'Top line over £1', kind: 'line_spend', lineId, thresholdMinor: 100 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ evaluation: { triggered: true, period: '2026-03' } });
    await world.call('POST', '/api/watchpoints', {
      session: admin,
      body: { name: 'Huge spend', kind: 'class_spend', watchClass: 'mobile', thresholdMinor: 100_000_000 },
    });
    const list = await get<WatchpointsResponse>('/api/watchpoints', admin);
    expect(list.watchpoints.map((watchpoint) => [watchpoint.name, watchpoint.evaluation.triggered])).toEqual([
      ['Top line over £1', true],
      ['Huge spend', false],
    ]);
    const deliveries = await get<{ deliveries: { name: string; recipients: string[] }[] }>(
      '/api/watchpoints/deliveries',
      admin,
    );
    expect(deliveries.deliveries.map((delivery) => delivery.name)).toEqual(['Top line over £1']);
    expect(deliveries.deliveries[0]?.recipients).toContain(HARBOUR.admin);
    // The manager made none within their subtree, so sees none of the administrator's.
    expect((await get<WatchpointsResponse>('/api/watchpoints', manager)).watchpoints).toEqual([]);
  });
});
