// Starts the benchmark's peers from the templates in bench/peers/ (repository root): nginx,
// HAProxy and Squid, each in the foreground as the current user, with its own temporary
// directory, adding X-MSISDN from the same IP→MSISDN map for one partner host only.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type PeerKind = 'nginx' | 'haproxy' | 'squid';

export interface PeerOptions {
  /** A temporary directory that holds `msisdn.map` and `msisdn.nginx.map` already. */
  readonly dir: string;
  readonly originPort: number;
  readonly partnerHost: string;
}

export interface RunningPeer {
  readonly port: number;
  /** The peer's main process (its workers and helpers are its children). */
  readonly pid: number;
  stop(): Promise<void>;
}

const TEMPLATES = fileURLToPath(new URL('../../../bench/peers/', import.meta.url));
const BINARIES: Record<PeerKind, string> = { nginx: 'nginx', haproxy: 'haproxy', squid: 'squid' };

/** Writes both map formats: `address msisdn` (HAProxy, the Squid helper) and nginx's `map` lines. */
export function writePeerMaps(
  dir: string,
  entries: Iterable<readonly [address: string, msisdn: string]>,
): void {
  const plain: string[] = [];
  const nginx: string[] = [];
  for (const [address, msisdn] of entries) {
    plain.push(`${address} ${msisdn}`);
    nginx.push(`${address} "${msisdn}";`);
  }
  writeFileSync(join(dir, 'msisdn.map'), `${plain.join('\n')}\n`);
  writeFileSync(join(dir, 'msisdn.nginx.map'), `${nginx.join('\n')}\n`);
}

/** The binary's path, or `undefined` when it is not installed (the bench says so and goes on). */
export function findPeerBinary(kind: PeerKind): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, BINARIES[kind]);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

export async function startPeer(kind: PeerKind, binary: string, options: PeerOptions): Promise<RunningPeer> {
  const dir = join(options.dir, kind);
  mkdirSync(dir, { recursive: true });
  // nginx workers and Squid drop root privileges when started as root: let them write here.
  chmodSync(options.dir, 0o777);
  chmodSync(dir, 0o777);
  for (const map of ['msisdn.map', 'msisdn.nginx.map']) {
    writeFileSync(join(dir, map), readFileSync(join(options.dir, map)));
  }
  const port = await freePort();
  const fill = (template: string) =>
    readFileSync(join(TEMPLATES, template), 'utf8')
      .replaceAll('{{DIR}}', dir)
      .replaceAll('{{PORT}}', String(port))
      .replaceAll('{{ORIGIN_PORT}}', String(options.originPort))
      .replaceAll('{{PARTNER_HOST}}', options.partnerHost)
      .replaceAll(
        '{{HELPER}}',
        `${process.execPath} ${join(TEMPLATES, 'squid-msisdn-helper.mjs')} ${join(dir, 'msisdn.map')}`,
      );
  let child: ChildProcess;
  if (kind === 'nginx') {
    writeFileSync(join(dir, 'nginx.conf'), fill('nginx.conf.template'));
    child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } else if (kind === 'haproxy') {
    writeFileSync(join(dir, 'haproxy.cfg'), fill('haproxy.cfg.template'));
    child = spawn(binary, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'pipe'] });
  } else {
    writeFileSync(join(dir, 'squid.conf'), fill('squid.conf.template'));
    child = spawn(binary, ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, 120_000, exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${kind} did not start: ${(error as Error).message}\n${stderr.slice(-2000)}`);
  }
  return {
    port,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill(kind === 'squid' ? 'SIGINT' : 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error('the process exited');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}
