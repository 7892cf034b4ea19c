import type { DropReason } from './session-metrics.js';

const ACCOUNTING_REQUEST = 4;
const HEADER_LENGTH = 20;
const MAX_LENGTH = 4096;
const VENDOR_SPECIFIC = 26;

/**
 * Checks a datagram's framing before any codec sees it (RFC 2866 §3, RFC 2865 §5): the codec
 * trusts lengths, slicing past an overrunning attribute without complaint. Returns why the
 * datagram must be dropped, or `undefined` when its Length field and every attribute (and
 * every vendor sub-attribute) fit exactly. Octets after Length are padding and ignored.
 */
export function checkAccountingPacket(datagram: Buffer): DropReason | undefined {
  if (datagram.length < HEADER_LENGTH) return 'truncated';
  if (datagram[0] !== ACCOUNTING_REQUEST) return 'not-accounting-request';
  const length = datagram.readUInt16BE(2);
  if (length < HEADER_LENGTH || length > MAX_LENGTH) return 'bad-length';
  if (length > datagram.length) return 'truncated';
  let offset = HEADER_LENGTH;
  while (offset < length) {
    if (offset + 2 > length) return 'attribute-overrun';
    const type = datagram[offset] ?? 0;
    const attributeLength = datagram[offset + 1] ?? 0;
    if (attributeLength < 2 || offset + attributeLength > length) return 'attribute-overrun';
    if (type === VENDOR_SPECIFIC && !vendorAttributesFit(datagram, offset + 2, offset + attributeLength)) {
      return 'attribute-overrun';
    }
    offset += attributeLength;
  }
  return undefined;
}

/** A Vendor-Specific value: 4-octet vendor id, then type/length/value sub-attributes (RFC 2865 §5.26). */
function vendorAttributesFit(datagram: Buffer, start: number, end: number): boolean {
  if (end - start < 4 || datagram[start] !== 0) return false;
  let offset = start + 4;
  while (offset < end) {
    if (offset + 2 > end) return false;
    const subLength = datagram[offset + 1] ?? 0;
    if (subLength < 2 || offset + subLength > end) return false;
    offset += subLength;
  }
  return true;
}
