import { type Kysely, sql, type Transaction } from 'kysely';
import type { BillSchema } from '../schema.js';
import { IMPORT_PARTITIONED, partitionTable } from './import-partitions.js';
import type { LineRow } from './read-bill-run-files.js';
import type { StagedRun } from './stage-bill-run.js';

/**
 * Makes the run visible, in one transaction: attach its records and summaries, bring lines and cost
 * centres up to date, retire the previous invoice of each account and period, publish the new.
 * A reader sees the old bills or the new, never a mix; a crash before commit changes nothing.
 */
export async function publishStagedRun(
  db: Kysely<BillSchema>,
  staged: StagedRun,
  lines: readonly LineRow[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    for (const parent of IMPORT_PARTITIONED) {
      await sql
        .raw(
          `alter table ${parent} attach partition ${partitionTable(parent, staged.importId)} for values in (${staged.importId})`,
        )
        .execute(trx);
    }
    const kept = lines.filter((line) => staged.accounts.has(line.accountNumber));
    const costCentres = await ensureCostCentres(trx, staged, kept);
    const account = (line: LineRow) => staged.accounts.get(line.accountNumber);
    // Only lines that are new or changed are written: a line as it was last month gets no new
    // row version and no index entries (found by one hash join, not a conflict check per line).
    await sql`insert into lines (tenant_id, account_id, msisdn, user_name, cost_centre_id, status)
      select i.* from unnest(
        ${kept.map((line) => account(line)?.tenantId)}::uuid[],
        ${kept.map((line) => account(line)?.accountId)}::uuid[],
        ${kept.map((line) => line.msisdn)}::text[],
        ${kept.map((line) => line.userName ?? null)}::text[],
        ${kept.map((line) => costCentres.get(pathKey(account(line)?.tenantId, line.costCentrePath)) ?? null)}::uuid[],
        ${kept.map((line) => line.status)}::text[]) as i (tenant_id, account_id, msisdn, user_name, cost_centre_id, status)
      where not exists (
        select 1 from lines l where l.msisdn = i.msisdn
          and (l.tenant_id, l.account_id, l.user_name, l.cost_centre_id, l.status)
            is not distinct from (i.tenant_id, i.account_id, i.user_name, i.cost_centre_id, i.status))
      on conflict (msisdn) do update set tenant_id = excluded.tenant_id, account_id = excluded.account_id,
        user_name = excluded.user_name, cost_centre_id = excluded.cost_centre_id, status = excluded.status`.execute(
      trx,
    );
    const accountIds = [...staged.accounts.values()].map((run) => run.accountId);
    // A line of these accounts that the upload no longer lists has gone.
    await sql`update lines l set status = 'ceased'
      where l.account_id = any(${accountIds}::uuid[]) and l.status <> 'ceased'
        and l.msisdn not in (select unnest(${kept.map((line) => line.msisdn)}::text[]))`.execute(trx);
    const runIds = [...staged.accounts.values()].map((run) => run.billRunId);
    await sql`update bill_runs old set status = 'superseded'
      from bill_runs new
      where new.id = any(${runIds}::uuid[]) and old.status = 'published'
        and old.account_id = new.account_id and old.period = new.period`.execute(trx);
    await sql`update bill_runs set status = 'published', published_at = now()
      where id = any(${runIds}::uuid[])`.execute(trx);
    await trx
      .updateTable('imports')
      .set({ status: 'published', finished_at: new Date() })
      .where('id', '=', staged.importId)
      .execute();
  });
}

function pathKey(tenantId: string | undefined, path: readonly string[]): string {
  return `${tenantId}/${path.join('/')}`;
}

/** Creates the cost-centre tree the lines name, one level at a time; returns path → id. */
async function ensureCostCentres(
  trx: Transaction<BillSchema>,
  staged: StagedRun,
  lines: readonly LineRow[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const paths = new Map<string, { tenantId: string; path: readonly string[] }>();
  for (const line of lines) {
    const tenantId = staged.accounts.get(line.accountNumber)?.tenantId;
    if (!tenantId) continue;
    for (let depth = 1; depth <= line.costCentrePath.length; depth += 1) {
      const path = line.costCentrePath.slice(0, depth);
      paths.set(pathKey(tenantId, path), { tenantId, path });
    }
  }
  const tenants = [...new Set([...paths.values()].map((entry) => entry.tenantId))];
  for (let depth = 1; depth <= 8; depth += 1) {
    const level = [...paths.values()].filter((entry) => entry.path.length === depth);
    if (level.length === 0) break;
    const parent = (entry: { tenantId: string; path: readonly string[] }) =>
      depth === 1 ? null : (ids.get(pathKey(entry.tenantId, entry.path.slice(0, -1))) ?? null);
    await sql`insert into cost_centres (tenant_id, parent_id, parent_depth, depth, name)
      select t, p, case when p is null then null else ${depth - 1}::int2 end, ${depth}::int2, n
      from unnest(${level.map((entry) => entry.tenantId)}::uuid[], ${level.map(parent)}::uuid[],
        ${level.map((entry) => entry.path[depth - 1] ?? '')}::text[]) as x(t, p, n)
      on conflict (tenant_id, parent_id, name) do nothing`.execute(trx);
    const rows = await trx
      .selectFrom('cost_centres')
      .select(['id', 'tenant_id', 'parent_id', 'name'])
      .where('depth', '=', depth)
      .where('tenant_id', 'in', tenants)
      .execute();
    const byParent = new Map(
      rows.map((row) => [`${row.tenant_id}|${row.parent_id ?? ''}|${row.name}`, row.id]),
    );
    for (const entry of level) {
      const id = byParent.get(`${entry.tenantId}|${parent(entry) ?? ''}|${entry.path[depth - 1]}`);
      if (id) ids.set(pathKey(entry.tenantId, entry.path), id);
    }
  }
  return ids;
}
