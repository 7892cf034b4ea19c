import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESERVED_RANGES } from '@linekeeper/identity-core';
import { BILL_RUN_FILES } from '../import/read-bill-run-files.js';

export interface GeneratedLine {
  readonly msisdn: string;
  readonly userName: string;
  readonly costCentre: string;
}

export interface GeneratedAccount {
  readonly accountNumber: string;
  readonly name: string;
  readonly lines: readonly GeneratedLine[];
}

export interface GeneratedCompany {
  readonly companyRef: string;
  readonly name: string;
  readonly accounts: readonly GeneratedAccount[];
}

export interface BillRunSpec {
  readonly period: string;
  readonly companies: readonly GeneratedCompany[];
  /** Records per line in the period (each line gets this many). */
  readonly recordsPerLine: number | ((companyRef: string) => number);
  readonly seed?: number;
}

/**
 * Writes a realistic bill run in the documented upload format, with only Ofcom drama numbers:
 * lines are 07700 900xxx, landlines called are 01632 960xxx. Invoice totals are the sums of
 * the records, as a billing system would produce them.
 */
export async function writeBillRunFiles(dir: string, spec: BillRunSpec): Promise<{ records: number }> {
  await mkdir(dir, { recursive: true });
  const random = mulberry32(spec.seed ?? 1);
  const pick = (n: number) => Math.floor(random() * n);
  const accounts = [
    'company_ref,company_name,account_number,account_name,msisdn,user_name,cost_centre,status',
  ];
  const manifest = ['account_number,period,currency,total_charge_minor,total_vat_minor,record_count'];
  const out = createWriteStream(join(dir, BILL_RUN_FILES.records), { highWaterMark: 1 << 20 });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    'account_number,msisdn,record_type,started_at,called_number,destination_class,country,duration_s,volume_bytes,description,charge_minor,vat_minor\n',
  );
  const [year, month] = spec.period.split('-').map(Number) as [number, number];
  const start = Date.UTC(year, month - 1, 1);
  const span = Date.UTC(year, month, 1) - start;
  let total = 0;
  for (const company of spec.companies) {
    const perLine =
      typeof spec.recordsPerLine === 'function'
        ? spec.recordsPerLine(company.companyRef)
        : spec.recordsPerLine;
    for (const account of company.accounts) {
      let charge = 0;
      let vat = 0;
      let count = 0;
      for (const line of account.lines) {
        accounts.push(
          `${company.companyRef},${csv(company.name)},${account.accountNumber},${csv(account.name)},${line.msisdn},${csv(line.userName)},${csv(line.costCentre)},active`,
        );
        let chunk = '';
        for (let i = 0; i < perLine; i += 1) {
          const at = new Date(start + Math.floor((span * (i + random())) / perLine)).toISOString();
          const roll = random();
          let row: string;
          let price: number;
          if (roll < 0.55) {
            const landline = random() < 0.5;
            const called = landline ? `+441632960${pad(pick(1000))}` : `+447700900${pad(pick(1000))}`;
            const seconds = 5 + pick(900);
            price = Math.ceil(seconds / 60) * (landline ? 8 : 12);
            row = `voice,${at},${called},${landline ? 'landline' : 'mobile'},GB,${seconds},,`;
          } else if (roll < 0.8) {
            price = 10;
            row = `sms,${at},+447700900${pad(pick(1000))},mobile,GB,,,`;
          } else if (roll < 0.83) {
            price = 40;
            row = `mms,${at},+447700900${pad(pick(1000))},mobile,GB,,,`;
          } else if (roll < 0.98) {
            const bytes = 1000 + pick(50_000_000);
            price = Math.ceil(bytes / 10_000_000);
            row = `data,${at},,,,,${bytes},`;
          } else {
            price = 199 + pick(800);
            row = `third_party,${at},,,,,,Content purchase ${1 + pick(20)}`;
          }
          const tax = Math.round(price / 5);
          charge += price;
          vat += tax;
          count += 1;
          chunk += `${account.accountNumber},${line.msisdn},${row},${price},${tax}\n`;
        }
        await write(chunk);
      }
      total += count;
      manifest.push(`${account.accountNumber},${spec.period},GBP,${charge},${vat},${count}`);
    }
  }
  out.end();
  await once(out, 'finish');
  await writeFile(join(dir, BILL_RUN_FILES.accounts), `${accounts.join('\n')}\n`);
  await writeFile(join(dir, BILL_RUN_FILES.manifest), `${manifest.join('\n')}\n`);
  return { records: total };
}

/**
 * The n-th Ofcom drama number in E.164: 07700 900000–900999 first, then the drama landline
 * ranges, so a large generated customer base still uses no number that could be assigned.
 */
export function dramaNumber(n: number): string {
  let rest = n;
  for (const range of RESERVED_RANGES) {
    const size = Number(range.to.slice(-4)) - Number(range.from.slice(-4)) + 1;
    if (rest < size)
      return `${range.from.slice(0, -4)}${String(Number(range.from.slice(-4)) + rest).padStart(4, '0')}`;
    rest -= size;
  }
  throw new RangeError(`only ${n - rest} drama numbers exist`);
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

function csv(value: string): string {
  return /[",]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
