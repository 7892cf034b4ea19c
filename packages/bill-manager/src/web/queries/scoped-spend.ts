import { sql } from 'kysely';
import type { PublishedRun } from '../../data/read/published-runs.js';
import type { TenantScope } from '../../data/with-tenant.js';
import type { MonthSpend, TypeSpend } from '../api-contract.js';

/** `and s.msisdn = any(…)` when the viewer sees only some lines; nothing for the whole company. */
function lineFilter(msisdns: readonly string[] | undefined) {
  return msisdns ? sql`and s.msisdn = any(${[...msisdns]}::text[])` : sql``;
}

/** Spend and usage per period over `runs`, for the lines in scope, newest first. */
export async function spendByMonthScoped(
  tx: TenantScope,
  runs: readonly PublishedRun[],
  msisdns: readonly string[] | undefined,
): Promise<MonthSpend[]> {
  if (runs.length === 0) return [];
  const result = await sql<Record<string, unknown>>`
    select b.period, sum(s.charge_minor)::bigint as charge, sum(s.vat_minor)::bigint as vat,
      sum(case when s.record_type = 'voice' then s.duration_s else 0 end)::bigint as seconds,
      sum(case when s.record_type in ('sms', 'mms') then s.records else 0 end)::bigint as messages,
      sum(s.volume_bytes)::bigint as bytes
    from line_summaries s join bill_runs b on b.id = s.bill_run_id
    where s.tenant_id = ${tx.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      ${lineFilter(msisdns)}
    group by b.period order by b.period desc`.execute(tx);
  const byPeriod = new Map(result.rows.map((row) => [String(row.period), row]));
  // Every billed period appears, with zeros where the scope had no usage.
  const periods = [...new Set(runs.map((run) => run.period))].sort().reverse();
  return periods.map((period) => {
    const row = byPeriod.get(period);
    return {
      period,
      chargeMinor: Number(row?.charge ?? 0),
      vatMinor: Number(row?.vat ?? 0),
      voiceMinutes: Math.round((Number(row?.seconds ?? 0) / 60) * 10) / 10,
      messages: Number(row?.messages ?? 0),
      dataBytes: Number(row?.bytes ?? 0),
    };
  });
}

/** Spend by record type and destination class per period, for the lines in scope. */
export async function spendByTypeScoped(
  tx: TenantScope,
  runs: readonly PublishedRun[],
  msisdns: readonly string[] | undefined,
): Promise<TypeSpend[]> {
  if (runs.length === 0) return [];
  const result = await sql<Record<string, unknown>>`
    select b.period, s.record_type, s.destination_class, sum(s.records)::bigint as records,
      sum(s.duration_s)::bigint as duration, sum(s.volume_bytes)::bigint as bytes,
      sum(s.charge_minor)::bigint as charge
    from line_summaries s join bill_runs b on b.id = s.bill_run_id
    where s.tenant_id = ${tx.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      ${lineFilter(msisdns)}
    group by 1, 2, 3 order by 1 desc, 7 desc`.execute(tx);
  return result.rows.map((row) => ({
    period: String(row.period),
    recordType: row.record_type as TypeSpend['recordType'],
    destinationClass: String(row.destination_class),
    records: Number(row.records),
    durationS: Number(row.duration),
    volumeBytes: Number(row.bytes),
    chargeMinor: Number(row.charge),
  }));
}

export interface LineSpend {
  readonly lineId: string;
  readonly msisdn: string;
  readonly userName: string | null;
  readonly chargeMinor: number;
}

/** The most expensive lines in scope over `runs` (one period, usually). */
export async function biggestLinesScoped(
  tx: TenantScope,
  runs: readonly PublishedRun[],
  msisdns: readonly string[] | undefined,
  limit: number,
): Promise<LineSpend[]> {
  if (runs.length === 0) return [];
  // Totals first, then the few lines they name: the join touches `limit` lines, not every summary.
  const result = await sql<Record<string, unknown>>`
    with top as (
      select s.msisdn, sum(s.charge_minor)::bigint as charge from line_summaries s
      where s.tenant_id = ${tx.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
        ${lineFilter(msisdns)}
      group by s.msisdn order by charge desc, s.msisdn limit ${limit}
    )
    select l.id, top.msisdn, l.user_name, top.charge
    from top join lines l on l.tenant_id = ${tx.tenantId} and l.msisdn = top.msisdn
    order by top.charge desc, top.msisdn`.execute(tx);
  return result.rows.map((row) => ({
    lineId: String(row.id),
    msisdn: String(row.msisdn),
    userName: (row.user_name as string | null) ?? null,
    chargeMinor: Number(row.charge),
  }));
}

/** Spend per line in one class (a destination class, or third-party charges) over `runs`. */
export async function classSpendByLine(
  tx: TenantScope,
  runs: readonly PublishedRun[],
  msisdns: readonly string[] | undefined,
  watchClass: string,
): Promise<Map<string, number>> {
  if (runs.length === 0) return new Map();
  const classFilter =
    watchClass === 'third_party'
      ? sql`s.record_type = 'third_party'`
      : sql`s.destination_class = ${watchClass}`;
  const result = await sql<Record<string, unknown>>`
    select s.msisdn, sum(s.charge_minor)::bigint as charge from line_summaries s
    where s.tenant_id = ${tx.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      and ${classFilter} ${lineFilter(msisdns)}
    group by s.msisdn`.execute(tx);
  return new Map(result.rows.map((row) => [String(row.msisdn), Number(row.charge)]));
}

/**
 * Months and types from one scan: spend by (period, type, destination class), with each month's
 * totals added up from those rows — the dashboard's two views for the cost of one query.
 */
export async function spendScoped(
  tx: TenantScope,
  runs: readonly PublishedRun[],
  msisdns: readonly string[] | undefined,
): Promise<{ months: MonthSpend[]; byType: TypeSpend[] }> {
  if (runs.length === 0) return { months: [], byType: [] };
  const periodOf = new Map(runs.map((run) => [run.id, run.period]));
  const result = await sql<Record<string, unknown>>`
    select s.bill_run_id, s.record_type, s.destination_class, sum(s.records)::bigint as records,
      sum(s.duration_s)::bigint as duration, sum(s.volume_bytes)::bigint as bytes,
      sum(s.charge_minor)::bigint as charge, sum(s.vat_minor)::bigint as vat
    from line_summaries s
    where s.tenant_id = ${tx.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      ${lineFilter(msisdns)}
    group by 1, 2, 3`.execute(tx);
  const types = new Map<string, TypeSpend>();
  const months = new Map<
    string,
    { charge: number; vat: number; seconds: number; messages: number; bytes: number }
  >();
  for (const period of [...new Set(runs.map((run) => run.period))].sort().reverse()) {
    months.set(period, { charge: 0, vat: 0, seconds: 0, messages: 0, bytes: 0 });
  }
  for (const row of result.rows) {
    const period = periodOf.get(String(row.bill_run_id)) ?? '';
    const recordType = row.record_type as TypeSpend['recordType'];
    const key = `${period}|${recordType}|${String(row.destination_class)}`;
    const previous = types.get(key);
    types.set(key, {
      period,
      recordType,
      destinationClass: String(row.destination_class),
      records: (previous?.records ?? 0) + Number(row.records),
      durationS: (previous?.durationS ?? 0) + Number(row.duration),
      volumeBytes: (previous?.volumeBytes ?? 0) + Number(row.bytes),
      chargeMinor: (previous?.chargeMinor ?? 0) + Number(row.charge),
    });
    const month = months.get(period);
    if (!month) continue;
    month.charge += Number(row.charge);
    month.vat += Number(row.vat);
    month.bytes += Number(row.bytes);
    if (recordType === 'voice') month.seconds += Number(row.duration);
    if (recordType === 'sms' || recordType === 'mms') month.messages += Number(row.records);
  }
  return {
    months: [...months.entries()].map(([period, month]) => ({
      period,
      chargeMinor: month.charge,
      vatMinor: month.vat,
      voiceMinutes: Math.round((month.seconds / 60) * 10) / 10,
      messages: month.messages,
      dataBytes: month.bytes,
    })),
    byType: [...types.values()].sort(
      (a, b) => b.period.localeCompare(a.period) || b.chargeMinor - a.chargeMinor,
    ),
  };
}
