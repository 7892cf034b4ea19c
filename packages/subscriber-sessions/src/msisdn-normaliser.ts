import { type ParsePhoneOptions, parsePhoneNumber } from '@linekeeper/identity-core';

/** E.164 for a Calling-Station-Id, or `undefined` when it is not a valid number. */
export type MsisdnNormaliser = (callingStationId: string) => string | undefined;

/**
 * Normalises Calling-Station-Id values through the identity core, remembering the last
 * `maxEntries` answers. Parsing with full metadata costs tens of microseconds, and a packet
 * gateway repeats the same subscriber's number in every Interim-Update, so most requests are
 * answered from here. Bounded: the oldest entry goes first.
 */
export function createMsisdnNormaliser(options: {
  defaultCountry: ParsePhoneOptions['defaultCountry'];
  maxEntries?: number;
}): MsisdnNormaliser {
  const maxEntries = options.maxEntries ?? 100_000;
  const parseOptions = { defaultCountry: options.defaultCountry };
  const cache = new Map<string, string | null>();
  return (callingStationId) => {
    const cached = cache.get(callingStationId);
    if (cached !== undefined) return cached ?? undefined;
    const result = parsePhoneNumber(callingStationId, parseOptions);
    const e164 = result.ok ? result.number.e164 : null;
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(callingStationId, e164);
    return e164 ?? undefined;
  };
}
