import type { ItemisedRecord } from '../../data/read/itemised-records.js';

/** Columns of an itemised-records export (the same names as the upload's `records.csv`). */
export const ITEMISED_CSV_COLUMNS = [
  'msisdn',
  'record_type',
  'started_at',
  'called_number',
  'destination_class',
  'country',
  'duration_s',
  'volume_bytes',
  'description',
  'charge_minor',
  'vat_minor',
] as const;

export function itemisedCsvRow(record: ItemisedRecord): (string | number)[] {
  return [
    record.msisdn,
    record.recordType,
    record.startedAt.toISOString(),
    record.calledNumber ?? '',
    record.destinationClass ?? '',
    record.country ?? '',
    record.durationS ?? '',
    record.volumeBytes ?? '',
    // A spreadsheet would run a cell starting with = + - @ as a formula: quote it as text.
    neutraliseFormula(record.description ?? ''),
    record.chargeMinor,
    record.vatMinor,
  ];
}

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
