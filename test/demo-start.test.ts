import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` as a newcomer runs it, from the TypeScript sources (the `source` export
// condition) so that the test needs no build; ports shifted so a running demo is not disturbed.
const PORT_OFFSET = 20_000;
const cli = ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts'];

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [...cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function output(child: ChildProcess): Promise<string> {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  await once(child, 'exit');
  return text;
}

describe('linekeeper --help', () => {
  it('lists the subcommands', async () => {
    const text = await output(run(['--help']));
    expect(text).toMatch(/start\s/);
    expect(text).toMatch(/leak-check\s/);
  });

  it('refuses a bad --port', async () => {
    const child = run(['leak-check', '--port', 'x']);
    const text = await output(child);
    expect(child.exitCode).not.toBe(0);
    expect(text).toMatch(/--port/);
  });

  it('names the bad key of a config file and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-cli-'));
    const file = join(dir, 'leak-check.yaml');
    writeFileSync(file, 'port: 8081\nprot: 8082\n');
    const child = run(['leak-check', '--config', file]);
    const text = await output(child);
    expect(child.exitCode).toBe(2);
    expect(text).toContain('ERR_CONFIG_INVALID');
    expect(text).toContain(file);
    expect(text).toContain('prot');
  });
});

describe('linekeeper start (npm start)', () => {
  let demo: ChildProcess;
  let banner = '';

  beforeAll(async () => {
    demo = run(['start', '--port-offset', String(PORT_OFFSET)]);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${banner}`)), 45_000);
      demo.stdout?.on('data', (chunk: Buffer) => {
        banner += chunk.toString();
        if (banner.includes('Ctrl-C stops it')) {
          clearTimeout(timer);
          resolve();
        }
      });
      demo.stderr?.on('data', (chunk: Buffer) => {
        banner += chunk.toString();
      });
      demo.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${banner}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (demo.exitCode === null) {
      demo.kill('SIGTERM');
      await once(demo, 'exit');
    }
  });

  it('prints where each part listens', () => {
    expect(banner).toContain(`http://127.0.0.1:${8081 + PORT_OFFSET}`);
  });

  it('serves the leak-check page, which finds the header the 2012 leak used', async () => {
    const response = await fetch(`http://127.0.0.1:${8081 + PORT_OFFSET}/api/check`, {
      headers: { 'x-up-calling-line-id': '447700900123' },
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { findings: { header: string; kind: string }[] };
    expect(body.findings).toContainEqual(
      expect.objectContaining({ header: 'x-up-calling-line-id', kind: 'msisdn' }),
    );
  });

  it('serves the Bill Manager with the demo companies behind a demo sign-in', async () => {
    const base = `http://127.0.0.1:${8082 + PORT_OFFSET}`;
    const page = await fetch(`${base}/`, { signal: AbortSignal.timeout(5000) });
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const anonymous = await fetch(`${base}/api/dashboard`, { signal: AbortSignal.timeout(5000) });
    expect(anonymous.status).toBe(401);
    const signIn = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@harbour-bakery.demo', password: 'linekeeper-demo' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^lk_session=/);
    const dashboard = await fetch(`${base}/api/dashboard`, {
      headers: { cookie },
      signal: AbortSignal.timeout(5000),
    });
    expect(dashboard.status).toBe(200);
    const body = (await dashboard.json()) as { currency: string; months: unknown[] };
    expect(body.currency).toBe('GBP');
    expect(body.months).toHaveLength(3);
  });

  it('stops on SIGTERM', async () => {
    demo.kill('SIGTERM');
    const [code] = await once(demo, 'exit');
    expect(code).toBe(0);
  });
});
