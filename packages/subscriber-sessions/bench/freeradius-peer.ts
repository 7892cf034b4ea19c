import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RadiusdPeer {
  readonly port: number;
  readonly pid: number;
  close(): Promise<void>;
}

const BINARIES = ['/usr/sbin/freeradius', '/usr/sbin/radiusd'];

export function findRadiusd(): string | undefined {
  return BINARIES.find((path) => existsSync(path));
}

/** A free UDP port on loopback (radiusd cannot be told to pick one and report it). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * FreeRADIUS 3 in the foreground with a minimal generated config: one client (127.0.0.1), one
 * accounting listener on loopback, and an accounting section that either just answers (`ok`)
 * or writes each request to a detail file first (what an accounting server usually does).
 */
export async function startRadiusd(options: { secret: string; detail: boolean }): Promise<RadiusdPeer> {
  const binary = findRadiusd();
  if (!binary) throw new Error('FreeRADIUS (Debian package freeradius) is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'linekeeper-radiusd-'));
  const port = await freeUdpPort();
  const paths = ['sysconfdir', 'localstatedir', 'logdir', 'raddbdir', 'radacctdir', 'confdir', 'modconfdir']
    .concat(['certdir', 'cadir', 'run_dir', 'db_dir'])
    .map((name) => `${name} = ${dir}`)
    .join('\n');
  writeFileSync(join(dir, 'dictionary'), '');
  writeFileSync(
    join(dir, 'radiusd.conf'),
    `prefix = /usr
exec_prefix = /usr
sbindir = /usr/sbin
libdir = /usr/lib/freeradius
name = freeradius
${paths}
pidfile = ${dir}/radiusd.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 1048576
hostname_lookups = no
log {
  destination = stdout
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 4
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 4
  max_requests_per_server = 0
  max_queue_size = 65536
}
client bench {
  ipaddr = 127.0.0.1
  secret = ${options.secret}
}
modules {
  always ok {
    rcode = ok
  }
  detail {
    filename = ${dir}/detail
    permissions = 0600
    header = "%t"
    locking = no
  }
}
server default {
  listen {
    type = acct
    ipaddr = 127.0.0.1
    port = ${port}
  }
  preacct {
    ok
  }
  accounting {
    ${options.detail ? 'detail' : ''}
    ok
  }
}
`,
  );
  const child: ChildProcess = spawn(binary, ['-f', '-d', dir, '-l', 'stdout'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`radiusd did not start:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to process requests')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`radiusd exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    pid: child.pid ?? 0,
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
