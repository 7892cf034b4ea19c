import {
  formatIpv6Prefix,
  IPV6_PREFIX_LENGTHS,
  ipv4ToUint32,
  ipv6PrefixKey,
  parseAddress,
  parseIpv6Prefix,
  uint32ToIpv4,
} from './ip-address.js';
import { createIpv4Index } from './ipv4-index.js';
import type { SessionMetrics } from './session-metrics.js';
import type {
  LookupResult,
  RecordOutcome,
  Session,
  SessionStore,
  StopOutcome,
  StopRequest,
} from './session-store.js';

export interface MemorySessionStoreOptions {
  readonly now?: () => number;
  readonly metrics?: SessionMetrics;
  /** How often expired sessions are swept out (lookups ignore them regardless). 0 = never. */
  readonly sweepIntervalMs?: number;
}

export interface MemorySessionStore extends SessionStore {
  readonly size: number;
  /** `lookup` without the promise, for a caller in the same process (the gateway's hot path). */
  lookupSync(address: string): LookupResult;
  /** Removes expired sessions now; returns how many. */
  sweep(): number;
}

// One 64-byte record per slot, so a lookup touches one cache line, not one per field.
const RECORD = 64;
const F64 = RECORD / 8; // float64 fields: 0 startedAt, 1 lastSeenAt, 2 expiresAt, 3 lastEventAt, 4 msisdn, 5 imsi
const U32 = RECORD / 4; // uint32 fields: 12 ipv4, 13 imeisv digits 1–8, 14 imeisv digits 9–16
const U16_NAS = 30; // uint16: NAS index
const U8_RAT = 62; // uint8: 3GPP-RAT-Type (0 = absent)
const U8_PACKED = 63; // uint8: bits 0–1 address flags, 2–3 IMEISV digits − 13, 4–7 IMSI digits
const HAS_V4 = 1;
const HAS_V6 = 2;
const MAX_NAS = 65_535;

/**
 * The in-process session table. Sessions live in one ArrayBuffer of 64-byte records indexed by
 * slot; digit-only identifiers are held as numbers (an E.164 number or IMSI has at most 15
 * digits, exact in a float64; the 16-digit IMEISV as two uint32); IPv4 addresses are indexed by
 * an open-addressing table of typed arrays. Only the accounting session id is a JS string.
 */
export function createMemorySessionStore(options: MemorySessionStoreOptions = {}): MemorySessionStore {
  const now = options.now ?? Date.now;
  const metrics = options.metrics;
  let capacity = 1024;
  let buffer = new ArrayBuffer(capacity * RECORD);
  let f64 = new Float64Array(buffer);
  let u32 = new Uint32Array(buffer);
  let u16 = new Uint16Array(buffer);
  let u8 = new Uint8Array(buffer);
  const sessionIds: string[] = [];
  const v6Prefix = new Map<number, string>(); // slot → textual prefix (few sessions have one)
  const byIpv4 = createIpv4Index();
  const byIpv6 = new Map<string, number>(); // ipv6PrefixKey → slot
  const v6Lengths = new Set<number>();
  const nasNames: string[] = [];
  const nasIds = new Map<string, number>();
  const free: number[] = [];
  let next = 0;
  let size = 0;

  function grow(): void {
    capacity *= 2;
    const bigger = new ArrayBuffer(capacity * RECORD);
    new Uint8Array(bigger).set(u8);
    buffer = bigger;
    f64 = new Float64Array(buffer);
    u32 = new Uint32Array(buffer);
    u16 = new Uint16Array(buffer);
    u8 = new Uint8Array(buffer);
  }

  const flagsOf = (slot: number): number => (u8[slot * RECORD + U8_PACKED] ?? 0) & 3;
  const lastEventOf = (slot: number): number => f64[slot * F64 + 3] ?? 0;

  function internNas(nas: string): number {
    let id = nasIds.get(nas);
    if (id === undefined) {
      // Beyond any real network; refusing is safer than mixing two NASes' sessions.
      if (nasNames.length > MAX_NAS) throw new Error('too many distinct NAS names');
      id = nasNames.push(nas) - 1;
      nasIds.set(nas, id);
    }
    return id;
  }

  function holdersOf(framedIpAddress: string | undefined, prefix: string | undefined): number[] {
    const holders: number[] = [];
    if (framedIpAddress !== undefined) {
      const slot = byIpv4.get(ipv4ToUint32(framedIpAddress));
      if (slot >= 0) holders.push(slot);
    }
    if (prefix !== undefined) {
      const parsed = parseIpv6Prefix(prefix);
      const slot = parsed && byIpv6.get(ipv6PrefixKey(parsed.octets, parsed.length));
      if (slot !== undefined && !holders.includes(slot)) holders.push(slot);
    }
    return holders;
  }

  function remove(slot: number): void {
    const flags = flagsOf(slot);
    if (flags & HAS_V4) byIpv4.delete(u32[slot * U32 + 12] ?? 0);
    if (flags & HAS_V6) {
      const parsed = parseIpv6Prefix(v6Prefix.get(slot) ?? '');
      if (parsed) byIpv6.delete(ipv6PrefixKey(parsed.octets, parsed.length));
      v6Prefix.delete(slot);
    }
    u8.fill(0, slot * RECORD, (slot + 1) * RECORD);
    sessionIds[slot] = '';
    free.push(slot);
    size--;
  }

  function write(slot: number, session: Session, startedAt: number): void {
    let flags = 0;
    if (session.framedIpAddress !== undefined) {
      flags |= HAS_V4;
      const value = ipv4ToUint32(session.framedIpAddress);
      u32[slot * U32 + 12] = value;
      byIpv4.set(value, slot);
    }
    const prefix =
      session.framedIpv6Prefix === undefined ? undefined : parseIpv6Prefix(session.framedIpv6Prefix);
    if (prefix) {
      flags |= HAS_V6;
      v6Prefix.set(slot, formatIpv6Prefix(prefix));
      v6Lengths.add(prefix.length);
      byIpv6.set(ipv6PrefixKey(prefix.octets, prefix.length), slot);
    }
    const base = slot * F64;
    f64[base] = startedAt;
    f64[base + 1] = session.lastSeenAt;
    f64[base + 2] = session.expiresAt;
    f64[base + 3] = session.lastEventAt;
    f64[base + 4] = Number(session.msisdn.slice(1));
    f64[base + 5] = session.imsi === undefined ? 0 : Number(session.imsi);
    const imeisv = session.imeisv?.padStart(16, '0');
    u32[slot * U32 + 13] = imeisv ? Number(imeisv.slice(0, 8)) : 0;
    u32[slot * U32 + 14] = imeisv ? Number(imeisv.slice(8)) : 0;
    u16[slot * (RECORD / 2) + U16_NAS] = internNas(session.nas);
    u8[slot * RECORD + U8_RAT] = session.ratType ?? 0;
    const imeisvCode = session.imeisv === undefined ? 0 : session.imeisv.length - 13;
    u8[slot * RECORD + U8_PACKED] = flags | (imeisvCode << 2) | ((session.imsi?.length ?? 0) << 4);
    sessionIds[slot] = session.accountingSessionId;
  }

  function read(slot: number, ipv4Text: string | undefined): Session {
    const base = slot * F64;
    const packed = u8[slot * RECORD + U8_PACKED] ?? 0;
    const imeisvDigits = (packed >> 2) & 3;
    const imsiDigits = packed >> 4;
    const rat = u8[slot * RECORD + U8_RAT] ?? 0;
    return {
      msisdn: `+${digitsOf(f64[base + 4] ?? 0)}`,
      imsi: imsiDigits === 0 ? undefined : digitsOf(f64[base + 5] ?? 0).padStart(imsiDigits, '0'),
      imeisv:
        imeisvDigits === 0
          ? undefined
          : (
              String(u32[slot * U32 + 13]).padStart(8, '0') + String(u32[slot * U32 + 14]).padStart(8, '0')
            ).slice(3 - imeisvDigits),
      ratType: rat === 0 ? undefined : rat,
      nas: nasNames[u16[slot * (RECORD / 2) + U16_NAS] ?? 0] ?? '',
      accountingSessionId: sessionIds[slot] ?? '',
      framedIpAddress: packed & HAS_V4 ? (ipv4Text ?? uint32ToIpv4(u32[slot * U32 + 12] ?? 0)) : undefined,
      framedIpv6Prefix: packed & HAS_V6 ? v6Prefix.get(slot) : undefined,
      startedAt: f64[base] ?? 0,
      lastSeenAt: f64[base + 1] ?? 0,
      expiresAt: f64[base + 2] ?? 0,
      lastEventAt: f64[base + 3] ?? 0,
    };
  }

  const isOwn = (slot: number, nas: string, accountingSessionId: string): boolean =>
    sessionIds[slot] === accountingSessionId && nasNames[u16[slot * (RECORD / 2) + U16_NAS] ?? 0] === nas;

  function recordNow(session: Session): RecordOutcome {
    const holders = holdersOf(session.framedIpAddress, session.framedIpv6Prefix);
    for (const slot of holders) if (lastEventOf(slot) > session.lastEventAt) return 'stale';
    let outcome: RecordOutcome = 'created';
    let startedAt = session.startedAt;
    for (const slot of holders) {
      if (isOwn(slot, session.nas, session.accountingSessionId)) {
        startedAt = Math.min(startedAt, f64[slot * F64] ?? startedAt);
        if (outcome === 'created') outcome = 'refreshed';
      } else {
        outcome = 'replaced';
      }
      remove(slot);
    }
    let slot = free.pop();
    if (slot === undefined) {
      if (next === capacity) grow();
      slot = next++;
    }
    write(slot, session, startedAt);
    size++;
    return outcome;
  }

  function lookupNow(address: string): LookupResult {
    const parsed = parseAddress(address);
    let slot: number | undefined;
    let ipv4Text: string | undefined;
    if (parsed?.family === 4) {
      const found = byIpv4.get(parsed.value);
      slot = found >= 0 ? found : undefined;
      // The caller's text is already the dotted form unless it came IPv4-mapped.
      ipv4Text = address.includes(':') ? undefined : address;
    } else if (parsed?.family === 6) {
      for (const length of IPV6_PREFIX_LENGTHS) {
        if (!v6Lengths.has(length)) continue;
        slot = byIpv6.get(ipv6PrefixKey(parsed.octets, length));
        if (slot !== undefined) break;
      }
    }
    if (slot === undefined) return NONE;
    // An expired session is gone even before the sweep reaches it: stale is worse than none.
    if ((f64[slot * F64 + 2] ?? 0) <= now()) {
      remove(slot);
      return NONE;
    }
    return { status: 'found', session: read(slot, ipv4Text) };
  }

  function removeWhere(test: (slot: number) => boolean): number {
    let removed = 0;
    for (let slot = 0; slot < next; slot++) {
      if (flagsOf(slot) !== 0 && test(slot)) {
        remove(slot);
        removed++;
      }
    }
    metrics?.sessions.set(size);
    return removed;
  }

  const sweep = (): number => {
    const at = now();
    return removeWhere((slot) => (f64[slot * F64 + 2] ?? 0) <= at);
  };
  const timer =
    options.sweepIntervalMs === 0 ? undefined : setInterval(sweep, options.sweepIntervalMs ?? 30_000).unref();

  return {
    get size() {
      return size;
    },
    sweep,
    async record(session) {
      const outcome = recordNow(session);
      metrics?.sessions.set(size);
      return outcome;
    },
    async stop(request: StopRequest): Promise<StopOutcome> {
      const holders = holdersOf(request.framedIpAddress, request.framedIpv6Prefix);
      const own = holders.filter((slot) => isOwn(slot, request.nas, request.accountingSessionId));
      for (const slot of own) remove(slot);
      metrics?.sessions.set(size);
      return own.length > 0 ? 'stopped' : 'no-match';
    },
    async dropNas(nas) {
      const id = nasIds.get(nas);
      return id === undefined ? 0 : removeWhere((slot) => u16[slot * (RECORD / 2) + U16_NAS] === id);
    },
    lookupSync(address) {
      const result = lookupNow(address);
      if (metrics) metrics.lookupTally[result.status]++;
      return result;
    },
    // Not `async`: a resolved promise is all a lookup needs, without an extra async frame.
    lookup(address) {
      const result = lookupNow(address);
      if (metrics) metrics.lookupTally[result.status]++;
      return Promise.resolve(result);
    },
    async ready() {
      return true;
    },
    async close() {
      if (timer) clearInterval(timer);
    },
  };
}

const NONE: LookupResult = Object.freeze({ status: 'none' });

/**
 * Decimal digits of a non-negative integer below 2^53, via two small integers: V8 prints those
 * from its small-integer path, about twice as fast as a 15-digit double.
 */
function digitsOf(value: number): string {
  if (value < 1e8) return String(value);
  const high = Math.floor(value / 1e8);
  return String(high) + String(value - high * 1e8).padStart(8, '0');
}
