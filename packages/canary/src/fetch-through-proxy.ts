import { request } from 'node:http';

export interface ProxyFetchResult {
  readonly status: number;
  readonly body: string;
}

/**
 * One GET through an HTTP proxy in absolute form (`GET http://host/path`), from `localAddress`
 * (the canary subscriber's address), as a handset's browser would send it. Bounded in time and
 * size; a non-2xx answer is returned, not thrown.
 */
export function fetchThroughProxy(options: {
  proxy: URL;
  url: URL;
  localAddress: string;
  timeoutMs: number;
  maxBytes?: number;
}): Promise<ProxyFetchResult> {
  const maxBytes = options.maxBytes ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    const req = request({
      host: options.proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(options.proxy.port || 80),
      method: 'GET',
      path: options.url.href,
      localAddress: options.localAddress,
      headers: { Host: options.url.host, Accept: 'application/json', 'User-Agent': 'linekeeper-canary' },
      setHost: false,
      agent: false,
    });
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
    );
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new Error(`answer larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.once('error', reject);
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.end();
  });
}
