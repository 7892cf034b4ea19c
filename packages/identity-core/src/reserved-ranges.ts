import type { CountryCode } from 'libphonenumber-js/max';
import type { LineType } from './phone-number.js';

export interface ReservedRange {
  readonly country: CountryCode;
  readonly lineType: LineType;
  /** Inclusive E.164 bounds of equal length. */
  readonly from: string;
  readonly to: string;
}

/**
 * Ranges regulators reserve for drama and testing. libphonenumber rightly calls them invalid
 * (they are never assigned), but LineKeeper's demo, fixtures and canary subscribers use them, so
 * they parse as numbers here and carry `reserved: 'drama'`. Source: Ofcom, "Telephone numbers
 * for use in TV and radio drama programmes".
 */
export const RESERVED_RANGES: readonly ReservedRange[] = Object.freeze([
  { country: 'GB', lineType: 'mobile', from: '+447700900000', to: '+447700900999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441632960000', to: '+441632960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441134960000', to: '+441134960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441144960000', to: '+441144960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441154960000', to: '+441154960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441164960000', to: '+441164960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441174960000', to: '+441174960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441184960000', to: '+441184960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441214960000', to: '+441214960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441314960000', to: '+441314960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441414960000', to: '+441414960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441514960000', to: '+441514960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441614960000', to: '+441614960999' },
  { country: 'GB', lineType: 'fixed-line', from: '+441914980000', to: '+441914980999' },
  { country: 'GB', lineType: 'fixed-line', from: '+442079460000', to: '+442079460999' },
  { country: 'GB', lineType: 'fixed-line', from: '+442896496000', to: '+442896496999' },
  { country: 'GB', lineType: 'fixed-line', from: '+442920180000', to: '+442920180999' },
  { country: 'GB', lineType: 'toll-free', from: '+448081570000', to: '+448081570999' },
  { country: 'GB', lineType: 'premium-rate', from: '+449098790000', to: '+449098790999' },
  { country: 'GB', lineType: 'uan', from: '+443069990000', to: '+443069990999' },
]);

export function findReservedRange(e164: string): ReservedRange | undefined {
  return RESERVED_RANGES.find((r) => e164.length === r.from.length && e164 >= r.from && e164 <= r.to);
}
