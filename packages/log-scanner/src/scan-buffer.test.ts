import { describe, expect, it } from 'vitest';
import { createCandidateValidator } from './candidate-validator.js';
import { createBufferScanner, type ScanHit } from './scan-buffer.js';
import { scanText } from './scan-text.js';

const found = (text: string) => scanText(text).map((f) => `${f.kind}:${f.value}`);

describe('the byte scanner', () => {
  it.each([
    ['447700900123', 'bare international digits (the header form)'],
    ['+447700900123', 'E.164'],
    ['07700900123', 'national, trunk 0'],
    ['00447700900123', '00 international prefix'],
    ['tel:+44-7700-900123', 'a tel: URI'],
    ['+44 7700 900123', 'spaced international'],
    ['+44 (0)7700 900123', 'with the bracketed trunk 0'],
    ['07700 900123', 'spaced national'],
    ['+44 7700 900 123', 'short groups after a +'],
    ['%2B447700900123', 'URL-encoded +'],
  ])('finds %s (%s)', (written) => {
    expect(found(`GET /x?a=1 "${written}" 200`)).toEqual(['msisdn:+447700900123']);
  });

  it.each([
    ['10.200.30.40 and 192.168.100.200', 'IP addresses'],
    ['[10/Jan/2012:13:55:36 +0000] 2012-01-10T13:55:36.123Z', 'timestamps'],
    ['ts=1326203736 ms=1326203736123', 'epoch times'],
    ['took 0.07700900123s dur=123456789ms', 'durations'],
    ['order_id=447700900123 "orderId":447400123456 /orders/447700900555', 'order numbers under their keys'],
    ['price 1234567.89 total=£12345678.90', 'prices'],
    ['id=550e8400-e29b-41d4-a716-447700900123', 'a UUID fragment'],
    ['Chrome/83.0.4103.106 v2.14.100 build 447700900.1', 'version strings'],
    ['ref=33612345678 sku=SKU-447700900123 abc447700900123', 'foreign bare digits and glued tokens'],
    ['support 0808 157 0123', 'a toll-free line outside any identity field'],
  ])('reports nothing in %s (%s)', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reads the owning key: catalogue headers, nginx variables, JSON keys, escaped JSON', () => {
    const lines = [
      'x-msisdn: 447700900001',
      'http_x_up_calling_line_id=447700900002',
      '$http_x_nokia_msisdn="447700900003"',
      '{"headers":{"X-MSISDN":"447700900004"}}',
      '{"msg":"{\\"x-msisdn\\":\\"447700900005\\"}"}',
      "'msisdn' => '33612345678'",
    ];
    const hits = scanText(lines.join('\n'));
    expect(hits.map((h) => [h.lineNumber, h.field, h.value])).toEqual([
      [1, 'x-msisdn', '+447700900001'],
      [2, 'x-up-calling-line-id', '+447700900002'],
      [3, 'x-nokia-msisdn', '+447700900003'],
      [4, 'x-msisdn', '+447700900004'],
      [5, 'x-msisdn', '+447700900005'],
      [6, 'msisdn', '+33612345678'],
    ]);
  });

  it('finds IMSIs (assigned MCC), IMEIs (Luhn) and tracking ids by their headers', () => {
    const text =
      'x-imsi: 310150123456789 imei=356938035643809 imei=356938035643808 X-UIDH: OTgxNTk2NDk0ADJVquRu5NS5+rSbBANlrp+13QL7CXLGsFHpMi4LsUHw x_acr=abcdef123456';
    expect(found(text)).toEqual([
      'imsi:310150123456789',
      'imei:356938035643809',
      'tracking-id:OTgxNTk2NDk0ADJVquRu5NS5+rSbBANlrp+13QL7CXLGsFHpMi4LsUHw',
      'tracking-id:abcdef123456',
    ]);
  });

  it('counts lines and gives each hit its line start', () => {
    const text = 'a\nb 447700900123\n\nc +447700900124\n';
    const hits = scanText(text);
    expect(hits.map((h) => [h.lineNumber, h.lineStart])).toEqual([
      [2, 2],
      [4, 18],
    ]);
  });

  it('finds the same spans wherever a region starts (the stride never changes the answer)', () => {
    const text = Buffer.from(
      'xx +44 7700 900 123 ;; 07700 900124, 447700900125 tel:+44-7700-900126 07700-900127\n'.repeat(3),
    );
    const scan = createBufferScanner(createCandidateValidator({ country: 'GB' }));
    const spans = (from: number): string[] => {
      const out: string[] = [];
      scan(Buffer.concat([Buffer.alloc(from, 0x20), text]), from, from + text.length, (h: ScanHit) =>
        out.push(`${h.start - from}-${h.end - from}:${h.value}`),
      );
      return out;
    };
    const reference = spans(0);
    expect(reference).toHaveLength(15);
    for (let shift = 1; shift < 8; shift++) expect(spans(shift)).toEqual(reference);
  });

  it('finds national numbers written in short groups only when thorough (stride 1)', () => {
    const text = 'call 0770 090 0123 or 0770 0900 124 today';
    expect(scanText(text).map((h) => h.value)).toEqual([]);
    expect(scanText(text, { thorough: true }).map((h) => h.value)).toEqual([
      '+447700900123',
      '+447700900124',
    ]);
    expect(scanText('10.0.0.1 [10/Jan/2012:13:55:36 +0000] 200 1534 v2.14.100', { thorough: true })).toEqual(
      [],
    );
  });

  it('does not mind invalid UTF-8 around a number', () => {
    const buf = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x20]),
      Buffer.from('447700900123 '),
      Buffer.from([0xc3, 0x28]),
    ]);
    expect(scanText(buf).map((h) => h.value)).toEqual(['+447700900123']);
  });
});
