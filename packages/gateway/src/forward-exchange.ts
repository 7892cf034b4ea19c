import { performance } from 'node:perf_hooks';
import type { ClientConnection, ExchangeHooks } from './client-connection.js';
import { type BodyFramer, type BodySink, createBodyFramer } from './create-body-framer.js';
import type { UpstreamAddress } from './create-resolver.js';
import type {
  UpstreamConnection,
  UpstreamHandler,
  UpstreamPool,
  UpstreamWaiter,
} from './create-upstream-pool.js';
import type { GatewayErrorCode } from './errors.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { HOP_BY_HOP_HEADERS } from './hop-by-hop.js';
import { joinTunnel } from './join-tunnel.js';
import type { HeadLimits, RequestHead } from './parse-request-head.js';
import { parseResponseHead, type ResponseHead } from './parse-response-head.js';
import { classifyUpstreamError } from './send-problem.js';
import { writeGathered } from './write-gathered.js';

export interface ExchangeOptions {
  readonly connection: ClientConnection;
  readonly request: RequestHead;
  /** The rewritten request head, ready for the wire (latin1). */
  readonly requestHead: string;
  readonly upstream: UpstreamAddress;
  /** Names the upstream in 502/504 bodies. */
  readonly authority: string;
  readonly pool: UpstreamPool;
  readonly limits: HeadLimits;
  readonly metrics: GatewayMetrics;
  readonly tunnelIdleTimeoutMs: number;
  /** `performance.now()` when the request arrived. */
  readonly started: number;
}

/**
 * Step 6 of the request path: one request forwarded over a pooled upstream connection and its
 * response streamed back. Both bodies stream with back-pressure and are re-framed strictly; the
 * upstream connection goes back to the pool only after a cleanly delimited exchange. A reused
 * connection that the upstream had closed meanwhile is retried once on a fresh one (bodiless
 * requests only). An upgrade answered `101` becomes a byte-for-byte tunnel.
 */
export function forwardExchange(options: ExchangeOptions): void {
  new Exchange(options).start();
}

class Exchange implements ExchangeHooks, UpstreamHandler, UpstreamWaiter, BodySink {
  private upstream: UpstreamConnection | undefined;
  private finished = false;
  private retried = false;
  private requestBody: BodyFramer | undefined;
  private pending: Buffer | undefined;
  private response: ResponseHead | undefined;
  private responseBody: BodyFramer | undefined;
  private keepClient = false;
  private trailing = false;
  private batch: (Buffer | string)[] | undefined;

  constructor(private readonly options: ExchangeOptions) {}

  start(): void {
    this.options.connection.exchange = this;
    this.options.pool.acquire(this.options.upstream, false, this);
  }

  acquired(error: NodeJS.ErrnoException | undefined, upstream?: UpstreamConnection): void {
    if (this.finished) {
      if (upstream) this.options.pool.release(upstream);
      return;
    }
    if (upstream === undefined) {
      this.upstreamFailed(classifyUpstreamError(error), error?.code ?? error?.message ?? 'failed');
      return;
    }
    this.upstream = upstream;
    upstream.handler = this;
    upstream.socket.write(this.options.requestHead, 'latin1');
    const { request, connection } = this.options;
    if (request.body.kind !== 'none' && this.requestBody === undefined) {
      this.requestBody = createBodyFramer(request.body, {
        rechunk: true,
        maxLineBytes: 1024,
        maxTrailerCount: this.options.limits.maxHeaderCount,
      });
      connection.takeBody(this.requestBodyFeed());
    }
  }

  /** Request body bytes go upstream; a full upstream socket pauses the client. */
  private requestBodyFeed(): (chunk: Buffer) => number {
    const { connection, metrics } = this.options;
    const framer = this.requestBody as BodyFramer;
    const sink: BodySink = {
      emit: (part) => {
        if (this.upstream?.socket.write(part) === false) connection.pauseBody();
      },
    };
    return (chunk) => {
      const used = framer.feed(chunk, sink);
      if (used < 0) {
        metrics.clientError('ERR_BAD_REQUEST');
        connection.fail('ERR_BAD_REQUEST', 'malformed chunked request body');
      } else if (framer.done) connection.bodyDone();
      return used;
    };
  }

  /** Response bytes go to the client (gathered while one upstream read is handled). */
  emit(part: Buffer | string): void {
    if (this.batch !== undefined) this.batch.push(part);
    else if (!this.options.connection.socket.write(part, 'latin1')) this.upstream?.socket.pause();
  }

  data(chunk: Buffer): void {
    this.batch = [];
    if (this.responseBody !== undefined || this.response?.body.kind === 'close') this.body(chunk);
    else this.head(chunk);
    this.flush();
  }

  /** Writes what one upstream read produced; a full client socket pauses the upstream. */
  private flush(): void {
    const parts = this.batch;
    this.batch = undefined;
    if (parts === undefined || parts.length === 0) return;
    if (!writeGathered(this.options.connection.socket, parts)) this.upstream?.socket.pause();
  }

  private head(chunk: Buffer): void {
    const { request, limits } = this.options;
    let data = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const result = parseResponseHead(data, limits, request.method === 'HEAD');
      if (result.kind === 'incomplete') {
        this.pending = data;
        return;
      }
      if (result.kind === 'invalid') {
        this.upstreamFailed('ERR_UPSTREAM_FAILED', result.detail);
        return;
      }
      const { head } = result;
      const rest = data.subarray(head.consumed);
      if (head.status === 101) {
        if (request.upgrade === undefined) this.upstreamFailed('ERR_UPSTREAM_FAILED', '101 without Upgrade');
        else this.tunnel(head, rest);
        return;
      }
      if (head.status >= 200) {
        this.pending = undefined;
        this.respond(head);
        if (rest.length > 0) this.body(rest);
        else if (head.body.kind === 'none') this.complete();
        return;
      }
      // 1xx (100 Continue …): passed on to an HTTP/1.1 client; the final response follows.
      if (request.minorVersion === 1) this.emit(statusBlock(head, true));
      if (rest.length === 0) {
        this.pending = undefined;
        return;
      }
      data = rest;
    }
  }

  private respond(head: ResponseHead): void {
    const { request, connection } = this.options;
    this.response = head;
    const toOldClient = request.minorVersion === 0;
    this.keepClient =
      request.keepAlive &&
      request.upgrade === undefined &&
      head.body.kind !== 'close' &&
      !(toOldClient && head.body.kind === 'chunked') &&
      (this.requestBody === undefined || this.requestBody.done);
    let text = statusBlock(head, false);
    if (head.body.kind === 'chunked' && !toOldClient) text += 'Transfer-Encoding: chunked\r\n';
    if (!this.keepClient) text += 'Connection: close\r\n';
    else if (toOldClient) text += 'Connection: keep-alive\r\n';
    connection.responseStarted = true;
    this.emit(`${text}\r\n`);
    if (head.body.kind !== 'none' && head.body.kind !== 'close') {
      this.responseBody = createBodyFramer(head.body, {
        rechunk: !toOldClient,
        maxLineBytes: 1024,
        maxTrailerCount: this.options.limits.maxHeaderCount,
      });
    }
  }

  private body(chunk: Buffer): void {
    const framer = this.responseBody;
    if (framer === undefined) {
      this.emit(chunk); // delimited by the upstream closing
      return;
    }
    const used = framer.feed(chunk, this);
    if (used < 0) {
      this.upstreamFailed('ERR_UPSTREAM_FAILED', 'malformed response body');
      return;
    }
    if (!framer.done) return;
    this.trailing = used < chunk.length; // bytes after the response: the connection is not reusable
    this.complete();
  }

  private complete(): void {
    if (this.finished) return;
    this.finished = true;
    const { pool, connection, metrics, request } = this.options;
    const upstream = this.upstream as UpstreamConnection;
    const reusable =
      this.response?.keepAlive === true &&
      !this.trailing &&
      (this.requestBody === undefined || this.requestBody.done);
    if (reusable) pool.release(upstream);
    else pool.discard(upstream);
    metrics.observe(request.upgrade ? 'upgrade' : 'http', (performance.now() - this.options.started) / 1000);
    this.flush();
    connection.finish(this.keepClient);
  }

  /** The upstream connection closed (cleanly or not), failed or timed out. */
  closed(error: NodeJS.ErrnoException | undefined): void {
    if (this.finished) return;
    if (this.response?.body.kind === 'close') {
      this.complete(); // the end of a close-delimited body
      return;
    }
    const fresh = this.response === undefined && this.pending === undefined;
    const { request } = this.options;
    const safe = request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS';
    if (fresh && safe && this.upstream?.reused && request.body.kind === 'none' && !this.retried) {
      // The pooled connection had been closed by the upstream before our request reached it.
      this.retried = true;
      this.upstream = undefined;
      this.options.pool.acquire(this.options.upstream, true, this);
      return;
    }
    this.upstream = undefined;
    this.upstreamFailed(classifyUpstreamError(error), error?.code ?? 'closed');
  }

  drain(): void {
    this.options.connection.resumeBody();
  }

  clientGone(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.upstream) this.options.pool.discard(this.upstream);
  }

  clientDrain(): void {
    this.upstream?.socket.resume();
  }

  private upstreamFailed(code: GatewayErrorCode, detail: string): void {
    if (this.finished) return;
    this.finished = true;
    if (this.upstream) this.options.pool.discard(this.upstream);
    this.options.metrics.upstreamError(code);
    this.options.connection.fail(code, `${this.options.authority}: ${detail}`);
  }

  private tunnel(head: ResponseHead, rest: Buffer): void {
    this.finished = true;
    const { connection, pool, metrics, started } = this.options;
    const upstream = this.upstream as UpstreamConnection;
    pool.discard(upstream, true);
    this.flush(); // any 1xx before the 101 goes first
    const client = connection.socket;
    const early = connection.detach();
    let text = `HTTP/1.1 101 ${head.reason}\r\n`;
    const raw = head.headers.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
    client.write(`${text}\r\n`, 'latin1');
    if (rest.length > 0) client.write(rest);
    if (early.length > 0) upstream.socket.write(early);
    joinTunnel(client, upstream.socket, this.options.tunnelIdleTimeoutMs, () =>
      metrics.observe('upgrade', (performance.now() - started) / 1000),
    );
  }
}

/** Status line and end-to-end fields of a response (hop-by-hop ones, and any it lists, dropped). */
function statusBlock(head: ResponseHead, end: boolean): string {
  let text = `HTTP/1.1 ${head.status} ${head.reason}\r\n`;
  const raw = head.headers.rawHeaders;
  const listed = head.headers.connection;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower) || listed?.has(lower)) continue;
    text += `${name}: ${raw[i + 1]}\r\n`;
  }
  return end ? `${text}\r\n` : text;
}
