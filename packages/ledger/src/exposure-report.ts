import { type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';
import type { DisclosureAllowed, DisclosureTarget } from './disclosure-allowed.js';
import { ledgerError } from './errors.js';
import { assertSchemaName } from './ledger-schema.js';
import type { LedgerTables } from './ledger-tables.js';
import { windowSource } from './window-source.js';

export interface ExposureCount {
  readonly disclosures: number;
  readonly subscribers: number;
}
export interface HostExposure extends ExposureCount {
  readonly host: string;
  readonly firstAt: Date;
  readonly lastAt: Date;
}
export interface PurposeExposure extends ExposureCount {
  readonly host: string;
  readonly partnerId: string;
  readonly purpose: string;
}
export interface FieldExposure extends ExposureCount {
  readonly field: string;
}
/** One line of the notification list. */
export interface AffectedSubscriber {
  readonly msisdn: string;
  readonly firstAt: Date;
  readonly lastAt: Date;
  readonly hosts: readonly string[];
  readonly fields: readonly string[];
  readonly disclosures: number;
}
export interface OutsidePolicyExposure extends ExposureCount {
  readonly hosts: readonly (ExposureCount & { readonly host: string })[];
  readonly fields: readonly string[];
  readonly firstAt: Date | undefined;
  readonly lastAt: Date | undefined;
  readonly affected: readonly AffectedSubscriber[];
}
export interface ExposureReport {
  readonly from: Date;
  readonly to: Date;
  readonly host: string | undefined;
  readonly totals: ExposureCount & { readonly hosts: number };
  /** Hosts that received identity, most subscribers first. */
  readonly hosts: readonly HostExposure[];
  readonly byPurpose: readonly PurposeExposure[];
  readonly byField: readonly FieldExposure[];
  readonly outsidePolicy: OutsidePolicyExposure | undefined;
  /** UTC days answered from the daily summaries rather than raw rows. */
  readonly summarisedDays: readonly string[];
}

export interface ExposureOptions {
  readonly db: Kysely<LedgerTables>;
  readonly schema: string;
  /** Inclusive. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  readonly host?: string | undefined;
  readonly outsidePolicy?: DisclosureAllowed | undefined;
  /** Read whole days from the daily summaries (`rollupDays`); false reads raw rows only. */
  readonly summaries?: boolean | undefined;
  /**
   * A day's summary is not trusted if a batch with rows for that day was written after it or
   * up to this long before it (an insert still in flight when it was built); default 10 min.
   */
  readonly inFlightMs?: number | undefined;
  /** PostgreSQL `work_mem` for the report's queries (default 256MB). */
  readonly workMem?: string | undefined;
}

type Grouped = {
  host: string | null;
  partner_id: string | null;
  purpose: string | null;
  g: number;
  disclosures: string | number;
  subscribers: string | number;
  first_at: Date | null;
  last_at: Date | null;
};

/**
 * Who was exposed to whom in [from, to). Every query bounds `at`, so only the window's monthly
 * partitions are read (pruning) through the `(at)` / `(host, at)` indexes. The outside-policy
 * check runs in JavaScript on the window's distinct destination × partner × purpose × fields
 * combinations (few), and the database then selects exactly the disclosures of the refused ones.
 */
export async function exposureReport(options: ExposureOptions): Promise<ExposureReport> {
  const { db, schema, from, to, host } = options;
  assertSchemaName(schema);
  if (!(from.getTime() < to.getTime()))
    throw ledgerError('ERR_LEDGER_WINDOW_INVALID', 'the window must have --from before --to');
  const source = await windowSource(
    db,
    schema,
    from,
    to,
    host,
    options.summaries !== false,
    options.inFlightMs,
  );
  const src = source.rows;

  // Each query in its own transaction with a larger work_mem (set locally, for it alone): the
  // distinct counts sort or hash the whole window, which must not spill to disk. On PostgreSQL
  // they run at once on separate connections; PGlite takes them in turn.
  const run = <R>(query: RawBuilder<R>): Promise<QueryResult<R>> =>
    db.transaction().execute(async (trx) => {
      await sql`select set_config('work_mem', ${options.workMem ?? '256MB'}, true)`.execute(trx);
      return query.execute(trx);
    });
  const combos = options.outsidePolicy
    ? run(sql<Combo>`select host, scheme, port, path, partner_id, purpose, array_to_string(fields, ',') as fields,
        sum(n) as n from ${src} s group by 1, 2, 3, 4, 5, 6, 7`)
    : undefined;
  combos?.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  const [grouped, fields] = await Promise.all([
    run(sql<Grouped>`select host, partner_id, purpose, grouping(host, partner_id, purpose) as g,
        sum(n) as disclosures, count(distinct msisdn) as subscribers, min(first_at) as first_at, max(last_at) as last_at
      from ${src} s
      group by grouping sets ((), (host), (host, partner_id, purpose))`),
    run(sql<{ field: string; disclosures: string | number; subscribers: string | number }>`
      select f.field, sum(n) as disclosures, count(distinct msisdn) as subscribers
      from ${src} s cross join lateral unnest(fields) as f(field)
      group by f.field order by f.field`),
  ]);
  const count = (r: { disclosures: string | number; subscribers: string | number }): ExposureCount => ({
    disclosures: Number(r.disclosures),
    subscribers: Number(r.subscribers),
  });
  const total = grouped.rows.find((r) => Number(r.g) === 7);
  const hosts = grouped.rows
    .filter((r) => Number(r.g) === 3)
    .map((r) => ({
      host: r.host as string,
      ...count(r),
      firstAt: r.first_at as Date,
      lastAt: r.last_at as Date,
    }))
    .sort(
      (a, b) =>
        b.subscribers - a.subscribers || b.disclosures - a.disclosures || a.host.localeCompare(b.host),
    );
  const byPurpose = grouped.rows
    .filter((r) => Number(r.g) === 0)
    .map((r) => ({
      host: r.host as string,
      partnerId: r.partner_id as string,
      purpose: r.purpose as string,
      ...count(r),
    }))
    .sort(
      (a, b) =>
        a.host.localeCompare(b.host) ||
        a.partnerId.localeCompare(b.partnerId) ||
        a.purpose.localeCompare(b.purpose),
    );

  return {
    from,
    to,
    host,
    totals: { ...(total ? count(total) : { disclosures: 0, subscribers: 0 }), hosts: hosts.length },
    hosts,
    byPurpose,
    summarisedDays: source.summarisedDays,
    byField: fields.rows.map((r) => ({ field: r.field, ...count(r) })),
    outsidePolicy:
      options.outsidePolicy && combos
        ? await outsidePolicy(run, src, options.outsidePolicy, (await combos).rows)
        : undefined,
  };
}

type Combo = {
  host: string;
  scheme: string | null;
  port: number | null;
  path: string | null;
  partner_id: string;
  purpose: string;
  fields: string;
  n: string | number;
};

async function outsidePolicy(
  run: <R>(query: RawBuilder<R>) => Promise<QueryResult<R>>,
  src: RawBuilder<unknown>,
  allowed: DisclosureAllowed,
  combos: readonly Combo[],
): Promise<OutsidePolicyExposure> {
  const refused = combos.filter((c) => {
    const target: DisclosureTarget = {
      host: c.host,
      scheme: c.scheme ?? undefined,
      port: c.port ?? undefined,
      path: c.path ?? undefined,
      partnerId: c.partner_id,
      purpose: c.purpose,
      fields: c.fields.split(','),
    };
    return !allowed(target);
  });
  if (refused.length === 0)
    return {
      disclosures: 0,
      subscribers: 0,
      hosts: [],
      fields: [],
      firstAt: undefined,
      lastAt: undefined,
      affected: [],
    };
  const col = <K extends Exclude<keyof Combo, 'n'>>(key: K) => refused.map((c) => c[key]);
  const rows = await run(sql<{
    msisdn: string;
    first_at: Date;
    last_at: Date;
    hosts: string[];
    fields: string[];
    disclosures: string | number;
  }>`
    with refused as (
      select * from unnest(${col('host')}::text[], ${col('scheme')}::text[], ${col('port')}::int4[], ${col('path')}::text[],
        ${col('partner_id')}::text[], ${col('purpose')}::text[], ${col('fields')}::text[])
        as r(host, scheme, port, path, partner_id, purpose, fields))
    select d.msisdn, min(d.first_at) as first_at, max(d.last_at) as last_at, array_agg(distinct d.host) as hosts,
      array_agg(distinct array_to_string(d.fields, ',')) as fields, sum(d.n) as disclosures
    from ${src} d join refused r
      on d.host = r.host and coalesce(d.scheme, '') = coalesce(r.scheme, '') and coalesce(d.port, 0) = coalesce(r.port, 0)
      and coalesce(d.path, '') = coalesce(r.path, '') and d.partner_id = r.partner_id and d.purpose = r.purpose
      and array_to_string(d.fields, ',') = r.fields
    group by d.msisdn order by d.msisdn`);

  const perHost = new Map<string, { disclosures: number; subscribers: number }>();
  const allFields = new Set<string>();
  let disclosures = 0;
  let firstAt: Date | undefined;
  let lastAt: Date | undefined;
  const affected = rows.rows.map((r) => {
    const fields = [...new Set(r.fields.flatMap((f) => f.split(',')))].sort();
    for (const f of fields) allFields.add(f);
    for (const h of r.hosts) {
      const entry = perHost.get(h) ?? { disclosures: 0, subscribers: 0 };
      entry.subscribers += 1;
      perHost.set(h, entry);
    }
    disclosures += Number(r.disclosures);
    if (!firstAt || r.first_at < firstAt) firstAt = r.first_at;
    if (!lastAt || r.last_at > lastAt) lastAt = r.last_at;
    return {
      msisdn: r.msisdn,
      firstAt: r.first_at,
      lastAt: r.last_at,
      hosts: [...r.hosts].sort(),
      fields,
      disclosures: Number(r.disclosures),
    };
  });
  for (const c of refused) {
    const entry = perHost.get(c.host);
    if (entry) entry.disclosures += Number(c.n);
  }
  return {
    disclosures,
    subscribers: affected.length,
    hosts: [...perHost]
      .map(([h, c]) => ({ host: h, ...c }))
      .sort((a, b) => b.subscribers - a.subscribers || a.host.localeCompare(b.host)),
    fields: [...allFields].sort(),
    firstAt,
    lastAt,
    affected,
  };
}
