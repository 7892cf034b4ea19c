import type { TypeSpend } from '../api/contract.js';

/** The chart series colours, in order: the same values as `--chart-1`…`--chart-6` in tokens.css. */
export const CHART_COLOURS = ['#13315c', '#0f766e', '#d97706', '#6d5bd0', '#2f80ed', '#8b95a1'] as const;

export const SPEND_CATEGORIES = [
  { key: 'calls', label: 'Calls', tone: 1 },
  { key: 'messages', label: 'Messages', tone: 2 },
  { key: 'data', label: 'Data', tone: 3 },
  { key: 'purchases', label: 'Third-party purchases', tone: 4 },
] as const;
export type SpendCategory = (typeof SPEND_CATEGORIES)[number]['key'];

export function categoryOf(row: TypeSpend): SpendCategory {
  switch (row.recordType) {
    case 'voice':
      return 'calls';
    case 'sms':
    case 'mms':
      return 'messages';
    case 'data':
      return 'data';
    case 'third_party':
      return 'purchases';
  }
}

export const CALL_CLASSES = [
  { key: 'mobile', label: 'Mobile', tone: 1 },
  { key: 'landline', label: 'Landline', tone: 2 },
  { key: 'non_geographic', label: 'Non-geographic', tone: 3 },
  { key: 'premium', label: 'Premium rate', tone: 4 },
  { key: 'international', label: 'International', tone: 5 },
  { key: 'roaming', label: 'Roaming', tone: 6 },
] as const;
export type CallClass = (typeof CALL_CLASSES)[number]['key'];

export type MonthCategoryRow = { readonly period: string } & Readonly<Record<SpendCategory, number>>;

/** Spend per month and category (minor units), oldest month first, for a stacked chart. */
export function spendByCategory(
  byType: readonly TypeSpend[],
  periods: readonly string[],
): MonthCategoryRow[] {
  return [...periods].reverse().map((period) => {
    const row = { period, calls: 0, messages: 0, data: 0, purchases: 0 };
    for (const item of byType) if (item.period === period) row[categoryOf(item)] += item.chargeMinor;
    return row;
  });
}

export type MonthClassRow = { readonly period: string } & Readonly<Record<CallClass, number>>;

/** Call minutes per month and destination class, oldest month first. */
export function minutesByClass(byType: readonly TypeSpend[], periods: readonly string[]): MonthClassRow[] {
  return [...periods].reverse().map((period) => {
    const row = {
      period,
      mobile: 0,
      landline: 0,
      non_geographic: 0,
      premium: 0,
      international: 0,
      roaming: 0,
    };
    for (const item of byType) {
      if (item.period !== period || item.recordType !== 'voice') continue;
      const key = item.destinationClass as CallClass;
      if (key in row) row[key] += Math.round((item.durationS / 60) * 10) / 10;
    }
    return row;
  });
}

const BREAKDOWN_LABELS: Readonly<Record<string, string>> = {
  'voice:mobile': 'Calls to mobiles',
  'voice:landline': 'Calls to landlines',
  'voice:non_geographic': 'Non-geographic calls',
  'voice:premium': 'Premium-rate calls',
  'voice:international': 'International calls',
  'voice:roaming': 'Calls while roaming',
  sms: 'Text messages',
  mms: 'Picture messages',
  data: 'Mobile data',
  third_party: 'Third-party purchases',
};

export interface BreakdownRow {
  readonly key: string;
  readonly label: string;
  readonly chargeMinor: number;
  readonly records: number;
}

/** One month's spend by what it was spent on, biggest first. */
export function spendBreakdown(byType: readonly TypeSpend[], period: string): BreakdownRow[] {
  const rows = new Map<string, { label: string; chargeMinor: number; records: number }>();
  for (const item of byType) {
    if (item.period !== period) continue;
    const key = item.recordType === 'voice' ? `voice:${item.destinationClass}` : item.recordType;
    const label =
      BREAKDOWN_LABELS[key] ??
      (item.destinationClass ? `${item.recordType} (${item.destinationClass})` : item.recordType);
    const row = rows.get(key) ?? { label, chargeMinor: 0, records: 0 };
    row.chargeMinor += item.chargeMinor;
    row.records += item.records;
    rows.set(key, row);
  }
  return [...rows.entries()]
    .map(([key, row]) => ({ key, ...row }))
    .filter((row) => row.chargeMinor !== 0 || row.records !== 0)
    .sort((a, b) => b.chargeMinor - a.chargeMinor);
}

export const RECORD_TYPE_LABELS: Readonly<Record<TypeSpend['recordType'], string>> = {
  voice: 'Call',
  sms: 'Text',
  mms: 'Picture message',
  data: 'Data',
  third_party: 'Purchase',
};

export const DESTINATION_LABELS: Readonly<Record<CallClass, string>> = {
  mobile: 'Mobile',
  landline: 'Landline',
  non_geographic: 'Non-geographic',
  premium: 'Premium rate',
  international: 'International',
  roaming: 'Roaming',
};
