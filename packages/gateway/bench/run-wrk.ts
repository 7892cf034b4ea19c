// One wrk measurement (keep-alive, 50 connections, 2 threads) of one target, with the CPU time
// the target's processes spent on it: under a loaded machine req/s moves with everyone else's
// work, CPU per request much less.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';

export interface Measurement {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** CPU microseconds (user + system) the target's processes spent per request. */
  readonly cpuPerRequest: number;
  /** 1-minute load average when the measurement started. */
  readonly load: number;
}

/** `self` measures this process (the gateway runs in the bench's own process). */
export type CpuSource = number | 'self';

export async function runWrk(
  port: number,
  host: string,
  seconds: number,
  cpu: CpuSource,
): Promise<Measurement> {
  const target = ['-H', `Host: ${host}`, `http://127.0.0.1:${port}/`];
  await promisify(execFile)('wrk', ['-t2', '-c50', '-d1s', ...target]); // warm-up, not counted
  const load = loadavg()[0] as number;
  const before = cpuSeconds(cpu);
  const { stdout: out } = await promisify(execFile)(
    'wrk',
    ['-t2', '-c50', `-d${seconds}s`, '--latency', ...target],
    {
      encoding: 'utf8',
    },
  );
  const spent = cpuSeconds(cpu) - before;
  const ms = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
    [...(/Socket errors: (.*)/.exec(out)?.[1] ?? '').matchAll(/\d+/g)].reduce((a, m) => a + Number(m[0]), 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: ms(' 50%'),
    p99: ms(' 99%'),
    errors,
    cpuPerRequest: requests > 0 ? (spent * 1e6) / requests : Number.NaN,
    load,
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU seconds of a process and all its descendants (threads included), or this process. */
function cpuSeconds(source: CpuSource): number {
  if (source === 'self') {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  let ticks = 0;
  const visit = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
        for (const child of children === '' ? [] : children.split(' ')) visit(Number(child));
      }
    } catch {
      // the process ended meanwhile
    }
  };
  visit(source);
  return ticks / TICKS_PER_SECOND;
}
