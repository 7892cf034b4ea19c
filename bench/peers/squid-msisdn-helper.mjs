#!/usr/bin/env node
// Squid external ACL helper for the gateway benchmark's Squid peer: reads an IP→MSISDN map
// (`10.0.0.1 +447700900000` per line, the HAProxy map format) once, then answers each lookup
// line (`%SRC`, then `-` for the ACL's absent arguments) with `OK msisdn=<number>` or `ERR`.
// Squid caches answers (ttl in squid.conf).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const map = new Map();
for (const line of readFileSync(process.argv[2] ?? '', 'utf8').split('\n')) {
  const [address, msisdn] = line.trim().split(/\s+/);
  if (address && msisdn) map.set(address, msisdn);
}
for await (const line of createInterface({ input: process.stdin })) {
  const msisdn = map.get(line.trim().split(/\s+/)[0] ?? '');
  process.stdout.write(msisdn === undefined ? 'ERR\n' : `OK msisdn=${msisdn}\n`);
}
