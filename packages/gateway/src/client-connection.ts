import type { Socket } from 'node:net';
import type { GatewayErrorCode } from './errors.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { type HeadLimits, parseRequestHead, type RequestHead } from './parse-request-head.js';
import { rawProblem } from './send-problem.js';

export interface ClientConnectionOptions {
  readonly limits: HeadLimits;
  /** A client must send a whole header block within this, */
  readonly headersTimeoutMs: number;
  /** … and a whole request, body included, within this. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  readonly metrics: GatewayMetrics;
  /** A plain-http request head (Upgrade included) has been read. */
  readonly onRequest: (connection: ClientConnection, head: RequestHead) => void;
  /** A CONNECT head has been read: the socket is the tunnel's after `detach()`. */
  readonly onConnect: (connection: ClientConnection, head: RequestHead) => void;
}

/** What the exchange in progress is told about its client. */
export interface ExchangeHooks {
  /** The client went away (or was failed): release the upstream side. */
  clientGone(): void;
  /** The client socket can take more response bytes. */
  clientDrain(): void;
}

const IDLE = 0; // between requests (or before the first)
const HEAD = 1; // part of a request head has arrived
const BUSY = 2; // an exchange runs; body bytes go to it, anything after is held
const GONE = 3; // tunnelled, closing or closed

/**
 * One client connection, read without node:http: request heads parsed strictly and within
 * bounds, one exchange at a time (pipelined requests wait, bounded, for the previous response),
 * body bytes handed to the exchange as they arrive with back-pressure, and deadlines for slow
 * clients that the server's sweep enforces (no timer per request).
 */
export class ClientConnection {
  /** When the current phase must be over (ms since the epoch); 0: no deadline. */
  deadline = 0;
  /** Set while an exchange runs. */
  exchange: ExchangeHooks | undefined;
  /** The exchange has written response bytes (a failure can no longer be answered). */
  responseStarted = false;
  /** The client closed its sending side (half-close): close after the current response. */
  ended = false;
  /**
   * The subscriber pools this client's address is in, under one running policy (`key`): the
   * address never changes for a connection, so the lookup is made once per connection and policy.
   */
  poolsMemo: { readonly key: object; readonly pools: readonly string[] } | undefined;
  private phase = IDLE;
  private held: Buffer | undefined;
  private bodyFeed: ((chunk: Buffer) => number) | undefined;
  private requestStartedAt = 0;
  /** The exchange paused reading because the upstream cannot take more body yet. */
  private backpressured = false;
  private readonly listeners: Record<string, (chunk: Buffer) => void>;

  constructor(
    readonly socket: Socket,
    /** The subscriber's address: the peer's, or what a trusted PROXY protocol header said. */
    readonly clientAddress: string,
    private readonly options: ClientConnectionOptions,
  ) {
    this.deadline = Date.now() + options.headersTimeoutMs;
    this.listeners = {
      data: (chunk) => this.onData(chunk),
      drain: () => this.exchange?.clientDrain(),
      end: () => this.onEnd(),
      error: () => {}, // 'close' follows
      close: () => {
        this.phase = GONE;
        this.exchange?.clientGone();
        this.exchange = undefined;
      },
    };
    for (const [event, listener] of Object.entries(this.listeners)) socket.on(event, listener);
  }

  /** Bytes that arrived before the connection was handed over (after a PROXY header). */
  feed(initial: Buffer): void {
    if (initial.length > 0) this.onData(initial);
  }

  /** The exchange takes the request body: `feed` returns the bytes it used, -1 if malformed. */
  takeBody(feed: (chunk: Buffer) => number): void {
    this.bodyFeed = feed;
    this.deadline = this.requestStartedAt + this.options.requestTimeoutMs;
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    const used = feed(held);
    if (used >= 0 && used < held.length) this.hold(held.subarray(used));
    // Reading paused while the bytes were held; it goes on unless the upstream is full now.
    else if (used >= 0 && !this.backpressured && this.phase === BUSY) this.socket.resume();
  }

  /** The request body has ended; later bytes are the next request's. */
  bodyDone(): void {
    this.bodyFeed = undefined;
    this.deadline = 0;
  }

  pauseBody(): void {
    this.backpressured = true;
    this.socket.pause();
  }

  resumeBody(): void {
    this.backpressured = false;
    if (this.phase !== GONE) this.socket.resume();
  }

  /** The exchange is over: wait for the next request, or close. */
  finish(keepAlive: boolean): void {
    this.exchange = undefined;
    this.bodyFeed = undefined;
    this.backpressured = false;
    this.responseStarted = false;
    if (this.phase === GONE) return;
    if (!keepAlive || this.ended) {
      this.close();
      return;
    }
    this.phase = IDLE;
    this.deadline = Date.now() + this.options.keepAliveTimeoutMs;
    if (this.socket.isPaused()) this.socket.resume();
    if (this.held !== undefined) this.parseNext();
  }

  /** Answers with a problem (when nothing was sent yet) and closes; otherwise just closes. */
  fail(code: GatewayErrorCode, detail?: string): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    exchange?.clientGone();
    if (this.phase === GONE) return;
    if (this.responseStarted) {
      this.socket.destroy();
      this.phase = GONE;
      return;
    }
    this.socket.write(rawProblem(code, detail));
    this.close();
  }

  /** Hands the socket over (CONNECT, upgraded protocol); returns bytes read but not yet used. */
  detach(): Buffer {
    this.phase = GONE;
    this.deadline = 0;
    this.exchange = undefined;
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.off(event, listener);
    this.socket.on('error', () => {});
    const held = this.held ?? Buffer.alloc(0);
    this.held = undefined;
    if (this.socket.isPaused()) this.socket.resume();
    return held;
  }

  /** Called by the server's sweep once `deadline` has passed. */
  expire(): void {
    this.deadline = 0;
    if (this.phase === HEAD || (this.phase === BUSY && this.bodyFeed !== undefined)) {
      this.options.metrics.clientError('ERR_REQUEST_TIMEOUT');
      this.fail('ERR_REQUEST_TIMEOUT', 'the request was not received in time');
    } else this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.phase === BUSY) {
      if (this.bodyFeed === undefined || this.held !== undefined) {
        this.hold(chunk);
        return;
      }
      const used = this.bodyFeed(chunk);
      if (used >= 0 && used < chunk.length) this.hold(chunk.subarray(used));
    } else if (this.phase !== GONE) {
      this.held = this.held === undefined ? chunk : Buffer.concat([this.held, chunk]);
      this.parseNext();
    }
  }

  private onEnd(): void {
    this.ended = true;
    if (this.phase === IDLE || this.phase === HEAD) this.close();
  }

  /** Bytes that wait for the current exchange; reading pauses when they pile up. */
  private hold(bytes: Buffer): void {
    this.held = this.held === undefined ? bytes : Buffer.concat([this.held, bytes]);
    if (this.held.length > this.options.limits.maxHeaderBytes) this.socket.pause();
  }

  private parseNext(): void {
    const data = this.held as Buffer;
    const result = parseRequestHead(data, this.options.limits);
    if (result.kind === 'incomplete') {
      if (this.phase === IDLE) {
        this.phase = HEAD;
        this.requestStartedAt = Date.now();
        this.deadline = this.requestStartedAt + this.options.headersTimeoutMs;
      }
      return;
    }
    if (result.kind === 'invalid') {
      this.options.metrics.clientError(result.code);
      this.held = undefined;
      this.fail(result.code, result.detail);
      return;
    }
    const { head } = result;
    if (this.phase === IDLE) this.requestStartedAt = Date.now();
    this.held = head.consumed < data.length ? data.subarray(head.consumed) : undefined;
    this.phase = BUSY;
    this.deadline = 0;
    if (head.method === 'CONNECT') this.options.onConnect(this, head);
    else this.options.onRequest(this, head);
  }

  private close(): void {
    this.phase = GONE;
    this.socket.end();
    // A client that never closes its side is dropped soon after.
    this.deadline = Date.now() + 2_000;
  }
}
