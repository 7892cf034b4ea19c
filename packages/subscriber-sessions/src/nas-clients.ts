import { isIP } from 'node:net';
import { LineKeeperError } from '@linekeeper/identity-core';
import { maskOctets, parseAddress } from './ip-address.js';

export interface NasClientConfig {
  readonly name: string;
  readonly secret: string;
  readonly address?: string | undefined;
  readonly cidr?: string | undefined;
}

/** A configured NAS: its name (which namespaces its sessions) and its shared secret. */
export interface NasClient {
  readonly name: string;
  readonly secret: Buffer;
}

export interface NasClients {
  /** The client whose address or CIDR holds `address` (the most specific one), if any. */
  match(address: string): NasClient | undefined;
}

interface Rule {
  readonly client: NasClient;
  readonly family: 4 | 6;
  readonly bits: number;
  readonly network: number | Uint8Array;
}

/**
 * Compiles the client list once, at start: every address and CIDR is parsed here, so a typo
 * fails the boot instead of silently never matching. Rules are kept most specific first.
 */
export function compileNasClients(clients: readonly NasClientConfig[]): NasClients {
  const rules = clients.map((client, index) => compileRule(client, index));
  rules.sort((a, b) => b.bits - a.bits);
  return {
    match(address) {
      const parsed = parseAddress(address);
      if (!parsed) return undefined;
      for (const rule of rules) {
        if (rule.family !== parsed.family) continue;
        if (parsed.family === 4 ? matches4(parsed.value, rule) : matches6(parsed.octets, rule)) {
          return rule.client;
        }
      }
      return undefined;
    },
  };
}

function compileRule(config: NasClientConfig, index: number): Rule {
  const where = `clients.${index}`;
  const text = config.cidr ?? (config.address === undefined ? undefined : `${config.address}/-`);
  if (text === undefined) throw invalid(where, 'needs an address or a cidr');
  const [host = '', bitsText = ''] = text.split('/');
  const family = isIP(host);
  const parsed = parseAddress(host);
  if ((family !== 4 && family !== 6) || !parsed) throw invalid(where, `${host} is not an IP address`);
  const width = parsed.family === 4 ? 32 : 128;
  const bits = bitsText === '-' ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width || bitsText === '') {
    throw invalid(where, `${text} has no valid prefix length`);
  }
  const client: NasClient = { name: config.name, secret: Buffer.from(config.secret, 'utf8') };
  if (parsed.family === 4) {
    return { client, family: 4, bits, network: (parsed.value & mask4(bits)) >>> 0 };
  }
  return { client, family: 6, bits, network: maskOctets(parsed.octets, bits) };
}

function mask4(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function matches4(value: number, rule: Rule): boolean {
  return (value & mask4(rule.bits)) >>> 0 === rule.network;
}

function matches6(octets: Uint8Array, rule: Rule): boolean {
  const masked = maskOctets(octets, rule.bits);
  const network = rule.network as Uint8Array;
  for (let i = 0; i < 16; i++) if (masked[i] !== network[i]) return false;
  return true;
}

function invalid(where: string, message: string): LineKeeperError<'ERR_NAS_CLIENT_INVALID'> {
  return new LineKeeperError('ERR_NAS_CLIENT_INVALID', `${where}: ${message}`, { where });
}
