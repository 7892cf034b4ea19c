import { hash } from 'node:crypto';

const AUTHENTICATOR_START = 4;
const AUTHENTICATOR_END = 20;
const PROXY_STATE = 33;

/**
 * RFC 2866 §3: the Request Authenticator is MD5(Code + Identifier + Length + 16 zero octets +
 * Attributes + Secret). Compared in constant time (all 16 octets, no early exit). The digest is
 * taken as a 'binary' (latin1) string, one octet per character: no Buffer to allocate and free per packet. `request` must already have passed
 * `checkAccountingPacket` (its Length is trusted here).
 */
export function verifyRequestAuthenticator(request: Buffer, secret: Buffer): boolean {
  const length = request.readUInt16BE(2);
  // One contiguous copy hashed in one call: faster than streaming four slices through a Hash.
  const input = Buffer.allocUnsafe(length + secret.length);
  request.copy(input, 0, 0, length);
  input.fill(0, AUTHENTICATOR_START, AUTHENTICATOR_END);
  secret.copy(input, length);
  const expected = hash('md5', input, 'binary');
  let difference = 0;
  for (let i = 0; i < 16; i++) {
    difference |= expected.charCodeAt(i) ^ (request[AUTHENTICATOR_START + i] ?? 0);
  }
  return difference === 0;
}

/**
 * The Accounting-Response to a verified request (RFC 2866 §3/§4.2): same Identifier, the
 * request's Proxy-State attributes copied in order (RFC 2865 §5.33), and Response Authenticator
 * MD5(Code + Identifier + Length + Request Authenticator + Attributes + Secret).
 */
export function signAccountingResponse(request: Buffer, secret: Buffer): Buffer {
  const length = request.readUInt16BE(2);
  let responseLength = AUTHENTICATOR_END;
  for (let offset = AUTHENTICATOR_END; offset < length; offset += request[offset + 1] ?? length) {
    if (request[offset] === PROXY_STATE) responseLength += request[offset + 1] ?? 0;
  }
  const input = Buffer.allocUnsafe(responseLength + secret.length);
  input[0] = 5; // Accounting-Response
  input[1] = request[1] ?? 0;
  input.writeUInt16BE(responseLength, 2);
  request.copy(input, AUTHENTICATOR_START, AUTHENTICATOR_START, AUTHENTICATOR_END);
  let out = AUTHENTICATOR_END;
  for (let offset = AUTHENTICATOR_END; offset < length; offset += request[offset + 1] ?? length) {
    if (request[offset] === PROXY_STATE)
      out += request.copy(input, out, offset, offset + (request[offset + 1] ?? 0));
  }
  secret.copy(input, responseLength);
  const response = input.subarray(0, responseLength);
  response.write(hash('md5', input, 'binary'), AUTHENTICATOR_START, 'latin1');
  return response;
}

/**
 * Is `response` the signed Accounting-Response to `request` (RFC 2866 §3: Response
 * Authenticator = MD5(Code + Identifier + Length + Request Authenticator + Attributes + Secret))?
 * For a client of a RADIUS server, e.g. the leak canary. Constant-time over all 16 octets.
 */
export function verifyResponseAuthenticator(response: Buffer, request: Buffer, secret: Buffer): boolean {
  if (response.length < AUTHENTICATOR_END || response[0] !== 5 || response[1] !== request[1]) return false;
  const length = response.readUInt16BE(2);
  if (length < AUTHENTICATOR_END || length > response.length) return false;
  const input = Buffer.allocUnsafe(length + secret.length);
  response.copy(input, 0, 0, length);
  request.copy(input, AUTHENTICATOR_START, AUTHENTICATOR_START, AUTHENTICATOR_END);
  secret.copy(input, length);
  const expected = hash('md5', input, 'binary');
  let difference = 0;
  for (let i = 0; i < 16; i++) {
    difference |= expected.charCodeAt(i) ^ (response[AUTHENTICATOR_START + i] ?? 0);
  }
  return difference === 0;
}
