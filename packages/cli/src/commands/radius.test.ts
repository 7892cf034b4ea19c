import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `linekeeper radius` as an operator runs it, from the TypeScript sources (no build needed).
const cli = ['--conditions=source', '--import', 'tsx', new URL('../main.ts', import.meta.url).pathname];

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lk-cli-radius-')), 'radius.yaml');
  writeFileSync(file, text);
  return file;
}

async function waitFor(
  child: ChildProcess,
  pattern: RegExp,
  log: { text: string },
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out:\n${log.text}`)), 45_000);
    const check = (chunk: Buffer) => {
      log.text += chunk.toString();
      const match = pattern.exec(log.text);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${log.text}`));
    });
  });
}

describe('linekeeper radius', () => {
  it('refuses a config without NAS clients, naming the key (exit 2)', async () => {
    const child = spawn(process.execPath, [...cli, 'radius', '--config', configFile('admin:\n  port: 0\n')]);
    const log = { text: '' };
    child.stderr.on('data', (chunk: Buffer) => {
      log.text += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      log.text += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(log.text).toContain('ERR_CONFIG_INVALID');
    expect(log.text).toContain('clients');
  });

  it.skipIf(!existsSync('/usr/bin/radclient'))(
    'learns a session from radclient and serves it on the admin API',
    async () => {
      const file = configFile(
        'clients:\n  - name: lab\n    cidr: 127.0.0.0/8\n    secret: a-lab-secret-1234\nadmin:\n  port: 0\n',
      );
      const child = spawn(process.execPath, [...cli, 'radius', '--port', '0', '--config', file]);
      const log = { text: '' };
      try {
        const [, udpPort] = await waitFor(child, /udp:\/\/127\.0\.0\.1:(\d+)/, log);
        const [, adminPort] = await waitFor(child, /http:\/\/127\.0\.0\.1:(\d+) \(admin API\)/, log);
        const radclient = spawn('/usr/bin/radclient', [
          '-r',
          '1',
          '-t',
          '2',
          `127.0.0.1:${udpPort}`,
          'acct',
          'a-lab-secret-1234',
        ]);
        radclient.stdin.end(
          'Acct-Status-Type = Start, Acct-Session-Id = "C1", Calling-Station-Id = "447700900123", ' +
            'Framed-IP-Address = 10.0.0.9, NAS-Identifier = "pgw-1"\n',
        );
        const [radclientCode] = await once(radclient, 'exit');
        expect(radclientCode).toBe(0);
        const response = await fetch(`http://127.0.0.1:${adminPort}/sessions/10.0.0.9`);
        expect(await response.json()).toMatchObject({ msisdn: '+44********23', nas: 'lab/pgw-1' });
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      expect(log.text).not.toContain('7700900123');
    },
    60_000,
  );
});
