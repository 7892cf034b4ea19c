import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { encodeAccountingRequest, verifyResponseAuthenticator } from '@linekeeper/subscriber-sessions';
import { canaryError } from './errors.js';

export interface CanarySessionOptions {
  /** The RADIUS accounting listener. */
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  /** The canary subscriber: its reserved number and the address it binds. */
  readonly msisdn: string;
  readonly address: string;
  readonly nasIdentifier?: string;
  /** How often an Interim-Update keeps the session alive (default 60 s). */
  readonly interimMs?: number;
  /** Per attempt; three attempts per packet (default 1 s). */
  readonly timeoutMs?: number;
  readonly clock?: () => number;
  /** Told when an Interim-Update goes unanswered (the session may expire). */
  readonly onError?: (error: unknown) => void;
}

export interface CanarySession {
  readonly accountingSessionId: string;
  /** Sends Start and waits for the listener's answer, then keeps the session alive. */
  start(): Promise<void>;
  /** Sends Stop (best effort) and stops the Interim-Updates. */
  stop(): Promise<void>;
}

/**
 * The canary subscriber's own accounting session, as a packet gateway would report it: Start,
 * Interim-Updates every `interimMs`, Stop on close. Each packet is retried three times and its
 * answer's authenticator checked, so a wrong secret fails loudly at start.
 */
export function createCanarySession(options: CanarySessionOptions): CanarySession {
  if (!isIPv4(options.address)) {
    throw canaryError('ERR_CANARY_OPTIONS_INVALID', 'the canary address must be IPv4');
  }
  const secret = Buffer.from(options.secret, 'utf8');
  const accountingSessionId = `linekeeper-canary-${randomBytes(6).toString('hex')}`;
  const interimMs = options.interimMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 1000;
  const clock = options.clock ?? Date.now;
  let identifier = randomBytes(1).readUInt8(0);
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;

  const send = async (statusType: 'Start' | 'Interim-Update' | 'Stop'): Promise<void> => {
    if (!socket) return;
    identifier = (identifier + 1) & 0xff;
    const request = encodeAccountingRequest(
      {
        statusType,
        sessionId: accountingSessionId,
        msisdn: options.msisdn,
        ipv4: options.address,
        nasIdentifier: options.nasIdentifier ?? 'linekeeper-canary',
        interimInterval: Math.max(1, Math.ceil(interimMs / 1000)),
        eventTimestamp: Math.floor(clock() / 1000),
      },
      options.secret,
      identifier,
    );
    const open = socket;
    for (let attempt = 0; attempt < 3; attempt++) {
      const answered = await new Promise<boolean>((resolve) => {
        const onMessage = (message: Buffer) => {
          if (!verifyResponseAuthenticator(message, request, secret)) return;
          done(true);
        };
        const done = (value: boolean) => {
          clearTimeout(wait);
          open.off('message', onMessage);
          resolve(value);
        };
        const wait = setTimeout(() => done(false), timeoutMs);
        open.on('message', onMessage);
        open.send(request, options.port, options.host);
      });
      if (answered) return;
    }
    throw canaryError(
      'ERR_CANARY_ACCOUNTING_TIMEOUT',
      `no Accounting-Response to the canary's ${statusType} from ${options.host}:${options.port} ` +
        '(is the listener up, and the secret right?)',
    );
  };

  return {
    accountingSessionId,
    async start() {
      socket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
      const open = socket;
      await new Promise<void>((resolve, reject) => {
        open.once('error', reject);
        open.bind(0, () => {
          open.off('error', reject);
          resolve();
        });
      });
      open.on('error', (error) => options.onError?.(error));
      try {
        await send('Start');
      } catch (error) {
        socket = undefined;
        open.close();
        throw error;
      }
      timer = setInterval(() => {
        send('Interim-Update').catch((error: unknown) => options.onError?.(error));
      }, interimMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (!socket) return;
      await send('Stop').catch(() => undefined);
      socket.close();
      socket = undefined;
    },
  };
}
