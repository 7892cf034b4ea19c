import type { ScannedKind } from '../candidate-validator.js';
import {
  createRandom,
  digits,
  dramaCompact,
  dramaMsisdn,
  exampleNumber,
  imei,
  imsi,
  type Planted,
  pick,
  type Random,
  trackingToken,
} from './planted-identifiers.js';

export type CorpusFormat = 'nginx' | 'apache' | 'json' | 'app' | 'unseen';
export const CORPUS_FORMATS: readonly CorpusFormat[] = ['nginx', 'apache', 'json', 'app', 'unseen'];

export interface CorpusOptions {
  readonly seed: number;
  readonly lines: number;
  /** Share of lines carrying at least one identifier (default 0.3). */
  readonly plantRate?: number;
  readonly formats?: readonly CorpusFormat[];
  /** Share of nginx requests whose query carries a numeric decoy (default 1: every one). */
  readonly decoyRate?: number;
}

/** What the scanner must report: an identifier on a 1-based line. */
export interface ExpectedFinding {
  readonly line: number;
  readonly kind: ScannedKind;
  readonly value: string;
}

export interface Corpus {
  readonly text: string;
  readonly expected: ExpectedFinding[];
}

interface Line {
  readonly text: string;
  readonly planted: Planted[];
}

const UAS = [
  'Mozilla/5.0 (Linux; Android 10; SM-G973F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.106 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 5_0_1 like Mac OS X) AppleWebKit/534.46 (KHTML, like Gecko) Version/5.1 Mobile/9A405 Safari/7534.48.3',
  'Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54',
  'NokiaN8-00/5.0 (022.014) Profile/MIDP-2.1 Configuration/CLDC-1.1',
  'curl/7.68.0',
];
const PATHS = [
  '/',
  '/news/2012/01/10/story-4471',
  '/products/',
  '/basket',
  '/checkout/step/2',
  '/static/app.3f9a1c.js',
  '/api/v2/items',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const START = Date.UTC(2012, 0, 10, 0, 0, 0);

const ip = (r: Random): string =>
  `${pick(r, [10, 82, 172, 192])}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
const uuid = (r: Random): string => {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
};
const orderId = (r: Random): string => `${1 + Math.floor(r() * 9)}${digits(r, 7 + Math.floor(r() * 6))}`;
const price = (r: Random): string => `${Math.floor(r() * 2_000_000)}.${digits(r, 2)}`;
const version = (r: Random): string =>
  `${Math.floor(r() * 5)}.${Math.floor(r() * 30)}.${Math.floor(r() * 1000)}`;
const duration = (r: Random): string => (r() * 3).toFixed(3);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function clf(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Numbers that look like identifiers but are not subscribers (see README, precision rule). */
function decoyQuery(r: Random): string {
  return pick(r, [
    `order_id=${orderId(r)}`,
    `ref=${pick(r, ['33612345678', '4915123456789', '12015550123'])}`, // bare foreign digits, no key
    `sku=SKU-${digits(r, 12)}`,
    `session=${uuid(r)}`,
    `ts=${1_326_000_000 + Math.floor(r() * 999_999)}${pick(r, ['', digits(r, 3)])}`,
    `amount=${price(r)}`,
    `trace_id=4477009${digits(r, 5)}`,
    `page=${Math.floor(r() * 40)}`,
  ]);
}

function nginx(r: Random, t: number, plant: Planted[], decoyRate = 1): string {
  const msisdn = plant.find((p) => p.kind === 'msisdn');
  const optin = msisdn && !msisdn.written.includes(' ') && r() < 0.3;
  const decoy = r() < decoyRate;
  const query = decoy ? `?${decoyQuery(r)}` : '';
  const path = optin ? `/sms/optin?to=${encodeURIComponent(msisdn.written)}` : `${pick(r, PATHS)}${query}`;
  const uidh = plant.find((p) => p.kind === 'tracking-id');
  const header = msisdn && !optin ? `"${msisdn.written}"` : '"-"';
  // log_format with labelled device headers: imsi=$http_x_imsi imei=$http_x_imei
  const device = plant
    .filter((p) => p.kind === 'imsi' || p.kind === 'imei')
    .map((p) => ` ${p.kind === 'imsi' ? 'x_imsi' : 'imei'}=${p.written}`)
    .join('');
  return `${ip(r)} - - [${clf(t)}] "GET ${path} HTTP/1.1" ${pick(r, [200, 200, 304, 404])} ${Math.floor(r() * 90_000)} "https://shop.example/" "${pick(r, UAS)}" ${header} rt=${duration(r)} http_x_uidh=${uidh ? uidh.written : '-'}${device}`;
}

function apache(r: Random, t: number, plant: Planted[]): string {
  const parts = plant.map((p) =>
    p.kind === 'imsi'
      ? `x-imsi: ${p.written}`
      : p.kind === 'tracking-id'
        ? `X-ACR: ${p.written}`
        : p.kind === 'imei'
          ? `x-up-3gpp-imeisv: ${p.written}`
          : `X-Up-Calling-Line-ID: ${p.written}`,
  );
  return `${ip(r)} - - [${clf(t)}] "POST /api/v1/orders/${orderId(r)} HTTP/1.1" 201 ${Math.floor(r() * 9000)} "-" "${pick(r, UAS)}" {${parts.join('; ')}} ${Math.floor(r() * 900_000)}us`;
}

function json(r: Random, t: number, plant: Planted[]): string {
  const headers: Record<string, string> = {
    host: 'shop.example',
    'user-agent': pick(r, UAS),
    'x-forwarded-for': ip(r),
    'x-request-id': uuid(r),
  };
  for (const p of plant) {
    if (p.kind === 'msisdn')
      headers[pick(r, ['x-msisdn', 'X-Nokia-MSISDN', 'x-up-calling-line-id', 'x-wap-msisdn'])] = p.written;
    if (p.kind === 'imsi') headers['x-nokia-imsi'] = p.written;
    if (p.kind === 'imei') headers['x-up-3gpp-imeisv'] = p.written;
    if (p.kind === 'tracking-id') headers[pick(r, ['x-uidh', 'x-vf-acr'])] = p.written;
  }
  const line = {
    time: new Date(t).toISOString(),
    level: pick(r, ['info', 'info', 'warn']),
    msg: 'request completed',
    req: { id: uuid(r), method: 'GET', url: `${pick(r, PATHS)}?${decoyQuery(r)}`, headers },
    res: { statusCode: pick(r, [200, 302, 500]), bytes: Math.floor(r() * 1e6) },
    responseTime: Number(duration(r)),
    order_id: Number(orderId(r)),
    build: version(r),
  };
  return JSON.stringify(line);
}

function app(r: Random, t: number, plant: Planted[]): string {
  const stamp = new Date(t).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  const tail = plant
    .map((p) =>
      p.kind === 'msisdn'
        ? pick(r, [
            `contact phone=${p.written}`,
            `sms to ${p.written} failed after 3 retries`,
            `callback number: ${p.written}`,
          ])
        : p.kind === 'imsi'
          ? `imsi=${p.written}`
          : p.kind === 'imei'
            ? `device imei ${p.written}`
            : `subscriber token x_uidh=${p.written}`,
    )
    .join(' ');
  return `${stamp} ${pick(r, ['INFO', 'WARN', 'DEBUG'])} [checkout-${Math.floor(r() * 8)}] order ${orderId(r)} total=£${price(r)} took ${Math.floor(r() * 900)}ms build ${version(r)} ${tail}`.trimEnd();
}

function unseen(r: Random, t: number, plant: Planted[]): string {
  const fields = [
    `ts=${Math.floor(t / 1000)}`,
    `evt=${pick(r, ['auth', 'view', 'buy'])}`,
    `sess=${uuid(r).slice(0, 13)}`,
    `v=${version(r)}`,
    `lat=${duration(r)}`,
    `port=${1024 + Math.floor(r() * 60000)}`,
  ];
  for (const p of plant) {
    fields.push(
      p.kind === 'msisdn'
        ? `<caller>${p.written}</caller>`
        : p.kind === 'imei'
          ? `dev:${p.written}`
          : p.kind === 'imsi'
            ? `sub ${p.written}`
            : `HTTP_X_UIDH=${p.written}`,
    );
  }
  return fields.join('|');
}

const WRITERS: Record<CorpusFormat, (r: Random, t: number, plant: Planted[], decoyRate?: number) => string> =
  {
    nginx,
    apache,
    json,
    app,
    unseen,
  };

function plantFor(r: Random, format: CorpusFormat): Planted[] {
  const out: Planted[] = [];
  const roll = r();
  // Header values are compact in nginx/JSON (that is what carriers send); people-written forms elsewhere.
  const number =
    format === 'nginx' || format === 'json' || format === 'unseen'
      ? r() < 0.8
        ? dramaCompact(r)
        : exampleNumber(r)
      : r() < 0.8
        ? dramaMsisdn(r)
        : exampleNumber(r);
  if (roll < 0.55) out.push(number);
  else if (roll < 0.7) out.push(imsi(r));
  else if (roll < 0.85) out.push(imei(r));
  else out.push({ kind: 'tracking-id', value: '', written: trackingToken(r) });
  if (r() < 0.2 && out[0]?.kind !== 'msisdn') out.unshift(number);
  return out.map((p) => (p.kind === 'tracking-id' ? { ...p, value: p.written } : p));
}

/** A labelled log corpus: realistic lines in several formats with identifiers planted at known lines. */
export function generateCorpus(options: CorpusOptions): Corpus {
  const r = createRandom(options.seed);
  const formats = options.formats ?? CORPUS_FORMATS;
  const rate = options.plantRate ?? 0.3;
  const lines: string[] = [];
  const expected: ExpectedFinding[] = [];
  let t = START;
  for (let i = 0; i < options.lines; i++) {
    t += Math.floor(r() * 4000);
    const format = formats[i % formats.length] as CorpusFormat;
    const planted = r() < rate ? plantFor(r, format) : [];
    const line: Line = { text: WRITERS[format](r, t, planted, options.decoyRate), planted };
    lines.push(line.text);
    for (const p of line.planted) expected.push({ line: i + 1, kind: p.kind, value: p.value });
  }
  return { text: `${lines.join('\n')}\n`, expected };
}
